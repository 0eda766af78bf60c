"""API Gateway HTTP API payload format 2.0: the event a request becomes, and what a response means.

Built from the AWS documentation of the Lambda proxy integration (payload format version 2.0),
so the real handler sees locally what it sees behind API Gateway.
"""

from __future__ import annotations

import base64
import json
import os
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import parse_qsl

from infra.local.routing import Match

# API Gateway passes these bodies as text; any other content type (or none) arrives base64-encoded.
_TEXT_TYPES = ("application/json", "application/javascript", "application/xml")
_TEXT_SUFFIXES = ("+json", "+xml")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class Request:
    method: str
    raw_path: str
    raw_query: str
    headers: list[tuple[str, str]]  # as received, repeated names included
    body: bytes
    source_ip: str
    protocol: str  # HTTP/1.1


@dataclass(frozen=True)
class Response:
    status: int
    headers: list[tuple[str, str]]
    body: bytes


def request_id() -> str:
    """An id shaped like API Gateway's (it also answers it in `apigw-requestid`)."""
    return base64.b64encode(os.urandom(11)).decode()


def _is_text(content_type: str | None) -> bool:
    if not content_type:
        return False
    media_type = content_type.split(";", 1)[0].strip().lower()
    return media_type.startswith("text/") or media_type in _TEXT_TYPES or media_type.endswith(_TEXT_SUFFIXES)


def _claim_text(value: object) -> str:
    """API Gateway hands JWT claims over as strings: `true`, `1700000000`, `[a b]` for a list."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + " ".join(_claim_text(member) for member in value) + "]"
    if isinstance(value, dict):
        return json.dumps(value, separators=(",", ":"))
    return str(value)


def build_event(
    request: Request, match: Match, claims: dict | None, *, now: datetime, request_id: str, api_id: str, account_id: str
) -> dict:
    headers: dict[str, str] = {}
    cookies: list[str] = []
    for name, value in request.headers:
        if name.lower() == "cookie":
            cookies.extend(part.strip() for part in value.split(";") if part.strip())
            continue
        key = name.lower()
        headers[key] = f"{headers[key]},{value}" if key in headers else value
    headers["x-forwarded-proto"] = "http"  # as API Gateway says how it was reached (https there)
    domain_name = headers.get("host", "127.0.0.1")
    query: dict[str, str] = {}
    for key, value in parse_qsl(request.raw_query, keep_blank_values=True):
        query[key] = f"{query[key]},{value}" if key in query else value
    route_key = f"{match.route.method} {match.route.path}"
    context = {
        "accountId": account_id,
        "apiId": api_id,
        "domainName": domain_name,
        "domainPrefix": domain_name.split(".", 1)[0],
        "http": {
            "method": request.method,
            "path": request.raw_path,
            "protocol": request.protocol,
            "sourceIp": request.source_ip,
            "userAgent": headers.get("user-agent", ""),
        },
        "requestId": request_id,
        "routeKey": route_key,
        "stage": "$default",
        "time": f"{now:%d}/{_MONTHS[now.month - 1]}/{now:%Y:%H:%M:%S} +0000",
        "timeEpoch": int(now.timestamp() * 1000),
    }
    if claims is not None:
        scope = claims.get("scope")
        context["authorizer"] = {
            "jwt": {
                "claims": {name: _claim_text(value) for name, value in claims.items()},
                "scopes": scope.split() if isinstance(scope, str) else None,
            }
        }
    event = {
        "version": "2.0",
        "routeKey": route_key,
        "rawPath": request.raw_path,
        "rawQueryString": request.raw_query,
        "headers": headers,
        "requestContext": context,
        "isBase64Encoded": False,
    }
    if cookies:
        event["cookies"] = cookies
    if query:
        event["queryStringParameters"] = query
    if match.path_parameters:
        event["pathParameters"] = match.path_parameters
    if request.body:
        text = _is_text(headers.get("content-type"))
        try:
            event["body"] = request.body.decode() if text else base64.b64encode(request.body).decode()
            event["isBase64Encoded"] = not text
        except UnicodeDecodeError:
            event["body"], event["isBase64Encoded"] = base64.b64encode(request.body).decode(), True
    return event


def json_response(status: int, payload: object, headers: tuple[tuple[str, str], ...] = ()) -> Response:
    body = json.dumps(payload, separators=(",", ":")).encode()
    return Response(status, [("content-type", "application/json"), *headers], body)


def interpret(result: object) -> Response:
    """What API Gateway makes of a function's result (format 2.0); ValueError if it cannot.

    A dict with `statusCode` is a full response. Any other JSON value is the body of a 200
    `application/json` response: format 2.0 infers the rest.
    """
    if not (isinstance(result, dict) and "statusCode" in result):
        return json_response(200, result)
    status = result["statusCode"]
    if isinstance(status, bool) or not isinstance(status, int) or not 100 <= status <= 599:
        raise ValueError(f"invalid statusCode {status!r}")
    headers = [(str(name), str(value)) for name, value in (result.get("headers") or {}).items()]
    headers += [("set-cookie", str(cookie)) for cookie in result.get("cookies") or []]
    body = result.get("body") or ""
    if not isinstance(body, str):
        raise ValueError(f"body must be a string, got {type(body).__name__}")
    return Response(status, headers, base64.b64decode(body) if result.get("isBase64Encoded") else body.encode())
