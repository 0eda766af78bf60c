"""Examples of the calendars routes (see `examples`): Léa's work calendar, read an hour ago."""

from __future__ import annotations

from examples import NOW, an_id, example

__all__ = ["CALENDAR", "CALENDARS", "CALENDAR_ADD", "CALENDAR_ADDED", "an_id"]

CALENDAR = "01a1f84a95c0c41e0a0f0b3c7de5a912"
CALENDAR_ADD = example(
    "google",
    "Google Calendar's secret address in iCal format",
    {"url": "https://calendar.google.com/calendar/ical/lea%40fontaine-conseil.fr/private-3f9a0c1d/basic.ics"},
)
_ADDED = {
    "calendar_id": CALENDAR,
    "address": "calendar.google.com/…/basic.ics",
    "name": None,
    "added_at": NOW,
    "synced_at": None,
    "events_seen": 0,
    "touches_logged": 0,
    "error": None,
}
CALENDAR_ADDED = example("added", "Added: its first read comes at once", _ADDED)
_READ = _ADDED | {"name": "Léa (travail)", "synced_at": NOW, "events_seen": 42, "touches_logged": 7}
_FAILING = {
    "calendar_id": "01a1f84a95c0d21b6c2e4f0a9b8c7d6e",
    "address": "outlook.office365.com/…/calendar.ics",
    "name": "Perso",
    "added_at": "2026-10-02T18:04:00Z",
    "synced_at": "2026-11-17T08:00:00Z",
    "events_seen": 12,
    "touches_logged": 3,
    "error": {
        "code": "not_found",
        "message": (
            "L’adresse de l’agenda répond «\u202fintrouvable\u202f»\u202f: elle a sans doute été réinitialisée."
            " Copiez la nouvelle adresse secrète depuis votre application d’agenda."
        ),
        "since": "2026-11-17T09:00:00Z",
    },
}
CALENDARS = example("two", "A calendar read, another whose address was reset", {"calendars": [_READ, _FAILING]})
