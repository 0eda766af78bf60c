"""Dead letters of SQS queues, moved back to the queue they came from (receive, send, then delete).

Not SQS's StartMessageMoveTask: it moves only what an SQS redrive policy dead-lettered, while
DeliveryDeadLetters also holds what EventBridge Scheduler could not deliver, and moto has no move
task to test against. The body and the message attributes are sent as they were.

An import chunk is dead-lettered after its last try marked the job failed; the job is resumed first
(failed back to running, where the chunk starts), else the chunk would find it failed and do nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from infra.ops.stack import NotReplayed, Stack
from rapport.services import imports
from rapport.services.imports import ChunkRequest
from rapport.storage import Store


def _attributes(message: dict) -> dict:
    """Message attributes as SendMessage takes them."""
    return {
        name: {key: value[key] for key in ("DataType", "StringValue", "BinaryValue") if key in value}
        for name, value in message.get("MessageAttributes", {}).items()
    }


@dataclass
class MoveBack:
    """A dead letter of an SQS queue: sent back to `source` (a logical id) as it was."""

    stack: Stack
    source: str

    def describe(self, message: dict) -> str:
        sent_at = message.get("Attributes", {}).get("SentTimestamp", "?")
        return f"{len(message['Body'])}-byte message first sent at {sent_at} ms, back to {self.source}"

    def replay(self, message: dict) -> str:
        request = {"QueueUrl": self.stack.queue_url(self.source), "MessageBody": message["Body"]}
        if attributes := _attributes(message):
            request["MessageAttributes"] = attributes
        sent = self.stack.client("sqs").send_message(**request)
        return f"sent again as {sent['MessageId']}"


@dataclass
class ImportChunkBack(MoveBack):
    """An import chunk: its job resumed, then the chunk sent back to the import queue."""

    def describe(self, message: dict) -> str:
        chunk = self._chunk(message)
        return f"chunk of import {chunk.import_id} from row {chunk.first}, back to {self.source}"

    def replay(self, message: dict) -> str:
        chunk = self._chunk(message)
        store = Store(self.stack.client("dynamodb"), self.stack.physical("Table"))
        resumed = imports.resume(store, chunk.networker_id, chunk.import_id, chunk.first)
        sent = super().replay(message)
        return f"job {'resumed' if resumed else 'left as it was'}, {sent}"

    @staticmethod
    def _chunk(message: dict) -> ChunkRequest:
        try:
            return ChunkRequest.model_validate_json(message["Body"])
        except ValueError as error:
            raise NotReplayed(f"not an import chunk: {error}") from None
