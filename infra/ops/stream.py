"""OnChangeDeadLetters: what Lambda's DynamoDB stream mapping sends its on-failure destination once it
gives up on a batch (5 retries, bisected). The record names the records, not their data:

    {"requestContext": {"requestId", "functionArn", "condition": "RetryAttemptsExhausted", ...},
     "responseContext": {...}, "version": "1.0", "timestamp": ...,
     "DDBStreamBatchInfo": {"shardId", "startSequenceNumber", "endSequenceNumber",
        "approximateArrivalOfFirstRecord", "approximateArrivalOfLastRecord", "batchSize", "streamArn"}}

The replay reads that range from the stream and hands the records to on_change again, as the mapping
would (every reaction recomputes from the state as it is now, and writes nothing when nothing changed).
DynamoDB Streams keeps records 24 hours: a range older than that, trimmed, or not found whole is out of
reach, and nothing then says which items it held; the replay falls back to recomputing from state for
every networker (`sweep.py`), once per run, whatever the number of such records.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from botocore.exceptions import ClientError

from infra.ops.stack import NotReplayed, Stack
from infra.ops.sweep import Sweep
from rapport import clock

FUNCTION = "OnChangeFunction"
STREAM_RETENTION = timedelta(hours=24)
BATCH = 50  # the mapping's BatchSize
MAX_EMPTY_PAGES = 5  # an open shard may answer empty pages before records; a closed one ends
_OUT_OF_REACH = {"TrimmedDataAccessException", "ResourceNotFoundException", "ExpiredIteratorException"}


@dataclass
class StreamBatch:
    stack: Stack
    _swept: str | None = None  # what the sweep did, once it ran

    def describe(self, message: dict) -> str:
        info = _batch_info(message)
        return (
            f"{info['batchSize']} stream record(s) {info['startSequenceNumber']}..{info['endSequenceNumber']}"
            f" of shard {info['shardId']}, from {info['approximateArrivalOfFirstRecord']}"
        )

    def replay(self, message: dict) -> str:
        info = _batch_info(message)
        records = self._read(info)
        if records is None:
            if self._swept is None:
                self._swept = Sweep(self.stack).run()
            return f"out of the stream: recomputed from state for every networker ({self._swept})"
        for start in range(0, len(records), BATCH):
            try:
                result = self.stack.invoke(FUNCTION, {"Records": records[start : start + BATCH]})
            except NotReplayed as error:  # every record failed: Powertools then fails the invocation
                raise NotReplayed(f"failed again on every record ({error})") from None
            failures = result.get("batchItemFailures") if isinstance(result, dict) else None
            if failures:
                raise NotReplayed(f"{FUNCTION} failed again on {len(failures)} record(s)")
        return f"{len(records)} record(s) read from the stream and reacted to again"

    def _read(self, info: dict) -> list[dict] | None:
        """The range's records as the mapping hands them to the function; None when out of reach."""
        first = datetime.fromisoformat(info["approximateArrivalOfFirstRecord"].replace("Z", "+00:00"))
        if clock.now() - first >= STREAM_RETENTION:
            return None
        streams, arn, end = self.stack.client("dynamodbstreams"), info["streamArn"], int(info["endSequenceNumber"])
        records: list[dict] = []
        try:
            iterator = streams.get_shard_iterator(
                StreamArn=arn,
                ShardId=info["shardId"],
                ShardIteratorType="AT_SEQUENCE_NUMBER",
                SequenceNumber=info["startSequenceNumber"],
            )["ShardIterator"]
            empty = 0
            while iterator and empty < MAX_EMPTY_PAGES:
                page = streams.get_records(ShardIterator=iterator, Limit=100)
                for record in page["Records"]:
                    if int(record["dynamodb"]["SequenceNumber"]) > end:
                        return records
                    records.append(_event_record(record, arn))
                    if int(record["dynamodb"]["SequenceNumber"]) == end:
                        return records
                empty = 0 if page["Records"] else empty + 1
                iterator = page.get("NextShardIterator")
        except ClientError as error:
            if error.response["Error"]["Code"] in _OUT_OF_REACH:
                return None
            raise
        return None  # the range's end was never reached: part of it is gone


_NAMED = ("shardId", "startSequenceNumber", "endSequenceNumber", "approximateArrivalOfFirstRecord", "streamArn")


def _batch_info(message: dict) -> dict:
    try:
        info = json.loads(message["Body"])["DDBStreamBatchInfo"]
        missing = [name for name in _NAMED if name not in info]
    except (ValueError, KeyError, TypeError):
        missing = ["DDBStreamBatchInfo"]
    if missing:
        raise NotReplayed(f"not a stream on-failure record (no {', '.join(missing)})")
    return info


def _event_record(record: dict, stream_arn: str) -> dict:
    """A DynamoDB Streams record as Lambda puts it in the event (its time in epoch seconds, the ARN)."""
    stream = dict(record["dynamodb"])
    if "ApproximateCreationDateTime" in stream:
        stream["ApproximateCreationDateTime"] = int(stream["ApproximateCreationDateTime"].timestamp())
    return {
        "eventID": record["eventID"],
        "eventName": record["eventName"],
        "eventVersion": record.get("eventVersion", "1.1"),
        "eventSource": "aws:dynamodb",
        "awsRegion": stream_arn.split(":")[3],
        "dynamodb": stream,
        "eventSourceARN": stream_arn,
    }
