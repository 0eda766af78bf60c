"""A networker's calendars (calendar sources): added by their secret address, listed with their state, removed.

The address is in clear only here, while the request is answered: it is normalised (https, or webcal read as
https; never a private address), sealed with the calendar key, and stored with its mask and fingerprint. The
stream reaction then asks for its first sync and keeps the networker's hourly schedule (services/reactions.py).
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from rapport.domain.calendar_sources import CalendarSource, address_context
from rapport.domain.calendar_urls import CalendarUrlError, fingerprint, masked, normalise
from rapport.domain.errors import InvalidInput
from rapport.domain.ids import new_id
from rapport.domain.profile import Profile
from rapport.storage import Store


class Sealer(Protocol):
    """Seals an address under its context (`rapport.adapters.secrets.UrlVault` in production)."""

    def seal(self, url: str, context: dict[str, str]) -> str: ...


def add(
    store: Store, vault: Sealer, profile: Profile, url: str, now: datetime, *, allow_loopback_http: bool = False
) -> CalendarSource:
    """The calendar at this address, added: refused (422 on `url`) when the address is not one Rapport reads,
    when it is added already (409) or past 10 calendars (422)."""
    try:
        address = normalise(url, allow_loopback_http=allow_loopback_http)
    except CalendarUrlError as error:
        raise InvalidInput(error.reason, "url") from None
    calendar_id = new_id(now)
    source = CalendarSource(
        calendar_id=calendar_id,
        url_encrypted=vault.seal(address, address_context(profile.networker_id, calendar_id)),
        url_masked=masked(address),
        url_fingerprint=fingerprint(address),
        added_at=now,
    )
    store.calendars.add(profile.networker_id, source)
    return source


def listed(store: Store, profile: Profile) -> list[CalendarSource]:
    """The networker's calendars, in the order they were added."""
    return store.calendars.list(profile.networker_id)


def remove(store: Store, profile: Profile, calendar_id: str) -> None:
    """The calendar and what the sync remembered of it; the touches and meetings it made stay (NotFound: 404).
    A digest that was to say it fails says nothing of it any more."""
    store.calendars.remove(profile.networker_id, calendar_id)
    kept = [notice for notice in profile.calendar_notices if notice.calendar_id != calendar_id]
    if kept != profile.calendar_notices:
        store.calendars.apply([store.profiles.noting_calendars(profile.networker_id, kept)])
