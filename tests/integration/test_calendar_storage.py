"""Calendar sources in the table (storage/calendars.py), on moto and on the unit tests' fake alike."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import boto3
import pytest
from moto import mock_aws

from infra.local.provision import use_local_aws_environment
from infra.local.template import sam_template
from rapport.domain.calendar_sources import MAX_CALENDARS, CalendarSource, Mark, MarkState, occurrence_key
from rapport.domain.errors import Conflict, InvalidInput, NotFound
from rapport.storage import Store, keys
from tests.fakes.dynamodb import FakeDynamoDB

TABLE = "calendars"
NOW = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)
ME = "0f8fad5b-d9cb-469f-a165-70867728950e"


@pytest.fixture(params=["moto", "fake"])
def store(request):
    if request.param == "fake":
        yield Store(FakeDynamoDB(), TABLE)
        return
    use_local_aws_environment()
    with mock_aws():
        client = boto3.client("dynamodb", region_name="us-east-1")
        properties = sam_template()["Resources"]["Table"]["Properties"]
        client.create_table(
            TableName=TABLE,
            AttributeDefinitions=properties["AttributeDefinitions"],
            KeySchema=properties["KeySchema"],
            GlobalSecondaryIndexes=properties["GlobalSecondaryIndexes"],
            BillingMode="PAY_PER_REQUEST",
        )
        yield Store(client, TABLE)


def source(number: int = 1, **fields) -> CalendarSource:
    defaults = {
        "calendar_id": f"cal{number:02d}",
        "url_encrypted": "c2VhbGVk",
        "url_masked": f"calendar.example/…/{number}.ics",
        "url_fingerprint": f"fp{number}",
        "added_at": NOW,
    }
    return CalendarSource(**(defaults | fields))


def mark(uid: str, state: MarkState = MarkState.LOGGED) -> Mark:
    return Mark(
        occurrence_key=occurrence_key(uid, None),
        state=state,
        starts_at=NOW - timedelta(hours=2),
        ends_at=NOW - timedelta(hours=1),
        contact_ids=["c1"],
        summary="Coffee",
        fingerprint="f",
        interaction_id="i1",
    )


def test_a_calendar_is_added_listed_read_and_removed(store):
    store.calendars.add(ME, source(1))
    store.calendars.add(ME, source(2, name="Work"))
    assert [s.calendar_id for s in store.calendars.list(ME)] == ["cal01", "cal02"]
    assert store.calendars.get(ME, "cal02") == source(2, name="Work")
    assert store.calendars.remove(ME, "cal01") == source(1)
    assert [s.calendar_id for s in store.calendars.list(ME)] == ["cal02"]
    with pytest.raises(NotFound):
        store.calendars.get(ME, "cal01")
    with pytest.raises(NotFound):
        store.calendars.remove(ME, "cal01")
    assert store.calendars.list("someone-else") == []


def test_the_same_calendar_twice_is_a_conflict_until_it_is_removed(store):
    store.calendars.add(ME, source(1))
    with pytest.raises(Conflict) as refused:
        store.calendars.add(ME, source(2, url_fingerprint="fp1"))
    assert refused.value.field == "url"
    store.calendars.remove(ME, "cal01")
    store.calendars.add(ME, source(2, url_fingerprint="fp1"))
    assert [s.calendar_id for s in store.calendars.list(ME)] == ["cal02"]


def test_past_the_most_calendars_is_refused_and_a_removal_makes_room(store):
    for number in range(1, MAX_CALENDARS + 1):
        store.calendars.add(ME, source(number))
    with pytest.raises(InvalidInput) as refused:
        store.calendars.add(ME, source(99))
    assert refused.value.field == "url"
    store.calendars.remove(ME, "cal03")
    store.calendars.add(ME, source(99))
    assert len(store.calendars.list(ME)) == MAX_CALENDARS


def test_two_adds_from_the_same_reading_do_not_both_pass(store):
    """The set's version: an add that read it before another add wrote is refused, not counted past."""
    store.calendars.add(ME, source(1))
    table = store.calendars._table
    original_get = table.get
    stale = original_get(keys.networker(ME), keys.CALENDARS)
    table.get = lambda pk, sk: stale if sk == keys.CALENDARS else original_get(pk, sk)
    store.calendars.add(ME, source(2))  # reads the stale set, writes: the version moves
    with pytest.raises(Conflict):
        store.calendars.add(ME, source(3))  # read the same stale version
    table.get = original_get
    assert [s.calendar_id for s in store.calendars.list(ME)] == ["cal01", "cal02"]


def test_record_writes_only_what_changed_and_never_brings_a_removed_source_back(store):
    store.calendars.add(ME, source(1))
    before = store.calendars.get(ME, "cal01")
    assert store.calendars.record(ME, before, {"events_seen": 0, "name": None}) is before  # nothing changed
    assert store.calendars.get(ME, "cal01").version == 1
    after = store.calendars.record(
        ME, before, {"name": "Perso", "synced_at": NOW, "events_seen": 12, "error_code": None, "etag": '"abc"'}
    )
    assert after is not None and after.version == 2
    assert store.calendars.get(ME, "cal01") == after
    failing = store.calendars.record(ME, after, {"error_code": "timeout", "error_since": NOW})
    assert failing is not None and failing.error_code == "timeout"
    cleared = store.calendars.record(ME, failing, {"error_code": None, "error_since": None})
    assert store.calendars.get(ME, "cal01") == cleared and cleared.error_code is None and cleared.error_since is None
    store.calendars.remove(ME, "cal01")
    assert store.calendars.record(ME, cleared, {"events_seen": 3}) is None
    with pytest.raises(NotFound):
        store.calendars.get(ME, "cal01")


def test_marks_are_one_query_per_calendar_and_go_with_their_calendar(store):
    store.calendars.add(ME, source(1))
    store.calendars.add(ME, source(2))
    first, second = mark("a"), mark("b", MarkState.PLANNED)
    store.calendars.apply(
        [
            store.calendars.still_there(ME, "cal01"),
            store.calendars.putting_mark(ME, "cal01", first),
            store.calendars.putting_mark(ME, "cal01", second),
        ]
    )
    store.calendars.apply([store.calendars.putting_mark(ME, "cal02", mark("c"))])
    assert store.calendars.marks(ME, "cal01") == {first.occurrence_key: first, second.occurrence_key: second}
    store.calendars.apply([store.calendars.dropping_mark(ME, "cal01", second.occurrence_key)])
    assert list(store.calendars.marks(ME, "cal01")) == [first.occurrence_key]
    item = store.calendars._table.get(keys.networker(ME), keys.calendar_event("cal01", first.occurrence_key))
    assert item["type"] == "calendar_event"
    assert item["expiration"] == int((first.ends_at + timedelta(days=45)).timestamp())
    store.calendars.remove(ME, "cal01")
    assert store.calendars.marks(ME, "cal01") == {}
    assert len(store.calendars.marks(ME, "cal02")) == 1


def test_a_mark_is_not_written_for_a_calendar_removed_during_its_sync(store):
    store.calendars.add(ME, source(1))
    writes = [store.calendars.still_there(ME, "cal01"), store.calendars.putting_mark(ME, "cal01", mark("a"))]
    store.calendars.remove(ME, "cal01")
    with pytest.raises(NotFound):
        store.calendars.apply(writes)
    assert store.calendars.marks(ME, "cal01") == {}


def test_a_removal_deletes_more_marks_than_one_transaction_holds(store):
    store.calendars.add(ME, source(1))
    marks = [mark(f"uid-{n}") for n in range(130)]
    for start in range(0, len(marks), 100):
        store.calendars.apply([store.calendars.putting_mark(ME, "cal01", m) for m in marks[start : start + 100]])
    assert len(store.calendars.marks(ME, "cal01")) == 130
    store.calendars.remove(ME, "cal01")
    assert store.calendars.marks(ME, "cal01") == {}


def test_touches_logged_by_two_syncs_from_the_same_reading_are_all_counted(store):
    store.calendars.add(ME, source(touches_logged=0))
    read = store.calendars.get(ME, "cal01")
    store.calendars.record(ME, read, {}, logged=2)
    store.calendars.record(ME, read, {"events_seen": 3}, logged=1)  # the same stale reading
    assert store.calendars.get(ME, "cal01").touches_logged == 3
    store.calendars.record(ME, store.calendars.get(ME, "cal01"), {}, logged=0)
    assert store.calendars.get(ME, "cal01").touches_logged == 3
