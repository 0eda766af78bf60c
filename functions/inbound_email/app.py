"""Logs each email SES received for an inbound address as a touch, or quarantines it with the reasons.

SES stored the raw message in the bucket (under the rule's prefix, named by its message id) before
invoking this function asynchronously with its verdicts. Bad mail never fails the function (a failure
is retried, then dead-lettered): it is quarantined. Only the outside world failing (the table, the
bucket) raises, and then the raw message is still in the bucket for a replay.
"""

from __future__ import annotations

import gc

gc.disable()  # no collections while importing: see functions/api/app.py and docs/decisions.md

from datetime import datetime, timedelta
from functools import cache

import boto3
from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.data_classes import SESEvent
from aws_lambda_powertools.utilities.data_classes.ses_event import SESEventRecord

from rapport import clock
from rapport.adapters.settings import InboundEmailSettings, load
from rapport.domain.inbound import Verdicts
from rapport.services import inbound
from rapport.storage import Store

logger = Logger()
metrics = Metrics()


@cache
def settings() -> InboundEmailSettings:
    return load(InboundEmailSettings)


@cache
def store() -> Store:
    return Store(boto3.client("dynamodb"), settings().table_name)


@cache
def s3():
    return boto3.client("s3")


def notice_of(record: SESEventRecord) -> inbound.Notice:
    mail, receipt = record.ses.mail, record.ses.receipt
    verdicts = Verdicts(
        spf=receipt.spf_verdict.status,
        dkim=receipt.dkim_verdict.status,
        dmarc=receipt.dmarc_verdict.status,
        spam=receipt.spam_verdict.status,
        virus=receipt.virus_verdict.status,
    )
    return inbound.Notice(
        ses_message_id=mail.message_id,
        recipients=receipt.recipients,
        verdicts=verdicts,
        received_at=datetime.fromisoformat(mail.timestamp.replace("Z", "+00:00")),
        raw_message=f"s3://{settings().bucket}/{settings().prefix}{mail.message_id}",
    )


def receive(record: SESEventRecord) -> None:
    config = settings()
    notice = notice_of(record)
    raw = s3().get_object(Bucket=config.bucket, Key=f"{config.prefix}{notice.ses_message_id}")["Body"].read()
    retention = timedelta(days=config.retention_days)
    outcomes = inbound.receive(store(), notice, raw, config.inbound_domain, retention, clock.now())
    for outcome in outcomes:
        logger.info("Inbound email", extra={"ses_message_id": notice.ses_message_id} | outcome.model_dump())
        metrics.add_metric(name=f"InboundEmail{outcome.status.title()}", unit=MetricUnit.Count, value=1)


gc.freeze()
gc.enable()


@logger.inject_lambda_context(clear_state=True)
@metrics.log_metrics
def handler(event: dict, context) -> None:
    for record in SESEvent(event).records:
        receive(record)
