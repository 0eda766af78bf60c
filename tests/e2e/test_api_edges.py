"""The API's edges over real HTTP through the local gateway: bad bytes, unknown methods, retried creations."""

from __future__ import annotations

import json

import pytest

from infra.local.runtime import Runtime
from tests.e2e.conftest import Client, http_request


@pytest.fixture(scope="module")
def local(tmp_path_factory):
    runtime = Runtime(tmp_path_factory.mktemp("state"), background=False)
    runtime.start()
    yield Client(runtime)
    runtime.stop()


def send(local: Client, method: str, path: str, body: bytes | None = None, **headers: str):
    headers = {"Authorization": f"Bearer {local.token}", "Content-Type": "application/json", **headers}
    return http_request(local.base_url, method, path, body, {k.replace("_", "-"): v for k, v in headers.items()})


@pytest.mark.parametrize(
    ("body", "status", "reason"),
    [
        ('{"name": "Ren\xe9"}'.encode("latin-1"), 400, "is not UTF-8 text"),
        (b"[" * 1000 + b"]" * 1000, 400, "nests deeper than 32 levels"),
        (b'{"name": "Ana\\u0000"}', 422, "holds the invisible character U+0000, which text may not hold"),
    ],
)
def test_bad_bytes_are_a_4xx_with_the_reason(local, body, status, reason):
    reply = send(local, "POST", "/contacts", body)
    assert reply.status == status and reason in [e["reason"] for e in reply.json["errors"]]


@pytest.mark.parametrize("method", ["TRACE", "PROPFIND", "CONNECT", "BREW"])
@pytest.mark.parametrize("token", [True, False])
def test_an_unknown_method_is_a_json_answer_never_an_html_page(local, method, token):
    headers = {"Authorization": f"Bearer {local.token}"} if token else {}
    reply = http_request(local.base_url, method, "/contacts", None, headers)
    assert reply.headers["content-type"] == "application/json"
    # With a token the catch-all route takes it to the function (404); without, the authorizer refuses it first.
    assert (reply.status, reply.json["message"]) == ((404, "Not Found") if token else (401, "Unauthorized"))


def test_a_path_no_route_takes_is_api_gateways_404(local):
    reply = http_request(local.base_url, "TRACE", "/", None, {})  # `/{proxy+}` takes all but `/`
    assert (reply.status, reply.json) == (404, {"message": "Not Found"})


def test_a_retried_touch_is_logged_once(local):
    contact = local.post("/contacts", {"name": "Ana"}).json["contact_id"]
    touch = json.dumps({"kind": "call", "occurred_at": "2026-01-02T10:00:00Z", "contact_ids": [contact]}).encode()
    first = send(local, "POST", "/interactions", touch, Idempotency_Key="a-client-retry")
    retried = send(local, "POST", "/interactions", touch, Idempotency_Key="a-client-retry")
    assert first.status == retried.status == 201 and first.json == retried.json
    assert len(local.get(f"/contacts/{contact}/interactions").json["items"]) == 1
    other = send(local, "POST", "/interactions", touch.replace(b"call", b"coffee"), Idempotency_Key="a-client-retry")
    assert other.status == 422 and other.json["errors"][0]["field"] == "Idempotency-Key"
