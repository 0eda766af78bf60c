"""Figure 12: the account export of a networker with 5,000 contacts and 50,000 touches (issue 16).

The networker is seeded through storage (the items each contact's and each touch's creation writes, put
straight into moto's table: the API would take many minutes to make them), then the job is started as
`POST /me/export` starts it and the real export function writes the zip, from an export queue message.
Measured: the function's time against its timeout in template.yaml, and how much the process's resident
memory grew at most while it ran (sampled every 20 ms; moto's answers in this process included) against
the function's memory: an export that held its items or its zip in memory would grow by tens of MB (the
items are 30 MB as JSON). tracemalloc would count Python's allocations exactly, but it doubles the time.
moto is slower than DynamoDB (its queries see the queried partition only here, as DynamoDB's do:
`moto_speedup`); Lambda's /tmp holds the spooled items and the zip.
"""

from __future__ import annotations

import ctypes
import json
import os
import threading
import time
import uuid
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
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
from rapport.storage.dynamo import Table

CONTACTS = 5_000
TOUCHES_EACH = 10
FUNCTION = "ExportFunction"


def export_cost() -> tuple[float, float, float]:
    """Print the figure; return (time / function timeout, the export's own memory growth beyond moto's / function
    memory, seconds)."""
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
        seeded = time.perf_counter() - started
        profile = store.profiles.get(networker_id)
        with resident_growth() as growth:  # moto's own: it holds a whole partition to answer each page
            sum(1 for _ in Table(boto3.client("dynamodb"), stack.table_name).query_all(**_partition(networker_id)))
        moto_peak = growth()
        job = account_exports.start(store, profile, T0)
        message = {"networker_id": networker_id, "export_id": job.export_id}
        handler = load_handler(FUNCTION)
        with resident_growth() as growth:
            started = time.perf_counter()
            result = handler({"Records": [_record(message)]}, LambdaContext("export", "arn", memory_mb, timeout))
            seconds = time.perf_counter() - started
        peak = growth() - moto_peak
        assert result == {"batchItemFailures": []}, result
        done = store.account_exports.get(networker_id, job.export_id)
        names = _names(stack, networker_id, job.export_id)
    print(f"  seeded through storage in {seeded:.0f} s (printed here: the function's output is discarded above)")
    print(f"  {done.items_written:,} items, a zip of {done.size / 2**20:.1f} MB: {', '.join(names)}")
    print(f"  written in {seconds:.1f} s (timeout {timeout} s)")
    print(
        f"  memory grew {peak + moto_peak:.0f} MB at most, {moto_peak:.0f} MB of them moto's (reading the networker's"
        f" partition alone): the export's own {peak:.0f} MB ({memory_mb} MB)"
    )
    return seconds / timeout, peak / memory_mb, seconds


def _partition(networker_id: str) -> dict:
    return {
        "KeyConditionExpression": "pk = :pk",
        "ExpressionAttributeValues": {":pk": {"S": keys.networker(networker_id)}},
    }


@contextmanager
def resident_growth(every: float = 0.02) -> Iterator:
    """How much the process's resident memory grew at most while the block ran, in MB (sampled; what glibc
    kept of memory freed before is given back first, so that it is not counted as free room)."""
    ctypes.CDLL("libc.so.6").malloc_trim(0)
    page = os.sysconf("SC_PAGE_SIZE")

    def resident() -> int:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * page

    baseline, peak, done = resident(), [0], threading.Event()

    def sample() -> None:
        while not done.wait(every):
            peak[0] = max(peak[0], resident())

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        yield lambda: max(peak[0] - baseline, 0) / 2**20
    finally:
        done.set()
        sampler.join()
        peak[0] = max(peak[0], resident())


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
            _put_all(table, items)
            items = []
    _put_all(table, items)
    return sub


def _puts(writes) -> list[dict]:
    return [operation["Put"]["Item"] for operation, _ in writes if "Put" in operation]


def _put_all(table: str, items: list[dict]) -> None:
    """The items put in moto's table itself, its stream off meanwhile: 105,000 items through moto's HTTP
    parsing, size checks and stream records take minutes, and nothing here reacts to them."""
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.dynamodb.models import dynamodb_backends

    moto_table = dynamodb_backends[DEFAULT_ACCOUNT_ID][os.environ["AWS_DEFAULT_REGION"]].get_table(table)
    shard, moto_table.stream_shard = moto_table.stream_shard, None
    try:
        for item in items:
            moto_table.put_item(item, overwrite=True)
    finally:
        moto_table.stream_shard = shard


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
