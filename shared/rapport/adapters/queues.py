"""SQS queues that carry Rapport's messages: a pydantic model, sent as its JSON."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel


class SqsQueue:
    def __init__(self, sqs: Any, url: str) -> None:
        self._sqs = sqs  # a boto3 SQS client
        self._url = url

    def send(self, message: BaseModel) -> None:
        self._sqs.send_message(QueueUrl=self._url, MessageBody=message.model_dump_json())
