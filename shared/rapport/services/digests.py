"""Deliver a networker's digest for one scheduled day: at most once, and only when someone is due."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from email.message import EmailMessage

from rapport.delivery.digest import compose
from rapport.delivery.email import digest_email
from rapport.delivery.schedule import DeliveryRequest
from rapport.domain.followup import local_date
from rapport.domain.model import Model
from rapport.services import reminders
from rapport.storage import Store


class SendKey(Model):
    """What makes a message unique: at most one per networker, local date, channel and kind."""

    networker_id: str
    local_date: str
    channel: str
    kind: str


# Sends an email once per key (the caller wraps it in Powertools idempotency); returns its message id.
SendEmail = Callable[[SendKey, EmailMessage], str]


def deliver(store: Store, request: DeliveryRequest, send_email: SendEmail, sender: str, now: datetime) -> str:
    """What happened: sent, nothing_due, already_sent, no_email or unknown_networker."""
    profile = store.profiles.get(request.networker_id)
    if profile is None:
        return "unknown_networker"  # deleted since the schedule fired: nothing to say to anyone
    if not profile.channels.email or not profile.sign_in_email:
        return "no_email"
    day = local_date(request.scheduled_time, profile.timezone)
    if store.sends.was_sent(profile.networker_id, day, "email", request.kind):
        return "already_sent"
    digest = compose(profile, reminders.gather(store, profile, request.scheduled_time, days_ahead=1), day)
    if digest is None:
        return "nothing_due"
    key = SendKey(networker_id=profile.networker_id, local_date=day.isoformat(), channel="email", kind=request.kind)
    message_id = send_email(key, digest_email(profile, digest, sender))
    store.sends.record(profile.networker_id, day, "email", request.kind, message_id, now)
    return "sent"
