"""A stranger at a coffee is counted once for it, however many of the networker's calendars hold the coffee:
the same event in a shared calendar too, or a calendar removed and added again (its touches stayed)."""

from __future__ import annotations

from datetime import timedelta

from tests.integration.conftest import NOW
from tests.integration.test_calendar_sync import COFFEE_START, calendar, event, server, world  # noqa: F401

COFFEE = calendar(event("coffee-1", COFFEE_START, attendees=("claire@example.com", "sam@example.com")))


def seen(world) -> list[tuple[str, int]]:  # noqa: F811
    return [(s["email"], s["seen"]) for s in world.api.get("/inbound/suggestions").body["items"]]


def test_the_same_coffee_in_two_calendars_counts_its_stranger_once(world):  # noqa: F811
    world.add("/perso.ics", COFFEE)
    world.add("/shared.ics", COFFEE)
    world.sync()
    assert len(world.touches()) == 1
    assert seen(world) == [("sam@example.com", 1)]


def test_a_calendar_removed_and_added_again_counts_its_strangers_once(world):  # noqa: F811
    first = world.add("/perso.ics", COFFEE)
    world.sync()
    assert world.api.delete(f"/me/calendars/{first}").status == 204
    world.add("/perso.ics?new-secret", COFFEE)
    world.sync(NOW + timedelta(hours=1))
    assert len(world.touches()) == 1
    assert seen(world) == [("sam@example.com", 1)]
