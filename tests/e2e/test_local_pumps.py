"""The stream pump, as Lambda's event source mapping: batches, partial failures, retries, bisection and
the on-failure queue. A purpose-written consumer stands in for the function; AWS is moto only."""

from __future__ import annotations

import json

import boto3
import pytest
from moto import mock_aws

from infra.local import draining, pumps
from infra.local.provision import LOCAL_AWS_ENV, REGION, StreamMapping
from infra.local.pumps import Progress, StreamPump

FUNCTION_ARN = "arn:aws:lambda:us-east-1:123456789012:function:consumer"


@pytest.fixture
def aws(monkeypatch):
    for name, value in LOCAL_AWS_ENV.items():
        monkeypatch.setenv(name, value)
    with mock_aws():
        yield


@pytest.fixture
def table(aws) -> str:
    created = boto3.client("dynamodb", region_name=REGION).create_table(
        TableName="things",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
    )
    return created["TableDescription"]["LatestStreamArn"]


@pytest.fixture
def queue(aws) -> str:
    return boto3.client("sqs", region_name=REGION).create_queue(QueueName="failed-batches")["QueueUrl"]


def put(*names: str, **attributes) -> None:
    client = boto3.client("dynamodb", region_name=REGION)
    for name in names:
        client.put_item(TableName="things", Item={"pk": {"S": name}, **attributes})


def failure_records(queue_url: str) -> list[dict]:
    messages = boto3.client("sqs", region_name=REGION).receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10)
    return [json.loads(message["Body"]) for message in messages.get("Messages", [])]


class Consumer:
    """Records each batch it gets (as the `pk`s of its records) and answers as `behaviour` says."""

    def __init__(self, behaviour=lambda batch, records: None) -> None:
        self.behaviour = behaviour
        self.batches: list[list[str]] = []
        self.events: list[dict] = []

    def __call__(self, function: str, event: dict) -> object:
        assert function == "Consumer"
        records = event["Records"]
        batch = [(r["dynamodb"].get("NewImage") or r["dynamodb"]["OldImage"])["pk"]["S"] for r in records]
        self.batches.append(batch)
        self.events.append(json.loads(json.dumps(event)))  # what Lambda passes is JSON
        return self.behaviour(batch, records)


def pump_for(
    stream_arn: str, consumer: Consumer, queue_url: str | None = None, start_at=None, **settings
) -> StreamPump:
    mapping = StreamMapping(
        function="Consumer",
        stream_arn=stream_arn,
        batch_size=settings.get("batch_size", 10),
        starting_position="TRIM_HORIZON",
        maximum_retry_attempts=settings.get("retries", 2),
        bisect_on_error=settings.get("bisect", False),
        reports_item_failures=settings.get("report_items", True),
        on_failure_queue_url=queue_url,
        filter_patterns=settings.get("filters", ()),
    )
    return StreamPump(mapping, consumer, FUNCTION_ARN, start_at)


def sequence_of(records: list[dict], pk: str) -> str:
    return next(r["dynamodb"]["SequenceNumber"] for r in records if r["dynamodb"]["Keys"]["pk"]["S"] == pk)


def test_batches_follow_the_batch_size_and_the_stream_order(table):
    consumer = Consumer()
    pump = pump_for(table, consumer, batch_size=2)
    put("a", "b", "c", "d", "e")

    assert pumps.drain([pump]) == {"Consumer": Progress(records=5, discarded=0)}
    assert consumer.batches == [["a", "b"], ["c", "d"], ["e"]]
    assert pumps.drain([pump]) == {}


def test_records_are_what_lambda_hands_over(table):
    consumer = Consumer()
    pump = pump_for(table, consumer)
    put("a", blob={"B": b"\x00\xff"}, count={"N": "1"})
    boto3.client("dynamodb", region_name=REGION).update_item(
        TableName="things",
        Key={"pk": {"S": "a"}},
        UpdateExpression="SET #c = :two",
        ExpressionAttributeNames={"#c": "count"},
        ExpressionAttributeValues={":two": {"N": "2"}},
    )
    boto3.client("dynamodb", region_name=REGION).delete_item(TableName="things", Key={"pk": {"S": "a"}})

    pumps.drain([pump])

    inserted, modified, removed = consumer.events[0]["Records"]
    assert set(inserted) == {
        "eventID",
        "eventName",
        "eventVersion",
        "eventSource",
        "awsRegion",
        "dynamodb",
        "eventSourceARN",
    }
    assert (inserted["eventVersion"], inserted["eventSource"], inserted["awsRegion"]) == ("1.1", "aws:dynamodb", REGION)
    assert inserted["eventSourceARN"] == table
    assert [r["eventName"] for r in (inserted, modified, removed)] == ["INSERT", "MODIFY", "REMOVE"]
    record = inserted["dynamodb"]
    assert isinstance(record["ApproximateCreationDateTime"], int)
    assert isinstance(record["SizeBytes"], int) and record["SequenceNumber"].isdigit()
    assert record["Keys"] == {"pk": {"S": "a"}}
    assert record["NewImage"] == {"pk": {"S": "a"}, "blob": {"B": "AP8="}, "count": {"N": "1"}}
    assert record["StreamViewType"] == "NEW_AND_OLD_IMAGES" and "OldImage" not in record
    assert (modified["dynamodb"]["OldImage"]["count"], modified["dynamodb"]["NewImage"]["count"]) == (
        {"N": "1"},
        {"N": "2"},
    )
    assert "NewImage" not in removed["dynamodb"] and removed["dynamodb"]["OldImage"]["count"] == {"N": "2"}


def test_a_write_that_changes_nothing_makes_no_record(table):
    consumer = Consumer()
    pump = pump_for(table, consumer)
    put("a")
    put("a")

    assert pumps.drain([pump]) == {"Consumer": Progress(records=2, discarded=0)}
    assert [[r["eventName"] for r in event["Records"]] for event in consumer.events] == [["INSERT"]]


def test_filtered_out_records_are_consumed_unseen_and_batches_fill_with_the_others(table):
    consumer = Consumer()
    kept = json.dumps({"dynamodb": {"NewImage": {"kind": {"S": ["kept"]}}}})
    removed = json.dumps({"eventName": ["REMOVE"]})
    pump = pump_for(table, consumer, batch_size=2, filters=(kept, removed))
    put("a", "b", kind={"S": "kept"})
    put("x", "y", "z", kind={"S": "other"})
    put("c", kind={"S": "kept"})
    put("w")
    boto3.client("dynamodb", region_name=REGION).delete_item(TableName="things", Key={"pk": {"S": "x"}})

    assert pumps.drain([pump]) == {"Consumer": Progress(records=8, discarded=0)}
    assert consumer.batches == [["a", "b"], ["c", "x"]]  # a filter matching any record lets it through
    assert [r["eventName"] for r in consumer.events[-1]["Records"]] == ["INSERT", "REMOVE"]


def test_a_stream_of_filtered_out_records_invokes_nothing_and_moves_on(table):
    consumer = Consumer()
    pump = pump_for(table, consumer, filters=(json.dumps({"dynamodb": {"NewImage": {"kind": {"S": ["kept"]}}}}),))
    put("x", "y")

    assert pumps.drain([pump]) == {"Consumer": Progress(records=2, discarded=0)}
    assert consumer.batches == [] and pumps.drain([pump]) == {}


def test_reported_item_failures_retry_from_the_first_failed_record(table):
    def fail_b_and_d_once(batch, records):
        if len(consumer.batches) == 1:
            return {"batchItemFailures": [{"itemIdentifier": sequence_of(records, pk)} for pk in ("d", "b")]}
        return {"batchItemFailures": []}

    consumer = Consumer(fail_b_and_d_once)
    pump = pump_for(table, consumer)
    put("a", "b", "c", "d")

    pumps.drain([pump])

    assert consumer.batches == [["a", "b", "c", "d"], ["b", "c", "d"]]


def test_a_malformed_item_failure_fails_the_whole_batch(table):
    def malformed_once(batch, records):
        return {"batchItemFailures": [{"itemIdentifier": ""}]} if len(consumer.batches) == 1 else None

    consumer = Consumer(malformed_once)
    pump = pump_for(table, consumer)
    put("a", "b")

    pumps.drain([pump])

    assert consumer.batches == [["a", "b"], ["a", "b"]]


def test_item_failures_are_ignored_unless_the_mapping_reports_them(table):
    consumer = Consumer(lambda batch, records: {"batchItemFailures": [{"itemIdentifier": sequence_of(records, "a")}]})
    pump = pump_for(table, consumer, report_items=False)
    put("a", "b")

    pumps.drain([pump])

    assert consumer.batches == [["a", "b"]]


def raise_on(poison: str):
    def behaviour(batch, records):
        if poison in batch:
            raise RuntimeError(f"cannot digest {poison}")

    return behaviour


def test_a_failing_batch_is_retried_then_given_up_to_the_on_failure_queue(table, queue):
    consumer = Consumer(raise_on("a"))
    pump = pump_for(table, consumer, queue, batch_size=2, retries=2)
    put("a", "b", "c")

    assert pumps.drain([pump]) == {"Consumer": Progress(records=3, discarded=2)}

    assert consumer.batches == [["a", "b"]] * 3 + [["c"]]
    first = consumer.events[0]["Records"]
    (failure,) = failure_records(queue)
    assert failure["requestContext"]["functionArn"] == FUNCTION_ARN
    assert failure["requestContext"]["condition"] == "RetryAttemptsExhausted"
    assert failure["requestContext"]["approximateInvokeCount"] == 3
    assert failure["responseContext"] == {"statusCode": 200, "executedVersion": "$LATEST", "functionError": "Unhandled"}
    assert failure["version"] == "1.0" and failure["timestamp"].endswith("Z")
    info = failure["DDBStreamBatchInfo"]
    assert info["shardId"].startswith("shardId-")
    assert (info["startSequenceNumber"], info["endSequenceNumber"]) == (
        sequence_of(first, "a"),
        sequence_of(first, "b"),
    )
    assert (info["batchSize"], info["streamArn"]) == (2, table)
    assert info["approximateArrivalOfFirstRecord"].endswith("Z")


def test_reported_failures_that_never_clear_are_given_up_too(table, queue):
    consumer = Consumer(lambda batch, records: {"batchItemFailures": [{"itemIdentifier": sequence_of(records, "b")}]})
    pump = pump_for(table, consumer, queue, retries=1)
    put("a", "b", "c")

    pumps.drain([pump])

    assert consumer.batches == [["a", "b", "c"], ["b", "c"]]
    (failure,) = failure_records(queue)
    assert failure["DDBStreamBatchInfo"]["batchSize"] == 2
    assert "functionError" not in failure["responseContext"]


def test_bisection_isolates_the_poison_record_without_spending_retries(table, queue):
    consumer = Consumer(raise_on("c"))
    pump = pump_for(table, consumer, queue, batch_size=4, retries=1, bisect=True)
    put("a", "b", "c", "d")

    assert pumps.drain([pump]) == {"Consumer": Progress(records=4, discarded=1)}

    assert consumer.batches == [["a", "b", "c", "d"], ["a", "b"], ["c", "d"], ["c"], ["c"], ["d"]]
    (failure,) = failure_records(queue)
    info = failure["DDBStreamBatchInfo"]
    assert info["batchSize"] == 1 and info["startSequenceNumber"] == info["endSequenceNumber"]


def test_without_a_destination_given_up_records_are_dropped_and_the_pump_goes_on(table):
    consumer = Consumer(raise_on("a"))
    pump = pump_for(table, consumer, None, batch_size=1, retries=0)
    put("a", "b")

    assert pumps.drain([pump]) == {"Consumer": Progress(records=2, discarded=1)}
    assert consumer.batches == [["a"], ["b"]]


def test_starting_at_latest_skips_the_records_already_there(table):
    put("before")
    consumer = Consumer()
    pump = pump_for(table, consumer, start_at="LATEST")
    put("after")

    pumps.drain([pump])

    assert consumer.batches == [["after"]]


def test_drain_stops_a_reaction_that_keeps_feeding_its_own_stream(table, monkeypatch):
    monkeypatch.setattr(draining, "DRAIN_LIMIT", 5)
    consumer = Consumer(lambda batch, records: put(f"{batch[0]}+"))
    pump = pump_for(table, consumer)
    put("a")

    with pytest.raises(RuntimeError, match="does a reaction keep feeding them"):
        pumps.drain([pump])
