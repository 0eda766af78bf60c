"""The networker's calendars, read by their secret addresses: their touches logged, their meetings planned."""

from __future__ import annotations

from functools import cache
from http import HTTPStatus
from typing import Annotated

import boto3
import examples_calendars as ex
from aws_lambda_powertools.event_handler import Response, content_types
from aws_lambda_powertools.event_handler.openapi.params import Body, Path
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from rapport import clock
from rapport.adapters.secrets import UrlVault
from rapport.services import calendars

from calendar_schemas import Calendar, CalendarAdd, CalendarList
from context import profile, settings, store
from http_errors import links_by, responses
from idempotent import IdempotencyKey, idempotent

router = APIGatewayHttpRouter()

CalendarId = Annotated[str, Path(min_length=1, max_length=64, openapi_examples=ex.an_id("A calendar", ex.CALENDAR))]


@cache
def vault() -> UrlVault:
    return UrlVault(boto3.client("kms"), settings().calendar_key_id)


@router.get(
    "/me/calendars",
    summary="Your calendars",
    description="The calendars Rapport reads, with how their last read went.",
    tags=["calendars"],
    responses=responses(CalendarList, examples=ex.CALENDARS),
)
def list_calendars() -> CalendarList:
    me = profile()
    return CalendarList(calendars=[Calendar.of(source, me.locale) for source in calendars.listed(store(), me)])


@router.post(
    "/me/calendars",
    summary="Add a calendar",
    description=(
        "Rapport reads it every hour (the first time at once): meetings with your contacts that ended become"
        " touches, upcoming ones planned meetings, and the people you meet who are not contacts yet suggestions."
        " The address is a secret: stored encrypted, never shown again in full. At most 10 calendars; the same"
        " one twice is a conflict (409)."
    ),
    status_code=201,
    tags=["calendars"],
    responses=responses(
        Calendar,
        HTTPStatus.CREATED,
        examples=ex.CALENDAR_ADDED,
        links=links_by("calendar_id", "remove_calendar_me_calendars__calendar_id__delete"),
    ),
)
@idempotent(router)
def add_calendar(
    request: Annotated[CalendarAdd, Body(openapi_examples=ex.CALENDAR_ADD)], idempotency_key: IdempotencyKey = None
):
    me = profile()
    loopback = settings().calendars_allow_loopback_http  # the local runtime's only
    source = calendars.add(store(), vault(), me, request.url, clock.now(), allow_loopback_http=loopback)
    return Response(
        HTTPStatus.CREATED,
        content_types.APPLICATION_JSON,
        Calendar.of(source, me.locale).model_dump_json(),
        headers={"Location": f"/me/calendars/{source.calendar_id}"},
    )


@router.delete(
    "/me/calendars/<calendar_id>",
    summary="Remove a calendar",
    description="Rapport stops reading it; the touches and meetings it made stay.",
    status_code=204,
    tags=["calendars"],
    responses=responses(None, HTTPStatus.NO_CONTENT),
)
def remove_calendar(calendar_id: CalendarId):
    calendars.remove(store(), profile(), calendar_id)
    return Response(HTTPStatus.NO_CONTENT)
