"""The networker's whole account: its deletion (GDPR art. 17)."""

from __future__ import annotations

from http import HTTPStatus
from typing import Annotated

import examples_account as ex
from account_schemas import AccountDeletion, AccountDeletionRequest
from aws_lambda_powertools.event_handler import Response, content_types
from aws_lambda_powertools.event_handler.openapi.params import Body
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from rapport import clock
from rapport.services import accounts

from context import profile, store
from http_errors import responses

router = APIGatewayHttpRouter()


@router.delete(
    "/me",
    summary="Delete your account",
    description=(
        "Everything of yours goes: contacts, touches, meetings, imports and their files, mail kept, your phone and"
        " addresses, your schedules and your sign-in. `confirm` must be your account's email. Answered at once"
        " (202); the account answers 410 from then on, and its data is gone within minutes."
    ),
    status_code=202,
    tags=["profile"],
    responses=responses(AccountDeletion, HTTPStatus.ACCEPTED, examples=ex.ACCOUNT_DELETION),
)
def delete_me(request: Annotated[AccountDeletionRequest, Body(openapi_examples=ex.ACCOUNT_DELETION_CONFIRM)]):
    me = profile()
    since = clock.now()
    accounts.request_deletion(store(), me, request.confirm, since)
    answer = AccountDeletion.under_way(since, me.locale)
    return Response(HTTPStatus.ACCEPTED, content_types.APPLICATION_JSON, answer.model_dump_json())
