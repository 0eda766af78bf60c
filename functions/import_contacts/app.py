"""Takes a LinkedIn import one chunk at a time, from the import queue the stream reaction feeds.

Each message names a job and where its chunk starts; the chunk advances the job (once, however often
the message comes), and the stream reaction enqueues the next one. A chunk that keeps failing marks
the job failed on its last try (the file is kept), then goes to the dead letters.
"""

from __future__ import annotations

import gc

gc.disable()  # no collections while importing: see functions/api/app.py and docs/decisions.md

from functools import cache

import boto3
from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

from rapport import clock
from rapport.adapters.settings import ImportSettings, load
from rapport.services import imports
from rapport.services.imports import ChunkRequest
from rapport.storage import Store
from rapport.storage.imports import Files

logger = Logger()
metrics = Metrics()
processor = BatchProcessor(event_type=EventType.SQS, raise_on_entire_batch_failure=False)


@cache
def settings() -> ImportSettings:
    return load(ImportSettings)


@cache
def store() -> Store:
    return Store(boto3.client("dynamodb"), settings().table_name)


@cache
def files() -> Files:
    return Files(boto3.client("s3"), settings().imports_bucket)


def take(record: SQSRecord) -> None:
    request = ChunkRequest.model_validate_json(record.body)
    try:
        job = imports.run_chunk(store(), files(), request.networker_id, request.import_id, request.first, clock.now())
    except Exception:
        if int(record.attributes.approximate_receive_count) >= settings().max_receives:
            reason = "an internal error stopped it; your file is kept and the team is alerted"
            imports.fail(store(), request.networker_id, request.import_id, reason, clock.now())
        raise
    if job is None:
        logger.info("Chunk already taken", extra=request.model_dump())
        return
    logger.info("Chunk taken", extra=request.model_dump() | {"processed": job.processed, "status": job.status})
    metrics.add_metric(name="ImportRowsProcessed", unit=MetricUnit.Count, value=job.processed - request.first)


gc.freeze()
gc.enable()


@logger.inject_lambda_context(clear_state=True)
@metrics.log_metrics
def handler(event: dict, context) -> dict:
    return process_partial_response(event=event, record_handler=take, processor=processor, context=context)
