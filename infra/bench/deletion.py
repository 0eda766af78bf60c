"""Account deletion (issue 16): an account of 5,000 contacts and 50,000 touches deleted through the real handlers.

The account is seeded through storage's own item shapes (contacts by `BatchedContacts`, each touch's interaction
and touch marker as `Interactions.creation` writes them), 25 to a BatchWriteItem: through the API it would
take an hour in moto. Then `DELETE /me` goes to the real API handler as API Gateway would, the table's stream
to the real on_change (which asks for the deletion on the account deletion queue), and the queue to the real
delete_account function, timed, with every item it deletes counted. The figures: the API's answer against
API Gateway's 29 s (why the deletion is asynchronous), and the deletion against the function's timeout in
template.yaml (a run cut short is delivered again and goes on, but one run should do). About 10 minutes in
moto, whose Query sorts the whole table for every page (docs/decisions.md).
"""

from __future__ import annotations

import time
import uuid
from datetime import timedelta

import boto3

from infra.bench.common import T0, BatchedContacts, function_output_discarded
from infra.bench.imports import API_TIMEOUT_S
from infra.bench.mailbox import moto_stack
from infra.bench.moto_speedup import json_item_results, partition_queries
from infra.local import template
from infra.local.functions import load_handler
from infra.local.http_event import Request, build_event, interpret
from infra.local.invoker import Invoker, read_configs
from infra.local.pumps import StreamPump, drain
from infra.local.queues import QueuePump
from infra.local.routing import Router
from rapport.domain.contact import ContactCreate
from rapport.domain.ids import new_id
from rapport.domain.interaction import Interaction, Source
from rapport.domain.vocabulary import Direction, Kind
from rapport.services import contacts, profiles
from rapport.services.profiles import Identity
from rapport.storage import Store
from rapport.storage.dynamo import Table

CONTACTS = 5_000
TOUCHES = 50_000
FUNCTION = "DeleteAccountFunction"
EMAIL = "nora@example.com"


def deletion_timings() -> tuple[float, float, int]:
    """Print the figure; return (API answer / API Gateway timeout, deletion / function timeout, items deleted)."""
    print(f"\n== Account deletion: {CONTACTS:,} contacts and {TOUCHES:,} touches, DELETE /me ==")
    timeout = template.sam_template()["Resources"][FUNCTION]["Properties"]["Timeout"]
    with (
        moto_stack() as (stack, store),
        function_output_discarded(["ApiFunction", "OnChangeFunction", FUNCTION]),
        partition_queries(),  # moto sorts its whole table for each query page: the figure measures the deletion
        json_item_results(),
    ):
        started = time.perf_counter()
        sub = _seed(store, stack.table_name)
        print(f"  seeded in {time.perf_counter() - started:.0f} s")
        calls = Invoker({f: load_handler(f) for f in stack.environments}, read_configs(stack))
        deleted = _count_deletes()
        pumps = [StreamPump(m, calls, calls.arn(m.function), "LATEST") for m in stack.stream_mappings]
        asked = time.perf_counter()
        reply = _delete_me(calls, sub)
        api_seconds = time.perf_counter() - asked
        drain(pumps)  # the profile's record: the deletion on its queue
        runs: list[float] = []

        def timed(function: str, event: dict):
            run_started = time.perf_counter()
            try:
                return calls(function, event)
            finally:
                runs.append(time.perf_counter() - run_started)

        (mapping,) = [m for m in stack.queue_mappings if m.function == FUNCTION]
        QueuePump(mapping, timed).pump()
        left = store.profiles.get(sub)
    if reply.status != 202 or len(runs) != 1 or left is not None:
        raise RuntimeError(f"the deletion did not happen: {reply.status}, {len(runs)} runs, profile {left}")
    print(f"  DELETE /me answered {reply.status} in {api_seconds:.2f} s (API Gateway: {API_TIMEOUT_S} s)")
    print(
        f"  the delete_account function: {runs[0]:.0f} s (timeout {timeout} s), {deleted[0]:,} items deleted"
        f" ({deleted[0] / runs[0]:,.0f} a second, moto in-process: DynamoDB's batches are faster)"
    )
    return api_seconds / API_TIMEOUT_S, runs[0] / timeout, deleted[0]


def _seed(store: Store, table_name: str) -> str:
    """A networker with `CONTACTS` contacts, each with `TOUCHES // CONTACTS` calls over the past years."""
    sub = str(uuid.uuid4())
    profile = profiles.current(store, Identity(networker_id=sub, email=EMAIL, email_verified=True, name="Nora"), T0)
    table = Table(boto3.client("dynamodb"), table_name)
    store.contacts = BatchedContacts(table)
    puts: list[dict] = []
    for i in range(CONTACTS):
        contact = contacts.create(store, profile, ContactCreate(name=f"Contact {i}"), T0)
        for n in range(TOUCHES // CONTACTS):
            at = T0 - timedelta(days=7 * n + i % 7)
            touch = Interaction(
                interaction_id=new_id(at), kind=Kind.CALL, direction=Direction.MUTUAL, occurred_at=at,
                contact_ids=[contact.contact_id], source=Source.API, created_at=at,
            )  # fmt: skip
            writes = store.interactions.creation(sub, touch, written={contact.contact_id})
            puts += [{"PutRequest": {"Item": w["Put"]["Item"]}} for w, _ in writes if "Put" in w]
    store.contacts.flush()
    for start in range(0, len(puts), 25):
        pending = {table.name: puts[start : start + 25]}
        while pending:
            pending = table.client.batch_write_item(RequestItems=pending)["UnprocessedItems"]
    return sub


def _count_deletes() -> list[int]:
    """Items deleted by BatchWriteItem and DeleteItem from now on, in the process's DynamoDB clients."""
    counted = [0]

    def count(params, **_):
        if "RequestItems" in params:
            counted[0] += sum(len(requests) for requests in params["RequestItems"].values())
        else:
            counted[0] += 1

    boto3.setup_default_session()
    for operation in ("BatchWriteItem", "DeleteItem"):
        boto3.DEFAULT_SESSION.events.register(f"provide-client-params.dynamodb.{operation}", count)
    return counted


def _delete_me(calls: Invoker, sub: str):
    router = Router(template.http_routes())
    headers = [("content-type", "application/json"), ("host", "127.0.0.1")]
    request = Request("DELETE", "/me", "", headers, b'{"confirm": "Nora@example.com"}', "127.0.0.1", "HTTP/1.1")
    claims = {"sub": sub, "email": EMAIL, "email_verified": "true", "name": "Nora"}
    event = build_event(
        request, router.match("DELETE", "/me"), claims, now=T0, request_id="bench", api_id="local",
        account_id="123456789012",
    )  # fmt: skip
    return interpret(calls("ApiFunction", event))
