"""Imports: the job and its report, what a LinkedIn connection becomes, and what a row adds to a contact
already known. Pure.

A row says its stage and priority: a LinkedIn connection is someone still to meet, so it is `to_meet`, low
priority (a nudge names them only once a warm path leads to them), from LinkedIn; an address book's people
(vCard, Google's or Outlook's CSV) are met. An import never overwrites what the networker wrote: a contact
already known is merged by filling its blanks, once (the row's identity marks it), and a contact already
imported is skipped, so the same file twice changes nothing.
"""

from __future__ import annotations

import unicodedata
from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import ValidationError

from rapport.domain.contact import Contact, ContactCreate
from rapport.domain.import_files import Format, Rejected
from rapport.domain.linkedin import Connection
from rapport.domain.locale import Locale
from rapport.domain.model import Model
from rapport.domain.vocabulary import Priority, Stage
from rapport.domain.wording import spoken_date

ORIGIN = "LinkedIn"
# The export's column for each contact field, to name it in a rejection.
COLUMN = {
    "name": "First Name/Last Name",
    "emails": "Email Address",
    "company": "Company",
    "title": "Position",
    "linkedin_url": "URL",
}
_CONNECTED = {Locale.EN: "Connected on LinkedIn on {day}", Locale.FR: "Connectés sur LinkedIn le {day}"}
_CONNECTED_UNDATED = {Locale.EN: "Connected on LinkedIn", Locale.FR: "Connectés sur LinkedIn"}


class ImportStatus(StrEnum):
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class Counts(Model):
    created: int = 0  # new contacts
    merged: int = 0  # contacts already known (same email, phone or profile URL) completed
    skipped: int = 0  # already imported, deleted by the networker, or twice in the file
    rejected: int = 0  # rows that could not be read or taken

    def __add__(self, other: Counts) -> Counts:
        return Counts(**{name: getattr(self, name) + getattr(other, name) for name in Counts.model_fields})


class ImportJob(Counts):
    """An import as it goes: the people in the file are taken a chunk at a time."""

    import_id: str
    format: Format = Format.LINKEDIN  # how the file is read, again by each chunk
    status: ImportStatus
    rows: int  # people in the file (rows the reader took)
    processed: int = 0  # people taken so far
    photos_skipped: int = 0  # photos in the file, not imported
    started_at: datetime
    finished_at: datetime | None = None
    failure: str | None = None  # why it failed, when it did: the file is kept


def draft(row: Connection, locale: Locale) -> ContactCreate | Rejected:
    """The contact a connection becomes, or why it cannot be one."""
    connected = (
        _CONNECTED[locale].format(day=spoken_date(row.connected_on, locale, with_year=True))
        if row.connected_on
        else _CONNECTED_UNDATED[locale]
    )
    fields = {
        "name": row.name[:200],
        "emails": [row.email] if row.email else [],
        "company": row.company,
        "title": row.position,
        "linkedin_url": row.url,
        "how_we_met": connected,
        "stage": Stage.TO_MEET,
        "priority": Priority.LOW,
        "origin": ORIGIN,
    }
    try:
        return ContactCreate.model_validate(fields)
    except ValidationError as error:
        first = error.errors()[0]
        column = COLUMN.get(str(first["loc"][0]), str(first["loc"][0]))
        return Rejected(line=row.line, reason=f"{column}: {first['msg'].removeprefix('Value error, ')}")


def identity(contact: ContactCreate, row: Connection) -> str:
    """Who a row is, across imports: the profile URL, else the email, else the name and connection date
    (an older export has no URL column: the same file must still find the same people)."""
    if contact.linkedin_url:
        return contact.linkedin_url
    if contact.emails:
        return contact.emails[0]
    return f"name:{' '.join(_folded(row.name).split())}:{row.connected_on or ''}"


def merged(known: Contact, contact: ContactCreate, free_emails: set[str]) -> dict[str, Any]:
    """What a row adds to a contact already known: its blanks filled, tags and phones (E.164) added, nothing
    overwritten. `free_emails` are the addresses no other contact holds."""
    changes: dict[str, Any] = {}
    for field in ("company", "title", "how_we_met", "linkedin_url", "birthday", "notes"):
        if getattr(known, field) is None and getattr(contact, field) is not None:
            changes[field] = getattr(contact, field)
    additions = {
        "emails": ([e for e in contact.emails if e in free_emails], 20),
        "phones": (contact.phones, 10),
        "tags": (contact.tags, 50),
    }
    for field, (found, most) in additions.items():
        before = getattr(known, field)
        new = [value for value in dict.fromkeys(found) if value not in before]
        if new and len(before) < most:
            changes[field] = [*before, *new][:most]
    return changes


def same_name(one: str, other: str) -> bool:
    """Whether two names may be the same person's: one's words all in the other's, accents and case aside
    ("Claire" and "Claire Martin"; not "Alice Martin" and "Bob Martin", who may share a home phone)."""
    first, second = set(_folded(one).split()), set(_folded(other).split())
    return bool(first and second) and (first <= second or second <= first)


def _folded(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).casefold()
