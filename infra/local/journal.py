"""The write-ahead journal: what changed since the last snapshot, on disk before anyone is answered.

`commit()` runs after every invocation (an API request, a mail received, a batch of a queue or a
stream) and after every round of the scheduler, under the invocation lock. It appends one line to
`journal.jsonl` holding what changed since the previous commit, then fsyncs it; the gateway answers
only after that, so a `kill -9` after a 2xx loses nothing. What a line may hold:
- `records`: the table's stream records since the last commit (keys, old and new image): the stream
  is the table's own log of every write, transactions and batches included;
- `consumed`: how far each stream's event source mapping got (the last sequence number it consumed),
  so that a restart knows which records still wait for their reactions;
- `objects`: each object put or replaced in the stack's buckets (its body), or deleted (null);
- `queues`, the scheduler's section, the clock offset: their whole new value, when it changed (the
  scheduler's: when a schedule was created, changed or deleted, or one fired; the instant it has
  looked up to moves at every tick, and needs no keeping when nothing fell due);
- `outbox`: the items sent since the last commit.
The first line names the snapshot the journal follows (`{"generation": n}`); a snapshot starts a new
journal. `fold()` replays a journal on top of its snapshot (see `state.load`): a torn last line is a
commit that never finished (nobody was answered for it) and is dropped; anything else unreadable
refuses the start.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping
from pathlib import Path

import boto3

from infra.local import contents, ddbjson, template
from infra.local.provision import REGION, Stack
from rapport import clock

JOURNAL_FILE = "journal.jsonl"
_STREAM_PAGE = 1000


class JournalError(Exception):
    """The journal cannot be read: the message says where and why."""


def stream_tables(stack: Stack) -> dict[str, str]:
    """Each table's logical id by its stream ARN (every table has one: the journal reads it)."""
    streams = {}
    client = boto3.client("dynamodb", region_name=REGION)
    resources = template.sam_template()["Resources"]
    for logical in stack.resources:
        if resources.get(logical, {}).get("Type") != "AWS::DynamoDB::Table":
            continue
        arn = client.describe_table(TableName=stack.resources[logical])["Table"].get("LatestStreamArn")
        if arn is None:
            raise RuntimeError(f"table {logical} has no stream: the local journal reads every write from it")
        streams[arn] = logical
    return streams


def key_names(stack: Stack) -> dict[str, list[str]]:
    resources = template.sam_template()["Resources"]
    return {
        logical: [part["AttributeName"] for part in resources[logical]["Properties"]["KeySchema"]]
        for logical in stack.resources
        if resources.get(logical, {}).get("Type") == "AWS::DynamoDB::Table"
    }


def clock_offset() -> float:
    """How far the runtime's clock is ahead of the machine's, to the millisecond."""
    return round(clock.offset().total_seconds(), 3) + 0.0  # never -0.0


class Journal:
    """Appends what changed to the journal file; knows the stream records its snapshot must keep."""

    def __init__(
        self,
        path: Path,
        stack: Stack,
        account_id: str,
        checkpoints: Callable[[], dict[str, int | None]],
        sections: Mapping[str, tuple[Callable[[], object], Callable[[], object]]],
        outbox: Callable[[], list[dict]],
    ) -> None:
        """`checkpoints` gives each stream mapping's last consumed sequence number (function -> seq);
        `sections` each replaced-whole section's (fingerprint, exporter): exported when the
        fingerprint changed; `outbox` the items sent so far."""
        self.path = path
        self._stack = stack
        self._account_id = account_id
        self._checkpoints = checkpoints
        self._sections = dict(sections)
        self._outbox = outbox
        self._streams = boto3.client("dynamodbstreams", region_name=REGION)
        self._tables = stream_tables(stack)
        self._iterators = {}
        for arn in self._tables:
            (shard,) = self._streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"]
            self._iterators[arn] = self._streams.get_shard_iterator(
                StreamArn=arn, ShardId=shard["ShardId"], ShardIteratorType="LATEST"
            )["ShardIterator"]
        self._recent: dict[str, list[dict]] = {table: [] for table in self._tables.values()}
        self._known = self._current()
        self._file = None
        self.bytes_written = 0

    def _current(self) -> dict:
        """What the journal compares against: the values of everything kept whole, and a fingerprint
        of the objects and of the outbox."""
        return {
            "objects": contents.object_tags(self._stack, self._account_id),
            "queues": contents.export_queues(self._stack, self._account_id),
            "consumed": self._checkpoints(),
            "clock_offset_seconds": clock_offset(),
            "outbox": len(self._outbox()),
            **{name: fingerprint() for name, (fingerprint, _) in self._sections.items()},
        }

    def start(self, generation: int) -> None:
        """Begin the journal of the snapshot `generation` (just written): an empty file but its header."""
        if self._file is not None:
            self._file.close()
        self._file = open(self.path, "wb")  # noqa: SIM115 (held open: appended at each commit)
        self._append({"generation": generation})
        self.bytes_written = 0  # of commits

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None

    def _append(self, entry: dict) -> None:
        line = json.dumps(entry, separators=(",", ":")).encode() + b"\n"
        self._file.write(line)
        self._file.flush()
        os.fsync(self._file.fileno())
        self.bytes_written += len(line)

    def commit(self) -> bool:
        """Append what changed since the last commit, durably. Whether anything had. (Before the first
        `start`, at the start of the runtime, only noted: the snapshot that follows holds it.)"""
        entry: dict = {}
        records = self._read_streams()
        if records:
            entry["records"] = records
        now = self._current()
        known, self._known = self._known, now
        objects = self._object_changes(known["objects"], now["objects"])
        if objects:
            entry["objects"] = objects
        consumed = {name: seq for name, seq in now["consumed"].items() if seq != known["consumed"].get(name)}
        if consumed:
            entry["consumed"] = consumed
        if now["outbox"] != known["outbox"]:
            entry["outbox"] = self._outbox()[known["outbox"] :]
        for name in ("queues", "clock_offset_seconds"):
            if now[name] != known[name]:
                entry[name] = now[name]
        for name, (_, export) in self._sections.items():
            if now[name] != known[name]:
                entry[name] = export()
        if not entry:
            return False
        if self._file is not None:
            self._append(entry)
        return True

    def _read_streams(self) -> dict[str, list[dict]]:
        found = {}
        for arn, table in self._tables.items():
            records = []
            while True:
                response = self._streams.get_records(ShardIterator=self._iterators[arn], Limit=_STREAM_PAGE)
                if not response["Records"]:
                    break
                records += [_record(record["dynamodb"]) for record in response["Records"]]
                self._iterators[arn] = response["NextShardIterator"]
            if records:
                found[table] = records
                self._recent[table] += records
        return found

    def _object_changes(self, before: dict, after: dict) -> dict:
        changes = {}
        for bucket, tags in after.items():
            old = before.get(bucket, {})
            changed = {
                key: contents.read_object(self._stack, bucket, key, tag)
                for key, tag in tags.items()
                if old.get(key) != tag
            }
            changed |= {key: None for key in old.keys() - tags.keys()}
            if changed:
                changes[bucket] = changed
        return changes

    def pending(self) -> dict[str, list[dict]]:
        """The stream records whose reactions have not all run yet, per table (see `waiting`)."""
        readers, consumed = stream_readers(self._stack, self._tables), self._checkpoints()
        return {table: waiting(records, readers[table], consumed) for table, records in self._recent.items()}

    def compacted(self, pending: dict[str, list[dict]]) -> None:
        """A snapshot holds everything up to now: keep only the records it keeps pending."""
        self._recent = {table: list(pending.get(table, [])) for table in self._recent}


def _record(stream: dict) -> dict:
    return {
        "seq": int(stream["SequenceNumber"]),
        "keys": ddbjson.to_wire(stream["Keys"]),
        "old": ddbjson.to_wire(stream["OldImage"]) if "OldImage" in stream else None,
        "new": ddbjson.to_wire(stream["NewImage"]) if "NewImage" in stream else None,
    }


def stream_readers(stack: Stack, tables: Mapping[str, str]) -> dict[str, list[str]]:
    """The functions reading each table's stream (`tables`: logical id by stream ARN)."""
    readers: dict[str, list[str]] = {table: [] for table in tables.values()}
    for mapping in stack.stream_mappings:
        readers[tables[mapping.stream_arn]].append(mapping.function)
    return readers


def waiting(records: list[dict], functions: list[str], consumed: Mapping[str, int | None]) -> list[dict]:
    """The records after the lowest checkpoint of the functions reading their stream (all of them
    when one has consumed nothing yet; none when no function reads it)."""
    if not functions:
        return []
    marks = [consumed.get(function) for function in functions]
    if None in marks:
        return list(records)
    through = min(marks)
    return [record for record in records if record["seq"] > through]


def read(path: Path) -> list[dict]:
    """The journal's entries, header first; [] when there is none. A torn last line is dropped."""
    if not path.exists():
        return []
    raw = path.read_bytes()
    lines = raw.split(b"\n")
    torn = lines.pop()  # b"" when the file ends with a newline, as every finished commit does
    entries = []
    for number, line in enumerate(lines, 1):
        try:
            entry = json.loads(line)
        except ValueError as error:
            raise JournalError(f"{path} line {number} is not a journal entry ({error})") from None
        if not isinstance(entry, dict):
            raise JournalError(f"{path} line {number} is not a journal entry (not an object)")
        entries.append(entry)
    del torn  # a commit cut short by a crash: nobody was answered for it
    if entries and not isinstance(entries[0].get("generation"), int):
        raise JournalError(f"{path} does not start with the generation of its snapshot")
    return entries
