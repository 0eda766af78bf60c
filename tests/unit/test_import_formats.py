"""Which format an imported file is, by its content; and LinkedIn's export read as rows, as its import always did."""

import io
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rapport.domain.import_files import MAX_PEOPLE, TOO_MANY, Format
from rapport.domain.import_formats import detect, read
from rapport.domain.locale import Locale
from rapport.domain.vocabulary import Priority, Stage
from tests.unit.test_linkedin import EXPORT

GOOGLE = "Name,Given Name,Family Name,Birthday,Notes,Group Membership,E-mail 1 - Type,E-mail 1 - Value\r\n"
GOOGLE_NEW = "First Name,Middle Name,Last Name,Phonetic First Name,Labels,E-mail 1 - Label,E-mail 1 - Value\r\n"
OUTLOOK = "Title,First Name,Middle Name,Last Name,Suffix,Company,Department,Job Title,E-mail Address,Mobile Phone\r\n"
OUTLOOK_COM = "First Name,Middle Name,Last Name,Title,Suffix,Nickname,Given Yomi,Surname Yomi,E-mail Address\r\n"
LINKEDIN_OLD = "First Name,Last Name,Email Address,Company,Position\r\n"


def _zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("Connections.csv", EXPORT)
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (_zip(), Format.LINKEDIN),
        (EXPORT.encode(), Format.LINKEDIN),
        (LINKEDIN_OLD.encode(), Format.LINKEDIN),
        (b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:A\r\nEND:VCARD\r\n", Format.VCARD),
        (b"\xef\xbb\xbf\r\nbegin:vcard\nFN:A\nend:vcard\n", Format.VCARD),
        ("BEGIN:VCARD\r\nFN:A\r\nEND:VCARD\r\n".encode("utf-16"), Format.VCARD),
        (GOOGLE.encode(), Format.GOOGLE_CSV),
        (GOOGLE_NEW.encode(), Format.GOOGLE_CSV),
        (OUTLOOK.encode("cp1252"), Format.OUTLOOK_CSV),
        (OUTLOOK_COM.encode(), Format.OUTLOOK_CSV),
        (b"", None),
        (b"Name,Phone\r\nA,1\r\n", None),
        (b"%PDF-1.4 ...", None),
    ],
)
def test_the_format_is_found_by_content(data, expected):
    assert detect(data) is expected


def test_a_file_of_no_known_format_says_what_was_expected():
    reading = read(None, b"%PDF-1.4", "FR", Locale.EN)
    assert reading.rows == [] and "a vCard (.vcf), a Google, Outlook or Rapport CSV export" in (reading.problem or "")


def test_linkedin_rows_are_connections_to_meet_with_their_identity():
    reading = read(Format.LINKEDIN, _zip(), "FR", Locale.FR)
    assert [row.line for row in reading.rows] == [5, 6, 7]
    claire = reading.rows[0]
    assert claire.identity == "https://www.linkedin.com/in/clairemartin"
    assert claire.contact.stage is Stage.TO_MEET and claire.contact.priority is Priority.LOW
    assert claire.contact.origin == "LinkedIn"
    assert claire.contact.how_we_met == "Connectés sur LinkedIn le vendredi 15 mars 2024"


def test_a_linkedin_zip_without_connections_is_a_problem_not_an_exception():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("Profile.csv", "First Name\nMe\n")
    assert "no Connections.csv" in (read(None, out.getvalue(), "FR", Locale.EN).problem or "")


def test_a_linkedin_row_its_draft_refuses_is_rejected_with_its_line():
    data = (LINKEDIN_OLD + "Ana,Lopes,not-an-email,Acme,CTO\r\n").encode()
    reading = read(Format.LINKEDIN, data, "FR", Locale.EN)
    assert reading.rows == [] and reading.rejected[0].line == 2 and "Email Address" in reading.rejected[0].reason


@settings(max_examples=100, deadline=None)
@given(st.sampled_from([*Format, None]), st.binary(max_size=300))
def test_any_bytes_in_any_format_are_an_answer_not_an_exception(format, noise):
    header = {Format.GOOGLE_CSV: GOOGLE, Format.OUTLOOK_CSV: OUTLOOK}.get(format, "").encode()
    reading = read(format, header + noise, "FR", Locale.EN)
    assert all(r.line >= 1 and r.reason for r in reading.rejected)
    assert all(row.line >= 1 and row.contact.name and row.identity for row in reading.rows)


@pytest.mark.parametrize(
    ("format", "header", "person"),
    [
        (Format.GOOGLE_CSV, b"Given Name\n", b"a\n"),
        (Format.OUTLOOK_CSV, b"First Name,Job Title\n", b"a,\n"),
        (Format.LINKEDIN, b"First Name,Last Name\n", b"a,\n"),
        (Format.VCARD, b"", b"BEGIN:VCARD\nFN:a\nEND:VCARD\n"),
    ],
)
def test_a_file_of_more_people_than_an_address_book_holds_is_refused_without_reading_them_all(format, header, person):
    """4 MB of two-byte rows were 2 million people: 150 s of reading for an API that has 10."""
    many = header + person * min(4_000_000 // len(person), 2 * MAX_PEOPLE)
    assert detect(many) is format
    assert read(format, many, "FR", Locale.EN).problem == TOO_MANY
    assert "more than 30,000 people" in TOO_MANY


def test_a_csv_whose_note_holds_a_pasted_card_is_the_csv_it_starts_as():
    """Whichever comes first: the header line, or a BEGIN:VCARD line (a vCard file's first)."""
    data = (
        GOOGLE_NEW + 'Claire,,Martin,,,,claire@example.com\r\n,,,,,,,\r\nPaul,,Durand,,"Friends",,paul@example.com\r\n'
    ).encode()
    noted = data.replace(b"Friends", b"His card:\r\nBEGIN:VCARD\r\nFN:Paul\r\nEND:VCARD")
    assert detect(noted) is Format.GOOGLE_CSV
    assert [row.contact.name for row in read(None, noted, "FR", Locale.EN).rows] == ["Claire Martin", "Paul Durand"]
    assert detect(b"BEGIN:VCARD\r\nNOTE:Given Name,Labels\r\nFN:Paul\r\nEND:VCARD\r\n") is Format.VCARD
