"""The sync_calendars handler on in-memory dependencies: a sync request in, the networker's calendars read,
what cannot be read kept in their state, never a failed message for it."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from rapport.domain.calendar_fetching import Fetched, FetchFailed, FetchProblem
from rapport.domain.calendar_sources import CalendarSource
from tests.unit.functions.conftest import NOW

COFFEE = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VEVENT\r\nUID:c1\r\n"
    f"DTSTART:{(NOW - timedelta(hours=2)):%Y%m%dT%H%M%SZ}\r\nDTEND:{(NOW - timedelta(hours=1)):%Y%m%dT%H%M%SZ}\r\n"
    "SUMMARY:Coffee\r\nATTENDEE:mailto:claire@example.com\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
).encode()


class Addresses:
    """Fetches by address: a body, or a problem."""

    def __init__(self, answers: dict):
        self.answers = answers

    def fetch(self, url, etag, last_modified):
        answer = self.answers[url]
        if isinstance(answer, FetchProblem):
            raise FetchFailed(answer, "test")
        return Fetched("changed", answer, None, None)


class OpenVault:
    def open(self, blob, context):
        return blob  # the tests' "sealed" address is the address


@pytest.fixture
def app(load):
    return load("CalendarSyncFunction")


def source(number: int, url: str) -> CalendarSource:
    return CalendarSource(
        calendar_id=f"cal{number}", url_encrypted=url, url_masked=url, url_fingerprint=f"fp{number}", added_at=NOW
    )


def request(networker_id: str, calendar_id: str | None = None, message_id: str = "m1") -> dict:
    body = json.dumps({"networker_id": networker_id} | ({"calendar_id": calendar_id} if calendar_id else {}))
    return {
        "messageId": message_id,
        "receiptHandle": "r",
        "body": body,
        "attributes": {"ApproximateReceiveCount": "1", "SentTimestamp": "0"},
        "messageAttributes": {},
        "md5OfBody": "",
        "eventSource": "aws:sqs",
        "eventSourceARN": "arn:aws:sqs:us-east-1:123456789012:calendar-syncs",
        "awsRegion": "us-east-1",
    }


def test_every_calendar_is_read_and_a_broken_one_fails_alone(app, store, me, context):
    from rapport.domain.contact import ContactCreate
    from rapport.services import contacts

    claire = contacts.create(store, me, ContactCreate(name="Claire", emails=["claire@example.com"]), NOW)
    store.calendars.add(me.networker_id, source(1, "https://a.example/gone.ics"))
    store.calendars.add(me.networker_id, source(2, "https://b.example/work.ics"))
    fetcher = Addresses({"https://a.example/gone.ics": FetchProblem.NOT_FOUND, "https://b.example/work.ics": COFFEE})
    deps = app.Dependencies(store, OpenVault(), fetcher)
    assert app.handler({"Records": [request(me.networker_id)]}, context, deps) == {"batchItemFailures": []}
    assert store.calendars.get(me.networker_id, "cal1").error_code == "not_found"
    assert store.calendars.get(me.networker_id, "cal2").touches_logged == 1
    (touch,) = store.interactions.page_of_contact(me.networker_id, claire.contact_id, None, 10).items
    assert touch.source == "calendar"


def test_a_request_for_a_networker_gone_does_nothing(app, store, context):
    deps = app.Dependencies(store, OpenVault(), Addresses({}))
    assert app.handler({"Records": [request("gone")]}, context, deps) == {"batchItemFailures": []}


def test_a_request_that_is_not_one_fails_alone(app, store, me, context):
    deps = app.Dependencies(store, OpenVault(), Addresses({}))
    broken = request(me.networker_id, message_id="bad") | {"body": "{}"}
    answer = app.handler({"Records": [broken, request(me.networker_id, message_id="ok")]}, context, deps)
    assert answer == {"batchItemFailures": [{"itemIdentifier": "bad"}]}


def test_loopback_calendars_are_allowed_by_the_functions_settings_alone(app, monkeypatch):
    from rapport.adapters.settings import CalendarSyncSettings

    for name, value in (
        ("AWS_DEFAULT_REGION", "us-east-1"),
        ("AWS_ACCESS_KEY_ID", "t"),
        ("AWS_SECRET_ACCESS_KEY", "t"),
    ):
        monkeypatch.setenv(name, value)  # the clients built, never called
    monkeypatch.delenv("CALENDARS_ALLOW_LOOPBACK_HTTP", raising=False)
    local = CalendarSyncSettings(TABLE_NAME="rapport", CALENDAR_KEY_ID="k", CALENDARS_ALLOW_LOOPBACK_HTTP=True)
    monkeypatch.setattr(app, "settings", lambda: local)
    assert app.production().fetcher.allow_loopback_http


class RefusingVault:
    """KMS refusing one calendar's sealed address (a key disabled, a context that no longer matches)."""

    def __init__(self, refused: str):
        self.refused = refused

    def open(self, blob, context):
        if blob == self.refused:
            raise RuntimeError(f"AccessDeniedException for {blob}")
        return blob


def test_a_calendar_failing_unforeseen_fails_the_message_after_the_others_are_synced(app, store, me, context, caplog):
    from rapport.domain.contact import ContactCreate
    from rapport.services import contacts

    contacts.create(store, me, ContactCreate(name="Claire", emails=["claire@example.com"]), NOW)
    secret = "https://a.example/secret-token/perso.ics"
    store.calendars.add(me.networker_id, source(1, secret))
    store.calendars.add(me.networker_id, source(2, "https://b.example/work.ics"))
    deps = app.Dependencies(store, RefusingVault(secret), Addresses({"https://b.example/work.ics": COFFEE}))
    answer = app.handler({"Records": [request(me.networker_id, message_id="m1")]}, context, deps)
    assert answer == {"batchItemFailures": [{"itemIdentifier": "m1"}]}  # retried, then the dead letters' alarm
    assert store.calendars.get(me.networker_id, "cal2").touches_logged == 1
    assert "cal1" in caplog.text and "secret-token" not in caplog.text


def test_the_stop_before_the_timeout_holds_for_each_calendar_after_a_broken_one(store, me):
    from rapport.services import calendar_sync

    store.calendars.add(me.networker_id, source(1, "https://a.example/a.ics"))
    store.calendars.add(me.networker_id, source(2, "https://b.example/b.ics"))
    store.calendars.add(me.networker_id, source(3, "https://c.example/c.ics"))
    left = iter([300.0, 300.0, 300.0, 10.0])
    fetcher = Addresses({"https://b.example/b.ics": COFFEE, "https://c.example/c.ics": COFFEE})
    done = calendar_sync.sync(
        store, RefusingVault("https://a.example/a.ics"), fetcher, me, None, NOW, lambda: next(left, 10.0)
    )
    assert [(s.calendar_id, s.status) for s in done] == [("cal1", "broken"), ("cal2", "changed")]
