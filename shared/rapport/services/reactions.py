"""Reactions: what each change of the table triggers, registered by item type.

What is derived from the facts follows them: an interaction written or deleted refreshes its participants'
follow-ups (a greeting, their greetings campaigns too); a contact whose follow-up inputs changed is
refreshed; a deleted contact leaves its interactions, links and greetings campaigns; one added, met or
moved into a season's circles joins the campaign under way; a contact's wishes are matched again; a
profile change moves the digest and review schedules (a time-zone change, every follow-up date too); a
meeting change moves its brief schedule; a profile marked for deletion gets deleted; an import started
or advanced gets its next chunk taken; an account export started is written, and once done announced; a
new address confirmation or phone code goes to the deliver function; a calendar added is synced at once,
and the networker's hourly calendar sync is kept while they have calendars.

Each reaction recomputes from the state as it is now and writes nothing when nothing changed, so a change
replayed does nothing more. A networker whose account is being deleted writes nothing back
(`reactions_to`). Services neither log nor count: a reaction says what it did (`Reacted`) and the
handler logs and counts it. Only the item types in `REACTIONS` reach the handler (the stream mapping's
filter in template.yaml lists them; a test keeps the two equal).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from pydantic import BaseModel

from rapport.delivery.requests import DeliveryRequest
from rapport.domain.calendar_sources import CalendarSyncRequest
from rapport.domain.errors import NotFound
from rapport.domain.followup import FOLLOW_UP_INPUTS
from rapport.domain.matching import MATCHING_INPUTS, has_wishes
from rapport.domain.vocabulary import Kind, Stage
from rapport.services import followups, greetings, opportunities, schedules
from rapport.services.account_exports import ExportRequest
from rapport.services.accounts import DeletionRequest
from rapport.services.imports import ChunkRequest
from rapport.services.schedules import Schedules
from rapport.storage import Store
from rapport.storage.changes import Change
from rapport.storage.item_types import ItemType


class Queue(Protocol):
    """Where a message goes to be handled later (`rapport.adapters.queues.SqsQueue` in production)."""

    def send(self, message: BaseModel) -> None: ...


@dataclass(frozen=True)
class Reactor:
    """What reactions act on."""

    store: Store
    schedules: Schedules
    deliveries: Queue  # to the deliver function: a message the networker is waiting for
    imports: Queue  # to the import function: an import's next chunk
    exports: Queue  # to the export function: an account export to write
    deletions: Queue  # to the delete_account function: an account to delete
    calendar_syncs: Queue  # to the calendar sync function: a calendar added, read at once


@dataclass(frozen=True)
class Reacted:
    """What a reaction did: `counts` become metrics, `details` a log line."""

    counts: dict[str, int] = field(default_factory=dict)
    details: dict[str, object] = field(default_factory=dict)


Reaction = Callable[[Change, Reactor, datetime], Reacted | None]


def _networker(change: Change) -> str:
    if change.networker_id is None:
        raise ValueError(f"a {change.item_type} outside any networker's partition")
    return change.networker_id


def _timezone(store: Store, networker_id: str) -> str:
    profile = store.profiles.get(networker_id)
    return profile.timezone if profile else "UTC"


# Interactions -----------------------------------------------------------------------------------------


def _participants(change: Change) -> list[str]:
    return sorted(set(change.old.get("contact_ids", [])) | set(change.new.get("contact_ids", [])))


def refresh_participants(change: Change, reactor: Reactor, now: datetime) -> Reacted:
    """An interaction logged, changed or deleted: every participant, before and after, is refreshed."""
    networker_id = _networker(change)
    zone = _timezone(reactor.store, networker_id)
    refreshed = sum(followups.refresh(reactor.store, networker_id, c, zone) for c in _participants(change))
    return Reacted(counts={"FollowUpRecomputed": refreshed} if refreshed else {})


def track_greetings(change: Change, reactor: Reactor, now: datetime) -> Reacted | None:
    """A greeting logged, changed or deleted (or a touch that was or became one): its participants are
    recounted in the greetings campaigns that hold them."""
    if Kind.GREETING not in (change.old.get("kind"), change.new.get("kind")):
        return None
    marked = greetings.track(reactor.store, _networker(change), _participants(change), now)
    return Reacted(counts={"GreetingsMarked": marked})


# Contacts ---------------------------------------------------------------------------------------------


def leave_everything(change: Change, reactor: Reactor, now: datetime) -> None:
    """A contact deleted: out of its interactions, links and greetings campaigns."""
    if not change.removed:
        return
    networker_id, contact_id = _networker(change), change.old["contact_id"]
    followups.forget(reactor.store, networker_id, contact_id)
    reactor.store.links.forget(networker_id, contact_id)
    greetings.forget(reactor.store, networker_id, contact_id)


def join_greetings(change: Change, reactor: Reactor, now: datetime) -> Reacted | None:
    """A contact added, met or moved into another circle: into the greetings campaigns under way whose
    circles hold them. Only a met one reads anything (a LinkedIn import adds contacts to meet)."""
    if change.new.get("stage") != Stage.MET or not change.changed("stage", "circle"):
        return None
    joined = greetings.join(reactor.store, _networker(change), change.new["contact_id"], now)
    return Reacted(counts={"GreetingsJoined": joined}) if joined else None


def refresh_follow_up(change: Change, reactor: Reactor, now: datetime) -> None:
    """A contact's follow-up inputs changed. A new contact's follow-up is computed as it is created (it has
    no touch yet); a deleted one has none."""
    if change.old and change.new and change.changed(*FOLLOW_UP_INPUTS):
        networker_id = _networker(change)
        followups.refresh(reactor.store, networker_id, change.new["contact_id"], _timezone(reactor.store, networker_id))


def match_wishes(change: Change, reactor: Reactor, now: datetime) -> Reacted | None:
    """A contact's wishes (or the circle of one with wishes) changed, or it left with wishes: matched
    again. Matching reads every contact: never for a contact without any (an import of 20,000 such
    contacts would read 20,000 each)."""
    if not (has_wishes(change.old) or has_wishes(change.new)) or not change.changed(*MATCHING_INPUTS):
        return None
    contact_id = change.item["contact_id"]
    found = opportunities.refresh(reactor.store, _networker(change), contact_id, now)
    return Reacted(details={"contact_id": contact_id, "kept": found})


# Profiles and meetings --------------------------------------------------------------------------------


def follow_profile_schedules(change: Change, reactor: Reactor, now: datetime) -> Reacted:
    """A profile written or removed: its digest and review schedules kept in step."""
    networker_id = _networker(change)
    outcomes = schedules.follow_profile(reactor.store, reactor.schedules, networker_id)
    return Reacted(details={"networker_id": networker_id, "outcomes": outcomes})


def follow_timezone(change: Change, reactor: Reactor, now: datetime) -> Reacted | None:
    """The time zone changed: follow-up dates are days in that zone."""
    if not (change.old and change.new and change.changed("timezone")):
        return None
    return Reacted(counts={"FollowUpRecomputed": followups.follow_timezone(reactor.store, _networker(change))})


def follow_brief_schedule(change: Change, reactor: Reactor, now: datetime) -> Reacted:
    """A meeting planned, moved or removed: its brief's schedule follows."""
    meeting_id = change.item["meeting_id"]
    outcome = schedules.follow_meeting(reactor.store, reactor.schedules, _networker(change), meeting_id, now)
    return Reacted(details={"meeting_id": meeting_id, "outcome": outcome})


# Calendars ---------------------------------------------------------------------------------------------


def follow_calendars(change: Change, reactor: Reactor, now: datetime) -> Reacted | None:
    """A calendar added: read at once (while it has not been read yet, so that a replay asks nothing more),
    and the networker's hourly sync kept; the last one removed: the sync's schedule deleted. A calendar's
    state written by its sync changes nothing here."""
    if change.old and change.new:
        return None
    networker_id = _networker(change)
    details: dict[str, object] = {"networker_id": networker_id}
    if change.new:
        calendar_id = change.new["calendar_id"]
        try:
            source = reactor.store.calendars.get(networker_id, calendar_id)
        except NotFound:
            source = None  # removed since
        if source and source.synced_at is None and source.error_code is None:
            reactor.calendar_syncs.send(
                CalendarSyncRequest(networker_id=networker_id, calendar_id=calendar_id, scheduled_time=now)
            )
            details["first_sync"] = calendar_id
    details["schedule"] = schedules.follow_calendars(reactor.store, reactor.schedules, networker_id)
    return Reacted(details=details)


# Imports, confirmations and codes ---------------------------------------------------------------------


def take_next_chunk(change: Change, reactor: Reactor, now: datetime) -> None:
    """An import started or advanced (`processed` moved, still running): its next chunk is taken."""
    if change.new.get("status") == "running" and change.changed("processed"):
        first = change.new["processed"]
        reactor.imports.send(
            ChunkRequest(networker_id=_networker(change), import_id=change.new["import_id"], first=first)
        )


def write_export(change: Change, reactor: Reactor, now: datetime) -> None:
    """An account export started: the export function writes its zip."""
    if change.new and not change.old:
        reactor.exports.send(ExportRequest(networker_id=_networker(change), export_id=change.new["export_id"]))


def announce_export(change: Change, reactor: Reactor, now: datetime) -> None:
    """An account export done: the networker gets an email with the link to its page (sent once)."""
    if change.new.get("status") == "done" and change.changed("status"):
        export_id = change.new["export_id"]
        reactor.deliveries.send(
            DeliveryRequest(kind="account_export", networker_id=_networker(change), token=export_id, scheduled_time=now)
        )


def send_confirmation(change: Change, reactor: Reactor, now: datetime) -> None:
    """A new address to confirm: its link is sent at once (nothing to do when it is used or expires)."""
    if change.new and not change.old:
        networker_id, token = change.new["networker_id"], change.new["token"]
        reactor.deliveries.send(
            DeliveryRequest(kind="confirmation", networker_id=networker_id, token=token, scheduled_time=now)
        )


def send_phone_code(change: Change, reactor: Reactor, now: datetime) -> None:
    """A new code to text (not a wrong try, not its use): sent at once."""
    if change.new and change.changed("code_id"):
        token = change.new["code_id"]
        reactor.deliveries.send(
            DeliveryRequest(kind="phone_code", networker_id=_networker(change), token=token, scheduled_time=now)
        )


# Account deletion -------------------------------------------------------------------------------------


def start_deletion(change: Change, reactor: Reactor, now: datetime) -> Reacted | None:
    """`DELETE /me` marked the profile: its deletion is asked for (again on a replay: deleting is idempotent)."""
    if not (change.new.get("deleting_since") and change.changed("deleting_since")):
        return None
    networker_id = _networker(change)
    reactor.deletions.send(DeletionRequest(networker_id=networker_id))
    return Reacted(counts={"AccountDeletionsAsked": 1}, details={"networker_id": networker_id})


REACTIONS: dict[ItemType, tuple[Reaction, ...]] = {
    ItemType.INTERACTION: (refresh_participants, track_greetings),
    ItemType.CONTACT: (leave_everything, refresh_follow_up, match_wishes, join_greetings),
    ItemType.PROFILE: (follow_profile_schedules, follow_timezone, start_deletion),
    ItemType.MEETING: (follow_brief_schedule,),
    ItemType.CALENDAR: (follow_calendars,),
    ItemType.IMPORT: (take_next_chunk,),
    ItemType.ACCOUNT_EXPORT: (write_export, announce_export),
    ItemType.EMAIL_CONFIRMATION: (send_confirmation,),
    ItemType.PHONE_CODE: (send_phone_code,),
}
"""Each item type's reactions, run in this order on each of its changes."""


def reactions_to(change: Change, store: Store) -> tuple[Reaction, ...]:
    """The reactions a change gets. A contact or an interaction of a networker whose account is being deleted,
    or deleted (the last removals come after the profile's), gets none: going away, they must write nothing
    back (a contact leaving its interactions, a follow-up refreshed). The others act through `Profiles.live`,
    which sees no such networker (a schedule is deleted, never brought back; nothing is delivered or imported)."""
    reactions = REACTIONS.get(change.item_type, ()) if change.item_type else ()
    if change.item_type in (ItemType.CONTACT, ItemType.INTERACTION) and change.networker_id:
        if store.profiles.live(change.networker_id) is None:
            return ()
    return reactions
