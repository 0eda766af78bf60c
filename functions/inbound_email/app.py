"""Logs each email SES received for an inbound address as a touch, or quarantines it with the reasons.

SES stored the raw message in the bucket (under the rule's prefix, named by its message id) before
invoking this function asynchronously with its verdicts. Bad mail never fails the function (a failure
is retried, then dead-lettered): it is quarantined. Only the outside world failing (the table, the
bucket) raises, and then the raw message is still in the bucket for a replay.
"""

from __future__ import annotations

import gc

gc.disable()  # no collections while importing: see functions/api/app.py and docs/decisions.md

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

import boto3
from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.data_classes import SESEvent
from aws_lambda_powertools.utilities.data_classes.ses_event import SESEventRecord

from rapport import clock
from rapport.adapters.raw_mail import RawMail
from rapport.adapters.settings import InboundEmailSettings, load
from rapport.domain.inbound import Verdicts
from rapport.services import inbound
from rapport.storage import Store

logger = Logger()
metrics = Metrics()


@dataclass(frozen=True)
class Dependencies:
    """What the function reads and writes; tests pass in-memory ones (tests/fakes)."""

    settings: InboundEmailSettings
    store: Store
    raw_mail: RawMail


@cache
def settings() -> InboundEmailSettings:
    return load(InboundEmailSettings)


@cache
def production() -> Dependencies:
    """The real ones, built once per container."""
    config = settings()
    raw_mail = RawMail(boto3.client("s3"), config.bucket, config.prefix)
    return Dependencies(config, Store(boto3.client("dynamodb"), config.table_name), raw_mail)


def notice_of(record: SESEventRecord, raw_mail: RawMail) -> inbound.Notice:
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
        raw_message=raw_mail.location(mail.message_id),
    )


def receive(record: SESEventRecord, deps: Dependencies) -> None:
    config = deps.settings
    notice = notice_of(record, deps.raw_mail)
    raw = deps.raw_mail.read(notice.ses_message_id)
    retention = timedelta(days=config.retention_days)
    outcomes = inbound.receive(deps.store, notice, raw, config.inbound_domain, retention, clock.now())
    for outcome in outcomes:
        logger.info("Inbound email", extra={"ses_message_id": notice.ses_message_id} | outcome.model_dump())
        metrics.add_metric(name=f"InboundEmail{outcome.status.title()}", unit=MetricUnit.Count, value=1)


gc.freeze()
gc.enable()


@logger.inject_lambda_context(clear_state=True)
@metrics.log_metrics
def handler(event: dict, context, deps: Dependencies | None = None) -> None:
    for record in SESEvent(event).records:
        receive(record, deps or production())
