"""Composes and sends digests, weekly reviews, meeting briefs and address confirmations from the delivery
queue, each at most once.

At most once per (networker, local date, channel, kind), however often the schedule fires or SQS
delivers: a record of what was sent is checked first, and each send is wrapped in Powertools
idempotency keyed on that tuple, so a retry after a crash between sending and recording does not
send again (it finds the send's saved result). An SMS due in quiet hours is deferred: the message
is hidden until they end and reported as not done, so SQS hands it back then.
"""

from __future__ import annotations

import gc

gc.disable()  # no collections while importing: see functions/api/app.py and docs/decisions.md

import json
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

from rapport import clock
from rapport.adapters.settings import DeliverSettings, load
from rapport.delivery.schedule import DeliveryRequest
from rapport.services import digests
from rapport.services.digests import SendKey
from rapport.storage import Store, keys

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


@cache
def store() -> Store:
    return Store(boto3.client("dynamodb"), settings().table_name)


class AwsSenders:
    """SES and SNS, each send idempotent on its key (records in the table, expiring after 3 days)."""

    def __init__(self, table_name: str, address: str, public_url: str):
        self.address = address
        self.public_url = public_url
        self._ses, self._sns = boto3.client("ses"), boto3.client("sns")
        persistence = DynamoDBPersistenceLayer(
            table_name=table_name, key_attr="pk", sort_key_attr="sk", static_pk_value=keys.IDEMPOTENCY_SENDS
        )
        once = idempotent_function(data_keyword_argument="key", persistence_store=persistence, config=idempotency)
        self._email_once = once(self._send_email)
        self._sms_once = once(self._send_sms)

    def email(self, key: SendKey, message: EmailMessage) -> str:
        return self._email_once(key=key.model_dump(), message=message)

    def sms(self, key: SendKey, phone: str, text: str) -> str:
        return self._sms_once(key=key.model_dump(), phone=phone, text=text)

    def opted_out(self, phone: str) -> bool:
        return self._sns.check_if_phone_number_is_opted_out(phoneNumber=phone)["isOptedOut"]

    def _send_email(self, key: dict, message: EmailMessage) -> str:
        raw = {"Data": message.as_bytes()}
        return self._ses.send_raw_email(Source=self.address, Destinations=[message["To"]], RawMessage=raw)["MessageId"]

    def _send_sms(self, key: dict, phone: str, text: str) -> str:
        attributes = {"AWS.SNS.SMS.SMSType": {"DataType": "String", "StringValue": "Transactional"}}
        return self._sns.publish(PhoneNumber=phone, Message=text, MessageAttributes=attributes)["MessageId"]


@cache
def senders() -> AwsSenders:
    return AwsSenders(settings().table_name, settings().sender_email, settings().public_url)


@cache
def sqs():
    return boto3.client("sqs")


def deliver(record: SQSRecord) -> None:
    request = DeliveryRequest.model_validate(json.loads(record.body))
    now = clock.now()
    delivery = digests.deliver(store(), request, senders(), now)
    extra = {"networker_id": request.networker_id, "kind": request.kind, "outcomes": delivery.outcomes}
    logger.info("Delivery", extra=extra)
    sent = sum(outcome == "sent" for outcome in delivery.outcomes.values())
    if sent:
        metrics.add_metric(name="DigestSent", unit=MetricUnit.Count, value=sent)
    if delivery.retry_at is not None:
        wait = int((delivery.retry_at - now).total_seconds()) + 1
        queue = sqs().get_queue_url(QueueName=record.event_source_arn.rsplit(":", 1)[1])["QueueUrl"]
        sqs().change_message_visibility(QueueUrl=queue, ReceiptHandle=record.receipt_handle, VisibilityTimeout=wait)
        raise Deferred(f"back in {wait} s")


gc.freeze()
gc.enable()


@logger.inject_lambda_context(clear_state=True)
@metrics.log_metrics
def handler(event: dict, context) -> dict:
    idempotency.register_lambda_context(context)
    return process_partial_response(event=event, record_handler=deliver, processor=processor, context=context)
