"""A calendar source item (`CAL#<calendar_id>`) and an occurrence's mark (`CE#<calendar_id>#<occurrence key>`)."""

from __future__ import annotations

from datetime import timedelta

from pydantic_core import to_jsonable_python

from rapport.domain.calendar_sources import CalendarSource, Mark

# A mark outlives its occurrence by this much (TTL): the sync's window reaches 30 days back, so an
# occurrence is read again, and its mark needed, for 30 days after it ended.
MARK_KEPT = timedelta(days=45)

# Stored under the domain's name (the table is the stored format: a domain rename must come here).
SOURCE = (
    "calendar_id",
    "url_encrypted",
    "url_masked",
    "url_fingerprint",
    "name",
    "added_at",
    "etag",
    "last_modified",
    "content_hash",
    "synced_at",
    "events_seen",
    "touches_logged",
    "error_code",
    "error_since",
    "error_told",
    "next_ending_at",
    "version",
)
MARK = (
    "occurrence_key",
    "state",
    "starts_at",
    "ends_at",
    "contact_ids",
    "summary",
    "fingerprint",
    "meeting_id",
    "interaction_id",
)


def to_item(source: CalendarSource) -> dict:
    return to_jsonable_python({name: getattr(source, name) for name in SOURCE})


def from_item(item: dict) -> CalendarSource:
    return CalendarSource.model_validate({name: item[name] for name in SOURCE if name in item})


def stored(value: object) -> object:
    """One field's value as stored (for an update of some fields only)."""
    return to_jsonable_python(value)


def mark_to_item(mark: Mark) -> dict:
    fields = to_jsonable_python({name: getattr(mark, name) for name in MARK})
    return fields | {"expiration": int((mark.ends_at + MARK_KEPT).timestamp())}  # the table's TTL attribute


def mark_from_item(item: dict) -> Mark:
    return Mark.model_validate({name: item[name] for name in MARK if name in item})
