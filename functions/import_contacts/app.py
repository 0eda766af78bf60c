"""Takes a LinkedIn import one chunk at a time, from the import queue the stream reaction feeds.

Each message names a job and where its chunk starts; the chunk advances the job (once, however often
the message comes), and the stream reaction enqueues the next one. A chunk that keeps failing marks
the job failed on its last try (the file is kept), then goes to the dead letters.
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
from rapport.adapters.settings import ImportSettings, load
from rapport.services import imports
from rapport.services.imports import ChunkRequest
from rapport.storage import Store
from rapport.storage.imports import Files

logger = Logger()
metrics = Metrics()
processor = BatchProcessor(event_type=EventType.SQS, raise_on_entire_batch_failure=False)


@dataclass(frozen=True)
class Dependencies:
    """What the function reads and writes; tests pass in-memory ones (tests/fakes)."""

    settings: ImportSettings
    store: Store
    files: Files


@cache
def settings() -> ImportSettings:
    return load(ImportSettings)


@cache
def production() -> Dependencies:
    """The real ones, built once per container."""
    config = settings()
    files = Files(boto3.client("s3"), config.imports_bucket)
    return Dependencies(config, Store(boto3.client("dynamodb"), config.table_name), files)


def take(record: SQSRecord, deps: Dependencies) -> None:
    request = ChunkRequest.model_validate_json(record.body)
    store = deps.store
    try:
        job = imports.run_chunk(store, deps.files, request.networker_id, request.import_id, request.first, clock.now())
    except Exception:
        if int(record.attributes.approximate_receive_count) >= deps.settings.max_receives:
            reason = "an internal error stopped it; your file is kept and the team is alerted"
            imports.fail(store, request.networker_id, request.import_id, reason, clock.now())
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
def handler(event: dict, context, deps: Dependencies | None = None) -> dict:
    chosen = deps or production()
    return process_partial_response(
        event=event, record_handler=partial(take, deps=chosen), processor=processor, context=context
    )
