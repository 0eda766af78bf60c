"""The import_contacts handler on in-memory dependencies: a chunk message in, the job advanced once."""

from __future__ import annotations

import pytest

from rapport.adapters.settings import ImportSettings
from rapport.services import imports
from rapport.storage.imports import Files
from tests.unit.functions.conftest import NOW
from tests.unit.test_linkedin import HEADER, PREAMBLE

ROWS = [f"Person,N{n},https://www.linkedin.com/in/person-{n}/,,Acme,CTO,15 Mar 2024" for n in range(5)]


@pytest.fixture
def app(load):
    return load("ImportFunction")


@pytest.fixture
def files(s3) -> Files:
    return Files(s3, "imports")


@pytest.fixture
def deps(app, store, files):
    settings = ImportSettings.model_validate(
        {"TABLE_NAME": "rapport", "IMPORTS_BUCKET": "imports", "IMPORT_MAX_RECEIVES": 3}
    )
    return app.Dependencies(settings, store, files)


def chunk(job, me, first: int, receives: int = 1) -> dict:
    """The import queue's message, as Lambda's SQS event source hands it."""
    body = imports.ChunkRequest(networker_id=me.networker_id, import_id=job.import_id, first=first)
    return {
        "messageId": f"m{first}",
        "receiptHandle": "r",
        "body": body.model_dump_json(),
        "attributes": {"ApproximateReceiveCount": str(receives), "SentTimestamp": "0"},
        "messageAttributes": {},
        "md5OfBody": "",
        "eventSource": "aws:sqs",
        "eventSourceARN": "arn:aws:sqs:us-east-1:123456789012:imports",
        "awsRegion": "us-east-1",
    }


def test_a_chunk_is_taken_once_however_often_it_comes(app, store, files, me, deps, context, monkeypatch):
    monkeypatch.setattr(imports, "CHUNK_ROWS", 3)
    job = imports.start(
        store, files, me, (PREAMBLE + HEADER + "\r\n".join(ROWS) + "\r\n").encode(), "text/csv", None, NOW
    )
    assert app.handler({"Records": [chunk(job, me, 0)]}, context, deps) == {"batchItemFailures": []}
    app.handler({"Records": [chunk(job, me, 0)]}, context, deps)  # again: not counted twice
    assert (store.imports.get(me.networker_id, job.import_id).processed, len(store.contacts.all(me.networker_id))) == (
        3,
        3,
    )
    app.handler({"Records": [chunk(job, me, 3)]}, context, deps)
    done = store.imports.get(me.networker_id, job.import_id)
    assert (done.status, done.processed, done.created) == ("done", 5, 5)


def test_a_chunk_failing_on_its_last_try_fails_the_job_and_keeps_the_file(app, store, files, me, deps, context):
    job = imports.start(store, files, me, (PREAMBLE + HEADER + ROWS[0] + "\r\n").encode(), "text/csv", None, NOW)

    def down(*_):
        raise OSError("the bucket is down")

    files.get = down
    assert app.handler({"Records": [chunk(job, me, 0, receives=1)]}, context, deps)["batchItemFailures"] == [
        {"itemIdentifier": "m0"}
    ]
    assert store.imports.get(me.networker_id, job.import_id).status == "running"  # retried
    app.handler({"Records": [chunk(job, me, 0, receives=3)]}, context, deps)
    failed = store.imports.get(me.networker_id, job.import_id)
    assert failed.status == "failed" and "your file is kept" in failed.failure
