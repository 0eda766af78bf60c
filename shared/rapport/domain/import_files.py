"""What an imported file says, whatever its format: the people it lists, the rows it could not. Pure.

Each format (LinkedIn's export, vCard, Google's and Outlook's CSV) has a reader that turns the bytes into a
`Reading` (`import_formats.read` picks it); the import machinery (services/imports.py) takes its rows a chunk
at a time, the same way for all.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import ConfigDict

from rapport.domain.contact import ContactCreate
from rapport.domain.model import Model

# More people than any address book holds (LinkedIn: 30,000 connections; Google Contacts: 25,000): a 4 MB file of
# two-byte rows is 2 million of them, minutes of reading for the API (10 s) and each chunk.
MAX_PEOPLE = 30_000
TOO_MANY = f"lists more than {MAX_PEOPLE:,} people, more than an address book holds: split the file"


class Format(StrEnum):
    LINKEDIN = "linkedin"  # LinkedIn's Connections.csv, or its data export's zip
    VCARD = "vcard"  # one or many vCards (2.1, 3.0, 4.0)
    GOOGLE_CSV = "google_csv"  # Google Contacts' CSV export
    OUTLOOK_CSV = "outlook_csv"  # Outlook's CSV export
    RAPPORT_CSV = "rapport_csv"  # Rapport's own CSV export, in English or French


class Rejected(Model):
    """A row we could not take, with its line and why, so the import answer can say so."""

    model_config = ConfigDict(frozen=True)

    line: int
    reason: str


class Row(Model):
    """One person as the file states them: the contact they become, and who they are across imports."""

    model_config = ConfigDict(frozen=True)

    line: int  # where they start in the file, so the networker can find them
    contact: ContactCreate  # phones already E.164 (read with the profile's region)
    identity: str  # the same person in the same file gives the same identity, import after import


class Reading(Model):
    """What a file says: the rows to import, the rows refused, or why it is not a file of contacts at all."""

    model_config = ConfigDict(frozen=True)

    rows: list[Row] = []
    rejected: list[Rejected] = []
    problem: str | None = None  # the whole file is unreadable: nothing to import
    photos_skipped: int = 0  # photos in the file, not imported
