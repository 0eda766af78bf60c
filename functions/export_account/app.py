"""Writes account exports (GDPR article 20), from the export queue the stream reaction feeds.

Each message names an export; the function writes its zip (every item, the raw mails still kept) on disk,
uploads it, and marks the export done, which the stream reaction announces by email. A message that keeps
failing marks the export failed on its last try, then goes to the dead letters.
"""

from __future__ import annotations

import gc

gc.disable()  # no collections while importing: see functions/api/app.py and docs/decisions.md

import tempfile
from dataclasses import dataclass
from functools import cache, partial

import boto3
from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from botocore.config import Config

from rapport import clock
from rapport.adapters.raw_mail import RawMail
from rapport.adapters.settings import ExportSettings, load
from rapport.services import account_archives, account_exports
from rapport.services.account_archives import RawMails
from rapport.services.account_exports import ExportRequest
from rapport.storage import Store
from rapport.storage.account_exports import Archives

logger = Logger()
metrics = Metrics()
processor = BatchProcessor(event_type=EventType.SQS, raise_on_entire_batch_failure=False)


@dataclass(frozen=True)
class Dependencies:
    """What the function reads and writes; tests pass their own."""

    settings: ExportSettings
    store: Store
    archives: Archives
    mails: RawMails
    scratch: str  # a folder on disk for the zip being written (Lambda's /tmp)


@cache
def settings() -> ExportSettings:
    return load(ExportSettings)


@cache
def production() -> Dependencies:
    """The real ones, built once per container."""
    config = settings()
    s3 = boto3.client("s3", config=Config(signature_version="s3v4"))
    return Dependencies(
        config,
        Store(boto3.client("dynamodb"), config.table_name),
        Archives(s3, config.exports_bucket),
        RawMail(s3, config.inbound_bucket, config.raw_mail_prefix),
        tempfile.gettempdir(),
    )


def take(record: SQSRecord, deps: Dependencies) -> None:
    request = ExportRequest.model_validate_json(record.body)
    try:
        job = account_archives.run(deps.store, deps.archives, deps.mails, request, clock.now(), deps.scratch)
    except Exception:
        if int(record.attributes.approximate_receive_count) >= deps.settings.max_receives:
            reason = "an internal error stopped it; the team is alerted: ask for a new export later"
            account_exports.fail(deps.store, request.networker_id, request.export_id, reason, clock.now())
        raise
    if job is None:
        logger.info("Export not running", extra=request.model_dump())
        return
    logger.info("Export written", extra=request.model_dump() | {"items": job.items_written, "size": job.size})
    metrics.add_metric(name="AccountExportItems", unit=MetricUnit.Count, value=job.items_written)


gc.freeze()
gc.enable()


@logger.inject_lambda_context(clear_state=True)
@metrics.log_metrics
def handler(event: dict, context, deps: Dependencies | None = None) -> dict:
    chosen = deps or production()
    return process_partial_response(
        event=event, record_handler=partial(take, deps=chosen), processor=processor, context=context
    )
