"""Composes and sends what the delivery queue asks for (digests, weekly reviews, meeting briefs, address
confirmations, phone codes), each at most once.

At most once per (networker, local date, channel, kind), however often the schedule fires or SQS
delivers (`rapport.services.deliveries.send.send_once`): a record of what was sent is checked first, and
each send is wrapped in Powertools idempotency keyed on that tuple, so a retry after a crash between
sending and recording does not send again (it finds the send's saved result). An SMS due in quiet hours
is deferred: the message is hidden until they end and reported as not done, so SQS hands it back then.
"""

from __future__ import annotations

import gc

gc.disable()  # no collections while importing: see functions/api/app.py and docs/decisions.md

from dataclasses import dataclass
from datetime import timedelta
from functools import cache, partial
from typing import Any

import boto3
from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from aws_lambda_powertools.utilities.idempotency import IdempotencyConfig

from rapport import clock
from rapport.adapters.senders import AwsSenders, Texts
from rapport.adapters.settings import DeliverSettings, load
from rapport.delivery.requests import DeliveryRequest
from rapport.services.deliveries import kinds
from rapport.services.deliveries.send import Senders
from rapport.storage import Store

logger = Logger()
metrics = Metrics()
# Every failed message is reported, even when all fail: SQS retries them one by one, then dead-letters them.
processor = BatchProcessor(event_type=EventType.SQS, raise_on_entire_batch_failure=False)
idempotency = IdempotencyConfig(expires_after_seconds=int(timedelta(days=3).total_seconds()))


class Deferred(Exception):
    """Part of the message must wait (quiet hours): SQS hands it back later."""


@cache
def settings() -> DeliverSettings:
    return load(DeliverSettings)


@dataclass(frozen=True)
class Dependencies:
    """What the function reads, writes and sends with; tests pass fakes."""

    store: Store
    senders: Senders
    sqs: Any  # the SQS client: a deferred message is handed back later


@cache
def production() -> Dependencies:
    """The real ones, built once per container."""
    config = settings()
    senders = AwsSenders(
        boto3.client("ses"),
        Texts(boto3.client("sns")),
        config.table_name,
        idempotency,
        config.sender_email,
        config.public_url,
        config.app_url,
    )
    return Dependencies(Store(boto3.client("dynamodb"), config.table_name), senders, boto3.client("sqs"))


def deliver(record: SQSRecord, deps: Dependencies) -> None:
    request = DeliveryRequest.from_message(record.body)
    now = clock.now()
    delivery = kinds.deliver(deps.store, request, deps.senders, now)
    extra = {"networker_id": request.networker_id, "kind": request.kind, "outcomes": delivery.outcomes}
    logger.info("Delivery", extra=extra)
    sent = sum(outcome == "sent" for outcome in delivery.outcomes.values())
    if sent:
        metrics.add_metric(name="DigestSent", unit=MetricUnit.Count, value=sent)
    if delivery.retry_at is not None:
        wait = int((delivery.retry_at - now).total_seconds()) + 1
        queue = deps.sqs.get_queue_url(QueueName=record.event_source_arn.rsplit(":", 1)[1])["QueueUrl"]
        deps.sqs.change_message_visibility(QueueUrl=queue, ReceiptHandle=record.receipt_handle, VisibilityTimeout=wait)
        raise Deferred(f"back in {wait} s")


gc.freeze()
gc.enable()


@logger.inject_lambda_context(clear_state=True)
@metrics.log_metrics
def handler(event: dict, context, deps: Dependencies | None = None) -> dict:
    """The production dependencies unless given (tests give fakes)."""
    idempotency.register_lambda_context(context)
    each = partial(deliver, deps=deps or production())
    return process_partial_response(event=event, record_handler=each, processor=processor, context=context)
