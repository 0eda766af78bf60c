"""The scheduler clock: schedule expressions as EventBridge Scheduler evaluates them (time zones and
daylight saving time included), and schedules stored in moto fired on the runtime's clock, once each,
in order, with their context attributes, retries, dead letters, deletion after completion, and
across a restart. The clock is frozen and moved; AWS is moto only."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import boto3
import pytest
from moto import mock_aws

from infra.local import motoclock, provision, schedule_expressions
from infra.local.provision import LOCAL_AWS_ENV, REGION
from infra.local.schedule_expressions import parse, zone
from infra.local.scheduler import Scheduler
from rapport import clock

GROUP = "digests"


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def between(expression: str, after: datetime, until: datetime, timezone: str = "UTC") -> list[datetime]:
    return list(parse(expression).between(after, until, zone(timezone)))


# ---------------------------------------------------------------- expressions


def test_a_daily_cron_in_paris_follows_the_october_change_to_winter_time():
    fired = between("cron(30 8 * * ? *)", utc(2026, 10, 23), utc(2026, 10, 27), "Europe/Paris")

    # 08:30 in Paris is 06:30 UTC in summer time (UTC+2) and 07:30 UTC from Sunday 25 (UTC+1)
    assert fired == [
        utc(2026, 10, 23, 6, 30),
        utc(2026, 10, 24, 6, 30),
        utc(2026, 10, 25, 7, 30),
        utc(2026, 10, 26, 7, 30),
    ]


def test_a_daily_cron_in_new_york_follows_the_november_change_to_standard_time():
    fired = between("cron(0 9 * * ? *)", utc(2026, 10, 31), utc(2026, 11, 3), "America/New_York")

    # 09:00 in New York is 13:00 UTC in daylight time (UTC-4) and 14:00 UTC from Sunday 1 (UTC-5)
    assert fired == [utc(2026, 10, 31, 13), utc(2026, 11, 1, 14), utc(2026, 11, 2, 14)]


def test_a_local_time_that_happens_twice_fires_once_the_first_time():
    paris = between("cron(30 2 * * ? *)", utc(2026, 10, 24, 12), utc(2026, 10, 25, 12), "Europe/Paris")
    new_york = between("cron(30 1 * * ? *)", utc(2026, 10, 31, 12), utc(2026, 11, 1, 12), "America/New_York")

    assert paris == [utc(2026, 10, 25, 0, 30)]  # 02:30 summer time; 02:30 winter time (01:30 UTC) does not fire
    assert new_york == [utc(2026, 11, 1, 5, 30)]  # 01:30 EDT; not 01:30 EST (06:30 UTC) again


def test_a_local_time_that_does_not_exist_is_skipped():
    fired = between("cron(30 2 * * ? *)", utc(2026, 3, 28), utc(2026, 3, 31), "Europe/Paris")

    assert fired == [utc(2026, 3, 28, 1, 30), utc(2026, 3, 30, 0, 30)]  # nothing on Sunday 29


def test_every_quarter_hour_through_the_repeated_hour_fires_each_wall_clock_time_once():
    fired = between("cron(0/15 * * * ? *)", utc(2026, 10, 25, 0), utc(2026, 10, 25, 2, 15), "Europe/Paris")

    # 02:00..02:45 once (summer time, 00:00..00:45 UTC); then 03:00 winter time is 02:00 UTC
    assert fired == [
        utc(2026, 10, 25, 0, 15),
        utc(2026, 10, 25, 0, 30),
        utc(2026, 10, 25, 0, 45),
        utc(2026, 10, 25, 2, 0),
        utc(2026, 10, 25, 2, 15),
    ]


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        (
            "cron(0 10 ? * MON-FRI *)",
            [utc(2026, 11, day, 10) for day in (27, 30)] + [utc(2026, 12, day, 10) for day in (1, 2, 3, 4, 7)],
        ),
        ("cron(0 10 ? * 2,4 *)", [utc(2026, 11, 30, 10), utc(2026, 12, 2, 10), utc(2026, 12, 7, 10)]),
        ("cron(0/20 9 27 NOV ? 2026)", [utc(2026, 11, 27, 9, 0), utc(2026, 11, 27, 9, 20), utc(2026, 11, 27, 9, 40)]),
        ("cron(0 12 L * ? *)", [utc(2026, 11, 30, 12)]),
        ("cron(0 12 1W * ? *)", [utc(2026, 12, 1, 12)]),
        ("cron(0 12 ? * 6L *)", [utc(2026, 11, 27, 12)]),  # the last Friday of November
        ("cron(0 12 ? * MON#1 *)", [utc(2026, 12, 7, 12)]),  # the first Monday of December
        ("cron(15 10 * * ? 2025)", []),
    ],
)
def test_cron_fields(expression, expected):
    assert between(expression, utc(2026, 11, 26, 12), utc(2026, 12, 8)) == expected


def test_rate_counts_elapsed_time_from_its_anchor_whatever_the_time_zone():
    every_day = parse("rate(1 day)")
    every_90_minutes = parse("rate(90 minutes)")
    anchor = utc(2026, 10, 24, 6, 30)

    days = list(every_day.between(anchor - timedelta(seconds=1), utc(2026, 10, 26, 12), anchor))
    minutes = list(every_90_minutes.between(utc(2026, 10, 24, 8), utc(2026, 10, 24, 12), anchor))

    assert days == [anchor, utc(2026, 10, 25, 6, 30), utc(2026, 10, 26, 6, 30)]  # 24 h, even across the DST change
    assert minutes == [utc(2026, 10, 24, 9, 30), utc(2026, 10, 24, 11)]  # 08:00 is not after 08:00


def test_at_is_one_local_time():
    assert between("at(2026-11-27T08:30:00)", utc(2026, 11, 1), utc(2026, 12, 1), "Europe/Paris") == [
        utc(2026, 11, 27, 7, 30)
    ]
    assert between("at(2026-11-27T08:30:00)", utc(2026, 11, 27, 7, 30), utc(2026, 12, 1), "Europe/Paris") == []


@pytest.mark.parametrize(
    "expression",
    [
        "cron(30 8 * * * *)",  # both day fields given
        "cron(30 8 ? * ? *)",  # neither
        "cron(30 8 * * ?)",
        "cron(61 8 * * ? *)",
        "cron(30 8 * 13 ? *)",
        "cron(30 8 ? * 8 *)",
        "cron(30 8 5-1 * ? *)",
        "cron(*/0 8 * * ? *)",
        "rate(0 minutes)",
        "rate(5 weeks)",
        "at(2026-02-30T08:00:00)",
        "at(2026-11-27 08:00)",
        "every day",
    ],
)
def test_invalid_expressions_are_refused_with_a_reason(expression):
    with pytest.raises(ValueError, match=r"\S"):
        schedule_expressions.parse(expression)


def test_an_unknown_time_zone_is_refused():
    with pytest.raises(ValueError, match="unknown time zone"):
        zone("Europe/Atlantis")


# ---------------------------------------------------------------- firing schedules stored in moto


@pytest.fixture
def aws(monkeypatch):
    for name, value in LOCAL_AWS_ENV.items():
        monkeypatch.setenv(name, value)
    clock.freeze(utc(2026, 10, 22, 12))
    with mock_aws():
        motoclock.install()
        try:
            boto3.client("scheduler", region_name=REGION).create_schedule_group(Name=GROUP)
            yield
        finally:
            motoclock.uninstall()
            clock.reset()


@pytest.fixture
def queues(aws) -> dict[str, str]:
    sqs = boto3.client("sqs", region_name=REGION)
    urls = {name: sqs.create_queue(QueueName=name)["QueueUrl"] for name in ("delivery", "dead-letters")}
    return {
        name: sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        for name, url in urls.items()
    }


def create(name: str, expression: str, queue_arn: str, **options) -> str:
    target = {
        "Arn": queue_arn,
        "RoleArn": "arn:aws:iam::123456789012:role/scheduler",
        "Input": json.dumps(
            {
                "name": name,
                "scheduled_time": "<aws.scheduler.scheduled-time>",
                "execution": "<aws.scheduler.execution-id>",
                "attempt": "<aws.scheduler.attempt-number>",
                "schedule": "<aws.scheduler.schedule-arn>",
            }
        ),
        **options.pop("target", {}),
    }
    created = boto3.client("scheduler", region_name=REGION).create_schedule(
        Name=name,
        GroupName=GROUP,
        ScheduleExpression=expression,
        FlexibleTimeWindow={"Mode": "OFF"},
        Target=target,
        **options,
    )
    return created["ScheduleArn"]


def arn_of(url: str) -> str:
    sqs = boto3.client("sqs", region_name=REGION)
    return sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]


def received(queue_arn: str) -> list[dict]:
    sqs = boto3.client("sqs", region_name=REGION)
    url = sqs.get_queue_url(QueueName=queue_arn.rsplit(":", 1)[-1])["QueueUrl"]
    messages = []
    while batch := sqs.receive_message(
        QueueUrl=url, MaxNumberOfMessages=10, MessageAttributeNames=["All"], VisibilityTimeout=600
    ).get("Messages"):
        messages += batch
    return messages


def bodies(queue_arn: str) -> list[dict]:
    return [json.loads(message["Body"]) for message in received(queue_arn)]


def times(queue_arn: str) -> list[str]:
    return [body["scheduled_time"] for body in bodies(queue_arn)]


def test_a_clock_jump_fires_every_missed_occurrence_once_in_order_with_its_context(queues):
    arn = create("n-1", "cron(30 8 * * ? *)", queues["delivery"], ScheduleExpressionTimezone="Europe/Paris")
    scheduler = Scheduler()

    clock.advance(timedelta(days=4))  # 2026-10-26 12:00 UTC
    assert scheduler.tick() == 4
    assert scheduler.tick() == 0

    fired = bodies(queues["delivery"])
    assert [body["scheduled_time"] for body in fired] == [
        "2026-10-23T06:30:00Z",
        "2026-10-24T06:30:00Z",
        "2026-10-25T07:30:00Z",
        "2026-10-26T07:30:00Z",
    ]
    assert {body["schedule"] for body in fired} == {arn}
    assert {body["attempt"] for body in fired} == {"1"}
    assert len({body["execution"] for body in fired}) == 4 and all(len(body["execution"]) == 16 for body in fired)


def test_schedules_fire_together_in_time_order(queues):
    create("paris", "cron(30 8 * * ? *)", queues["delivery"], ScheduleExpressionTimezone="Europe/Paris")
    create("new-york", "cron(0 2 * * ? *)", queues["delivery"], ScheduleExpressionTimezone="America/New_York")
    scheduler = Scheduler()

    clock.advance(timedelta(days=2))
    scheduler.tick()

    # 02:00 in New York (UTC-4) is 06:00 UTC, before 08:30 in Paris (UTC+2)
    assert [(body["name"], body["scheduled_time"]) for body in bodies(queues["delivery"])] == [
        ("new-york", "2026-10-23T06:00:00Z"),
        ("paris", "2026-10-23T06:30:00Z"),
        ("new-york", "2026-10-24T06:00:00Z"),
        ("paris", "2026-10-24T06:30:00Z"),
    ]


def test_nothing_fires_for_what_fell_due_before_the_schedule_was_created(queues):
    scheduler = Scheduler()
    clock.advance(timedelta(days=2))  # 2026-10-24 12:00: the 23rd and 24th are before the schedule
    create("n-1", "cron(30 8 * * ? *)", queues["delivery"], ScheduleExpressionTimezone="Europe/Paris")
    create("past", "at(2026-10-23T08:30:00)", queues["delivery"], ScheduleExpressionTimezone="Europe/Paris")

    clock.advance(timedelta(days=1))
    scheduler.tick()

    assert times(queues["delivery"]) == ["2026-10-25T07:30:00Z"]


def test_an_update_fires_from_then_on_and_never_again_what_fired(queues):
    scheduler = Scheduler()
    create("n-1", "cron(30 8 * * ? *)", queues["delivery"], ScheduleExpressionTimezone="Europe/Paris")
    clock.advance(timedelta(days=1))  # 23rd 12:00: the 23rd fired
    scheduler.tick()

    boto3.client("scheduler", region_name=REGION).update_schedule(
        Name="n-1",
        GroupName=GROUP,
        ScheduleExpression="cron(0 7 * * ? *)",
        ScheduleExpressionTimezone="UTC",
        FlexibleTimeWindow={"Mode": "OFF"},
        State="ENABLED",
        Target={
            "Arn": queues["delivery"],
            "RoleArn": "arn:aws:iam::123456789012:role/s",
            "Input": '"<aws.scheduler.scheduled-time>"',
        },
    )
    clock.advance(timedelta(days=1))
    scheduler.tick()

    assert [message["Body"] for message in received(queues["delivery"])][1:] == ['"2026-10-24T07:00:00Z"']


def test_rate_without_a_start_date_fires_at_creation_then_every_period_until_the_end_date(queues):
    create("every-6h", "rate(6 hours)", queues["delivery"], EndDate=utc(2026, 10, 23, 6))
    scheduler = Scheduler()

    clock.advance(timedelta(days=2))
    scheduler.tick()

    assert times(queues["delivery"]) == [
        "2026-10-22T12:00:00Z",
        "2026-10-22T18:00:00Z",
        "2026-10-23T00:00:00Z",
        "2026-10-23T06:00:00Z",
    ]


def test_start_date_bounds_a_cron_schedule(queues):
    create("later", "cron(0 9 * * ? *)", queues["delivery"], StartDate=utc(2026, 10, 24))
    scheduler = Scheduler()

    clock.advance(timedelta(days=3))
    scheduler.tick()

    assert times(queues["delivery"]) == ["2026-10-24T09:00:00Z", "2026-10-25T09:00:00Z"]


def test_a_disabled_schedule_fires_nothing_and_does_not_catch_up_when_enabled(queues):
    create("off", "cron(0 9 * * ? *)", queues["delivery"], State="DISABLED")
    scheduler = Scheduler()
    clock.advance(timedelta(days=2))
    scheduler.tick()

    client = boto3.client("scheduler", region_name=REGION)
    definition = client.get_schedule(Name="off", GroupName=GROUP)
    client.update_schedule(
        Name="off",
        GroupName=GROUP,
        ScheduleExpression=definition["ScheduleExpression"],
        FlexibleTimeWindow={"Mode": "OFF"},
        Target=definition["Target"],
        State="ENABLED",
    )
    clock.advance(timedelta(days=1))
    scheduler.tick()

    assert times(queues["delivery"]) == ["2026-10-25T09:00:00Z"]


def test_a_one_time_schedule_fires_once_then_is_deleted_after_completion(queues):
    create(
        "prepare",
        "at(2026-10-23T09:00:00)",
        queues["delivery"],
        ScheduleExpressionTimezone="Europe/Paris",
        ActionAfterCompletion="DELETE",
    )
    create("kept", "at(2026-10-23T10:00:00)", queues["delivery"], ScheduleExpressionTimezone="Europe/Paris")
    scheduler = Scheduler()

    clock.advance(timedelta(hours=20))  # 2026-10-23 08:00 UTC = 10:00 in Paris
    scheduler.tick()
    clock.advance(timedelta(days=1))
    scheduler.tick()

    assert times(queues["delivery"]) == ["2026-10-23T07:00:00Z", "2026-10-23T08:00:00Z"]
    remaining = boto3.client("scheduler", region_name=REGION).list_schedules(GroupName=GROUP)["Schedules"]
    assert [schedule["Name"] for schedule in remaining] == ["kept"]


def test_a_target_that_fails_is_retried_then_dead_lettered_with_the_reasons(queues):
    missing = queues["delivery"].replace(":delivery", ":gone")
    arn = create(
        "broken",
        "cron(0 9 * * ? *)",
        missing,
        target={"RetryPolicy": {"MaximumRetryAttempts": 2}, "DeadLetterConfig": {"Arn": queues["dead-letters"]}},
    )
    scheduler = Scheduler()

    clock.advance(timedelta(days=1))
    assert scheduler.tick() == 1

    (dead,) = received(queues["dead-letters"])
    attributes = {name: value["StringValue"] for name, value in dead["MessageAttributes"].items()}
    assert json.loads(dead["Body"])["scheduled_time"] == "2026-10-23T09:00:00Z"
    assert attributes["SCHEDULE_ARN"] == arn and attributes["TARGET_ARN"] == missing
    assert attributes["ERROR_CODE"] == "AWS.SimpleQueueService.NonExistentQueue"
    assert attributes["RETRY_ATTEMPTS"] == "0"  # a queue that does not exist is not retried
    assert attributes["SCHEDULED_TIME"] == "2026-10-23T09:00:00Z"


def test_transient_failures_are_retried_with_the_attempt_number(queues, monkeypatch):
    create("flaky", "cron(0 9 * * ? *)", queues["delivery"], target={"RetryPolicy": {"MaximumRetryAttempts": 3}})
    scheduler = Scheduler()
    real_send = scheduler._sqs.send_message
    calls = []

    def throttled_twice(**message):
        calls.append(message)
        if len(calls) <= 2:
            from botocore.exceptions import ClientError

            raise ClientError({"Error": {"Code": "ThrottlingException", "Message": "slow down"}}, "SendMessage")
        return real_send(**message)

    monkeypatch.setattr(scheduler._sqs, "send_message", throttled_twice)
    clock.advance(timedelta(days=1))
    scheduler.tick()

    assert [json.loads(call["MessageBody"])["attempt"] for call in calls] == ["1", "2", "3"]
    assert [body["attempt"] for body in bodies(queues["delivery"])] == ["3"]


def test_what_fired_survives_a_restart_and_what_fell_due_meanwhile_fires_once(queues):
    create("n-1", "cron(30 8 * * ? *)", queues["delivery"], ScheduleExpressionTimezone="Europe/Paris")
    create("every-day", "rate(1 day)", queues["delivery"])
    first = Scheduler()
    clock.advance(timedelta(days=1))
    first.tick()  # the rate at creation (22nd 12:00) and a day later, the cron on the 23rd
    saved = json.loads(json.dumps(first.export()))
    client = boto3.client("scheduler", region_name=REGION)
    for name in ("n-1", "every-day"):  # a new moto knows no schedule
        client.delete_schedule(Name=name, GroupName=GROUP)

    clock.advance(timedelta(days=1))  # while stopped: the cron on the 24th, the rate at 12:00
    second = Scheduler()
    second.restore(saved)
    second.tick()
    second.tick()

    assert times(queues["delivery"]) == [
        "2026-10-22T12:00:00Z",
        "2026-10-23T06:30:00Z",
        "2026-10-23T12:00:00Z",
        "2026-10-24T06:30:00Z",
        "2026-10-24T12:00:00Z",
    ]
    restored = client.get_schedule(Name="n-1", GroupName=GROUP)
    assert restored["ScheduleExpressionTimezone"] == "Europe/Paris"


def test_a_restored_schedule_targets_the_same_resource_under_its_new_name(aws):
    sqs = boto3.client("sqs", region_name=REGION)
    before = sqs.create_queue(QueueName="stack-DeliveryQueue-AAAA1111")["QueueUrl"]
    create("n-1", "cron(0 9 * * ? *)", arn_of(before))
    saved = json.loads(json.dumps(Scheduler({"DeliveryQueue": before}).export()))
    boto3.client("scheduler", region_name=REGION).delete_schedule(Name="n-1", GroupName=GROUP)
    after = sqs.create_queue(QueueName="stack-DeliveryQueue-BBBB2222")["QueueUrl"]

    restored = Scheduler({"DeliveryQueue": after})
    restored.restore(saved)
    clock.advance(timedelta(days=1))
    restored.tick()

    assert times(arn_of(after)) == ["2026-10-23T09:00:00Z"]
    assert received(arn_of(before)) == []


def test_an_invalid_stored_expression_fires_nothing_and_does_not_stop_the_others(queues):
    create("bad", "cron(99 8 * * ? *)", queues["delivery"])
    create("good", "cron(0 9 * * ? *)", queues["delivery"])
    scheduler = Scheduler()

    clock.advance(timedelta(days=1))
    scheduler.tick()

    assert [body["name"] for body in bodies(queues["delivery"])] == ["good"]


def test_next_due_looks_ahead_without_firing(queues):
    create("n-1", "cron(30 8 * * ? *)", queues["delivery"], ScheduleExpressionTimezone="Europe/Paris")
    scheduler = Scheduler()

    assert scheduler.next_due(utc(2026, 10, 23)) is None
    assert scheduler.next_due(utc(2026, 10, 30)) == utc(2026, 10, 23, 6, 30)
    assert received(queues["delivery"]) == []


@pytest.mark.parametrize(
    ("name", "created"),
    [
        ("plain-group", "plain-group"),
        ({"Fn::Sub": "${AWS::StackName}-digests"}, "rapport-local-digests"),
    ],
)
def test_schedule_groups_are_created_from_the_template(aws, monkeypatch, name, created):
    resources = {"Group": {"Type": "AWS::Scheduler::ScheduleGroup", "Properties": {"Name": name}}}
    monkeypatch.setattr(provision.template, "sam_template", lambda: {"Resources": resources})

    assert provision._create_schedule_groups() == [created]
    assert boto3.client("scheduler", region_name=REGION).get_schedule_group(Name=created)["Name"] == created


@pytest.mark.parametrize("name", [{"Fn::Sub": "${Environment}-digests"}, {"Ref": "GroupName"}, {"Fn::Join": ["", []]}])
def test_a_schedule_group_name_that_cannot_be_resolved_locally_fails_clearly(aws, monkeypatch, name):
    resources = {"Group": {"Type": "AWS::Scheduler::ScheduleGroup", "Properties": {"Name": name}}}
    monkeypatch.setattr(provision.template, "sam_template", lambda: {"Resources": resources})

    with pytest.raises(RuntimeError, match="Group: cannot resolve the schedule group name"):
        provision._create_schedule_groups()
