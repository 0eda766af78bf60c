"""Reads a networker's calendars (all of them, or the one just added) from the calendar sync queue, where
their hourly schedule `calendars-<networker_id>` and each calendar added put a request (services/reactions.py).

A calendar that cannot be read keeps the reason in its state (services/calendar_sync.py): only what nobody
foresaw fails the message (once the networker's other calendars are synced), which comes back, then goes to the
dead letters (alarmed).
"""

from __future__ import annotations

import gc

gc.disable()  # no collections while importing: see functions/api/app.py and docs/decisions.md

from dataclasses import dataclass
from functools import cache, partial

import boto3
from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

from rapport import clock
from rapport.adapters.calendar_fetch import CalendarFetcher
from rapport.adapters.secrets import UrlVault
from rapport.adapters.settings import CalendarSyncSettings, load
from rapport.domain.calendar_sources import CalendarSyncRequest
from rapport.services import calendar_sync
from rapport.services.calendar_sync import Fetcher, Vault
from rapport.storage import Store

logger = Logger()
metrics = Metrics()
processor = BatchProcessor(event_type=EventType.SQS, raise_on_entire_batch_failure=False)


class CalendarsBroken(Exception):
    """Calendars the sync could not sync for a fault nobody foresaw (logged): the message fails for them."""


@dataclass(frozen=True)
class Dependencies:
    """What the function reads and writes; tests pass their own."""

    store: Store
    vault: Vault
    fetcher: Fetcher


@cache
def settings() -> CalendarSyncSettings:
    return load(CalendarSyncSettings)


@cache
def production() -> Dependencies:
    """The real ones, built once per container."""
    config = settings()
    vault = UrlVault(boto3.client("kms"), config.calendar_key_id)
    fetcher = CalendarFetcher(allow_loopback_http=config.calendars_allow_loopback_http)
    return Dependencies(Store(boto3.client("dynamodb"), config.table_name), vault, fetcher)


def take(record: SQSRecord, deps: Dependencies, context) -> None:
    request = CalendarSyncRequest.model_validate_json(record.body)
    profile = deps.store.profiles.live(request.networker_id)
    if profile is None:  # the account is gone or going: its schedule is being deleted
        logger.info("No networker to sync", extra={"networker_id": request.networker_id})
        return
    seconds_left = lambda: context.get_remaining_time_in_millis() / 1000  # noqa: E731
    done = calendar_sync.sync(
        deps.store, deps.vault, deps.fetcher, profile, request.calendar_id, clock.now(), seconds_left
    )
    for synced in done:  # the calendar's id only: its address is a secret
        logger.info("Calendar synced", extra={"networker_id": request.networker_id} | synced.model_dump())
    logged = sum(synced.touches_logged for synced in done)
    if logged:
        metrics.add_metric(name="CalendarTouchesLogged", unit=MetricUnit.Count, value=logged)
    broken = [synced.calendar_id for synced in done if synced.status == "broken"]
    if broken:
        raise CalendarsBroken(f"calendars not synced: {', '.join(broken)}")


gc.freeze()
gc.enable()


@logger.inject_lambda_context(clear_state=True)
@metrics.log_metrics
def handler(event: dict, context, deps: Dependencies | None = None) -> dict:
    chosen = deps or production()
    return process_partial_response(
        event=event, record_handler=partial(take, deps=chosen, context=context), processor=processor, context=context
    )
