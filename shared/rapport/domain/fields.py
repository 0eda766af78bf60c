"""Field types shared by the models: trimmed text of bounded length, addresses, phones, time zones, dates."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, StringConstraints

from rapport.domain.errors import InvalidInput

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=10_000)]
Label = Annotated[str, StringConstraints(strip_whitespace=True, to_lower=True, min_length=1, max_length=60)]
PhoneText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=40)]

# Deliberately plain: one @, no spaces, a dot in the domain. Deliverability is the mail server's job.
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s.]{2,}$")


def normalise_email(value: str) -> str:
    address = value.strip().lower()
    if len(address) > 254 or not _EMAIL.match(address):
        raise ValueError("is not an email address like name@example.com")
    return address


def check_timezone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError("is not an IANA time zone like Europe/Paris") from None
    return value


# A member's public profile, on any of LinkedIn's country hosts, with or without tracking parameters.
_LINKEDIN = re.compile(r"^(?:https?://)?(?:[a-z]{2,3}\.)?linkedin\.com/in/([^/?#\s]+)/?(?:[?#]\S*)?$", re.IGNORECASE)


def normalise_linkedin(value: str) -> str:
    """One spelling per profile, so that the same person is recognised whichever link was pasted."""
    match = _LINKEDIN.match(value.strip())
    if not match:
        raise ValueError("is not a LinkedIn profile URL like https://www.linkedin.com/in/name")
    return f"https://www.linkedin.com/in/{match[1].lower()}"


# Dates a person gives: nothing before 1900 (no networker's touch or meeting), nothing from 2100 on. Also keeps
# every date far from the ends of Python's calendar, where moving a time to UTC overflows.
EARLIEST_YEAR, LATEST_YEAR = 1900, 2099


def plausible_date(value: date) -> date:  # a datetime is a date too
    if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise ValueError(f"must be between the years {EARLIEST_YEAR} and {LATEST_YEAR}")
    return value


Email = Annotated[str, StringConstraints(max_length=254), AfterValidator(normalise_email)]
LinkedInUrl = Annotated[str, StringConstraints(max_length=300), AfterValidator(normalise_linkedin)]
TimeZone = Annotated[str, StringConstraints(max_length=64), AfterValidator(check_timezone)]
Moment = Annotated[datetime, AfterValidator(plausible_date)]
Day = Annotated[date, AfterValidator(plausible_date)]


def normalise_phone(text: str, region: str | None, field: str) -> str:
    """E.164 with phonenumbers; a number without +country uses the networker's region."""
    import phonenumbers  # imported on use: it is the heaviest import and most requests need no phone

    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        hint = "" if region else " (add the country code, like +33, or set a region on your profile)"
        raise InvalidInput(f"{text!r} is not a phone number{hint}", field) from None
    if not phonenumbers.is_valid_number(number):
        raise InvalidInput(f"{text!r} is not a valid phone number", field)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def unique(values: list[str]) -> list[str]:
    """Drop repeats, keeping the first occurrence's order."""
    return list(dict.fromkeys(values))
