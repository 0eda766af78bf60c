"""The back-off: which ranked lines today's digest names, so that what was shown and not acted on comes back
after a growing pause instead of every morning. Pure: the day is passed in.

Acting is read from the state, not written when acting: a reason shown before and gone now (done,
snoozed, dismissed, or a touch that moved the follow-up), or a touch after the last showing, starts the
person afresh. GET /reminders and Today show everything; only the digest backs off.
"""

from __future__ import annotations

from datetime import date, timedelta

from pydantic import Field

from rapport.domain.followup import Status
from rapport.domain.model import Model
from rapport.domain.ranking import ONLY_TODAY, Line
from rapport.domain.reminders import ReminderKind, parse_id

# Days before a line shown and not acted on comes back: after its first showing, its second, then each time.
PAUSES = (2, 4, 7)
MEET_A_WEEK = 2  # showings of the same person to meet in any seven days
HELP_IN_ALL = 2  # showings of the same help opportunity, ever


class Showing(Model):
    """One person as the digests showed them, since the networker last acted on them."""

    last_on: date
    times: int = Field(ge=1)
    reasons: list[str] = Field(description="The standing reasons shown the last time (`standing`).")


class Shown(Model):
    """What the digests showed a networker: one read and at most one write per digest."""

    on: date | None = None  # the day of the last digest that named someone
    people: dict[str, Showing] = {}  # by contact id, while they still have reminders due
    to_meet: dict[str, list[date]] = {}  # by contact id: the days a person to meet was named, the last week
    opportunities: dict[str, int] = {}  # by standing reason: how often a help opportunity was named


class Chosen(Model):
    lines: list[Line]  # named today, ranked, the exhausted reasons left out
    more: int  # the other people with something due: counted, behind the link to Today
    shown: Shown  # what to keep for tomorrow (the same as read when nothing changed)


def standing(reminder_id: str) -> str:
    """A reason as it stands from day to day: a help opportunity or a person to meet is named anew each
    day (the id carries the day), but it is the same reason."""
    kind, subject, _ = parse_id(reminder_id)
    return f"{kind.value}.{subject}" if kind in (ReminderKind.HELP, ReminderKind.MEET) else reminder_id


def choose(lines: list[Line], shown: Shown, today: date, size: int) -> Chosen:
    """Today's lines from the ranked lines due, at most `size`. Composed again the same day (a retry,
    the other channel), the digest names the same people."""
    if shown.on == today:
        again = [line for line in lines if (s := shown.people.get(line.contact_id)) and s.last_on == today]
        return Chosen(lines=again, more=len(lines) - len(again), shown=shown)
    named: list[Line] = []
    fresh: set[str] = set()  # named afresh: their pause starts over
    for line in lines:
        if len(named) == size:
            break
        kept = _not_exhausted(line, shown, today)
        if kept is None:
            continue
        showing = shown.people.get(line.contact_id)
        if showing is None:
            named.append(kept)
            fresh.add(line.contact_id)
            continue
        new, acted = _reasons(kept) - set(showing.reasons), _acted(line, showing)
        if _comes_back(showing, new, acted, today):
            named.append(kept)
            if new or acted:
                fresh.add(line.contact_id)
    if not any(line.contact_id in fresh or line.status is Status.OVERDUE for line in named):
        named = []  # nothing new and nothing overdue: nothing is sent
    return Chosen(lines=named, more=len(lines) - len(named), shown=_after(shown, named, fresh, lines, today))


def _not_exhausted(line: Line, shown: Shown, today: date) -> Line | None:
    """The line without the reasons named enough already; None when none is left."""
    week = today - timedelta(days=6)
    met_this_week = len([d for d in shown.to_meet.get(line.contact_id, []) if d >= week])
    keep = []
    for reminder_id, kind, reason in zip(line.reminder_ids, line.kinds, line.reasons, strict=True):
        if kind is ReminderKind.HELP and shown.opportunities.get(standing(reminder_id), 0) >= HELP_IN_ALL:
            continue
        if kind is ReminderKind.MEET and met_this_week >= MEET_A_WEEK:
            continue
        keep.append((reminder_id, kind, reason))
    if not keep:
        return None
    ids, kinds, reasons = (list(column) for column in zip(*keep, strict=True))
    return line.model_copy(update={"reminder_ids": ids, "kinds": kinds, "reasons": reasons})


def _comes_back(showing: Showing, new: set[str], acted: bool, today: date) -> bool:
    """Never two days running, unless something that holds only today is new; else after the pause, unless
    something is new or the networker acted since."""
    if showing.last_on >= today - timedelta(days=1):
        return any(parse_id(r)[0] in ONLY_TODAY for r in new)
    if new or acted:
        return True
    return today >= showing.last_on + timedelta(days=PAUSES[min(showing.times, len(PAUSES)) - 1])


def _acted(line: Line, showing: Showing) -> bool:
    """A reason shown is gone (done, snoozed, dismissed, a touch moved the follow-up), or a touch came since.
    `line` is the whole line: a reason left out as named enough is not gone."""
    touched = line.contact.last_touch_at is not None and line.contact.last_touch_at.date() > showing.last_on
    return touched or bool(set(showing.reasons) - _reasons(line))


def _reasons(line: Line) -> set[str]:
    return {standing(r) for r in line.reminder_ids}


def _after(shown: Shown, named: list[Line], fresh: set[str], due: list[Line], today: date) -> Shown:
    still = {line.contact_id for line in due}  # the others were acted on (done, snoozed): they start afresh
    people = {cid: s for cid, s in shown.people.items() if cid in still}
    if not named:  # nothing sent: only who was acted on is forgotten (nothing written when nobody was)
        return shown.model_copy(update={"people": people})
    to_meet = {cid: [d for d in days if d > today - timedelta(days=7)] for cid, days in shown.to_meet.items()}
    opportunities = dict(shown.opportunities)
    whole = {line.contact_id: line for line in due}
    for line in named:
        before = people.get(line.contact_id)
        times = 1 if line.contact_id in fresh or before is None else before.times + 1
        reasons = sorted(_reasons(whole[line.contact_id]))
        people[line.contact_id] = Showing(last_on=today, times=times, reasons=reasons)
        for reminder_id, kind in zip(line.reminder_ids, line.kinds, strict=True):
            if kind is ReminderKind.MEET:
                to_meet.setdefault(line.contact_id, []).append(today)
            elif kind is ReminderKind.HELP:
                opportunities[standing(reminder_id)] = opportunities.get(standing(reminder_id), 0) + 1
    to_meet = {cid: days for cid, days in to_meet.items() if days}
    return Shown(on=today, people=people, to_meet=to_meet, opportunities=opportunities)
