"""The calendar sync (services/calendar_sync.py) on moto, its calendars served over http by a server on
127.0.0.1, the networker's side read through the API: touches, meetings, suggestions, follow-ups."""

from __future__ import annotations

import os
from datetime import datetime, timedelta

import boto3
import pytest

from infra.local import motoclock
from infra.local.queues import QueuePump
from infra.local.scheduler import Scheduler
from rapport import clock
from rapport.adapters.calendar_fetch import CalendarFetcher
from rapport.adapters.secrets import UrlVault
from rapport.domain.calendar_sources import MarkState
from rapport.services import calendar_sync, calendars
from rapport.storage import Store
from tests.fakes.calendar_server import CalendarServer
from tests.integration.conftest import NOW, Api, Stream
from tests.integration.test_digests import deliver, emails_sent, last_email_text
from tests.integration.test_inbound_email import invitation

WRITES = {"put_item", "update_item", "delete_item", "transact_write_items", "batch_write_item"}


class Counting:
    """The DynamoDB client, counting the calls that write."""

    def __init__(self, client):
        self._client, self.writes = client, 0

    def __getattr__(self, name):
        if name in WRITES:
            self.writes += 1
        return getattr(self._client, name)


def stamp(moment: datetime) -> str:
    return moment.strftime("%Y%m%dT%H%M%SZ")


def event(
    uid: str,
    starts_at: datetime,
    *,
    hours: float = 1,
    summary: str = "Coffee with Claire",
    attendees: tuple[str, ...] = ("claire@example.com",),
    extra: str = "",
) -> str:
    lines = [
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{stamp(clock.now())}",  # when the file is made, as Google and Outlook write it
        f"DTSTART:{stamp(starts_at)}",
        f"DTEND:{stamp(starts_at + timedelta(hours=hours))}",
        f"SUMMARY:{summary}",
        "ORGANIZER:mailto:me@example.com",
        *(f"ATTENDEE;PARTSTAT=ACCEPTED:mailto:{a}" for a in attendees),
    ]
    return "\r\n".join([*lines, *([extra] if extra else []), "END:VEVENT"])


def calendar(*events: str) -> bytes:
    head = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//tests//EN", "X-WR-CALNAME:Perso"]
    return ("\r\n".join([*head, *events, "END:VCALENDAR"]) + "\r\n").encode()


COFFEE_START = NOW - timedelta(hours=2)  # it ended an hour ago


@pytest.fixture
def server():
    with CalendarServer() as running:
        yield running


@pytest.fixture
def world(stack, api: Api, stream: Stream, server: CalendarServer):
    return World(api, stream, server)


class World:
    """A networker (me@example.com) with a contact, Claire, and their calendars served on 127.0.0.1."""

    def __init__(self, api: Api, stream: Stream, server: CalendarServer):
        self.api, self.stream, self.server = api, stream, server
        self.nid = api.claims["sub"]
        api.get("/me")
        self.claire = api.post("/contacts", {"name": "Claire Martin", "emails": ["claire@example.com"]}).body
        stream.drain()
        self.client = Counting(boto3.client("dynamodb", region_name="us-east-1"))
        self.store = Store(self.client, os.environ["TABLE_NAME"])
        self.vault = UrlVault(boto3.client("kms", region_name="us-east-1"), os.environ["CALENDAR_KEY_ID"])
        self.fetcher = CalendarFetcher(allow_loopback_http=True)

    def add(self, path: str = "/perso.ics", body: bytes | None = None, **reply) -> str:
        if body is not None:
            self.server.serve(path, body, **reply)
        profile = self.store.profiles.get(self.nid)
        url = self.server.url(path)
        return calendars.add(self.store, self.vault, profile, url, NOW, allow_loopback_http=True).calendar_id

    def sync(self, now: datetime = NOW, calendar_id: str | None = None) -> list[calendar_sync.Synced]:
        profile = self.store.profiles.get(self.nid)
        return calendar_sync.sync(self.store, self.vault, self.fetcher, profile, calendar_id, now)

    def touches(self, contact_id: str | None = None) -> list[dict]:
        return self.api.get(f"/contacts/{contact_id or self.claire['contact_id']}/interactions").body["items"]

    def contact(self) -> dict:
        return self.api.get(f"/contacts/{self.claire['contact_id']}").body


def test_a_coffee_that_ended_is_logged_once_from_the_calendar_and_goes_when_cancelled(world):
    world.add(body=calendar(event("coffee-1", COFFEE_START)))
    long_ago = {"kind": "call", "occurred_at": "2026-08-03T10:00:00Z", "contact_ids": [world.claire["contact_id"]]}
    assert world.api.post("/interactions", long_ago).status == 201
    world.stream.drain()
    before = world.contact()["next_follow_up_on"]
    (synced,) = world.sync()
    assert synced.status == "changed" and synced.touches_logged == 1
    touch, _ = world.touches()
    assert touch["kind"] == "meeting" and touch["source"] == "calendar" and touch["summary"] == "Coffee with Claire"
    assert touch["occurred_at"] == "2026-11-20T07:30:00Z"
    world.stream.drain()  # the stream reaction refreshes Claire: her follow-up moves
    after = world.contact()
    assert after["next_follow_up_on"] > before and after["last_touch_at"] == "2026-11-20T07:30:00Z"
    (source,) = world.api.get("/me/calendars").body["calendars"]
    assert source["touches_logged"] == 1 and source["events_seen"] == 1 and source["name"] == "Perso"
    assert source["synced_at"] and source["error"] is None

    world.client.writes = 0
    (again,) = world.sync(NOW + timedelta(hours=1))  # the same file, whatever the hour
    assert again.status == "unchanged" and again.steps == 0 and world.client.writes == 0
    assert len(world.touches()) == 2

    world.server.serve("/perso.ics", calendar(event("coffee-1", COFFEE_START, extra="STATUS:CANCELLED")))
    (cancelled,) = world.sync(NOW + timedelta(hours=2))
    assert cancelled.status == "changed" and cancelled.steps == 1
    assert [t["kind"] for t in world.touches()] == ["call"]
    assert world.store.calendars.marks(world.nid, source["calendar_id"]) == {}


def test_a_file_made_again_with_the_same_events_is_not_read_again(world):
    world.add(body=calendar(event("coffee-1", COFFEE_START)))
    world.sync()
    clock.freeze(NOW + timedelta(hours=1))
    world.server.serve("/perso.ics", calendar(event("coffee-1", COFFEE_START)))  # a new DTSTAMP only
    world.client.writes = 0
    (synced,) = world.sync(NOW + timedelta(hours=1))
    assert synced.status == "unchanged" and world.client.writes == 0


def test_an_etag_answered_304_reads_nothing_and_writes_nothing(world):
    world.add(body=calendar(event("coffee-1", COFFEE_START)), headers={"ETag": '"v1"'}, not_modified_on='"v1"')
    world.sync()
    world.client.writes = 0
    (synced,) = world.sync(NOW + timedelta(hours=1))
    assert synced.status == "unchanged" and world.client.writes == 0
    assert world.server.requests[-1][1].get("If-None-Match") == '"v1"'


def test_a_stranger_at_the_coffee_is_suggested_once(world):
    coffee = event("coffee-1", COFFEE_START, attendees=("claire@example.com", "sam@example.com"))
    world.add(body=calendar(coffee))
    world.sync()
    world.sync(NOW + timedelta(hours=1))
    world.server.serve("/perso.ics", calendar(coffee, event("other", NOW - timedelta(days=3), attendees=())))
    world.sync(NOW + timedelta(hours=2))  # changed, but the coffee is not new
    (suggestion,) = world.api.get("/inbound/suggestions").body["items"]
    assert suggestion["email"] == "sam@example.com" and suggestion["seen"] == 1


def test_nobody_is_suggested_from_a_large_event(world):
    crowd = tuple(f"guest{n}@example.com" for n in range(16))
    world.add(body=calendar(event("meetup", COFFEE_START, attendees=("claire@example.com", *crowd))))
    world.sync()
    assert world.api.get("/inbound/suggestions").body["items"] == []
    assert [t["kind"] for t in world.touches()] == ["event"]


def test_an_upcoming_event_is_a_planned_meeting_then_a_touch_once_it_has_ended(world):
    lunch_at = NOW + timedelta(hours=3)
    world.add(
        body=calendar(event("lunch-1", lunch_at, summary="Lunch")), headers={"ETag": '"v1"'}, not_modified_on='"v1"'
    )
    world.sync()
    (meeting,) = world.api.get("/meetings").body["items"]
    assert meeting["contact_ids"] == [world.claire["contact_id"]] and meeting["goal"] == "Lunch"
    assert world.touches() == []
    (source,) = world.store.calendars.list(world.nid)
    assert source.next_ending_at == lunch_at + timedelta(hours=1)
    world.client.writes = 0
    world.sync(NOW + timedelta(hours=3, minutes=30))  # 304, the lunch under way: its mark is not even read
    assert world.client.writes == 0
    (synced,) = world.sync(NOW + timedelta(hours=5))  # 304, but the lunch has ended: the file read again
    assert synced.status == "changed" and synced.touches_logged == 1
    assert world.server.requests[-1][1].get("If-None-Match") is None
    (touch,) = world.touches()
    assert touch["source"] == "calendar" and touch["summary"] == "Lunch"
    (meeting,) = world.api.get("/meetings").body["items"]
    assert meeting["held"] is True
    world.client.writes = 0
    world.sync(NOW + timedelta(hours=6))
    assert world.client.writes == 0


def test_a_meeting_the_networker_marked_held_is_not_logged_again(world):
    lunch_at = NOW + timedelta(hours=1)
    world.add(body=calendar(event("lunch-1", lunch_at)))
    world.sync()
    (meeting,) = world.api.get("/meetings").body["items"]
    clock.freeze(NOW + timedelta(hours=3))
    assert world.api.post(f"/meetings/{meeting['meeting_id']}/held", {}).status == 200
    world.sync(NOW + timedelta(hours=3))
    assert len(world.touches()) == 1  # the networker's, not a second one
    (mark,) = world.store.calendars.marks(world.nid, world.store.calendars.list(world.nid)[0].calendar_id).values()
    assert mark.state is MarkState.LEFT


@pytest.mark.parametrize("calendar_first", [True, False])
def test_an_upcoming_event_and_its_invitation_forwarded_are_one_meeting(world, inbox, calendar_first):
    address = world.api.get("/me").body["inbound_address"]
    starts = NOW + timedelta(days=4, hours=5, minutes=30)  # 2026-11-24T15:00Z, as the invitation says
    assert stamp(starts) == "20261124T150000Z"
    world.add(body=calendar(event("coffee-1", starts, summary="Coffee with Claire")))
    if calendar_first:
        world.sync()
    inbox.receive(invitation("20261124T150000Z"), [address])
    if not calendar_first:
        world.sync()
    (meeting,) = world.api.get("/meetings").body["items"]
    assert meeting["starts_at"] == "2026-11-24T15:00:00Z"


def test_a_calendar_that_fails_keeps_its_error_and_the_others_are_read(world):
    broken = world.add("/gone.ics")  # nothing served there: 404
    nonsense = world.add("/nonsense.ics", b"<html>not a calendar</html>")
    good = world.add(body=calendar(event("coffee-1", COFFEE_START)))
    outcomes = {s.calendar_id: s for s in world.sync()}
    assert [(outcomes[c].status, outcomes[c].error_code) for c in (broken, nonsense, good)] == [
        ("failed", "not_found"),
        ("failed", "not_a_calendar"),
        ("changed", None),
    ]
    assert len(world.touches()) == 1
    listed = {c["calendar_id"]: c for c in world.api.get("/me/calendars").body["calendars"]}
    assert listed[broken]["error"]["code"] == "not_found" and listed[broken]["error"]["since"] == "2026-11-20T09:30:00Z"
    world.client.writes = 0
    world.sync(NOW + timedelta(hours=1))  # failing again: since the first failure, nothing to write
    assert world.client.writes == 0
    world.server.serve("/gone.ics", calendar())
    world.sync(NOW + timedelta(hours=2))
    assert world.store.calendars.get(world.nid, broken).error_code is None


def test_the_same_event_in_two_calendars_is_one_touch(world):
    coffee = calendar(event("coffee-1", COFFEE_START))
    world.add("/perso.ics", coffee)
    world.add("/shared.ics", coffee)
    world.sync()
    assert len(world.touches()) == 1


def test_two_syncs_at_once_log_the_coffee_once(world):
    calendar_id = world.add(body=calendar(event("coffee-1", COFFEE_START)))
    source = world.store.calendars.get(world.nid, calendar_id)
    reading = calendar_sync.read_calendar(calendar(event("coffee-1", COFFEE_START)), *calendar_sync.window(NOW))
    marks = world.store.calendars.marks(world.nid, calendar_id)
    owners = world.store.contacts.owners(world.nid, ["claire@example.com"])
    late = calendar_sync._steps(world.store, world.nid, reading, marks, owners, {"me@example.com"}, NOW)  # not written
    world.sync()
    assert [calendar_sync._apply(world.store, world.nid, calendar_id, step, NOW) for step in late] == [None]
    assert len(world.touches()) == 1 and source.calendar_id == calendar_id


def test_a_calendar_removed_during_its_sync_writes_nothing_more(world):
    calendar_id = world.add(body=calendar(event("coffee-1", COFFEE_START)))
    profile = world.store.profiles.get(world.nid)
    source = world.store.calendars.get(world.nid, calendar_id)
    world.store.calendars.remove(world.nid, calendar_id)
    synced = calendar_sync.sync_source(world.store, world.vault, world.fetcher, profile, source, NOW)
    assert synced.status == "removed" and world.touches() == []
    assert world.api.get("/me/calendars").body["calendars"] == []


def take_sync_requests(stream: Stream) -> int:
    """Run the stream reactions and the calendar sync queue's event source mapping (the local runtime's) until
    nothing is pending; how many requests the calendar sync function took."""
    (mapping,) = [m for m in stream.stack.queue_mappings if m.function == "CalendarSyncFunction"]
    pump, taken = QueuePump(mapping, stream.invoker), 0
    while True:
        stream.drain()
        delivered = pump.pump()
        if not delivered.messages:
            return taken
        assert not delivered.failed
        taken += delivered.messages


@pytest.fixture
def runtime_clock():
    """moto's SQS and Scheduler on the runtime's clock, as the local runtime runs them (`motoclock`)."""
    motoclock.install()
    yield
    motoclock.uninstall()


def test_on_the_local_runtime_a_calendar_added_is_read_at_once_then_every_hour(runtime_clock, world):
    """The issue's done-when: a calendar served on 127.0.0.1 (the local runtime allows it, the API and the
    function alike), a coffee with Claire that ended an hour ago: her touch, her follow-up moved; the hourly
    schedule's sync changes nothing; the coffee cancelled, the touch goes; a stranger at it is suggested."""
    coffee = event("coffee-1", COFFEE_START, attendees=("claire@example.com", "sam@example.com"))
    world.server.serve("/perso.ics", calendar(coffee))
    long_ago = {"kind": "call", "occurred_at": "2026-08-03T10:00:00Z", "contact_ids": [world.claire["contact_id"]]}
    assert world.api.post("/interactions", long_ago).status == 201
    world.stream.drain()
    before = world.contact()["next_follow_up_on"]
    added = world.api.post("/me/calendars", {"url": world.server.url("/perso.ics")})
    assert added.status == 201, added.body
    assert take_sync_requests(world.stream) >= 1  # the first sync, at once
    touch, _ = world.touches()
    assert touch["source"] == "calendar" and touch["kind"] == "meeting"
    assert world.contact()["next_follow_up_on"] > before
    assert [s["email"] for s in world.api.get("/inbound/suggestions").body["items"]] == ["sam@example.com"]
    source = world.store.calendars.get(world.nid, added.body["calendar_id"])

    scheduler = Scheduler()
    clock.advance(timedelta(hours=1, minutes=1))
    scheduler.tick()  # the hourly schedule `calendars-<networker_id>` puts its request on the queue
    assert take_sync_requests(world.stream) >= 1
    assert world.store.calendars.get(world.nid, source.calendar_id).version == source.version  # nothing written
    assert len(world.touches()) == 2

    world.server.serve("/perso.ics", calendar(coffee.replace("ORGANIZER", "STATUS:CANCELLED\r\nORGANIZER")))
    clock.advance(timedelta(hours=1))
    scheduler.tick()
    take_sync_requests(world.stream)
    assert [t["kind"] for t in world.touches()] == ["call"]


def test_a_calendar_failing_for_two_days_is_said_once_in_the_digest(world):
    calendar_id = world.add("/gone.ics")  # nothing served there: 404
    world.sync()
    world.sync(NOW + timedelta(days=1, hours=23))
    assert world.store.profiles.get(world.nid).calendar_notices == []
    world.sync(NOW + timedelta(days=2))
    (notice,) = world.store.profiles.get(world.nid).calendar_notices
    assert (notice.calendar_id, notice.since, notice.code) == (calendar_id, NOW, "not_found")
    assert world.store.calendars.get(world.nid, calendar_id).error_told
    world.client.writes = 0
    world.sync(NOW + timedelta(days=2, hours=1))  # noted once
    assert world.client.writes == 0

    day = NOW + timedelta(days=2, hours=3)
    clock.freeze(day)
    sent = emails_sent()
    assert deliver(world.nid, at=day) == {"batchItemFailures": []}
    assert emails_sent() == sent + 1
    assert "has not been read since Friday, November 20." in last_email_text()
    assert world.store.profiles.get(world.nid).calendar_notices == []
    clock.freeze(day + timedelta(days=1))
    deliver(world.nid, at=day + timedelta(days=1))
    assert emails_sent() == sent + 1  # said once: nothing else to say, nothing sent
    world.sync(day + timedelta(days=1))
    assert world.store.profiles.get(world.nid).calendar_notices == []  # still failing, told already


def test_a_calendar_read_again_before_the_digest_is_not_said(world):
    calendar_id = world.add("/gone.ics")
    world.sync()
    world.sync(NOW + timedelta(days=2))
    assert world.store.profiles.get(world.nid).calendar_notices
    world.server.serve("/gone.ics", calendar())
    world.sync(NOW + timedelta(days=2, hours=1))
    assert world.store.profiles.get(world.nid).calendar_notices == []
    source = world.store.calendars.get(world.nid, calendar_id)
    assert source.error_code is None and not source.error_told


def test_a_sync_out_of_time_leaves_the_rest_to_the_next_one(world):
    coffees = [event(f"coffee-{n}", COFFEE_START - timedelta(days=n)) for n in range(3)]
    calendar_id = world.add(body=calendar(*coffees), headers={"ETag": '"v1"'}, not_modified_on='"v1"')
    profile = world.store.profiles.get(world.nid)
    asked = iter([300.0, 300.0, 300.0, 10.0])  # the source, two occurrences, then the end is near
    (synced,) = calendar_sync.sync(world.store, world.vault, world.fetcher, profile, None, NOW, lambda: next(asked))
    assert synced.status == "partial" and synced.touches_logged == 2
    source = world.store.calendars.get(world.nid, calendar_id)
    assert source.content_hash is None and source.etag is None  # not known as read: read whole next time
    (synced,) = world.sync(NOW + timedelta(hours=1))
    assert synced.status == "changed" and synced.touches_logged == 1
    assert len(world.touches()) == 3 and world.store.calendars.get(world.nid, calendar_id).touches_logged == 3


def test_strangers_at_an_event_ahead_are_suggested_once_it_ends_though_the_file_stays_the_same(world):
    meetup = event("meetup", NOW + timedelta(hours=1), attendees=("sam@example.com",))
    world.add(body=calendar(meetup), headers={"ETag": '"v1"'}, not_modified_on='"v1"')
    world.sync()
    assert world.api.get("/inbound/suggestions").body["items"] == []
    world.sync(NOW + timedelta(hours=3))  # 304, but the meetup has ended: read again
    assert [s["email"] for s in world.api.get("/inbound/suggestions").body["items"]] == ["sam@example.com"]
    world.client.writes = 0
    world.sync(NOW + timedelta(hours=4))
    assert world.client.writes == 0


def test_a_planned_meeting_whose_contact_was_deleted_is_still_held_with_the_others(world):
    bob = world.api.post("/contacts", {"name": "Bob", "emails": ["bob@example.com"]}).body
    world.stream.drain()
    lunch = event("lunch-1", NOW + timedelta(hours=1), attendees=("claire@example.com", "bob@example.com"))
    world.add(body=calendar(lunch))
    world.sync()
    assert world.api.delete(f"/contacts/{bob['contact_id']}").status == 204
    world.stream.drain()
    (synced,) = world.sync(NOW + timedelta(hours=3))
    assert synced.touches_logged == 1
    (touch,) = world.touches()
    assert touch["contact_ids"] == [world.claire["contact_id"]]
    (meeting,) = world.api.get("/meetings").body["items"]
    assert meeting["held"] is True


def test_a_failing_calendar_removed_before_the_digest_is_not_said(world):
    calendar_id = world.add("/gone.ics")
    world.sync()
    world.sync(NOW + timedelta(days=2))
    assert world.store.profiles.get(world.nid).calendar_notices
    assert world.api.delete(f"/me/calendars/{calendar_id}").status == 204
    assert world.store.profiles.get(world.nid).calendar_notices == []
