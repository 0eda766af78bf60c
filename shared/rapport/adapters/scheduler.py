"""EventBridge Scheduler: two recurring schedules per networker (the daily digest, the weekly review),
one one-time brief schedule per planned meeting, each kept in step with what it follows (create,
update, delete or leave). Each target puts a `DeliveryRequest` on the delivery queue. A networker with
calendars has a third, hourly, putting a `CalendarSyncRequest` on the calendar sync queue."""

from __future__ import annotations

import json

from botocore.exceptions import ClientError

from rapport.delivery.requests import SCHEDULED_TIME, DeliveryRequest
from rapport.delivery.schedule_expressions import BriefSchedule, DigestSchedule

CALENDAR_SYNC_RATE = "rate(1 hour)"


class EventBridgeScheduler:
    def __init__(
        self,
        client,
        group: str,
        queue_arn: str,
        role_arn: str,
        dead_letters_arn: str,
        *,
        calendar_queue_arn: str | None = None,
        calendar_dead_letters_arn: str | None = None,
    ):
        self._client = client
        self._group = group
        self._target = {
            "Arn": queue_arn,
            "RoleArn": role_arn,
            "RetryPolicy": {"MaximumRetryAttempts": 5, "MaximumEventAgeInSeconds": 3600},
            "DeadLetterConfig": {"Arn": dead_letters_arn},
        }
        self._calendar_target = None
        if calendar_queue_arn and calendar_dead_letters_arn:
            self._calendar_target = self._target | {
                "Arn": calendar_queue_arn,
                "DeadLetterConfig": {"Arn": calendar_dead_letters_arn},
            }

    def keep_digest(self, networker_id: str, wanted: DigestSchedule | None) -> str:
        """The networker's daily digest: created, updated, deleted or unchanged."""
        request = DeliveryRequest(kind="digest", networker_id=networker_id)
        definition = None
        if wanted is not None:
            definition = self._definition(networker_id, wanted.expression, wanted.timezone, request)
        return self._sync(_digest(networker_id), definition)

    def keep_review(self, networker_id: str, wanted: DigestSchedule | None) -> str:
        """The networker's weekly review, beside the digest in the same group."""
        request = DeliveryRequest(kind="review", networker_id=networker_id)
        name = _review(networker_id)
        definition = None
        if wanted is not None:
            definition = self._definition(name, wanted.expression, wanted.timezone, request)
        return self._sync(name, definition)

    def keep_brief(self, networker_id: str, meeting_id: str, wanted: BriefSchedule | None) -> str:
        """A meeting's brief, once, deleted by the scheduler after it fired."""
        name = _brief(meeting_id)
        request = DeliveryRequest(kind="brief", networker_id=networker_id, meeting_id=meeting_id)
        definition = None
        if wanted is not None:
            definition = self._definition(name, wanted.expression, "UTC", request) | {"ActionAfterCompletion": "DELETE"}
        return self._sync(name, definition)

    def keep_calendar_sync(self, networker_id: str, wanted: bool) -> str:
        """The networker's calendars read every hour, while they have any: created, deleted or unchanged."""
        name = _calendars(networker_id)
        definition = None
        if wanted:
            if self._calendar_target is None:
                raise ValueError("no calendar sync queue given to this scheduler")
            # The scheduler writes each occurrence's time in (CalendarSyncRequest's scheduled_time).
            request = {"networker_id": networker_id, "scheduled_time": SCHEDULED_TIME}
            definition = {
                "Name": name,
                "GroupName": self._group,
                "ScheduleExpression": CALENDAR_SYNC_RATE,
                "ScheduleExpressionTimezone": "UTC",
                "FlexibleTimeWindow": {"Mode": "OFF"},
                "State": "ENABLED",
                "Target": self._calendar_target | {"Input": json.dumps(request)},
            }
        return self._sync(name, definition)

    def _sync(self, name: str, definition: dict | None) -> str:
        current = self._get(name)
        if definition is None:
            if current is None:
                return "unchanged"
            self._client.delete_schedule(Name=name, GroupName=self._group)
            return "deleted"
        if current is None:
            self._client.create_schedule(**definition)
            return "created"
        if all(current.get(key) == value for key, value in definition.items()):
            return "unchanged"
        self._client.update_schedule(**definition)
        return "updated"

    def _definition(self, name: str, expression: str, timezone: str, request: DeliveryRequest) -> dict:
        """The request leaves its time to the scheduler, which writes each occurrence's in."""
        return {
            "Name": name,
            "GroupName": self._group,
            "ScheduleExpression": expression,
            "ScheduleExpressionTimezone": timezone,
            "FlexibleTimeWindow": {"Mode": "OFF"},
            "State": "ENABLED",
            "Target": self._target | {"Input": request.model_dump_json()},
        }

    def _get(self, name: str) -> dict | None:
        try:
            return self._client.get_schedule(Name=name, GroupName=self._group)
        except ClientError as error:
            if _absent(error):
                return None
            raise


class ScheduleEraser:
    """A deleted account's schedules: its digest, its review, its calendars' sync and its meetings' briefs."""

    def __init__(self, client, group: str):
        self._client = client
        self._group = group

    def forget(self, networker_id: str, meeting_ids: list[str]) -> int:
        """How many were deleted (those already gone are no error)."""
        names = [_digest(networker_id), _review(networker_id), _calendars(networker_id)]
        names += [_brief(m) for m in meeting_ids]
        deleted = 0
        for name in names:
            try:
                self._client.delete_schedule(Name=name, GroupName=self._group)
                deleted += 1
            except ClientError as error:
                if not _absent(error):
                    raise
        return deleted


# Names in the group: the digest is named by the networker id alone.
def _digest(networker_id: str) -> str:
    return networker_id


def _review(networker_id: str) -> str:
    return f"review-{networker_id}"


def _calendars(networker_id: str) -> str:
    return f"calendars-{networker_id}"


def _brief(meeting_id: str) -> str:
    return f"brief-{meeting_id}"


def _absent(error: ClientError) -> bool:
    return error.response.get("Error", {}).get("Code") == "ResourceNotFoundException"
