"""Changes decoded from stream records, and the reactions that only send, through the real on_change
handler with fakes for what it acts on (no AWS: the reactions that read the table are in
tests/integration/test_on_change.py and beside it)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event import (
    DynamoDBRecord,
    DynamoDBRecordEventName,
)
from boto3.dynamodb.types import TypeSerializer

from infra.local.functions import load_handler
from infra.local.invoker import LambdaContext
from rapport import clock
from rapport.delivery.requests import DeliveryRequest
from rapport.services.account_exports import ExportRequest
from rapport.services.imports import ChunkRequest
from rapport.services.reactions import Reactor
from rapport.storage import changes
from rapport.storage.item_types import ItemType

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
NETWORKER = "0b0e8c8e-4f57-4c55-9d0e-2f0c4b7a3a11"
_serialize = TypeSerializer().serialize


class Queue:
    def __init__(self) -> None:
        self.sent: list = []

    def send(self, message) -> None:
        self.sent.append(message)


class Untouched:
    """Stands for what a reaction must not use here: any attribute read fails the record."""

    def __getattr__(self, name):
        raise AssertionError(f"{name} used")


@pytest.fixture
def reactor() -> Reactor:
    return Reactor(
        store=Untouched(),
        schedules=Untouched(),
        deliveries=Queue(),
        imports=Queue(),
        exports=Queue(),
        deletions=Queue(),
        calendar_syncs=Queue(),
    )


@pytest.fixture(autouse=True)
def frozen_clock():
    clock.freeze(NOW)
    yield
    clock.reset()


def record(sequence: int, old: dict | None, new: dict | None) -> dict:
    """A stream record as Lambda hands it over (images in DynamoDB JSON)."""
    name = "INSERT" if old is None else "REMOVE" if new is None else "MODIFY"
    images = {"OldImage": old, "NewImage": new}
    dynamodb = {name: {k: _serialize(v) for k, v in image.items()} for name, image in images.items() if image}
    item = new or old
    return {
        "eventID": str(sequence),
        "eventName": name,
        "eventSource": "aws:dynamodb",
        "dynamodb": dynamodb
        | {
            "Keys": {"pk": _serialize(item["pk"]), "sk": _serialize(item["sk"])},
            "SequenceNumber": str(sequence),
            "StreamViewType": "NEW_AND_OLD_IMAGES",
        },
    }


def react(reactor: Reactor, *records: dict) -> dict:
    return load_handler("OnChangeFunction")(
        {"Records": list(records)}, LambdaContext("on_change", "arn", 512, 60), reactor
    )


def confirmation(**fields) -> dict:
    return {
        "pk": "EC#t0k3n",
        "sk": "CONFIRMATION",
        "type": "email_confirmation",
        "networker_id": NETWORKER,
        "token": "t0k3n",
    } | fields


def phone_code(code_id: str, **fields) -> dict:
    return {"pk": f"NW#{NETWORKER}", "sk": "PHONE_CODE", "type": "phone_code", "code_id": code_id} | fields


def job(status: str, processed: int) -> dict:
    return {
        "pk": f"NW#{NETWORKER}",
        "sk": "IMPORT#j1",
        "type": "import",
        "import_id": "j1",
        "status": status,
        "processed": processed,
    }


def test_a_change_is_the_record_decoded():
    old = job("running", 0) | {"tags": {"a", "b"}}
    change = changes.decode(DynamoDBRecord(record(1, old, job("running", 500))))
    assert change.operation is DynamoDBRecordEventName.MODIFY
    assert (change.item_type, change.networker_id) == (ItemType.IMPORT, NETWORKER)
    assert change.new["processed"] == 500 and type(change.new["processed"]) is int
    assert sorted(change.old["tags"]) == ["a", "b"]
    assert change.changed("processed") and not change.changed("status", "import_id")

    removed = changes.decode(DynamoDBRecord(record(2, confirmation(), None)))
    assert (removed.removed, removed.new, removed.item["token"]) == (True, {}, "t0k3n")
    assert removed.networker_id is None  # a shared partition


def test_an_item_of_no_type_is_a_change_of_no_type():
    idempotency = {"pk": f"IDEMPOTENCY#{NETWORKER}", "sk": "api#abc", "status": "COMPLETED", "expiration": 1}
    assert changes.decode(DynamoDBRecord(record(1, None, idempotency))).item_type is None


def test_a_new_confirmation_is_sent_at_once_and_its_use_sends_nothing(reactor):
    assert react(reactor, record(1, None, confirmation()), record(2, confirmation(), None)) == {"batchItemFailures": []}
    assert reactor.deliveries.sent == [
        DeliveryRequest(kind="confirmation", networker_id=NETWORKER, token="t0k3n", scheduled_time=NOW)
    ]


def test_a_new_phone_code_is_texted_but_not_a_wrong_try(reactor):
    wrong_try = record(2, phone_code("c1"), phone_code("c1", tries=1))
    new_code = record(3, phone_code("c1"), phone_code("c2"))
    assert react(reactor, record(1, None, phone_code("c1")), wrong_try, new_code) == {"batchItemFailures": []}
    assert reactor.deliveries.sent == [
        DeliveryRequest(kind="phone_code", networker_id=NETWORKER, token=token, scheduled_time=NOW)
        for token in ("c1", "c2")
    ]


def test_a_running_import_that_advanced_gets_its_next_chunk(reactor):
    started, advanced = record(1, None, job("running", 0)), record(2, job("running", 0), job("running", 500))
    done = record(3, job("running", 500), job("done", 700))
    assert react(reactor, started, advanced, done) == {"batchItemFailures": []}
    assert reactor.imports.sent == [
        ChunkRequest(networker_id=NETWORKER, import_id="j1", first=first) for first in (0, 500)
    ]


def export(status: str, items_written: int) -> dict:
    fields = {"type": "account_export", "export_id": "x1", "status": status, "items_written": items_written}
    return {"pk": f"NW#{NETWORKER}", "sk": "AX#x1"} | fields


def test_an_export_started_is_written_and_once_done_announced_once(reactor):
    started, progressed = (
        record(1, None, export("running", 0)),
        record(2, export("running", 0), export("running", 1000)),
    )
    done = record(3, export("running", 1000), export("done", 1200))
    replayed = record(4, export("done", 1200), export("done", 1200))
    assert react(reactor, started, progressed, done, replayed) == {"batchItemFailures": []}
    assert reactor.exports.sent == [ExportRequest(networker_id=NETWORKER, export_id="x1")]
    assert reactor.deliveries.sent == [
        DeliveryRequest(kind="account_export", networker_id=NETWORKER, token="x1", scheduled_time=NOW)
    ]


def test_item_types_without_reactions_touch_nothing(reactor):
    touch = {"pk": f"NW#{NETWORKER}", "sk": "T#c1#x", "type": "touch", "contact_ids": ["c1"]}
    send = {"pk": f"NW#{NETWORKER}", "sk": "SEND#x", "type": "send"}
    assert react(reactor, record(1, None, touch), record(2, None, send)) == {"batchItemFailures": []}
    assert reactor.deliveries.sent == reactor.imports.sent == []


def test_a_record_that_cannot_be_decoded_fails_alone(reactor):
    keyless = record(2, None, confirmation())
    del keyless["dynamodb"]["NewImage"]["pk"]
    result = react(reactor, record(1, None, confirmation()), keyless)
    assert result == {"batchItemFailures": [{"itemIdentifier": "2"}]}
    assert len(reactor.deliveries.sent) == 1
