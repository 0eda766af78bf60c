"""The link confirming an address the networker added, sent to that address once, whatever their channels."""

from __future__ import annotations

from datetime import datetime

from rapport.delivery.email import confirmation_email
from rapport.delivery.requests import DeliveryRequest
from rapport.domain.errors import NotFound
from rapport.domain.followup import local_date
from rapport.domain.profile import Profile
from rapport.services.deliveries.send import Delivery, Email, Senders, send_once
from rapport.storage import Store
from rapport.storage.sends import SendKey


def deliver(store: Store, profile: Profile, request: DeliveryRequest, senders: Senders, now: datetime) -> Delivery:
    """Outcomes: sent, already_sent, obsolete (used, expired, confirmed or removed before it could be sent)."""
    if request.token is None:  # a confirmation names its link: without one there is nothing to send
        return Delivery(outcomes={"email": "obsolete"})
    try:
        _, confirmation = store.profiles.confirmation(request.token, now)
    except NotFound:
        return Delivery(outcomes={"email": "obsolete"})
    if confirmation.address not in profile.addresses(verified=False):
        return Delivery(outcomes={"email": "obsolete"})
    day = local_date(now, profile.timezone)
    key = SendKey(
        networker_id=profile.networker_id, local_date=day.isoformat(), channel="email", kind=f"confirm:{request.token}"
    )

    def email() -> Email:
        link = f"{senders.public_url.rstrip('/')}/email-confirmations/{request.token}"
        return Email(confirmation_email(profile, confirmation, link, senders.address))

    return Delivery(outcomes={"email": send_once(store, senders, key, email, now)})
