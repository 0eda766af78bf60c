"""The account export (GDPR article 20): the job as it goes. Pure.

It is downloadable for `KEPT` after it is written, each time through a link valid `LINK_LIFETIME`; then the
export is expired. What the zip holds is `domain/account_archive.py` (the export function's).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum

from rapport.domain.model import Model

KEPT = timedelta(days=7)  # the bucket's lifecycle expires the zip after as many days (template.yaml)
LINK_LIFETIME = timedelta(minutes=15)  # a download link; the page asks for a new one each time


class ExportStatus(StrEnum):
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    EXPIRED = "expired"  # done, but its zip is gone


class AccountExport(Model):
    """An export as it goes: `items_written` grows as the zip is written."""

    export_id: str
    status: ExportStatus
    items_written: int = 0
    started_at: datetime
    finished_at: datetime | None = None
    failure: str | None = None
    size: int | None = None  # bytes of the zip, once written

    def seen_at(self, now: datetime) -> AccountExport:
        """As the networker sees it at `now`: a zip older than `KEPT` has expired."""
        if self.status is ExportStatus.DONE and self.finished_at is not None and now >= self.finished_at + KEPT:
            return self.model_copy(update={"status": ExportStatus.EXPIRED})
        return self

    @property
    def expires_at(self) -> datetime | None:
        return self.finished_at + KEPT if self.finished_at and self.status is not ExportStatus.FAILED else None
