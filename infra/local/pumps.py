"""Lambda's event source mapping for a DynamoDB stream: read, batch, invoke, retry, give up to a queue.

A `StreamPump` reads its stream through moto's DynamoDB Streams API and invokes the real handler
with the event Lambda would build, honouring the mapping as Lambda documents it:
- at most `BatchSize` records per invocation, in stream order;
- with `FilterCriteria`, only the records that match one of its patterns (as Lambda's event filtering,
  with moto's EventBridge pattern matcher: the same syntax) are batched; the others are consumed unseen;
- with `ReportBatchItemFailures`, `batchItemFailures` moves the checkpoint: the records before the
  lowest failed sequence number are done, the rest are retried; a malformed answer (an empty or
  unknown `itemIdentifier`) fails the whole batch;
- a raised exception fails the whole batch; with `BisectBatchOnFunctionError` the failed batch is
  split in two and each half retried, and splitting does not consume the retry quota;
- after `MaximumRetryAttempts` retries the records are given up: an invocation record goes to the
  `OnFailure` queue and the pump moves on.
Retries happen at once, with no back-off, so `drain()` is deterministic. moto keeps stream records
forever, so "retry until the records expire" (-1) is capped at the API's maximum, 10,000.
"""

from __future__ import annotations

import json
import logging
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import NamedTuple

import boto3
from moto.events.models import EventPattern

from infra.local import ddbjson, draining
from infra.local.invoker import Invoke
from infra.local.provision import REGION, StreamMapping
from rapport import clock

logger = logging.getLogger(__name__)

UNLIMITED_RETRIES_CAP = 10_000


class Progress(NamedTuple):
    records: int  # stream records consumed (delivered, given up, or skipped)
    discarded: int  # records given up on, sent to the OnFailure destination


@dataclass(frozen=True)
class _Failure:
    first_failed: int  # index in the batch of the checkpoint
    unhandled: bool  # the function raised (Lambda's FunctionError), rather than reporting items


def _is_no_op(record: dict) -> bool:
    """DynamoDB writes no stream record for a write that changes nothing; moto does (as a MODIFY)."""
    images = record["dynamodb"]
    return record["eventName"] == "MODIFY" and "OldImage" in images and images.get("NewImage") == images["OldImage"]


class StreamPump:
    """Feeds one function from one DynamoDB stream, as its event source mapping would."""

    def __init__(self, mapping: StreamMapping, invoke: Invoke, function_arn: str, start_at: str | None = None) -> None:
        self.mapping = mapping
        self._invoke = invoke
        self._function_arn = function_arn
        self._streams = boto3.client("dynamodbstreams", region_name=REGION)
        self._sqs = boto3.client("sqs", region_name=REGION)
        description = self._streams.describe_stream(StreamArn=mapping.stream_arn)["StreamDescription"]
        (shard,) = description["Shards"]  # moto keeps one shard per stream
        self.checkpoint: int | None = None  # the last sequence number consumed (the journal keeps it)
        self._filters = [EventPattern.load(pattern) for pattern in mapping.filter_patterns]
        self._shard_id = shard["ShardId"]
        self._iterator = self._streams.get_shard_iterator(
            StreamArn=mapping.stream_arn,
            ShardId=self._shard_id,
            ShardIteratorType=start_at or mapping.starting_position,
        )["ShardIterator"]

    def pump(self) -> Progress:
        """Deliver the next batch, retries and all; Progress(0, 0) when nothing is pending. The batch is
        up to `BatchSize` records that pass the filters, read on until the stream has no more."""
        iterator, read, last, batch = self._iterator, 0, self.checkpoint, []
        while len(batch) < self.mapping.batch_size:
            response = self._streams.get_records(ShardIterator=iterator, Limit=self.mapping.batch_size - len(batch))
            if not response["Records"]:
                break  # keep the iterator: moto would hand back an equivalent one
            events = [self._event_record(record) for record in response["Records"] if not _is_no_op(record)]
            batch += [event for event in events if self._passes(event)]
            read += len(response["Records"])
            iterator = response["NextShardIterator"]
            last = int(response["Records"][-1]["dynamodb"]["SequenceNumber"])
        if not read:
            return Progress(0, 0)
        discarded = self._deliver(batch) if batch else 0
        self._iterator, self.checkpoint = iterator, last
        return Progress(read, discarded)

    def _passes(self, event_record: dict) -> bool:
        """Lambda's event filtering: a record passes when any filter matches it; no filter, every record."""
        return not self._filters or any(pattern.matches_event(event_record) for pattern in self._filters)

    def _event_record(self, record: dict) -> dict:
        stream = record["dynamodb"]
        dynamodb = {
            "ApproximateCreationDateTime": int(stream["ApproximateCreationDateTime"].timestamp()),
            "Keys": ddbjson.to_wire(stream["Keys"]),
            "SequenceNumber": stream["SequenceNumber"],
            "SizeBytes": stream["SizeBytes"],
            "StreamViewType": stream["StreamViewType"],
        }
        for image in ("NewImage", "OldImage"):
            if image in stream:
                dynamodb[image] = ddbjson.to_wire(stream[image])
        return {
            "eventID": record["eventID"],
            "eventName": record["eventName"],
            "eventVersion": "1.1",
            "eventSource": "aws:dynamodb",
            "awsRegion": self.mapping.stream_arn.split(":")[3],
            "dynamodb": dynamodb,
            "eventSourceARN": self.mapping.stream_arn,
        }

    def _deliver(self, batch: list[dict], retries: int = 0) -> int:
        """Invoke until the batch is done or given up; the number of records given up."""
        limit = self.mapping.maximum_retry_attempts
        limit = UNLIMITED_RETRIES_CAP if limit < 0 else limit
        invocations = 0
        while True:
            invocations += 1
            failure = self._attempt(batch)
            if failure is None:
                return 0
            batch = batch[failure.first_failed :]
            if failure.unhandled and self.mapping.bisect_on_error and len(batch) > 1:
                half = len(batch) // 2
                return self._deliver(batch[:half], retries) + self._deliver(batch[half:], retries)
            if retries >= limit:
                self._give_up(batch, invocations, failure)
                return len(batch)
            retries += 1

    def _attempt(self, batch: list[dict]) -> _Failure | None:
        try:
            result = self._invoke(self.mapping.function, {"Records": batch})
        except Exception:  # any exception is a function error, as Lambda sees it
            logger.exception("%s failed on a batch of %d stream records", self.mapping.function, len(batch))
            return _Failure(0, unhandled=True)
        if not self.mapping.reports_item_failures or not isinstance(result, dict):
            return None
        failures = result.get("batchItemFailures") or []
        sequence_numbers = [record["dynamodb"]["SequenceNumber"] for record in batch]
        try:
            reported = [failure["itemIdentifier"] for failure in failures]
            first = min(sequence_numbers.index(identifier) for identifier in reported) if reported else None
        except (TypeError, KeyError, ValueError):
            logger.error("%s answered malformed batchItemFailures: %s", self.mapping.function, failures)
            return _Failure(0, unhandled=False)
        if first is None:
            return None
        logger.info("%s reported %d failed stream records", self.mapping.function, len(reported))
        return _Failure(first, unhandled=False)

    def _give_up(self, batch: list[dict], invocations: int, failure: _Failure) -> None:
        first, last = batch[0]["dynamodb"], batch[-1]["dynamodb"]
        logger.error(
            "%s gave up on stream records %s..%s after %d invocations",
            self.mapping.function,
            first["SequenceNumber"],
            last["SequenceNumber"],
            invocations,
        )
        if self.mapping.on_failure_queue_url is None:
            return
        response_context = {"statusCode": 200, "executedVersion": "$LATEST"}
        if failure.unhandled:
            response_context["functionError"] = "Unhandled"
        record = {
            "requestContext": {
                "requestId": str(uuid.uuid4()),
                "functionArn": self._function_arn,
                "condition": "RetryAttemptsExhausted",
                "approximateInvokeCount": invocations,
            },
            "responseContext": response_context,
            "version": "1.0",
            "timestamp": clock.now().astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "DDBStreamBatchInfo": {
                "shardId": self._shard_id,
                "startSequenceNumber": first["SequenceNumber"],
                "endSequenceNumber": last["SequenceNumber"],
                "approximateArrivalOfFirstRecord": _iso(first["ApproximateCreationDateTime"]),
                "approximateArrivalOfLastRecord": _iso(last["ApproximateCreationDateTime"]),
                "batchSize": len(batch),
                "streamArn": self.mapping.stream_arn,
            },
        }
        self._sqs.send_message(QueueUrl=self.mapping.on_failure_queue_url, MessageBody=json.dumps(record))


def _iso(epoch_seconds: int) -> str:
    return datetime.fromtimestamp(epoch_seconds, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def drain(pumps: list) -> dict[str, Progress]:
    """Pump every stream until none has anything pending; what each function was handed."""
    return draining.drain(pumps, "streams")
