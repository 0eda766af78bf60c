"""State across restarts: the tables and the clock come back, reactions do not run twice, the file is
replaced atomically and a format this runtime does not know is refused clearly. The runtime runs the
real stack with stand-in handlers here; the real ones go through the same in test_scenario.py."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime, timedelta

import boto3
import pytest

from infra.local import state
from infra.local.provision import REGION
from infra.local.state import StateFormatError
from rapport import clock
from tests.e2e.conftest import stand_ins

ITEM = {
    "pk": {"S": "NW#1"},
    "sk": {"S": "C#1"},
    "type": {"S": "contact"},  # an item type with reactions: the stream mapping's filter lets it through
    "name": {"S": "Claire Martin"},
    "count": {"N": "3"},
    "photo": {"B": b"\x89PNG\x00"},
    "nested": {"M": {"raw": {"B": b"\x01"}, "list": {"L": [{"S": "a"}, {"BS": [b"\x02", b"\x03"]}]}}},
    "tags": {"SS": ["friend", "paris"]},
    "nothing": {"NULL": True},
}


class Reactions:
    """Stand-in handlers: the API answers 200, the stream consumer records the keys it is given."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    @property
    def handlers(self) -> dict:
        return stand_ins(OnChangeFunction=self.react)

    def react(self, event: dict, context) -> dict:
        self.seen += [record["dynamodb"]["Keys"]["sk"]["S"] for record in event["Records"]]
        return {"batchItemFailures": []}


def table(client) -> str:
    return client.runtime.stack.table_name


def test_the_tables_survive_a_restart(start_runtime, tmp_path):
    reactions = Reactions()
    first = start_runtime(tmp_path, handlers=reactions.handlers)
    boto3.client("dynamodb", region_name=REGION).put_item(TableName=table(first), Item=ITEM)
    first.runtime.stop()

    second = start_runtime(tmp_path, handlers=reactions.handlers)
    restored = boto3.client("dynamodb", region_name=REGION).get_item(
        TableName=table(second), Key={"pk": ITEM["pk"], "sk": ITEM["sk"]}
    )

    assert table(second) != table(first)  # moto names the table afresh; the data follows it
    assert restored["Item"] == ITEM
    assert json.loads((tmp_path / state.STATE_FILE).read_text())["format"] == state.FORMAT


def test_the_networker_and_their_key_survive_a_restart(start_runtime, tmp_path):
    first = start_runtime(tmp_path, handlers=Reactions().handlers)
    first.runtime.stop()

    second = start_runtime(tmp_path, handlers=Reactions().handlers)

    assert second.runtime.identity.networker_sub == first.runtime.identity.networker_sub
    assert second.runtime.identity.verify(first.token)["sub"] == first.runtime.identity.networker_sub
    assert (tmp_path / "dev-token").read_text() == second.token


def test_restored_records_are_not_reacted_to_again(start_runtime, tmp_path):
    reactions = Reactions()
    first = start_runtime(tmp_path, handlers=reactions.handlers)
    boto3.client("dynamodb", region_name=REGION).put_item(TableName=table(first), Item=ITEM)
    first.drain()
    first.runtime.stop()

    second = start_runtime(tmp_path, handlers=reactions.handlers)
    second.drain()
    boto3.client("dynamodb", region_name=REGION).put_item(TableName=table(second), Item={**ITEM, "sk": {"S": "C#2"}})
    drained = second.drain()

    assert reactions.seen == ["C#1", "C#2"]
    assert drained == {"OnChangeFunction": {"records": 1, "discarded": 0}}


def test_stop_runs_pending_reactions_before_the_final_save(start_runtime, tmp_path):
    reactions = Reactions()
    first = start_runtime(tmp_path, handlers=reactions.handlers)
    boto3.client("dynamodb", region_name=REGION).put_item(TableName=table(first), Item=ITEM)

    first.runtime.stop()

    assert reactions.seen == ["C#1"]


def test_the_clock_offset_survives_a_restart(start_runtime, tmp_path):
    first = start_runtime(tmp_path, handlers=Reactions().handlers)
    clock.advance(timedelta(days=3))
    first.runtime.stop()

    assert clock.now() - datetime.now(UTC) < timedelta(minutes=1)  # stop gives the process its clock back
    start_runtime(tmp_path, handlers=Reactions().handlers)

    saved = json.loads((tmp_path / state.STATE_FILE).read_text())["clock_offset_seconds"]
    assert abs(saved - timedelta(days=3).total_seconds()) < 60
    assert abs(clock.now() - datetime.now(UTC) - timedelta(days=3)) < timedelta(minutes=1)


def test_the_state_file_is_replaced_whole_or_not_at_all(tmp_path, monkeypatch):
    path = tmp_path / state.STATE_FILE
    state.write_atomically(path, b'{"format": 1, "old": true}')

    def crash(descriptor):
        raise OSError("disk full")

    monkeypatch.setattr(os, "fsync", crash)
    with pytest.raises(OSError, match="disk full"):
        state.write_atomically(path, b'{"format": 1, "new": true}')

    assert path.read_bytes() == b'{"format": 1, "old": true}'
    assert [p.name for p in tmp_path.iterdir()] == [state.STATE_FILE]
    assert path.stat().st_mode & 0o077 == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"format": 3, "tables": {}}', "has state format 3, this runtime reads format 2"),
        ('{"tables": {}}', "has state format None"),
        ("not json at all", "is not a Rapport state file"),
        ('{"format": 2, "generation": 1, "tables": {}}', "does not match its checksum"),
        ('{"format": 1, "tables": [1, 2]}', "has no tables"),  # format 1 has no checksum: its shape is checked
    ],
)
def test_a_state_file_this_runtime_cannot_read_is_refused_clearly(start_runtime, tmp_path, content, message):
    (tmp_path / state.STATE_FILE).write_text(content)
    environment = dict(os.environ)

    with pytest.raises(StateFormatError, match=message) as refused:
        start_runtime(tmp_path, handlers=Reactions().handlers)

    assert "move the state dir's files aside" in str(refused.value)
    assert dict(os.environ) == environment  # and moto is stopped: another runtime can start
    start_runtime(tmp_path / "elsewhere", handlers=Reactions().handlers)
