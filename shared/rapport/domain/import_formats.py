"""Which format an imported file is, and its reading by that format's reader. Pure; never raises.

Apart from `import_files` (the types every reader produces) so that the readers can import those types
without a cycle. The vCard reader is imported on use: vobject is for vCards only.
"""

from __future__ import annotations

import io

from rapport.domain import contact_csv, imports, linkedin
from rapport.domain.import_files import Format, Reading, Rejected, Row
from rapport.domain.locale import Locale
from rapport.domain.text_files import decode

EXPECTED = (
    "a vCard (.vcf), a Google, Outlook or Rapport CSV export, or LinkedIn's Connections.csv (or its export's zip)"
)


def detect(data: bytes) -> Format | None:
    """The format of a file by its content, not its name or content type: a zip is LinkedIn's export; else
    whichever line comes first, a BEGIN:VCARD line for a vCard, or a CSV's header line among its first
    (LinkedIn's and Outlook.com's both start "First Name"): a CSV's note may hold a card pasted in it."""
    if linkedin.is_zip(data):
        return Format.LINKEDIN
    lines = io.StringIO(decode(data[: 64 * 1024]).replace("\x00", ""), newline="").readlines()
    for number, line in enumerate(lines):
        if line.strip().upper() == "BEGIN:VCARD":
            return Format.VCARD
        if number < contact_csv.HEADER_LINES and (found := contact_csv.header_of(line)):
            return found
    return None


def read(format: Format | None, data: bytes, region: str | None, locale: Locale) -> Reading:
    """What the file says, in the format named or else detected."""
    format = format or detect(data)
    if format is None:
        return Reading(problem=f"not a file of contacts: expected {EXPECTED}")
    if format is Format.LINKEDIN:
        return _linkedin(data, locale)
    if format is Format.VCARD:
        from rapport.domain import vcards

        return vcards.read(data, region, locale)
    return contact_csv.read(format, data, region, locale)


def _linkedin(data: bytes, locale: Locale) -> Reading:
    """LinkedIn's export as rows: connections to meet, low priority, as its own import always made them."""
    try:
        export = linkedin.read_export(data)
    except ValueError as error:
        return Reading(problem=str(error))
    if export.problem:
        return Reading(problem=export.problem)
    rows: list[Row] = []
    rejected = list(export.rejected)
    for connection in export.rows:
        draft = imports.draft(connection, locale)
        if isinstance(draft, Rejected):
            rejected.append(draft)
        else:
            rows.append(Row(line=connection.line, contact=draft, identity=imports.identity(draft, connection)))
    return Reading(rows=rows, rejected=sorted(rejected, key=lambda r: r.line))
