"""Figure 4: digests composed and sent per second through a local runtime, 1,000 networkers."""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import boto3

from infra.bench.child import http_event
from infra.bench.common import T0, BatchedContacts, function_output_discarded, people_named
from infra.bench.moto_speedup import partition_queries
from infra.local import functions
from infra.local.provision import REGION
from infra.local.runtime import Runtime
from rapport import clock
from rapport.domain.contact import ContactCreate
from rapport.domain.vocabulary import Circle
from rapport.services import contacts
from rapport.storage import Store
from rapport.storage.dynamo import Table

NETWORKERS = 1_000
PIPELINE_DUE, PIPELINE_LOOSE = 2, 1  # contacts of each networker: inner (due on DIGEST_DAY), loose
ZONES = ("Europe/Paris", "America/New_York")  # alternately; 08:30 is 07:30 UTC and 13:30 UTC in February
DIGEST_TIME = "08:30"
DIGEST_DAY = datetime(2026, 2, 17, 6, 0, tzinfo=UTC)  # T0 + 15 days, early: before both digest times
OVER = timedelta(hours=8)  # the advance: to 14:00 UTC, over both


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
            with function_output_discarded(runtime.stack.environments):
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
    """The names of the digest schedules (one per networker, named after them; not the weekly reviews')."""
    scheduler = boto3.client("scheduler", region_name=REGION)
    group = os.environ["DIGEST_SCHEDULE_GROUP"]
    pages = scheduler.get_paginator("list_schedules").paginate(GroupName=group)
    names = [schedule["Name"] for page in pages for schedule in page["Schedules"]]
    return [name for name in names if not name.startswith("review-")]


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
        or people_named(item, item["recipient"]) != PIPELINE_DUE
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
