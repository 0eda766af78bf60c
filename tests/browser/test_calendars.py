"""The calendars Rapport reads, from the app against the local runtime: a calendar served on 127.0.0.1 added
in the settings (the local runtime alone reads loopback http), its state once the sync has read it (its
name, the events seen, the touch logged), the touch marked "from your calendar" on the contact's timeline,
an address refused in words, a calendar that answers "not found" said so with what to do, then removed
after a confirmation; and the same on a phone in French. The first reading is the runtime's own: the
calendar added goes through the stream, the calendar sync queue and functions/sync_calendars.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from rapport import clock
from tests.browser.conftest import axe_violations, no_sideways_scroll, screenshot, sign_in
from tests.fakes.calendar_server import CalendarServer

ICS = {"Content-Type": "text/calendar; charset=utf-8"}
SYNCED = 30_000  # ms: the first reading goes through the stream, the queue and the sync function


@pytest.fixture(scope="module")
def calendars() -> Iterator[CalendarServer]:
    """Calendar files served on 127.0.0.1, as `python -m http.server` would: any other path is 404."""
    with CalendarServer() as server:
        yield server


def _ics(name: str, me: str, contact: str) -> bytes:
    """A coffee with a contact (and a stranger) that ended an hour ago, and a lunch with them tomorrow."""
    now = clock.now().replace(microsecond=0)
    at = lambda moment: moment.strftime("%Y%m%dT%H%M%SZ")  # noqa: E731
    events = [
        ("coffee@rapport.test", now - timedelta(hours=2), now - timedelta(hours=1), "Coffee with Claire"),
        ("lunch@rapport.test", now + timedelta(days=1), now + timedelta(days=1, hours=1), "Lunch with Claire"),
    ]
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Rapport tests//EN", f"X-WR-CALNAME:{name}"]
    for uid, start, end, summary in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{uid}",
            f"DTSTAMP:{at(now)}",
            f"DTSTART:{at(start)}",
            f"DTEND:{at(end)}",
            f"SUMMARY:{summary}",
            f"ORGANIZER:mailto:{me}",
            f"ATTENDEE;PARTSTAT=ACCEPTED;CN=Claire Martin:mailto:{contact}",
            "ATTENDEE;PARTSTAT=ACCEPTED;CN=Sam Stranger:mailto:sam@stranger.example",
            "END:VEVENT",
        ]
    return ("\r\n".join([*lines, "END:VCALENDAR", ""])).encode()


def _section(page: Page, heading: str):
    return page.locator("section", has=page.get_by_role("heading", name=heading, exact=True))


def test_a_calendar_added_read_marked_on_the_timeline_then_removed(laptop, local, calendars):
    email = "reads-my-calendar@example.com"
    sign_in(laptop, email)
    claire = local.api(email, "POST", "/contacts", {"name": "Claire Martin", "emails": ["claire@martin.example"]})
    calendars.serve("/work.ics", _ics("Work", email, "claire@martin.example"), headers=ICS)

    laptop.goto("/app/settings")
    section = _section(laptop, "Calendars Rapport reads")
    section.scroll_into_view_if_needed()
    expect(section.get_by_text("Rapport reads your calendar every hour")).to_be_visible()
    section.get_by_text("Where to find the secret address").click()
    expect(section.get_by_text(re.compile("^Google Calendar, on a computer: Settings → your calendar"))).to_be_visible()
    field = section.get_by_label("Your calendar’s secret address")

    field.fill("http://calendar.example.com/work.ics")  # refused before it is sent: plain http
    section.get_by_role("button", name="Add the calendar").click()
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(section.get_by_text("Only https:// and webcal:// addresses are read")).to_be_visible()

    field.fill(calendars.url("/work.ics"))
    section.get_by_role("button", name="Add the calendar").click()
    expect(section.get_by_role("status")).to_have_text(re.compile("^(Calendar added.|First reading done.)"))
    expect(field).to_have_value("")
    work = section.locator("li.calendar")
    expect(work).to_have_count(1)
    expect(work.locator("code")).to_contain_text("127.0.0.1")  # masked: never the address in full again
    expect(work.get_by_text("Work", exact=True)).to_be_visible(timeout=SYNCED)
    expect(work.get_by_text("Last change read just now")).to_be_visible()
    expect(work.get_by_text("2 events seen (30 days back and ahead)")).to_be_visible()
    expect(work.get_by_text("1 touch logged")).to_be_visible()
    expect(section.get_by_role("status")).to_have_text("First reading done.")
    work.evaluate("item => item.scrollIntoView({block: 'center'})")
    screenshot(laptop, "settings-calendars-laptop")
    assert axe_violations(laptop) == []

    field.fill(calendars.url("/work.ics"))  # the same calendar again
    section.get_by_role("button", name="Add the calendar").click()
    expect(section.get_by_text("This calendar is added already.")).to_be_visible()
    expect(field).to_have_attribute("aria-invalid", "true")

    laptop.goto(f"/app/contacts/{claire['contact_id']}")
    touch = laptop.locator(".timeline li", has_text="Coffee with Claire")
    expect(touch).to_contain_text("Meeting")
    expect(touch.locator(".badge.origin")).to_have_text("from your calendar")
    screenshot(laptop, "contact-touch-from-calendar-laptop")
    assert axe_violations(laptop) == []

    laptop.goto("/app/settings")
    section = _section(laptop, "Calendars Rapport reads")
    section.get_by_role("button", name="Remove the calendar Work").click()
    expect(section.get_by_text("Rapport stops reading it. The touches and meetings it logged stay.")).to_be_visible()
    section.locator("li.calendar").evaluate("item => item.scrollIntoView({block: 'center'})")
    screenshot(laptop, "settings-calendars-remove-laptop")
    section.get_by_role("button", name="Yes, remove it").click()
    expect(section.get_by_role("status")).to_have_text("Calendar removed. The touches it logged stay.")
    expect(section.locator("li.calendar")).to_have_count(0)
    assert local.api(email, "GET", "/me/calendars")["calendars"] == []
    touches = local.api(email, "GET", f"/contacts/{claire['contact_id']}/interactions")["items"]
    assert [touch["source"] for touch in touches] == ["calendar"]  # what it logged stays


def test_calendars_on_a_phone_in_french(phone, local, calendars):
    email = "agenda-telephone@example.com"
    sign_in(phone, email)
    me = local.api(email, "GET", "/me")
    local.api(email, "PATCH", "/me", {"locale": "fr", "version": me["version"]})
    local.api(email, "POST", "/contacts", {"name": "Claire Martin", "emails": ["claire@martin.fr.example"]})
    calendars.serve("/bureau.ics", _ics("Bureau", email, "claire@martin.fr.example"), headers=ICS)

    phone.goto("/app/settings")
    section = _section(phone, "Agendas lus par Rapport")
    field = section.get_by_label("L’adresse secrète de votre agenda")
    field.fill(calendars.url("/bureau.ics"))
    section.get_by_role("button", name="Ajouter l’agenda").click()
    office = section.locator("li.calendar", has_text="Bureau")
    expect(office).to_be_visible(timeout=SYNCED)
    expect(office.get_by_text("Dernier changement lu à l’instant")).to_be_visible()
    expect(office.get_by_text("2 événements vus (30 jours avant et après)")).to_be_visible()
    expect(office.get_by_text("1 échange noté")).to_be_visible()

    field.fill(calendars.url("/reset-by-google.ics"))  # answers 404: the address was reset
    section.get_by_role("button", name="Ajouter l’agenda").click()
    failing = section.locator("li.calendar.failing")
    expect(failing).to_be_visible(timeout=SYNCED)
    expect(section.get_by_role("status")).to_have_text(re.compile("^Rapport n’a pas pu lire cet agenda"))
    expect(failing.locator("code")).to_have_text(re.compile(r"127\.0\.0\.1.*reset-by-google"))  # no name: its address
    expect(failing.get_by_text("Rapport n’a pas pu le lire")).to_be_visible()  # never read: no date to give
    reset = re.compile("répond «\u202fintrouvable\u202f».*Copiez la nouvelle adresse secrète")
    expect(failing.get_by_text(reset)).to_be_visible()
    expect(failing.get_by_text("Pour la remplacer\u202f: ajoutez la nouvelle adresse ci-dessous")).to_be_visible()
    assert no_sideways_scroll(phone)
    failing.evaluate("item => item.scrollIntoView({block: 'center'})")
    screenshot(phone, "settings-calendars-phone-fr")
    assert axe_violations(phone) == []

    failing.get_by_role("button", name=re.compile("^Retirer l’agenda .*reset-by-google")).click()
    expect(failing.get_by_text("Retirer cet agenda\u202f?")).to_be_visible()
    assert no_sideways_scroll(phone)
    screenshot(phone, "settings-calendars-remove-phone-fr")
    failing.get_by_role("button", name="Oui, le retirer").click()
    expect(section.get_by_role("status")).to_have_text("Agenda retiré. Les échanges qu’il a notés restent.")
    expect(section.locator("li.calendar")).to_have_count(1)
    assert [c["name"] for c in local.api(email, "GET", "/me/calendars")["calendars"]] == ["Bureau"]
