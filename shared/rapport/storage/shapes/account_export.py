"""An account export job item (`AX#<export id>`)."""

from __future__ import annotations

from pydantic_core import to_jsonable_python

from rapport.domain.account_exports import AccountExport

# Stored under the domain's name (the table is the stored format: a domain rename must come here).
PLAIN = ("export_id", "status", "items_written", "started_at", "finished_at", "failure", "size")


def to_item(job: AccountExport) -> dict:
    return to_jsonable_python({name: getattr(job, name) for name in PLAIN})


def from_item(item: dict) -> AccountExport:
    return AccountExport.model_validate({name: item[name] for name in PLAIN if name in item})
