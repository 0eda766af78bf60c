"""The local runtime's data, kept under the state dir so that a restart loses nothing.

`state.json` holds every DynamoDB table of the stack as DynamoDB JSON, keyed by logical id (moto
names the tables afresh at each start), the offset of the runtime's clock (not its speed: a restart
runs at speed 1), and the sections other parts of the runtime keep there (the scheduler's schedules
and what they fired, the outbox), each under its own key: a file without one (written before it
existed) restores nothing for it, so the format stays 1. It is replaced
atomically (a temporary file, then `os.replace`), so a crash mid-save leaves the previous state
whole. Reading all of a table is a Scan: fine here, this is a maintenance tool, not a request path.

The file carries its format number; a runtime refuses a format it does not know rather than
guess. Restoring writes the items back into the fresh tables, which puts them on the streams
again: the runtime starts its pumps after them, since their reactions ran before the stop.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path

import boto3

from infra.local import ddbjson, template
from infra.local.provision import REGION, Stack
from rapport import clock

logger = logging.getLogger(__name__)

FORMAT = 1
STATE_FILE = "state.json"
_BATCH_WRITE_LIMIT = 25


class StateFormatError(Exception):
    """The state file is not one this runtime can read."""


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
    resources = template.sam_template()["Resources"]
    return [logical for logical in stack.resources if resources.get(logical, {}).get("Type") == "AWS::DynamoDB::Table"]


def _clock_offset() -> float:
    """How far the runtime's clock is ahead of the machine's, to the millisecond."""
    return round(clock.offset().total_seconds(), 3) + 0.0  # never -0.0


def save(path: Path, stack: Stack, sections: Mapping[str, Callable[[], object]] | None = None) -> None:
    """Write the tables, the clock offset and each section (its name -> what to save, as JSON)."""
    client = boto3.client("dynamodb", region_name=REGION)
    tables = {}
    for logical in _table_ids(stack):
        pages = client.get_paginator("scan").paginate(TableName=stack.resources[logical], ConsistentRead=True)
        tables[logical] = [ddbjson.to_wire(item) for page in pages for item in page["Items"]]
    document = {
        "format": FORMAT,
        "saved_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "clock_offset_seconds": _clock_offset(),
        "tables": tables,
    }
    for name, export in (sections or {}).items():
        document[name] = export()
    write_atomically(path, json.dumps(document, separators=(",", ":")).encode())
    logger.info("state saved to %s (%d items)", path, sum(len(items) for items in tables.values()))


def _read(path: Path) -> dict:
    try:
        document = json.loads(path.read_text())
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise StateFormatError(
            f"{path} is not a Rapport state file ({error}); move the file aside to start afresh"
        ) from None
    found = document.get("format") if isinstance(document, dict) else None
    if found != FORMAT:
        raise StateFormatError(
            f"{path} has state format {found!r}, this runtime reads format {FORMAT}: "
            "run the version of Rapport that wrote it, or move the file aside to start afresh"
        )
    return document


def restore(path: Path, stack: Stack, sections: Mapping[str, Callable[[object], None]] | None = None) -> bool:
    """Put the saved tables and clock back, then each section found (after the clock: they may read
    it); False when there is nothing saved yet."""
    if not path.exists():
        return False
    document = _read(path)
    client = boto3.client("dynamodb", region_name=REGION)
    known = _table_ids(stack)
    for logical, items in document["tables"].items():
        if logical not in known:
            logger.warning("%s holds table %s, which template.yaml no longer defines: not restored", path, logical)
            continue
        name = stack.resources[logical]
        for start in range(0, len(items), _BATCH_WRITE_LIMIT):
            chunk = items[start : start + _BATCH_WRITE_LIMIT]
            requests = {name: [{"PutRequest": {"Item": ddbjson.from_wire(item)}} for item in chunk]}
            while requests:
                requests = client.batch_write_item(RequestItems=requests).get("UnprocessedItems")
    clock.reset()
    clock.advance(timedelta(seconds=document["clock_offset_seconds"]))
    for name, restore_section in (sections or {}).items():
        if name in document:
            restore_section(document[name])
    logger.info("state restored from %s (saved %s)", path, document["saved_at"])
    return True
