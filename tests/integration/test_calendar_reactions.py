"""A calendar added is read at once and then every hour; the last one removed, the hourly schedule goes
(on_change through the real stream, on moto's Scheduler and SQS)."""

from __future__ import annotations

import json
import os

import boto3
import pytest

from infra.local.provision import REGION
from rapport.domain.calendar_sources import CalendarSource, CalendarSyncRequest
from rapport.storage import Store
from tests.integration.conftest import NOW


@pytest.fixture
def store(stack) -> Store:
    return Store(boto3.client("dynamodb", region_name=REGION), stack.table_name)


def schedule_of(networker_id: str) -> dict | None:
    scheduler = boto3.client("scheduler", region_name=REGION)
    try:
        found = scheduler.get_schedule(Name=f"calendars-{networker_id}", GroupName=os.environ["DIGEST_SCHEDULE_GROUP"])
    except scheduler.exceptions.ResourceNotFoundException:
        return None
    found.pop("ResponseMetadata")
    return found


def sync_requests() -> list[CalendarSyncRequest]:
    """What waits on the calendar sync queue, taken off it."""
    sqs = boto3.client("sqs", region_name=REGION)
    queue, found = os.environ["CALENDAR_SYNC_QUEUE_URL"], []
    while messages := sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=10).get("Messages", []):
        for message in messages:
            sqs.delete_message(QueueUrl=queue, ReceiptHandle=message["ReceiptHandle"])
            found.append(CalendarSyncRequest.model_validate_json(message["Body"]))
    return found


def source(calendar_id: str, fingerprint: str) -> CalendarSource:
    return CalendarSource(
        calendar_id=calendar_id,
        url_encrypted="c2VhbGVk",
        url_masked="calendar.example/…/basic.ics",
        url_fingerprint=fingerprint,
        added_at=NOW,
    )


def test_a_calendar_added_is_read_at_once_then_hourly_until_the_last_is_removed(api, stream, store):
    me = api.get("/me").body["networker_id"]
    stream.drain()
    sync_requests()  # what earlier tests left
    store.calendars.add(me, source("cal1", "fp1"))
    stream.drain()
    assert sync_requests() == [CalendarSyncRequest(networker_id=me, calendar_id="cal1", scheduled_time=NOW)]
    schedule = schedule_of(me)
    assert schedule is not None and schedule["ScheduleExpression"] == "rate(1 hour)"
    target = schedule["Target"]
    assert target["Arn"] == os.environ["CALENDAR_SYNC_QUEUE_ARN"]
    assert json.loads(target["Input"]) == {"networker_id": me, "scheduled_time": "<aws.scheduler.scheduled-time>"}

    store.calendars.add(me, source("cal2", "fp2"))
    synced = store.calendars.get(me, "cal1")
    store.calendars.record(me, synced, {"synced_at": NOW, "events_seen": 4})  # its sync: no reaction
    store.calendars.remove(me, "cal1")
    stream.drain()
    assert sync_requests() == [CalendarSyncRequest(networker_id=me, calendar_id="cal2", scheduled_time=NOW)]
    assert schedule_of(me) is not None  # one is left

    store.calendars.remove(me, "cal2")
    stream.drain()
    assert schedule_of(me) is None
    assert sync_requests() == []


def test_replayed_records_ask_nothing_more(api, stream, store):
    me = api.get("/me").body["networker_id"]
    stream.drain()
    sync_requests()
    store.calendars.add(me, source("cal1", "fp1"))
    stream.drain()
    assert len(sync_requests()) == 1
    store.calendars.record(me, store.calendars.get(me, "cal1"), {"synced_at": NOW})
    stream.drain()
    before = schedule_of(me)
    for event in list(stream.delivered):  # the same records again: the calendar was read since
        stream.invoker("OnChangeFunction", event)
    assert sync_requests() == []
    assert schedule_of(me) == before
