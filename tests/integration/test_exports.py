"""The contacts exported through the real API handler: a vCard file that reads back as the same contacts, and a
CSV in the networker's language."""

import csv
import gzip
import io

import pytest

from rapport.domain.locale import Locale
from rapport.domain.vcards import read

CLAIRE = {
    "name": "Claire Martin",
    "emails": ["claire@acme.example"],
    "phones": ["+33612345678"],
    "company": "Acme, Lyon",
    "title": "CTO",
    "birthday": {"day": 17, "month": 5},
    "notes": "Rencontrée au salon.\nAime le jazz.",
    "tags": ["clients"],
    "linkedin_url": "https://www.linkedin.com/in/clairemartin",
}


def test_the_contacts_as_vcards_read_back_the_same(api):
    claire = api.post("/contacts", CLAIRE).body
    api.post("/contacts", {"name": "Anne Roy", "birthday": {"day": 2, "month": 1, "year": 1975}})
    reply = api.get("/export/contacts.vcf")
    assert reply.status == 200
    assert reply.headers["content-type"] == "text/vcard; charset=utf-8"
    assert reply.headers["content-disposition"] == 'attachment; filename="rapport-contacts.vcf"'
    reading = read(reply.body.encode(), None, Locale.EN)
    assert [row.contact.name for row in reading.rows] == ["Anne Roy", "Claire Martin"]  # by name
    back = reading.rows[1]
    assert back.identity == f"uid:{claire['contact_id']}"
    assert back.contact.model_dump(include=set(CLAIRE)) == CLAIRE | {"birthday": {"day": 17, "month": 5, "year": None}}


def test_the_contacts_as_a_csv_in_french(api):
    assert api.patch("/me", {"locale": "fr"}).status == 200
    api.post("/contacts", CLAIRE)
    reply = api.get("/export/contacts.csv")
    assert reply.status == 200
    assert reply.headers["content-type"] == "text/csv; charset=utf-8"
    assert reply.headers["content-disposition"] == 'attachment; filename="rapport-contacts.csv"'
    assert reply.body.startswith('\ufeff"Nom","E-mails","Téléphones","Entreprise","Poste","Anniversaire","LinkedIn"')
    header, claire = list(csv.reader(io.StringIO(reply.body.removeprefix("\ufeff"))))
    assert dict(zip(header, claire, strict=True)) == {
        "Nom": "Claire Martin",
        "E-mails": "claire@acme.example",
        "Téléphones": "'+33612345678",  # shown as text by a spreadsheet, not a formula
        "Entreprise": "Acme, Lyon",
        "Poste": "CTO",
        "Anniversaire": "'--05-17",
        "LinkedIn": "https://www.linkedin.com/in/clairemartin",
        "Étiquettes": "clients",
        "Notes": "Rencontrée au salon.\nAime le jazz.",
    }


def test_an_export_holds_the_networkers_contacts_only(api, other):
    api.post("/contacts", CLAIRE)
    other.post("/contacts", {"name": "Someone Else"})
    assert "Someone Else" not in api.get("/export/contacts.vcf").body
    assert other.get("/export/contacts.csv").body.count("\r\n") == 2  # the header and their one contact


@pytest.mark.parametrize("path", ["/export/contacts.vcf", "/export/contacts.csv"])
def test_a_client_that_takes_gzip_gets_the_file_compressed(api, path):
    """A Lambda answers 6 MB at most: 30,000 connections imported from LinkedIn are 6.2 MB of vCards, 1.8 MB
    once compressed (browsers and `curl --compressed` ask for it)."""
    for n in range(30):
        api.post("/contacts", CLAIRE | {"name": f"Claire {n}", "emails": [f"c{n}@acme.example"], "linkedin_url": None})
    plain = api.get(path)
    zipped = api.get(path, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert (zipped.status, zipped.headers["content-encoding"]) == (200, "gzip")
    assert gzip.decompress(zipped.body).decode() == plain.body
    assert len(zipped.body) * 4 < len(plain.body.encode()) and "content-encoding" not in plain.headers


def test_the_french_csv_imports_into_a_second_account_as_the_same_contacts(api, other, stream):
    """Rapport's own CSV is a format `POST /imports` knows (detected by its header, in either language)."""
    from tests.integration.test_imports_of_every_format import run

    fields = sorted(set(CLAIRE) - {"birthday"})
    assert api.patch("/me", {"locale": "fr"}).status == 200
    api.post("/contacts", CLAIRE | {"notes": "'=1+1' est du texte", "tags": ["clients", "lyon"]})
    api.post("/contacts", {"name": "Anne Roy", "birthday": {"day": 2, "month": 1, "year": 1975}})
    report = run(other, stream, api.get("/export/contacts.csv").body.encode(), "text/csv")
    assert (report["format"], report["created"], report["rejected"]) == ("rapport_csv", 2, 0)
    mine, theirs = api.get("/contacts").body["items"], other.get("/contacts").body["items"]
    kept = fields + ["birthday"]
    assert sorted(({k: c[k] for k in kept} for c in theirs), key=str) == sorted(
        ({k: c[k] for k in kept} for c in mine), key=str
    )


def test_the_vcards_imported_back_into_the_same_account_find_the_same_contacts(api, stream):
    """A card's UID is its contact's id: a contact with no email, phone or profile to find it by (one created in
    the app has no claim of that UID) is found by it, not added again."""
    from tests.integration.test_imports_of_every_format import run

    api.post("/contacts", {"name": "Anne Roy", "birthday": {"day": 2, "month": 1, "year": 1975}})
    api.post("/contacts", CLAIRE)
    report = run(api, stream, api.get("/export/contacts.vcf").body.encode(), "text/vcard")
    assert (report["created"], report["merged"], report["skipped"]) == (0, 0, 2)
    assert sorted(c["name"] for c in api.get("/contacts").body["items"]) == ["Anne Roy", "Claire Martin"]
