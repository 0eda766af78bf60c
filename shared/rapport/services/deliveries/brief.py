"""A meeting brief, by email, once per meeting (its schedule fires a while before it)."""

from __future__ import annotations

from datetime import datetime

from rapport.delivery.email import brief_email
from rapport.delivery.requests import DeliveryRequest
from rapport.domain.errors import NotFound
from rapport.domain.followup import local_date
from rapport.domain.profile import Profile
from rapport.services import meetings
from rapport.services.deliveries.send import Delivery, Email, Senders, send_once, wants
from rapport.storage import Store
from rapport.storage.sends import SendKey


def deliver(store: Store, profile: Profile, request: DeliveryRequest, senders: Senders, now: datetime) -> Delivery:
    """Outcomes: sent, already_sent, cancelled (no such meeting now), off (held, or no email)."""
    if request.meeting_id is None:  # a brief names its meeting: a request without one has nothing to brief
        return Delivery(outcomes={"email": "cancelled"})
    try:
        meeting = store.meetings.get(profile.networker_id, request.meeting_id)
    except NotFound:
        return Delivery(outcomes={"email": "cancelled"})
    if meeting.held or not wants(profile, "email"):
        return Delivery(outcomes={"email": "off"})
    day = local_date(meeting.starts_at, profile.timezone)
    key = SendKey(
        networker_id=profile.networker_id,
        local_date=day.isoformat(),
        channel="email",
        kind=f"brief:{meeting.meeting_id}",
    )

    def email() -> Email:
        return Email(brief_email(profile, meetings.brief(store, profile, meeting), senders.address))

    return Delivery(outcomes={"email": send_once(store, senders, key, email, now)})
