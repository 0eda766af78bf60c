"""The daily digest, on each channel the networker chose: the people of the day, ranked and backed off, and the
greetings season's progress; nobody named, nothing sent; never an SMS in quiet hours (deferred, not dropped)."""

from __future__ import annotations

from datetime import date, datetime
from functools import cache
from zoneinfo import ZoneInfo

from rapport.delivery.digest import NAMES_LEFT, Digest, compose, today_url
from rapport.delivery.email import digest_email
from rapport.delivery.email_actions import ActionUrls
from rapport.delivery.requests import DeliveryRequest
from rapport.delivery.sms import digest_sms, quiet_until
from rapport.domain.backoff import Chosen, choose
from rapport.domain.followup import local_date
from rapport.domain.profile import Profile
from rapport.domain.ranking import rank
from rapport.domain.reminders import Reminder, for_the_digest
from rapport.services import email_actions, greetings, reminders
from rapport.services.deliveries.send import Delivery, Email, Senders, Text, send_once, wants
from rapport.storage import Store
from rapport.storage.sends import SendKey
from rapport.storage.shapes.sms_digest import DigestLine, SmsDigest


def deliver(store: Store, profile: Profile, request: DeliveryRequest, senders: Senders, now: datetime) -> Delivery:
    """Outcomes per channel: sent, already_sent, nothing_due, opted_out, deferred (retry_at), off."""
    day = local_date(request.asked_at, profile.timezone)
    quiet = quiet_until(now.astimezone(ZoneInfo(profile.timezone)))

    @cache
    def digest() -> Digest | None:  # composed once, on the first channel that needs it
        chosen = _choose(store, profile, reminders.gather(store, profile, request.asked_at, days_ahead=1), day)
        campaigns = greetings.under_way(store, profile, request.asked_at, NAMES_LEFT)  # opens the season's
        return compose(profile, chosen.lines, chosen.more, day, campaigns)

    def email() -> Email | str:
        composed = digest()
        if composed is None:
            return "nothing_due"
        key = email_actions.signing_key(store, profile.networker_id)
        urls = ActionUrls(profile.networker_id, key, senders.public_url, senders.app_url, now)
        return Email(digest_email(profile, composed, senders.address, urls))

    def sms() -> Text | str:
        phone = profile.phone
        assert phone is not None  # wants(profile, "sms") holds
        if quiet is not None:
            return "deferred"  # not dropped: the message comes back when quiet hours end
        if senders.opted_out(phone):
            return "opted_out"
        composed = digest()
        if composed is None:
            return "nothing_due"
        text = digest_sms(profile, composed, today_url(senders.app_url))
        return Text(phone, text, on_sent=lambda: _keep_lines(store, profile, composed, now))

    outcomes = {}
    for channel, message in (("email", email), ("sms", sms)):
        if not wants(profile, channel):
            outcomes[channel] = "off"
            continue
        key = SendKey(networker_id=profile.networker_id, local_date=day.isoformat(), channel=channel, kind=request.kind)
        outcomes[channel] = send_once(store, senders, key, message, now)
    if profile.calendar_notices and "sent" in outcomes.values():  # said: not again
        store.profiles.calendars_told(profile.networker_id, profile.calendar_notices)
    return Delivery(outcomes=outcomes, retry_at=quiet if outcomes["sms"] == "deferred" else None)


def _choose(store: Store, profile: Profile, due: list[Reminder], day: date) -> Chosen:
    """Who the digest names: the ranking, backed off by what earlier digests showed (read once, written
    only when it changed, before sending: a retry or the other channel names the same people)."""
    shown = store.showings.get(profile.networker_id)
    chosen = choose(rank(for_the_digest(due)), shown, day, profile.digest_size)
    if chosen.shown != shown:
        store.showings.save(profile.networker_id, chosen.shown)
    return chosen


def _keep_lines(store: Store, profile: Profile, digest: Digest, now: datetime) -> None:
    """An SMS digest's numbered lines: answers ("done 2") act on every reminder of the line's person."""
    lines = [
        DigestLine(number=number, reminder_ids=line.reminder_ids, contact_id=line.contact_id, name=line.contact.name)
        for number, line in enumerate(digest.shown, 1)
    ]
    store.sms_digests.save(profile.networker_id, SmsDigest(sent_at=now, lines=lines))
