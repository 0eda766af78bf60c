"""Imports of LinkedIn's export, vCards, Google's and Outlook's CSV: checked and stored by the API, then
taken a chunk at a time by the import function, the same way whatever the format.

The API answers at once with a job (202); each chunk is one queue message, enqueued by the stream
reaction when the job's `processed` moves, so a 20,000-row file is forty short invocations, never one
long request. Each chunk reads the file again (`import_formats.read`, in the job's format). A chunk is
counted once (storage checks where the job stands); a chunk replayed after a crash finds the contacts
it had created and counts them as skipped: the contacts are right, the counts can be off by what a
crashed chunk did.

A row is a contact already known when its profile URL, one of its emails or one of its phones (held by
that contact alone, under a name that may be theirs) is theirs, or when an earlier import took the same
person (its identity): a known contact has its blanks filled, once; one the networker deleted after an
import is not brought back.
"""

from __future__ import annotations

from datetime import datetime

from rapport.domain import import_formats, imports
from rapport.domain.contact import Contact
from rapport.domain.errors import Conflict, InvalidInput, NotFound
from rapport.domain.ids import new_id
from rapport.domain.import_files import Format, Reading, Rejected, Row
from rapport.domain.imports import Counts, ImportJob, ImportStatus
from rapport.domain.model import Model
from rapport.domain.profile import Profile
from rapport.services import contacts
from rapport.storage import Store
from rapport.storage.imports import Files

CHUNK_ROWS = 500
# The file a warm container read last, as read: its next chunk is most often the same import's, and reading
# again is most of a chunk's time (5,000 vCards: 7 s). A file never changes once its import started.
_last_read: dict[tuple[str, str, str | None, str], Reading] = {}


class ChunkRequest(Model):
    """An import queue message: take the job's rows from `first`."""

    networker_id: str
    import_id: str
    first: int


def start(
    store: Store,
    files: Files,
    profile: Profile,
    data: bytes,
    content_type: str,
    format: Format | None,
    now: datetime,
) -> ImportJob:
    """Check the file lists people in its format (named, else detected), keep it, and start its job."""
    if not data:
        raise InvalidInput(f"is empty: send {import_formats.EXPECTED} as the request body", "body")
    format = format or import_formats.detect(data)
    if format is None:
        raise InvalidInput(f"is not a file of contacts: expected {import_formats.EXPECTED}", "body")
    reading = import_formats.read(format, data, profile.region, profile.locale)
    if reading.problem:
        raise InvalidInput(reading.problem, "body")
    if not reading.rows and not reading.rejected:
        raise InvalidInput("lists no one", "body")
    job = ImportJob(
        import_id=new_id(now),
        format=format,
        status=ImportStatus.RUNNING,
        rows=len(reading.rows),
        photos_skipped=reading.photos_skipped,
        started_at=now,
    )
    files.put(profile.networker_id, job.import_id, data, content_type)
    store.imports.create(profile.networker_id, job)
    return job


def report(store: Store, profile: Profile, import_id: str) -> tuple[ImportJob, list[Rejected]]:
    """The job and the rows its chunks rejected."""
    job = store.imports.get(profile.networker_id, import_id)
    return job, store.imports.rejections(profile.networker_id, import_id)


def run_chunk(
    store: Store, files: Files, networker_id: str, import_id: str, first: int, now: datetime
) -> ImportJob | None:
    """Take the chunk of rows starting at `first`; None when it was taken already (a replay)."""
    job = store.imports.get(networker_id, import_id)
    if job.status is not ImportStatus.RUNNING or job.processed != first:
        return None
    profile = store.profiles.live(networker_id)
    if profile is None:
        store.imports.fail(networker_id, import_id, "the profile was deleted", now)
        return None
    reading = _reading(files, profile, job)
    rows = reading.rows[first : first + CHUNK_ROWS]
    counts = _take(store, profile, job, rows, now)
    rejected: list[Rejected] = []
    if first == 0:  # rows the reader could not take are reported with the first chunk
        rejected = reading.rejected
        counts += Counts(rejected=len(reading.rejected))
    return store.imports.advance(networker_id, job, first + len(rows), counts, rejected, now)


def fail(store: Store, networker_id: str, import_id: str, reason: str, now: datetime) -> None:
    store.imports.fail(networker_id, import_id, reason, now)


def resume(store: Store, networker_id: str, import_id: str, first: int) -> bool:
    """A failed import running again from its failed chunk `first` (the chunk is replayed next)."""
    return store.imports.resume(networker_id, import_id, first)


def _reading(files: Files, profile: Profile, job: ImportJob) -> Reading:
    key = (profile.networker_id, job.import_id, profile.region, profile.locale)
    if key not in _last_read:
        data = files.get(profile.networker_id, job.import_id)
        _last_read.clear()
        _last_read[key] = import_formats.read(job.format, data, profile.region, profile.locale)
    return _last_read[key]


def _take(store: Store, profile: Profile, job: ImportJob, rows: list[Row], now: datetime) -> Counts:
    nid = profile.networker_id
    emails = [e for row in rows for e in row.contact.emails]
    phones = [p for row in rows for p in row.contact.phones]
    identities = [i for row in rows for i in (row.contact.linkedin_url, row.identity) if i]
    linked, owners = store.contacts.linked(nid, identities), store.contacts.owners(nid, emails)
    holders = store.contacts.phone_owners(nid, phones)
    forgotten = store.contacts.forgotten(nid, [row.identity for row in rows])
    ids = [*linked.values(), *owners.values(), *holders.values(), *(_own(row) for row in rows)]
    known = {c.contact_id: c for c in store.contacts.get_many(nid, [i for i in ids if i])}
    counts, seen, new = Counts(), set[str](), list[Contact]()
    for row in rows:
        draft = row.contact
        names = {row.identity, *draft.emails, *([draft.linkedin_url] if draft.linkedin_url else [])}
        found = _known(row, linked, owners, holders, known)
        imported = found is not None and row.identity in found.imported_as
        if names & seen or row.identity in forgotten or imported:
            counts += Counts(skipped=1)  # twice in the file, deleted by the networker, or imported before
        elif found:
            merged, stored = _merge(store, profile, found, row, set(emails) - set(owners) - seen, now)
            counts, known[found.contact_id] = counts + merged, stored
        else:
            new.append(contacts.new_contact(profile, draft, now, import_id=job.import_id, import_key=row.identity))
        seen |= names
    return counts + _create(store, nid, new)


def _known(
    row: Row, linked: dict[str, str], owners: dict[str, str], holders: dict[str, str], known: dict[str, Contact]
) -> Contact | None:
    """The contact a row is already: by profile URL, email or phone, by what an earlier import called it, or
    by its id (a card of Rapport's own export). A phone only under a name that may be theirs: a home phone is
    a couple's."""
    draft = row.contact
    for contact_id in (
        linked.get(draft.linkedin_url or ""),
        *(owners.get(e) for e in draft.emails),
        linked.get(row.identity),
        _own(row),
    ):
        if contact_id in known:
            return known[contact_id]
    for number in draft.phones:
        found = known.get(holders.get(number, ""))
        if found and imports.same_name(found.name, draft.name):
            return found
    return None


def _own(row: Row) -> str | None:
    """The contact id a row may be: Rapport's vCard export writes it as the card's UID, which an import reads
    as the identity `uid:<id>` (a contact created in the app has no claim of it)."""
    return row.identity.removeprefix("uid:") if row.identity.startswith("uid:") else None


def _merge(
    store: Store, profile: Profile, found: Contact, row: Row, free: set[str], now: datetime
) -> tuple[Counts, Contact]:
    """Fill a known contact's blanks, once: marked with the row's identity (unless an earlier import marked
    it), a next import of the same file skips it. The counts, and the contact as it now stands."""
    changes = imports.merged(found, row.contact, free)
    if not changes:
        return Counts(skipped=1), found
    mark = found.import_key or row.identity
    updated = found.model_copy(update=changes | {"import_key": mark, "updated_at": now, "version": found.version + 1})
    try:
        store.contacts.replace(profile.networker_id, updated, previous=found)
    except (Conflict, NotFound):
        return Counts(skipped=1), found  # edited or deleted meanwhile: the networker's version wins
    return Counts(merged=1), updated


def _create(store: Store, networker_id: str, new: list[Contact]) -> Counts:
    """New contacts; one refused (its claim taken meanwhile: twice in the file, or a race) is skipped."""
    created = len(store.contacts.create_all(networker_id, new))
    return Counts(created=created, skipped=len(new) - created)
