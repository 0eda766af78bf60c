"""How long reading a large calendar takes, and its peak memory (`domain.calendar_events.read_calendar`).

Run by hand (not in `make bench`): `.venv/bin/python -m infra.bench.calendar_reading [events] [--weekly=0.8]`.
`calendar_bytes` makes the calendar, for other figures too: `events` events in five zones (one an
Outlook-style Windows zone name), by default four in five weekly series (a third ended, half with an
EXDATE, a third with one occurrence moved by an override, some of those cancelled), the others single
meetings over two years, each with three attendees.
"""

from __future__ import annotations

import random
import sys
import time
import tracemalloc
from datetime import UTC, datetime, timedelta

from rapport.domain.calendar_events import read_calendar

ZONES = ["Europe/Paris", "America/New_York", "Asia/Tokyo", "W. Europe Standard Time", "Europe/London"]
WINDOW = timedelta(days=30)


def calendar_bytes(events: int, now: datetime, *, weekly: float = 0.8, seed: int = 17) -> bytes:
    """An iCalendar file of `events` events around `now`, a share `weekly` of them weekly series begun
    over the three years to `now` (a third of those ended 90 days ago unless all are weekly)."""
    pick = random.Random(seed)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Rapport//bench//EN", "X-WR-CALNAME:Bench"]
    for number in range(events):
        zone = ZONES[number % len(ZONES)]
        repeats = (number % 100) < weekly * 100
        days_back = pick.randrange(0, 3 * 365) if repeats else pick.randrange(-60, 2 * 365)
        start = (now - timedelta(days=days_back)).replace(hour=pick.randrange(8, 18), minute=0, second=0)
        stamp = start.strftime("%Y%m%dT%H%M%S")
        event = [
            "BEGIN:VEVENT",
            f"UID:bench-{number}@rapport.example",
            "DTSTAMP:20260101T000000Z",
            f"DTSTART;TZID={zone}:{stamp}",
            f"DTEND;TZID={zone}:{(start + timedelta(hours=1)).strftime('%Y%m%dT%H%M%S')}",
            f"SUMMARY:Meeting {number}",
            "ORGANIZER;CN=Me:mailto:me@rapport.example",
            *(f"ATTENDEE;CN=Guest {g};PARTSTAT=ACCEPTED:mailto:guest{g}-{number}@example.com" for g in range(3)),
        ]
        overrides = []
        if repeats:
            ended = weekly < 1 and number % 3 == 0
            until = f";UNTIL={(now - timedelta(days=90)).strftime('%Y%m%dT%H%M%SZ')}" if ended else ""
            event.append(f"RRULE:FREQ=WEEKLY{until}")
            week = (days_back // 7) * 7  # an occurrence near now
            near = start + timedelta(days=week)
            if number % 2 == 0:
                event.append(f"EXDATE;TZID={zone}:{(near - timedelta(days=7)).strftime('%Y%m%dT%H%M%S')}")
            if number % 3 == 1:
                moved = near + timedelta(days=1, hours=2)
                overrides.append(
                    [
                        "BEGIN:VEVENT",
                        f"UID:bench-{number}@rapport.example",
                        "DTSTAMP:20260101T000000Z",
                        f"RECURRENCE-ID;TZID={zone}:{near.strftime('%Y%m%dT%H%M%S')}",
                        f"DTSTART;TZID={zone}:{moved.strftime('%Y%m%dT%H%M%S')}",
                        f"DTEND;TZID={zone}:{(moved + timedelta(hours=1)).strftime('%Y%m%dT%H%M%S')}",
                        f"SUMMARY:Meeting {number} (moved)",
                        "STATUS:CANCELLED" if number % 7 == 1 else "STATUS:CONFIRMED",
                        "END:VEVENT",
                    ]
                )
        lines += [*event, "END:VEVENT"]
        for override in overrides:
            lines += override
    lines.append("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode()


def measure(events: int, weekly: float) -> None:
    now = datetime(2026, 12, 6, 12, tzinfo=UTC)
    data = calendar_bytes(events, now, weekly=weekly)
    tracemalloc.start()
    started = time.perf_counter()
    reading = read_calendar(data, now - WINDOW, now + WINDOW)
    took = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    started, cpu = time.perf_counter(), time.process_time()
    read_calendar(data, now - WINDOW, now + WINDOW)  # again, without tracemalloc's cost
    print(
        f"{events:,} events, {weekly:.0%} weekly ({len(data) / 1e6:.1f} MB): {reading.events_seen:,} occurrences, "
        f"{time.process_time() - cpu:.2f} s CPU, {time.perf_counter() - started:.2f} s ({took:.2f} s traced), "
        f"peak {peak / 1e6:.0f} MB traced, problems {reading.problems}"
    )


if __name__ == "__main__":
    arguments = sys.argv[1:]
    share = next((float(a.partition("=")[2]) for a in arguments if a.startswith("--weekly=")), 0.8)
    measure(int(next((a for a in arguments if a.isdigit()), "5000")), share)
