"""The networker's profile: who they are, where and when they want to hear from Rapport."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, ConfigDict, Field, StringConstraints, field_validator

from rapport.domain.fields import Email, Name, PhoneText, TimeZone, unique
from rapport.domain.goals import Weekday, WeeklyGoals
from rapport.domain.greetings import DEFAULT_SEASONS, SeasonSetting
from rapport.domain.inbound import inbound_address
from rapport.domain.locale import Locale
from rapport.domain.model import Model
from rapport.domain.patch import Patch, not_null

DigestTime = Annotated[str, StringConstraints(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")]


def _known_region(value: str) -> str:
    import phonenumbers  # imported on use (see domain/fields.py)

    if value not in phonenumbers.SUPPORTED_REGIONS:
        raise ValueError("is not an ISO 3166 country code with phone numbers, like FR, GB (not UK) or US")
    return value


Region = Annotated[
    str,
    StringConstraints(strip_whitespace=True, to_upper=True, pattern=r"^[A-Za-z]{2}$"),
    AfterValidator(_known_region),
]


class Channels(Model):
    model_config = ConfigDict(extra="forbid")

    email: bool = True
    sms: bool = False


class ProfileEmail(Model):
    address: str
    verified: bool


class _ProfileFields(Model):
    networker_id: str
    name: str
    emails: list[ProfileEmail]
    phone: str | None = Field(default=None, description="Verified (PUT /me/phone, then POST /me/phone/verify), E.164.")
    sms_stopped: bool = Field(default=False, description="The networker texted STOP: no SMS until START.")
    region: str | None = Field(
        default=None,
        description="ISO 3166 country code (FR, GB, US...): a phone number written without +country is read there.",
    )
    timezone: str = "UTC"
    locale: Locale = Locale.EN
    digest_time: str = "08:00"
    channels: Channels = Channels()
    weekly_goals: WeeklyGoals = Field(
        default_factory=WeeklyGoals, description="What you aim for each week; the weekly review checks it."
    )
    review_day: Weekday = Field(default=Weekday.FRIDAY, description="The day of the weekly review (by email).")
    review_time: str = "17:00"
    greetings: list[SeasonSetting] = Field(
        default_factory=lambda: list(DEFAULT_SEASONS),
        description="The greetings seasons you keep, and whom you greet in each: a campaign opens with each season.",
    )
    created_at: datetime
    updated_at: datetime
    version: int = 1

    @property
    def sign_in_email(self) -> str | None:
        return self.emails[0].address if self.emails else None

    def addresses(self, *, verified: bool) -> set[str]:
        return {e.address for e in self.emails if e.verified is verified}


class Profile(_ProfileFields):
    """As stored: with the secret token of the inbound address."""

    inbound_token: str | None = None


class PhoneRequest(Model):
    model_config = ConfigDict(extra="forbid")

    phone: PhoneText = Field(description="Your mobile number; without +country it is read in your region.")


class PhoneCode(Model):
    """A 6-digit code texted to a number the networker wants to use: typing it back proves it is theirs."""

    code_id: str  # this code among the codes sent to the networker: each is texted once
    phone: str
    code: str
    requested_at: datetime
    expires_at: datetime


class PhoneVerify(Model):
    model_config = ConfigDict(extra="forbid")

    code: Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^\d{6}$")] = Field(
        description="The 6 digits texted to the number."
    )


class PhoneCodeSent(Model):
    phone: str
    expires_at: datetime


class Confirmation(Model):
    """A link sent to one of the networker's addresses: opening it proves the address is theirs."""

    token: str
    address: str
    expires_at: datetime


class ProfileView(_ProfileFields):
    """As the networker sees it."""

    inbound_address: str | None = Field(
        description="Forward or BCC email to this address to log it as a touch; secret: rotate it if it leaks."
    )

    @classmethod
    def of(cls, profile: Profile, inbound_domain: str) -> ProfileView:
        address = inbound_address(profile.inbound_token, inbound_domain) if profile.inbound_token else None
        return cls(**profile.model_dump(exclude={"inbound_token"}), inbound_address=address)


class ProfilePatch(Patch):
    _not_null = field_validator("name", "emails", "timezone", "locale", "digest_time", "channels")(not_null)

    name: Name | None = None
    emails: list[Email] | None = Field(
        default=None, max_length=10, description="All your addresses; the sign-in one is always kept."
    )
    region: Region | None = Field(
        default=None,
        description="ISO 3166 alpha-2 country code (FR, GB, US...) where numbers without +country are read; "
        "null for none.",
    )
    timezone: TimeZone | None = Field(
        default=None, description="IANA time zone: follow-up dates, the digest and the review move with it."
    )
    locale: Locale | None = None
    digest_time: DigestTime | None = Field(default=None, description="Local time of the daily digest, HH:MM.")
    channels: Channels | None = None
    _not_cleared = field_validator("weekly_goals", "review_day", "review_time")(not_null)
    weekly_goals: WeeklyGoals | None = Field(
        default=None, description="The whole set: a goal left out is not tracked ({} tracks none)."
    )
    review_day: Weekday | None = None
    review_time: DigestTime | None = Field(default=None, description="Local time of the weekly review, HH:MM.")
    greetings: list[SeasonSetting] | None = Field(
        default=None, max_length=3, description="Each season at most once; [] for none."
    )

    @field_validator("emails")
    @classmethod
    def _no_repeats(cls, values: list[str] | None) -> list[str] | None:
        return None if values is None else unique(values)

    @field_validator("greetings")
    @classmethod
    def _one_setting_a_season(cls, values: list[SeasonSetting] | None) -> list[SeasonSetting]:
        if values is None:
            raise ValueError("cannot be null")
        if len({v.season for v in values}) < len(values):
            raise ValueError("names a season more than once")
        return values
