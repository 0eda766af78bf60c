"""Meeting new people on purpose: who knows whom, and the warm paths to the people to meet."""

from __future__ import annotations

from http import HTTPStatus
from typing import Annotated

import examples as ex
import examples_introductions as ex_intro
from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body, Path
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from rapport import clock
from rapport.domain.links import KnowsRequest
from rapport.services import links
from rapport.services.links import Known, WarmPaths

from context import profile, store
from http_errors import responses
from link_schemas import KnownList

router = APIGatewayHttpRouter()

ContactId = Annotated[str, Path(min_length=1, max_length=64, openapi_examples=ex.an_id("Thomas Bernard", ex.THOMAS))]
OtherId = Annotated[str, Path(min_length=1, max_length=64, openapi_examples=ex.an_id("Claire Martin", ex.CLAIRE))]


@router.post(
    "/contacts/<contact_id>/knows",
    summary="Note who knows whom",
    description="This contact knows that one, this well (noting it again changes the closeness). Links go both ways.",
    tags=["to meet"],
    responses=responses(Known, examples=ex_intro.KNOWN),
)
def note_knows(contact_id: ContactId, request: Annotated[KnowsRequest, Body(openapi_examples=ex_intro.KNOWS)]) -> Known:
    return links.knows(store(), profile(), contact_id, request, clock.now())


@router.get(
    "/contacts/<contact_id>/knows",
    summary="Whom a contact knows",
    description="Whom this contact knows, closest first.",
    tags=["to meet"],
    responses=responses(KnownList, examples=ex_intro.KNOWN_LIST),
)
def list_knows(contact_id: ContactId) -> KnownList:
    return KnownList(items=links.known_by(store(), profile(), contact_id))


@router.delete(
    "/contacts/<contact_id>/knows/<other_id>",
    summary="Forget a link",
    description="The two no longer count as knowing each other (both ways).",
    status_code=204,
    tags=["to meet"],
    responses=responses(None, HTTPStatus.NO_CONTENT),
)
def forget_knows(contact_id: ContactId, other_id: OtherId):
    links.forget_link(store(), profile(), contact_id, other_id)
    return Response(HTTPStatus.NO_CONTENT)


@router.get(
    "/contacts/<contact_id>/paths",
    summary="Warm paths to someone to meet",
    description="Who could introduce you to this contact to meet: paths through people you have met, best first.",
    tags=["to meet"],
    responses=responses(WarmPaths, examples=ex_intro.PATHS),
)
def warm_paths(contact_id: ContactId) -> WarmPaths:
    return links.warm_paths(store(), profile(), contact_id, clock.now())
