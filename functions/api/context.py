"""What every route needs: the function's settings, the store, and who is calling."""

from __future__ import annotations

from functools import cache

import boto3
from aws_lambda_powertools.event_handler.api_gateway import BaseRouter

from rapport import clock
from rapport.adapters.settings import ApiSettings, load
from rapport.domain.ids import is_networker_id
from rapport.domain.profile import Profile
from rapport.services import profiles
from rapport.services.profiles import Identity
from rapport.storage import Store


class Unauthorized(Exception):
    pass


@cache
def settings() -> ApiSettings:
    return load(ApiSettings)


@cache
def dynamodb():
    return boto3.client("dynamodb")


@cache
def store() -> Store:
    return Store(dynamodb(), settings().table_name)


def profile() -> Profile:
    """The caller's profile, for any route module: Powertools keeps the request being resolved on
    `BaseRouter` itself, which the app and every router included in it read."""
    return caller(BaseRouter.current_event)


def api_url() -> str:
    """This API's address, as the request reached it (`https://<id>.execute-api...`, whose routes a calendar
    app or an email's link reach without a token): built from the request, since the function's own settings
    cannot name the API that invokes it (a cycle in the template)."""
    event = BaseRouter.current_event
    scheme = event.headers.get("x-forwarded-proto", "https")  # API Gateway sets it; the local gateway too
    return f"{scheme}://{event.request_context.domain_name}"


def caller(event) -> Profile:
    """The caller's profile; the networker id comes from the verified claims only."""
    claims = event.request_context.authorizer.jwt_claim or {}
    # Claims reach the function as strings ("true"): the email is verified only when the token says so.
    verified = str(claims.get("email_verified", "")).lower() == "true"
    identity = Identity(
        networker_id=networker_id(event), email=claims.get("email"), email_verified=verified, name=claims.get("name")
    )
    return profiles.current(store(), identity, clock.now())


def networker_id(event) -> str:
    """The verified `sub`, checked to be what Cognito issues before any key is built with it."""
    sub = (event.request_context.authorizer.jwt_claim or {}).get("sub")
    if not isinstance(sub, str) or not is_networker_id(sub):
        raise Unauthorized()
    return sub
