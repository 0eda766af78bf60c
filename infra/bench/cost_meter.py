"""What the real functions ask of AWS while they run, in the units AWS bills.

A `Meter` wraps each handler (invocations, duration) and, while `metering()`, every boto3 client's
calls (service and operation). Only calls made inside an invocation count: the bench's own seeding
and the local runtime's machinery are not Rapport's bill (what AWS does for the functions, such as
the scheduler firing or an event source mapping reading a queue, is counted by `cost_month`).

- DynamoDB units are computed as DynamoDB documents them, from item sizes (moto's ConsumedCapacity
  means nothing): a write costs 1 unit per KB of the larger of the item before and after (2 in a
  transaction, a failed condition included), plus its index writes (the `due` index projects ALL: an
  entry put or removed costs its size, a moved key both); a read 1 unit per 4 KB read, half when
  eventually consistent, 2 in a transaction. Before and after are read from moto's backend directly.
- Lambda duration: the CPU time of the invocation outside its AWS calls, scaled to the share of a
  vCPU its memory buys (1,769 MB is one vCPU; this machine's core taken for a Graviton2 one), plus
  an assumed round trip per AWS call (`LATENCY_MS`), rounded up to the millisecond as Lambda bills.
- Log bytes: everything the functions print (Powertools' JSON logs, EMF metrics), plus Lambda's own
  START/END/REPORT lines; the EMF lines also name the custom metrics.
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import time
from collections import Counter
from collections.abc import Callable, Iterator

from botocore.client import BaseClient
from botocore.exceptions import ClientError
from moto.core import DEFAULT_ACCOUNT_ID
from moto.dynamodb.models import dynamodb_backends
from moto.dynamodb.models.dynamo_type import DynamoType

from infra.local.provision import REGION

VCPU_MB = 1_769  # Lambda gives one full vCPU at this memory, a proportional share below
LATENCY_MS = {"dynamodb": 6, "sqs": 12, "sesv2": 40, "ses": 40, "sns": 40, "s3": 20, "scheduler": 25}
DEFAULT_LATENCY_MS = 20
PLATFORM_LOG_BYTES = 360  # Lambda's START, END and REPORT lines of one invocation
WRITES = {"PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem", "TransactWriteItems"}
INDEX_KEYS = ("due_pk", "due_sk")  # the `due` index of template.yaml (projection ALL)
GSM = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§"
    "¿abcdefghijklmnopqrstuvwxyzäöñüà"
)


def sms_parts(text: str) -> int:
    """Parts billed for one SMS: 160 GSM characters (153 each when split), else 70 UCS-2 (67)."""
    single, each = (160, 153) if set(text) <= GSM else (70, 67)
    return 1 if len(text) <= single else math.ceil(len(text) / each)


def sms_country(phone: str) -> str:
    return "fr" if phone.startswith("+33") else "us" if phone.startswith("+1") else "other"


def value_size(value: dict) -> int:
    """Bytes of one DynamoDB attribute value (DynamoDB JSON), as DynamoDB sizes items."""
    ((kind, data),) = value.items()
    if kind == "S":
        return len(data.encode())
    if kind == "N":
        return math.ceil(len(str(data).lstrip("-").replace(".", "")) / 2) + 1  # a byte per 2 digits, and 1
    if kind == "B":
        return len(data)
    if kind in ("SS", "NS", "BS"):
        return sum(value_size({kind[0]: one}) for one in data)
    if kind == "L":
        return 3 + sum(1 + value_size(one) for one in data)
    if kind == "M":
        return 3 + item_size(data) + len(data)
    return 1  # BOOL, NULL


def item_size(item: dict | None) -> int:
    return sum(len(name.encode()) + value_size(value) for name, value in (item or {}).items())


def _units(size: int, unit: int) -> int:
    return max(1, math.ceil(size / unit))


class LogSink(io.TextIOBase):
    """Counts what the functions write; keeps the custom metrics their EMF lines define."""

    def __init__(self) -> None:
        self.bytes = 0
        self.metrics: set[tuple] = set()

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self.bytes += len(text.encode())
        for line in text.splitlines():
            if '"_aws"' in line:
                self._metrics(json.loads(line))
        return len(text)

    def _metrics(self, document: dict) -> None:
        for directive in document["_aws"]["CloudWatchMetrics"]:
            for dimensions in directive["Dimensions"] or [[]]:
                values = tuple((name, document.get(name)) for name in dimensions)
                for metric in directive["Metrics"]:
                    self.metrics.add((directive["Namespace"], metric["Name"], values))


class Meter:
    """Usage by price key (`usage`), AWS calls by (function, service, operation) (`calls`)."""

    def __init__(self, account_id: str = DEFAULT_ACCOUNT_ID) -> None:
        self.usage: Counter[str] = Counter()
        self.calls: Counter[tuple[str, str, str]] = Counter()
        self.invocations: Counter[str] = Counter()
        self.texts: Counter[str] = Counter()  # SMS sent and their parts, for the record
        self.logs = LogSink()
        self._account_id = account_id
        self._running: str | None = None
        self._aws_cpu = 0.0
        self._aws_ms = 0

    def take(self) -> Counter[str]:
        """The usage so far (log bytes included), and start again from nothing."""
        usage, self.usage = self.usage, Counter()
        usage["logs_ingested"] += self.logs.bytes / 1e9
        self.logs.bytes = 0
        return usage

    def wrap(self, function: str, handler: Callable[[], Callable]) -> Callable:
        """`handler()` gives the real handler (loaded at the first invocation, as a container would)."""

        def metered(event: dict, context) -> object:
            self._running, self._aws_cpu, self._aws_ms = function, 0.0, 0
            started = time.thread_time()
            try:
                return handler()(event, context)
            finally:
                cpu = time.thread_time() - started - self._aws_cpu
                billed_ms = math.ceil(cpu * 1000 * max(1.0, VCPU_MB / context.memory_limit_in_mb) + self._aws_ms)
                self._running = None
                self.invocations[function] += 1
                self.usage["lambda_requests"] += 1
                self.usage["lambda_gb_seconds"] += billed_ms / 1000 * context.memory_limit_in_mb / 1024
                self.logs.bytes += PLATFORM_LOG_BYTES

        return metered

    @contextlib.contextmanager
    def metering(self) -> Iterator[None]:
        """Every boto3 client's calls go through the meter (Powertools' idempotency makes its own
        session: a hook on the default one would miss its calls)."""
        original, meter = BaseClient._make_api_call, self

        def call(client, operation: str, params: dict):
            if meter._running is None:
                return original(client, operation, params)
            service, parsed = client.meta.service_model.service_name, {}
            before = meter._before(service, operation, params)
            started = time.thread_time()
            try:
                parsed = original(client, operation, params)
                return parsed
            except ClientError as error:  # a failed condition is billed too
                parsed = error.response
                raise
            finally:
                meter._aws_cpu += time.thread_time() - started
                meter._count(service, operation, params, parsed, before)

        BaseClient._make_api_call = call
        try:
            yield
        finally:
            BaseClient._make_api_call = original

    def _before(self, service: str, operation: str, params: dict) -> list:
        if service == "dynamodb" and operation in WRITES:
            return [self._stored(table, key) for table, key, _ in self._writes(operation, params)]
        return []

    def _count(self, service: str, operation: str, params: dict, parsed: dict, before: list) -> None:
        self._aws_ms += LATENCY_MS.get(service, DEFAULT_LATENCY_MS)
        self.calls[(self._running, service, operation)] += 1
        if service == "dynamodb":
            self._dynamodb(operation, params, parsed, before)
        elif service == "sqs":
            self.usage["sqs_requests"] += max(1, math.ceil(len(params.get("MessageBody", "")) / 65_536))
        elif service in ("ses", "sesv2") and operation.startswith("Send"):
            self.usage["ses_outbound"] += 1
        elif service == "sns" and operation == "Publish" and "PhoneNumber" in params:
            parts = sms_parts(params["Message"])
            self.usage[f"sms_{sms_country(params['PhoneNumber'])}"] += parts
            self.texts.update({"texts": 1, "parts": parts})
        elif service == "s3":
            self.usage["s3_writes" if operation.startswith(("Put", "Copy", "List")) else "s3_reads"] += 1
            self.usage["kms_requests"] += 1  # upper bound: the buckets' keys make it fewer
        elif service == "sns":
            self.usage["sns_requests"] += 1
        # other calls (EventBridge Scheduler's API, KMS by the services themselves) are free or priced elsewhere

    # ------------------------------------------------------------------ DynamoDB units
    def _dynamodb(self, operation: str, params: dict, parsed: dict, before: list) -> None:
        if operation in WRITES:
            writes = self._writes(operation, params)
            for (table, key, kind), old in zip(writes, before, strict=True):
                new = self._stored(table, key)
                factor = 2 if operation == "TransactWriteItems" else 1
                self.usage["dynamodb_write_units"] += factor * _units(max(item_size(old), item_size(new)), 1024)
                if kind != "ConditionCheck":
                    self.usage["dynamodb_write_units"] += _index_units(old, new)
            return
        eventual = 1.0 if params.get("ConsistentRead") else 0.5
        if operation == "GetItem":
            self.usage["dynamodb_read_units"] += eventual * _units(item_size(parsed.get("Item")), 4096)
        elif operation in ("Query", "Scan"):
            items = parsed.get("Items", [])
            size = sum(item_size(item) for item in items)
            scanned, returned = parsed.get("ScannedCount", 0), parsed.get("Count", 0)
            size = size * scanned / returned if returned else scanned * 1024  # filtered out: 1 KB each, assumed
            self.usage["dynamodb_read_units"] += eventual * _units(int(size), 4096)
        elif operation == "BatchGetItem":
            for items in parsed.get("Responses", {}).values():
                self.usage["dynamodb_read_units"] += sum(0.5 * _units(item_size(item), 4096) for item in items)
        elif operation == "TransactGetItems":
            for response in parsed.get("Responses", []):
                self.usage["dynamodb_read_units"] += 2 * _units(item_size(response.get("Item")), 4096)

    @staticmethod
    def _writes(operation: str, params: dict) -> list[tuple[str, dict, str]]:
        """(table, key or item, kind) of each item a write touches."""
        if operation == "TransactWriteItems":
            found = []
            for entry in params["TransactItems"]:
                ((kind, action),) = entry.items()
                found.append((action["TableName"], action.get("Key") or action["Item"], kind))
            return found
        if operation == "BatchWriteItem":
            return [
                (table, request.get("PutRequest", {}).get("Item") or request["DeleteRequest"]["Key"], "Batch")
                for table, requests in params["RequestItems"].items()
                for request in requests
            ]
        return [(params["TableName"], params.get("Key") or params["Item"], operation)]

    def _stored(self, table_name: str, key: dict) -> dict | None:
        table = dynamodb_backends[self._account_id][REGION].get_table(table_name)
        hash_key = DynamoType(key[table.hash_key_attr])
        range_key = DynamoType(key[table.range_key_attr]) if table.range_key_attr else None
        item = table.get_item(hash_key, range_key)
        return item.to_json()["Attributes"] if item is not None else None


def _index_units(old: dict | None, new: dict | None) -> int:
    """Writes to the `due` index (projection ALL) for one item going from `old` to `new`."""

    def entry(item: dict | None) -> tuple | None:
        if item is None or not all(name in item for name in INDEX_KEYS):
            return None
        return tuple(json.dumps(item[name], sort_keys=True) for name in INDEX_KEYS)

    before, after = entry(old), entry(new)
    if before is None and after is None:
        return 0
    if before is None:
        return _units(item_size(new), 1024)
    if after is None:
        return _units(item_size(old), 1024)
    if before != after:
        return _units(item_size(old), 1024) + _units(item_size(new), 1024)
    return _units(max(item_size(old), item_size(new)), 1024) if old != new else 0
