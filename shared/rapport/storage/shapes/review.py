"""A weekly review record item (`REVIEW#<week's last day>`): what that week's review said."""

from __future__ import annotations

from datetime import date, datetime

from pydantic_core import to_jsonable_python

from rapport.domain.model import Model
from rapport.domain.review import GoalResult


class ReviewRecord(Model):
    week_first: date
    week_last: date
    results: list[GoalResult]
    on_target: bool | None = None  # no goal set (not stored: absent means unset)
    streak: int
    recorded_at: datetime


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
