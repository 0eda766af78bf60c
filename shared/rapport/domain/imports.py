"""LinkedIn imports: the job and its report, and what one connection becomes. Pure.

A connection is someone still to meet, so an imported contact is `to_meet`, low priority (a nudge
names them only once a warm path leads to them), from LinkedIn. An import never overwrites what the
networker wrote: a contact already known is merged by filling its blanks, once (the import marks it),
and a contact already imported is skipped, so the same file twice changes nothing.
"""

from __future__ import annotations

import unicodedata
from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import ValidationError

from rapport.domain.contact import Contact, ContactCreate
from rapport.domain.import_files import Rejected
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
    created: int = 0  # new contacts, all to meet
    merged: int = 0  # contacts already known (same email or profile URL) completed
    skipped: int = 0  # already imported, deleted by the networker, or twice in the file
    rejected: int = 0  # rows that could not be read or taken

    def __add__(self, other: Counts) -> Counts:
        return Counts(**{name: getattr(self, name) + getattr(other, name) for name in Counts.model_fields})


class ImportJob(Counts):
    """An import as it goes: the file's connections are taken a chunk at a time."""

    import_id: str
    status: ImportStatus
    rows: int  # connections in the file (rows with a name)
    processed: int = 0  # connections taken so far
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
    folded = "".join(c for c in unicodedata.normalize("NFKD", row.name) if not unicodedata.combining(c))
    return f"name:{' '.join(folded.casefold().split())}:{row.connected_on or ''}"


def merged(known: Contact, contact: ContactCreate, free_emails: set[str]) -> dict[str, Any]:
    """What a connection adds to a contact already known: its blanks filled, nothing overwritten.
    `free_emails` are the addresses no other contact holds."""
    changes: dict[str, Any] = {}
    for field in ("company", "title", "how_we_met", "linkedin_url"):
        if getattr(known, field) is None and getattr(contact, field) is not None:
            changes[field] = getattr(contact, field)
    emails = [e for e in contact.emails if e not in known.emails and e in free_emails]
    if emails:
        changes["emails"] = [*known.emails, *emails][:20]
    return changes
