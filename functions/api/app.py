"""The HTTP API: parse and validate (Powertools), call one service, answer. No business logic here."""

from __future__ import annotations

import gc

# Init and the first request allocate hundreds of thousands of objects that live as long as the
# container: collecting meanwhile frees nothing and costs tens of ms of every cold start
# (docs/decisions.md, Cold start). Collections resume once the first request is answered.
gc.disable()

from functools import cache
from http import HTTPStatus

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.exceptions import NotFoundError
from aws_lambda_powertools.event_handler.openapi.exceptions import RequestValidationError
from lazy_routers import LazyRoutersResolver

from rapport.domain.errors import Conflict, Gone, InvalidInput, NotFound, TooManyRequests

import http_errors
from context import Unauthorized

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
app.exception_handler(Gone)(http_errors.domain_error(HTTPStatus.GONE, "gone"))
app.exception_handler(TooManyRequests)(http_errors.too_many_requests)


@app.exception_handler(Unauthorized)
def _unauthorized(_: Unauthorized) -> Response:
    return http_errors.error(HTTPStatus.UNAUTHORIZED, "unauthorized", "A verified identity is required.")


@app.not_found
def _no_route(_: NotFoundError) -> Response:
    # An unknown path or method (TRACE, PROPFIND) on the catch-all route: API Gateway's own words for it.
    return http_errors.error(HTTPStatus.NOT_FOUND, "not_found", "Not Found")


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
