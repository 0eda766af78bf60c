"""The networker's profile: who they are, where and when they want to hear from Rapport."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, ConfigDict, Field, StringConstraints, field_validator

from rapport.domain.fields import Email, Name, PhoneText, TimeZone, unique
from rapport.domain.goals import Weekday, WeeklyGoals
from rapport.domain.greetings import DEFAULT_SEASONS, SeasonSetting
from rapport.domain.locale import Locale
from rapport.domain.model import Model
from rapport.domain.patch import Patch, not_null

DigestTime = Annotated[str, StringConstraints(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")]
# The daily budget: the people a digest names at most; the others wait in Today.
DIGEST_SIZE = 5
DigestSize = Annotated[int, Field(ge=1, le=20)]


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


class CalendarNotice(Model):
    """One of the networker's calendars that has not been read for days (`services/calendar_sync.py`): said
    once, in the next digest."""

    calendar_id: str
    name: str  # the calendar's own, else its masked address
    since: datetime  # its first failure in a row
    code: str  # why (`domain.calendar_sources.PROBLEMS`)


class Profile(Model):
    """The networker's settings. Its stored shape is storage's (`rapport.storage.shapes.profile`), what the
    API shows is the API's (`functions/api/profile_schemas.py`: not the inbound token, the address; not
    the calendar feed's secret, its URL)."""

    networker_id: str
    name: str
    emails: list[ProfileEmail]
    phone: str | None = None  # verified, E.164
    sms_stopped: bool = False  # the networker texted STOP: no SMS until START
    region: str | None = None  # ISO 3166 country code: a phone number written without +country is read there
    timezone: str = "UTC"
    locale: Locale = Locale.EN
    digest_time: str = "08:00"
    digest_size: int = DIGEST_SIZE
    channels: Channels = Channels()
    weekly_goals: WeeklyGoals = Field(default_factory=WeeklyGoals)
    review_day: Weekday = Weekday.FRIDAY
    review_time: str = "17:00"
    greetings: list[SeasonSetting] = Field(default_factory=lambda: list(DEFAULT_SEASONS))
    created_at: datetime
    updated_at: datetime
    version: int = 1
    inbound_token: str | None = None  # the secret part of the inbound address
    calendar_feed_secret: str | None = None  # the secret part of the calendar feed's address
    deleting_since: datetime | None = None  # `DELETE /me` asked: gone for everyone, while its data is deleted
    # Noted by the calendar sync, said by the next digest, then cleared: the digest reads nothing more for it.
    calendar_notices: list[CalendarNotice] = Field(default_factory=list)

    @property
    def sign_in_email(self) -> str | None:
        return self.emails[0].address if self.emails else None

    def addresses(self, *, verified: bool) -> set[str]:
        return {e.address for e in self.emails if e.verified is verified}


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


class Confirmation(Model):
    """A link sent to one of the networker's addresses: opening it proves the address is theirs."""

    token: str
    address: str
    expires_at: datetime


class ProfilePatch(Patch):
    _not_null = field_validator("name", "emails", "timezone", "locale", "digest_time", "digest_size", "channels")(
        not_null
    )

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
    digest_size: DigestSize | None = Field(
        default=None, description="The people a digest names at most, 1 to 20; the others wait in Today."
    )
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
