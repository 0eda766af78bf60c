"""The networker's own Rapport address invited to their events (how a calendar app forwards an invitation:
a guest added) is theirs, not a stranger's: never suggested as a contact from the calendar."""

from __future__ import annotations

from tests.integration.test_calendar_sync import COFFEE_START, calendar, event, server, world  # noqa: F401


def test_the_networkers_inbound_address_at_their_coffee_is_not_suggested(world):  # noqa: F811
    inbound = world.api.get("/me").body["inbound_address"]
    guests = ("claire@example.com", inbound.upper(), "sam@example.com")
    world.add(body=calendar(event("coffee-1", COFFEE_START, attendees=guests)))
    world.sync()
    assert [s["email"] for s in world.api.get("/inbound/suggestions").body["items"]] == ["sam@example.com"]
    assert [t["source"] for t in world.touches()] == ["calendar"]
