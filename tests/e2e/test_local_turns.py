"""A long background invocation does not stall the requests: it steps aside at its next AWS call for a
request waiting, and a drain waits for it to finish. Stand-in handlers on the real stack, with the
background thread on; the order is made by events, not by sleeps."""

from __future__ import annotations

import threading
import time

import boto3

from infra.local.provision import REGION
from infra.local.runtime import Runtime
from tests.e2e.conftest import Client, http_request, stand_ins

DEADLINE_SECONDS = 60  # a broken lock fails the test here rather than hanging it


class Chunk:
    """A stand-in import chunk that keeps making AWS calls until it is told to stop."""

    def __init__(self) -> None:
        self.started, self.stop, self.finished = threading.Event(), threading.Event(), threading.Event()

    def handler(self, event: dict, context) -> dict:
        sqs = boto3.client("sqs", region_name=REGION)
        self.started.set()
        deadline = time.monotonic() + DEADLINE_SECONDS
        while not self.stop.is_set() and time.monotonic() < deadline:
            sqs.list_queues()  # an AWS call: where a request waiting goes first
        self.finished.set()
        return {"batchItemFailures": []}


def test_a_request_is_answered_while_an_import_chunk_runs_and_a_drain_waits_for_the_chunk(tmp_path):
    chunk, order = Chunk(), []
    api = lambda event, context: {"statusCode": 200, "body": "{}"}  # noqa: E731
    runtime = Runtime(tmp_path, background=True, handlers=stand_ins(ImportFunction=chunk.handler, ApiFunction=api))
    runtime.start()
    try:
        sqs = boto3.client("sqs", region_name=REGION)
        sqs.send_message(QueueUrl=runtime.stack.resources["ImportQueue"], MessageBody="{}")
        assert chunk.started.wait(DEADLINE_SECONDS)

        drain = threading.Thread(target=lambda: order.append(("drained", Client(runtime).drain())))
        drain.start()
        reply = http_request(runtime.url, "GET", "/me", headers={"Authorization": f"Bearer {runtime.token}"})
        order.append(("answered", chunk.finished.is_set()))
        chunk.stop.set()
        drain.join(DEADLINE_SECONDS)
    finally:
        chunk.stop.set()
        runtime.stop()

    assert reply.status == 200
    assert order[0] == ("answered", False)  # answered while the chunk was still running
    assert order[1][0] == "drained" and chunk.finished.is_set()
