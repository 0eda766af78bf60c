"""Imports as the API shows them, whatever the file's format."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from rapport.domain import imports as domain
from rapport.domain.import_files import Format, Rejected
from rapport.domain.imports import ImportStatus
from rapport.domain.model import Model


class ImportJob(Model):
    """An import as it goes: the people in the file are taken a chunk at a time."""

    created: int = Field(default=0, description="New contacts (from LinkedIn, to meet; from an address book, met).")
    merged: int = Field(
        default=0, description="Contacts already known (same email, phone or profile URL) completed, never overwritten."
    )
    skipped: int = Field(default=0, description="Already imported, deleted by you, or twice in the file.")
    rejected: int = Field(default=0, description="Rows that could not be read or taken: see `rejections`.")
    import_id: str
    format: Format = Field(
        default=Format.LINKEDIN, description="How the file was read: named by `?format=`, or detected."
    )
    status: ImportStatus
    rows: int = Field(description="People in the file (rows with a name).")
    processed: int = Field(default=0, description="People taken so far.")
    photos_skipped: int = Field(default=0, description="Photos in the file: not imported.")
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
            format=job.format,
            status=job.status,
            rows=job.rows,
            processed=job.processed,
            photos_skipped=job.photos_skipped,
            started_at=job.started_at,
            finished_at=job.finished_at,
            failure=job.failure,
        )


class ImportReport(ImportJob):
    rejections: list[Rejected] = Field(description="The rows rejected, by line, with the reason (at most 1,000).")

    @classmethod
    def with_rejections(cls, job: domain.ImportJob, rejections: list[Rejected]) -> ImportReport:
        return cls(**dict(ImportJob.of(job)), rejections=rejections)
