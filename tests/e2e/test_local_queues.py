"""The queue pump, as Lambda's SQS event source mapping: batches, the event Lambda builds, partial
batch failures, the visibility timeout on the runtime's clock, and the redrive to the dead-letter
queue. A purpose-written consumer stands in for the function; AWS is moto only; the clock is frozen."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime, timedelta

import boto3
import pytest
from moto import mock_aws

from infra.local import draining, motoclock, queues
from infra.local.provision import LOCAL_AWS_ENV, REGION, QueueMapping
from infra.local.queues import Delivered, QueuePump
from rapport import clock

START = datetime(2026, 11, 27, 7, 30, tzinfo=UTC)


@pytest.fixture
def aws(monkeypatch):
    for name, value in LOCAL_AWS_ENV.items():
        monkeypatch.setenv(name, value)
    clock.freeze(START)
    with mock_aws():
        motoclock.install()
        try:
            yield boto3.client("sqs", region_name=REGION)
        finally:
            motoclock.uninstall()
            clock.reset()


def arn_of(sqs, url: str) -> str:
    return sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]


@pytest.fixture
def queue(aws) -> dict[str, str]:
    """A queue (visibility timeout 360 s) whose messages go to a dead-letter queue after 3 receives."""
    dead = aws.create_queue(QueueName="dead-letters")["QueueUrl"]
    url = aws.create_queue(
        QueueName="delivery",
        Attributes={
            "VisibilityTimeout": "360",
            "RedrivePolicy": json.dumps({"deadLetterTargetArn": arn_of(aws, dead), "maxReceiveCount": 3}),
        },
    )["QueueUrl"]
    return {"url": url, "arn": arn_of(aws, url), "dead": dead}


class Consumer:
    """Records each batch (as the bodies of its records) and answers as `behaviour` says."""

    def __init__(self, behaviour=lambda bodies, records: None) -> None:
        self.behaviour = behaviour
        self.batches: list[list[str]] = []
        self.events: list[dict] = []

    def __call__(self, function: str, event: dict) -> object:
        assert function == "Deliver"
        self.events.append(json.loads(json.dumps(event)))
        bodies = [record["body"] for record in event["Records"]]
        self.batches.append(bodies)
        return self.behaviour(bodies, event["Records"])


def pump_for(queue: dict, consumer: Consumer, batch_size: int = 10, report_items: bool = True) -> QueuePump:
    mapping = QueueMapping("Deliver", queue["arn"], queue["url"], batch_size, report_items)
    return QueuePump(mapping, consumer)


def send(sqs, url: str, *bodies: str, **options) -> None:
    for body in bodies:
        sqs.send_message(QueueUrl=url, MessageBody=body, **options)


def waiting(sqs, url: str) -> dict[str, int]:
    attributes = sqs.get_queue_attributes(
        QueueUrl=url, AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"]
    )["Attributes"]
    return {
        "visible": int(attributes["ApproximateNumberOfMessages"]),
        "in_flight": int(attributes["ApproximateNumberOfMessagesNotVisible"]),
    }


def failing(*poison: str):
    def behaviour(bodies, records):
        return {"batchItemFailures": [{"itemIdentifier": r["messageId"]} for r in records if r["body"] in poison]}

    return behaviour


def test_records_are_what_lambda_hands_over(aws, queue):
    consumer = Consumer()
    send(
        aws,
        queue["url"],
        '{"kind": "digest"}',
        MessageAttributes={
            "kind": {"DataType": "String", "StringValue": "digest"},
            "blob": {"DataType": "Binary", "BinaryValue": b"\x00\xff"},
        },
    )

    assert queues.drain([pump_for(queue, consumer)]) == {"Deliver": Delivered(messages=1, failed=0)}

    (record,) = consumer.events[0]["Records"]
    assert set(record) == {
        "messageId",
        "receiptHandle",
        "body",
        "attributes",
        "messageAttributes",
        "md5OfBody",
        "md5OfMessageAttributes",
        "eventSource",
        "eventSourceARN",
        "awsRegion",
    }
    assert (record["eventSource"], record["eventSourceARN"], record["awsRegion"]) == ("aws:sqs", queue["arn"], REGION)
    assert record["body"] == '{"kind": "digest"}'
    assert record["md5OfBody"] == hashlib.md5(record["body"].encode()).hexdigest()
    attributes = record["attributes"]
    assert set(attributes) == {
        "ApproximateReceiveCount",
        "SentTimestamp",
        "SenderId",
        "ApproximateFirstReceiveTimestamp",
    }
    assert attributes["ApproximateReceiveCount"] == "1"
    assert attributes["SentTimestamp"] == str(int(START.timestamp() * 1000))  # the runtime's clock
    assert record["messageAttributes"]["kind"] == {
        "stringValue": "digest",
        "stringListValues": [],
        "binaryListValues": [],
        "dataType": "String",
    }
    assert record["messageAttributes"]["blob"]["binaryValue"] == "AP8="
    assert waiting(aws, queue["url"]) == {"visible": 0, "in_flight": 0}  # delivered, so deleted


def test_batches_follow_the_batch_size(aws, queue):
    consumer = Consumer()
    send(aws, queue["url"], *(f"m{index}" for index in range(25)))

    queues.drain([pump_for(queue, consumer, batch_size=12)])

    assert [len(batch) for batch in consumer.batches] == [12, 12, 1]
    assert sorted(body for batch in consumer.batches for body in batch) == sorted(f"m{index}" for index in range(25))


def test_reported_failures_stay_and_the_rest_is_deleted(aws, queue):
    consumer = Consumer(failing("b"))
    send(aws, queue["url"], "a", "b", "c")

    assert queues.drain([pump_for(queue, consumer)]) == {"Deliver": Delivered(messages=3, failed=1)}

    assert waiting(aws, queue["url"]) == {"visible": 0, "in_flight": 1}


def test_an_exception_fails_the_whole_batch(aws, queue):
    def crash(bodies, records):
        raise RuntimeError("SES is down")

    send(aws, queue["url"], "a", "b")

    assert queues.drain([pump_for(queue, Consumer(crash))]) == {"Deliver": Delivered(messages=2, failed=2)}
    assert waiting(aws, queue["url"]) == {"visible": 0, "in_flight": 2}


@pytest.mark.parametrize(
    "answer",
    [
        {"batchItemFailures": [{"itemIdentifier": ""}]},
        {"batchItemFailures": [{"itemIdentifier": "not-a-message-id"}]},
        {"batchItemFailures": [{"id": "x"}]},
    ],
)
def test_a_malformed_answer_fails_the_whole_batch(aws, queue, answer):
    send(aws, queue["url"], "a", "b")

    queues.drain([pump_for(queue, Consumer(lambda bodies, records: answer))])

    assert waiting(aws, queue["url"]) == {"visible": 0, "in_flight": 2}


def test_item_failures_are_ignored_unless_the_mapping_reports_them(aws, queue):
    send(aws, queue["url"], "a", "b")

    queues.drain([pump_for(queue, Consumer(failing("a")), report_items=False)])

    assert waiting(aws, queue["url"]) == {"visible": 0, "in_flight": 0}


def test_a_failed_message_comes_back_once_the_runtime_clock_passes_its_visibility_timeout(aws, queue):
    attempts = []

    def fail_first_time(bodies, records):
        attempts.append(records[0]["attributes"]["ApproximateReceiveCount"])
        return {"batchItemFailures": [{"itemIdentifier": records[0]["messageId"]}]} if len(attempts) == 1 else None

    consumer = Consumer(fail_first_time)
    pump = pump_for(queue, consumer)
    send(aws, queue["url"], "a")

    queues.drain([pump])
    clock.advance(timedelta(seconds=359))
    assert queues.drain([pump]) == {}  # still invisible: drain does not wait for it
    assert motoclock.next_visible(queue["url"], "123456789012", REGION) == START + timedelta(
        seconds=360, milliseconds=1
    )
    clock.advance(timedelta(seconds=2))
    assert queues.drain([pump]) == {"Deliver": Delivered(messages=1, failed=0)}

    assert attempts == ["1", "2"]
    assert waiting(aws, queue["url"]) == {"visible": 0, "in_flight": 0}


def test_after_max_receive_count_the_queue_moves_the_message_to_its_dead_letter_queue(aws, queue):
    consumer = Consumer(failing("poison"))
    pump = pump_for(queue, consumer)
    send(aws, queue["url"], "poison", "fine")

    for _ in range(5):
        queues.drain([pump])
        clock.advance(timedelta(seconds=361))

    assert consumer.batches == [["poison", "fine"], ["poison"], ["poison"]]  # 3 receives, then moved
    dead = aws.receive_message(QueueUrl=queue["dead"], MaxNumberOfMessages=10, MessageSystemAttributeNames=["All"])
    (moved,) = dead["Messages"]
    assert moved["Body"] == "poison"
    assert waiting(aws, queue["url"]) == {"visible": 0, "in_flight": 0}


def test_a_message_older_than_the_retention_period_is_dropped_not_delivered(aws):
    url = aws.create_queue(QueueName="short", Attributes={"MessageRetentionPeriod": "60"})["QueueUrl"]
    consumer = Consumer()
    send(aws, url, "stale")
    clock.advance(timedelta(seconds=61))
    send(aws, url, "fresh")

    queues.drain([QueuePump(QueueMapping("Deliver", arn_of(aws, url), url, 10, True), consumer)])

    assert consumer.batches == [["fresh"]]


def test_a_receive_never_waits_even_on_a_frozen_clock(aws, queue):
    empty = aws.receive_message(QueueUrl=queue["url"], WaitTimeSeconds=20)  # would never return otherwise

    assert empty.get("Messages", []) == []


def test_drain_stops_a_reaction_that_keeps_feeding_its_own_queue(aws, queue, monkeypatch):
    monkeypatch.setattr(draining, "DRAIN_LIMIT", 5)
    consumer = Consumer(lambda bodies, records: send(aws, queue["url"], bodies[0] + "+"))
    send(aws, queue["url"], "a")

    with pytest.raises(RuntimeError, match="does a reaction keep feeding them"):
        queues.drain([pump_for(queue, consumer)])
