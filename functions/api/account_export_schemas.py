"""Account exports (GDPR article 20) as the API shows them, with their examples."""

from __future__ import annotations

from datetime import datetime

from examples import example
from pydantic import Field

from rapport.domain import account_exports as domain
from rapport.domain.account_exports import ExportStatus
from rapport.domain.model import Model

EXPORT = "01a1f84a95c0e1f6a2b3c4d5e6f70819"
_RUNNING = {"export_id": EXPORT, "status": "running", "items_written": 0, "started_at": "2026-11-20T09:30:00Z"}
EXPORT_STARTED = example("started", "The export is being written", _RUNNING)
EXPORT_DONE = example(
    "done",
    "Written: download it within 15 minutes, or ask again for a new link",
    _RUNNING
    | {
        "status": "done",
        "items_written": 55012,
        "finished_at": "2026-11-20T09:31:40Z",
        "expires_at": "2026-11-27T09:31:40Z",
        "size": 4812733,
        "download_url": "https://exports.s3.eu-west-3.amazonaws.com/exports/…/01a1f84a95c0e1f6a2b3c4d5e6f70819.zip?X-Amz-…",
        "download_expires_at": "2026-11-20T09:47:00Z",
    },
)


class AccountExport(Model):
    """An export of everything the account holds, as it is written."""

    export_id: str
    status: ExportStatus = Field(
        description="`running` (being written), `done` (downloadable), `failed` (see `failure`: ask again) or "
        "`expired` (the zip was deleted 7 days after it was written: ask again)."
    )
    items_written: int = Field(description="Items of the account written into the zip so far: the progress.")
    started_at: datetime
    finished_at: datetime | None = None
    expires_at: datetime | None = Field(default=None, description="When the zip is deleted (7 days after it is done).")
    size: int | None = Field(default=None, description="The zip's size in bytes, once done.")
    failure: str | None = Field(default=None, description="Why it failed, when it did.")
    download_url: str | None = Field(
        default=None,
        description="While `done`: a link downloading the zip, valid 15 minutes (`download_expires_at`); "
        "read this export again for a new one.",
    )
    download_expires_at: datetime | None = None

    @classmethod
    def of(cls, job: domain.AccountExport, url: str | None = None, now: datetime | None = None) -> AccountExport:
        return cls(
            export_id=job.export_id,
            status=job.status,
            items_written=job.items_written,
            started_at=job.started_at,
            finished_at=job.finished_at,
            expires_at=job.expires_at,
            size=job.size,
            failure=job.failure,
            download_url=url,
            download_expires_at=now + domain.LINK_LIFETIME if url and now else None,
        )
