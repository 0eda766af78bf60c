"""Figure 8: what it costs that no acknowledged write is lost locally, and what a long import costs
the requests made beside it (issue 13).

A local `Runtime` (real handlers, real gateway over HTTP) logs touches with `POST /interactions`:
each answer waits for the journal's commit (the stream records, the changed objects and queues,
appended and fsynced). The figure is the median commit over the median request (informative: the
commit is the promise's price, paid before every answer). Then, with the background thread on, a
LinkedIn export of `IMPORT_ROWS` rows is imported while `GET /me` is asked in a loop: the longest
wait of a request, over the longest import chunk, must stay under 1 (a request never waits for a
chunk: the chunk steps aside for it at its next AWS call, see `infra/local/turns.py`). A chunk's time
is its own work, the CPU time of its thread: the time it spends paused for the requests is not its.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from infra.bench.common import function_output_discarded
from infra.bench.imports import connections
from infra.local.runtime import Runtime
from rapport import clock
from tests.e2e.conftest import Client, http_request

TOUCHES = 40
IMPORT_ROWS = 3_000


def _touch(client: Client, contact_id: str, n: int) -> float:
    started = time.perf_counter()
    reply = client.post(
        "/interactions",
        {
            "kind": "call",
            "direction": "mutual",
            "occurred_at": (clock.now() - timedelta(minutes=n + 1)).isoformat(),
            "contact_ids": [contact_id],
            "summary": f"Call {n}",
        },
    )
    if reply.status != 201:
        raise RuntimeError(f"a touch was refused: {reply.status} {reply.body[:300]!r}")
    return time.perf_counter() - started


def journal_cost() -> float:
    """Print the figure; return the median commit over the median POST /interactions."""
    print(f"\n== 8a. A touch acknowledged durably: the journal's commit, {TOUCHES} touches ==")
    with tempfile.TemporaryDirectory(prefix="rapport-bench-") as state_dir:
        runtime = Runtime(Path(state_dir), background=False)
        runtime.start()
        try:
            with function_output_discarded(runtime.stack.environments):
                client = Client(runtime)
                contact_id = client.post("/contacts", {"name": "Claire Martin"}).json["contact_id"]
                commits: list[float] = []
                commit = runtime.journal.commit

                def timed_commit() -> bool:
                    started = time.perf_counter()
                    try:
                        return commit()
                    finally:
                        commits.append(time.perf_counter() - started)

                runtime.invoker.after = timed_commit
                requests = [_touch(client, contact_id, n) for n in range(TOUCHES)]
                runtime.invoker.after = commit
                runtime.stop()
        finally:
            if runtime.running:
                runtime.stop()
    request, journaled = statistics.median(requests), statistics.median(commits)
    print(f"  POST /interactions: median {request * 1000:.1f} ms, of which the journal's {journaled * 1000:.1f} ms")
    print("  (a commit reads the new stream records, lists the buckets and the queues, appends one line, fsyncs)")
    return journaled / request


def import_beside_requests() -> float:
    """Print the figure; return the longest request's wait over the longest import chunk."""
    print(f"\n== 8b. Requests during an import of {IMPORT_ROWS:,} connections (background thread on) ==")
    with tempfile.TemporaryDirectory(prefix="rapport-bench-") as state_dir:
        runtime = Runtime(Path(state_dir), background=True)
        runtime.start()
        try:
            with function_output_discarded(runtime.stack.environments):
                client = Client(runtime)
                chunks: list[float] = []
                invoke = runtime.invoker._handlers["ImportFunction"]

                def timed(event: dict, context: object) -> object:
                    started = time.thread_time()
                    try:
                        return invoke(event, context)
                    finally:
                        chunks.append(time.thread_time() - started)

                runtime.invoker._handlers["ImportFunction"] = timed
                data = connections(IMPORT_ROWS)
                headers = {"Authorization": f"Bearer {runtime.token}", "Content-Type": "text/csv"}
                job = http_request(runtime.url, "POST", "/imports/linkedin", data, headers).json
                waits = []
                while client.get(f"/imports/{job['import_id']}").json["status"] not in ("done", "failed"):
                    started = time.perf_counter()
                    client.get("/me")
                    waits.append(time.perf_counter() - started)
                runtime.stop()
        finally:
            if runtime.running:
                runtime.stop()
    longest_chunk = max(chunks)
    print(
        f"  {len(waits)} GET /me during {len(chunks)} chunks: longest wait {max(waits):.2f} s, median"
        f" {statistics.median(waits) * 1000:.0f} ms; longest chunk {longest_chunk:.2f} s (its own CPU time)"
    )
    return max(waits) / longest_chunk
