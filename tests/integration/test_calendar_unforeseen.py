"""What nobody foresaw in one calendar's sync (its address does not open: KMS refuses, a key gone) does not
keep the networker's other calendars from being read; the sync fails afterwards, so the message comes back
(then goes to the dead letters, alarmed)."""

from __future__ import annotations

import pytest

from rapport.services import calendar_sync
from tests.integration.conftest import NOW
from tests.integration.test_calendar_sync import COFFEE_START, calendar, event, server, world  # noqa: F401


class Refusing:
    """The vault, refusing to open one calendar's address."""

    def __init__(self, vault, calendar_id: str):
        self.vault, self.calendar_id = vault, calendar_id

    def open(self, blob: str, context: dict[str, str]) -> str:
        if context["calendar_id"] == self.calendar_id:
            raise RuntimeError("InvalidCiphertextException")
        return self.vault.open(blob, context)


def test_a_calendar_whose_address_does_not_open_leaves_the_others_read(world):  # noqa: F811
    coffee = calendar(event("coffee-1", COFFEE_START))
    world.add("/perso.ics", coffee)
    world.add("/work.ics", coffee)
    first = world.store.calendars.list(world.nid)[0].calendar_id  # read first: it fails, the other is read
    profile = world.store.profiles.get(world.nid)
    with pytest.raises(RuntimeError, match="InvalidCiphertext"):
        calendar_sync.sync(world.store, Refusing(world.vault, first), world.fetcher, profile, None, NOW)
    assert [t["source"] for t in world.touches()] == ["calendar"]
