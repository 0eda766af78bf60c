"""Introductions: the double opt-in workflow between two contacts. Pure (time is passed in).

    suggested ──ask──> asked ──accept──> accepted ──make──> made ──follow_up──> followed_up
        │                │ └──decline──> declined
        └──cancel──>  cancelled  <──cancel── (asked, accepted)

- No `made` before `accepted`: a suggested or asked introduction cannot be made directly, since
  the point of double opt-in is that the asked side said yes first.
- `made` cannot be cancelled: the two contacts were put in touch, that happened. It ends with a
  follow-up (asking each side how it went).
- `declined`, `followed_up` and `cancelled` are final.
- Doing again what was already done (asking an asked introduction) is a conflict like any other.

An introduction is *open* while it is suggested, asked or accepted: the networker is still working
on it. The same pair cannot have two open introductions. Once made (or over), a new one can start.

Every transition returns a new Introduction: its status, the timestamp of the new status, and
`updated_at` set to `now`, its version one higher. An invalid one raises Conflict (409) naming the
current status and what can be done instead.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Annotated, Any

from pydantic import Field, StringConstraints, field_validator

from rapport.domain.errors import Conflict, InvalidInput
from rapport.domain.followup import local_date
from rapport.domain.interaction import ContactId
from rapport.domain.model import Model

DEFAULT_FOLLOW_UP_DAYS = 14
MAX_FOLLOW_UP_DAYS = 365

Reason = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]


class IntroductionStatus(StrEnum):
    SUGGESTED = "suggested"
    ASKED = "asked"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    MADE = "made"
    FOLLOWED_UP = "followed_up"
    CANCELLED = "cancelled"


class IntroductionAction(StrEnum):
    ASK = "ask"
    ACCEPT = "accept"
    DECLINE = "decline"
    MAKE = "make"
    FOLLOW_UP = "follow_up"
    CANCEL = "cancel"


S, A = IntroductionStatus, IntroductionAction

# (current status, action) -> new status. Anything missing is refused.
TRANSITIONS: dict[tuple[IntroductionStatus, IntroductionAction], IntroductionStatus] = {
    (S.SUGGESTED, A.ASK): S.ASKED,
    (S.SUGGESTED, A.CANCEL): S.CANCELLED,
    (S.ASKED, A.ACCEPT): S.ACCEPTED,
    (S.ASKED, A.DECLINE): S.DECLINED,
    (S.ASKED, A.CANCEL): S.CANCELLED,
    (S.ACCEPTED, A.MAKE): S.MADE,
    (S.ACCEPTED, A.CANCEL): S.CANCELLED,
    (S.MADE, A.FOLLOW_UP): S.FOLLOWED_UP,
}
FINAL = frozenset({S.DECLINED, S.FOLLOWED_UP, S.CANCELLED})
OPEN = frozenset({S.SUGGESTED, S.ASKED, S.ACCEPTED})

# The timestamp each status sets when entered.
_STAMP = {
    S.SUGGESTED: "created_at",
    S.ASKED: "asked_at",
    S.ACCEPTED: "accepted_at",
    S.DECLINED: "declined_at",
    S.MADE: "made_at",
    S.FOLLOWED_UP: "followed_up_at",
    S.CANCELLED: "cancelled_at",
}

_VERB = {
    A.ASK: ("ask", "asked"),
    A.ACCEPT: ("accept", "accepted"),
    A.DECLINE: ("decline", "declined"),
    A.MAKE: ("make", "made"),
    A.FOLLOW_UP: ("follow up", "followed up"),
    A.CANCEL: ("cancel", "cancelled"),
}

# What to do instead, for the refusals people will meet most; others list what is allowed.
_HINTS = {
    (S.SUGGESTED, A.ACCEPT): "ask one side first",
    (S.SUGGESTED, A.DECLINE): "ask one side first",
    (S.SUGGESTED, A.MAKE): "ask one side first, and make it once they accept",
    (S.SUGGESTED, A.FOLLOW_UP): "it is not made yet",
    (S.ASKED, A.ASK): "it is already asked; accept or decline it with their answer",
    (S.ASKED, A.MAKE): "accept it first",
    (S.ASKED, A.FOLLOW_UP): "it is not made yet",
    (S.ACCEPTED, A.ASK): "it is already accepted; make it",
    (S.ACCEPTED, A.ACCEPT): "it is already accepted; make it",
    (S.ACCEPTED, A.DECLINE): "it is already accepted; cancel it instead",
    (S.ACCEPTED, A.FOLLOW_UP): "make it first",
    (S.MADE, A.CANCEL): "it was made already; follow it up instead",
}


class IntroductionCreate(Model):
    """POST /introductions."""

    model_config = {"extra": "forbid"}

    contact_ids: list[ContactId] = Field(
        min_length=2,
        max_length=2,
        description="The two contacts: the one to ask first (usually the one asked for help), then the other.",
    )
    reason: Reason = Field(description="Why they should meet, in a sentence or two.")

    @field_validator("contact_ids")
    @classmethod
    def _distinct(cls, values: list[str]) -> list[str]:
        return _two_distinct(values)


class AskRequest(Model):
    """POST /introductions/{id}/ask: which side is asked (default: the first of contact_ids)."""

    model_config = {"extra": "forbid"}

    contact_id: ContactId | None = None


class MakeRequest(Model):
    """POST /introductions/{id}/make: when to ask each side how it went."""

    model_config = {"extra": "forbid"}

    follow_up_days: int = Field(default=DEFAULT_FOLLOW_UP_DAYS, ge=1, le=MAX_FOLLOW_UP_DAYS)


class Introduction(Model):
    """Stored as `rapport.storage.shapes.introduction` says, shown as the API's
    (`functions/api/introduction_schemas.py`)."""

    introduction_id: str
    contact_ids: list[str]  # the two contacts: the asked side first, usually, then the other
    reason: str = Field(max_length=500)
    status: IntroductionStatus = IntroductionStatus.SUGGESTED
    asked_contact_id: str | None = None  # the side asked whether they want it
    created_at: datetime
    asked_at: datetime | None = None
    accepted_at: datetime | None = None
    declined_at: datetime | None = None
    made_at: datetime | None = None
    followed_up_at: datetime | None = None
    cancelled_at: datetime | None = None
    follow_up_due_on: date | None = None  # made: the day to ask each side how it went
    updated_at: datetime
    version: int = 1

    @field_validator("contact_ids")
    @classmethod
    def _distinct(cls, values: list[str]) -> list[str]:
        return _two_distinct(values)


def _two_distinct(values: list[str]) -> list[str]:
    if len(values) != 2:
        raise ValueError("must be exactly two contacts")
    if values[0] == values[1]:
        raise ValueError("must be two different contacts")
    return values


def suggest(introduction_id: str, create: IntroductionCreate, now: datetime) -> Introduction:
    """A new introduction, suggested."""
    return Introduction(
        introduction_id=introduction_id,
        contact_ids=list(create.contact_ids),
        reason=create.reason,
        created_at=now,
        updated_at=now,
    )


def allowed_actions(status: IntroductionStatus) -> list[IntroductionAction]:
    """What can be done to an introduction in this status, in workflow order."""
    return [action for action in IntroductionAction if (status, action) in TRANSITIONS]


def refusal(status: IntroductionStatus, action: IntroductionAction) -> str:
    """Why `action` is refused in `status`, and what to do instead."""
    hint = _HINTS.get((status, action))
    if hint is None:
        allowed = allowed_actions(status)
        if allowed:
            hint = "it can only be " + " or ".join(_VERB[a][1] for a in allowed) + " now"
        else:
            hint = f"it is {status.value.replace('_', ' ')}, which is final; start a new introduction if needed"
    return f"cannot {_VERB[action][0]} an introduction that is {status.value.replace('_', ' ')}: {hint}"


def _move(intro: Introduction, action: IntroductionAction, now: datetime, **changes: Any) -> Introduction:
    target = TRANSITIONS.get((intro.status, action))
    if target is None:
        raise Conflict(refusal(intro.status, action), "status")
    update = {"status": target, _STAMP[target]: now, "updated_at": now, "version": intro.version + 1}
    return intro.model_copy(update=update | changes)


def ask(intro: Introduction, now: datetime, contact_id: str | None = None) -> Introduction:
    """The networker asked one side (default: the first contact) whether they want the introduction."""
    if (intro.status, A.ASK) in TRANSITIONS and contact_id is not None and contact_id not in intro.contact_ids:
        raise InvalidInput("is not one of the introduction's two contacts", "contact_id")
    return _move(intro, A.ASK, now, asked_contact_id=contact_id or intro.contact_ids[0])


def accept(intro: Introduction, now: datetime) -> Introduction:
    """The asked side wants it."""
    return _move(intro, A.ACCEPT, now)


def decline(intro: Introduction, now: datetime) -> Introduction:
    """The asked side does not want it (final)."""
    return _move(intro, A.DECLINE, now)


def make(
    intro: Introduction, now: datetime, follow_up_days: int = DEFAULT_FOLLOW_UP_DAYS, timezone: str = "UTC"
) -> Introduction:
    """Both sides were put in touch; each will be asked how it went `follow_up_days` later.

    The due day counts from the day it was made in the networker's time zone (`timezone`, IANA).
    """
    if not 1 <= follow_up_days <= MAX_FOLLOW_UP_DAYS:
        raise InvalidInput(f"must be between 1 and {MAX_FOLLOW_UP_DAYS} days", "follow_up_days")
    due = local_date(now, timezone) + timedelta(days=follow_up_days)
    return _move(intro, A.MAKE, now, follow_up_due_on=due)


def follow_up(intro: Introduction, now: datetime) -> Introduction:
    """The networker asked each side how it went (final)."""
    return _move(intro, A.FOLLOW_UP, now)


def cancel(intro: Introduction, now: datetime) -> Introduction:
    """The networker dropped it before it was made (final)."""
    return _move(intro, A.CANCEL, now)


def apply(intro: Introduction, action: IntroductionAction, now: datetime) -> Introduction:
    """The transition named by `action` with its defaults (for a route per action)."""
    transition = {
        A.ASK: ask,
        A.ACCEPT: accept,
        A.DECLINE: decline,
        A.MAKE: make,
        A.FOLLOW_UP: follow_up,
        A.CANCEL: cancel,
    }[action]
    return transition(intro, now)


def is_open(intro: Introduction) -> bool:
    """Still being worked on: suggested, asked or accepted."""
    return intro.status in OPEN


def takes_the_pair(intro: Introduction) -> bool:
    """Whether the two are no longer a help opportunity: under way (already being worked on), made or
    followed up (they were put in touch), declined (they said no; proposing it again would be
    insisting). A cancelled one leaves them free: the networker dropped it, maybe for a while, and
    dismissing the opportunity is how to drop a pair for good."""
    return intro.status is not IntroductionStatus.CANCELLED


def pair_key(a: str, b: str) -> str:
    """The same for (a, b) and (b, a): the two contact ids, sorted, joined by a dot."""
    if a == b:
        raise InvalidInput("must be two different contacts", "contact_ids")
    return ".".join(sorted((a, b)))
