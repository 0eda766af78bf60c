"""Acts on texts networkers send to Rapport's number, from the queue the two-way SMS topic feeds.

Each text is acted on once (Powertools idempotency on its inbound message id: a redelivered message
finds the saved outcome, and its reply is not sent again) and answered by SMS. Failures are reported
per message: SQS retries them, then dead-letters them.
"""

from __future__ import annotations

import gc

gc.disable()  # no collections while importing: see functions/api/app.py and docs/decisions.md

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache, partial

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
from rapport.adapters.senders import Texts
from rapport.adapters.settings import TableSettings, load
from rapport.domain.model import Model
from rapport.services import inbound_sms
from rapport.storage import Store, keys

logger = Logger()
metrics = Metrics()
processor = BatchProcessor(event_type=EventType.SQS, raise_on_entire_batch_failure=False)
# Keyed on the inbound message id alone: the same text delivered twice is the same command.
idempotency = IdempotencyConfig(
    event_key_jmespath="inboundMessageId", expires_after_seconds=int(timedelta(days=3).total_seconds())
)


class InboundText(Model):
    """What AWS End User Messaging publishes for a text received (the fields Rapport reads)."""

    origination_number: str = Field(alias="originationNumber")
    message_body: str = Field(default="", alias="messageBody")
    inbound_message_id: str = Field(alias="inboundMessageId")


@cache
def settings() -> TableSettings:
    return load(TableSettings)


@dataclass(frozen=True)
class Dependencies:
    """What the function reads, writes and texts with; tests pass fakes."""

    store: Store
    texts: Texts


@cache
def production() -> Dependencies:
    """The real ones, built once per container."""
    return Dependencies(Store(boto3.client("dynamodb"), settings().table_name), Texts(boto3.client("sns")))


@cache
def act_once():
    persistence = DynamoDBPersistenceLayer(
        table_name=settings().table_name, key_attr="pk", sort_key_attr="sk", static_pk_value=keys.IDEMPOTENCY_TEXTS
    )
    return idempotent_function(data_keyword_argument="text", persistence_store=persistence, config=idempotency)(act)


def act(text: dict, store: Store, texts: Texts, received_at: datetime | None = None) -> dict:
    """Act on one text and send its reply; the outcome is what a redelivery gets back."""
    message = InboundText.model_validate(text)
    handled = inbound_sms.receive(
        store, message.origination_number, message.message_body, message.inbound_message_id, clock.now(), received_at
    )
    if handled.reply:
        texts.send(handled.phone, handled.reply)
    return {"outcome": handled.outcome, "networker_id": handled.networker_id}


def record(record: SQSRecord, deps: Dependencies) -> None:
    sent = record.attributes.get("SentTimestamp")  # when the text reached the queue: the same on a redelivery
    received_at = datetime.fromtimestamp(int(sent) / 1000, UTC) if sent else None
    done = act_once()(text=json.loads(record.body), store=deps.store, texts=deps.texts, received_at=received_at)
    logger.info("Text received", extra=done)
    metrics.add_metric(name=f"Text{done['outcome'].title().replace('_', '')}", unit=MetricUnit.Count, value=1)


gc.freeze()
gc.enable()


@logger.inject_lambda_context(clear_state=True)
@metrics.log_metrics
def handler(event: dict, context, deps: Dependencies | None = None) -> dict:
    """The production dependencies unless given (tests give fakes)."""
    idempotency.register_lambda_context(context)
    each = partial(record, deps=deps or production())
    return process_partial_response(event=event, record_handler=each, processor=processor, context=context)
