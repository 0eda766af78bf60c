"""End-to-end: the local runtime in this process, on an ephemeral port, spoken to over real HTTP.

Runtimes here never pump or save in the background: tests drive the streams with `drain()`, so
what they see does not depend on timing.
"""

from __future__ import annotations

import http.client
import json
import queue
import re
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from infra.local.runtime import Runtime
from infra.local.template import ROOT

_DEV_TOKEN = object()
BANNER_TIMEOUT = 180  # seconds for a start, on a busy machine


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


class LocalProcess:
    """`python -m infra.local` on free ports, as `make run` starts it; its addresses read from the banner."""

    def __init__(self, state_dir: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "infra.local", "--port", "0", "--smtp-port", "0", "--state-dir", str(state_dir)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=lambda: [lines.put(line) for line in self.process.stdout], daemon=True).start()
        while not (line := lines.get(timeout=BANNER_TIMEOUT)).startswith("Ctrl-C to stop."):
            if found := re.match(r"\s+API\s+(http://\S+)", line):
                self.url = found.group(1)
            if found := re.match(r"\s+Inbound mail SMTP on [\d.]+:(\d+)", line):
                self.smtp_port = int(found.group(1))
        self.token = (state_dir / "dev-token").read_text()

    def request(self, method: str, path: str, payload: object = None) -> Reply:
        headers = {"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"}
        body = None if payload is None else json.dumps(payload).encode()
        return http_request(self.url, method, path, body, headers)

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=60)

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=120)


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
