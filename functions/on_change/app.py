"""Reacts to the table's stream: each record decoded into a change, then its item type's reactions
(`rapport.services.reactions`) run in order. The stream mapping's filter hands over only the item types
that have reactions.
Each record is processed on its own and failures are reported per record (partial batch response).
"""

from __future__ import annotations

import gc

gc.disable()  # no collections while importing: see functions/api/app.py and docs/decisions.md

from datetime import datetime
from functools import cache

import boto3
from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event import DynamoDBRecord

from rapport import clock
from rapport.adapters.queues import SqsQueue
from rapport.adapters.scheduler import EventBridgeScheduler
from rapport.adapters.settings import OnChangeSettings, load
from rapport.services.reactions import Reactor, reactions_to
from rapport.storage import Store, changes

logger = Logger()
metrics = Metrics()
processor = BatchProcessor(event_type=EventType.DynamoDBStreams)


@cache
def settings() -> OnChangeSettings:
    return load(OnChangeSettings)


@cache
def production() -> Reactor:
    """The table, the Scheduler and the queues, once per container."""
    config = settings()
    sqs = boto3.client("sqs")
    return Reactor(
        store=Store(boto3.client("dynamodb"), config.table_name),
        schedules=EventBridgeScheduler(
            boto3.client("scheduler"),
            config.digest_schedule_group,
            config.delivery_queue_arn,
            config.scheduler_role_arn,
            config.delivery_dead_letters_arn,
            calendar_queue_arn=config.calendar_sync_queue_arn,
            calendar_dead_letters_arn=config.calendar_sync_dead_letters_arn,
        ),
        deliveries=SqsQueue(sqs, config.delivery_queue_url),
        imports=SqsQueue(sqs, config.import_queue_url),
        exports=SqsQueue(sqs, config.export_queue_url),
        deletions=SqsQueue(sqs, config.account_deletion_queue_url),
        calendar_syncs=SqsQueue(sqs, config.calendar_sync_queue_url),
    )


def react(record: DynamoDBRecord, reactor: Reactor, now: datetime) -> None:
    change = changes.decode(record)
    for reaction in reactions_to(change, reactor.store):
        done = reaction(change, reactor, now)
        if done is None:
            continue
        for name, value in done.counts.items():
            metrics.add_metric(name=name, unit=MetricUnit.Count, value=value)
        if done.details:
            logger.info("Reacted", extra={"reaction": reaction.__name__, **done.details})


gc.freeze()
gc.enable()


@logger.inject_lambda_context(clear_state=True)
@metrics.log_metrics
def handler(event: dict, context, deps: Reactor | None = None) -> dict:
    """`deps`: what the reactions act on, the production ones unless a test passes its own."""
    reactor = deps or production()
    return process_partial_response(
        event=event,
        record_handler=lambda record: react(record, reactor, clock.now()),
        processor=processor,
        context=context,
    )
