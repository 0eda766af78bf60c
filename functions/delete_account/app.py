"""Deletes an account (`DELETE /me`), from the account deletion queue the profile's stream record feeds.

Every step is idempotent: a run killed halfway is delivered again and finishes (services/accounts.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, partial

import boto3
from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

from rapport import clock
from rapport.adapters.files import FileEraser
from rapport.adapters.scheduler import ScheduleEraser
from rapport.adapters.settings import AccountDeletionSettings, load
from rapport.adapters.sign_in import SignInEraser
from rapport.services import accounts
from rapport.services.accounts import DeletionRequest, Elsewhere
from rapport.storage import Store

logger = Logger()
metrics = Metrics()
processor = BatchProcessor(event_type=EventType.SQS, raise_on_entire_batch_failure=False)


@dataclass(frozen=True)
class Dependencies:
    """What the function deletes through; tests pass their own (one failing partway, say)."""

    store: Store
    elsewhere: Elsewhere


@cache
def settings() -> AccountDeletionSettings:
    return load(AccountDeletionSettings)


@cache
def production() -> Dependencies:
    """The real ones, built once per container."""
    config = settings()
    elsewhere = Elsewhere(
        schedules=ScheduleEraser(boto3.client("scheduler"), config.digest_schedule_group),
        files=FileEraser(boto3.client("s3"), config.folders, config.inbound_bucket),
        sign_in=SignInEraser(boto3.client("cognito-idp"), config.user_pool_id),
    )
    return Dependencies(Store(boto3.client("dynamodb"), config.table_name), elsewhere)


def delete(record: SQSRecord, deps: Dependencies) -> None:
    request = DeletionRequest.model_validate_json(record.body)
    done = accounts.delete(deps.store, deps.elsewhere, request.networker_id, clock.now())
    # The networker id only: nothing of what was deleted is logged.
    details = {"items": done.items, "schedules": done.schedules, "files": done.files, "sign_in": done.sign_in}
    logger.info("Account deleted", extra={"networker_id": request.networker_id} | details)
    metrics.add_metric(name="AccountsDeleted", unit=MetricUnit.Count, value=1)
    metrics.add_metric(name="AccountItemsDeleted", unit=MetricUnit.Count, value=done.items)


@logger.inject_lambda_context(clear_state=True)
@metrics.log_metrics
def handler(event: dict, context, deps: Dependencies | None = None) -> dict:
    chosen = deps or production()
    return process_partial_response(
        event=event, record_handler=partial(delete, deps=chosen), processor=processor, context=context
    )
