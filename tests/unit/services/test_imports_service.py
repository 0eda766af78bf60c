"""The import machinery on the in-memory table, whatever the format: rows taken a chunk at a time, known
contacts merged by email, phone or profile URL (blanks filled, nothing overwritten), a second import
changing nothing, deleted contacts not brought back. The file is read by a stand-in reader: the readers
have tests of their own."""

from __future__ import annotations

import pytest

from rapport.domain import import_formats
from rapport.domain.contact import Birthday, ContactCreate
from rapport.domain.errors import InvalidInput
from rapport.domain.import_files import Format, Reading, Rejected, Row
from rapport.domain.vocabulary import Priority, Stage
from rapport.services import contacts, imports
from rapport.storage.imports import Files
from rapport.storage.shapes import import_job
from tests.fakes.s3 import FakeS3
from tests.unit.services.conftest import NOW

CLAIRE = Row(
    line=2,
    identity="claire@example.com",
    contact=ContactCreate(
        name="Claire Martin",
        emails=["claire@example.com"],
        phones=["+33612345678"],
        company="Acme",
        title="CTO",
        birthday=Birthday(day=14, month=2),
        tags=["friends", "tech"],
        notes="Met at the Lyon meetup",
    ),
)
PAUL = Row(line=9, identity="name:paul durand", contact=ContactCreate(name="Paul Durand", phones=["+33698765432"]))


@pytest.fixture
def files() -> Files:
    return Files(FakeS3(), "imports")


@pytest.fixture
def reading(monkeypatch):
    """What the stand-in reader finds in any file: set `reading.now` before importing."""

    class Stand:
        now = Reading(rows=[CLAIRE, PAUL])

    monkeypatch.setattr(import_formats, "detect", lambda data: Format.VCARD if data.startswith(b"BEGIN") else None)
    monkeypatch.setattr(import_formats, "read", lambda format, data, region, locale: Stand.now)
    return Stand


@pytest.fixture
def run(store, files, me, reading):
    """Import a file to the end, chunk after chunk as the stream reaction enqueues them: the job."""

    def run(format: Format | None = None):
        job = imports.start(store, files, me, b"BEGIN:VCARD", "text/vcard", format, NOW)
        while job.status == "running":
            job = imports.run_chunk(store, files, me.networker_id, job.import_id, job.processed, NOW) or job
        return store.imports.get(me.networker_id, job.import_id)

    return run


def by_name(store, me) -> dict:
    return {c.name: c for c in store.contacts.all(me.networker_id)}


def counts(job) -> tuple[int, int, int, int]:
    return job.created, job.merged, job.skipped, job.rejected


def test_an_address_book_becomes_met_contacts_with_their_details(run, store, me):
    job = run()
    assert (job.format, job.status, job.rows, counts(job)) == ("vcard", "done", 2, (2, 0, 0, 0))
    claire = by_name(store, me)["Claire Martin"]
    assert (claire.stage, claire.priority, claire.phones, claire.tags) == (
        Stage.MET,
        Priority.NORMAL,
        ["+33612345678"],
        ["friends", "tech"],
    )
    assert (claire.birthday, claire.import_key, claire.import_id) == (
        Birthday(day=14, month=2),
        CLAIRE.identity,
        job.import_id,
    )
    assert store.contacts.phone_owners(me.networker_id, ["+33612345678"]) == {"+33612345678": claire.contact_id}


def test_the_same_file_again_changes_nothing(run, store, me):
    run()
    before = by_name(store, me)
    assert counts(run()) == (0, 0, 2, 0)
    assert by_name(store, me) == before


def test_a_known_contact_is_completed_by_phone_never_overwritten(run, store, me, add):
    french = me.model_copy(update={"region": "FR"})  # the networker wrote the number as they say it
    draft = ContactCreate(name="Claire", phones=["06 12 34 56 78"], company="Mine", tags=["family"])
    known = contacts.create(store, french, draft, NOW)
    job = run()
    assert counts(job) == (1, 1, 0, 0)
    claire = store.contacts.get(me.networker_id, known.contact_id)
    assert (claire.name, claire.company, claire.title) == ("Claire", "Mine", "CTO")  # blanks filled only
    assert (claire.tags, claire.emails, claire.notes) == (
        ["family", "friends", "tech"],
        ["claire@example.com"],
        "Met at the Lyon meetup",
    )
    assert (claire.birthday, claire.stage) == (Birthday(day=14, month=2), Stage.MET)
    assert len(by_name(store, me)) == 2
    assert counts(run()) == (0, 0, 2, 0)  # merged once: marked with the row's identity


def test_a_known_contact_is_found_by_email_or_profile_url(run, store, me, add, reading):
    by_email = add("C. Martin", emails=["claire@example.com"], title="VP")
    by_url = add("Paul", linkedin_url="https://www.linkedin.com/in/pauldurand")
    paul = PAUL.model_copy(
        update={"contact": PAUL.contact.model_copy(update={"linkedin_url": "https://www.linkedin.com/in/pauldurand"})}
    )
    reading.now = Reading(rows=[CLAIRE, paul])
    assert counts(run()) == (0, 2, 0, 0)
    assert store.contacts.get(me.networker_id, by_email).title == "VP"
    assert store.contacts.get(me.networker_id, by_url).phones == ["+33698765432"]


def test_a_shared_phone_under_another_name_is_someone_else(run, store, me, add):
    """A home phone is a couple's: Claire's number on Bob does not make her Bob."""
    add("Bob Martin", phones=["+33612345678"])
    assert counts(run()) == (2, 0, 0, 0)
    assert store.contacts.phone_owners(me.networker_id, ["+33612345678"]) == {}  # two hold it now: no one's


def test_a_deleted_contact_is_not_brought_back(run, store, me):
    run()
    contacts.delete(store, me, by_name(store, me)["Paul Durand"].contact_id)
    assert counts(run()) == (0, 0, 2, 0)
    assert list(by_name(store, me)) == ["Claire Martin"]


def test_twice_in_the_file_is_skipped_and_rejected_rows_are_reported(run, store, me, reading):
    again = CLAIRE.model_copy(update={"line": 30})
    reading.now = Reading(rows=[CLAIRE, again, PAUL], rejected=[Rejected(line=20, reason="no name")], photos_skipped=3)
    job = run()
    assert (counts(job), job.photos_skipped) == ((2, 0, 1, 1), 3)
    assert store.imports.rejections(me.networker_id, job.import_id) == [Rejected(line=20, reason="no name")]


def test_rows_are_taken_a_chunk_at_a_time_from_one_reading_of_the_file(run, files, reading, monkeypatch):
    monkeypatch.setattr(imports, "CHUNK_ROWS", 2)
    gets, get = [], files.get
    monkeypatch.setattr(files, "get", lambda *key: gets.append(key) or get(*key))
    reading.now = Reading(
        rows=[
            Row(line=n, identity=f"p{n}", contact=ContactCreate(name=f"P {n}", phones=["+33612345678"]))
            for n in range(5)
        ]
    )
    job = run()
    assert (job.processed, counts(job)) == (5, (5, 0, 0, 0))  # one switchboard, five people
    assert len(gets) == 1  # a warm container keeps the file it read for the next chunk


@pytest.mark.parametrize(
    ("data", "format", "reason"),
    [
        (b"", None, "is empty"),
        (b"hello", None, "expected a vCard (.vcf)"),
    ],
)
def test_what_is_no_file_of_contacts_is_refused_with_what_was_expected(store, files, me, reading, data, format, reason):
    with pytest.raises(InvalidInput) as refused:
        imports.start(store, files, me, data, "text/csv", format, NOW)
    assert reason in refused.value.message and refused.value.field == "body"


def test_a_file_unreadable_in_its_format_or_listing_no_one_is_refused(store, files, me, reading):
    reading.now = Reading(problem="line 1: no BEGIN:VCARD")
    with pytest.raises(InvalidInput, match="no BEGIN:VCARD"):
        imports.start(store, files, me, b"BEGIN", "text/vcard", Format.VCARD, NOW)
    reading.now = Reading()
    with pytest.raises(InvalidInput, match="lists no one"):
        imports.start(store, files, me, b"BEGIN", "text/vcard", None, NOW)


def test_a_job_stored_before_formats_reads_as_linkedin():
    stored = {"import_id": "i1", "status": "running", "rows": 3, "started_at": NOW.isoformat()}
    job = import_job.from_item(stored)
    assert (job.format, job.photos_skipped) == (Format.LINKEDIN, 0)
