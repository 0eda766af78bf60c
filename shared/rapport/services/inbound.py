"""Touches logged by email: each message SES receives for a networker's inbound address is logged once
as an `email` touch with the contacts in it, or kept aside (quarantined) with the reasons; the people
in it who are not contacts yet are suggested. Nothing a networker sent is dropped."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Literal

from pydantic import Field

from rapport.domain.errors import Conflict
from rapport.domain.fields import unique
from rapport.domain.ids import new_id
from rapport.domain.inbound import (
    AUTHORSHIP,
    Person,
    Quarantined,
    Reason,
    ReasonCode,
    Verdicts,
    authentication,
    inbound_address,
    message_key,
    sender_reason,
    token_of,
    unreadable,
)
from rapport.domain.interaction import Interaction, Source
from rapport.domain.meeting import MeetingCreate, event_meeting_id
from rapport.domain.model import Model
from rapport.domain.profile import Profile
from rapport.domain.vocabulary import Direction, Kind
from rapport.mail import InboundMessage, read_message
from rapport.services import meetings, quarantine
from rapport.storage import Store
from rapport.storage.inbound import Duplicate

MAX_CONTACTS = quarantine.MAX_CONTACTS
MAX_SUGGESTED = 20  # new people suggested from one message


class Notice(Model):
    """What SES says about a message it received and stored."""

    ses_message_id: str
    recipients: list[str]
    verdicts: Verdicts
    received_at: datetime
    raw_message: str = Field(description="Where the raw message is kept (s3://bucket/key).")


class Outcome(Model):
    status: Literal["logged", "quarantined", "duplicate", "unrouted"]
    networker_id: str | None = None
    interaction_id: str | None = None
    quarantine_id: str | None = None
    reasons: list[ReasonCode] = []
    meeting_id: str | None = None


def receive(
    store: Store, notice: Notice, raw: bytes, inbound_domain: str, retention: timedelta, now: datetime
) -> list[Outcome]:
    """One outcome per networker the message was addressed to (usually one)."""
    owners: dict[str, str] = {}
    for recipient in notice.recipients:
        token = token_of(recipient, inbound_domain)
        owner = store.profiles.owner_of_inbound(token) if token else None
        if owner and token:
            owners.setdefault(owner, inbound_address(token, inbound_domain))
    if not owners:
        fields = {"recipients": notice.recipients, "raw_message": notice.raw_message}
        store.inbound.unrouted(notice.received_at, notice.ses_message_id, fields, now + retention)
        return [Outcome(status="unrouted")]
    outcomes = []
    for networker_id, address in owners.items():
        profile = store.profiles.live(networker_id)
        if profile is not None:
            outcomes.append(_receive(store, profile, address, notice, raw, retention, now))
    return outcomes


def _receive(
    store: Store, profile: Profile, address: str, notice: Notice, raw: bytes, retention: timedelta, now: datetime
) -> Outcome:
    verified, unconfirmed = profile.addresses(verified=True), profile.addresses(verified=False)
    message = read_message(raw, verified | unconfirmed, address)
    sender = message.sender.email if message.sender else None
    reasons = authentication(notice.verdicts) + unreadable(message.unreadable)
    reasons += sender_reason(sender, verified, unconfirmed, message.sender_doubt)
    from_networker = sender is not None and not any(reason.code in AUTHORSHIP for reason in reasons)
    key = message_key(message.message_id, notice.ses_message_id, None if from_networker else sender or "")
    if store.inbound.was_logged(profile.networker_id, key):
        return Outcome(status="duplicate", networker_id=profile.networker_id)
    people = _people(message, address)
    owners = store.contacts.owners(profile.networker_id, [p.email for p in people]) if people else {}
    contact_ids = unique([owners[p.email] for p in people if p.email in owners])[:MAX_CONTACTS]
    strangers = [p for p in people if p.email not in owners]

    suggested = [] if reasons or message.automated else strangers[:MAX_SUGGESTED]
    if not contact_ids:
        detail = "nobody in it is a contact yet" if people else "it involves nobody but you"
        reasons.append(Reason(code=ReasonCode.NO_CONTACT, detail=detail))

    occurred_at = min(message.occurred_at or notice.received_at, now)
    direction = Direction(message.direction)
    if reasons:
        kept = Quarantined(
            quarantine_id=key,
            received_at=notice.received_at,
            reasons=reasons,
            sender=Person(name=message.sender.name, email=sender) if message.sender and sender else None,
            subject=message.subject,
            summary=message.summary or None,
            occurred_at=occurred_at,
            direction=direction,
            participants=people,
            raw_message=notice.raw_message,
            expires_at=notice.received_at + retention,
        )
        try:
            store.inbound.quarantine(profile.networker_id, kept, suggested, now)
        except Duplicate:
            return Outcome(status="duplicate", networker_id=profile.networker_id)
        codes = [reason.code for reason in reasons]
        return Outcome(status="quarantined", networker_id=profile.networker_id, quarantine_id=key, reasons=codes)

    meeting_id = _plan_invited(store, profile, message, contact_ids, key, now)
    interaction = Interaction(
        interaction_id=new_id(now),
        kind=Kind.EMAIL,
        direction=direction,
        occurred_at=occurred_at,
        contact_ids=contact_ids,
        subject=message.subject,
        summary=message.summary or None,
        source=Source.EMAIL,
        created_at=now,
    )
    try:
        store.inbound.log(profile.networker_id, key, interaction, suggested, now, notice.raw_message)
    except Duplicate:
        return Outcome(status="duplicate", networker_id=profile.networker_id)
    return Outcome(
        status="logged",
        networker_id=profile.networker_id,
        interaction_id=interaction.interaction_id,
        meeting_id=meeting_id,
    )


def _people(message: InboundMessage, inbound: str) -> list[Person]:
    """Everyone the message involves but the networker, once each, addresses lowercased."""
    people, seen = [], {inbound.lower()}
    for participant in message.participants:
        email = participant.email.strip().lower()
        if email not in seen and "@" in email:
            seen.add(email)
            people.append(Person(name=participant.name, email=email))
    return people


def _plan_invited(
    store: Store,
    profile: Profile,
    message: InboundMessage,
    contact_ids: list[str],
    key: str,
    now: datetime,
) -> str | None:
    """A calendar invitation ahead becomes a planned meeting with the contacts of the message. Its id is
    the occurrence's (`event_meeting_id` of its UID and recurrence id), so the message coming again (a retry,
    a second copy) or the same occurrence read from the networker's calendar (`services/calendar_sync.py`)
    finds it instead of planning it twice; an invitation without a UID is known by the message."""
    invitation = message.invitation
    if invitation is None or invitation.starts_at <= now:
        return None
    meeting_id = event_meeting_id(invitation.uid, invitation.recurrence_id) if invitation.uid else key[:32]
    draft = MeetingCreate(
        contact_ids=contact_ids[:10],
        starts_at=invitation.starts_at,
        place=(invitation.location or "")[:200] or None,
        goal=(invitation.summary or "")[:500] or None,
    )
    try:
        meetings.plan(store, profile, draft, now, meeting_id=meeting_id)
    except Conflict:
        pass  # planned by an earlier attempt at this message
    return meeting_id
