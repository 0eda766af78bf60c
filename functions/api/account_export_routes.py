"""The account export (GDPR article 20): started here, written by the export function, followed here."""

from __future__ import annotations

from functools import cache
from http import HTTPStatus
from typing import Annotated

import boto3
from account_export_schemas import EXPORT, EXPORT_DONE, EXPORT_STARTED, AccountExport
from aws_lambda_powertools.event_handler import Response, content_types
from aws_lambda_powertools.event_handler.openapi.params import Path
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter
from botocore.config import Config
from examples import an_id

from rapport import clock
from rapport.services import account_exports
from rapport.storage.account_exports import Archives

from context import profile, settings, store
from http_errors import links_by, responses
from idempotent import IdempotencyKey, idempotent

router = APIGatewayHttpRouter()

ExportId = Annotated[str, Path(min_length=1, max_length=64, openapi_examples=an_id("An export", EXPORT))]


@cache
def archives() -> Archives:
    # SigV4: the zips are encrypted with KMS, and S3 refuses other signatures for them.
    return Archives(boto3.client("s3", config=Config(signature_version="s3v4")), settings().exports_bucket)


@router.post(
    "/me/export",
    summary="Export everything your account holds",
    description=(
        "Starts writing one zip of everything Rapport keeps about you: every item as JSON, your contacts as "
        "vCard, your calendar as iCalendar, the raw mails still kept, with a README. Answers 202 at once; "
        "follow it at its Location. You get an email with a link to it when it is ready. One export runs at a "
        "time: asked again while one runs, this answers the running one (202, its Location)."
    ),
    status_code=202,
    tags=["profile"],
    responses=responses(
        AccountExport,
        HTTPStatus.ACCEPTED,
        examples=EXPORT_STARTED,
        links=links_by("export_id", "get_account_export_me_export__export_id__get"),
    ),
)
@idempotent(router)
def start_account_export(idempotency_key: IdempotencyKey = None):
    job = account_exports.start(store(), profile(), clock.now())
    return Response(
        HTTPStatus.ACCEPTED,
        content_types.APPLICATION_JSON,
        AccountExport.of(job).model_dump_json(),
        headers={"Location": f"/me/export/{job.export_id}"},
    )


@router.get(
    "/me/export/<export_id>",
    summary="Follow an export, and download it",
    description=(
        "Where an export stands (`items_written` grows while it runs); once done, a fresh `download_url` "
        "valid 15 minutes, each time it is read, until the zip is deleted 7 days later (`expired`)."
    ),
    tags=["profile"],
    responses=responses(AccountExport, examples=EXPORT_DONE),
)
def get_account_export(export_id: ExportId) -> AccountExport:
    now = clock.now()
    job, url = account_exports.view(store(), archives(), profile(), export_id, now)
    return AccountExport.of(job, url, now)
