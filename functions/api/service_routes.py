"""The service itself: is it up, and its OpenAPI document."""

from __future__ import annotations

from http import HTTPStatus

import examples_account as ex
from aws_lambda_powertools.event_handler import Response, content_types
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from rapport.domain.model import Model

router = APIGatewayHttpRouter()


class Health(Model):
    status: str = "ok"


@router.get(
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


@router.get("/openapi.json", include_in_schema=False)
def openapi():
    return Response(200, content_types.APPLICATION_JSON, router.api_resolver.get_openapi_json_schema())
