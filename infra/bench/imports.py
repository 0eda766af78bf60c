"""Figure 7: a LinkedIn export of 20,000 connections imported through the real pipeline (issue 7).

The export (LinkedIn's real format: BOM, notes, a third of the rows with an email) is posted to the
real API handler as API Gateway would; the table's stream is pumped into the real on_change, which
enqueues each chunk on the import queue; the real import function takes them one by one, as its
event source mapping would. The point is that nothing runs long: the API call answers at once, and
the longest chunk (its invocation, through the import queue's event source mapping of the local
runtime) against the import function's timeout in template.yaml (the ratio must stay
under 1, with room: Lambda is faster than moto). Rows per second is informative (moto in-process).
"""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass

from infra.bench.common import T0, function_output_discarded
from infra.bench.mailbox import moto_stack
from infra.local import template
from infra.local.functions import load_handler
from infra.local.http_event import Request, build_event, interpret
from infra.local.invoker import Invoker, read_configs
from infra.local.pumps import StreamPump, drain
from infra.local.queues import QueuePump
from infra.local.routing import Router
from rapport.domain.imports import ImportJob

ROWS = 20_000
FUNCTION = "ImportFunction"
API_TIMEOUT_S = 29  # API Gateway's integration timeout for an HTTP API


def connections(rows: int) -> bytes:
    lines = [
        "\ufeffNotes:\r\n",
        '"When exporting your connection data, you may notice that some of the email addresses are missing."\r\n',
        "\r\n",
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n",
    ]
    for n in range(rows):
        email = f"person{n}@example.com" if n % 3 == 0 else ""
        lines.append(
            f'Person,Number{n},https://www.linkedin.com/in/person-{n},{email},"Company {n % 97}, Inc",Engineer,'
            f"{n % 28 + 1} Mar 2024\r\n"
        )
    return "".join(lines).encode()


@dataclass(frozen=True)
class ImportRun:
    """A file imported through the real pipeline: its job, and how long each part took (seconds)."""

    job: ImportJob
    status: int  # the POST's
    api_seconds: float  # the POST, until its 202
    chunks: list[float]  # each chunk's invocation
    total: float  # from the POST until the last chunk, stream reactions included
    timeout: int  # the import function's, from template.yaml


def run_import(data: bytes, content_type: str, path: str) -> ImportRun:
    """Post the file to the real API handler as API Gateway would, then pump the table's stream into the
    real on_change and the import queue into the real import function until nothing is left."""
    timeout = template.sam_template()["Resources"][FUNCTION]["Properties"]["Timeout"]
    with moto_stack() as (stack, store), function_output_discarded(["ApiFunction", "OnChangeFunction", FUNCTION]):
        sub = str(uuid.uuid4())
        calls = Invoker({f: load_handler(f) for f in stack.environments}, read_configs(stack))
        pumps = [StreamPump(m, calls, calls.arn(m.function), "LATEST") for m in stack.stream_mappings]
        started = time.perf_counter()
        reply = _post(calls, sub, data, content_type, path)
        api_seconds = time.perf_counter() - started
        job, chunks = json.loads(reply.body), []

        def timed(function: str, event: dict):
            chunk_started = time.perf_counter()
            try:
                return calls(function, event)
            finally:
                chunks.append(time.perf_counter() - chunk_started)

        (mapping,) = [m for m in stack.queue_mappings if m.function == FUNCTION]
        imports_queue = QueuePump(mapping, timed)  # the import queue's event source mapping, timed
        while True:
            drain(pumps)
            if not imports_queue.pump().messages:
                break
        total = time.perf_counter() - started
        done = store.imports.get(sub, job["import_id"])
    return ImportRun(done, reply.status, api_seconds, chunks, total, timeout)


def chunk_line(run: ImportRun) -> str:
    chunks, done = run.chunks, run.job
    return (
        f"  {len(chunks)} chunks: longest {max(chunks):.1f} s, median {sorted(chunks)[len(chunks) // 2]:.1f} s"
        f" (function timeout {run.timeout} s); job {done.status}: {done.created:,} created, {done.skipped} skipped,"
        f" {done.rejected} rejected"
    )


def import_timings() -> tuple[float, float, float]:
    """Print the figure; return (longest chunk / timeout, API call / API timeout, rows per second)."""
    print(f"\n== 7. A LinkedIn export of {ROWS:,} connections, imported in chunks ==")
    data = connections(ROWS)
    run = run_import(data, "text/csv", "/imports/linkedin")
    rate = run.job.created / run.total
    print(f"  {len(data) / 1e6:.1f} MB export: POST /imports/linkedin answered {run.status} in {run.api_seconds:.2f} s")
    print(chunk_line(run))
    print(f"  {run.total:.0f} s end to end, stream reactions included: {rate:,.0f} connections per second")
    print("  (moto's DynamoDB in-process: Lambda and DynamoDB take a chunk faster)")
    return max(run.chunks) / run.timeout, run.api_seconds / API_TIMEOUT_S, rate


def _post(calls: Invoker, sub: str, data: bytes, content_type: str, path: str):
    router = Router(template.http_routes())
    headers = [("content-type", content_type), ("host", "127.0.0.1")]
    request = Request("POST", path, "", headers, data, "127.0.0.1", "HTTP/1.1")
    claims = {"sub": sub, "email": "nora@example.com", "email_verified": "true", "name": "Nora"}
    event = build_event(
        request, router.match("POST", path), claims, now=T0, request_id="bench", api_id="local",
        account_id="123456789012",
    )  # fmt: skip
    reply = interpret(calls("ApiFunction", event))
    if reply.status != 202:
        raise RuntimeError(f"the import was refused: {reply.status} {reply.body[:300]!r}")
    return reply
