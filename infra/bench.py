"""`make bench`: the two figures of the performance issue, measured locally against moto.

1. Cold start of the API function. On our side, a Lambda init plus its first request is a fresh
   Python process that imports the handler and serves one request. Its wall time is compared with
   the floor below which no Python function using DynamoDB can go: a fresh process running
   `import boto3; boto3.client("dynamodb")`. Both run as child processes of this interpreter, with
   the same environment, interleaved so that they share the machine's noise. The request is a real
   `GET /me` against a moto server on 127.0.0.1, so the child also pays boto3's first HTTP calls.
   Target: median handler / median floor <= 1.5.
2. Read cost of `GET /due`. The due list must cost what is due, not what is held: a networker with
   5,000 contacts and one with 50, both with the same 5 due, must read as many DynamoDB items.
   Items read are counted from the responses (ScannedCount of a Query or Scan, 1 per GetItem that
   found an item, the items in the Responses of a BatchGetItem), because moto's ConsumedCapacity
   means nothing. Target: ratio 1.0.
3. Read cost of one digest. The same count, through the real deliver handler fed one SQS record:
   networkers holding 50, 500 and 5,000 contacts, the same 10 due, each digest composed and sent
   once (moto's SES must hold one more email, naming the 10). Target: ratio 5,000 / 50 of 1.0.
4. Digests per second through the local pipeline (informative, no target): a local `Runtime` with
   1,000 networkers whose digest schedules the real on_change reaction created; the runtime's clock
   is moved over the day's digest times, so every schedule fires, its message goes through the
   delivery queue into the real deliver function, and the digest is sent. The wall time of that
   advance is the figure, with where it went (scheduler, deliver, on_change, the rest). Each profile
   is made by the real API function (PATCH /me); the contacts are written 25 to a BatchWriteItem
   (`BatchedContacts`), as through the API each is a moto transaction that copies the whole table.
   moto's Query sorts its whole table each time (see `partition_queries`): for this figure only, it
   is handed the queried partition, so that the figure measures the pipeline, not moto's sort.

A measurement, not a test: it exits 0 on a MISS and non-zero only when something breaks.
"""

from __future__ import annotations

import contextlib
import inspect
import json
import logging
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
import warnings
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import boto3
from moto import mock_aws
from moto.core import DEFAULT_ACCOUNT_ID
from moto.dynamodb.models.table import Table as MotoTable
from moto.server import ThreadedMotoServer
from moto.ses.models import ses_backends

from infra.bench_child import LambdaContext, http_event
from infra.local import functions, invoker
from infra.local.functions import apply_environment, load_handler
from infra.local.outbox import email_item
from infra.local.provision import LOCAL_AWS_ENV, REGION, create_stack, use_local_aws_environment
from infra.local.runtime import Runtime
from rapport import clock
from rapport.domain.contact import Circle, ContactCreate
from rapport.services import contacts, profiles
from rapport.services.profiles import Identity
from rapport.storage import Store
from rapport.storage.contacts import Contacts
from rapport.storage.dynamo import Table

CHILD = Path(__file__).with_name("bench_child.py")
FLOOR = 'import boto3; boto3.client("dynamodb")'
RUNS = 15
COLD_START_TARGET = 1.5

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
DUE = 5  # contacts in the inner circle (due 14 days after T0); all others are loose (180 days)
HOLDINGS = (50, 5_000)
TIMED_CALLS = 5

DIGEST_DUE = 10  # inner circle, due 14 days after T0; the digest is composed 15 days after T0
DIGEST_HOLDINGS = (50, 500, 5_000)
WAITING = re.compile(r"(\d+|One) (?:people are|person is) waiting")  # the digest's English intro

NETWORKERS = 1_000
PIPELINE_DUE, PIPELINE_LOOSE = 2, 1  # contacts of each networker: inner (due on DIGEST_DAY), loose
ZONES = ("Europe/Paris", "America/New_York")  # alternately; 08:30 is 07:30 UTC and 13:30 UTC in January
DIGEST_TIME = "08:30"
DIGEST_DAY = datetime(2026, 1, 20, 6, 0, tzinfo=UTC)  # T0 + 15 days, early: before both digest times
OVER = timedelta(hours=8)  # the advance: to 14:00 UTC, over both


# ---------------------------------------------------------------- 1. cold start
def cold_start() -> float:
    """Print the floor's and the handler's process wall times; return the ratio of medians."""
    print(f"== 1. Cold start of the API function: fresh process, import + one GET /me, {RUNS} runs each ==")
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        os.environ["AWS_ENDPOINT_URL"] = f"http://{host}:{port}"
        stack = create_stack()  # works as is: every boto3 client of the provisioning goes to the server
        env = {
            **LOCAL_AWS_ENV,
            **stack.environments["ApiFunction"],
            "AWS_ENDPOINT_URL": os.environ["AWS_ENDPOINT_URL"],
            "AWS_CONFIG_FILE": os.devnull,  # no developer ~/.aws in the way, as in Lambda
            "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
        }
        floor_command = [sys.executable, "-I", "-c", FLOOR]
        floor, handler = [], []
        for _ in range(RUNS + 1):  # the first run of each compiles .pyc files: discarded below
            floor.append(_wall_ms(floor_command, env))
            # A new networker each run: every cold start pays the GetItem miss and the PutItem of a
            # first visit, the dearest GET /me, and no run depends on what an earlier one wrote.
            handler.append(_wall_ms(_child_command(), env))
        floor, handler = floor[1:], handler[1:]
        heaviest = _heaviest_imports(env)
    finally:
        server.stop()
        os.environ.pop("AWS_ENDPOINT_URL")

    ratio = statistics.median(handler) / statistics.median(floor)
    for label, times in ((f"floor    {FLOOR}", floor), ("handler  import app; GET /me", handler)):
        print(f"  {label:<48} median {statistics.median(times):5.0f} ms   min {min(times):5.0f} ms")
    print(
        f"  ratio of medians {ratio:.2f} (target <= {COLD_START_TARGET}); ratio of mins {min(handler) / min(floor):.2f}"
    )
    print("  handler's heaviest imports (python -X importtime, one run, top 8 by cumulative time):")
    print("    cumulative      self  module (indented under the module importing it)")
    for cumulative, own, name in heaviest:
        print(f"    {cumulative:7.0f} ms {own:6.0f} ms  {name}")
    return ratio


def _child_command(*options: str) -> list[str]:
    # -I: neither PYTHONPATH nor the working directory leaks in; the child sets its own sys.path.
    return [sys.executable, "-I", *options, str(CHILD), str(uuid.uuid4())]


def _wall_ms(command: list[str], env: dict) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    elapsed = (time.perf_counter() - start) * 1000
    if done.returncode:
        raise RuntimeError(f"{command} exited {done.returncode}:\n{done.stdout}{done.stderr}")
    return elapsed


def _heaviest_imports(env: dict, top: int = 8) -> list[tuple[float, float, str]]:
    done = subprocess.run(_child_command("-X", "importtime"), env=env, capture_output=True, text=True, check=True)
    rows = []
    for line in done.stderr.splitlines():
        if line.startswith("import time:") and "cumulative" not in line:  # skip the header line
            own, cumulative, name = line.removeprefix("import time:").split("|")
            rows.append((int(cumulative) / 1000, int(own) / 1000, name[1:].rstrip()))
    return sorted(rows, reverse=True)[:top]


# ---------------------------------------------------------------- 2. GET /due read cost
class ItemsRead:
    """botocore after-call hook: DynamoDB items read, from the responses."""

    def __init__(self) -> None:
        self.count = 0
        self.by_call: Counter[str] = Counter()  # items read by each kind of call (figure 3 clears it)

    def __call__(self, parsed: dict, model, **_) -> None:
        if model.name in ("Query", "Scan"):
            read = parsed.get("ScannedCount", 0)
        elif model.name == "GetItem":
            read = 1 if "Item" in parsed else 0
        elif model.name == "BatchGetItem":  # no ScannedCount: the items found
            read = sum(len(items) for items in parsed.get("Responses", {}).values())
        else:
            return
        self.count += read
        self.by_call[model.name] += read


class BatchedContacts(Contacts):
    """Contact items as storage writes them, 25 to a BatchWriteItem instead of one transaction
    each: moto deep-copies the whole table for every TransactWriteItems, which makes 5,000 creates
    quadratic (about 85 ms each at 1,000 contacts). The contacts seeded here have no email, so
    the transaction would hold this single Put anyway."""

    def __init__(self, table: Table) -> None:
        super().__init__(table)
        self._raw = table
        self._pending: list[dict] = []

    def create(self, networker_id: str, contact) -> None:
        if contact.emails:
            raise ValueError("email claims are not batched; seed contacts without emails")
        self._pending.append({"PutRequest": {"Item": self.item(networker_id, contact)}})
        if len(self._pending) == 25:
            self.flush()

    def flush(self) -> None:
        requests = {self._raw.name: self._pending} if self._pending else {}
        while requests:
            requests = self._raw.client.batch_write_item(RequestItems=requests)["UnprocessedItems"]
        self._pending = []


def due_read_cost() -> float:
    """Print items read and latency of GET /due per holding; return the ratio of items read."""
    print(f"\n== 2. GET /due read cost: {DUE} due, {' vs '.join(f'{n:,}' for n in HOLDINGS)} contacts held ==")
    items_read, read = ItemsRead(), {}
    with mock_aws():
        # moto swaps boto3's default session while it mocks: hook the one in use, before any client
        # (the handler's included) is made from it.
        boto3.setup_default_session()
        boto3.DEFAULT_SESSION.events.register("after-call.dynamodb", items_read)
        stack = create_stack()
        apply_environment(stack)
        handler = load_handler("ApiFunction")
        store = Store(boto3.client("dynamodb"), stack.table_name)
        store.contacts = BatchedContacts(Table(boto3.client("dynamodb"), stack.table_name))
        for total in HOLDINGS:
            sub = _seed(store, total)
            clock.freeze(T0 + timedelta(days=15))
            items_read.count = 0
            due = _get_due(handler, sub)
            read[total] = items_read.count
            latencies = []
            for _ in range(TIMED_CALLS):
                start = time.perf_counter()
                _get_due(handler, sub)
                latencies.append((time.perf_counter() - start) * 1000)
            clock.reset()
            if len(due) != DUE:
                raise RuntimeError(f"GET /due returned {len(due)} items for {total:,} contacts, not {DUE}")
            print(
                f"  {total:>5,} contacts: {read[total]} items read, {len(due)} due returned, "
                f"latency median {statistics.median(latencies):.0f} ms in-process"
            )
    ratio = read[HOLDINGS[-1]] / read[HOLDINGS[0]]
    print(f"  ratio of items read {ratio:.2f} (target 1.0); latency is informative only: moto reads every")
    print("  item of the table for an index query, DynamoDB reads only the matching ones")
    return ratio


def _seed(store: Store, total: int, due: int = DUE) -> str:
    """A new networker (signed in with an email) holding `total` contacts created at T0 through the
    contacts service, `due` of them in the inner circle."""
    sub = str(uuid.uuid4())
    profile = profiles.current(store, Identity(networker_id=sub, email=f"{sub}@example.com", name="Bench"), T0)
    for i in range(total):
        draft = ContactCreate(name=f"Contact {i}", circle=Circle.INNER if i < due else Circle.LOOSE)
        contacts.create(store, profile, draft, T0)
        if (i + 1) % 1_000 == 0:
            print(f"    seeded {i + 1:,} / {total:,} contacts", flush=True)
    store.contacts.flush()
    return sub


def _get_due(handler, sub: str) -> list:
    response = handler(http_event("GET", "/due", sub), LambdaContext())
    if response["statusCode"] != 200:
        raise RuntimeError(f"GET /due answered {response['statusCode']}: {response.get('body')}")
    return json.loads(response["body"])["items"]


# ---------------------------------------------------------------- 3. digest read cost
def digest_read_cost() -> float:
    """Print items read to compose and send one digest per holding; return the ratio of the extremes."""
    held = " vs ".join(f"{n:,}" for n in DIGEST_HOLDINGS)
    print(f"\n== 3. Items read to compose one digest: {DIGEST_DUE} due, {held} contacts held, deliver handler ==")
    items_read, read = ItemsRead(), {}
    with mock_aws():
        boto3.setup_default_session()  # as in 2.: hook the session every client below is made from
        boto3.DEFAULT_SESSION.events.register("after-call.dynamodb", items_read)
        functions.cold_start()  # a new container: its clients are made in this mock
        stack = create_stack()
        apply_environment(stack)
        handler = load_handler("DeliverFunction")
        store = Store(boto3.client("dynamodb"), stack.table_name)
        store.contacts = BatchedContacts(Table(boto3.client("dynamodb"), stack.table_name))
        sent = ses_backends[DEFAULT_ACCOUNT_ID][REGION].sent_messages
        at = T0 + timedelta(days=15)
        for total in DIGEST_HOLDINGS:
            sub = _seed(store, total, due=DIGEST_DUE)
            clock.freeze(at)
            before, items_read.count = len(sent), 0
            items_read.by_call.clear()
            with _function_output_discarded(["DeliverFunction"]):
                start = time.perf_counter()
                response = handler({"Records": [_delivery_record(sub, at)]}, _lambda_context("DeliverFunction"))
                elapsed = (time.perf_counter() - start) * 1000
            read[total] = items_read.count
            clock.reset()
            if response.get("batchItemFailures"):
                raise RuntimeError(f"the deliver handler failed the digest of {total:,} contacts: {response}")
            if len(sent) != before + 1:
                raise RuntimeError(f"{len(sent) - before} emails sent for the digest of {total:,} contacts, not 1")
            named = _people_named(email_item(sent[-1]), f"{sub}@example.com")
            if named != DIGEST_DUE:
                raise RuntimeError(f"the digest of {total:,} contacts names {named} people, not {DIGEST_DUE}")
            calls = ", ".join(f"{call} {n}" for call, n in sorted(items_read.by_call.items()))
            print(
                f"  {total:>5,} contacts: {read[total]} items read ({calls}), 1 email sent naming {named} due, "
                f"{elapsed:.0f} ms in-process"
            )
    functions.cold_start()
    ratio = read[DIGEST_HOLDINGS[-1]] / read[DIGEST_HOLDINGS[0]]
    print(f"  ratio of items read {ratio:.2f} (target 1.0); time is informative only: moto reads every")
    print("  item of the table for the due index query, DynamoDB reads only the matching ones")
    return ratio


def _delivery_record(sub: str, at: datetime) -> dict:
    """One SQS record as the delivery queue's event source mapping hands it to the deliver function."""
    return {
        "messageId": str(uuid.uuid4()),
        "receiptHandle": "bench",
        "body": json.dumps({"kind": "digest", "networker_id": sub, "scheduled_time": at.isoformat()}),
        "attributes": {"ApproximateReceiveCount": "1"},
        "messageAttributes": {},
        "md5OfBody": "",
        "eventSource": "aws:sqs",
        "eventSourceARN": os.environ["DELIVERY_QUEUE_ARN"],
        "awsRegion": REGION,
    }


def _lambda_context(function: str) -> invoker.LambdaContext:
    return invoker.LambdaContext(function, f"arn:aws:lambda:{REGION}:{DEFAULT_ACCOUNT_ID}:function:{function}", 512, 60)


def _people_named(item: dict, recipient: str) -> int:
    """How many people a digest email says are waiting; 0 if it is not a digest to `recipient`."""
    found = WAITING.search(item["text"])
    if item["recipient"] != recipient or found is None:
        return 0
    return 1 if found.group(1) == "One" else int(found.group(1))


# ---------------------------------------------------------------- 4. digests per second, local pipeline
@contextlib.contextmanager
def partition_queries() -> Iterator[None]:
    """moto's Query, handed only the candidate items instead of the whole table.

    moto 5 answers every Query by sorting all the items of the table (comparing DynamoType keys,
    each comparison recomputing both values) and then filtering them: about 90 ms a query once the
    table holds the ~6,000 items of 1,000 networkers. Without this, a digest of figure 4 took 0.45 s
    (2.2 digests/second), the drain before it almost 4 minutes, and the figure measured moto's sort
    (DynamoDB reads the queried partition only); with it, 31 ms and 32 s. Inside
    this context, a table query sees the queried partition only, and an index query the items whose
    index partition key (a string) matches: the items moto would have kept after its own filter, in
    the order it would have kept them, and moto still applies its own key conditions, sort, limits,
    filters and counts to them. Anything else (Scan, other key types) sees the whole table as before."""
    parameters = inspect.signature(MotoTable.query).parameters
    if not {"hash_key", "index_name", "hash_key_conditions"} <= set(parameters):
        raise RuntimeError(f"moto's Table.query changed ({', '.join(parameters)}): check partition_queries")
    query, all_items = MotoTable.query, MotoTable.all_items
    signature, scope = inspect.signature(query), {}

    def partition_query(table: MotoTable, *args, **kwargs):
        arguments = signature.bind(table, *args, **kwargs).arguments
        if arguments.get("index_name"):
            conditions = arguments.get("hash_key_conditions") or []
            only = ("index", conditions) if conditions and all(v.type == "S" for _, v in conditions) else None
        else:
            hash_key = arguments.get("hash_key")
            only = ("table", hash_key) if table.range_key_attr and hash_key is not None else None
        scope[id(table)] = only
        try:
            return query(table, *args, **kwargs)
        finally:
            scope.pop(id(table), None)

    def candidates(table: MotoTable) -> list:
        only = scope.get(id(table))
        if only is None:
            return all_items(table)
        kind, key = only
        if kind == "table":
            return sorted(table.items.get(key, {}).values(), key=lambda item: item.range_key.cast_value)

        def matches(item) -> bool:
            for name, value in key:
                found = item.attrs.get(name)
                if found is None or found.type != "S" or found.value != value.value:
                    return False
            return True

        found = [item for partition in table.items.values() for item in partition.values() if matches(item)]
        return sorted(found, key=lambda item: (item.hash_key.cast_value, item.range_key.cast_value))

    MotoTable.query, MotoTable.all_items = partition_query, candidates
    try:
        yield
    finally:
        MotoTable.query, MotoTable.all_items = query, all_items


class Stopwatch:
    """Wall time spent in some calls, by label."""

    def __init__(self) -> None:
        self.seconds: Counter[str] = Counter()
        self.calls: Counter[str] = Counter()

    def wrap(self, label: str, call: Callable) -> Callable:
        def timed(*args, **kwargs):
            start = time.perf_counter()
            try:
                return call(*args, **kwargs)
            finally:
                self.seconds[label] += time.perf_counter() - start
                self.calls[label] += 1

        return timed


def pipeline_throughput() -> float:
    """Print digests sent, seconds and digests/second through a local runtime; return digests/second."""
    print(f"\n== 4. Digests composed and sent per second through the local pipeline, {NETWORKERS:,} networkers ==")
    console = sys.stdout  # the functions' own output goes to /dev/null below

    def say(line: str) -> None:
        print(line, file=console, flush=True)

    with tempfile.TemporaryDirectory(prefix="rapport-bench-") as state_dir, partition_queries():
        runtime = Runtime(Path(state_dir), background=False)
        runtime.start()
        try:
            with _function_output_discarded(runtime.stack.environments):
                return _run_pipeline(runtime, say)
        finally:
            runtime.stop()
            functions.cold_start()


def _run_pipeline(runtime: Runtime, say: Callable[[str], None]) -> float:
    clock.freeze(T0)
    started = time.perf_counter()
    zones = _seed_networkers(runtime, say)
    say(f"  seeded {NETWORKERS:,} networkers in {time.perf_counter() - started:.0f} s")

    # 15 days later (nothing was scheduled yet: no digest is skipped), the stream reactions run.
    clock.freeze(DIGEST_DAY)
    started = time.perf_counter()
    drained = runtime.drain()
    schedules = _digest_schedules()
    say(
        f"  drain: the on_change reaction took {drained.get('OnChangeFunction', {}).get('records', 0):,} stream "
        f"records and created {len(schedules):,} digest schedules in {time.perf_counter() - started:.0f} s"
    )
    if set(schedules) != set(zones):
        raise RuntimeError(f"{len(schedules):,} digest schedules for {NETWORKERS:,} networkers")

    watch = _instrument(runtime)
    before = len(runtime.outbox.items)
    start = time.perf_counter()
    runtime.advance(OVER)
    seconds = time.perf_counter() - start
    digests = runtime.outbox.items[before:]
    _check_digests(digests, zones)
    rate = len(digests) / seconds
    hours = f"{DIGEST_DAY:%H:%M}-{DIGEST_DAY + OVER:%H:%M} UTC"
    say(f"  advance {hours}: {len(digests):,} digests sent in {seconds:.1f} s, {rate:.1f} digests/second")
    say(f"  (checked: one digest per networker, at 08:30 local, naming its {PIPELINE_DUE} due)")
    _print_breakdown(watch, seconds, say)
    return rate


def _seed_networkers(runtime: Runtime, say: Callable[[str], None]) -> dict[str, str]:
    """Networkers (sub -> time zone): each profile through the real API function (PATCH /me, which
    also creates it), their contacts through the contacts service into a batched store (creating them
    through the API costs one moto transaction each, which deep-copies the table: minutes for 3,000)."""
    store = Store(boto3.client("dynamodb"), runtime.stack.table_name)
    store.contacts = BatchedContacts(Table(boto3.client("dynamodb"), runtime.stack.table_name))
    zones = {}
    for i in range(NETWORKERS):
        sub, zone = str(uuid.uuid4()), ZONES[i % len(ZONES)]
        _call_api(runtime, "PATCH", "/me", sub, {"timezone": zone, "digest_time": DIGEST_TIME})
        profile = store.profiles.get(sub)
        for c in range(PIPELINE_DUE + PIPELINE_LOOSE):
            draft = ContactCreate(name=f"Contact {c}", circle=Circle.INNER if c < PIPELINE_DUE else Circle.LOOSE)
            contacts.create(store, profile, draft, T0)
        zones[sub] = zone
        if (i + 1) % 250 == 0:
            say(f"    seeded {i + 1:,} / {NETWORKERS:,} networkers")
    store.contacts.flush()
    return zones


def _call_api(runtime: Runtime, method: str, path: str, sub: str, body: dict) -> dict:
    event = http_event(method, path, sub)
    event["headers"]["content-type"] = "application/json"
    event["body"] = json.dumps(body)
    response = runtime.invoker("ApiFunction", event)
    if response["statusCode"] != 200:
        raise RuntimeError(f"{method} {path} answered {response['statusCode']}: {response.get('body')}")
    return json.loads(response["body"])


def _digest_schedules() -> list[str]:
    """The names of the digest schedules (one per networker, named after them)."""
    scheduler = boto3.client("scheduler", region_name=REGION)
    group = os.environ["DIGEST_SCHEDULE_GROUP"]
    pages = scheduler.get_paginator("list_schedules").paginate(GroupName=group)
    return [schedule["Name"] for page in pages for schedule in page["Schedules"]]


def _check_digests(items: list[dict], zones: dict[str, str]) -> None:
    """Exactly one digest per networker, at their 08:30, naming their due contacts; nothing else."""
    expected = {
        f"{sub}@example.com": datetime.combine(DIGEST_DAY.date(), datetime.strptime(DIGEST_TIME, "%H:%M").time())
        .replace(tzinfo=ZoneInfo(zone))
        .astimezone(UTC)
        .strftime("%Y-%m-%dT%H:%M:%SZ")
        for sub, zone in zones.items()
    }
    sent = Counter(item["recipient"] for item in items)
    problems = []
    if len(items) != len(expected):
        problems.append(f"{len(items):,} messages sent, not {len(expected):,}")
    if twice := [r for r, n in sent.items() if n > 1]:
        problems.append(f"{len(twice)} networkers got more than one digest, e.g. {twice[0]}")
    if missing := sorted(set(expected) - set(sent)):
        problems.append(f"{len(missing)} networkers got none, e.g. {missing[0]}")
    if strangers := sorted(set(sent) - set(expected)):
        problems.append(f"{len(strangers)} messages to no networker of the bench, e.g. {strangers[0]}")
    wrong = [
        item
        for item in items
        if item["channel"] != "email"
        or _people_named(item, item["recipient"]) != PIPELINE_DUE
        or item["time"] != expected.get(item["recipient"])
    ]
    if wrong:
        problems.append(f"{len(wrong)} messages are not the expected digest at 08:30 local, e.g. {wrong[0]}")
    if problems:
        raise RuntimeError("the outbox is not one digest per networker: " + "; ".join(problems))


def _instrument(runtime: Runtime) -> Stopwatch:
    """Time the scheduler (reading the schedules, firing) and each record of the two functions. The
    functions' record handlers are looked up as module globals at each call, so wrapping them there
    times exactly the work on one record."""
    watch = Stopwatch()
    runtime.scheduler.tick = watch.wrap("scheduler", runtime.scheduler.tick)
    runtime.scheduler.next_due = watch.wrap("scheduler", runtime.scheduler.next_due)
    deliver = functions.load_module("DeliverFunction")
    deliver.deliver = watch.wrap("deliver", deliver.deliver)
    on_change = functions.load_module("OnChangeFunction")
    on_change.react = watch.wrap("on_change", on_change.react)
    return watch


def _print_breakdown(watch: Stopwatch, seconds: float, say: Callable[[str], None]) -> None:
    parts = [
        ("scheduler", "scheduler ticks (each reads every schedule)", "ticks and look-aheads"),
        ("deliver", "deliver, per SQS record (compose + send)", "records"),
        ("on_change", "on_change, per stream record", "records of the digests' writes"),
    ]
    say("  where the advance's wall time went:")
    for label, what, unit in parts:
        spent, calls = watch.seconds[label], watch.calls[label]
        each = f", {spent / calls * 1000:.2f} ms each" if calls else ""
        say(f"    {what:<52} {spent:6.1f} s  {spent / seconds:4.0%}  ({calls:,} {unit}{each})")
    rest = seconds - sum(watch.seconds[label] for label, _, _ in parts)
    say(f"    {'the rest: queue and stream pumps, Lambda wrappers':<52} {rest:6.1f} s  {rest / seconds:4.0%}")


@contextlib.contextmanager
def _function_output_discarded(function_names) -> Iterator[None]:
    """The JSON logs and metrics of these (loaded) functions, CloudWatch's in Lambda, are written to
    /dev/null: thousands of lines on the console otherwise. Their loggers' streams were bound at
    import; metrics are print()ed."""
    with open(os.devnull, "w") as sink, contextlib.redirect_stdout(sink):
        streams = []
        for function in function_names:
            handler = functions.load_module(function).logger.registered_handler
            streams.append((handler, handler.setStream(sink)))
        try:
            yield
        finally:
            for handler, stream in streams:
                handler.setStream(stream)


# ---------------------------------------------------------------- summary
def main() -> None:
    warnings.filterwarnings("ignore", message="Tried to parse .* but it's not supported by moto")
    warnings.filterwarnings("ignore", message="No application metrics to publish")
    for noisy in ("moto", "werkzeug", "samtranslator"):  # skipped resources, request log, SAM's metrics
        logging.getLogger(noisy).setLevel(logging.ERROR)
    use_local_aws_environment()
    started = time.perf_counter()
    rows = [
        ("cold start, handler / floor (medians)", cold_start(), COLD_START_TARGET),
        (f"GET /due items read, {HOLDINGS[-1]:,} / {HOLDINGS[0]} contacts", due_read_cost(), 1.0),
        (f"digest items read, {DIGEST_HOLDINGS[-1]:,} / {DIGEST_HOLDINGS[0]} contacts", digest_read_cost(), 1.0),
        (f"digests sent per second, {NETWORKERS:,} networkers", pipeline_throughput(), None),
    ]
    print(f"\n== Summary ({time.perf_counter() - started:.0f} s) ==")
    print(f"  {'figure':<44} {'measured':>8}  {'target':>8}  result")
    for figure, measured, target in rows:
        if target is None:  # informative: no target in the issue
            print(f"  {figure:<44} {measured:>8.2f}  {'-':>8}  informative")
            continue
        print(f"  {figure:<44} {measured:>8.2f}  {'<= ' + str(target):>8}  {'PASS' if measured <= target else 'MISS'}")


if __name__ == "__main__":
    main()
