"""POST /imports through the API and the import function: any format, detected or named, one job."""

from __future__ import annotations

import pytest

from tests.integration.test_linkedin_import import CLAIRE, PAUL, by_name, export, take_chunks


def upload(api, data: bytes, content_type: str, format: str | None = None):
    query = {"format": format} if format else None
    return api.post("/imports", raw=data, content_type=content_type, query=query)


def run(api, stream, data: bytes, content_type: str, format: str | None = None) -> dict:
    started = upload(api, data, content_type, format)
    assert started.status == 202, started.body
    assert started.headers["location"] == f"/imports/{started.body['import_id']}"
    take_chunks(stream)
    return api.get(started.headers["location"]).body


def test_a_linkedin_export_is_detected_and_named_the_same(api, stream):
    report = run(api, stream, export(CLAIRE, PAUL), "text/csv")
    assert (report["format"], report["status"], report["created"], report["photos_skipped"]) == (
        "linkedin",
        "done",
        2,
        0,
    )
    assert by_name(api)["Claire Martin"]["stage"] == "to_meet"
    again = run(api, stream, export(CLAIRE, PAUL), "text/csv", "linkedin")
    assert (again["format"], again["created"], again["skipped"]) == ("linkedin", 0, 2)


@pytest.mark.parametrize(
    ("data", "content_type", "query", "status", "field", "reason"),
    [
        (b"hello, world\n", "text/csv", None, 422, "body", "a Google, Outlook or Rapport CSV export"),
        (b"", "text/vcard", None, 422, "body", "is empty"),
        (export(CLAIRE), "text/csv", "excel", 422, "format", "linkedin"),
        (export(CLAIRE), "application/json", None, 415, "body", "text/vcard"),
    ],
)
def test_what_is_no_file_of_contacts_is_refused_with_what_was_expected(
    api, data, content_type, query, status, field, reason
):
    answer = upload(api, data, content_type, query)
    assert answer.status == status, answer.body
    (error,) = answer.body["errors"]
    assert (error["field"], reason in error["reason"]) == (field, True), error


CARDS = """BEGIN:VCARD\r
VERSION:3.0\r
FN:Claire Martin\r
N:Martin;Claire;;;\r
TEL;TYPE=CELL:06 12 34 56 78\r
ORG:Acme\r
TITLE:CTO\r
BDAY:--0214\r
CATEGORIES:Tech\r
PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQ==\r
END:VCARD\r
BEGIN:VCARD\r
VERSION:3.0\r
FN:Inès Moreau\r
EMAIL:ines@example.com\r
END:VCARD\r
BEGIN:VCARD\r
VERSION:3.0\r
ORG:\r
END:VCARD\r
""".encode()
GOOGLE = (
    b"First Name,Middle Name,Last Name,Organization Name,Organization Title,Birthday,Labels,E-mail 1 - Label,"
    b"E-mail 1 - Value,Phone 1 - Label,Phone 1 - Value\r\n"
    b"Paul,,Durand,Durand SA,Founder,1980-05-17,Clients ::: * myContacts,* Work,paul@durand.example,Mobile,"
    b"+33 6 98 76 54 32\r\n"
)


def test_a_vcard_completes_a_contact_known_by_phone_and_adds_the_others(api, stream):
    api.patch("/me", {"region": "FR"})
    known = api.post("/contacts", {"name": "Claire", "phones": ["+33 6 12 34 56 78"], "company": "Mine"}).body
    report = run(api, stream, CARDS, "text/vcard")
    assert (report["format"], report["rows"], report["photos_skipped"]) == ("vcard", 2, 1)
    assert (report["created"], report["merged"], report["skipped"], report["rejected"]) == (1, 1, 0, 1)
    assert report["rejections"][0]["line"] == 17  # where the card without a name begins
    people = by_name(api)
    assert set(people) == {"Claire", "Inès Moreau"}
    claire = people["Claire"]
    assert claire["contact_id"] == known["contact_id"]
    assert (claire["company"], claire["title"], claire["tags"], claire["birthday"]) == (
        "Mine",
        "CTO",
        ["tech"],
        {"day": 14, "month": 2, "year": None},
    )
    assert (people["Inès Moreau"]["stage"], people["Inès Moreau"]["origin"]) == ("met", "vCard")
    again = run(api, stream, CARDS, "text/x-vcard")
    assert (again["created"], again["merged"], again["skipped"]) == (0, 0, 2)


def test_a_phone_edited_away_no_longer_finds_the_contact(api, stream):
    """The phone index follows the contact's edits: a number taken off a contact is no one's."""
    api.patch("/me", {"region": "FR"})
    known = api.post("/contacts", {"name": "Claire Martin", "phones": ["+33 6 12 34 56 78"]}).body
    assert api.patch(f"/contacts/{known['contact_id']}", {"phones": ["+33 6 00 00 00 01"]}).status == 200
    report = run(api, stream, CARDS, "text/vcard")
    assert (report["created"], report["merged"]) == (2, 0)
    assert len(api.get("/contacts").body["items"]) == 3  # two Claire Martins: the duplicates find them


def test_a_google_csv_named_by_its_format(api, stream):
    report = run(api, stream, GOOGLE, "text/csv", "google_csv")
    assert (report["format"], report["created"]) == ("google_csv", 1)
    paul = by_name(api)["Paul Durand"]
    assert (paul["emails"], paul["phones"], paul["tags"], paul["stage"]) == (
        ["paul@durand.example"],
        ["+33698765432"],
        ["clients"],
        "met",
    )


def test_a_file_of_thousands_of_rejected_cards_is_done_with_its_first_rejections_reported(api, stream):
    """10,000 BEGIN:VCARD lines without their END: 9,999 rejected cards, more than one item holds (400 KB)."""
    nested = b"BEGIN:VCARD\r\n" * 10_000 + b"FN:Claire Martin\r\n" + b"END:VCARD\r\n" * 10_000
    report = run(api, stream, nested, "text/vcard")
    assert (report["status"], report["created"], report["rejected"]) == ("done", 1, 9_999)
    assert len(report["rejections"]) == 1_000
    assert report["rejections"][0] == {"line": 1, "reason": "no END:VCARD before the next card"}


def test_the_same_key_with_another_format_is_a_422_not_the_first_job_replayed(api):
    key = {"Idempotency-Key": "import-7c1e"}
    first = api.post("/imports", raw=GOOGLE, content_type="text/csv", query={"format": "google_csv"}, headers=key)
    again = api.post("/imports", raw=GOOGLE, content_type="text/csv", query={"format": "google_csv"}, headers=key)
    assert first.status == again.status == 202 and again.body == first.body
    other = api.post("/imports", raw=GOOGLE, content_type="text/csv", query={"format": "linkedin"}, headers=key)
    assert other.status == 422, other.body
    assert other.body["errors"][0]["field"] == "Idempotency-Key"
