"""Lambda's event source mapping for an SQS queue: receive, batch, invoke, delete what succeeded.

A `QueuePump` reads its queue through moto's SQS API and invokes the real handler with the event
Lambda builds, honouring the mapping and the queue as Lambda and SQS document them:
- at most `BatchSize` messages per invocation (SQS hands out 10 per receive; Lambda receives again
  to fill the batch), each received with the queue's VisibilityTimeout;
- success deletes the batch; a raised exception fails the whole batch (nothing is deleted); with
  `ReportBatchItemFailures`, `batchItemFailures` names the failed messages by `itemIdentifier`
  (their messageId) and the others are deleted; a malformed answer (an empty or unknown
  itemIdentifier) fails the whole batch;
- a failed message is not deleted: SQS shows it again once its visibility timeout has passed on the
  runtime's clock (`motoclock`), and after maxReceiveCount receives the queue's redrive policy moves
  it to the dead-letter queue. moto does that move itself, on the receive that would exceed the
  count, as SQS does: the pump does not do it a second time.
`drain()` returns once no message is *visible*: a message that keeps failing waits for its
visibility timeout, so moving the clock forward is what brings the retries.
"""

from __future__ import annotations

import base64
import logging
from typing import NamedTuple

import boto3

from infra.local import draining
from infra.local.invoker import Invoke
from infra.local.provision import REGION, QueueMapping

logger = logging.getLogger(__name__)

_RECEIVE_MAX = 10
_SYSTEM_ATTRIBUTES = (
    "ApproximateReceiveCount",
    "SentTimestamp",
    "SenderId",
    "ApproximateFirstReceiveTimestamp",
    "SequenceNumber",
    "MessageGroupId",
    "MessageDeduplicationId",
    "AWSTraceHeader",
)


class Delivered(NamedTuple):
    messages: int  # messages handed to the function
    failed: int  # of which failed (left on the queue, or for the dead-letter queue)


def _attribute(value: dict) -> dict:
    """A message attribute as Lambda writes it in the event (camelCase, lists always present)."""
    attribute = {"stringListValues": [], "binaryListValues": [], "dataType": value["DataType"]}
    if "StringValue" in value:
        attribute["stringValue"] = value["StringValue"]
    if "BinaryValue" in value:
        attribute["binaryValue"] = base64.b64encode(value["BinaryValue"]).decode()
    return attribute


class QueuePump:
    """Feeds one function from one queue, as its event source mapping would."""

    def __init__(self, mapping: QueueMapping, invoke: Invoke) -> None:
        self.mapping = mapping
        self._invoke = invoke
        self._sqs = boto3.client("sqs", region_name=REGION)
        self._region = mapping.queue_arn.split(":")[3]

    def pump(self) -> Delivered:
        """Deliver the next batch of visible messages; Delivered(0, 0) when none is visible."""
        messages = self._receive()
        if not messages:
            return Delivered(0, 0)
        records = [self._record(message) for message in messages]
        failed = self._attempt(records)
        done = [message for message in messages if message["MessageId"] not in failed]
        for start in range(0, len(done), _RECEIVE_MAX):
            entries = [
                {"Id": str(index), "ReceiptHandle": message["ReceiptHandle"]}
                for index, message in enumerate(done[start : start + _RECEIVE_MAX])
            ]
            self._sqs.delete_message_batch(QueueUrl=self.mapping.queue_url, Entries=entries)
        return Delivered(len(messages), len(failed))

    def _receive(self) -> list[dict]:
        messages: list[dict] = []
        while len(messages) < self.mapping.batch_size:
            received = self._sqs.receive_message(
                QueueUrl=self.mapping.queue_url,
                MaxNumberOfMessages=min(_RECEIVE_MAX, self.mapping.batch_size - len(messages)),
                MessageSystemAttributeNames=["All"],
                MessageAttributeNames=["All"],
                WaitTimeSeconds=0,
            ).get("Messages", [])
            if not received:
                break
            messages += received
        return messages

    def _record(self, message: dict) -> dict:
        attributes = message.get("Attributes", {})
        record = {
            "messageId": message["MessageId"],
            "receiptHandle": message["ReceiptHandle"],
            "body": message["Body"],
            "attributes": {name: attributes[name] for name in _SYSTEM_ATTRIBUTES if name in attributes},
            "messageAttributes": {
                name: _attribute(value) for name, value in message.get("MessageAttributes", {}).items()
            },
            "md5OfBody": message["MD5OfBody"],
            "eventSource": "aws:sqs",
            "eventSourceARN": self.mapping.queue_arn,
            "awsRegion": self._region,
        }
        if "MD5OfMessageAttributes" in message:
            record["md5OfMessageAttributes"] = message["MD5OfMessageAttributes"]
        return record

    def _attempt(self, records: list[dict]) -> set[str]:
        """The messageIds that failed."""
        everything = {record["messageId"] for record in records}
        try:
            result = self._invoke(self.mapping.function, {"Records": records})
        except Exception:  # any exception is a function error, as Lambda sees it
            logger.exception("%s failed on a batch of %d messages", self.mapping.function, len(records))
            return everything
        if not self.mapping.reports_item_failures or not isinstance(result, dict):
            return set()
        failures = result.get("batchItemFailures") or []
        try:
            reported = {failure["itemIdentifier"] for failure in failures}
        except (TypeError, KeyError):
            reported = {None}
        if not reported <= everything:
            logger.error("%s answered malformed batchItemFailures: %s", self.mapping.function, failures)
            return everything
        if reported:
            logger.info("%s reported %d failed messages of %d", self.mapping.function, len(reported), len(records))
        return reported


def drain(pumps: list) -> dict[str, Delivered]:
    """Pump every queue until none has anything pending; what each function was handed."""
    return draining.drain(pumps, "queues")
