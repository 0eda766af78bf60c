"""A weekly review record item (`REVIEW#<week's last day>`): what that week's review said."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic_core import to_jsonable_python

if TYPE_CHECKING:
    from rapport.storage.reviews import ReviewRecord

# Stored under the domain's name (the table is the stored format: a domain rename must come here).
PLAIN = ("week_first", "week_last", "on_target", "streak", "recorded_at")
RESULT = ("goal", "target", "actual", "met")


def to_item(record: ReviewRecord) -> dict:
    fields = {name: getattr(record, name) for name in PLAIN}
    fields["results"] = [{name: getattr(result, name) for name in RESULT} for result in record.results]
    return to_jsonable_python(fields)


def record_fields(item: dict) -> dict:
    """The attributes a record is read from (storage.reviews.ReviewRecord)."""
    return {name: item[name] for name in (*PLAIN, "results") if name in item}
