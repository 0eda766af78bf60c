"""Inbound email, the networker's side: what was quarantined, and the people suggested."""

from __future__ import annotations

from http import HTTPStatus
from typing import Annotated
from urllib.parse import unquote

import examples as ex
import examples_account as ex_account
from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body, Path
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from rapport import clock
from rapport.domain.inbound import SuggestionAccept
from rapport.services import quarantine, suggestions

from context import profile, store
from http_errors import responses
from inbound_schemas import Quarantined, QuarantineList, Suggestion, SuggestionList
from interaction_schemas import Interaction

router = APIGatewayHttpRouter()


QuarantineId = Annotated[
    str, Path(min_length=1, max_length=64, openapi_examples=ex.an_id("A deck from an assistant", ex.QUARANTINED))
]
SuggestedEmail = Annotated[
    str,
    Path(
        min_length=3,
        max_length=254,
        description="The suggested address.",
        openapi_examples=ex.example("hugo", "Hugo Lambert", "hugo@lumenbio.fr"),
    ),
]


@router.get(
    "/inbound/quarantine",
    summary="Mail that was not logged",
    description="Mail sent to your inbound address that was not logged, with the reasons, newest first.",
    tags=["inbound email"],
    responses=responses(QuarantineList, examples=ex_account.QUARANTINE),
)
def list_quarantine() -> QuarantineList:
    return QuarantineList(items=[Quarantined.of(q) for q in quarantine.listed(store(), profile(), clock.now())])


@router.post(
    "/inbound/quarantine/<quarantine_id>/release",
    summary="Log a quarantined message anyway",
    description="Log it anyway, with the people in it who are contacts.",
    status_code=201,
    tags=["inbound email"],
    responses=responses(Interaction, HTTPStatus.CREATED, examples=ex.RELEASED),
)
def release_quarantined(quarantine_id: QuarantineId) -> Interaction:
    return Interaction.of(quarantine.release(store(), profile(), quarantine_id, clock.now()))


@router.delete(
    "/inbound/quarantine/<quarantine_id>",
    summary="Discard a quarantined message",
    description="It is forgotten; the raw message expires with the others.",
    status_code=204,
    tags=["inbound email"],
    responses=responses(None, HTTPStatus.NO_CONTENT),
)
def discard_quarantined(quarantine_id: QuarantineId):
    quarantine.discard(store(), profile(), quarantine_id)
    return Response(HTTPStatus.NO_CONTENT)


@router.get(
    "/inbound/suggestions",
    summary="People suggested from your mail",
    description="People in your mail who are not contacts yet, most seen first (never mailing lists or robots).",
    tags=["inbound email"],
    responses=responses(SuggestionList, examples=ex_account.SUGGESTIONS),
)
def list_suggestions() -> SuggestionList:
    return SuggestionList(items=[Suggestion.of(s) for s in suggestions.listed(store(), profile())])


@router.post(
    "/inbound/suggestions/<email>/accept",
    summary="Make a suggested person a contact",
    description="Make them a contact; the messages that waited for them are logged.",
    status_code=201,
    tags=["inbound email"],
    responses=responses(suggestions.Accepted, HTTPStatus.CREATED, examples=ex_account.ACCEPTED),
)
def accept_suggestion(
    email: SuggestedEmail,
    request: Annotated[SuggestionAccept | None, Body(openapi_examples=ex_account.SUGGESTION_ACCEPT)] = None,
) -> suggestions.Accepted:
    return suggestions.accept(store(), profile(), unquote(email), request or SuggestionAccept(), clock.now())


@router.post(
    "/inbound/suggestions/<email>/ignore",
    summary="Ignore a suggested person",
    description="Never suggest them again.",
    status_code=204,
    tags=["inbound email"],
    responses=responses(None, HTTPStatus.NO_CONTENT),
)
def ignore_suggestion(email: SuggestedEmail):
    suggestions.ignore(store(), profile(), unquote(email))
    return Response(HTTPStatus.NO_CONTENT)
