"""LinkedIn imports through the API and the import function: a job in chunks, merged, idempotent."""

from __future__ import annotations

import io
import json
import os
import zipfile

import boto3
import pytest

from infra.local.functions import load_handler
from infra.local.queues import QueuePump
from rapport import clock
from rapport.domain.contact import ContactCreate
from rapport.services import contacts, imports
from rapport.storage import Store
from tests.integration.conftest import LambdaContext, sqs_record
from tests.unit.test_linkedin import HEADER, PREAMBLE, SEVEN

OLD_HEADER = "First Name,Last Name,Email Address,Company,Position,Connected On\r\n"


def export(*rows: str, header: str = HEADER) -> bytes:
    """A Connections.csv as LinkedIn writes it: BOM, notes, CRLF, trailing empty rows."""
    return ("\ufeff" + PREAMBLE + header + "".join(r + "\r\n" for r in rows) + ",,,,,,\r\n\r\n").encode()


def person(n: int, email: bool = False) -> str:
    mail = f"person{n}@example.com" if email else ""
    return (
        f"Person,Number{n},https://www.linkedin.com/in/person-{n},{mail},Company {n % 7},Engineer,{n % 28 + 1} Mar 2024"
    )


CLAIRE = 'Claire,Martin,https://www.linkedin.com/in/ClaireMartin/,claire@example.com,Acme,"CTO, Labs",15 Mar 2024'
PAUL = 'Paul,Durand,https://fr.linkedin.com/in/pauldurand?trk=x,,"Durand, Fils & Cie",Founder,29-Mar-21'


def take_chunks(stream) -> int:
    """Run the stream reaction and the import queue's event source mapping (the local runtime's) until
    nothing is pending; how many chunks the import function took."""
    (mapping,) = [m for m in stream.stack.queue_mappings if m.function == "ImportFunction"]
    pump, taken = QueuePump(mapping, stream.invoker), 0
    while True:
        stream.drain()
        delivered = pump.pump()
        if not delivered.messages:
            return taken
        assert not delivered.failed
        taken += delivered.messages


def waiting_chunk(stream) -> dict:
    """The chunk the stream reaction enqueued, taken off the import queue, as one SQS event record (to
    hand to the import function as often as a test wants)."""
    stream.drain()
    sqs = boto3.client("sqs", region_name="us-east-1")
    queue = os.environ["IMPORT_QUEUE_URL"]
    (message,) = sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=10)["Messages"]
    sqs.delete_message(QueueUrl=queue, ReceiptHandle=message["ReceiptHandle"])
    return sqs_record(json.loads(message["Body"]))


def upload(api, data: bytes, content_type: str = "text/csv"):
    return api.post("/imports/linkedin", raw=data, content_type=content_type)


def run(api, stream, data: bytes, content_type: str = "text/csv") -> dict:
    started = upload(api, data, content_type)
    assert started.status == 202, started.body
    assert started.headers["location"] == f"/imports/{started.body['import_id']}"
    assert started.body["status"] == "running"
    take_chunks(stream)
    return api.get(started.headers["location"]).body


def by_name(api) -> dict:
    return {c["name"]: c for c in api.get("/contacts", query={"limit": 100}).body["items"]}


def test_an_export_with_its_quirks_becomes_contacts_to_meet(api, stream):
    api.patch("/me", {"locale": "fr"})
    data = export(CLAIRE, PAUL, "Ana,Lopes,https://www.linkedin.com/in/ana,,,,", ",,https://www.linkedin.com/in/x,,,,")
    report = run(api, stream, data)
    assert (report["status"], report["rows"], report["processed"]) == ("done", 3, 3)
    assert (report["created"], report["merged"], report["skipped"], report["rejected"]) == (3, 0, 0, 1)
    assert report["rejections"] == [{"line": 8, "reason": "no first or last name"}]
    people = by_name(api)
    claire = people["Claire Martin"]
    assert (claire["stage"], claire["priority"], claire["origin"]) == ("to_meet", "low", "LinkedIn")
    assert (claire["company"], claire["title"], claire["emails"]) == ("Acme", "CTO, Labs", ["claire@example.com"])
    assert claire["linkedin_url"] == "https://www.linkedin.com/in/clairemartin"
    assert claire["how_we_met"] == "Connectés sur LinkedIn le vendredi 15 mars 2024"
    assert people["Paul Durand"]["linkedin_url"] == "https://www.linkedin.com/in/pauldurand"
    assert people["Paul Durand"]["company"] == "Durand, Fils & Cie"
    assert people["Ana Lopes"]["how_we_met"] == "Connectés sur LinkedIn"


def test_a_latin_1_export_is_read_right_and_every_row_counted(api, stream):
    data = (PREAMBLE + HEADER + "".join(row + "\r\n" for row in SEVEN)).encode("cp1252")
    report = run(api, stream, data)
    assert (report["status"], report["rows"], report["processed"]) == ("done", 7, 7)
    assert (report["created"], report["merged"], report["skipped"], report["rejected"]) == (7, 0, 0, 0)
    people = by_name(api)
    assert {"René Lévesque", "Hélène Côté", "Ève Garçon"} <= set(people)
    assert people["Tatiana Ivanova"]["company"] == "L’Œuvre"


def test_the_same_file_twice_changes_nothing_and_a_newer_one_adds_only_the_new(api, stream):
    first = run(api, stream, export(CLAIRE, PAUL))
    assert first["created"] == 2
    claire = by_name(api)["Claire Martin"]
    api.patch(f"/contacts/{claire['contact_id']}", {"company": None, "title": "VP Engineering", "priority": "high"})
    before = by_name(api)

    again = run(api, stream, export(CLAIRE, PAUL))
    assert (again["created"], again["merged"], again["skipped"]) == (0, 0, 2)
    assert by_name(api) == before  # the edits stand: no company back, the title kept

    newer = run(
        api, stream, export(CLAIRE, PAUL, "Zoé,Petit,https://www.linkedin.com/in/zoe,,Lyon Tech,CEO,1 Jan 2026")
    )
    assert (newer["created"], newer["skipped"]) == (1, 2)
    assert len(by_name(api)) == 3


def test_known_contacts_are_merged_not_duplicated(api, stream):
    by_email = api.post("/contacts", {"name": "Claire M.", "emails": ["claire@example.com"], "circle": "inner"}).body
    by_url = api.post(
        "/contacts", {"name": "Paul", "linkedin_url": "linkedin.com/in/pauldurand", "company": "Mine"}
    ).body
    report = run(api, stream, export(CLAIRE, PAUL))
    assert (report["created"], report["merged"], report["skipped"]) == (0, 2, 0)
    people = by_name(api)
    assert len(people) == 2
    claire = people["Claire M."]  # the networker's name, stage and circle stay
    assert (claire["stage"], claire["circle"], claire["company"]) == ("met", "inner", "Acme")
    assert claire["linkedin_url"] == "https://www.linkedin.com/in/clairemartin"
    assert people["Paul"]["company"] == "Mine"  # never overwritten
    assert people["Paul"]["how_we_met"] == "Connected on LinkedIn on Monday, March 29, 2021"
    assert by_email["contact_id"] == claire["contact_id"] and by_url["contact_id"] == people["Paul"]["contact_id"]
    assert run(api, stream, export(CLAIRE, PAUL))["skipped"] == 2  # merged once: the next import skips them


def test_an_older_export_without_urls_is_idempotent_too(api, stream):
    old = export(
        "Claire,Martin,claire@example.com,Acme,CTO,15 Mar 2024",
        "Paul,Durand,,Durand SA,Founder,29-Mar-21",
        header=OLD_HEADER,
    )
    assert run(api, stream, old)["created"] == 2
    assert run(api, stream, old)["skipped"] == 2
    assert len(by_name(api)) == 2


def test_a_deleted_imported_contact_does_not_come_back(api, stream):
    run(api, stream, export(CLAIRE, PAUL))
    assert api.delete(f"/contacts/{by_name(api)['Paul Durand']['contact_id']}").status == 204
    again = run(api, stream, export(CLAIRE, PAUL))
    assert (again["created"], again["skipped"]) == (0, 2)
    assert list(by_name(api)) == ["Claire Martin"]


def test_duplicates_in_the_file_and_bad_rows_are_reported(api, stream):
    data = export(CLAIRE, CLAIRE, "Bob,Lee,https://example.com/bob,,,,", "Eve,Adams,,not-an-email,,,")
    report = run(api, stream, data)
    assert (report["created"], report["skipped"], report["rejected"]) == (1, 1, 2)
    reasons = {r["line"]: r["reason"] for r in report["rejections"]}
    assert reasons[7].startswith("URL: is not a LinkedIn profile URL")
    assert reasons[8].startswith("Email Address: is not an email address")


def test_the_export_zip_is_taken(api, stream):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("Basic_LinkedInDataExport_11-27-2026/Connections.csv", export(CLAIRE, PAUL))
        archive.writestr("Basic_LinkedInDataExport_11-27-2026/Profile.csv", "First Name\r\nMe\r\n")
    assert run(api, stream, buffer.getvalue(), "application/zip")["created"] == 2


def test_a_large_file_is_taken_in_chunks_with_progress(api, stream, monkeypatch):
    monkeypatch.setattr(imports, "CHUNK_ROWS", 40)
    started = upload(api, export(*(person(n, email=n % 3 == 0) for n in range(100))))
    location = started.headers["location"]
    record = waiting_chunk(stream)
    load_handler("ImportFunction")({"Records": [record]}, LambdaContext())
    partway = api.get(location).body
    assert (partway["status"], partway["processed"], partway["created"]) == ("running", 40, 40)
    load_handler("ImportFunction")({"Records": [record]}, LambdaContext())  # the same chunk again: not counted
    assert api.get(location).body["processed"] == 40
    assert take_chunks(stream) == 2
    done = api.get(location).body
    assert (done["status"], done["processed"], done["created"], done["finished_at"] is not None) == (
        "done",
        100,
        100,
        True,
    )


@pytest.mark.parametrize(
    ("data", "content_type", "status", "reason"),
    [
        (b"", "text/csv", 422, "is empty"),
        (b"name,email\nClaire,c@example.com\n", "text/csv", 422, "First Name"),
        (export(), "text/csv", 422, "lists no one"),
        (b"PK\x03\x04broken", "application/zip", 422, "zip"),
        (export(CLAIRE), "application/json", 415, "text/csv"),
        (b"x" * 4_000_001, "text/csv", 413, "over 4 MB"),
    ],
)
def test_what_is_no_export_is_refused_clearly(api, data, content_type, status, reason):
    answer = upload(api, data, content_type)
    assert answer.status == status and reason in answer.body["errors"][0]["reason"], answer.body
    assert answer.body["errors"][0]["field"] == "body"


def test_a_chunk_failing_on_its_last_try_fails_the_job(api, stream, monkeypatch):
    started = upload(api, export(CLAIRE))
    record = waiting_chunk(stream)

    def broken(*args):
        raise RuntimeError("boom")

    monkeypatch.setattr(imports, "_take", broken)
    handler = load_handler("ImportFunction")
    for attempt in ("1", "3"):
        retry = record | {"attributes": {"ApproximateReceiveCount": attempt}}
        assert handler({"Records": [retry]}, LambdaContext())["batchItemFailures"]
        status = api.get(started.headers["location"]).body["status"]
        assert status == ("running" if attempt == "1" else "failed")
    assert "file is kept" in api.get(started.headers["location"]).body["failure"]


def test_contacts_created_together_fall_back_one_by_one_on_a_taken_claim(api):
    """A transaction of many contacts refused for one of them (its email claimed meanwhile): the others
    are created all the same, one at a time."""
    api.post("/contacts", {"name": "Taken", "emails": ["taken@example.com"]})
    store = Store(boto3.client("dynamodb", region_name="us-east-1"), os.environ["TABLE_NAME"])
    profile = store.profiles.get(api.claims["sub"])
    drafts = [ContactCreate(name=f"New {n}", emails=[f"new{n}@example.com"]) for n in range(3)]
    drafts.insert(1, ContactCreate(name="Clash", emails=["taken@example.com"]))
    new = [contacts.new_contact(profile, draft, clock.now()) for draft in drafts]
    created = store.contacts.create_all(api.claims["sub"], new)
    assert [c.name for c in created] == ["New 0", "New 1", "New 2"]
    assert sorted(by_name(api)) == ["New 0", "New 1", "New 2", "Taken"]
