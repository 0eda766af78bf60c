"""The local runtime's data, kept under the state dir so that a restart (or a `kill -9`) loses nothing.

Two files. `state.json` is a snapshot: every DynamoDB table of the stack as DynamoDB JSON, keyed by
logical id (moto names the tables afresh at each start), the stream records whose reactions have not
run yet (`pending`), the objects of the stack's buckets and the messages of its queues (`contents`),
the offset of the runtime's clock (not its speed: a restart runs at speed 1), the networker it
belongs to, and the sections other parts of the runtime keep there (the scheduler's schedules and
what they fired, the outbox). `journal.jsonl` holds what changed since that snapshot, each commit on
disk before its request is answered (`journal`). A start reads the snapshot, replays the journal on
it, and writes a new snapshot (a new generation) with an empty journal; so does a save.

The snapshot is replaced atomically (a temporary file, then `os.replace`); the one it replaces is
kept as `state.json.bak`. It carries its format number and a SHA-256 of its content: a file that is
not JSON, of another format, whose checksum does not match (truncated, edited, half its items gone),
or inconsistent with the journal or the dev identity is refused with what is wrong, and left as it
is: it is never read as empty or in part. Format 1 (before the journal: tables, clock and sections
alone, no checksum) is still read.

Restoring writes the items back into the fresh tables, which puts them on the streams again: the
pumps start after them (LATEST), since their reactions ran before the stop. The pending records are
then written again, each key first put back as it was before them, so that the streams hold them
anew and the reactions run.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path

import boto3

from infra.local import contents, ddbjson, journal
from infra.local.provision import REGION, Stack
from rapport import clock

logger = logging.getLogger(__name__)

FORMAT = 2
READABLE = (1, 2)
STATE_FILE = "state.json"
BACKUP_SUFFIX = ".bak"
_BATCH_WRITE_LIMIT = 25
_REPLACED = ("queues", "clock_offset_seconds", "schedules")  # journal keys holding a whole new value


class StateFormatError(Exception):
    """The state cannot be read as this runtime wrote it: the message says which file and why."""


def write_atomically(path: Path, content: bytes) -> None:
    """Replace `path` with `content` whole or not at all; the file is readable by its owner only."""
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(content)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _table_ids(stack: Stack) -> list[str]:
    return list(journal.key_names(stack))


def _canonical(document: dict) -> bytes:
    return json.dumps(document, sort_keys=True, separators=(",", ":")).encode()


def snapshot(
    stack: Stack,
    account_id: str,
    *,
    generation: int,
    networker: str,
    pending: Mapping[str, list[dict]],
    sections: Mapping[str, Callable[[], object]],
) -> dict:
    """Everything the runtime holds now, as the document `save` writes. Reading all of a table is a
    Scan: fine here, this is a maintenance tool, not a request path."""
    client = boto3.client("dynamodb", region_name=REGION)
    tables = {}
    for logical in _table_ids(stack):
        pages = client.get_paginator("scan").paginate(TableName=stack.resources[logical], ConsistentRead=True)
        tables[logical] = [ddbjson.to_wire(item) for page in pages for item in page["Items"]]
    tags = contents.object_tags(stack, account_id)
    document = {
        "format": FORMAT,
        "generation": generation,
        "saved_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "networker": networker,
        "clock_offset_seconds": journal.clock_offset(),
        "tables": tables,
        "pending": {table: records for table, records in pending.items() if records},
        "objects": {
            bucket: {key: contents.read_object(stack, bucket, key, tag) for key, tag in keys.items()}
            for bucket, keys in tags.items()
        },
        "queues": contents.export_queues(stack, account_id),
    }
    for name, export in sections.items():
        document[name] = export()
    return document


def save(path: Path, document: dict) -> None:
    """Write the snapshot with its checksum, keeping the one it replaces as `state.json.bak`."""
    body = {key: value for key, value in document.items() if key != "sha256"}
    content = _canonical({**body, "sha256": hashlib.sha256(_canonical(body)).hexdigest()})
    if path.exists():
        backup = path.with_name(path.name + BACKUP_SUFFIX)
        linked = backup.with_name(f".{backup.name}.tmp")
        linked.unlink(missing_ok=True)
        os.link(path, linked)  # the previous snapshot, kept at no cost
        os.replace(linked, backup)
    write_atomically(path, content)
    items = sum(len(items) for items in document["tables"].values())
    logger.info("state saved to %s (generation %d, %d items)", path, document["generation"], items)


def _refused(path: Path, what: str) -> StateFormatError:
    backup = path.with_name(path.name + BACKUP_SUFFIX)
    kept = f"; the snapshot before it is kept in {backup}" if backup.exists() and path.name == STATE_FILE else ""
    return StateFormatError(
        f"{path} {what}. It is left as it is{kept}: run the version of Rapport that wrote it, or move the "
        "state dir's files aside to start afresh"
    )


def _read_snapshot(path: Path) -> dict:
    try:
        document = json.loads(path.read_bytes())
    except (UnicodeDecodeError, ValueError) as error:
        raise _refused(path, f"is not a Rapport state file (truncated or damaged: {error})") from None
    found = document.get("format") if isinstance(document, dict) else None
    if found not in READABLE:
        raise _refused(path, f"has state format {found!r}, this runtime reads format {FORMAT}")
    if found == 1:  # written before the journal: no checksum, none of what came with it
        return {"generation": 0, "networker": None, "pending": {}, "objects": {}, "queues": {}, **document}
    body = {key: value for key, value in document.items() if key != "sha256"}
    if document.get("sha256") != hashlib.sha256(_canonical(body)).hexdigest():
        raise _refused(path, "does not match its checksum: it was cut short, damaged or edited after it was written")
    return document


def load(path: Path, journal_path: Path, stack: Stack, networker_kept: bool) -> dict | None:
    """The snapshot with its journal replayed on it, checked whole; None when nothing is saved.
    `networker_kept`: whether the dev identity's networker id is still in the state dir."""
    entries = journal.read(journal_path) if journal_path.exists() else []
    if not path.exists():
        if len(entries) > 1:
            raise _refused(journal_path, f"holds {len(entries) - 1} commits but {path.name}, its snapshot, is missing")
        return None
    document = _read_snapshot(path)
    if not networker_kept and any(document["tables"].values()):
        raise _refused(path, "holds data but the networker it belongs to (dev-sub, beside it) is missing")
    try:
        tables = {logical: len(items) for logical, items in document["tables"].items()}
    except (AttributeError, TypeError):
        raise _refused(path, "has no tables") from None
    if entries:
        generation = entries[0]["generation"]
        if generation > document["generation"]:
            found = document["generation"]
            raise _refused(journal_path, f"follows snapshot {generation} but {path.name} is snapshot {found}")
        if generation == document["generation"]:
            try:
                document = fold(document, entries[1:], stack)
            except (KeyError, TypeError, ValueError, AttributeError) as error:
                raise _refused(journal_path, f"holds an entry this runtime cannot replay ({error!r})") from None
        # an older journal is one a save had replaced but not yet emptied: its snapshot holds it all
    logger.info("state read from %s: %s", path, tables)
    return document


def check_networker(path: Path, document: dict, networker: str) -> None:
    """Refuse a snapshot written for another networker than the dev identity's."""
    if document["networker"] not in (None, networker):
        raise _refused(path, f"belongs to networker {document['networker']}, but dev-sub beside it names {networker}")


def _key(names: list[str], item: dict) -> str:
    return json.dumps([item[name] for name in names])


def fold(document: dict, entries: list[dict], stack: Stack) -> dict:
    """The snapshot `document` with the journal's `entries` replayed on it: the tables as they ended,
    and per table the records whose reactions had not run, each key put back as it was before them."""
    names = journal.key_names(stack)
    readers = journal.stream_readers(stack, journal.stream_tables(stack))
    items = {table: {_key(names[table], item): item for item in rows} for table, rows in document["tables"].items()}
    history = {table: list(records) for table, records in document["pending"].items()}
    consumed: dict[str, int] = {}
    document = {**document, "objects": {bucket: dict(keys) for bucket, keys in document["objects"].items()}}
    for entry in entries:
        for table, records in entry.get("records", {}).items():
            for record in records:
                key = _key(names[table], record["keys"])
                if record["new"] is None:
                    items[table].pop(key, None)
                else:
                    items[table][key] = record["new"]
            history.setdefault(table, []).extend(records)
        consumed.update(entry.get("consumed", {}))
        for bucket, changes in entry.get("objects", {}).items():
            kept = document["objects"].setdefault(bucket, {})
            for key, value in changes.items():
                if value is None:
                    kept.pop(key, None)
                else:
                    kept[key] = value
        document["outbox"] = [*document.get("outbox", []), *entry.get("outbox", [])]
        document |= {name: entry[name] for name in _REPLACED if name in entry}
    pending = {table: journal.waiting(records, readers.get(table, []), consumed) for table, records in history.items()}
    for table, records in pending.items():
        rewound: set[str] = set()
        for record in records:
            key = _key(names[table], record["keys"])
            if key not in rewound:
                rewound.add(key)
                if record["old"] is None:
                    items[table].pop(key, None)
                else:
                    items[table][key] = record["old"]
    return document | {
        "tables": {table: list(rows.values()) for table, rows in items.items()},
        "pending": {table: records for table, records in pending.items() if records},
    }


def restore(
    document: dict, stack: Stack, account_id: str, sections: Mapping[str, Callable[[object], None]] | None = None
) -> None:
    """Put the tables, objects, messages and clock back, then each section found (after the clock:
    they may read it). The pending records are for `replay`, once the pumps are reading."""
    client = boto3.client("dynamodb", region_name=REGION)
    known = _table_ids(stack)
    for logical, items in document["tables"].items():
        if logical not in known:
            logger.warning("the state holds table %s, which template.yaml no longer defines: not restored", logical)
            continue
        name = stack.resources[logical]
        for start in range(0, len(items), _BATCH_WRITE_LIMIT):
            chunk = items[start : start + _BATCH_WRITE_LIMIT]
            requests = {name: [{"PutRequest": {"Item": ddbjson.from_wire(item)}} for item in chunk]}
            while requests:
                requests = client.batch_write_item(RequestItems=requests).get("UnprocessedItems")
    contents.restore_objects(stack, document["objects"])
    contents.restore_queues(stack, account_id, document["queues"])
    clock.reset()
    clock.advance(timedelta(seconds=document["clock_offset_seconds"]))
    for name, restore_section in (sections or {}).items():
        if name in document:
            restore_section(document[name])
    logger.info("state restored (saved %s)", document["saved_at"])


def replay(document: dict, stack: Stack) -> None:
    """Write the pending records again, in order, so that the streams hold them for the reactions."""
    client = boto3.client("dynamodb", region_name=REGION)
    for table, records in document["pending"].items():
        for record in records:
            if record["new"] is None:
                client.delete_item(TableName=stack.resources[table], Key=ddbjson.from_wire(record["keys"]))
            else:
                client.put_item(TableName=stack.resources[table], Item=ddbjson.from_wire(record["new"]))
