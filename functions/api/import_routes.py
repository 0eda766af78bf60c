"""Imports: a file of contacts as the request body (LinkedIn's export, vCards, Google's, Outlook's or
Rapport's own CSV), then a job to follow."""

from __future__ import annotations

import base64
from functools import cache
from http import HTTPStatus
from typing import Annotated

import boto3
import examples as ex
import examples_account as ex_account
from aws_lambda_powertools.event_handler import Response, content_types
from aws_lambda_powertools.event_handler.openapi.params import Path, Query
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from rapport import clock
from rapport.domain.import_files import Format
from rapport.services import imports
from rapport.storage.imports import Files

from context import profile, settings, store
from http_errors import links_by, responses
from idempotent import IdempotencyKey, idempotent
from import_schemas import ImportJob, ImportReport

router = APIGatewayHttpRouter()

FormatQuery = Annotated[
    Format | None,
    Query(
        description="How to read the file; detected from its content when left out.",
        openapi_examples=ex.example("vcard", "vCards", "vcard"),
    ),
]
ImportId = Annotated[str, Path(min_length=1, max_length=64, openapi_examples=ex.an_id("An import", ex.IMPORT))]


@cache
def files() -> Files:
    return Files(boto3.client("s3"), settings().imports_bucket)


@router.post(
    "/imports",
    summary="Import your contacts",
    description=(
        "A file of contacts as the body, up to 4 MB and 30,000 people: vCards (text/vcard, from Google Contacts, "
        "iCloud, Outlook, a phone...), Google's, Outlook's or Rapport's own CSV export (text/csv), or LinkedIn's "
        "`Connections.csv` "
        "or its export's zip (application/zip). The format is detected, or named by `format`. Address-book people "
        "become met contacts, LinkedIn connections contacts to meet; known ones (same email, phone or profile URL) "
        "are completed, never "
        "overwritten. Follow the job at its Location."
    ),
    status_code=202,
    tags=["contacts"],
    responses=responses(
        ImportJob,
        HTTPStatus.ACCEPTED,
        examples=ex_account.IMPORT_JOB,
        links=links_by("import_id", "get_import_imports__import_id__get"),
    ),
)
@idempotent(router)
def import_contacts(format: FormatQuery = None, idempotency_key: IdempotencyKey = None):
    return _started(format)


@router.post(
    "/imports/linkedin",
    summary="Import your LinkedIn connections",
    description=(
        "LinkedIn's `Connections.csv` (text/csv) or the whole export's zip (application/zip) as the body, up to 4 "
        "MB: `POST /imports?format=linkedin`. Everyone becomes a contact to meet; follow the job at its Location."
    ),
    status_code=202,
    tags=["to meet"],
    responses=responses(
        ImportJob,
        HTTPStatus.ACCEPTED,
        examples=ex_account.IMPORT_JOB,
        links=links_by("import_id", "get_import_imports__import_id__get"),
    ),
)
@idempotent(router)
def import_linkedin(idempotency_key: IdempotencyKey = None):
    return _started(Format.LINKEDIN)


def _started(format: Format | None) -> Response:
    event = router.current_event
    body = event.body or ""
    data = base64.b64decode(body) if event.is_base64_encoded else body.encode()
    content_type = (event.headers.get("content-type") or "").split(";")[0].strip().lower()
    job = imports.start(store(), files(), profile(), data, content_type, format, clock.now())
    return Response(
        HTTPStatus.ACCEPTED,
        content_types.APPLICATION_JSON,
        ImportJob.of(job).model_dump_json(),
        headers={"Location": f"/imports/{job.import_id}"},
    )


@router.get(
    "/imports/<import_id>",
    summary="Follow an import",
    description="Where an import stands: running, done or failed, the counts so far and the rows rejected.",
    tags=["contacts"],
    responses=responses(ImportReport, examples=ex_account.IMPORT_REPORT),
)
def get_import(import_id: ImportId) -> ImportReport:
    return ImportReport.with_rejections(*imports.report(store(), profile(), import_id))
