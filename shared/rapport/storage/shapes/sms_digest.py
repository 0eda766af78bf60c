"""The last SMS digest item (`SMS_DIGEST`): its numbered lines, which replies ("done 2") refer to."""

from __future__ import annotations

from datetime import datetime

from pydantic_core import to_jsonable_python

from rapport.domain.model import Model


class DigestLine(Model):
    """Line `number` of an SMS digest: the person it names and all the reminders of their line."""

    number: int
    reminder_ids: list[str]
    contact_id: str
    name: str


class SmsDigest(Model):
    sent_at: datetime
    lines: list[DigestLine]


# Stored under these names (the table is the stored format: a rename above must come here).
LINE = ("number", "reminder_ids", "contact_id", "name")


def to_item(digest: SmsDigest) -> dict:
    lines = [{name: getattr(line, name) for name in LINE} for line in digest.lines]
    return to_jsonable_python({"sent_at": digest.sent_at, "lines": lines})


def from_item(item: dict) -> SmsDigest:
    lines = [{name: line[name] for name in LINE} for line in map(_one_line_a_person, item["lines"])]
    return SmsDigest.model_validate({"sent_at": item["sent_at"], "lines": lines})


def _one_line_a_person(line: dict) -> dict:
    """A digest texted before lines were people named one reminder (`reminder_id`): a reply to it still acts."""
    if "reminder_ids" in line:
        return line
    return {**line, "reminder_ids": [line["reminder_id"]]}
