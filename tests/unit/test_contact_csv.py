"""Google Contacts' and Outlook's CSV exports with their real headers (fixtures in tests/unit/fixtures/contacts),
and the CSV written in the networker's language, read back."""

import csv
import io
from pathlib import Path

import pytest

from rapport.domain.contact import Birthday
from rapport.domain.contact_csv import read, write
from rapport.domain.import_files import Format
from rapport.domain.import_formats import detect
from rapport.domain.locale import Locale
from rapport.domain.vocabulary import Stage
from tests.unit.test_vcards import CONTACTS, FIELDS

FIXTURES = Path(__file__).parent / "fixtures" / "contacts"


def fixture(format: Format, name: str, locale: Locale = Locale.EN):
    return read(format, (FIXTURES / name).read_bytes(), "FR", locale)


def test_googles_export_with_several_values_in_a_cell_and_its_groups_as_tags():
    reading = fixture(Format.GOOGLE_CSV, "google.csv")
    claire, paul = (row.contact for row in reading.rows)
    assert claire.name == "Claire Martin" and claire.company == "Acme" and claire.title == "CTO"
    assert claire.emails == ["claire@acme.example", "claire.martin@example.com"]  # "a ::: b"
    assert claire.phones == ["+33612345678", "+442079460958"]
    assert claire.tags == ["clients"]  # without "* myContacts" and "* starred"
    assert claire.birthday == Birthday(day=17, month=5) and claire.notes == "Met at the Lyon meetup.\nLikes jazz."
    assert claire.linkedin_url == "https://www.linkedin.com/in/clairemartin"
    assert claire.stage is Stage.MET and claire.origin == "Google"
    assert paul.name == "Paul Durand" and paul.birthday == Birthday(day=22, month=3, year=1980)
    assert [row.line for row in reading.rows] == [2, 5]  # Claire's notes take two lines
    assert [(r.line, r.reason) for r in reading.rejected] == [(4, "no name, organisation or email")]


def test_googles_newer_export_with_labels():
    (row,) = fixture(Format.GOOGLE_CSV, "google-labels.csv").rows
    assert row.contact.name == "Zoé Lévy" and row.contact.company == "Société Générale" and row.contact.title == "DAF"
    assert row.contact.tags == ["famille"] and row.contact.phones == ["+33698765432"]
    assert row.identity == "zoe@example.fr"


def test_outlooks_export_in_windows_1252_reads_right():
    rene, anne = (row.contact for row in fixture(Format.OUTLOOK_CSV, "outlook.csv").rows)
    assert rene.name == "René Lévy" and rene.company == "Crédit Agricole" and rene.title == "Chargé d'affaires"
    assert rene.notes == "Rencontré au salon € 2024"  # 0x80 is the euro in Windows-1252
    assert rene.phones == ["+33611223344"]  # the mobile, not the fax
    assert rene.tags == ["clients", "golf"] and rene.birthday == Birthday(day=2, month=1, year=1975)
    assert rene.origin == "Outlook"
    assert anne.birthday is None and anne.notes is None  # Outlook's 0/0/00 is no birthday


def test_outlook_com_export_with_a_bom():
    (row,) = fixture(Format.OUTLOOK_CSV, "outlook-com.csv").rows
    simone = row.contact
    assert simone.name == "Simone Weil" and simone.company == "ENS" and simone.phones == ["+33123456789"]
    assert simone.linkedin_url == "https://www.linkedin.com/in/simoneweil"
    assert simone.birthday == Birthday(day=17, month=5, year=1909)  # 17/5: the day comes first when it must


def test_a_file_without_the_expected_header_is_a_problem():
    assert read(Format.OUTLOOK_CSV, (FIXTURES / "google.csv").read_bytes(), "FR", Locale.EN).problem == (
        "line 1: no header line of Outlook's CSV export"
    )


def test_a_cell_longer_than_csvs_limit_is_read_and_cut_to_what_a_contact_keeps():
    header = "First Name,Last Name,E-mail Address,Mobile Phone\r\n"
    data = (header + 'A,B,"' + "x" * 200_000 + '"\r\nC,D,c@example.com,\r\n').encode()
    reading = read(Format.OUTLOOK_CSV, data, "FR", Locale.EN)
    assert [(row.contact.name, row.line) for row in reading.rows] == [("A B", 2), ("C D", 3)]
    assert len(reading.rows[0].contact.notes) == 10_000 and reading.rejected == []  # the email, in the notes


def test_a_note_of_many_lines_longer_than_csvs_limit_is_one_cell_not_thousands_of_people():
    data = ('Given Name,Notes\r\nBob,"' + "n\r\n" * 100_000 + '"\r\nAnn,\r\n').encode()
    reading = read(Format.GOOGLE_CSV, data, "FR", Locale.EN)
    assert [(row.contact.name, row.line) for row in reading.rows] == [("Bob", 2), ("Ann", 100_003)]
    assert reading.rejected == []


def test_the_csv_written_has_a_bom_and_the_networkers_words():
    text = write(CONTACTS, Locale.FR)
    assert text.startswith('\ufeff"Nom","E-mails","Téléphones","Entreprise","Poste","Anniversaire","LinkedIn"')
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert rows[1][:6] == [
        "Zoé Lévy-Martin",
        "zoe@example.fr; z.levy@acme.example",
        "'+33612345678; +442079460958",  # a cell starting with "+" is a formula to Excel
        "Société Générale, Paris",
        "Directrice financière; DAF",
        "'--02-29",  # else Excel computes --02-29: -27
    ]
    assert rows[1][8].startswith("Rencontrée à Lyon, au salon.\nAime le jazz") and rows[2][5] == "1958-06-07"
    assert write([], Locale.EN) == (
        '\ufeff"Name","Emails","Phones","Company","Title","Birthday","LinkedIn","Tags","Notes"\r\n'
    )


def test_the_csv_written_runs_no_formula_in_a_spreadsheet():
    """OWASP's CSV injection: a cell starting with = + - @ tab or CR gets a "'" (Excel shows it as text), and every
    cell is quoted, so that Excel in French, which splits at ";", does not start a cell inside one."""
    evil = CONTACTS[0].model_copy(
        update={
            "name": '=HYPERLINK("http://evil.example","x")',
            "company": "@SUM(1+1)",
            "title": "-2+3",
            "notes": "ok; =1+1",
            "tags": ["\tcmd"],
        }
    )
    text = write([evil], Locale.EN)
    (cells,) = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))[1:]
    assert cells[0] == '\'=HYPERLINK("http://evil.example","x")'
    assert (cells[3], cells[4], cells[7], cells[8]) == ("'@SUM(1+1)", "'-2+3", "'\tcmd", "ok; =1+1")
    assert '"ok; =1+1"' in text


@pytest.mark.parametrize("locale", list(Locale))
def test_rapports_own_csv_is_detected_and_reads_back_as_the_same_contacts(locale):
    """Each cell read back loses the one "'" written before it: a formula's start, or a "'" of its own."""
    quoted = CONTACTS[0].model_copy(update={"company": "'Quoted' & co", "title": "-2+3", "notes": "=1+1"})
    data = write([quoted, CONTACTS[1]], locale).encode()
    assert detect(data) is Format.RAPPORT_CSV
    reading = read(Format.RAPPORT_CSV, data, "FR", Locale.EN)
    assert reading.rejected == [] and reading.problem is None
    for row, original in zip(reading.rows, [quoted, CONTACTS[1]], strict=True):
        assert {f: getattr(row.contact, f) for f in FIELDS} == {f: getattr(original, f) for f in FIELDS}
        assert row.contact.origin == "Rapport"
