"""Email actions: the links in the digest (done, snooze a week, unsubscribe), taken without signing in.

A GET never acts (mail scanners fetch links): it answers a page whose form POSTs to the same address,
at once for a line's link, on a click for unsubscribing. The POST acts, as does a mail client's RFC 8058
one-click unsubscribe (its body, `List-Unsubscribe=One-Click`, is not needed: the signed token says it all).
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Annotated

import examples_account as ex
from aws_lambda_powertools.event_handler import Response, content_types
from aws_lambda_powertools.event_handler.openapi.params import Path
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from rapport import clock
from rapport.domain.email_actions import MAX_TOKEN, ActionKind
from rapport.domain.errors import NotFound
from rapport.services import email_actions

import pages
from context import store

router = APIGatewayHttpRouter()

Token = Annotated[str, Path(min_length=1, max_length=MAX_TOKEN, openapi_examples=ex.ACTION_TOKEN)]
_FAILED = {"description": "Unknown, changed or expired link", "content": {"text/html": {}}}


@router.get(
    "/email-actions/<token>",
    summary="What an email's link will do (a page)",
    description="The page a digest's link opens (no token needed: the link is the proof). It acts on nothing: "
    "its form POSTs to the same address, at once for done and snooze, on a click for unsubscribing.",
    security=[{}],
    tags=["reminders"],
    responses={
        HTTPStatus.OK: {"description": "The page", "content": {"text/html": {"examples": ex.ACTION_PAGE}}},
        HTTPStatus.NOT_FOUND: _FAILED,
    },
)
def show_email_action(token: Token):
    try:
        outcome = email_actions.opened(store(), token, clock.now())
    except NotFound as refused:
        return _failed(refused)
    locale, action, app_url = outcome.profile.locale, outcome.action.action, outcome.action.app_url
    if outcome.used:
        page = pages.action_taken(locale, action, outcome.name, already=True, app_url=app_url)
    else:
        submit_now = action is not ActionKind.UNSUBSCRIBE
        page = pages.action_asked(locale, action, outcome.name, submit_now=submit_now, app_url=app_url)
    return Response(HTTPStatus.OK, content_types.TEXT_HTML, page)


@router.post(
    "/email-actions/<token>",
    summary="Take an email's action",
    description="Marks the line's reminders done (a touch logged, as Today's button does) or snoozes them a "
    "week, once; or turns the digest email off (RFC 8058 one-click: `List-Unsubscribe=One-Click`, form "
    "encoded). No token needed: the link is the proof.",
    security=[{}],
    tags=["reminders"],
    responses={
        HTTPStatus.OK: {"description": "Done (a page)", "content": {"text/html": {"examples": ex.ACTION_TAKEN}}},
        HTTPStatus.NOT_FOUND: _FAILED,
        HTTPStatus.CONFLICT: {"description": "Used already (a page)", "content": {"text/html": {}}},
    },
)
def take_email_action(token: Token):
    try:
        outcome = email_actions.act(store(), token, clock.now())
    except NotFound as refused:
        return _failed(refused)
    locale, action = outcome.profile.locale, outcome.action
    page = pages.action_taken(locale, action.action, outcome.name, already=outcome.used, app_url=action.app_url)
    return Response(HTTPStatus.CONFLICT if outcome.used else HTTPStatus.OK, content_types.TEXT_HTML, page)


def _failed(refused: NotFound) -> Response:
    return Response(HTTPStatus.NOT_FOUND, content_types.TEXT_HTML, pages.action_failed(refused.message))
