"""The code proving a number is the networker's, texted once, at once (they are waiting for it), quiet hours
or not."""

from __future__ import annotations

from datetime import datetime

from rapport.delivery.requests import DeliveryRequest
from rapport.delivery.sms import phone_code_sms
from rapport.domain.followup import local_date
from rapport.domain.profile import Profile
from rapport.services.deliveries.send import Delivery, Senders, Text, send_once
from rapport.storage import Store
from rapport.storage.sends import SendKey


def deliver(store: Store, profile: Profile, request: DeliveryRequest, senders: Senders, now: datetime) -> Delivery:
    """Outcomes: sent, already_sent, opted_out, obsolete (used, expired or replaced by a newer code)."""
    code = store.profiles.phone_code(profile.networker_id)
    if code is None or code.expires_at <= now or code.code_id != request.token:
        return Delivery(outcomes={"sms": "obsolete"})
    day = local_date(now, profile.timezone)
    key = SendKey(
        networker_id=profile.networker_id, local_date=day.isoformat(), channel="sms", kind=f"code:{request.token}"
    )

    def text() -> Text | str:
        if senders.opted_out(code.phone):
            return "opted_out"
        return Text(code.phone, phone_code_sms(profile.locale, code.code))

    return Delivery(outcomes={"sms": send_once(store, senders, key, text, now)})
