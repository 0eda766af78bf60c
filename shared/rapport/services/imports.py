"""LinkedIn imports: checked and stored by the API, then taken a chunk at a time by the import function.

The API answers at once with a job (202); each chunk is one queue message, enqueued by the stream
reaction when the job's `processed` moves, so a 20,000-row file is forty short invocations, never one
long request. A chunk is counted once (storage checks where the job stands); a chunk replayed after a
crash finds the contacts it had created and counts them as skipped: the contacts are right, the
counts can be off by what a crashed chunk did.
"""

from __future__ import annotations

from datetime import datetime

from rapport.domain import imports
from rapport.domain.contact import Contact, ContactCreate
from rapport.domain.errors import Conflict, InvalidInput, NotFound
from rapport.domain.ids import new_id
from rapport.domain.import_files import Rejected
from rapport.domain.imports import Counts, ImportJob, ImportStatus
from rapport.domain.linkedin import Connection, read_export
from rapport.domain.model import Model
from rapport.domain.profile import Profile
from rapport.services import contacts
from rapport.storage import Store
from rapport.storage.imports import Files

CHUNK_ROWS = 500


class ChunkRequest(Model):
    """An import queue message: take the job's rows from `first`."""

    networker_id: str
    import_id: str
    first: int


def start(store: Store, files: Files, profile: Profile, data: bytes, content_type: str, now: datetime) -> ImportJob:
    """Check the file is an export with connections, keep it, and start its job."""
    if not data:
        raise InvalidInput("is empty: send Connections.csv or the export's zip as the request body", "body")
    try:
        reading = read_export(data)
    except ValueError as error:
        raise InvalidInput(str(error), "body") from None
    if reading.problem:
        raise InvalidInput(reading.problem, "body")
    if not reading.rows and not reading.rejected:
        raise InvalidInput("lists no connections", "body")
    job = ImportJob(import_id=new_id(now), status=ImportStatus.RUNNING, rows=len(reading.rows), started_at=now)
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
    reading = read_export(files.get(networker_id, import_id))
    rows = reading.rows[first : first + CHUNK_ROWS]
    counts, rejected = _take(store, profile, job, rows, now)
    if first == 0:  # rows the reader could not take are reported with the first chunk
        rejected = reading.rejected + rejected
        counts += Counts(rejected=len(reading.rejected))
    return store.imports.advance(networker_id, job, first + len(rows), counts, rejected, now)


def fail(store: Store, networker_id: str, import_id: str, reason: str, now: datetime) -> None:
    store.imports.fail(networker_id, import_id, reason, now)


def resume(store: Store, networker_id: str, import_id: str, first: int) -> bool:
    """A failed import running again from its failed chunk `first` (the chunk is replayed next)."""
    return store.imports.resume(networker_id, import_id, first)


def _take(
    store: Store, profile: Profile, job: ImportJob, rows: list[Connection], now: datetime
) -> tuple[Counts, list[Rejected]]:
    nid = profile.networker_id
    rejected: list[Rejected] = []
    drafts: list[tuple[ContactCreate, str]] = []
    for row in rows:
        draft = imports.draft(row, profile.locale)
        if isinstance(draft, Rejected):
            rejected.append(draft)
        else:
            drafts.append((draft, imports.identity(draft, row)))
    emails = [e for draft, _ in drafts for e in draft.emails]
    identities = [i for draft, identity in drafts for i in (draft.linkedin_url, identity) if i]
    linked, owners = store.contacts.linked(nid, identities), store.contacts.owners(nid, emails)
    forgotten = store.contacts.forgotten(nid, [identity for _, identity in drafts])
    known = {c.contact_id: c for c in store.contacts.get_many(nid, [*linked.values(), *owners.values()])}
    counts, seen, new = Counts(rejected=len(rejected)), set[str](), list[Contact]()
    for draft, identity in drafts:
        names = {identity, *(draft.emails), *([draft.linkedin_url] if draft.linkedin_url else [])}
        found = _known(draft, identity, linked, owners, known)
        if names & seen or identity in forgotten or (found and found.import_key):
            counts += Counts(skipped=1)  # twice in the file, deleted by the networker, or imported before
        elif found:
            counts += _merge(store, profile, found, draft, identity, set(emails) - set(owners), now)
        else:
            new.append(contacts.new_contact(profile, draft, now, import_id=job.import_id, import_key=identity))
        seen |= names
    return counts + _create(store, nid, new), rejected


def _known(
    draft: ContactCreate, identity: str, linked: dict[str, str], owners: dict[str, str], known: dict[str, Contact]
) -> Contact | None:
    """The contact a row is already: by profile URL, by email, or by what an earlier import called it."""
    for contact_id in (
        linked.get(draft.linkedin_url or ""),
        *(owners.get(e) for e in draft.emails),
        linked.get(identity),
    ):
        if contact_id in known:
            return known[contact_id]
    return None


def _merge(
    store: Store, profile: Profile, found: Contact, draft: ContactCreate, identity: str, free: set[str], now: datetime
) -> Counts:
    """Fill a known contact's blanks, once: marked with the row's identity, a next import skips it."""
    changes = imports.merged(found, draft, free)
    if not changes:
        return Counts(skipped=1)
    updated = found.model_copy(
        update=changes | {"import_key": identity, "updated_at": now, "version": found.version + 1}
    )
    try:
        store.contacts.replace(profile.networker_id, updated, previous=found)
    except (Conflict, NotFound):
        return Counts(skipped=1)  # edited or deleted meanwhile: the networker's version wins
    return Counts(merged=1)


def _create(store: Store, networker_id: str, new: list[Contact]) -> Counts:
    """New contacts; one refused (its claim taken meanwhile: twice in the file, or a race) is skipped."""
    created = len(store.contacts.create_all(networker_id, new))
    return Counts(created=created, skipped=len(new) - created)
