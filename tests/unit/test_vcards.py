"""vCards as address books export them (fixtures in tests/unit/fixtures/contacts, and the ez-vcard corpus in
../shared/corpus/vcards when it is there), and the vCard 3.0 written for every address book."""

from datetime import UTC, datetime
from pathlib import Path

import pytest
import vobject
import vobject.base
from hypothesis import given, settings
from hypothesis import strategies as st

from rapport.domain.contact import Birthday, Contact
from rapport.domain.locale import Locale
from rapport.domain.vcards import read, write
from rapport.domain.vocabulary import Circle, Stage

FIXTURES = Path(__file__).parent / "fixtures" / "contacts"
CORPUS = Path(__file__).parents[2].parent / "shared" / "corpus" / "vcards"


def fixture(name: str, region: str | None = "FR", locale: Locale = Locale.EN):
    return read((FIXTURES / name).read_bytes(), region, locale)


def test_a_gmail_export_with_its_labels_categories_and_birthday_without_a_year():
    reading = fixture("gmail.vcf")
    assert reading.problem is None and reading.rejected == []
    claire, paul = (row.contact for row in reading.rows)
    assert claire.name == "Claire Martin" and claire.company == "Acme" and claire.title == "CTO"
    assert claire.emails == ["claire@acme.example", "claire.martin@example.com"]
    assert claire.phones == ["+33612345678", "+442079460958"]  # a national number read in the profile's region
    assert claire.birthday == Birthday(day=17, month=5)
    assert claire.tags == ["clients"]  # Google's own groups (myContacts, starred) are not the networker's
    assert claire.linkedin_url == "https://www.linkedin.com/in/clairemartin"
    assert claire.notes == "Met at the Lyon meetup, 2023.\nLikes jazz.\nWeb: https://claire.example.com (Blog)"
    assert claire.stage is Stage.MET and claire.origin == "vCard"
    assert reading.rows[0].identity == "claire@acme.example" and reading.rows[1].line == 19
    assert paul.phones == [] and paul.notes == "Phone: not a number"  # not lost: in the notes
    assert paul.birthday == Birthday(day=22, month=3, year=1980)


def test_an_unreadable_phone_is_noted_in_the_networkers_language():
    paul = fixture("gmail.vcf", locale=Locale.FR).rows[1].contact
    assert paul.notes == "Téléphone\u202f: not a number"


def test_an_iphone_card_with_grouped_labels_cr_cr_lf_and_a_photo():
    reading = fixture("apple.vcf")
    assert reading.photos_skipped == 1 and len(reading.rows) == 1
    zoe = reading.rows[0].contact
    assert zoe.name == "Zoé Lévy" and zoe.company == "Société Générale" and zoe.title == "Directrice financière"
    assert zoe.emails == ["zoe.levy@example.fr"] and zoe.phones == ["+33698765432"]  # item1.EMAIL, item2.TEL
    assert zoe.linkedin_url == "https://www.linkedin.com/in/zoelevy"  # X-SOCIALPROFILE
    assert zoe.birthday == Birthday(day=2, month=3)  # Apple's 1604 is "no year"
    assert zoe.notes is not None and "octets because every line" in zoe.notes  # unfolded
    assert zoe.notes.endswith("Web: https://zoe.example.fr (HomePage)")  # Apple's label, not its _$!<...>!$_


def test_a_2_1_card_in_quoted_printable_latin_1():
    rene = fixture("outlook-2.1-latin1.vcf").rows[0].contact
    assert rene.name == "René Lévy" and rene.company == "Crédit Agricole" and rene.title == "Chargé d'affaires"
    assert rene.notes == "Première ligne\nDeuxième ligne, très longue, qui continue ici"  # a soft line break
    assert rene.birthday == Birthday(day=2, month=1, year=1975) and rene.phones == ["+33611223344"]


def test_a_4_0_card_its_uid_a_tel_uri_and_bad_cards_rejected_by_line():
    reading = fixture("v4.vcf")
    (row,) = reading.rows
    assert row.identity == "uid:urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1"
    assert row.contact.phones == ["+33123456789"] and row.contact.birthday == Birthday(day=3, month=2)
    assert row.contact.tags == ["philosophie", "amis"]
    assert row.contact.linkedin_url == "https://www.linkedin.com/in/simoneweil"
    assert [(r.line, r.reason) for r in reading.rejected] == [
        (13, "no name, organisation or email"),
        (17, "no END:VCARD: the file is cut"),
    ]


def test_a_card_without_a_name_is_named_by_its_email():
    data = b"BEGIN:VCARD\nVERSION:2.1\nEMAIL;PREF:jo@example.com\nEND:VCARD\n"
    assert read(data, "FR", Locale.EN).rows[0].contact.name == "jo@example.com"


def test_a_card_vobject_cannot_read_costs_only_itself(monkeypatch):
    good = "BEGIN:VCARD\nVERSION:3.0\nFN:{0}\nEMAIL:{0}@example.com\nEND:VCARD\n"
    data = (good.format("ana") + "BEGIN:VCARD\nVERSION:3.0\nFN:bad\nEND:VCARD\n" + good.format("bo")).encode()
    real = vobject.base.parseLine

    def broken(text, *options):
        if text == "FN:bad":
            raise UnicodeError("a binascii error deep in vobject")
        return real(text, *options)

    monkeypatch.setattr(vobject.base, "parseLine", broken)
    reading = read(data, "FR", Locale.EN)
    assert [row.contact.name for row in reading.rows] == ["ana", "bo"]
    assert [(r.line, r.reason) for r in reading.rejected] == [(6, "unreadable vCard: a binascii error deep in vobject")]


def test_a_charset_declared_for_raw_bytes_is_used():
    data = "BEGIN:VCARD\nVERSION:2.1\nFN;CHARSET=KOI8-R:Пётр\nEND:VCARD\n".encode("koi8-r")
    assert read(data, None, Locale.EN).rows[0].contact.name == "Пётр"


def test_a_utf16_file_is_read():
    data = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zoé\r\nEND:VCARD\r\n".encode("utf-16")
    assert read(data, None, Locale.EN).rows[0].contact.name == "Zoé"


def test_a_file_without_cards_is_a_problem():
    assert (
        read(b"FN:nobody\n", "FR", Locale.EN).problem == "line 1: no card (BEGIN:VCARD ... END:VCARD): not a vCard file"
    )


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_are_read_without_raising(noise):
    read(b"BEGIN:VCARD\nVERSION:3.0\nFN:A\n" + noise + b"\nEND:VCARD\n", "FR", Locale.EN)


def contact(contact_id: str, name: str, **fields) -> Contact:
    now = datetime(2026, 12, 6, tzinfo=UTC)
    return Contact(
        contact_id=contact_id, name=name, declared_stage=Stage.MET, stage=Stage.MET, circle=Circle.NETWORK,
        created_at=now, updated_at=now, **fields,
    )  # fmt: skip


CONTACTS = [
    contact(
        "01JF3ZKQ9W8X7V6T5S4R3Q2P1N",
        "Zoé Lévy-Martin",
        emails=["zoe@example.fr", "z.levy@acme.example"],
        phones=["+33612345678", "+442079460958"],
        company="Société Générale, Paris",
        title="Directrice financière; DAF",
        birthday=Birthday(day=29, month=2),
        notes="Rencontrée à Lyon, au salon.\nAime le jazz; et les échecs. " + "Une note longue. " * 9 + "Fin.",
        tags=["clients", "golf club"],  # a comma would make two: Thunderbird escapes the commas between its tags
        linkedin_url="https://www.linkedin.com/in/zoelevy",
    ),
    contact("01JF3ZKQ9W8X7V6T5S4R3Q2P1M", "Prince", birthday=Birthday(day=7, month=6, year=1958)),
]
FIELDS = ("name", "emails", "phones", "company", "title", "birthday", "notes", "tags", "linkedin_url")


def test_written_cards_read_back_as_the_same_contacts():
    reading = read(write(CONTACTS).encode(), "FR", Locale.EN)
    assert reading.rejected == []
    for row, original in zip(reading.rows, CONTACTS, strict=True):
        assert {f: getattr(row.contact, f) for f in FIELDS} == {f: getattr(original, f) for f in FIELDS}
        assert row.identity == f"uid:{original.contact_id}"


def test_written_cards_are_3_0_crlf_folded_with_a_birthday_without_year():
    text = write(CONTACTS)
    assert text.count("BEGIN:VCARD\r\n") == 2 and "VERSION:3.0\r\n" in text
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    assert "BDAY:--0229\r\n" in text and "BDAY:19580607\r\n" in text
    assert "UID:01JF3ZKQ9W8X7V6T5S4R3Q2P1N\r\n" in text and "EMAIL;TYPE=INTERNET:zoe@example.fr\r\n" in text
    assert "\n" not in text.replace("\r\n", "")


def test_written_cards_are_what_vobject_reads():
    zoe, prince = vobject.readComponents(write(CONTACTS))
    assert zoe.fn.value == "Zoé Lévy-Martin" and zoe.n.value.family == "Lévy-Martin" and zoe.n.value.given == "Zoé"
    assert [e.value for e in zoe.email_list] == ["zoe@example.fr", "z.levy@acme.example"]
    assert zoe.org.value == ["Société Générale, Paris"] and zoe.title.value == "Directrice financière; DAF"
    assert zoe.note.value == CONTACTS[0].notes and zoe.categories.value == ["clients", "golf club"]
    assert zoe.url.value == "https://www.linkedin.com/in/zoelevy" and prince.n.value.family == "Prince"


CORPUS_FILES = sorted(CORPUS.rglob("*.vcf")) if CORPUS.is_dir() else []


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"the vCard corpus is not at {CORPUS}")
@pytest.mark.parametrize("path", CORPUS_FILES, ids=[p.name for p in CORPUS_FILES])
def test_every_card_of_the_corpus_is_imported_or_rejected_with_a_reason(path):
    data = path.read_bytes()
    reading = read(data, "US", Locale.EN)
    cards = data.upper().count(b"BEGIN:VCARD")
    assert reading.problem is None and len(reading.rows) + len(reading.rejected) == cards
    assert all(r.reason for r in reading.rejected)
    assert all(row.contact.name for row in reading.rows)


# The John Doe cards: what each exporter says of him (name as its FN writes it; phones its numbers that are real).
JOHN_DOE = {
    "ANDROID": (None, "john.doe@company.com", []),
    "BLACK_BERRY": ("John Doe", None, []),  # +96123456789 is no number: in the notes
    "EVOLUTION": ("Mr. John Richter, James Doe Sr.", "john.doe@ibm.com", ["+19056661234", "+19055551234"]),
    "GMAIL": ("Mr. John Richter, James Doe Sr.", "john.doe@ibm.com", ["+19055551234", "+19056661234"]),
    "IPHONE": ("Mr. John Richter James Doe Sr.", "john.doe@ibm.com", ["+19055551234", "+19056661234"]),
    "LOTUS_NOTES": ("Mr. Doe John I Johny", "john.doe@ibm.com", []),
    "MAC_ADDRESS_BOOK": ("Mr. John Richter,James Doe Sr.", "john.doe@ibm.com", ["+19057771234", "+19056661234"]),
    "MS_OUTLOOK": ("Mr. John Richter James Doe Sr.", "john.doe@ibm.cm", ["+19055551234", "+19056661234"]),
}


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"the vCard corpus is not at {CORPUS}")
@pytest.mark.parametrize("exporter", JOHN_DOE)
def test_john_doe_as_each_exporter_writes_him(exporter):
    name, email, phones = JOHN_DOE[exporter]
    reading = read((CORPUS / "io" / "text" / f"John_Doe_{exporter}.vcf").read_bytes(), "US", Locale.EN)
    john = reading.rows[0].contact
    assert name is None or john.name == name
    assert email is None or john.emails[0] == email
    assert john.phones[: len(phones)] == phones
