"""A Google calendar is named by its owner's address (X-WR-CALNAME:lea.personal@gmail.com): that address is
the networker's own even when their profile has another one (they signed up with their work address). So it
is never suggested as a stranger at their own events, and an event they declined there did not happen."""

from __future__ import annotations

from datetime import timedelta

from tests.integration.test_calendar_sync import COFFEE_START, event, server, world  # noqa: F401

GMAIL = "lea.personal@gmail.com"


def google_calendar(*events: str) -> bytes:
    head = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Google Inc//Google Calendar 70.9054//EN"]
    head += [f"X-WR-CALNAME:{GMAIL}", "X-WR-TIMEZONE:UTC"]
    return ("\r\n".join([*head, *events, "END:VCALENDAR"]) + "\r\n").encode()


def test_the_owner_of_a_google_calendar_is_the_networker(world):  # noqa: F811
    coffee = event("coffee-1", COFFEE_START, attendees=("claire@example.com", GMAIL.upper())).replace(
        "ORGANIZER:mailto:me@example.com", f"ORGANIZER:mailto:{GMAIL}"
    )
    declined = event("lunch-1", COFFEE_START - timedelta(days=1), summary="Lunch", attendees=("claire@example.com",))
    declined = declined.replace("END:VEVENT", "") + f"ATTENDEE;PARTSTAT=DECLINED:mailto:{GMAIL}\r\nEND:VEVENT"
    world.add(body=google_calendar(coffee, declined))
    world.sync()
    assert world.api.get("/inbound/suggestions").body["items"] == []
    assert [t["summary"] for t in world.touches()] == ["Coffee with Claire"]
