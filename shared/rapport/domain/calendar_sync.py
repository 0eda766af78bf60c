"""What the occurrences read from a calendar make, once each (a touch when one with contacts has ended, a
planned meeting while it is ahead, its strangers counted as suggestions), and what moves or undoes it when
they move or go. Pure: the sync (`services/calendar_sync.py`) reads and writes. An occurrence's mark
remembers what it became; a `Step` is one occurrence's actions, written in one transaction with its mark.
Nothing new, no step."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import datetime, timedelta

from rapport.domain.calendar_events import Occurrence
from rapport.domain.calendar_sources import Mark, MarkState, occurrence_key
from rapport.domain.fields import unique
from rapport.domain.ids import derived_id
from rapport.domain.inbound import Person
from rapport.domain.interaction import Interaction, Source
from rapport.domain.meeting import Meeting, event_meeting_id
from rapport.domain.vocabulary import Direction, Kind

BACK, AHEAD = timedelta(days=30), timedelta(days=30)  # the window read
LARGE = 15  # more attendees than this: an `event` touch, and nobody suggested from it
TOUCH_CONTACTS = 25  # an interaction's most
MEETING_CONTACTS = 10  # a meeting's most
STRANGERS = 20  # suggested from one occurrence at most


def window(now: datetime) -> tuple[datetime, datetime]:
    return now - BACK, now + AHEAD  # what is read of a calendar


@dataclass(frozen=True, slots=True)
class LogTouch:
    interaction: Interaction


@dataclass(frozen=True, slots=True)
class RelogTouch:  # the occurrence moved: its touch made again, same id
    before: Interaction
    after: Interaction


@dataclass(frozen=True, slots=True)
class RemoveTouch:
    interaction: Interaction


@dataclass(frozen=True, slots=True)
class PlanMeeting:
    meeting: Meeting


@dataclass(frozen=True, slots=True)
class MoveMeeting:
    before: Meeting
    after: Meeting


@dataclass(frozen=True, slots=True)
class CancelMeeting:
    meeting: Meeting


class MarkHeld(MoveMeeting):  # the meeting planned for an occurrence that has ended: held, with its touch
    pass


@dataclass(frozen=True, slots=True)
class CountStrangers:
    people: tuple[Person, ...]
    interaction_id: str | None  # the touch they were at: accepting one as a contact joins them to it


@dataclass(frozen=True, slots=True)
class WriteMark:
    mark: Mark
    replacing: Mark | None  # the mark as read (None: there was none)


@dataclass(frozen=True, slots=True)
class DropMark:
    mark: Mark


Action = LogTouch | RelogTouch | RemoveTouch | PlanMeeting | MoveMeeting | CancelMeeting | MarkHeld | CountStrangers
Act = Action | WriteMark | DropMark


@dataclass(frozen=True, slots=True)
class Step:
    """One occurrence's actions, ending with its mark written or dropped: one transaction."""

    occurrence_key: str
    actions: tuple[Act, ...]

    @property
    def touches_logged(self) -> int:
        return sum(isinstance(action, LogTouch) for action in self.actions)

    def settled(self) -> Step:
        """This step when its touch is logged already (another calendar has the same occurrence, or this one
        was removed and added again): the mark `left`, nothing else (its strangers were counted with it)."""
        left = {"state": MarkState.LEFT, "interaction_id": None}
        kept = [
            WriteMark(a.mark.model_copy(update=left), a.replacing) for a in self.actions if isinstance(a, WriteMark)
        ]
        return Step(self.occurrence_key, tuple(kept))


@dataclass(frozen=True, slots=True)
class _Seen:  # an occurrence as the networker lived it: who was there, what of it a mark remembers
    occurrence: Occurrence
    key: str
    contact_ids: tuple[str, ...]
    strangers: tuple[Person, ...]
    kind: Kind
    fingerprint: str

    def ended(self, now: datetime) -> bool:
        return self.occurrence.ends_at <= now

    def suggests(self, now: datetime) -> tuple[Person, ...]:
        """Strangers are suggested from an occurrence that happened among a few people, in the open."""
        o = self.occurrence
        if not self.ended(now) or o.all_day or o.transparent or o.private or o.attendee_count > LARGE:
            return ()
        return self.strangers[:STRANGERS]


def addresses(occurrences: Sequence[Occurrence], own: AbstractSet[str]) -> list[str]:
    """Everyone's address but the networker's: whose contacts they are is looked up once for all."""
    found = [o.organizer for o in occurrences if o.organizer] + [a.email for o in occurrences for a in o.attendees]
    return unique([email for email in found if email not in own])


def next_ending(
    occurrences: Sequence[Occurrence], owners: Mapping[str, str], own: AbstractSet[str], now: datetime
) -> datetime | None:
    """The soonest end ahead of an occurrence that makes something once ended (a touch, strangers counted):
    until then, a calendar whose events did not change has nothing new to make."""
    planner, ends = _Planner(owners, own, now, {}, {}), []
    for o in occurrences:
        seen = planner._seen("", o) if o.ends_at > now else None
        if seen is not None and (seen.contact_ids or seen.suggests(o.ends_at)):
            ends.append(o.ends_at)
    return min(ends, default=None)


def plan(
    occurrences: Sequence[Occurrence] | None,
    marks: Mapping[str, Mark],
    owners: Mapping[str, str],
    own: AbstractSet[str],
    now: datetime,
    meetings: Mapping[str, Meeting],
    interactions: Mapping[str, Interaction],
) -> list[Step]:
    """The steps of one sync of one calendar. `occurrences` is None when the calendar did not change: only
    the marks' time passes (a planned meeting that has ended becomes a touch). `owners`: address -> contact
    id; `own`: the networker's addresses (lowercase); `meetings` and `interactions`: those the marks name
    (looked up only when a mark is acted on)."""
    planner = _Planner(owners, own, now, meetings, interactions)
    if occurrences is None:
        steps = [planner.time_passed(mark) for mark in marks.values()]
        return [step for step in steps if step is not None]
    read: dict[str, Occurrence] = {}
    for occurrence in occurrences:
        read.setdefault(occurrence_key(occurrence.uid, occurrence.recurrence_id), occurrence)
    steps = [planner.present(key, occurrence, marks.get(key)) for key, occurrence in read.items()]
    start, end = window(now)
    # A mark whose occurrence left the window (ended over 30 days ago) is not gone: it is out of sight.
    out_of_sight = {key for key, mark in marks.items() if mark.ends_at <= start or mark.starts_at >= end}
    steps += [planner.gone(mark) for key, mark in marks.items() if key not in read and key not in out_of_sight]
    return [step for step in steps if step is not None]


class _Planner:
    def __init__(
        self,
        owners: Mapping[str, str],
        own: AbstractSet[str],
        now: datetime,
        meetings: Mapping[str, Meeting],
        interactions: Mapping[str, Interaction],
    ):
        self.owners, self.own, self.now = owners, own, now
        self.meetings, self.interactions = meetings, interactions

    def present(self, key: str, occurrence: Occurrence, mark: Mark | None) -> Step | None:
        seen = self._seen(key, occurrence)
        if seen is None:  # cancelled, or declined by the networker: as if it were not there
            return self.gone(mark) if mark else None
        if mark is None:
            return _step(key, self._made(seen, None, counted=False))
        if mark.state is MarkState.LEFT:
            return None
        if mark.state is MarkState.SEEN:
            return _step(key, self._made(seen, mark, counted=True)) if seen.contact_ids else None
        if mark.state is MarkState.PLANNED:
            return _step(key, self._planned(seen, mark))
        return _step(key, self._logged(seen, mark))

    def gone(self, mark: Mark) -> Step:
        return Step(mark.occurrence_key, (*self._undone(mark), DropMark(mark)))

    def time_passed(self, mark: Mark) -> Step | None:
        """The calendar did not change: a planned meeting that has ended becomes its touch, from its mark."""
        if mark.state is not MarkState.PLANNED or mark.ends_at > self.now:
            return None
        interaction = self._interaction(mark.occurrence_key, mark.starts_at, mark.contact_ids, mark.summary)
        return _step(mark.occurrence_key, self._held(mark, interaction, (), mark))

    def _seen(self, key: str, occurrence: Occurrence) -> _Seen | None:
        declined = {a.email for a in occurrence.attendees if a.declined}
        if occurrence.cancelled or declined & self.own:
            return None
        names = {a.email: a.name for a in occurrence.attendees}
        people = unique(
            [e for e in [occurrence.organizer, *names] if e and "@" in e and e not in self.own and e not in declined]
        )
        contact_ids = tuple(unique([self.owners[e] for e in people if e in self.owners])[:TOUCH_CONTACTS])
        strangers = tuple(Person(email=e, name=names.get(e)) for e in people if e not in self.owners)
        kind = Kind.EVENT if occurrence.attendee_count > LARGE else Kind.MEETING
        basis = [
            occurrence.starts_at.isoformat(),
            occurrence.ends_at.isoformat(),
            occurrence.summary or "",
            occurrence.location or "",
            ",".join(sorted(contact_ids)),
            kind.value,
        ]
        fingerprint = hashlib.sha256("\x1f".join(basis).encode("utf-8", "surrogateescape")).hexdigest()[:32]
        return _Seen(occurrence, key, contact_ids, strangers, kind, fingerprint)

    def _made(self, seen: _Seen, replacing: Mark | None, *, counted: bool) -> list[Act]:
        """What an occurrence makes with no mark of a touch or a meeting (strangers `counted` already or not)."""
        o, now = seen.occurrence, self.now
        strangers = () if counted else seen.suggests(now)
        if not seen.contact_ids:
            if strangers:
                return [CountStrangers(strangers, None), WriteMark(self._mark(seen, MarkState.SEEN), replacing)]
            return [DropMark(replacing)] if replacing else []
        meeting_id = event_meeting_id(o.uid, o.recurrence_id)
        if seen.ended(now):
            # A meeting planned for it already (a forwarded invitation with the same UID) is held with it.
            planned = meeting_id if self.meetings.get(meeting_id) else None
            interaction = self._interaction(seen.key, o.starts_at, seen.contact_ids, o.summary, seen.kind)
            return self._held(
                self._mark(seen, MarkState.PLANNED, meeting_id=planned), interaction, strangers, replacing
            )
        # Planned already (a forwarded invitation with the same UID, another calendar): the same meeting.
        plans = [] if self.meetings.get(meeting_id) else [PlanMeeting(self._meeting(seen, meeting_id))]
        return [*plans, WriteMark(self._mark(seen, MarkState.PLANNED, meeting_id=meeting_id), replacing)]

    def _planned(self, seen: _Seen, mark: Mark) -> list[Act]:
        if not seen.contact_ids:
            return [*self._undone(mark), *self._made(seen, mark, counted=False)]
        if seen.ended(self.now):
            o = seen.occurrence
            interaction = self._interaction(seen.key, o.starts_at, seen.contact_ids, o.summary, seen.kind)
            now_made = self._mark(seen, MarkState.PLANNED, meeting_id=mark.meeting_id)
            return self._held(now_made, interaction, seen.suggests(self.now), mark)
        if seen.fingerprint == mark.fingerprint:
            return []
        return self._replanned(seen, mark, mark.meeting_id)

    def _replanned(self, seen: _Seen, mark: Mark, meeting_id: str | None) -> list[Act]:
        """An upcoming occurrence moved: its meeting moves with it, if the networker left it as it was made
        (gone, the networker cancelled it: it stays so)."""
        meeting = self.meetings.get(meeting_id or "")
        actions: list[Act] = []
        if meeting is not None and _as_made(meeting, mark):
            moved = self._meeting(seen, meeting.meeting_id)
            update = {name: getattr(moved, name) for name in ("contact_ids", "starts_at", "place", "goal", "held")}
            after = meeting.model_copy(update=update | {"updated_at": self.now, "version": meeting.version + 1})
            actions.append(MoveMeeting(meeting, after))
        return [*actions, WriteMark(self._mark(seen, MarkState.PLANNED, meeting_id=meeting_id), mark)]

    def _held(
        self, mark: Mark, interaction: Interaction, strangers: tuple[Person, ...], replacing: Mark | None
    ) -> list[Act]:
        """An occurrence with contacts has ended (`mark`: what it is now): its touch, and the meeting planned
        for it (if any) held; unless the networker held that meeting already (no second touch)."""
        meeting = self.meetings.get(mark.meeting_id or "")
        counted = [CountStrangers(strangers, None)] if strangers else []
        if meeting is not None and meeting.held:
            left = mark.model_copy(update={"state": MarkState.LEFT, "interaction_id": None})
            return [*counted, WriteMark(left, replacing)]
        actions: list[Act] = [LogTouch(interaction)]
        if meeting is not None:
            after = meeting.model_copy(update={"held": True, "updated_at": self.now, "version": meeting.version + 1})
            actions.append(MarkHeld(meeting, after))
        if strangers:
            actions.append(CountStrangers(strangers, interaction.interaction_id))
        logged = mark.model_copy(update={"state": MarkState.LOGGED, "interaction_id": interaction.interaction_id})
        return [*actions, WriteMark(logged, replacing)]

    def _logged(self, seen: _Seen, mark: Mark) -> list[Act]:
        ended = seen.ended(self.now)
        if ended and seen.fingerprint == mark.fingerprint:
            return []
        if not seen.contact_ids:  # nobody left: what it made goes (its strangers were counted already)
            still = WriteMark(self._mark(seen, MarkState.SEEN), mark) if ended else DropMark(mark)
            return [*self._undone(mark), still]
        o = seen.occurrence
        interaction = self.interactions.get(mark.interaction_id or "")
        as_made = interaction is not None and _touch_as_made(interaction, mark)
        if not ended:  # moved ahead: it has not happened yet; its meeting is planned again
            removed = [RemoveTouch(interaction)] if interaction is not None and as_made else []
            meeting_id = mark.meeting_id or event_meeting_id(o.uid, o.recurrence_id)
            if self.meetings.get(meeting_id) is None:
                return [*removed, *self._made(seen, mark, counted=True)]
            return [*removed, *self._replanned(seen, mark, meeting_id)]
        actions: list[Act] = []
        if interaction is not None and as_made:
            update = {
                "kind": seen.kind,
                "occurred_at": o.starts_at,
                "contact_ids": list(seen.contact_ids),
                "summary": o.summary,
            }
            actions.append(RelogTouch(interaction, interaction.model_copy(update=update)))
        # Edited by the networker: left alone; the mark follows the calendar all the same (not tried again).
        mark_now = self._mark(seen, MarkState.LOGGED, mark.meeting_id).model_copy(
            update={"interaction_id": mark.interaction_id}
        )
        return [*actions, WriteMark(mark_now, mark)]

    def _undone(self, mark: Mark) -> list[Act]:
        """Undo what a mark made, where the networker left it as it was made."""
        actions: list[Act] = []
        interaction = self.interactions.get(mark.interaction_id or "") if mark.state is MarkState.LOGGED else None
        if interaction is not None and _touch_as_made(interaction, mark):
            actions.append(RemoveTouch(interaction))
        if mark.state in (MarkState.PLANNED, MarkState.LOGGED):
            meeting = self.meetings.get(mark.meeting_id or "")
            # Still planned (a planned mark), or held by the sync with its touch (a logged one): by hand, the
            # mark would be `left`.
            held_by_sync = mark.state is MarkState.LOGGED
            if meeting is not None and _as_made(meeting, mark) and meeting.held == held_by_sync:
                actions.append(CancelMeeting(meeting))
        return actions

    def _mark(self, seen: _Seen, state: MarkState, meeting_id: str | None = None) -> Mark:
        o, contact_ids = seen.occurrence, list(seen.contact_ids)
        return Mark(
            occurrence_key=seen.key,
            state=state,
            starts_at=o.starts_at,
            ends_at=o.ends_at,
            contact_ids=contact_ids,
            summary=o.summary,
            fingerprint=seen.fingerprint,
            meeting_id=meeting_id,
        )

    def _interaction(
        self, key: str, starts_at: datetime, contact_ids: Sequence[str], summary: str | None, kind: Kind = Kind.MEETING
    ) -> Interaction:
        """Its id is the occurrence's, timed by its start (a weekly review finds it in its week): the same
        occurrence in two calendars is one touch."""
        return Interaction(
            interaction_id=derived_id(starts_at, f"calendar\x00{key}"),
            kind=kind,
            direction=Direction.MUTUAL,
            occurred_at=starts_at,
            contact_ids=list(contact_ids),
            summary=summary,
            source=Source.CALENDAR,
            created_at=self.now,
        )

    def _meeting(self, seen: _Seen, meeting_id: str) -> Meeting:
        o = seen.occurrence
        return Meeting(
            meeting_id=meeting_id,
            contact_ids=list(seen.contact_ids[:MEETING_CONTACTS]),
            starts_at=o.starts_at,
            place=(o.location or "")[:200] or None,
            goal=(o.summary or "")[:500] or None,
            created_at=self.now,
            updated_at=self.now,
        )


def _as_made(meeting: Meeting, mark: Mark) -> bool:
    """The meeting is as the sync last made it: the networker did not move it or change who comes."""
    return meeting.starts_at == mark.starts_at and meeting.contact_ids == mark.contact_ids[:MEETING_CONTACTS]


def _touch_as_made(interaction: Interaction, mark: Mark) -> bool:
    """The touch is as the sync made it: same people, time and summary (else the networker changed it)."""
    made = (mark.contact_ids, mark.starts_at, mark.summary)
    return (interaction.contact_ids, interaction.occurred_at, interaction.summary) == made


def _step(key: str, actions: list[Act]) -> Step | None:
    return Step(key, tuple(actions)) if actions else None
