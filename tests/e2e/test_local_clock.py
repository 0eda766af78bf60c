"""The runtime's clock: a speed, and the /_local/clock endpoints. An advance lives through the time it
skips: each schedule's occurrence is delivered on its own moment, retries come back at theirs, and
the answer comes once everything is quiet. Stand-in handlers on the real stack; the clock is frozen."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import boto3
import pytest

from infra.local import provision
from infra.local.provision import REGION
from rapport import clock
from tests.e2e.conftest import http_request, stand_ins

START = datetime(2026, 10, 22, 12, tzinfo=UTC)


# ---------------------------------------------------------------- rapport.clock's speed


class SystemClock:
    def __init__(self, monkeypatch, at: datetime) -> None:
        self.at = at
        monkeypatch.setattr(clock, "_system_now", lambda: self.at)

    def sleep(self, seconds: float) -> None:
        self.at += timedelta(seconds=seconds)


@pytest.fixture
def system(monkeypatch):
    clock.reset()
    yield SystemClock(monkeypatch, START)
    clock.reset()


def test_the_clock_runs_faster_from_the_moment_its_speed_is_set(system):
    system.sleep(10)
    clock.set_speed(60)
    system.sleep(2)

    assert clock.now() == START + timedelta(seconds=10 + 2 * 60)
    assert clock.speed() == 60
    assert clock.offset() == timedelta(seconds=2 * 59)


def test_advance_still_jumps_and_a_new_speed_keeps_the_time_reached(system):
    clock.set_speed(10)
    system.sleep(1)
    clock.advance(timedelta(hours=1))
    clock.set_speed(1)
    system.sleep(1)

    assert clock.now() == START + timedelta(seconds=2 + 9, hours=1)


def test_a_frozen_clock_stays_frozen_whatever_the_speed(system):
    clock.freeze(START)
    clock.set_speed(100)
    system.sleep(5)

    assert clock.now() == START


def test_reset_runs_the_clock_at_speed_one_again(system):
    clock.set_speed(5)
    clock.reset()

    assert (clock.speed(), clock.now()) == (1.0, START)


@pytest.mark.parametrize("factor", [0, -1, float("inf"), float("nan"), True, "2"])
def test_a_speed_must_be_a_positive_number(system, factor):
    with pytest.raises(ValueError, match="positive number"):
        clock.set_speed(factor)


# ---------------------------------------------------------------- the endpoints, on the real stack


class Deliveries:
    """A stand-in deliver function: records each message with the clock it ran at; fails on demand."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, str]] = []  # (scheduled time in the body, clock at delivery)
        self.failures = 0

    def handler(self, event: dict, context) -> dict:
        failed = []
        for record in event["Records"]:
            body = json.loads(record["body"])
            self.seen.append((body["scheduled_time"], clock.now().strftime("%Y-%m-%dT%H:%M:%SZ")))
            if self.failures:
                self.failures -= 1
                failed.append({"itemIdentifier": record["messageId"]})
        return {"batchItemFailures": failed}

    @property
    def handlers(self) -> dict:
        return stand_ins(DeliverFunction=self.handler)


def delivery_queue_arn(local) -> str:
    url = local.runtime.stack.resources["DeliveryQueue"]
    sqs = boto3.client("sqs", region_name=REGION)
    return sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]


def digest_schedule(local, name: str = "networker-1", timezone: str = "Europe/Paris") -> None:
    boto3.client("scheduler", region_name=REGION).create_schedule(
        Name=name,
        GroupName=f"{provision.STACK_NAME}-digests",
        ScheduleExpression="cron(30 8 * * ? *)",
        ScheduleExpressionTimezone=timezone,
        FlexibleTimeWindow={"Mode": "OFF"},
        Target={
            "Arn": delivery_queue_arn(local),
            "RoleArn": "arn:aws:iam::123456789012:role/scheduler",
            "Input": json.dumps({"networker_id": name, "scheduled_time": "<aws.scheduler.scheduled-time>"}),
        },
        State="ENABLED",
    )


def clock_request(local, method: str, payload: object = None, raw: bytes | None = None):
    body = raw if raw is not None else (json.dumps(payload).encode() if payload is not None else None)
    return http_request(local.base_url, method, "/_local/clock", body, {"Content-Type": "application/json"})


@pytest.fixture
def deliveries() -> Deliveries:
    return Deliveries()


@pytest.fixture
def local(start_runtime, tmp_path, deliveries):
    client = start_runtime(tmp_path / "state", handlers=deliveries.handlers)
    clock.freeze(START)
    return client


def test_the_schedule_group_of_the_template_exists(local):
    groups = boto3.client("scheduler", region_name=REGION).list_schedule_groups()["ScheduleGroups"]

    assert f"{provision.STACK_NAME}-digests" in {group["Name"] for group in groups}
    assert local.runtime.stack.schedule_groups == [f"{provision.STACK_NAME}-digests"]


def test_get_clock_tells_the_time_and_speed(local):
    reply = clock_request(local, "GET")

    assert (reply.status, reply.json) == (200, {"now": "2026-10-22T12:00:00.000Z", "speed": 1.0})


def test_an_advance_answers_once_each_occurrence_was_delivered_at_its_own_moment(local, deliveries):
    digest_schedule(local)

    reply = clock_request(local, "POST", {"advance_seconds": 4 * 86400})

    assert (reply.status, reply.json["now"]) == (200, "2026-10-26T12:00:00.000Z")
    assert deliveries.seen == [
        ("2026-10-23T06:30:00Z", "2026-10-23T06:30:00Z"),
        ("2026-10-24T06:30:00Z", "2026-10-24T06:30:00Z"),
        ("2026-10-25T07:30:00Z", "2026-10-25T07:30:00Z"),  # winter time from the 25th
        ("2026-10-26T07:30:00Z", "2026-10-26T07:30:00Z"),
    ]
    assert clock_request(local, "POST", {"advance_seconds": 0}).status == 200
    assert len(deliveries.seen) == 4  # nothing fires twice


def test_a_failed_delivery_is_retried_when_its_visibility_timeout_ends_within_the_advance(local, deliveries):
    digest_schedule(local)
    deliveries.failures = 1

    clock_request(local, "POST", {"advance_seconds": 86400})

    # the queue's VisibilityTimeout is 360 s: the retry comes 6 minutes (and a millisecond) later
    assert [at for _, at in deliveries.seen] == ["2026-10-23T06:30:00Z", "2026-10-23T06:36:00Z"]


def test_a_failed_delivery_waits_for_the_clock_to_move(local, deliveries):
    digest_schedule(local)
    deliveries.failures = 1
    clock_request(local, "POST", {"advance_seconds": 18.5 * 3600})  # 06:30: fails

    assert local.drain() == {}  # nothing visible: drain does not wait for the retry
    clock_request(local, "POST", {"advance_seconds": 361})

    assert [at for _, at in deliveries.seen] == ["2026-10-23T06:30:00Z", "2026-10-23T06:36:00Z"]


def test_speed_is_set_and_read_back_and_not_kept_at_a_restart(start_runtime, tmp_path, deliveries):
    first = start_runtime(tmp_path / "state", handlers=deliveries.handlers)

    reply = clock_request(first, "POST", {"speed": 60})
    assert (reply.status, reply.json["speed"]) == (200, 60.0)
    assert clock_request(first, "GET").json["speed"] == 60.0
    first.runtime.stop()

    second = start_runtime(tmp_path / "state", handlers=deliveries.handlers)
    assert clock_request(second, "GET").json["speed"] == 1.0


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        (None, "send a JSON object"),
        ({}, "send a JSON object"),
        ([1], "send a JSON object"),
        ({"advance": 10}, "unknown field(s) advance"),
        ({"advance_seconds": -1}, "the clock only moves forward"),
        ({"advance_seconds": "60"}, "advance_seconds must be a number"),
        ({"advance_seconds": True}, "advance_seconds must be a number"),
        ({"advance_seconds": 1e12}, "advance_seconds must be a number of seconds from 0 to"),
        ({"speed": 0}, "speed must be a number above 0"),
        ({"speed": -2}, "speed must be a number above 0"),
        ({"speed": "fast"}, "speed must be a number above 0"),
        ({"speed": 1e9}, "at most 1000000"),
        ({"advance_seconds": 60, "speed": 0}, "speed must be"),
    ],
)
def test_bad_clock_requests_are_400_with_a_clear_message_and_change_nothing(local, payload, message):
    reply = clock_request(local, "POST", payload)

    assert reply.status == 400
    assert message in reply.json["message"]
    assert clock_request(local, "GET").json == {"now": "2026-10-22T12:00:00.000Z", "speed": 1.0}


def test_a_body_that_is_not_json_is_400(local):
    reply = clock_request(local, "POST", raw=b"advance please")

    assert reply.status == 400 and reply.json["message"].startswith("the body is not JSON")


def test_a_schedule_survives_a_restart_and_fires_into_the_new_stacks_queue(start_runtime, tmp_path, deliveries):
    first = start_runtime(tmp_path / "state", handlers=deliveries.handlers)
    clock.freeze(START)
    digest_schedule(first)
    first.runtime.stop()

    second = start_runtime(tmp_path / "state", handlers=deliveries.handlers)
    clock.freeze(START + timedelta(days=1))  # the 23rd at 06:30 fell due while stopped
    second.drain()

    assert second.runtime.stack.resources["DeliveryQueue"] != first.runtime.stack.resources["DeliveryQueue"]
    assert deliveries.seen == [("2026-10-23T06:30:00Z", "2026-10-23T12:00:00Z")]
    restored = boto3.client("scheduler", region_name=REGION).get_schedule(
        Name="networker-1", GroupName=f"{provision.STACK_NAME}-digests"
    )
    assert restored["Target"]["Arn"] == delivery_queue_arn(second)


def test_the_background_round_fires_what_a_jump_of_the_clock_made_due(local, deliveries):
    digest_schedule(local)

    clock.advance(timedelta(days=1))  # a jump, not an advance: nothing ran on the way
    assert local.runtime.background_round() is True

    # fired late (at the clock's time now), for the occurrence's own scheduled time
    assert deliveries.seen == [("2026-10-23T06:30:00Z", "2026-10-23T12:00:00Z")]
    assert local.runtime.background_round() is False
