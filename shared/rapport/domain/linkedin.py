"""Reading LinkedIn's `Connections.csv` export: pure, total for CSV, no storage (issue 7, item 2).

The real file is not clean CSV: a UTF-8 BOM (or, saved again by a spreadsheet, Windows-1252 or
UTF-16: `text_files.decode`), a `Notes:` preamble before the header, dates in several shapes,
trailing empty rows, and older exports without the URL column. So the header is found by its
first cell and columns by name, never by position. A bad row is a `Rejected` with its
line, never an exception: one odd connection must not sink an import of thousands.
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

from pydantic import ConfigDict

from rapport.domain.import_files import MAX_PEOPLE, TOO_MANY, Rejected
from rapport.domain.model import Model
from rapport.domain.text_files import decode

HEADER_START = "first name"
CONNECTIONS_CSV = "connections.csv"
MAX_CSV_BYTES = 50 * 1024 * 1024  # 20,000 rows are ~3 MB: more, in a zip, is a zip bomb, not an export
DATE_FORMATS = ("%d %b %Y", "%d-%b-%y", "%d-%b-%Y", "%Y-%m-%d", "%d %B %Y")  # seen across export years
COLUMNS = {
    "first_name": "first name",
    "last_name": "last name",
    "url": "url",
    "email": "email address",
    "company": "company",
    "position": "position",
    "connected_on": "connected on",
}


class Connection(Model):
    """One connection as the export states it: someone still to meet, not a relationship."""

    model_config = ConfigDict(frozen=True)

    first_name: str
    last_name: str
    name: str
    email: str | None = None
    company: str | None = None
    position: str | None = None
    url: str | None = None
    connected_on: date | None = None
    line: int  # where it starts in the file, so the networker can find it


class Reading(Model):
    """What the file says: the rows we can import, the rows we cannot, or why it is no export at all."""

    model_config = ConfigDict(frozen=True)

    rows: list[Connection] = []
    rejected: list[Rejected] = []
    problem: str | None = None  # the whole file is unreadable (no header): nothing to import


def parse_date(text: str) -> date | None:
    """The connection date in any shape LinkedIn has used, or None: a bad date is not worth a row."""
    text = text.strip()
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def _header_index(lines: list[str]) -> int | None:
    for index, line in enumerate(lines):
        if line.lstrip(' "').lower().startswith(HEADER_START):
            return index
    return None


def _columns(header: list[str]) -> dict[str, int]:
    positions = {cell.strip().lower(): index for index, cell in enumerate(header)}
    return {field: positions[title] for field, title in COLUMNS.items() if title in positions}


def _cell(row: list[str], columns: dict[str, int], field: str) -> str | None:
    index = columns.get(field)
    if index is None or index >= len(row):
        return None
    return row[index].strip() or None


def _unreadable(line: int, reason: str) -> Reading:
    return Reading(problem=f"line {line}: {reason}")


def read_connections(data: bytes) -> Reading:
    """Read a `Connections.csv`; never raises, so any upload gets an answer listing what was wrong."""
    text = decode(data).replace("\x00", "")  # NUL is never text (UTF-16 without a BOM reads where it is ASCII)
    lines = io.StringIO(text, newline="").readlines()
    start = _header_index(lines)
    if start is None:
        return _unreadable(1, "no header line starting with 'First Name': not a LinkedIn export")
    reader = csv.reader(lines[start:])
    try:
        columns = _columns(next(reader))
    except csv.Error as error:
        return _unreadable(start + 1, f"unreadable header: {error}")
    if "first_name" not in columns and "last_name" not in columns:
        return _unreadable(start + 1, "the header has no 'First Name' or 'Last Name' column")
    rows: list[Connection] = []
    rejected: list[Rejected] = []
    while True:
        line = start + reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            rejected.append(Rejected(line=line, reason=f"unreadable CSV: {error}"))
            continue
        if not any(cell.strip() for cell in row):
            continue  # empty rows, such as the trailing ones, are not connections
        if len(rows) + len(rejected) == MAX_PEOPLE:
            return Reading(problem=TOO_MANY)
        first, last = _cell(row, columns, "first_name") or "", _cell(row, columns, "last_name") or ""
        if not first and not last:
            rejected.append(Rejected(line=line, reason="no first or last name"))
            continue
        connected_on = _cell(row, columns, "connected_on")
        rows.append(
            Connection(
                first_name=first,
                last_name=last,
                name=f"{first} {last}".strip(),
                email=_cell(row, columns, "email"),
                company=_cell(row, columns, "company"),
                position=_cell(row, columns, "position"),
                url=_cell(row, columns, "url"),
                connected_on=parse_date(connected_on) if connected_on else None,
                line=line,
            )
        )
    return Reading(rows=rows, rejected=rejected)


def is_zip(data: bytes) -> bool:
    """By its signature, not the content type: a client may send a zip as text/csv or the reverse."""
    return data[:4] in (b"PK\x03\x04", b"PK\x05\x06")


def read_export(data: bytes) -> Reading:
    """Read the export's zip or its bare CSV; a zip without `Connections.csv` is a ValueError, not an empty import."""
    if not is_zip(data):
        return read_connections(data)
    # Imported on use: zipfile (with shutil and compression) is ~10 ms of the API's cold start.
    import zipfile
    import zlib
    from pathlib import PurePosixPath

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = [i for i in archive.infolist() if PurePosixPath(i.filename).name.lower() == CONNECTIONS_CSV]
            if not members:
                raise ValueError("the zip has no Connections.csv: is it LinkedIn's data export?")
            member = min(members, key=lambda i: len(i.filename))  # the top-level one if several
            if member.file_size > MAX_CSV_BYTES:
                raise ValueError(f"Connections.csv is larger than {MAX_CSV_BYTES // (1024 * 1024)} MB")
            with archive.open(member) as file:
                return read_connections(file.read(MAX_CSV_BYTES))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError, EOFError, zlib.error) as error:
        raise ValueError(f"unreadable zip: {error}") from error
