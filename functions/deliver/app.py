"""Composes and sends digests from the delivery queue, each at most once.

At most once per (networker, local date, channel, kind), however often the schedule fires or SQS
delivers: a record of what was sent is checked first, and the send itself is wrapped in Powertools
idempotency keyed on that tuple, so a retry after a crash between sending and recording does not
send again (it finds the send's saved result).
"""

from __future__ import annotations

import gc

gc.disable()  # no collections while importing: see functions/api/app.py and docs/decisions.md

import json
import os
from datetime import timedelta
from email.message import EmailMessage
from functools import cache

import boto3
from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from aws_lambda_powertools.utilities.idempotency import (
    DynamoDBPersistenceLayer,
    IdempotencyConfig,
    idempotent_function,
)
from pydantic import Field

from rapport import clock
from rapport.delivery.schedule import DeliveryRequest
from rapport.domain.model import Model
from rapport.services import digests
from rapport.storage import Store, keys

logger = Logger()
metrics = Metrics()
# Every failed message is reported, even when all fail: SQS retries them one by one, then dead-letters them.
processor = BatchProcessor(event_type=EventType.SQS, raise_on_entire_batch_failure=False)
idempotency = IdempotencyConfig(expires_after_seconds=int(timedelta(days=3).total_seconds()))


class Settings(Model):
    table_name: str = Field(alias="TABLE_NAME")
    sender_email: str = Field(alias="SENDER_EMAIL")


@cache
def settings() -> Settings:
    return Settings.model_validate(os.environ)


@cache
def store() -> Store:
    return Store(boto3.client("dynamodb"), settings().table_name)


@cache
def ses():
    return boto3.client("ses")


@cache
def send_email_once():
    """SES send wrapped in Powertools idempotency (the persistence needs the table name: built on use)."""
    persistence = DynamoDBPersistenceLayer(
        table_name=settings().table_name,
        key_attr="pk",
        sort_key_attr="sk",
        static_pk_value=keys.IDEMPOTENCY_SENDS,
    )

    @idempotent_function(data_keyword_argument="key", persistence_store=persistence, config=idempotency)
    def send(key: dict, message: EmailMessage) -> str:
        response = ses().send_raw_email(
            Source=settings().sender_email, Destinations=[message["To"]], RawMessage={"Data": message.as_bytes()}
        )
        return response["MessageId"]

    return lambda key, message: send(key=key.model_dump(), message=message)


def deliver(record: SQSRecord) -> None:
    request = DeliveryRequest.model_validate(json.loads(record.body))
    outcome = digests.deliver(store(), request, send_email_once(), settings().sender_email, clock.now())
    logger.info("Digest delivery", extra={"networker_id": request.networker_id, "outcome": outcome})
    if outcome == "sent":
        metrics.add_metric(name="DigestSent", unit=MetricUnit.Count, value=1)


gc.freeze()
gc.enable()


@logger.inject_lambda_context(clear_state=True)
@metrics.log_metrics
def handler(event: dict, context) -> dict:
    idempotency.register_lambda_context(context)
    return process_partial_response(event=event, record_handler=deliver, processor=processor, context=context)
