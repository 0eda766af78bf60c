"""send_once: was it sent, send, record; each message at most once, whatever retries or crashes come.

The store's send records are the real `Sends` over a table in a dict; the senders are idempotent on
the send key, as the SES/SNS adapter is.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from email.message import EmailMessage
from typing import get_args

import pytest

from rapport.delivery.requests import SCHEDULED_TIME, DeliveryKind, DeliveryRequest
from rapport.services.deliveries.kinds import KINDS
from rapport.services.deliveries.send import Email, Text, send_once
from rapport.storage.sends import SendKey, Sends

NOW = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
KEY = SendKey(networker_id="n1", local_date="2026-11-20", channel="email", kind="digest")


class DictTable:
    """The two calls `Sends` makes, on typed DynamoDB items kept by key."""

    def __init__(self):
        self.items: dict[tuple[str, str], dict] = {}

    def get(self, pk: str, sk: str) -> dict | None:
        return self.items.get((pk, sk))

    def put_new(self, item: dict) -> bool:
        key = (item["pk"]["S"], item["sk"]["S"])
        if key in self.items:
            return False
        self.items[key] = item
        return True


class Store:
    def __init__(self):
        self.table = DictTable()
        self.sends = Sends(self.table)


class Senders:
    """Idempotent on the key, as `AwsSenders`: asked again with a key it sent, it answers the first id."""

    address = "rapport@example.com"
    public_url = "https://api.example.com"
    app_url = "https://app.example.com"

    def __init__(self):
        self.sent: list[tuple[SendKey, object]] = []  # what reached SES or SNS
        self._ids: dict[str, str] = {}

    def email(self, key: SendKey, message: EmailMessage) -> str:
        return self._once(key, message)

    def sms(self, key: SendKey, phone: str, text: str) -> str:
        return self._once(key, (phone, text))

    def opted_out(self, phone: str) -> bool:
        return False

    def _once(self, key: SendKey, message) -> str:
        hashed = key.model_dump_json()
        if hashed not in self._ids:
            self.sent.append((key, message))
            self._ids[hashed] = f"m{len(self.sent)}"
        return self._ids[hashed]


class Composer:
    def __init__(self, message):
        self.message, self.calls = message, 0

    def __call__(self):
        self.calls += 1
        return self.message


def an_email() -> Email:
    message = EmailMessage()
    message["To"] = "marie@example.com"
    return Email(message)


def recorded(store: Store) -> list[str]:
    return [item["message_id"]["S"] for item in store.table.items.values()]


def test_a_message_is_sent_and_recorded():
    store, senders, compose = Store(), Senders(), Composer(an_email())
    assert send_once(store, senders, KEY, compose, NOW) == "sent"
    assert [key for key, _ in senders.sent] == [KEY] and compose.calls == 1
    assert recorded(store) == ["m1"] and store.sends.was_sent(KEY)


def test_a_message_sent_is_not_composed_nor_sent_again():
    store, senders, compose = Store(), Senders(), Composer(an_email())
    send_once(store, senders, KEY, compose, NOW)
    assert send_once(store, senders, KEY, compose, NOW) == "already_sent"
    assert len(senders.sent) == 1 and compose.calls == 1 and recorded(store) == ["m1"]


def test_a_retry_after_a_crash_between_send_and_record_sends_once_and_records_the_first_send(monkeypatch):
    store, senders, compose = Store(), Senders(), Composer(an_email())
    record = Sends.record

    def crash(*args, **kwargs):
        raise RuntimeError("the function died after sending")

    monkeypatch.setattr(Sends, "record", crash)
    with pytest.raises(RuntimeError):
        send_once(store, senders, KEY, compose, NOW)
    monkeypatch.setattr(Sends, "record", record)
    assert send_once(store, senders, KEY, compose, NOW) == "sent"  # SQS delivers it again
    assert len(senders.sent) == 1 and recorded(store) == ["m1"]


def test_each_key_is_its_own_message():
    store, senders = Store(), Senders()
    other_day = KEY.model_copy(update={"local_date": "2026-11-21"})
    other_channel = KEY.model_copy(update={"channel": "sms"})
    assert send_once(store, senders, KEY, Composer(an_email()), NOW) == "sent"
    assert send_once(store, senders, other_day, Composer(an_email()), NOW) == "sent"
    assert send_once(store, senders, other_channel, Composer(Text("+33612345678", "hello")), NOW) == "sent"
    assert [key for key, _ in senders.sent] == [KEY, other_day, other_channel]
    assert senders.sent[2][1] == ("+33612345678", "hello")


def test_no_message_composed_is_an_outcome_with_nothing_sent_or_recorded():
    store, senders = Store(), Senders()
    assert send_once(store, senders, KEY, Composer("nothing_due"), NOW) == "nothing_due"
    assert senders.sent == [] and recorded(store) == []
    assert send_once(store, senders, KEY, Composer(an_email()), NOW) == "sent"  # due later that day: sent then


def test_what_a_text_keeps_is_kept_once_sent_and_before_its_record():
    store, senders, kept = Store(), Senders(), []
    text = Text("+33612345678", "1. Claire", on_sent=lambda: kept.append(recorded(store)))
    sms = KEY.model_copy(update={"channel": "sms"})
    assert send_once(store, senders, sms, Composer(text), NOW) == "sent"
    assert kept == [[]]  # kept before the record: a crash in between keeps it again on the retry
    assert send_once(store, senders, sms, Composer(text), NOW) == "already_sent" and len(kept) == 1


def test_every_kind_of_request_has_its_module():
    assert set(KINDS) == set(get_args(DeliveryKind))


def test_a_schedule_target_and_a_stream_request_are_the_same_message():
    target = DeliveryRequest(kind="brief", networker_id="n1", meeting_id="m1").model_dump_json()
    assert json.loads(target) == {
        "kind": "brief", "networker_id": "n1", "meeting_id": "m1", "scheduled_time": SCHEDULED_TIME
    }  # fmt: skip
    fired = target.replace(SCHEDULED_TIME, "2026-11-20T08:00:00Z")  # as EventBridge Scheduler writes it in
    assert DeliveryRequest.from_message(fired).asked_at == datetime(2026, 11, 20, 8, tzinfo=UTC)

    now = DeliveryRequest(kind="phone_code", networker_id="n1", token="c1", scheduled_time=NOW)
    assert DeliveryRequest.from_message(now.model_dump_json()) == now


def test_a_message_without_its_time_is_refused():
    with pytest.raises(ValueError):
        DeliveryRequest.from_message('{"kind": "digest", "networker_id": "n1"}')
