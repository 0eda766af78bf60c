"""The agenda routes' own schemas."""

from __future__ import annotations

from rapport.domain.meeting import Meeting
from rapport.domain.model import Model
from rapport.domain.reminders import Reminder


class MeetingList(Model):
    items: list[Meeting]


class ReminderList(Model):
    items: list[Reminder]
