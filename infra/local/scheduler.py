"""EventBridge Scheduler's clock: moto stores schedules but never fires them; this fires them.

On each `tick()` every schedule of every group is read back from moto (`list_schedules`, then
`get_schedule`) and each occurrence that fell due since the last tick is fired, all schedules
together in time order, on the runtime's clock (`rapport.clock`). Expressions are evaluated by
`schedule_expressions` in the schedule's time zone; StartDate and EndDate bound them (not `at()`),
and a DISABLED schedule fires nothing (what falls due while it is disabled is skipped, as in AWS).
A schedule created or updated fires only what falls due from then on; when the clock jumps, every
occurrence missed on the way fires once, in order, with its own scheduled time.

Firing is what the Scheduler does with a templated target: for an SQS queue, `SendMessage` with
the target's Input, the context attributes (`<aws.scheduler.scheduled-time>`, `...execution-id>`,
`...attempt-number>`, `...schedule-arn>`) filled in. A failed attempt is retried at once, up to the
RetryPolicy's MaximumRetryAttempts (a queue that does not exist is not retried, as in AWS), then the
Input goes to the DeadLetterConfig queue with the attributes Scheduler gives a dead-letter event.
ActionAfterCompletion DELETE deletes the schedule once it is complete: an `at()` that fired, or a
recurring schedule past its EndDate.

What has fired is tracked per schedule (its ARN, last modification, and the time up to which its
occurrences are done) and saved with the state; since moto forgets its schedules at a restart, the
definitions are saved too and put back at start, so a restart neither fires twice nor loses an
occurrence (those that fell due while the runtime was stopped fire at the first tick).
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import boto3
from botocore.exceptions import ClientError

from infra.local import schedule_expressions
from infra.local.provision import REGION
from infra.local.schedule_expressions import At, Rate
from rapport import clock

logger = logging.getLogger(__name__)

DEFAULT_RETRY_ATTEMPTS = 185  # the Scheduler's default RetryPolicy
_NOT_RETRIED = {"AWS.SimpleQueueService.NonExistentQueue", "QueueDoesNotExist", "AccessDenied", "UnsupportedTarget"}
_INSTANT = timedelta(microseconds=1)
_RENAMED_MIN_LENGTH = 8  # names shorter than this are not rewritten in a restored schedule (too common)
_CONTEXT = ("scheduled-time", "execution-id", "attempt-number", "schedule-arn")


class UnsupportedTarget(Exception):
    pass


def iso_utc(instant: datetime) -> str:
    """2026-11-27T07:30:00Z: how the Scheduler writes a scheduled time."""
    return instant.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _instant(value: object) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.astimezone(UTC)
    return datetime.fromisoformat(str(value)).astimezone(UTC)


@dataclass
class _Track:
    modified: datetime  # the schedule's LastModificationDate when last seen
    through: datetime  # occurrences at or before this instant are done (fired, or skipped)


@dataclass(frozen=True)
class _Due:
    at: datetime
    schedule: dict


class Scheduler:
    """Fires the schedules stored in moto's EventBridge Scheduler, as the service would."""

    def __init__(self, resources: Mapping[str, str] | None = None) -> None:
        """`resources`: the stack's logical id -> physical id, so that a restored schedule's target
        (a queue, a role) is the same resource in the new stack, whose names moto draws afresh."""
        self._names = {logical: _name_of(physical) for logical, physical in (resources or {}).items()}
        self._client = boto3.client("scheduler", region_name=REGION)
        self._sqs = boto3.client("sqs", region_name=REGION)
        self._tracks: dict[str, _Track] = {}
        self._invalid: dict[str, str] = {}  # ARN -> the expression already reported as invalid
        self._anchors: dict[str, datetime] = {}  # ARN -> first creation, for restored rate schedules
        self.fired = 0  # occurrences fired since start

    # ------------------------------------------------------------------ reading the schedules
    def _schedules(self) -> Iterator[dict]:
        for page in self._client.get_paginator("list_schedules").paginate():
            for summary in page["Schedules"]:
                try:
                    schedule = self._client.get_schedule(Name=summary["Name"], GroupName=summary["GroupName"])
                except ClientError:  # deleted between the list and the read
                    continue
                schedule.pop("ResponseMetadata", None)
                yield schedule

    def _track(self, schedule: dict) -> _Track:
        modified = _instant(schedule["LastModificationDate"])
        track = self._tracks.get(schedule["Arn"])
        if track is None:  # created: what falls due from its creation on
            track = self._tracks[schedule["Arn"]] = _Track(modified, modified - _INSTANT)
        elif track.modified != modified:  # updated: from the update on, never again what already fired
            track.modified, track.through = modified, max(track.through, modified - _INSTANT)
        return track

    def _occurrences(self, schedule: dict, after: datetime, until: datetime) -> Iterator[datetime]:
        expression_text = schedule["ScheduleExpression"]
        try:
            expression = schedule_expressions.parse(expression_text)
            tz = schedule_expressions.zone(schedule.get("ScheduleExpressionTimezone"))
        except ValueError as error:
            if self._invalid.get(schedule["Arn"]) != expression_text:
                logger.error("schedule %s never fires locally: %s", schedule["Arn"], error)
                self._invalid[schedule["Arn"]] = expression_text
            return
        if isinstance(expression, At):
            yield from expression.between(after, until, tz)
            return
        start, end = _instant(schedule.get("StartDate")), _instant(schedule.get("EndDate"))
        if start is not None and after < start - _INSTANT:
            after = start - _INSTANT
        if end is not None and until > end:
            until = end
        if isinstance(expression, Rate):
            anchor = start or self._created(schedule)
            yield from expression.between(after, until, anchor)
        else:
            yield from expression.between(after, until, tz)

    def _created(self, schedule: dict) -> datetime:
        return self._anchors.get(schedule["Arn"]) or _instant(schedule["CreationDate"])

    def _due(self, until: datetime) -> tuple[list[_Due], list[dict]]:
        due, schedules, seen = [], [], set()
        for schedule in self._schedules():
            seen.add(schedule["Arn"])
            schedules.append(schedule)
            track = self._track(schedule)
            if schedule.get("State") == "DISABLED":
                continue
            due += [_Due(at, schedule) for at in self._occurrences(schedule, track.through, until)]
        for arn in set(self._tracks) - seen:  # deleted
            del self._tracks[arn]
            self._anchors.pop(arn, None)
        due.sort(key=lambda item: (item.at, item.schedule["Arn"]))
        return due, schedules

    # ------------------------------------------------------------------ the clock
    def tick(self) -> int:
        """Fire every occurrence due by now, in time order; how many fired."""
        now = clock.now()
        due, schedules = self._due(now)
        for item in due:
            self._fire(item.schedule, item.at)
            self._tracks[item.schedule["Arn"]].through = item.at
        for schedule in schedules:
            self._tracks[schedule["Arn"]].through = max(self._tracks[schedule["Arn"]].through, now)
            self._complete_if_done(schedule, now, fired=any(item.schedule is schedule for item in due))
        self.fired += len(due)
        return len(due)

    def next_due(self, until: datetime) -> datetime | None:
        """The first occurrence after the last tick and at or before `until`, if any (nothing fires)."""
        due, _ = self._due(until)
        return due[0].at if due else None

    def _complete_if_done(self, schedule: dict, now: datetime, fired: bool) -> None:
        if schedule.get("ActionAfterCompletion") != "DELETE" or schedule.get("State") == "DISABLED":
            return
        is_at = schedule["ScheduleExpression"].strip().startswith("at(")
        end = _instant(schedule.get("EndDate"))
        if (is_at and fired) or (not is_at and end is not None and end <= now):
            self._client.delete_schedule(Name=schedule["Name"], GroupName=schedule["GroupName"])
            self._tracks.pop(schedule["Arn"], None)
            logger.info("schedule %s completed and deleted (ActionAfterCompletion DELETE)", schedule["Arn"])

    # ------------------------------------------------------------------ firing
    def _fire(self, schedule: dict, at: datetime) -> None:
        target = schedule["Target"]
        execution_id = uuid.uuid4().hex[:16]
        retries = int(target.get("RetryPolicy", {}).get("MaximumRetryAttempts", DEFAULT_RETRY_ATTEMPTS))
        attempt, error = 0, None
        while attempt <= retries:
            attempt += 1
            body = _substitute(target.get("Input"), schedule["Arn"], at, execution_id, attempt)
            try:
                self._send(target, body)
                logger.info("schedule %s fired for %s (attempt %d)", schedule["Arn"], iso_utc(at), attempt)
                return
            except (ClientError, UnsupportedTarget) as failure:
                error = failure
                if _code(failure) in _NOT_RETRIED:
                    break
        logger.error("schedule %s could not fire for %s: %s", schedule["Arn"], iso_utc(at), error)
        self._dead_letter(schedule, at, execution_id, attempt, error)

    def _send(self, target: dict, body: str) -> None:
        arn = target["Arn"]
        parts = arn.split(":")
        if len(parts) != 6 or parts[2] != "sqs":
            raise UnsupportedTarget(f"the local scheduler sends to SQS queues only, not {arn}")
        message = {"QueueUrl": self._queue_url(arn), "MessageBody": body}
        group = target.get("SqsParameters", {}).get("MessageGroupId")
        if group:
            message["MessageGroupId"] = group
        self._sqs.send_message(**message)

    def _queue_url(self, arn: str) -> str:
        account, name = arn.split(":")[4:6]
        return self._sqs.get_queue_url(QueueName=name, QueueOwnerAWSAccountId=account)["QueueUrl"]

    def _dead_letter(self, schedule: dict, at: datetime, execution_id: str, attempts: int, error: Exception) -> None:
        arn = schedule["Target"].get("DeadLetterConfig", {}).get("Arn")
        if not arn:
            return
        code = _code(error)
        attributes = {
            "ERROR_CODE": code,
            "ERROR_MESSAGE": str(error),
            "EXECUTION_ID": execution_id,
            "IS_PAYLOAD_TRUNCATED": "false",
            "RETRY_ATTEMPTS": str(attempts - 1),
            "SCHEDULED_TIME": iso_utc(at),
            "SCHEDULE_ARN": schedule["Arn"],
            "TARGET_ARN": schedule["Target"]["Arn"],
        }
        if code not in _NOT_RETRIED:
            attributes["EXHAUSTED_RETRY_CONDITION"] = "MaximumRetryAttempts"
        body = _substitute(schedule["Target"].get("Input"), schedule["Arn"], at, execution_id, attempts)
        try:
            self._sqs.send_message(
                QueueUrl=self._queue_url(arn),
                MessageBody=body,
                MessageAttributes={key: {"DataType": "String", "StringValue": v} for key, v in attributes.items()},
            )
        except ClientError:
            logger.exception("schedule %s: its dead-letter queue %s refused the event too", schedule["Arn"], arn)

    # ------------------------------------------------------------------ state across restarts
    def export(self) -> dict:
        """Every schedule's definition and what has fired, and the stack's names, as JSON for the state file."""
        saved = []
        for schedule in self._schedules():
            track = self._track(schedule)
            definition = {
                key: value for key, value in schedule.items() if key not in ("CreationDate", "LastModificationDate")
            }
            for key in ("StartDate", "EndDate"):
                if isinstance(definition.get(key), datetime):
                    definition[key] = definition[key].astimezone(UTC).isoformat()
            saved.append(
                {
                    "schedule": definition,
                    "created": self._created(schedule).isoformat(),
                    "through": track.through.isoformat(),
                }
            )
        return {"resources": self._names, "schedules": saved}

    def restore(self, saved: dict | list) -> None:
        """Put saved schedules back into moto (a fresh one) and remember what had fired. A name of the
        stack that wrote them (a queue's, a role's) is replaced by the same resource's name now."""
        if isinstance(saved, list):  # the first version of this section: the schedules alone
            saved = {"schedules": saved}
        renames = {
            old: self._names[logical]
            for logical, old in saved.get("resources", {}).items()
            if logical in self._names and old != self._names[logical] and len(old) >= _RENAMED_MIN_LENGTH
        }
        for entry in saved.get("schedules", []):
            text = json.dumps(entry["schedule"])
            for old, new in renames.items():
                text = text.replace(old, new)
            definition = json.loads(text)
            try:
                created = self._recreate(definition)
            except ClientError as error:
                logger.warning("schedule %s not restored: %s", definition.get("Arn"), error)
                continue
            modified = _instant(created["LastModificationDate"])
            self._tracks[created["Arn"]] = _Track(modified, datetime.fromisoformat(entry["through"]))
            # moto dates the copy now; a rate without StartDate keeps counting from the first creation
            self._anchors[created["Arn"]] = datetime.fromisoformat(entry["created"])

    def _recreate(self, definition: dict) -> dict:
        fields = {
            key: definition[key]
            for key in (
                "Name",
                "GroupName",
                "Description",
                "ScheduleExpression",
                "ScheduleExpressionTimezone",
                "FlexibleTimeWindow",
                "Target",
                "State",
                "KmsKeyArn",
                "ActionAfterCompletion",
            )
            if definition.get(key) is not None
        }
        self._client.create_schedule(**fields)
        dates = {key: _instant(definition[key]) for key in ("StartDate", "EndDate") if definition.get(key)}
        if dates:  # moto refuses a past StartDate on create (as AWS does); an update takes it
            update = {key: value for key, value in fields.items() if key != "ActionAfterCompletion"}
            self._client.update_schedule(**update, **dates)
        created = self._client.get_schedule(Name=fields["Name"], GroupName=fields["GroupName"])
        return created


def _name_of(physical: str) -> str:
    """The name within a physical id: a queue's URL ends with it; other ids are names already."""
    return physical.rsplit("/", 1)[-1] if physical.startswith("https://") else physical


def _code(error: Exception | None) -> str:
    if isinstance(error, ClientError):
        return error.response.get("Error", {}).get("Code", "ClientError")
    return type(error).__name__ if error is not None else "Unknown"


def _substitute(text: str | None, schedule_arn: str, at: datetime, execution_id: str, attempt: int) -> str:
    """The target's Input with the Scheduler's context attributes filled in."""
    if text is None:
        return "{}"
    values = dict(zip(_CONTEXT, (iso_utc(at), execution_id, str(attempt), schedule_arn), strict=True))
    for name, value in values.items():
        text = text.replace(f"<aws.scheduler.{name}>", value)
    return text
