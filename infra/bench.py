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
   found an item), because moto's ConsumedCapacity means nothing. Target: ratio 1.0.

A measurement, not a test: it exits 0 on a MISS and non-zero only when something breaks.
"""

from __future__ import annotations

import json
import logging
import os
import statistics
import subprocess
import sys
import time
import uuid
import warnings
from datetime import UTC, datetime, timedelta
from pathlib import Path

import boto3
from moto import mock_aws
from moto.server import ThreadedMotoServer

from infra.bench_child import LambdaContext, http_event
from infra.local.functions import apply_environment, load_handler
from infra.local.provision import LOCAL_AWS_ENV, create_stack, use_local_aws_environment
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

    def __call__(self, parsed: dict, model, **_) -> None:
        if model.name in ("Query", "Scan"):
            self.count += parsed.get("ScannedCount", 0)
        elif model.name == "GetItem" and "Item" in parsed:
            self.count += 1


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


def _seed(store: Store, total: int) -> str:
    """A new networker holding `total` contacts created at T0 through the contacts service."""
    sub = str(uuid.uuid4())
    profile = profiles.current(store, Identity(networker_id=sub, name="Bench"), T0)
    for i in range(total):
        draft = ContactCreate(name=f"Contact {i}", circle=Circle.INNER if i < DUE else Circle.LOOSE)
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
    ]
    print(f"\n== Summary ({time.perf_counter() - started:.0f} s) ==")
    print(f"  {'figure':<44} {'measured':>8}  {'target':>8}  result")
    for figure, measured, target in rows:
        print(f"  {figure:<44} {measured:>8.2f}  {'<= ' + str(target):>8}  {'PASS' if measured <= target else 'MISS'}")


if __name__ == "__main__":
    main()
