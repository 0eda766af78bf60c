"""Google Contacts', Outlook's and Rapport's own CSV exports, read; and the networker's contacts written as a
CSV. Pure.

Columns are found by their name, never their position: each exporter has several versions (Google's
"Given Name ... E-mail 1 - Value ... Group Membership" and its newer "First Name ... E-mail 1 - Label ...
Labels"; Outlook desktop's "Title, First Name, ... E-mail Address ... Categories" and Outlook.com's
"First Name, Middle Name, ... Nickname"). The text is decoded by `text_files.decode` (UTF-8, or the
Windows-1252 a spreadsheet saves). A bad line is a `Rejected`, never an exception.
"""

from __future__ import annotations

import csv
import io
import re

from rapport.domain.address_book import Details, to_row, written_birthday
from rapport.domain.contact import Contact
from rapport.domain.import_files import MAX_PEOPLE, TOO_MANY, Format, Reading, Rejected, Row
from rapport.domain.locale import Locale
from rapport.domain.text_files import decode

ORIGIN = {Format.GOOGLE_CSV: "Google", Format.OUTLOOK_CSV: "Outlook", Format.RAPPORT_CSV: "Rapport"}
HEADER_LINES = 20  # a header is among the first lines (LinkedIn's has a preamble)

_EMAIL = re.compile(r"^e-mail(?: \d+)? address$|^e-mail \d+ - value$")
_PHONE = re.compile(r"phone(?: \d+)?$|^phone \d+ - value$")
_WEBSITE = re.compile(r"^website \d+ - value$|web page$")
_GOOGLE = {"given name", "e-mail 1 - value", "phone 1 - value", "group membership", "labels", "e-mail 1 - label"}
_OUTLOOK = {"e-mail address", "mobile phone", "business phone", "job title"}
_LINKEDIN = {"first name", "last name", "url", "email address", "company", "position", "connected on"}
MULTIPLE = " ::: "  # Google's separator of values in one cell

# The written CSV's columns, in the networker's language.
COLUMNS = {
    Locale.EN: ("Name", "Emails", "Phones", "Company", "Title", "Birthday", "LinkedIn", "Tags", "Notes"),
    Locale.FR: (
        "Nom",
        "E-mails",
        "Téléphones",
        "Entreprise",
        "Poste",
        "Anniversaire",
        "LinkedIn",
        "Étiquettes",
        "Notes",
    ),
}
# Rapport's own header, either language, read as the English one.
_RAPPORT = {
    name.lower(): english.lower()
    for columns in COLUMNS.values()
    for name, english in zip(columns, COLUMNS[Locale.EN], strict=True)
}
SEPARATOR = "; "  # Rapport's separator of values in one cell


def header_format(cells: list[str]) -> Format | None:
    """Which export a header line is: Rapport's, Google's, Outlook's, or LinkedIn's (all may start with "First
    Name")."""
    names = {cell.strip().lower() for cell in cells}
    if any(names == {name.lower() for name in columns} for columns in COLUMNS.values()):
        return Format.RAPPORT_CSV
    if names & _GOOGLE:
        return Format.GOOGLE_CSV
    if names & _OUTLOOK:
        return Format.OUTLOOK_CSV
    if "first name" in names and names <= _LINKEDIN:
        return Format.LINKEDIN
    return None


def _lines(data: bytes) -> list[str]:
    return io.StringIO(decode(data).replace("\x00", ""), newline="").readlines()


def header_of(line: str) -> Format | None:
    """The export a CSV file is, if this line is its header."""
    try:
        return header_format(next(csv.reader([line]), []))
    except csv.Error:
        return None


def read(format: Format, data: bytes, region: str | None, locale: Locale) -> Reading:
    """Read Google's, Outlook's or Rapport's export; never raises, so any upload gets an answer listing what was
    wrong."""
    lines = _lines(data)
    start = next((i for i, line in enumerate(lines[:HEADER_LINES]) if _is_header(line, format)), None)
    if start is None:
        return Reading(problem=f"line 1: no header line of {ORIGIN[format]}'s CSV export")
    reader = csv.reader(lines[start:])
    header = [cell.strip().lower() for cell in next(reader)]
    if format is Format.RAPPORT_CSV:
        header = [_RAPPORT[name] for name in header]
    details = _rapport_details if format is Format.RAPPORT_CSV else _details
    rows: list[Row] = []
    rejected: list[Rejected] = []
    while True:
        line = start + reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            rejected.append(Rejected(line=line, reason=f"unreadable CSV: {error}"))
            continue
        if not any(cell.strip() for cell in cells):
            continue  # empty lines, such as trailing ones, are nobody
        if len(rows) + len(rejected) == MAX_PEOPLE:
            return Reading(problem=TOO_MANY)
        found = to_row(details(dict(zip(header, cells, strict=False)), line), ORIGIN[format], region, locale)
        if isinstance(found, Rejected):
            rejected.append(found)
        else:
            rows.append(found)
    return Reading(rows=rows, rejected=rejected)


def _is_header(line: str, format: Format) -> bool:
    return header_of(line) is format


def _details(cells: dict[str, str], line: int) -> Details:
    def first(*names: str) -> str:
        return next((cells[n].strip() for n in names if cells.get(n, "").strip()), "")

    def every(pattern: re.Pattern[str]) -> list[str]:
        return [v.strip() for n, cell in cells.items() if pattern.search(n) for v in cell.split(MULTIPLE)]

    given, middle = first("first name", "given name"), first("middle name", "additional name")
    parts = (given, middle, first("last name", "family name"))
    return Details(
        line=line,
        name=first("name") or " ".join(p for p in parts if p),
        emails=every(_EMAIL),
        phones=every(_PHONE),
        company=first("organization 1 - name", "organization name", "company"),
        title=first("organization 1 - title", "organization title", "job title"),
        birthday=first("birthday"),
        notes=first("notes"),
        tags=first("group membership", "labels").split(MULTIPLE) + first("categories").split(";"),
        urls=[(url, "") for url in every(_WEBSITE)],
    )


def _rapport_details(cells: dict[str, str], line: int) -> Details:
    """A line of Rapport's own CSV (its header in English): what `write` wrote, read back."""

    def cell(name: str) -> str:
        return _uncell(cells.get(name, "")).strip()

    def every(name: str) -> list[str]:
        return cell(name).split(SEPARATOR.strip())

    return Details(
        line=line,
        name=cell("name"),
        emails=every("emails"),
        phones=every("phones"),
        company=cell("company"),
        title=cell("title"),
        birthday=cell("birthday"),
        notes=cell("notes"),
        tags=every("tags"),
        urls=[(cell("linkedin"), "")],
    )


# A cell starting with one of these is a formula to a spreadsheet (OWASP's CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(text: str) -> str:
    """A cell a spreadsheet shows as text: "'" before what would start a formula (Excel hides it), and before
    a "'" of its own, so that reading a cell back takes one "'" away, always."""
    return "'" + text if text.startswith((*FORMULA_START, "'")) else text


def _uncell(text: str) -> str:
    """The text `_cell` wrote."""
    return text.removeprefix("'")


def write(contacts: list[Contact], locale: Locale) -> str:
    """All the contacts as a CSV, one line each, headers in the networker's language; with a BOM, so that
    Excel reads it as UTF-8. Several values in one cell are separated by SEPARATOR. No cell runs as a formula:
    each is quoted (Excel in French splits at ";"), and one that would start a formula starts with "'"."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_ALL)
    writer.writerow(COLUMNS[locale])
    for contact in contacts:
        writer.writerow(
            _cell(text)
            for text in (
                contact.name,
                SEPARATOR.join(contact.emails),
                SEPARATOR.join(contact.phones),
                contact.company or "",
                contact.title or "",
                written_birthday(contact.birthday, "-") if contact.birthday else "",
                contact.linkedin_url or "",
                SEPARATOR.join(contact.tags),
                contact.notes or "",
            )
        )
    return "\ufeff" + out.getvalue()
