"""The calendars routes' own schemas: what a networker sends to add a calendar and sees of each."""

from __future__ import annotations

from datetime import datetime

from pydantic import ConfigDict, Field

from rapport.domain.calendar_sources import CalendarSource, problem_words
from rapport.domain.locale import Locale
from rapport.domain.model import Model


class CalendarAdd(Model):
    model_config = ConfigDict(extra="forbid")

    url: str = Field(
        min_length=1,
        max_length=4000,
        description=(
            "The calendar's secret address in iCalendar format (Google: “Secret address in iCal format”; Outlook:"
            " a published calendar's ICS link; iCloud: a public calendar's link): https:// or webcal://."
        ),
    )


class CalendarError(Model):
    code: str = Field(description="Why it could not be read: not_found, forbidden, timeout, broken...")
    message: str = Field(description="What to do about it, in your language.")
    since: datetime = Field(description="When it first failed (it is tried again every hour).")


class Calendar(Model):
    calendar_id: str
    address: str = Field(description="The address, masked: its secret is never shown again.")
    name: str | None = Field(description="The calendar's own name, once read.")
    added_at: datetime
    synced_at: datetime | None = Field(description="Last read and found changed; null before its first read.")
    events_seen: int = Field(description="Occurrences read in the window (30 days back, 30 ahead).")
    touches_logged: int = Field(description="Touches logged from it so far.")
    error: CalendarError | None = Field(description="Why its last read failed; null when it went well.")

    @classmethod
    def of(cls, source: CalendarSource, locale: Locale) -> Calendar:
        error = None
        if source.error_code is not None:
            since = source.error_since or source.synced_at or source.added_at
            error = CalendarError(code=source.error_code, message=problem_words(source.error_code, locale), since=since)
        return cls(
            calendar_id=source.calendar_id,
            address=source.url_masked,
            name=source.name,
            added_at=source.added_at,
            synced_at=source.synced_at,
            events_seen=source.events_seen,
            touches_logged=source.touches_logged,
            error=error,
        )


class CalendarList(Model):
    calendars: list[Calendar]
