"""The calendar sync: each of a networker's calendar sources read again (a conditional GET), and what its
occurrences make written once (`domain.calendar_sync`), each occurrence's writes in one transaction with its
mark. A source that cannot be read keeps the reason in its state and the others are read all the same;
nothing new, nothing written (not even the source's state).
"""

from __future__ import annotations

import hashlib
import logging
import math
import re
import traceback
from collections.abc import Callable, Iterator, Mapping
from datetime import datetime, timedelta
from typing import Literal, Protocol, TypeVar

from rapport.domain.calendar_fetching import Fetched, FetchFailed
from rapport.domain.calendar_occurrences import Reading, UnreadableCalendar, read_calendar
from rapport.domain.calendar_sources import CalendarSource, Mark, address_context
from rapport.domain.calendar_sync import (
    CancelMeeting,
    CountStrangers,
    DropMark,
    LogTouch,
    MoveMeeting,
    PlanMeeting,
    RelogTouch,
    RemoveTouch,
    Step,
    WriteMark,
    addresses,
    plan,
    read_again_at,
    window,
)
from rapport.domain.errors import Conflict, NotFound
from rapport.domain.inbound import LOCAL_PART
from rapport.domain.model import Model
from rapport.domain.profile import CalendarNotice, Profile
from rapport.services import calendars
from rapport.storage import Store
from rapport.storage.dynamo import Write

logger = logging.getLogger(__name__)

TELL_AFTER = timedelta(days=2)  # a calendar failing this long is said in the next digest, once
STOP_WITH = 30.0  # seconds left to the function: no more steps (the rest at the next sync)


class Fetcher(Protocol):
    """`adapters/calendar_fetch.py`'s CalendarFetcher: FetchFailed when the calendar cannot be had."""

    def fetch(self, url: str, etag: str | None, last_modified: str | None) -> Fetched: ...


class Vault(Protocol):
    def open(self, blob: str, context: dict[str, str]) -> str: ...


class Synced(Model):
    """What one source's sync did (for logs and tests)."""

    calendar_id: str
    # broken: a fault nobody foresaw (KMS refusing its address, a bug): the others synced, the message fails
    status: Literal["changed", "unchanged", "partial", "failed", "removed", "broken"]
    steps: int = 0  # occurrences acted on
    touches_logged: int = 0
    error_code: str | None = None


class _TouchExists(Exception):
    """The occurrence's touch is logged already: another calendar of the networker has the same event, or
    this calendar was removed and added again (its marks went, its touches stayed)."""


class _Edited(Exception):
    """The touch changed since it was read: the next sync plans with what it is now."""


def sync(
    store: Store,
    vault: Vault,
    fetcher: Fetcher,
    profile: Profile,
    calendar_id: str | None,
    now: datetime,
    time_left: Callable[[], float] = lambda: math.inf,
) -> list[Synced]:
    """Every calendar of the networker (or the one asked), each whatever happens to the others: one that breaks
    is `broken` (logged by its id alone, never its address) and the others are synced. `time_left`: the
    function's seconds left; near the end, what is left waits for the next sync."""
    sources = store.calendars.list(profile.networker_id)
    notices = list(profile.calendar_notices)  # kept in step as sources are told about
    done = []
    for source in sources:
        if calendar_id is not None and source.calendar_id != calendar_id:
            continue
        if time_left() < STOP_WITH:
            logger.info("calendar %s left for the next sync: no time left", source.calendar_id)
            continue
        try:
            done.append(sync_source(store, vault, fetcher, profile, source, now, notices, time_left))
        except Exception as error:  # the caller fails the message for it, once the others are done
            # The error's type and where: its message may hold the address.
            where = "".join(traceback.format_tb(error.__traceback__))
            logger.error("calendar %s not synced: %s\n%s", source.calendar_id, type(error).__name__, where)
            done.append(Synced(calendar_id=source.calendar_id, status="broken"))
    return done


def sync_source(
    store: Store,
    vault: Vault,
    fetcher: Fetcher,
    profile: Profile,
    source: CalendarSource,
    now: datetime,
    notices: list[CalendarNotice] | None = None,
    time_left: Callable[[], float] = lambda: math.inf,
) -> Synced:
    nid, cid = profile.networker_id, source.calendar_id
    notices = list(profile.calendar_notices) if notices is None else notices
    changes: dict[str, object] = {}
    try:
        url = vault.open(source.url_encrypted, address_context(nid, cid))
        fetched = fetcher.fetch(url, source.etag, source.last_modified)
        validators = {"etag": fetched.etag, "last_modified": fetched.last_modified}
        # A 304 may leave its validators out: those held stay good.
        changes |= {k: v for k, v in validators.items() if v is not None or fetched.status == "changed"}
        reading, body = None, fetched.body if fetched.status == "changed" else None
        due = source.read_again_at is not None and source.read_again_at <= now
        if body is None and due:  # not modified, but an occurrence has ended or a day passed: the file again, whole
            body = fetcher.fetch(url, None, None).body
        if body is not None:
            content_hash = _content_hash(body)
            if content_hash != source.content_hash or due:
                reading = read_calendar(body, *window(now))
                changes |= _read(reading, content_hash, now)
    except (FetchFailed, UnreadableCalendar) as error:
        code = error.code.value
        logger.info("calendar %s not read: %s (%s)", cid, code, error.detail)
        _failed(store, nid, source, code, notices, now)
        return Synced(calendar_id=cid, status="failed", error_code=code)
    changes |= {"error_code": None, "error_since": None, "error_told": False}
    if any(notice.calendar_id == cid for notice in notices):  # read again before the digest said it
        calendars.note(store, nid, notices, lambda noted: calendars.without(noted, cid))
    if reading is None:  # the same events, none has ended since, read within the day: its marks are not read
        _record(store, nid, source, changes)
        return Synced(calendar_id=cid, status="unchanged")
    marks = store.calendars.marks(nid, cid)
    own = _own(profile, reading)
    wanted = addresses(reading.occurrences, own)
    owners = store.contacts.owners(nid, wanted) if wanted else {}
    steps = _steps(store, nid, reading, marks, owners, own, now)
    logged, partial, skipped = 0, False, False
    for step in steps:
        if time_left() < STOP_WITH:  # a first sync of a large calendar: the marks say what is done
            partial = True
            break
        try:
            touches = _apply(store, nid, cid, step, now)
        except NotFound as error:
            if error.field == "calendar_id":  # removed during its sync: nothing more for it
                return Synced(calendar_id=cid, status="removed", steps=len(steps), touches_logged=logged)
            logger.info("calendar %s: an occurrence's step skipped (%s): the next sync plans it again", cid, error)
            touches = None
        skipped = skipped or touches is None
        logged += touches or 0
    # A step left for later: the next sync reads the calendar again, whatever it answers.
    changes["read_again_at"] = now if skipped else read_again_at(reading.occurrences, owners, own, now)
    if partial:  # not known as read: the next sync fetches and reads it whole again, and goes on
        changes = {k: v for k, v in changes.items() if k not in ("content_hash", "etag", "last_modified")}
    _record(store, nid, source, changes, logged)
    status: Literal["changed", "unchanged", "partial"] = "changed" if reading is not None else "unchanged"
    status = "partial" if partial else status
    return Synced(calendar_id=cid, status=status, steps=len(steps), touches_logged=logged)


def _failed(
    store: Store, networker_id: str, source: CalendarSource, code: str, notices: list[CalendarNotice], now: datetime
) -> None:
    """The source's error, from its first failure in a row; failing for TELL_AFTER, noted once on the profile
    for the next digest to say (with the source told, in one transaction)."""
    changes: dict[str, object] = {"error_code": code, "error_since": source.error_since or now}
    since = source.error_since or now
    if source.error_told or now - since < TELL_AFTER:
        _record(store, networker_id, source, changes)
        return
    notice = CalendarNotice(
        calendar_id=source.calendar_id, name=source.name or source.url_masked, since=since, code=code
    )
    _, told = store.calendars.recording(networker_id, source, changes | {"error_told": True})
    try:
        calendars.note(
            store, networker_id, notices, lambda noted: [*calendars.without(noted, source.calendar_id), notice], told
        )
    except NotFound:
        return  # the calendar is gone


# DTSTAMP says when the file was made: Google and Outlook write it anew at every request.
_STAMPS = re.compile(rb"^DTSTAMP[;:][^\r\n]*\r?\n", re.MULTILINE | re.IGNORECASE)


def _content_hash(body: bytes) -> str:
    """What the calendar says, hashed: the same events give the same hash, whenever the file was made."""
    return hashlib.sha256(_STAMPS.sub(b"", body)).hexdigest()


def _read(reading: Reading, content_hash: str, now: datetime) -> dict[str, object]:
    if reading.problems:
        logger.info("calendar events skipped: %s", "; ".join(reading.problems[:20]))
    return {"content_hash": content_hash, "synced_at": now, "events_seen": reading.events_seen, "name": reading.name}


def _record(
    store: Store, networker_id: str, source: CalendarSource, changes: dict[str, object], logged: int = 0
) -> None:
    """The source's state, only what changed (nothing when nothing did; a source removed meanwhile stays so),
    and the touches it logged added to its count."""
    store.calendars.record(networker_id, source, changes, logged=logged)


def _own(profile: Profile, reading: Reading) -> set[str]:
    """The networker's addresses; the calendar's owner, when the calendar is named by an address (Google names
    one by its owner's: the networker's, though their profile may have another); and their Rapport address
    where they invited it to their events (a calendar app forwards an invitation by adding a guest): known by
    its secret token, whatever the inbound domain."""
    own = {address.lower() for address in profile.addresses(verified=True) | profile.addresses(verified=False)}
    if reading.name and "@" in reading.name and " " not in reading.name:
        own.add(reading.name.lower())
    if profile.inbound_token:
        inbound = f"{LOCAL_PART}+{profile.inbound_token}@".lower()
        everyone = addresses(reading.occurrences, set())
        own |= {email for email in everyone if email.startswith(inbound)}
    return own


def _steps(
    store: Store,
    networker_id: str,
    reading: Reading,
    marks: Mapping[str, Mark],
    owners: Mapping[str, str],
    own: set[str],
    now: datetime,
) -> list[Step]:
    meetings = _Lookup(lambda meeting_id: store.meetings.find(networker_id, meeting_id))
    interactions = _Lookup(lambda interaction_id: store.interactions.find(networker_id, interaction_id))
    return plan(reading.occurrences, marks, owners, own, now, meetings, interactions)


def _apply(store: Store, networker_id: str, calendar_id: str, step: Step, now: datetime) -> int | None:
    """One occurrence's writes, all or nothing; the touches it logged. A touch logged already (the same event
    in another calendar) settles the occurrence as `left`; any other write refused (a contact deleted, a
    meeting or touch changed, another sync at once) leaves it for the next sync to plan again (None)."""
    try:
        try:
            store.calendars.apply(_writes(store, networker_id, calendar_id, step, now))
        except _TouchExists:
            store.calendars.apply(_writes(store, networker_id, calendar_id, step.settled(), now))
            return 0
    except (_Edited, Conflict) as error:
        logger.info("calendar %s: an occurrence's step skipped (%s)", calendar_id, type(error).__name__)
        return None
    return step.touches_logged


def _writes(store: Store, networker_id: str, calendar_id: str, step: Step, now: datetime) -> list[Write]:
    nid = networker_id
    # The mark first: when another sync acted on the occurrence meanwhile, that is the error said.
    marks = [a for a in step.actions if isinstance(a, WriteMark | DropMark)]
    writes = [store.calendars.still_there(nid, calendar_id)]
    for action in [*marks, *(a for a in step.actions if a not in marks)]:
        if isinstance(action, LogTouch):
            writes += store.interactions.creation(nid, action.interaction, exists=_TouchExists())
        elif isinstance(action, RelogTouch):
            writes += store.interactions.replacement(nid, action.before, action.after, _Edited())
        elif isinstance(action, RemoveTouch):
            writes += store.interactions.removal(nid, action.interaction, _Edited())
        elif isinstance(action, PlanMeeting):
            writes += store.meetings.creation(nid, action.meeting)
        elif isinstance(action, MoveMeeting):  # MarkHeld too: its people unchanged, not checked
            same_people = action.after.contact_ids == action.before.contact_ids
            writes += store.meetings.replacement(nid, action.after, action.before, same_people=same_people)
        elif isinstance(action, CancelMeeting):
            writes += store.meetings.removal(nid, action.meeting)
        elif isinstance(action, CountStrangers):
            writes += store.inbound.counting(nid, action.people, now, action.interaction_id)
        elif isinstance(action, WriteMark):
            writes.append(store.calendars.replacing_mark(nid, calendar_id, action.mark, action.replacing))
        elif isinstance(action, DropMark):
            writes.append(store.calendars.dropping_read_mark(nid, calendar_id, action.mark))
    return _checked_once(writes)


def _checked_once(writes: list[Write]) -> list[Write]:
    """A transaction acts once on an item: a check repeated (a touch and the meeting it holds both check that
    their contacts exist) is made once."""
    checked, kept = set(), []
    for write in writes:
        check = write[0].get("ConditionCheck")
        if check is not None:
            seen = repr((check["Key"], check["ConditionExpression"]))
            if seen in checked:
                continue
            checked.add(seen)
        kept.append(write)
    return kept


T = TypeVar("T")


class _Lookup(Mapping[str, T]):
    """Items read by id when the plan asks for them (most syncs ask for none), each once."""

    def __init__(self, read: Callable[[str], T | None]):
        self._read = read
        self._found: dict[str, T | None] = {}

    def __getitem__(self, key: str) -> T:
        if key not in self._found:
            self._found[key] = self._read(key) if key else None
        found = self._found[key]
        if found is None:
            raise KeyError(key)
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(k for k, v in self._found.items() if v is not None)

    def __len__(self) -> int:
        return sum(v is not None for v in self._found.values())
