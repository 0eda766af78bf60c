"""The stream mapping's FilterCriteria lets through exactly the item types that have reactions
(services/reactions.py), written or removed: nothing else invokes on_change.

Patterns are Lambda's event filtering syntax (EventBridge's), matched here with moto's matcher, the one
the local stream pump uses; records are as Lambda hands them over (images in DynamoDB JSON).
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest
from aws_lambda_powertools.utilities.idempotency import DynamoDBPersistenceLayer, IdempotencyConfig
from moto.events.models import EventPattern

from rapport.services.reactions import REACTIONS
from rapport.storage import keys
from rapport.storage.item_types import ItemType
from rapport.storage.sends import SendKey, Sends


def stream_filters(template) -> list[EventPattern]:
    mappings = template.resources("AWS::Lambda::EventSourceMapping", deployed=True).values()
    (table_stream,) = [m for m in mappings if template.target(m["Properties"]["EventSourceArn"]) == "Table"]
    assert table_stream["Properties"]["FunctionName"] == {"Ref": "OnChangeFunction"}
    return [EventPattern.load(f["Pattern"]) for f in table_stream["Properties"]["FilterCriteria"]["Filters"]]


def passes(filters: list[EventPattern], record: dict) -> bool:
    return any(pattern.matches_event(json.loads(json.dumps(record))) for pattern in filters)


def record(event_name: str, old: dict | None, new: dict | None) -> dict:
    images = {"OldImage": old, "NewImage": new}
    dynamodb = {"Keys": {"pk": (new or old)["pk"], "sk": (new or old)["sk"]}, "StreamViewType": "NEW_AND_OLD_IMAGES"}
    return {
        "eventName": event_name,
        "eventSource": "aws:dynamodb",
        "dynamodb": dynamodb | {name: image for name, image in images.items() if image is not None},
    }


def typed(item_type: str, **fields: str) -> dict:
    return {"pk": {"S": "NW#n1"}, "sk": {"S": "X#1"}, "type": {"S": item_type}} | {
        name: {"S": value} for name, value in fields.items()
    }


@pytest.mark.parametrize("event_name", ["INSERT", "MODIFY", "REMOVE"])
def test_the_filter_lets_through_exactly_the_item_types_with_reactions(template, event_name):
    filters = stream_filters(template)
    images = {
        "INSERT": lambda t: (None, typed(t)),
        "MODIFY": lambda t: (typed(t, status="old"), typed(t, status="new")),
        "REMOVE": lambda t: (typed(t), None),
    }[event_name]
    passed = {t for t in ItemType if passes(filters, record(event_name, *images(t)))}
    assert passed == set(REACTIONS)


class Client:
    """A DynamoDB client that keeps what is put."""

    def __init__(self) -> None:
        self.items: list[dict] = []

    def put_item(self, **request) -> None:
        self.items.append(request["Item"])


def test_idempotency_records_do_not_invoke_on_change(template):
    client = Client()
    persistence = DynamoDBPersistenceLayer(
        table_name="t", key_attr="pk", sort_key_attr="sk", static_pk_value=keys.IDEMPOTENCY_TEXTS, boto3_client=client
    )
    persistence.configure(IdempotencyConfig(), function_name="inbound_sms")
    persistence.save_inprogress(data={"message_id": "m1"}, remaining_time_in_millis=60_000)
    (written,) = client.items
    completed = written | {"status": {"S": "COMPLETED"}}
    filters = stream_filters(template)
    assert not passes(filters, record("INSERT", None, written))
    assert not passes(filters, record("MODIFY", written, completed))
    assert not passes(filters, record("REMOVE", completed, None))


def test_send_records_do_not_invoke_on_change(template):
    client = Client()
    table = type("Table", (), {"put_new": lambda self, item: client.put_item(Item=item)})()
    key = SendKey(networker_id="n1", local_date=date(2026, 11, 20).isoformat(), channel="email", kind="digest")
    Sends(table).record(key, "m1", datetime(2026, 11, 20, 7, tzinfo=UTC))
    (written,) = client.items
    assert written["type"] == {"S": ItemType.SEND}
    assert not passes(stream_filters(template), record("INSERT", None, written))
