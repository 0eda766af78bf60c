"""Field types shared by the models: trimmed text of bounded length, addresses, phones, time zones, dates."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, StringConstraints

from rapport.domain.errors import InvalidInput

T = TypeVar("T")

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


# Where a national number from abroad most likely comes from, for Rapport's networkers (French and
# English speakers): tried in this order when a number is no number in the networker's region.
LIKELY_REGIONS = ("GB", "US", "DE", "FR", "BE", "CH", "ES", "IT", "NL", "IE", "LU", "PT", "AT", "CA", "AU")


def normalise_phone(text: str, region: str | None, field: str) -> str:
    """E.164 with phonenumbers; a number without +country uses the networker's region. A national number
    from elsewhere is refused with the international form to use (`foreign_readings`)."""
    import phonenumbers  # imported on use: it is the heaviest import and most requests need no phone

    try:
        number = phonenumbers.parse(text, region, keep_raw_input=True)
    except phonenumbers.NumberParseException:
        number = None
    if number is not None and phonenumbers.is_valid_number(number):
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    national = number is None or number.country_code_source == phonenumbers.CountryCodeSource.FROM_DEFAULT_COUNTRY
    readings = foreign_readings(text, region) if national else []
    if readings:
        forms = " or ".join(f"{form} ({country})" for country, form in readings)
        if region:
            reason = f"{text!r} is no number in {region}. This looks like a number from abroad: write it {forms}"
        else:
            reason = f"{text!r} has no country code and your profile no region: write it {forms}, or set a region"
        raise InvalidInput(reason, field)
    if number is None:
        hint = "" if region else " (add the country code, like +33, or set a region on your profile)"
        raise InvalidInput(f"{text!r} is not a phone number{hint}", field)
    raise InvalidInput(f"{text!r} is not a valid phone number", field)


def foreign_readings(text: str, region: str | None) -> list[tuple[str, str]]:
    """(country, international form) of a national number read in the likely regions other than the
    networker's: mobiles only when there are any (a national number is ambiguous: "0151 23456789" is a
    German mobile and a Viennese landline), at most three."""
    import phonenumbers
    from phonenumbers.geocoder import country_name_for_number

    mobile = {phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE}
    found: dict[str, tuple[bool, str, str]] = {}  # E.164 -> (is a mobile, country, international form)
    for other in LIKELY_REGIONS:
        try:
            number = phonenumbers.parse(text, other)
        except phonenumbers.NumberParseException:
            continue
        if other != region and phonenumbers.is_valid_number(number):
            e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
            international = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
            is_mobile = phonenumbers.number_type(number) in mobile
            found.setdefault(e164, (is_mobile, country_name_for_number(number, "en"), international))
    readings = list(found.values())
    if any(is_mobile for is_mobile, _, _ in readings):
        readings = [r for r in readings if r[0]]
    return [(country, international) for _, country, international in readings[:3]]


def unique(values: list[T]) -> list[T]:
    """Drop repeats, keeping the first occurrence's order."""
    return list(dict.fromkeys(values))
