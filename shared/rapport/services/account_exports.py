"""Account exports (GDPR article 20): started by the API, written by the export function, then announced.

The API writes the job (202 at once); its stream record puts it on the export queue; the export function
reads every item of the networker once, spooling them by type to files on disk, then writes the zip on disk
and uploads it, so memory holds neither the items nor the zip. The job counts the items written as it goes;
once done, its stream record asks the deliver function to email the networker a link to the app's export
page, which gets a fresh download link from `GET /me/export/{id}` each time. The writing itself is
`services/account_archives.py`, the export function's alone (what it imports stays out of the API's cold start).
"""

from __future__ import annotations

from datetime import datetime

from rapport.domain.account_exports import LINK_LIFETIME, AccountExport, ExportStatus
from rapport.domain.ids import new_id
from rapport.domain.model import Model
from rapport.domain.profile import Profile
from rapport.storage import Store
from rapport.storage.account_exports import Archives


class ExportRequest(Model):
    """An export queue message: write this export's zip."""

    networker_id: str
    export_id: str


def start(store: Store, profile: Profile, now: datetime) -> AccountExport:
    """A new export, or the one still running (at most one at a time)."""
    job = AccountExport(export_id=new_id(now), status=ExportStatus.RUNNING, started_at=now)
    return store.account_exports.start(profile.networker_id, job, now)


def view(
    store: Store, archives: Archives, profile: Profile, export_id: str, now: datetime
) -> tuple[AccountExport, str | None]:
    """The export as it stands, and a fresh download link while its zip is kept."""
    job = store.account_exports.get(profile.networker_id, export_id).seen_at(now)
    if job.status is not ExportStatus.DONE:
        return job, None
    return job, archives.download_url(profile.networker_id, export_id, LINK_LIFETIME)


def fail(store: Store, networker_id: str, export_id: str, reason: str, now: datetime) -> None:
    store.account_exports.fail(networker_id, export_id, reason, now)
