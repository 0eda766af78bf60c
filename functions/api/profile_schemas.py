"""The profile as the API shows it, and the profile routes' own requests and answers."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from rapport.domain.calendar_feed import feed_url, webcal_url
from rapport.domain.fields import Email
from rapport.domain.goals import Weekday, WeeklyGoals
from rapport.domain.greetings import DEFAULT_SEASONS, SeasonSetting
from rapport.domain.inbound import inbound_address
from rapport.domain.model import Model
from rapport.domain.profile import DIGEST_SIZE, Channels, Locale, PhoneCode, Profile, ProfileEmail


class ProfileView(Model):
    """As the networker sees it."""

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
    digest_size: int = Field(
        default=DIGEST_SIZE, description="The people a digest names at most; the others wait in Today."
    )
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
    inbound_address: str | None = Field(
        description="Forward or BCC email to this address to log it as a touch; secret: rotate it if it leaks."
    )
    calendar_feed_url: str | None = Field(
        description="Subscribe to it in a calendar app: your follow-ups, birthdays, meetings and introductions to"
        " follow up (iCalendar, read without signing in); secret: rotate it if it leaks."
    )
    calendar_feed_webcal: str | None = Field(
        description="The same address as webcal://, which opens the calendar app to subscribe."
    )

    @classmethod
    def of(cls, profile: Profile, inbound_domain: str, api_url: str) -> ProfileView:
        token, secret = profile.inbound_token, profile.calendar_feed_secret
        feed = feed_url(api_url, secret) if secret else None
        return cls(
            networker_id=profile.networker_id,
            name=profile.name,
            emails=profile.emails,
            phone=profile.phone,
            sms_stopped=profile.sms_stopped,
            region=profile.region,
            timezone=profile.timezone,
            locale=profile.locale,
            digest_time=profile.digest_time,
            digest_size=profile.digest_size,
            channels=profile.channels,
            weekly_goals=profile.weekly_goals,
            review_day=profile.review_day,
            review_time=profile.review_time,
            greetings=profile.greetings,
            created_at=profile.created_at,
            updated_at=profile.updated_at,
            version=profile.version,
            inbound_address=inbound_address(token, inbound_domain) if token else None,
            calendar_feed_url=feed,
            calendar_feed_webcal=webcal_url(feed) if feed else None,
        )


class PhoneCodeSent(Model):
    phone: str
    expires_at: datetime

    @classmethod
    def of(cls, code: PhoneCode) -> PhoneCodeSent:
        return cls(phone=code.phone, expires_at=code.expires_at)


class ConfirmationRequest(Model):
    model_config = {"extra": "forbid"}

    email: Email = Field(description="One of your addresses not confirmed yet.")


class ConfirmationSent(Model):
    email: str
    expires_at: datetime
