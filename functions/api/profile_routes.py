"""The networker's own profile: settings, addresses, phone, inbound address, calendar feed."""

from __future__ import annotations

from http import HTTPStatus
from typing import Annotated

import examples_account as ex
from aws_lambda_powertools.event_handler import Response, content_types
from aws_lambda_powertools.event_handler.openapi.params import Body, Path
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from rapport import clock
from rapport.domain.errors import NotFound
from rapport.domain.profile import PhoneRequest, PhoneVerify, Profile, ProfilePatch
from rapport.services import profiles

import pages
from context import api_url, profile, settings, store
from http_errors import responses
from idempotent import IdempotencyKey, idempotent
from profile_schemas import ConfirmationRequest, ConfirmationSent, PhoneCodeSent, ProfileView

router = APIGatewayHttpRouter()


def shown(of: Profile) -> ProfileView:
    return ProfileView.of(of, settings().inbound_domain, api_url())


@router.get(
    "/me",
    summary="Your profile",
    description="Your settings, addresses, phone, inbound address and calendar feed; created on your first call.",
    tags=["profile"],
    responses=responses(ProfileView, examples=ex.PROFILE),
)
def get_me() -> ProfileView:
    return shown(profile())


@router.patch(
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


@router.put(
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
@idempotent(router)
def set_phone(
    request: Annotated[PhoneRequest, Body(openapi_examples=ex.PHONE)], idempotency_key: IdempotencyKey = None
) -> PhoneCodeSent:
    return PhoneCodeSent.of(profiles.request_phone_code(store(), profile(), request, clock.now()))


@router.post(
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


@router.delete(
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


@router.post(
    "/me/inbound-address/rotate",
    summary="Get a new inbound address",
    description="A new secret inbound address; mail to the old one is no longer logged.",
    tags=["profile"],
    responses=responses(ProfileView, examples=ex.PROFILE),
)
def rotate_inbound_address() -> ProfileView:
    return shown(profiles.rotate_inbound_address(store(), profile(), clock.now()))


@router.post(
    "/me/calendar-feed/rotate",
    summary="Get a new calendar feed address",
    description="A new secret calendar feed address; the old one answers 404 at once (subscribe again with the new"
    " one).",
    tags=["profile"],
    responses=responses(ProfileView, examples=ex.PROFILE),
)
def rotate_calendar_feed() -> ProfileView:
    return shown(profiles.rotate_calendar_feed(store(), profile(), clock.now()))


@router.post(
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


@router.get(
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
