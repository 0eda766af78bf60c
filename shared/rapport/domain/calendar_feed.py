"""The calendar feed: a secret address serving the networker's follow-ups, birthdays, meetings and
introductions to follow up as an iCalendar that calendar apps subscribe to. Pure: the secret, the
address, the window of days it covers (the calendar itself is `rapport.delivery.calendar_feed`)."""

from __future__ import annotations

import secrets
from datetime import date, timedelta

PATH = "/calendar-feeds/"
SUFFIX = ".ics"  # calendar apps and browsers know the file by it
DAYS_BEFORE = 30  # what was due or planned lately stays on the calendar a month
DAYS_AFTER = 365  # and what is coming, a year ahead
MAX_EVENTS = 3000  # the nearest to today, if ever a networker has more


def new_secret() -> str:
    """256 random bits, URL-safe: the address is the only proof a calendar app can give."""
    return secrets.token_urlsafe(32)


def feed_url(api_url: str, secret: str) -> str:
    """The address to subscribe to (`api_url`: the API's, `https://...`)."""
    return f"{api_url.rstrip('/')}{PATH}{secret}{SUFFIX}"


def webcal_url(url: str) -> str:
    """The same address as `webcal://`, which opens the calendar app to subscribe."""
    return "webcal://" + url.split("://", 1)[1]


def secret_of(name: str) -> str | None:
    """The secret of the feed's file name (`<secret>.ics`), else None."""
    secret = name.removesuffix(SUFFIX)
    return secret if secret != name and secret else None


def window(today: date) -> tuple[date, date]:
    """The first and last day the feed covers."""
    return today - timedelta(days=DAYS_BEFORE), today + timedelta(days=DAYS_AFTER)
