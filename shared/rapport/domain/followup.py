"""Follow-up rules: when a contact is due, how healthy the relationship is, what stage it is at.

All pure: touches and dates come in, nothing is read or written here.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from rapport.domain.contact import Cadence, Contact
from rapport.domain.interaction import CONVERSATIONS, Touch
from rapport.domain.model import Model
from rapport.domain.vocabulary import Direction, Kind, Stage

FOLLOW_UP_INPUTS = ("declared_stage", "circle", "cadence", "created_at")
"""A contact's follow-up depends on these of its own fields, besides its touches."""


class FollowUp(Model):
    """What the stream reaction derives for a contact from its touches."""

    stage: Stage
    last_touch_at: datetime | None
    first_met_at: datetime | None
    next_follow_up_on: date | None
    help_given: int = 0
    help_received: int = 0


class Status(StrEnum):
    OK = "ok"
    DUE = "due"  # from the ideal date
    OVERDUE = "overdue"  # past the maximum interval


def summarise(touches: Iterable[Touch]) -> tuple[datetime | None, datetime | None]:
    """The last touch and the first real conversation, whatever order the touches came in."""
    touches = list(touches)
    last = max((t.occurred_at for t in touches), default=None)
    first_met = min((t.occurred_at for t in touches if t.kind in CONVERSATIONS), default=None)
    return last, first_met


def help_balance(touches: Iterable[Touch]) -> tuple[int, int]:
    """Help given and received: a `help` touch the networker made (outbound) is help given, one the
    contact made (inbound) help received, a mutual one both."""
    given = received = 0
    for touch in touches:
        if touch.kind is Kind.HELP:
            given += touch.direction in (Direction.OUTBOUND, Direction.MUTUAL)
            received += touch.direction in (Direction.INBOUND, Direction.MUTUAL)
    return given, received


def follow_up(
    contact: Contact,
    last_touch_at: datetime | None,
    first_met_at: datetime | None,
    timezone: str,
    balance: tuple[int, int] | None = None,
) -> FollowUp:
    """Stage and next follow-up date from the contact's settings and its touch summary; the help
    balance as counted from its touches (kept as it is when not given)."""
    given, received = balance if balance is not None else (contact.help_given, contact.help_received)
    stage = Stage.MET if contact.declared_stage is Stage.MET or first_met_at else Stage.TO_MEET
    next_on = None
    if stage is Stage.MET:
        # Never touched but already met: count from when the contact was added.
        anchor = local_date(last_touch_at or contact.created_at, timezone)
        next_on = anchor + timedelta(days=contact.effective_cadence.ideal_days)
    return FollowUp(
        stage=stage,
        last_touch_at=last_touch_at,
        first_met_at=first_met_at,
        next_follow_up_on=next_on,
        help_given=given,
        help_received=received,
    )


def days_since_last_touch(contact: Contact, today: date) -> int | None:
    """Days since the last touch (or since the contact was added, if never touched)."""
    if contact.next_follow_up_on is None:
        return None
    return (today - contact.next_follow_up_on).days + contact.effective_cadence.ideal_days


def status(contact: Contact, today: date) -> Status | None:
    """None while there is nothing to follow up (a contact still to meet)."""
    if contact.next_follow_up_on is None:
        return None
    late = (today - contact.next_follow_up_on).days
    cadence = contact.effective_cadence
    if late > cadence.max_days - cadence.ideal_days:
        return Status.OVERDUE
    return Status.DUE if late >= 0 else Status.OK


def health(cadence: Cadence, days_since: int | None) -> int | None:
    """0 to 100: 100 right after a touch, 75 at the ideal date, 50 at the maximum, then fading."""
    if days_since is None:
        return None
    elapsed = max(days_since, 0)
    if elapsed <= cadence.ideal_days:
        score = 100 - 25 * elapsed / cadence.ideal_days
    elif elapsed <= cadence.max_days:
        score = 75 - 25 * (elapsed - cadence.ideal_days) / (cadence.max_days - cadence.ideal_days)
    else:
        score = 50 * cadence.max_days / elapsed
    return round(score)


def local_date(moment: datetime, timezone: str) -> date:
    return moment.astimezone(ZoneInfo(timezone)).date()


def first_meeting_day(contact: Contact, first_met_at: datetime | None, timezone: str) -> date | None:
    """The day Rapport saw a contact to meet become met (a thank-you follows); None for someone the
    networker had met before adding them, whose first logged call is no first meeting."""
    if contact.declared_stage is not Stage.TO_MEET or first_met_at is None:
        return None
    return local_date(first_met_at, timezone)
