"""Each kind of delivery request, to the module that sends it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from rapport.delivery.requests import DeliveryKind, DeliveryRequest
from rapport.domain.profile import Profile
from rapport.services.deliveries import account_export, brief, confirmation, digest, phone_code, review
from rapport.services.deliveries.send import Delivery, Senders
from rapport.storage import Store

Deliver = Callable[[Store, Profile, DeliveryRequest, Senders, datetime], Delivery]

KINDS: dict[DeliveryKind, Deliver] = {
    "digest": digest.deliver,
    "review": review.deliver,
    "brief": brief.deliver,
    "confirmation": confirmation.deliver,
    "phone_code": phone_code.deliver,
    "account_export": account_export.deliver,
}


def deliver(store: Store, request: DeliveryRequest, senders: Senders, now: datetime) -> Delivery:
    """Each message at most once (`send.send_once`); `now` is when it is delivered, `request.scheduled_time`
    the day a digest or review is for."""
    profile = store.profiles.live(request.networker_id)
    if profile is None:
        return Delivery(outcomes={})  # deleted since it was asked for: nothing to say to anyone
    return KINDS[request.kind](store, profile, request, senders, now)
