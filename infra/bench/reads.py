"""Figures 2 and 3: DynamoDB items read by `GET /due` and by one digest, against contacts held."""

from __future__ import annotations

import json
import os
import statistics
import time
import uuid
from collections import Counter
from datetime import datetime, timedelta

import boto3
from moto import mock_aws
from moto.core import DEFAULT_ACCOUNT_ID
from moto.ses.models import ses_backends

from infra.bench.child import LambdaContext, http_event
from infra.bench.common import T0, BatchedContacts, function_output_discarded, people_named
from infra.local import functions, invoker
from infra.local.functions import apply_environment, load_handler
from infra.local.outbox import email_item
from infra.local.provision import REGION, create_stack
from rapport import clock
from rapport.domain.contact import ContactCreate
from rapport.domain.vocabulary import Circle
from rapport.services import contacts, profiles
from rapport.services.profiles import Identity
from rapport.storage import Store
from rapport.storage.dynamo import Table

DUE = 5  # contacts in the inner circle (due 14 days after T0); all others are loose (180 days)
HOLDINGS = (50, 5_000)
TIMED_CALLS = 5

DIGEST_DUE = 10  # inner circle, due 14 days after T0; the digest is composed 15 days after T0
DIGEST_HOLDINGS = (50, 500, 5_000)


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


# ---------------------------------------------------------------- 2. GET /due read cost
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
    profile = profiles.current(
        store, Identity(networker_id=sub, email=f"{sub}@example.com", email_verified=True, name="Bench"), T0
    )
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
            with function_output_discarded(["DeliverFunction"]):
                start = time.perf_counter()
                response = handler({"Records": [_delivery_record(sub, at)]}, _lambda_context("DeliverFunction"))
                elapsed = (time.perf_counter() - start) * 1000
            read[total] = items_read.count
            clock.reset()
            if response.get("batchItemFailures"):
                raise RuntimeError(f"the deliver handler failed the digest of {total:,} contacts: {response}")
            if len(sent) != before + 1:
                raise RuntimeError(f"{len(sent) - before} emails sent for the digest of {total:,} contacts, not 1")
            named = people_named(email_item(sent[-1]), f"{sub}@example.com")
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
