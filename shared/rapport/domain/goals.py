"""Weekly goals and the weekly review's day: set on the profile, read by the review (rapport.domain.review)."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import ConfigDict, Field

from rapport.domain.model import Model


class Weekday(StrEnum):
    MONDAY = "monday"
    TUESDAY = "tuesday"
    WEDNESDAY = "wednesday"
    THURSDAY = "thursday"
    FRIDAY = "friday"
    SATURDAY = "saturday"
    SUNDAY = "sunday"

    @property
    def cron_day(self) -> str:
        """The day-of-week name of an EventBridge cron expression: MON to SUN."""
        return self.value[:3].upper()


Goal = Annotated[int, Field(ge=0, le=1000)]


class WeeklyGoals(Model):
    """What the networker aims for each week; a goal left out is not tracked."""

    model_config = ConfigDict(extra="forbid")

    new_people: Goal | None = Field(default=None, description="People met for the first time.")
    touches: Goal | None = Field(default=None, description="Interactions logged, of any kind.")
    help_given: Goal | None = Field(default=None, description="Help touches where you helped (outbound or mutual).")
    introductions: Goal | None = Field(default=None, description="Introductions made.")


GOALS = list(WeeklyGoals.model_fields)
