"""LinkedIn imports as the API shows them."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from rapport.domain import imports as domain
from rapport.domain.import_files import Rejected
from rapport.domain.imports import ImportStatus
from rapport.domain.model import Model


class ImportJob(Model):
    """An import as it goes: the file's connections are taken a chunk at a time."""

    created: int = Field(default=0, description="New contacts, all to meet.")
    merged: int = Field(default=0, description="Contacts already known (same email or profile URL) completed.")
    skipped: int = Field(default=0, description="Already imported, deleted by you, or twice in the file.")
    rejected: int = Field(default=0, description="Rows that could not be read or taken: see `rejections`.")
    import_id: str
    status: ImportStatus
    rows: int = Field(description="Connections in the file (rows with a name).")
    processed: int = Field(default=0, description="Connections taken so far.")
    started_at: datetime
    finished_at: datetime | None = None
    failure: str | None = Field(default=None, description="Why it failed, when it did: the file is kept.")

    @classmethod
    def of(cls, job: domain.ImportJob) -> ImportJob:
        return cls(
            created=job.created,
            merged=job.merged,
            skipped=job.skipped,
            rejected=job.rejected,
            import_id=job.import_id,
            status=job.status,
            rows=job.rows,
            processed=job.processed,
            started_at=job.started_at,
            finished_at=job.finished_at,
            failure=job.failure,
        )


class ImportReport(ImportJob):
    rejections: list[Rejected] = Field(description="The rows rejected, by line, with the reason (at most 1,000).")

    @classmethod
    def with_rejections(cls, job: domain.ImportJob, rejections: list[Rejected]) -> ImportReport:
        return cls(**dict(ImportJob.of(job)), rejections=rejections)
