"""The digest schedules in EventBridge Scheduler: one per networker, kept in step with the profile."""

from __future__ import annotations

import json

from botocore.exceptions import ClientError

from rapport.delivery.schedule import DigestSchedule

# The scheduler substitutes this with the occurrence's time: the digest is for that day.
SCHEDULED_TIME = "<aws.scheduler.scheduled-time>"


class DigestSchedules:
    def __init__(self, client, group: str, queue_arn: str, role_arn: str, dead_letters_arn: str):
        self._client = client
        self._group = group
        self._target = {
            "Arn": queue_arn,
            "RoleArn": role_arn,
            "RetryPolicy": {"MaximumRetryAttempts": 5, "MaximumEventAgeInSeconds": 3600},
            "DeadLetterConfig": {"Arn": dead_letters_arn},
        }

    def sync(self, networker_id: str, wanted: DigestSchedule | None) -> str:
        """Make the stored schedule match `wanted`: created, updated, deleted or unchanged."""
        current = self._get(networker_id)
        if wanted is None:
            if current is None:
                return "unchanged"
            self._client.delete_schedule(Name=networker_id, GroupName=self._group)
            return "deleted"
        definition = self._definition(networker_id, wanted)
        if current is None:
            self._client.create_schedule(**definition)
            return "created"
        if all(current.get(name) == value for name, value in definition.items()):
            return "unchanged"
        self._client.update_schedule(**definition)
        return "updated"

    def _definition(self, networker_id: str, wanted: DigestSchedule) -> dict:
        message = {"kind": "digest", "networker_id": networker_id, "scheduled_time": SCHEDULED_TIME}
        return {
            "Name": networker_id,
            "GroupName": self._group,
            "ScheduleExpression": wanted.expression,
            "ScheduleExpressionTimezone": wanted.timezone,
            "FlexibleTimeWindow": {"Mode": "OFF"},
            "State": "ENABLED",
            "Target": self._target | {"Input": json.dumps(message, separators=(",", ":"))},
        }

    def _get(self, networker_id: str) -> dict | None:
        try:
            return self._client.get_schedule(Name=networker_id, GroupName=self._group)
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") == "ResourceNotFoundException":
                return None
            raise
