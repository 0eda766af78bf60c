"""Deliver a networker's digest for one scheduled day, on each channel they chose: at most once per
(networker, local date, channel, kind), only when something is due, never an SMS in quiet hours."""

from __future__ import annotations

from datetime import datetime
from email.message import EmailMessage
from typing import Protocol
from zoneinfo import ZoneInfo

from rapport.delivery.digest import NAMES_LEFT, Digest, compose
from rapport.delivery.email import brief_email, confirmation_email, digest_email
from rapport.delivery.schedule import DeliveryRequest
from rapport.delivery.sms import digest_sms, phone_code_sms, quiet_until
from rapport.domain.errors import NotFound
from rapport.domain.followup import local_date
from rapport.domain.model import Model
from rapport.domain.profile import Profile
from rapport.services import greetings, meetings, reminders
from rapport.storage import Store
from rapport.storage.texts import DigestLine, SmsDigest


class SendKey(Model):
    """What makes a message unique: at most one per networker, local date, channel and kind."""

    networker_id: str
    local_date: str
    channel: str
    kind: str


class Senders(Protocol):
    """The outside world, each send wrapped in idempotency on its key by the caller."""

    address: str  # the email sender
    public_url: str  # the API's, for links in emails

    def email(self, key: SendKey, message: EmailMessage) -> str: ...
    def sms(self, key: SendKey, phone: str, text: str) -> str: ...
    def opted_out(self, phone: str) -> bool: ...


class Delivery(Model):
    outcomes: dict[str, str]  # channel -> sent, already_sent, nothing_due, opted_out, deferred, off
    retry_at: datetime | None = None  # set when a channel must wait (quiet hours)


def deliver(store: Store, request: DeliveryRequest, senders: Senders, now: datetime) -> Delivery:
    profile = store.profiles.get(request.networker_id)
    if profile is None:
        return Delivery(outcomes={})  # deleted since the schedule fired: nothing to say to anyone
    if request.kind == "review":
        from rapport.services import reviews  # built on this module's send keys and senders: imported late

        return reviews.deliver(store, profile, request, senders, now)
    if request.kind == "brief":
        return _brief(store, profile, request, senders, now)
    if request.kind == "confirmation":
        return _confirmation(store, profile, request, senders, now)
    if request.kind == "phone_code":
        return _phone_code(store, profile, request, senders, now)
    day = local_date(request.scheduled_time, profile.timezone)
    digest, composed = None, False  # composed once, on the first channel that needs it
    outcomes, retry_at = {}, None
    for channel in ("email", "sms"):
        if not _wants(profile, channel):
            outcomes[channel] = "off"
            continue
        if store.sends.was_sent(profile.networker_id, day, channel, request.kind):
            outcomes[channel] = "already_sent"
            continue
        if channel == "sms":
            retry_at = quiet_until(now.astimezone(ZoneInfo(profile.timezone)))
            if retry_at is not None:
                outcomes[channel] = "deferred"  # not dropped: the message comes back when quiet hours end
                continue
            if senders.opted_out(profile.phone):
                outcomes[channel] = "opted_out"
                continue
        if not composed:
            due = reminders.gather(store, profile, request.scheduled_time, days_ahead=1)
            campaigns = greetings.under_way(store, profile, request.scheduled_time, NAMES_LEFT)  # opens the season's
            digest, composed = compose(profile, due, day, campaigns), True
        if digest is None:
            outcomes[channel] = "nothing_due"
            continue
        key = SendKey(networker_id=profile.networker_id, local_date=day.isoformat(), channel=channel, kind=request.kind)
        message_id = _send(store, senders, channel, key, profile, digest, now)
        store.sends.record(profile.networker_id, day, channel, request.kind, message_id, now)
        outcomes[channel] = "sent"
    return Delivery(outcomes=outcomes, retry_at=retry_at)


def _brief(store: Store, profile: Profile, request: DeliveryRequest, senders: Senders, now: datetime) -> Delivery:
    """A meeting brief, by email, once per meeting."""
    try:
        meeting = store.meetings.get(profile.networker_id, request.meeting_id)
    except NotFound:
        return Delivery(outcomes={"email": "cancelled"})
    kind, day = f"brief:{meeting.meeting_id}", local_date(meeting.starts_at, profile.timezone)
    if meeting.held or not _wants(profile, "email"):
        return Delivery(outcomes={"email": "off"})
    if store.sends.was_sent(profile.networker_id, day, "email", kind):
        return Delivery(outcomes={"email": "already_sent"})
    key = SendKey(networker_id=profile.networker_id, local_date=day.isoformat(), channel="email", kind=kind)
    message = brief_email(profile, meetings.brief(store, profile, meeting), senders.address)
    store.sends.record(profile.networker_id, day, "email", kind, senders.email(key, message), now)
    return Delivery(outcomes={"email": "sent"})


def _confirmation(
    store: Store, profile: Profile, request: DeliveryRequest, senders: Senders, now: datetime
) -> Delivery:
    """The link confirming an added address, sent to it once (whatever the networker's channels)."""
    try:
        _, confirmation = store.profiles.confirmation(request.token, now)
    except NotFound:
        return Delivery(outcomes={"email": "obsolete"})  # used or expired before it could be sent
    if confirmation.address not in profile.addresses(verified=False):
        return Delivery(outcomes={"email": "obsolete"})  # confirmed or removed since
    kind, day = f"confirm:{request.token}", local_date(now, profile.timezone)
    if store.sends.was_sent(profile.networker_id, day, "email", kind):
        return Delivery(outcomes={"email": "already_sent"})
    key = SendKey(networker_id=profile.networker_id, local_date=day.isoformat(), channel="email", kind=kind)
    link = f"{senders.public_url.rstrip('/')}/email-confirmations/{request.token}"
    message = confirmation_email(profile, confirmation, link, senders.address)
    store.sends.record(profile.networker_id, day, "email", kind, senders.email(key, message), now)
    return Delivery(outcomes={"email": "sent"})


def _phone_code(store: Store, profile: Profile, request: DeliveryRequest, senders: Senders, now: datetime) -> Delivery:
    """The code proving a number is the networker's, texted once, at once (they are waiting for it)."""
    code = store.profiles.phone_code(profile.networker_id)
    if code is None or code.expires_at <= now or code.code_id != request.token:
        return Delivery(outcomes={"sms": "obsolete"})  # used, expired or replaced by a newer one
    if senders.opted_out(code.phone):
        return Delivery(outcomes={"sms": "opted_out"})
    kind, day = f"code:{request.token}", local_date(now, profile.timezone)
    key = SendKey(networker_id=profile.networker_id, local_date=day.isoformat(), channel="sms", kind=kind)
    senders.sms(key, code.phone, phone_code_sms(profile.locale, code.code))
    return Delivery(outcomes={"sms": "sent"})


def _wants(profile: Profile, channel: str) -> bool:
    if channel == "email":
        return profile.channels.email and profile.sign_in_email is not None
    return profile.channels.sms and profile.phone is not None and not profile.sms_stopped


def _send(
    store: Store, senders: Senders, channel: str, key: SendKey, profile: Profile, digest: Digest, now: datetime
) -> str:
    """Send one channel's digest; an SMS digest's numbered lines are kept: answers refer to them."""
    if channel == "email":
        return senders.email(key, digest_email(profile, digest, senders.address))
    message_id = senders.sms(key, profile.phone, digest_sms(profile, digest))
    lines = [
        DigestLine(number=number, reminder_id=r.reminder_id, contact_id=r.contact.contact_id, name=r.contact.name)
        for number, r in enumerate(digest.shown, 1)
    ]
    store.texts.save_digest(profile.networker_id, SmsDigest(sent_at=now, lines=lines))
    return message_id
