"""The HTTP API: parse and validate (Powertools), call one service, answer. No business logic here."""

from __future__ import annotations

import gc

# Init and the first request allocate hundreds of thousands of objects that live as long as the
# container: collecting meanwhile frees nothing and costs tens of ms of every cold start
# (docs/decisions.md, Cold start). Collections resume once the first request is answered.
gc.disable()

from datetime import datetime
from functools import cache
from http import HTTPStatus
from typing import Annotated

import examples_account as ex
from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.event_handler import Response, content_types
from aws_lambda_powertools.event_handler.exceptions import NotFoundError
from aws_lambda_powertools.event_handler.openapi.exceptions import RequestValidationError
from aws_lambda_powertools.event_handler.openapi.params import Body, Path
from lazy_routers import LazyRoutersResolver
from pydantic import Field

from rapport import clock
from rapport.domain.errors import Conflict, InvalidInput, NotFound, TooManyRequests
from rapport.domain.fields import Email
from rapport.domain.model import Model
from rapport.domain.profile import PhoneCodeSent, PhoneRequest, PhoneVerify, Profile, ProfilePatch, ProfileView
from rapport.services import (
    profiles,
)

import http_errors
import pages
from context import Unauthorized, caller, shown, store
from http_errors import responses
from idempotent import IdempotencyKey, idempotent

logger = Logger()
metrics = Metrics()
app = LazyRoutersResolver(enable_validation=True)  # routers included on first use (lazy_routers.py)
app.configure_openapi(
    title="Rapport API",
    version="1.0.0",
    description="Keep real professional relationships alive: contacts, logged touches, who is due.",
    # A plain dict, not Powertools' HTTPBearer: importing the OpenAPI models costs ~60 ms of cold start.
    security_schemes={
        "jwt": {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "JWT",
            "description": "A Cognito ID or access token.",
        }
    },
    security=[{"jwt": []}],
)


# ---------------------------------------------------------------- errors
app.exception_handler(RequestValidationError)(http_errors.invalid_request)
app.exception_handler(InvalidInput)(http_errors.domain_error(HTTPStatus.UNPROCESSABLE_ENTITY, "invalid_input"))
app.exception_handler(NotFound)(http_errors.domain_error(HTTPStatus.NOT_FOUND, "not_found"))
app.exception_handler(Conflict)(http_errors.domain_error(HTTPStatus.CONFLICT, "conflict"))
app.exception_handler(TooManyRequests)(http_errors.too_many_requests)


@app.exception_handler(Unauthorized)
def _unauthorized(_: Unauthorized) -> Response:
    return http_errors.error(HTTPStatus.UNAUTHORIZED, "unauthorized", "A verified identity is required.")


@app.not_found
def _no_route(_: NotFoundError) -> Response:
    # An unknown path or method (TRACE, PROPFIND) on the catch-all route: API Gateway's own words for it.
    return http_errors.error(HTTPStatus.NOT_FOUND, "not_found", "Not Found")


# ---------------------------------------------------------------- identity
def profile() -> Profile:
    return caller(app.current_event)


# ---------------------------------------------------------------- routes
class Health(Model):
    status: str = "ok"


@app.get(
    "/health",
    summary="Is the API up",
    description="No token needed: answers `ok` while the API answers at all.",
    security=[{}],
    tags=["service"],
    responses={
        HTTPStatus.OK: {"description": "Up", "content": {"application/json": {"model": Health, "examples": ex.HEALTH}}}
    },
)  # {}: no authentication
def health() -> Health:
    return Health()


@app.get("/openapi.json", include_in_schema=False)
def openapi():
    return Response(200, content_types.APPLICATION_JSON, app.get_openapi_json_schema())


@app.get(
    "/me",
    summary="Your profile",
    description="Your settings, addresses, phone and inbound address; created on your first call.",
    tags=["profile"],
    responses=responses(ProfileView, examples=ex.PROFILE),
)
def get_me() -> ProfileView:
    return shown(profile())


@app.patch(
    "/me",
    summary="Change your settings",
    description=(
        "An address added to `emails` gets a confirmation link; mail from it is logged once it is confirmed."
        " A new `timezone` moves every follow-up date, the digest and the weekly review with it."
    ),
    tags=["profile"],
    responses=responses(ProfileView, examples=ex.PROFILE),
)
def patch_me(patch: Annotated[ProfilePatch, Body(openapi_examples=ex.PROFILE_CHANGE)]) -> ProfileView:
    return shown(profiles.update(store(), profile(), patch, clock.now()))


@app.put(
    "/me/phone",
    summary="Text a code to a phone number",
    description=(
        "Text a 6-digit code to this number; it becomes yours with POST /me/phone/verify within 10 minutes."
        " At most 3 codes an hour and 10 a day, for you and to the number (429 beyond). A national number that"
        " is no number in your region is refused with the international form to write."
    ),
    status_code=202,
    tags=["profile"],
    responses=responses(PhoneCodeSent, HTTPStatus.ACCEPTED, examples=ex.PHONE_SENT, limited=True),
)
@idempotent(app)
def set_phone(
    request: Annotated[PhoneRequest, Body(openapi_examples=ex.PHONE)], idempotency_key: IdempotencyKey = None
) -> PhoneCodeSent:
    return profiles.request_phone_code(store(), profile(), request, clock.now())


@app.post(
    "/me/phone/verify",
    summary="Verify your phone with the code",
    description=(
        "The code texted to the number: SMS digests and SMS commands then use it. 5 wrong codes for a number"
        " in an hour, whichever codes were sent, and it waits (429)."
    ),
    tags=["profile"],
    responses=responses(ProfileView, examples=ex.PROFILE, limited=True),
)
def verify_phone(request: Annotated[PhoneVerify, Body(openapi_examples=ex.PHONE_CODE)]) -> ProfileView:
    return shown(profiles.verify_phone(store(), profile(), request, clock.now()))


@app.delete(
    "/me/phone",
    summary="Remove your phone",
    description="No more SMS digests or SMS commands until a phone is verified again.",
    status_code=204,
    tags=["profile"],
    responses=responses(None, HTTPStatus.NO_CONTENT),
)
def delete_phone():
    profiles.remove_phone(store(), profile(), clock.now())
    return Response(HTTPStatus.NO_CONTENT)


@app.post(
    "/me/inbound-address/rotate",
    summary="Get a new inbound address",
    description="A new secret inbound address; mail to the old one is no longer logged.",
    tags=["profile"],
    responses=responses(ProfileView, examples=ex.PROFILE),
)
def rotate_inbound_address() -> ProfileView:
    return shown(profiles.rotate_inbound_address(store(), profile(), clock.now()))


class ConfirmationRequest(Model):
    model_config = {"extra": "forbid"}

    email: Email = Field(description="One of your addresses not confirmed yet.")


class ConfirmationSent(Model):
    email: str
    expires_at: datetime


@app.post(
    "/me/email-confirmations",
    summary="Send a confirmation link again",
    description="Send a new confirmation link to one of your addresses.",
    status_code=202,
    tags=["profile"],
    responses=responses(ConfirmationSent, HTTPStatus.ACCEPTED, examples=ex.CONFIRMATION_SENT),
)
def resend_confirmation(
    request: Annotated[ConfirmationRequest, Body(openapi_examples=ex.CONFIRMATION)],
) -> ConfirmationSent:
    sent = profiles.resend_confirmation(store(), profile(), request.email, clock.now())
    return ConfirmationSent(email=sent.address, expires_at=sent.expires_at)


@app.get(
    "/email-confirmations/<token>",
    summary="Confirm an address (the emailed link)",
    description="The link in the confirmation email (no token needed: the link is the proof).",
    security=[{}],
    tags=["profile"],
    responses={
        HTTPStatus.OK: {
            "description": "Confirmed (a page for the browser)",
            "content": {"text/html": {"examples": ex.CONFIRMED_PAGE}},
        },
        HTTPStatus.NOT_FOUND: {"description": "Unknown, used or expired link", "content": {"text/html": {}}},
    },
)
def confirm_email(token: Annotated[str, Path(min_length=10, max_length=100, openapi_examples=ex.EMAIL_TOKEN)]):
    try:
        confirmed, address = profiles.confirm(store(), token, clock.now())
    except NotFound as missing:
        return Response(HTTPStatus.NOT_FOUND, content_types.TEXT_HTML, pages.confirmation_failed(missing.message))
    return Response(HTTPStatus.OK, content_types.TEXT_HTML, pages.confirmed(address, confirmed.locale))


# ---------------------------------------------------------------- entry point
@logger.inject_lambda_context(clear_state=True)
@metrics.log_metrics
def handler(event: dict, context) -> dict:
    if event.get("rawPath") == "/docs":
        _enable_swagger_ui()
    try:
        return http_errors.refused(event) or app.resolve(event, context)
    finally:
        _collect_from_now_on()


@cache
def _collect_from_now_on() -> None:
    """After the first request: what init and that request built (the DynamoDB client, the models'
    validators) lives as long as the container: keep it out of every later collection."""
    gc.freeze()
    gc.enable()


@cache
def _enable_swagger_ui() -> None:
    """Registered on its first request: Swagger UI's imports would cost every cold start ~60 ms."""
    app.enable_swagger(path="/docs", title=app.openapi_config.title, version=app.openapi_config.version)
