"""The HTTP API: parse and validate (Powertools), call one service, answer. No business logic here."""

from __future__ import annotations

import gc

# Init allocates hundreds of thousands of objects that live as long as the container: collecting
# while importing frees nothing and cost ~40 ms of every cold start (docs/decisions.md).
gc.disable()

from functools import cache
from http import HTTPStatus

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, Response
from aws_lambda_powertools.event_handler.exceptions import NotFoundError
from aws_lambda_powertools.event_handler.openapi.exceptions import RequestValidationError

from rapport.domain.errors import Conflict, InvalidInput, NotFound, TooManyRequests

import agenda_routes
import contact_routes
import greeting_routes
import http_errors
import import_routes
import inbound_routes
import introduction_routes
import link_routes
import profile_routes
import review_routes
import service_routes
from context import Unauthorized

logger = Logger()
metrics = Metrics()
app = APIGatewayHttpResolver(enable_validation=True)
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


app.include_router(service_routes.router)
app.include_router(profile_routes.router)
app.include_router(contact_routes.router)
app.include_router(agenda_routes.router)
app.include_router(inbound_routes.router)
app.include_router(introduction_routes.router)
app.include_router(link_routes.router)
app.include_router(greeting_routes.router)
app.include_router(import_routes.router)
app.include_router(review_routes.router)


gc.freeze()  # what init built is never garbage: keep it out of every later collection
gc.enable()


# ---------------------------------------------------------------- entry point
@logger.inject_lambda_context(clear_state=True)
@metrics.log_metrics
def handler(event: dict, context) -> dict:
    if event.get("rawPath") == "/docs":
        _enable_swagger_ui()
    return http_errors.refused(event) or app.resolve(event, context)


@cache
def _enable_swagger_ui() -> None:
    """Registered on its first request: Swagger UI's imports would cost every cold start ~60 ms."""
    app.enable_swagger(path="/docs", title=app.openapi_config.title, version=app.openapi_config.version)
