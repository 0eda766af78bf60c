"""Faults on the way to the networker: each digest is still received exactly once, none is lost.

Through the local runtime: the real schedule fires, the real queue and deliver function run, and
the outbox counts what was sent. Each fault strikes once, on the first attempt.
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime, timedelta

import boto3
import pytest
from botocore.exceptions import ClientError

from infra.local.provision import REGION
from rapport import clock
from rapport.storage.sends import Sends

START = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)  # 10:00 in Paris
DUE_DAY = "2026-11-16"  # 14 days on: the inner circle is due


def deliver_module():
    return sys.modules["rapport_function_DeliverFunction"]


def once(fault):
    """Wraps a function so that its first call fails with `fault`, the next ones go through."""

    def wrap(function):
        def wrapped(*args, **kwargs):
            wrapped.calls += 1
            if wrapped.calls == 1:
                raise fault
            return function(*args, **kwargs)

        wrapped.calls = 0
        return wrapped

    return wrap


def throttled(operation: str) -> ClientError:
    return ClientError({"Error": {"Code": "Throttling", "Message": "Rate exceeded"}}, operation)


@pytest.fixture
def networker(local):
    clock.freeze(START)
    identity = local.runtime.identity
    local.token = identity.issue_token(identity.networker_sub, "marie@example.com", "Marie", timedelta(days=365))
    local.verify_phone("+33612345678")
    settings = {"timezone": "Europe/Paris", "locale": "fr", "digest_time": "08:30"}
    assert local.request("PATCH", "/me", settings | {"channels": {"email": True, "sms": True}}).status == 200
    for name in ("Claire", "Paul"):
        assert local.post("/contacts", {"name": name, "circle": "inner"}).status == 201
    local.drain()
    return local


def sent_on(local, day: str) -> dict[str, int]:
    items = local.get("/_local/outbox", token=None).json["items"]
    return {
        channel: sum(1 for i in items if i["channel"] == channel and i["time"].startswith(day))
        for channel in ("email", "sms")
    }


def weekly_reviews(local) -> int:
    """The Friday reviews sent on the way (emails too, on the same senders)."""
    items = local.get("/_local/outbox", token=None).json["items"]
    return sum(1 for i in items if i["channel"] == "email" and "votre semaine" in i["subject"])


def until_the_day_after(local) -> None:
    reply = local.post("/_local/clock", {"advance_seconds": timedelta(days=14, hours=22).total_seconds()}, token=None)
    assert reply.status == 200, reply.body


def test_no_fault(networker):
    until_the_day_after(networker)
    assert sent_on(networker, DUE_DAY) == {"email": 1, "sms": 1}


@pytest.mark.parametrize(
    "fault",
    [
        pytest.param(lambda m: ("AwsSenders", "_send_email", throttled("SendRawEmail")), id="ses-throttling"),
        pytest.param(lambda m: ("AwsSenders", "_send_sms", throttled("Publish")), id="sns-failure"),
    ],
)
def test_a_failed_send_is_retried_and_sent_once(networker, monkeypatch, fault):
    owner, name, error = fault(deliver_module())
    target = getattr(deliver_module(), owner)
    failing = once(error)(getattr(target, name))
    monkeypatch.setattr(target, name, failing)
    deliver_module().production.cache_clear()  # the senders wrap their methods when built
    until_the_day_after(networker)
    reviews = weekly_reviews(networker)
    assert reviews == 2  # the Fridays 6 and 13 November
    assert failing.calls == 2 + (reviews if name == "_send_email" else 0)  # failed, then retried when it came back
    assert sent_on(networker, DUE_DAY) == {"email": 1, "sms": 1}


def test_a_crash_after_sending_sends_nothing_more(networker, monkeypatch):
    dying = once(RuntimeError("died after sending"))(Sends.record)
    monkeypatch.setattr(Sends, "record", dying)
    until_the_day_after(networker)
    assert dying.calls >= 2
    assert sent_on(networker, DUE_DAY) == {"email": 1, "sms": 1}


def test_the_schedule_firing_twice_and_a_message_delivered_twice_send_once(networker):
    sqs = boto3.client("sqs", region_name=REGION)
    (url,) = [u for u in sqs.list_queues()["QueueUrls"] if "DeliveryQueue" in u]
    body = {"kind": "digest", "networker_id": networker.runtime.identity.networker_sub}
    to_the_morning = timedelta(days=13, hours=22).total_seconds()  # 16 November, 07:00 UTC
    assert networker.post("/_local/clock", {"advance_seconds": to_the_morning}, token=None).status == 200
    for _ in range(2):  # a second firing of the same occurrence, and a duplicate delivery of it
        sqs.send_message(QueueUrl=url, MessageBody=json.dumps(body | {"scheduled_time": f"{DUE_DAY}T07:30:00Z"}))
    assert networker.post("/_local/clock", {"advance_seconds": 86_400}, token=None).status == 200  # and the schedule
    assert sent_on(networker, DUE_DAY) == {"email": 1, "sms": 1}
