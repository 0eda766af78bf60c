"""Integration: the real handlers against moto, with the stack created from template.yaml."""

from __future__ import annotations

import base64
import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from moto import mock_aws
from rapport import clock

from infra.local.functions import apply_environment, cold_start, load_handler
from infra.local.invoker import Invoker, read_configs
from infra.local.provision import create_stack, use_local_aws_environment
from infra.local.pumps import StreamPump, drain

NOW = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)


class LambdaContext:
    function_name = "ApiFunction"
    memory_limit_in_mb = 512
    invoked_function_arn = "arn:aws:lambda:us-east-1:123456789012:function:ApiFunction"
    aws_request_id = "test-request"


@pytest.fixture(scope="module")
def stack():
    use_local_aws_environment()
    with mock_aws():
        created = create_stack()
        apply_environment(created)
        cold_start()
        yield created
    cold_start()


@pytest.fixture(autouse=True)
def frozen_clock():
    clock.freeze(NOW)
    yield
    clock.reset()


@dataclass
class Reply:
    status: int
    body: object
    headers: dict


class Api:
    """Calls the API function with HTTP API v2 events, as the authorizer would pass them."""

    def __init__(self, sub: str | None, email: str = "me@example.com", name: str = "Me"):
        self.handler = load_handler("ApiFunction")
        self.claims = {"sub": sub, "email": email, "name": name} if sub else None

    def call(self, method: str, path: str, body=None, *, raw: str | None = None, query: dict | None = None) -> Reply:
        text = raw if raw is not None else (None if body is None else json.dumps(body))
        event = {
            "version": "2.0",
            "routeKey": "ANY /{proxy+}",
            "rawPath": path,
            "rawQueryString": "&".join(f"{k}={v}" for k, v in (query or {}).items()),
            "headers": {"content-type": "application/json", "host": "127.0.0.1"},
            "requestContext": {
                "http": {
                    "method": method,
                    "path": path,
                    "protocol": "HTTP/1.1",
                    "sourceIp": "127.0.0.1",
                    "userAgent": "tests",
                },
                "requestId": "r",
                "routeKey": "ANY /{proxy+}",
                "stage": "$default",
                **({"authorizer": {"jwt": {"claims": self.claims, "scopes": None}}} if self.claims else {}),
            },
            "body": text,
            "isBase64Encoded": False,
        }
        if query:
            event["queryStringParameters"] = {k: str(v) for k, v in query.items()}
        response = self.handler(event, LambdaContext())
        payload = response.get("body") or ""
        if response.get("isBase64Encoded"):
            payload = base64.b64decode(payload).decode()
        is_json = response.get("headers", {}).get("Content-Type", "").startswith("application/json")
        return Reply(
            response["statusCode"], json.loads(payload) if payload and is_json else payload, response.get("headers", {})
        )

    def get(self, path, **kw):
        return self.call("GET", path, **kw)

    def post(self, path, body=None, **kw):
        return self.call("POST", path, body, **kw)

    def patch(self, path, body=None, **kw):
        return self.call("PATCH", path, body, **kw)

    def delete(self, path, **kw):
        return self.call("DELETE", path, **kw)


@pytest.fixture
def api(stack) -> Api:
    """A new networker for every test: tests are isolated the way networkers are."""
    return Api(sub=str(uuid.uuid4()))


@pytest.fixture
def other(stack) -> Api:
    return Api(sub=str(uuid.uuid4()), email="b@example.com", name="B")


class Stream:
    """The table's stream pumped into the real on_change, as its event source mapping would."""

    def __init__(self, stack):
        self.invoker = Invoker({f: load_handler(f) for f in stack.environments}, read_configs(stack))
        self.delivered: list[dict] = []  # every event handed to a stream consumer, for replays
        self.pumps = [
            StreamPump(mapping, self._record, self.invoker.arn(mapping.function), "LATEST")
            for mapping in stack.stream_mappings
        ]

    def _record(self, function: str, event: dict):
        self.delivered.append(event)
        return self.invoker(function, event)

    def drain(self) -> int:
        """Run the reactions until nothing is pending; how many records were consumed."""
        return sum(p.records for p in drain(self.pumps).values())


@pytest.fixture
def stream(stack) -> Stream:
    return Stream(stack)
