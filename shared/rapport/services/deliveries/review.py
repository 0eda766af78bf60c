"""The weekly review, by email, once a week: the week's figures are recorded before the email goes and never
replaced, so a retry sends what was recorded, and next week's streak goes on from it."""

from __future__ import annotations

from datetime import datetime

from rapport.delivery.requests import DeliveryRequest
from rapport.delivery.review_email import review_email
from rapport.domain import review as weekly
from rapport.domain.followup import local_date
from rapport.domain.profile import Profile
from rapport.services import reviews
from rapport.services.deliveries.send import Delivery, Email, Senders, send_once, wants
from rapport.storage import Store
from rapport.storage.sends import SendKey


def deliver(store: Store, profile: Profile, request: DeliveryRequest, senders: Senders, now: datetime) -> Delivery:
    """Outcomes as the digest's: sent, already_sent, or off (no email)."""
    if not wants(profile, "email"):
        return Delivery(outcomes={"email": "off"})
    day = local_date(request.asked_at, profile.timezone)

    def email() -> Email:
        review = reviews.gather(store, profile, weekly.week_ending(day), request.asked_at, now)
        kept = store.reviews.record(profile.networker_id, review, now)  # the first attempt's figures, on a retry
        update = {"results": kept.results, "on_target": kept.on_target, "streak": kept.streak}
        return Email(review_email(profile, review.model_copy(update=update), senders.address))

    key = SendKey(networker_id=profile.networker_id, local_date=day.isoformat(), channel="email", kind="review")
    return Delivery(outcomes={"email": send_once(store, senders, key, email, now)})
