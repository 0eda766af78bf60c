"""How the API says no: one JSON body for every refusal, with the field and the reason.

Invalid JSON is 400, a valid body that breaks a rule 422, a body over 1 MB 413 and a body not sent
as JSON 415 (both answered before any parsing; an uploaded file has its own types and size), no
identity 401, nothing of that id 404, a race or a duplicate 409, past a limit 429 (with Retry-After).

Every JSON body is read once here before any route sees it (`refused`): bytes that are not UTF-8 and
nesting deeper than `MAX_DEPTH` are 400 (the JSON parser and pydantic would fail on them with
exceptions of their own, not validation errors), and text holding invisible control characters is 422
with the field that holds it (docs/decisions.md).
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from http import HTTPStatus

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import Response, content_types
from aws_lambda_powertools.event_handler.openapi.exceptions import RequestValidationError

from rapport.domain.errors import Conflict, InvalidInput, NotFound, TooManyRequests
from rapport.domain.model import Model

MAX_BODY_BYTES = 1_000_000
# Files uploaded as the body: their types, and a size under Lambda's 6 MB request (base64 included).
_ZIP = {"application/zip", "application/x-zip-compressed"}
UPLOADS = {
    "/imports": ({"text/vcard", "text/x-vcard", "text/csv", *_ZIP}, 4_000_000),
    "/imports/linkedin": ({"text/csv", *_ZIP}, 4_000_000),
}
# An email action's POST carries a form nobody reads (a mail client's one-click unsubscribe, RFC 8058).
FORMS_UNDER = "/email-actions/"
FORMS = ({"application/x-www-form-urlencoded", "multipart/form-data"}, MAX_BODY_BYTES)

# The deepest body the API takes is 4 levels (a touch's `learned`: its needs, each one a label); 32 leaves room
# for any future model and stays far below the recursion of Python's JSON parser and pydantic (~1,000).
MAX_DEPTH = 32
# Refused in any text: control characters but tab, line feed and carriage return (NUL first), the
# bidirectional embeddings, overrides and isolates (they make a name read as another: "Trojan Source"),
# and lone surrogates (not Unicode: DynamoDB cannot store them).
_HIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")

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
    fields = [FieldError(field=field_path(tuple(d.get("loc", ()))), reason=_reason(d)) for d in details]
    return error(HTTPStatus.UNPROCESSABLE_ENTITY, "invalid_input", "Some fields are not valid.", fields)


def _reason(detail: dict) -> str:
    if tuple(detail.get("loc", ())) == ("body",) and detail.get("type") in _NOT_AN_OBJECT:
        return "must be a JSON object"  # an array, a scalar, null or nothing where a route takes an object
    return str(detail.get("msg", "is invalid")).removeprefix("Value error, ")


_NOT_AN_OBJECT = {"missing", "model_attributes_type", "model_type", "dict_type"}


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
    path = event.get("rawPath", "")
    accepted, limit = UPLOADS.get(path) or (
        FORMS if path.startswith(FORMS_UNDER) else ({content_types.APPLICATION_JSON}, MAX_BODY_BYTES)
    )
    if len(body) > limit * (4 / 3 if event.get("isBase64Encoded") else 1):
        return _before_parsing(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "too_large", f"is over {limit // 1_000_000} MB")
    content_type = (event.get("headers") or {}).get("content-type", "").split(";")[0].strip().lower()
    if body and content_type not in accepted:
        # curl -d sends form encoding by default: say what to send instead of failing on fields.
        kinds = " or ".join(sorted(accepted))
        what = "JSON, sent" if accepted == {content_types.APPLICATION_JSON} else "sent"
        reason = f"must be {what} with the header Content-Type: {kinds}"
        return _before_parsing(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type", reason)
    return _unreadable(event) if body and accepted == {content_types.APPLICATION_JSON} else None


def _unreadable(event: dict) -> dict | None:
    """A JSON body no route can read: not UTF-8, nested too deep, or text with hidden characters."""
    try:
        body = base64.b64decode(event["body"]).decode() if event.get("isBase64Encoded") else event["body"]
    except (binascii.Error, UnicodeDecodeError):
        return _before_parsing(HTTPStatus.BAD_REQUEST, "invalid_encoding", "is not UTF-8 text")
    try:
        document = json.loads(body)
    except ValueError:
        return None  # Powertools answers invalid JSON (400) with where it failed
    except RecursionError:  # nested deeper than the parser goes: deeper than the limit too
        return _too_deep()
    return _inspect(document)


def _inspect(document: object) -> dict | None:
    """Nesting deeper than MAX_DEPTH (400), else the first field holding a hidden character (422).
    Walked with a list rather than recursion: the depth is what is being checked."""
    pending = [(document, ("body",), 1)]
    while pending:
        value, location, depth = pending.pop()
        if depth > MAX_DEPTH:
            return _too_deep()
        texts = [(value, location)] if isinstance(value, str) else []
        if isinstance(value, dict):
            texts = [(key, (*location, key)) for key in value]
            pending += [(member, (*location, key), depth + 1) for key, member in value.items()]
        elif isinstance(value, list):
            pending += [(member, (*location, index), depth + 1) for index, member in enumerate(value)]
        for text, where in texts:
            if found := _HIDDEN.search(text):
                reason = f"holds the invisible character U+{ord(found[0]):04X}, which text may not hold"
                fields = [FieldError(field=field_path(where), reason=reason)]
                return _answer(
                    error(HTTPStatus.UNPROCESSABLE_ENTITY, "invalid_input", "Some fields are not valid.", fields)
                )
    return None


def _too_deep() -> dict:
    return _before_parsing(HTTPStatus.BAD_REQUEST, "too_deep", f"nests deeper than {MAX_DEPTH} levels")


def _before_parsing(status: HTTPStatus, code: str, reason: str) -> dict:
    return _answer(error(status, code, f"The body {reason}.", [FieldError(field="body", reason=reason)]))


def _answer(response: Response) -> dict:
    """A refusal as the Lambda's result, answered without Powertools' routing."""
    return {"statusCode": response.status_code, "headers": response.headers, "body": response.body}


class GatewayRefusal(Model):
    """API Gateway's own answer, before the function runs: a missing or bad token is refused by its JWT
    authorizer with `{"message": "Unauthorized"}` (the function's own 401 has the same `message`)."""

    message: str


_ERRORS = {
    HTTPStatus.UNAUTHORIZED: {
        "description": HTTPStatus.UNAUTHORIZED.phrase,
        "content": {"application/json": {"model": GatewayRefusal}},
    }
} | {
    status: {"description": status.phrase, "content": {"application/json": {"model": ErrorBody}}}
    for status in (
        HTTPStatus.BAD_REQUEST,
        HTTPStatus.NOT_FOUND,
        HTTPStatus.CONFLICT,
        HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
        HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
        HTTPStatus.UNPROCESSABLE_ENTITY,
    )
}


def responses(
    success: type | None,
    status: HTTPStatus = HTTPStatus.OK,
    links: dict | None = None,
    *,
    examples: dict | None = None,
    limited: bool = False,
) -> dict:
    """A route's documented answers: its success, and the error body of every failure (429 too, when the
    route has a limit). (Powertools documents the return type only when no responses are given, so it is
    named here.) `examples`: of the success (`examples.example`), for Swagger UI. `links`: what the success
    leads to (OpenAPI links: clients and schemathesis follow the real ids)."""
    # No success body (204): an empty content map, else Powertools documents one from the return type.
    answer = {"description": status.phrase, "content": {}}
    if success is not None:
        answer["content"] = {"application/json": {"model": success} | ({"examples": examples} if examples else {})}
    if links:
        answer["links"] = links
    return {status: answer, **_ERRORS, **({HTTPStatus.TOO_MANY_REQUESTS: _LIMITED} if limited else {})}


def links_by(field: str, *operation_ids: str) -> dict:
    """OpenAPI links passing the answer's `field` as the path parameter of the same name."""
    return {
        operation_id: {"operationId": operation_id, "parameters": {field: f"$response.body#/{field}"}}
        for operation_id in operation_ids
    }
