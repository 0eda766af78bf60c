"""The real API function behind the local gateway, over HTTP: what is public, what the authorizer
refuses, and that the claims it lets through reach the handler."""

from __future__ import annotations

from datetime import timedelta

import jwt
import pytest
from cryptography.hazmat.primitives import serialization

from infra.local.auth import AUDIENCE, ISSUER, KEY_FILE, LocalIdentityProvider
from infra.local.runtime import Runtime
from rapport import clock
from tests.e2e.conftest import Client


@pytest.fixture(scope="module")
def local(tmp_path_factory):
    runtime = Runtime(tmp_path_factory.mktemp("state"), background=False)
    runtime.start()
    yield Client(runtime)
    runtime.stop()


def sign(local: Client, **changes) -> str:
    """A token signed with the runtime's own key, with some claims changed."""
    key = serialization.load_pem_private_key((local.runtime.state_dir / KEY_FILE).read_bytes(), password=None)
    issued = int(clock.now().timestamp())
    claims = {"sub": local.runtime.identity.networker_sub, "iss": ISSUER, "aud": AUDIENCE, "iat": issued}
    claims |= {"exp": issued + 3600, **changes}
    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": local.runtime.identity.key_id})


def test_health_needs_no_token(local):
    reply = local.get("/health", token=None)

    assert (reply.status, reply.json) == (200, {"status": "ok"})
    assert reply.headers["apigw-requestid"]


def test_the_api_description_and_swagger_ui_need_no_token(local):
    description = local.get("/openapi.json", token=None)
    swagger = local.get("/docs", token=None)

    assert description.status == 200 and "/contacts" in description.json["paths"]
    assert swagger.status == 200 and swagger.headers["content-type"].startswith("text/html")


def test_the_dev_token_reaches_the_handler_as_verified_claims(local):
    reply = local.get("/me")

    assert reply.status == 200, reply.body
    assert reply.json["networker_id"] == local.runtime.identity.networker_sub


@pytest.mark.parametrize(
    "token",
    [
        pytest.param(lambda local: None, id="no token"),
        pytest.param(
            lambda local: LocalIdentityProvider(local.runtime.state_dir / "stranger").issue_token(
                local.runtime.identity.networker_sub, "me@example.com", "Me", timedelta(hours=1)
            ),
            id="another key",
        ),
        pytest.param(
            lambda local: local.token[:-4] + ("AAAA" if not local.token.endswith("AAAA") else "BBBB"),
            id="bad signature",
        ),
        pytest.param(lambda local: sign(local, exp=int(clock.now().timestamp()) - 1), id="expired"),
        pytest.param(lambda local: sign(local, aud="another-client"), id="wrong audience"),
        pytest.param(lambda local: sign(local, iss="https://elsewhere.example.com"), id="wrong issuer"),
    ],
)
def test_the_authorizer_refuses_with_401(local, token):
    reply = local.get("/me", token=token(local))

    assert (reply.status, reply.json) == (401, {"message": "Unauthorized"})


def test_a_path_no_route_matches_is_404_from_the_gateway(local):
    reply = local.get("/_local/nowhere", token=None)

    assert (reply.status, reply.json) == (404, {"message": "Not Found"})


def test_a_path_the_api_does_not_know_is_404_from_the_function(local):
    reply = local.get("/nowhere")

    assert reply.status == 404 and reply.json["code"] == "not_found"


def test_drain_answers_what_each_function_consumed(local):
    local.get("/me")  # creates the profile: a write on the stream

    drained = local.drain()

    assert set(drained) <= {"OnChangeFunction"}
    assert local.drain() == {}
