"""Contacts from an address book, through the local runtime over HTTP (issue 16's "done when", its import
part): a Gmail vCard export and an Outlook CSV become contacts with their details, the same files again
change nothing, and the vCard export re-imports identically into a second account."""

from __future__ import annotations

import gzip
import json

from tests.e2e.conftest import Client, http_request

# As Google Contacts exports them: vCard 3.0, folded lines, Apple-style labelled items, groups as categories,
# photos by URL, a birthday without its year.
GMAIL = b"""BEGIN:VCARD\r
VERSION:3.0\r
FN:Claire Martin\r
N:Martin;Claire;;;\r
EMAIL;TYPE=INTERNET;TYPE=WORK:claire.martin@acme.example\r
TEL;TYPE=CELL:(415) 555-0132\r
ORG:Acme\r
TITLE:CTO\r
BDAY:--0214\r
PHOTO:https://lh3.googleusercontent.com/contacts/claire\r
CATEGORIES:myContacts,Investors\r
END:VCARD\r
BEGIN:VCARD\r
VERSION:3.0\r
FN:John Doe\r
N:Doe;John;;;\r
EMAIL;TYPE=INTERNET;TYPE=HOME:john.doe@ibm.example\r
TEL;TYPE=CELL:905-555-1234\r
item1.TEL:905-666-1234\r
item1.X-ABLabel:GRAND_CENTRAL\r
ORG:IBM\r
TITLE:Money Counter\r
BDAY:1980-03-22\r
NOTE:Met at the Toronto meetup\\; likes long\r
  walks.\r
CATEGORIES:myContacts\r
END:VCARD\r
BEGIN:VCARD\r
VERSION:3.0\r
FN:Arnold Smith\r
N:Smith;Arnold;;;\r
EMAIL;TYPE=INTERNET:asmith@gmail.example\r
END:VCARD\r
"""
# Outlook's CSV export, its real header (Outlook for Windows, "Comma Separated Values").
OUTLOOK_HEADER = (
    '"Title","First Name","Middle Name","Last Name","Suffix","Company","Department","Job Title","Business Street",'
    '"Business Street 2","Business Street 3","Business City","Business State","Business Postal Code",'
    '"Business Country/Region","Home Street","Home Street 2","Home Street 3","Home City","Home State",'
    '"Home Postal Code","Home Country/Region","Other Street","Other Street 2","Other Street 3","Other City",'
    '"Other State","Other Postal Code","Other Country/Region","Assistant\'s Phone","Business Fax","Business Phone",'
    '"Business Phone 2","Callback","Car Phone","Company Main Phone","Home Fax","Home Phone","Home Phone 2","ISDN",'
    '"Mobile Phone","Other Fax","Other Phone","Pager","Primary Phone","Radio Phone","TTY/TDD Phone","Telex",'
    '"Account","Anniversary","Assistant\'s Name","Billing Information","Birthday","Business Address PO Box",'
    '"Categories","Children","Directory Server","E-mail Address","E-mail Type","E-mail Display Name",'
    '"E-mail 2 Address","E-mail 2 Type","E-mail 2 Display Name","E-mail 3 Address","E-mail 3 Type",'
    '"E-mail 3 Display Name","Gender","Government ID Number","Hobby","Home Address PO Box","Initials",'
    '"Internet Free Busy","Keywords","Language","Location","Manager\'s Name","Mileage","Notes","Office Location",'
    '"Organizational ID Number","Other Address PO Box","Priority","Private","Profession","Referred By",'
    '"Sensitivity","Spouse","User 1","User 2","User 3","User 4","Web Page"'
)


def outlook_row(**cells: str) -> str:
    columns = [c.strip('"') for c in OUTLOOK_HEADER.split('","')]
    return ",".join(f'"{cells.get(column, "")}"' for column in columns)


OUTLOOK = "\r\n".join(
    [
        OUTLOOK_HEADER,
        outlook_row(
            **{
                "First Name": "Paul",
                "Last Name": "Durand",
                "Company": "Durand SA",
                "Job Title": "Founder",
                "Mobile Phone": "+33 6 12 34 56 78",
                "Business Phone": "(212) 555-0175",
                "Birthday": "5/17/1980",
                "Anniversary": "0/0/00",
                "Categories": "Clients;Golf",
                "E-mail Address": "paul@durand.example",
                "E-mail Type": "SMTP",
                "E-mail Display Name": "Paul Durand (paul@durand.example)",
                "Gender": "Unspecified",
                "Priority": "Normal",
                "Private": "False",
                "Sensitivity": "Normal",
            }
        ),
        outlook_row(**{"First Name": "Zoé", "Last Name": "Petit", "E-mail Address": "zoe@petit.example"}),
    ]
).encode("cp1252")  # as Outlook writes it: the system's ANSI code page, not UTF-8


def upload(client: Client, data: bytes, content_type: str, query: str = "", token: str | None = None) -> dict:
    """A file imported to the end (by the networker of `token`, else the client's): the job's report."""
    headers = {"Authorization": f"Bearer {token or client.token}", "Content-Type": content_type}
    started = http_request(client.base_url, "POST", f"/imports{query}", data, headers)
    assert started.status == 202, started.body
    client.drain()  # the stream enqueues each chunk, the import function takes it
    report = client.get(started.headers["location"], token=token or client.token).json
    assert report["status"] == "done", report
    return report


def contacts(client: Client, token: str | None = None) -> dict[str, dict]:
    return {c["name"]: c for c in client.get("/contacts?limit=100", token=token or client.token).json["items"]}


def details(contact: dict) -> tuple:
    fields = ("emails", "phones", "company", "title", "birthday", "tags", "stage", "notes", "linkedin_url")
    return tuple(contact[f] for f in fields)


def test_address_books_import_once_with_their_details(local):
    assert local.request("PATCH", "/me", {"region": "US"}).status == 200  # numbers without +country are American
    report = upload(local, GMAIL, "text/vcard")
    assert (report["format"], report["rows"], report["created"], report["rejected"]) == ("vcard", 3, 3, 0)
    assert report["photos_skipped"] == 1
    report = upload(local, OUTLOOK, "text/csv")
    assert (report["format"], report["rows"], report["created"], report["rejected"]) == ("outlook_csv", 2, 2, 0)

    people = contacts(local)
    assert len(people) == 5
    claire = people["Claire Martin"]
    assert details(claire)[:7] == (
        ["claire.martin@acme.example"],
        ["+14155550132"],
        "Acme",
        "CTO",
        {"day": 14, "month": 2, "year": None},
        ["investors"],  # Google's own group (myContacts) is no tag
        "met",
    )
    paul = people["Paul Durand"]
    assert details(paul)[:7] == (
        ["paul@durand.example"],
        ["+12125550175", "+33612345678"],  # in the export's column order
        "Durand SA",
        "Founder",
        {"day": 17, "month": 5, "year": 1980},
        ["clients", "golf"],
        "met",
    )
    assert people["Zoé Petit"]["emails"] == ["zoe@petit.example"]  # Windows-1252, read right
    john = people["John Doe"]
    assert (john["phones"], john["company"], john["birthday"]["year"]) == (
        ["+19055551234", "+19056661234"],
        "IBM",
        1980,
    )
    assert (john["notes"], john["tags"]) == ("Met at the Toronto meetup; likes long walks.", [])

    again = [upload(local, GMAIL, "text/vcard"), upload(local, OUTLOOK, "text/csv", "?format=outlook_csv")]
    assert [(r["created"], r["merged"], r["skipped"]) for r in again] == [(0, 0, 3), (0, 0, 2)]
    assert contacts(local) == people


def test_the_vcard_export_imports_the_same_contacts_into_a_second_account(local):
    local.request("PATCH", "/me", {"region": "US"})
    upload(local, GMAIL, "text/vcard")
    upload(local, OUTLOOK, "text/csv")
    exported = local.get("/export/contacts.vcf")
    assert exported.status == 200, exported.body

    signed_in = http_request(local.base_url, "POST", "/_local/token", json.dumps({"email": "bob@example.com"}).encode())
    bob = signed_in.json["token"]
    assert local.request("PATCH", "/me", {"region": "FR"}, token=bob).status == 200  # another region: E.164 holds
    report = upload(local, exported.body, "text/vcard", token=bob)
    assert (report["format"], report["created"], report["rejected"]) == ("vcard", 5, 0)
    mine, theirs = contacts(local), contacts(local, bob)
    assert {name: details(c) for name, c in theirs.items()} == {name: details(c) for name, c in mine.items()}
    again = upload(local, exported.body, "text/vcard", token=bob)
    assert (again["created"], again["merged"], again["skipped"]) == (0, 0, 5)


def test_the_french_csv_export_comes_gzipped_and_imports_the_same_contacts_into_a_second_account(local):
    """Over HTTP: the gateway passes the function's gzip on (Content-Encoding, the body base64 in the function's
    answer, bytes on the wire); Rapport's own CSV, in French, is a format `POST /imports` detects."""
    local.request("PATCH", "/me", {"region": "US", "locale": "fr"})
    upload(local, GMAIL, "text/vcard")
    plain = local.get("/export/contacts.csv")
    headers = {"Authorization": f"Bearer {local.token}", "Accept-Encoding": "gzip"}
    zipped = http_request(local.base_url, "GET", "/export/contacts.csv", None, headers)
    assert (zipped.status, zipped.headers["content-encoding"]) == (200, "gzip")
    assert gzip.decompress(zipped.body) == plain.body and plain.body.startswith('\ufeff"Nom"'.encode())

    signed_in = http_request(local.base_url, "POST", "/_local/token", json.dumps({"email": "bob@example.com"}).encode())
    bob = signed_in.json["token"]
    assert local.request("PATCH", "/me", {"region": "FR"}, token=bob).status == 200
    report = upload(local, plain.body, "text/csv", token=bob)
    assert (report["format"], report["created"], report["rejected"]) == ("rapport_csv", 3, 0)
    mine, theirs = contacts(local), contacts(local, bob)
    assert {name: details(c) for name, c in theirs.items()} == {name: details(c) for name, c in mine.items()}
