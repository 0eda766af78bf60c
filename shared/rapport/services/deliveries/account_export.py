"""The email saying an account export is ready: a link to its page in the web app (which asks the API for a
fresh download link each time: a presigned link in a mail would die with the signer's session), sent once."""

from __future__ import annotations

from datetime import datetime

from rapport.delivery.email import account_export_email, account_export_url
from rapport.delivery.requests import DeliveryRequest
from rapport.domain.account_exports import ExportStatus
from rapport.domain.errors import NotFound
from rapport.domain.followup import local_date
from rapport.domain.profile import Profile
from rapport.services.deliveries.send import Delivery, Email, Senders, send_once
from rapport.storage import Store
from rapport.storage.sends import SendKey


def deliver(store: Store, profile: Profile, request: DeliveryRequest, senders: Senders, now: datetime) -> Delivery:
    """Outcomes: sent, already_sent, no_address, obsolete (no such export, or not downloadable any more)."""
    if request.token is None:
        return Delivery(outcomes={"email": "obsolete"})
    try:
        job = store.account_exports.get(profile.networker_id, request.token).seen_at(now)
    except NotFound:
        return Delivery(outcomes={"email": "obsolete"})
    if job.status is not ExportStatus.DONE or job.finished_at is None or job.expires_at is None:
        return Delivery(outcomes={"email": "obsolete"})
    expires_at = job.expires_at
    day = local_date(job.finished_at, profile.timezone)  # the export's day: a retry on another day sends nothing
    key = SendKey(
        networker_id=profile.networker_id, local_date=day.isoformat(), channel="email", kind=f"export:{job.export_id}"
    )

    def email() -> Email | str:
        if profile.sign_in_email is None:
            return "no_address"
        link = account_export_url(senders.app_url, job.export_id)
        return Email(account_export_email(profile, link, expires_at, senders.address))

    return Delivery(outcomes={"email": send_once(store, senders, key, email, now)})
