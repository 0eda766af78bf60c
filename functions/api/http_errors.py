"""How the API says no: one JSON body for every refusal, with the field and the reason.

Invalid JSON is 400, a valid body that breaks a rule 422, a body over 1 MB 413 and a body not sent
as JSON 415 (both answered before any parsing; an uploaded file has its own types and size), no
identity 401, nothing of that id 404, a race or a duplicate 409, past a limit 429 (with Retry-After).
"""

from __future__ import annotations

from http import HTTPStatus

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import Response, content_types
from aws_lambda_powertools.event_handler.openapi.exceptions import RequestValidationError

from rapport.domain.errors import Conflict, InvalidInput, NotFound, TooManyRequests
from rapport.domain.model import Model

MAX_BODY_BYTES = 1_000_000
# Files uploaded as the body: their types, and a size under Lambda's 6 MB request (base64 included).
UPLOADS = {"/imports/linkedin": ({"text/csv", "application/zip", "application/x-zip-compressed"}, 4_000_000)}

logger = Logger(child=True)


class FieldError(Model):
    field: str
    reason: str


class ErrorBody(Model):
    code: str
    message: str
    errors: list[FieldError] = []


def error(status: HTTPStatus, code: str, message: str, errors: list[FieldError] = ()) -> Response:
    # Field names only: a value may be personal (an address, a phone number).
    logger.info("Request refused", extra={"status": int(status), "code": code, "fields": [e.field for e in errors]})
    body = ErrorBody(code=code, message=message, errors=list(errors))
    return Response(status_code=status, content_type=content_types.APPLICATION_JSON, body=body.model_dump_json())


def invalid_request(failure: RequestValidationError) -> Response:
    """Powertools' validation errors, with each field named as a client would address it."""
    details = failure.errors()
    if any(d.get("type") == "json_invalid" for d in details):
        not_json = [FieldError(field="body", reason="is not valid JSON")]
        return error(HTTPStatus.BAD_REQUEST, "invalid_json", "The body is not valid JSON.", not_json)
    fields = [
        FieldError(
            field=field_path(tuple(d.get("loc", ()))),
            reason=str(d.get("msg", "is invalid")).removeprefix("Value error, "),
        )
        for d in details
    ]
    return error(HTTPStatus.UNPROCESSABLE_ENTITY, "invalid_input", "Some fields are not valid.", fields)


def domain_error(status: HTTPStatus, code: str):
    """The handler of one domain error class: one status code per class, never by message text."""

    def handle(failure: InvalidInput | NotFound | Conflict) -> Response:
        errors = [FieldError(field=failure.field, reason=failure.message)] if failure.field else []
        return error(status, code, failure.message, errors)

    return handle


def too_many_requests(failure: TooManyRequests) -> Response:
    """429 past a limit, with the seconds to wait in Retry-After (the message says when, too)."""
    response = domain_error(HTTPStatus.TOO_MANY_REQUESTS, "too_many_requests")(failure)
    response.headers["Retry-After"] = str(failure.retry_after)
    return response


# The answer of a route with a limit (`responses(..., limited=True)`).
_LIMITED = {
    "description": "Too many requests: wait the seconds in Retry-After (the message says when).",
    "headers": {"Retry-After": {"description": "Seconds to wait.", "schema": {"type": "integer"}}},
    "content": {"application/json": {"model": ErrorBody}},
}


def field_path(location: tuple) -> str:
    """('body', 'emails', 0) -> 'emails[0]'; ('query', 'limit') -> 'limit'."""
    path = ""
    for part in location[1:] if location and location[0] in ("body", "query", "path") else location:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path or "body"


def refused(event: dict) -> dict | None:
    """Bodies the API cannot take, answered before any parsing (as the Lambda result)."""
    body = event.get("body") or ""
    accepted, limit = UPLOADS.get(event.get("rawPath", ""), ({content_types.APPLICATION_JSON}, MAX_BODY_BYTES))
    if len(body) > limit * (4 / 3 if event.get("isBase64Encoded") else 1):
        return _before_parsing(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "too_large", f"is over {limit // 1_000_000} MB")
    content_type = (event.get("headers") or {}).get("content-type", "").split(";")[0].strip().lower()
    if body and content_type not in accepted:
        # curl -d sends form encoding by default: say what to send instead of failing on fields.
        kinds = " or ".join(sorted(accepted))
        what = "JSON, sent" if accepted == {content_types.APPLICATION_JSON} else "sent"
        reason = f"must be {what} with the header Content-Type: {kinds}"
        return _before_parsing(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type", reason)
    return None


def _before_parsing(status: HTTPStatus, code: str, reason: str) -> dict:
    response = error(status, code, f"The body {reason}.", [FieldError(field="body", reason=reason)])
    return {"statusCode": response.status_code, "headers": response.headers, "body": response.body}


_ERRORS = {
    status: {"description": status.phrase, "content": {"application/json": {"model": ErrorBody}}}
    for status in (
        HTTPStatus.BAD_REQUEST,
        HTTPStatus.UNAUTHORIZED,
        HTTPStatus.NOT_FOUND,
        HTTPStatus.CONFLICT,
        HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
        HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
        HTTPStatus.UNPROCESSABLE_ENTITY,
    )
}


def responses(success: type | None, status: HTTPStatus = HTTPStatus.OK, *, limited: bool = False) -> dict:
    """A route's documented answers: its success, and the error body of every failure (429 too, when the
    route has a limit). (Powertools documents the return type only when no responses are given, so it is
    named here.)"""
    answer = {"description": status.phrase}
    if success is not None:
        answer["content"] = {"application/json": {"model": success}}
    return {status: answer, **_ERRORS, **({HTTPStatus.TOO_MANY_REQUESTS: _LIMITED} if limited else {})}
