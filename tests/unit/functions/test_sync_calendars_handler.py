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
