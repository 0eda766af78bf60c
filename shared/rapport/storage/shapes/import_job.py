"""An import job item (`IMPORT#<import id>`) and the rows its chunks rejected (`rows` of an
`import_rejected` item). A job stored before `format` and `photos_skipped` reads as LinkedIn's, no photo."""

from __future__ import annotations

from pydantic_core import to_jsonable_python

from rapport.domain.import_files import Rejected
from rapport.domain.imports import ImportJob

# Stored under the domain's name (the table is the stored format: a domain rename must come here).
PLAIN = (
    "import_id",
    "format",
    "status",
    "rows",
    "processed",
    "created",
    "merged",
    "skipped",
    "rejected",
    "photos_skipped",
    "started_at",
    "finished_at",
    "failure",
)


def to_item(job: ImportJob) -> dict:
    return to_jsonable_python({name: getattr(job, name) for name in PLAIN})


def from_item(item: dict) -> ImportJob:
    return ImportJob.model_validate({name: item[name] for name in PLAIN if name in item})


def rejected_rows(rejected: list[Rejected]) -> list[dict]:
    return [{"line": row.line, "reason": row.reason} for row in rejected]


def rejected_of(item: dict) -> list[Rejected]:
    return [Rejected(line=row["line"], reason=row["reason"]) for row in item["rows"]]
