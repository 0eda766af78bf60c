"""End-to-end: the local runtime in this process, on an ephemeral port, spoken to over real HTTP.

Runtimes here never pump or save in the background: tests drive the streams with `drain()`, so
what they see does not depend on timing.
"""

from __future__ import annotations

import http.client
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from infra.local.runtime import Runtime

_DEV_TOKEN = object()


@dataclass
class Reply:
    status: int
    headers: dict[str, str]  # names lower-cased
    body: bytes

    @property
    def json(self) -> object:
        return json.loads(self.body)


def http_request(
    base_url: str, method: str, path: str, body: bytes | None = None, headers: dict[str, str] | None = None
) -> Reply:
    parts = urlsplit(base_url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return Reply(response.status, {k.lower(): v for k, v in response.getheaders()}, response.read())
    finally:
        connection.close()


class Client:
    """Speaks to a running Runtime as a networker with the dev token would."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime
        self.base_url = runtime.url
        self.token = runtime.token

    def request(self, method: str, path: str, payload: object = None, *, token: object = _DEV_TOKEN) -> Reply:
        headers = {}
        token = self.token if token is _DEV_TOKEN else token
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        body = None
        if payload is not None:
            body = json.dumps(payload).encode()
            headers["Content-Type"] = "application/json"
        return http_request(self.base_url, method, path, body, headers)

    def get(self, path: str, **options) -> Reply:
        return self.request("GET", path, **options)

    def post(self, path: str, payload: object = None, **options) -> Reply:
        return self.request("POST", path, payload, **options)

    def verify_phone(self, number: str) -> None:
        """PUT /me/phone, then the code texted (read from the outbox) typed back."""
        assert self.request("PUT", "/me/phone", {"phone": number}).status == 202
        self.drain()
        texts = [item["text"] for item in self.get("/_local/outbox").json["items"] if item["recipient"] == number]
        verified = self.post("/me/phone/verify", {"code": texts[-1][:6]})
        assert verified.status == 200, verified.body
        self.drain()

    def drain(self) -> dict:
        reply = self.request("POST", "/_local/drain", token=None)
        assert reply.status == 200, reply.body
        return reply.json


@pytest.fixture
def start_runtime() -> Iterator[Callable[..., Client]]:
    """Starts runtimes (one at a time: moto is per process) and stops any left running."""
    running: list[Runtime] = []

    def start(state_dir: Path, **options) -> Client:
        runtime = Runtime(state_dir, port=0, background=False, **options)
        runtime.start()
        running.append(runtime)
        return Client(runtime)

    yield start
    for runtime in running:
        if runtime.running:
            runtime.stop()


@pytest.fixture
def local(start_runtime, tmp_path) -> Client:
    """A fresh Rapport with the real handlers and an empty state dir."""
    return start_runtime(tmp_path / "state")


def stand_ins(**replaced) -> dict:
    """Handlers for a runtime whose functions do nothing but those named: logical id -> handler."""
    quiet = {
        "ApiFunction": lambda event, context: {"statusCode": 200},
        "OnChangeFunction": lambda event, context: {"batchItemFailures": []},
        "DeliverFunction": lambda event, context: {"batchItemFailures": []},
        "InboundEmailFunction": lambda event, context: None,
    }
    return quiet | replaced
