"""The calendar feed, read by calendar apps without signing in: the secret in its address is the proof."""

from __future__ import annotations

from http import HTTPStatus
from typing import Annotated

import examples_account as ex
from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Path
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from rapport import clock
from rapport.domain.calendar_feed import secret_of
from rapport.domain.errors import NotFound
from rapport.services import calendar_feed

from context import store
from http_errors import ErrorBody

router = APIGatewayHttpRouter()

CALENDAR = "text/calendar; charset=utf-8"
# Calendar apps read it again every hour (the feed says so): a browser may keep it a few minutes, nothing
# shared may keep it at all (the address is a secret, and a rotated one must stop answering).
FRESH_FOR = "private, max-age=300"


@router.get(
    "/calendar-feeds/<name>",
    summary="Your calendar feed (iCalendar)",
    description="The address of `calendar_feed_url`, for calendar apps (no token needed: its secret is the proof):"
    " follow-ups, birthdays, planned meetings with their briefs and introductions to follow up, from 30 days ago"
    " to a year ahead. An unknown or rotated address is 404.",
    security=[{}],
    tags=["profile"],
    responses={
        HTTPStatus.OK: {"description": "The calendar", "content": {CALENDAR: {"examples": ex.CALENDAR_FEED}}},
        HTTPStatus.NOT_FOUND: {
            "description": "No calendar feed at this address (unknown or rotated)",
            "content": {"application/json": {"model": ErrorBody}},
        },
        HTTPStatus.UNPROCESSABLE_ENTITY: {
            "description": "No address a feed has (too long)",
            "content": {"application/json": {"model": ErrorBody}},
        },
    },
)
def get_calendar_feed(name: Annotated[str, Path(max_length=200, openapi_examples=ex.CALENDAR_FEED_NAME)]):
    secret = secret_of(name)
    if secret is None:
        raise NotFound("no calendar feed at this address", "name")
    body = calendar_feed.feed(store(), secret, clock.now())
    return Response(HTTPStatus.OK, CALENDAR, body.decode(), headers={"Cache-Control": FRESH_FOR})
