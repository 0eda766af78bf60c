"""Figure: the account export of a networker with 5,000 contacts and 50,000 touches (issue 16).

The networker is seeded through storage (the items each contact's and each touch's creation writes, put in
batches: the API would take minutes to make them), then the job is started as `POST /me/export` starts it
and the real export function writes the zip, from an export queue message. Measured: the function's time
against its timeout in template.yaml, and the peak of Python's allocations while it runs (tracemalloc:
moto's in this process included, its pages of answers) against the function's memory. moto is slower
than DynamoDB (its queries see the queried partition only here, as DynamoDB's do: `moto_speedup`);
Lambda's /tmp holds the spooled items and the zip.
"""

from __future__ import annotations

import json
import time
import tracemalloc
import uuid
import zipfile
from datetime import timedelta
from pathlib import Path
from tempfile import TemporaryDirectory

import boto3

from infra.bench.common import T0, function_output_discarded
from infra.bench.mailbox import moto_stack
from infra.bench.moto_speedup import json_item_results, partition_queries
from infra.local import template
from infra.local.functions import load_handler
from infra.local.invoker import LambdaContext
from rapport.domain.contact import ContactCreate
from rapport.domain.interaction import Interaction, Source
from rapport.domain.vocabulary import Direction, Kind
from rapport.services import account_exports, contacts, profiles
from rapport.services.profiles import Identity
from rapport.storage import Store, keys

CONTACTS = 5_000
TOUCHES_EACH = 10
FUNCTION = "ExportFunction"


def export_cost() -> tuple[float, float, float]:
    """Print the figure; return (time / function timeout, peak memory / function memory, seconds)."""
    print(f"\n== The account export of {CONTACTS:,} contacts and {CONTACTS * TOUCHES_EACH:,} touches ==")
    properties = template.sam_template()["Resources"][FUNCTION]["Properties"]
    timeout, memory_mb = properties["Timeout"], properties["MemorySize"]
    with (
        moto_stack() as (stack, store),
        function_output_discarded([FUNCTION]),
        partition_queries(),  # moto sorts its whole table for each query: the figure measures the export
        json_item_results(),
    ):
        started = time.perf_counter()
        networker_id = _seed(store, stack.table_name)
        print(f"  seeded through storage in {time.perf_counter() - started:.0f} s")
        profile = store.profiles.get(networker_id)
        job = account_exports.start(store, profile, T0)
        message = {"networker_id": networker_id, "export_id": job.export_id}
        handler = load_handler(FUNCTION)
        tracemalloc.start()
        started = time.perf_counter()
        result = handler({"Records": [_record(message)]}, LambdaContext("export", "arn", memory_mb, timeout))
        seconds = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        assert result == {"batchItemFailures": []}, result
        done = store.account_exports.get(networker_id, job.export_id)
        names = _names(stack, networker_id, job.export_id)
    print(f"  {done.items_written:,} items, a zip of {done.size / 2**20:.1f} MB: {', '.join(names)}")
    print(f"  written in {seconds:.1f} s (timeout {timeout} s), peak allocations {peak:.0f} MB ({memory_mb} MB)")
    return seconds / timeout, peak / memory_mb, seconds


def _seed(store: Store, table: str) -> str:
    sub = str(uuid.uuid4())
    identity = Identity(networker_id=sub, email="nora@example.com", email_verified=True, name="Nora Networker")
    profile = profiles.current(store, identity, T0)
    items = []
    for n in range(CONTACTS):
        draft = ContactCreate(name=f"Person Number{n}", emails=[f"person{n}@example.com"], company=f"Company {n % 97}")
        contact = contacts.new_contact(profile, draft, T0)
        items += _puts(store.contacts.creation(sub, contact))
        for t in range(TOUCHES_EACH):
            moment = T0 - timedelta(days=t * 30 + n % 30)
            touch = Interaction(
                interaction_id=f"{n:08d}{t:04d}{uuid.uuid4().hex[:20]}",
                kind=Kind.COFFEE,
                direction=Direction.MUTUAL,
                occurred_at=moment,
                contact_ids=[contact.contact_id],
                summary=f"Coffee number {t} with person {n}: their plans for next year",
                source=Source.API,
                created_at=moment,
            )
            items += _puts(store.interactions.creation(sub, touch, written={contact.contact_id}))
        if len(items) >= 2_000:
            _batch_write(table, items)
            items = []
    _batch_write(table, items)
    return sub


def _puts(writes) -> list[dict]:
    return [operation["Put"]["Item"] for operation, _ in writes if "Put" in operation]


def _batch_write(table: str, items: list[dict]) -> None:
    client = boto3.client("dynamodb")
    for start in range(0, len(items), 25):
        pending = {table: [{"PutRequest": {"Item": item}} for item in items[start : start + 25]]}
        while pending:
            pending = client.batch_write_item(RequestItems=pending).get("UnprocessedItems") or {}


def _record(body: dict) -> dict:
    """The export queue's message, as its event source mapping hands it over."""
    return {
        "messageId": str(uuid.uuid4()),
        "receiptHandle": "r",
        "body": json.dumps(body),
        "attributes": {"ApproximateReceiveCount": "1"},
        "messageAttributes": {},
        "md5OfBody": "",
        "eventSource": "aws:sqs",
        "eventSourceARN": "arn:aws:sqs:us-east-1:123456789012:exports",
        "awsRegion": "us-east-1",
    }


def _names(stack, networker_id: str, export_id: str) -> list[str]:
    """The zip's files and their sizes, read back from the bucket."""
    bucket = stack.environments[FUNCTION]["EXPORTS_BUCKET"]
    with TemporaryDirectory() as folder:
        path = Path(folder) / "export.zip"
        boto3.client("s3").download_file(bucket, keys.export_archive(networker_id, export_id), str(path))
        with zipfile.ZipFile(path) as archive:
            return [f"{info.filename} {info.file_size / 2**20:.1f} MB" for info in archive.infolist()[:8]]
