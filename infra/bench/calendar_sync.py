"""The calendar sync of a calendar of 5,000 events (issue 17): weekly series, exceptions, five time zones
(`calendar_reading.calendar_bytes`), 200 of the guests contacts.

Measured through the sync service as the function runs it (services/calendar_sync.py), the fetch replaced by
the file itself (the network is not the figure), on the tests' in-memory table (tests/fakes/dynamodb.py, held to
moto's behaviour by tests/integration/test_fake_table_contract.py): moto takes tens of milliseconds a
transaction, and a first sync of such a calendar is thousands of them (each ended occurrence with strangers is
counted once, with its mark), so on moto the figure would be moto's. DynamoDB's own time for them is not in it:
at ~10 ms a transaction, the function's 300 s hold ~25,000, and a sync out of time goes on at the next one.
The first sync's time against the function's timeout and its peak memory (tracemalloc, on a second networker:
it doubles the time) against the function's memory; then the items read and written by a sync with nothing new,
the same file again (its hash) and a 304 (goal: nothing written).

Run alone: `.venv/bin/python -m infra.bench.calendar_sync`.
"""

from __future__ import annotations

import time
import tracemalloc
from datetime import timedelta

from infra.bench.calendar_reading import calendar_bytes
from infra.bench.common import T0
from infra.local import template
from rapport.domain.calendar_fetching import Fetched
from rapport.domain.calendar_sources import CalendarSource
from rapport.domain.contact import ContactCreate
from rapport.services import calendar_sync, contacts, profiles
from rapport.services.profiles import Identity
from rapport.storage import Store
from tests.fakes.dynamodb import FakeDynamoDB

EVENTS = 5_000
CONTACTS = 200
FUNCTION = "CalendarSyncFunction"
URL = "https://calendar.example/bench.ics"


class Counted:
    """The DynamoDB client, counting the items its answers hold and the items its writes write."""

    def __init__(self, client):
        self._client, self.read, self.written = client, 0, 0

    def __getattr__(self, name):
        call = getattr(self._client, name)

        def counted(**request):
            answer = call(**request)
            if name in ("query", "scan"):
                self.read += len(answer.get("Items", []))
            elif name == "get_item":
                self.read += "Item" in answer
            elif name == "batch_get_item":
                self.read += sum(len(items) for items in answer.get("Responses", {}).values())
            elif name == "transact_write_items":
                self.written += len(request["TransactItems"])
            elif name in ("put_item", "update_item", "delete_item"):
                self.written += 1
            return answer

        return counted


class File:
    """The calendar's address answering with the file (its ETag), or 304 once asked with it."""

    def __init__(self, body: bytes, not_modified: bool = False):
        self.body, self.not_modified = body, not_modified

    def fetch(self, url: str, etag: str | None, last_modified: str | None) -> Fetched:
        if self.not_modified and etag == '"bench"':
            return Fetched("not_modified", None, etag, None)
        return Fetched("changed", self.body, '"bench"', None)


class Vault:
    def open(self, blob: str, context: dict[str, str]) -> str:
        return URL


def calendar_sync_cost() -> tuple[float, float, int, int]:
    """Print the figure; return (first sync / function timeout, peak memory / function memory, items read and
    items written by a sync with nothing new)."""
    print(f"\n== The calendar sync of {EVENTS:,} events, {CONTACTS} guests contacts ==")
    properties = template.sam_template()["Resources"][FUNCTION]["Properties"]
    timeout, memory_mb = properties["Timeout"], properties.get("MemorySize", 512)
    now = T0
    body = calendar_bytes(EVENTS, now)
    client = Counted(FakeDynamoDB())
    store = Store(client, "bench")
    first, profile = _networker(store, 1)
    started = time.perf_counter()
    (synced,) = calendar_sync.sync(store, Vault(), File(body), profile, None, now)
    took = time.perf_counter() - started
    print(
        f"  first sync: {took:.2f} s ({synced.steps:,} occurrences acted on, {synced.touches_logged:,} touches"
        f" logged, {client.written:,} items written; {len(body) / 1e6:.1f} MB file)",
        flush=True,
    )
    _, other = _networker(store, 2)
    tracemalloc.start()
    calendar_sync.sync(store, Vault(), File(body), other, None, now)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"  peak memory of a first sync: {peak / 1e6:.0f} MB (traced)")
    read = written = 0
    for label, fetcher in (("the same file", File(body)), ("304 Not Modified", File(body, not_modified=True))):
        client.read = client.written = 0
        calendar_sync.sync(store, Vault(), fetcher, store.profiles.get(first), None, now + timedelta(minutes=1))
        print(f"  a sync with nothing new ({label}): {client.read} items read, {client.written} written")
        read, written = max(read, client.read), max(written, client.written)
    client.read = client.written = 0
    calendar_sync.sync(store, Vault(), File(body), store.profiles.get(first), None, now + timedelta(hours=1))
    print(
        f"  an hour later (what ended in it: the file read again): {client.read} items read, {client.written} written"
    )
    return took / timeout, peak / 1e6 / memory_mb, read, written


def _networker(store: Store, number: int):
    """A networker with CONTACTS of the calendar's guests as contacts, and the calendar added."""
    identity = Identity(
        networker_id=f"00000000-0000-4000-8000-{number:012d}", email="me@rapport.example", email_verified=True
    )
    profile = profiles.current(store, identity, T0)
    for guest in range(CONTACTS):
        draft = ContactCreate(name=f"Guest {guest}", emails=[f"guest0-{guest * 25}@example.com"])
        contacts.create(store, profile, draft, T0)
    source = CalendarSource(
        calendar_id=f"bench{number}", url_encrypted="sealed", url_masked="calendar.example/…/bench.ics",
        url_fingerprint=f"bench{number}", added_at=T0,
    )  # fmt: skip
    store.calendars.add(profile.networker_id, source)
    return profile.networker_id, profile


if __name__ == "__main__":
    calendar_sync_cost()
