"""The local sign-in over HTTP: the OAuth2 authorization code exchange with PKCE that the web app
speaks to Cognito's managed login, as a careless or hostile client would try it."""

from __future__ import annotations

import base64
import hashlib
from urllib.parse import parse_qs, urlencode, urlsplit

from infra.local.auth import AUDIENCE
from tests.e2e.conftest import http_request

FORM = {"Content-Type": "application/x-www-form-urlencoded"}
VERIFIER = "v" * 50
CHALLENGE = base64.urlsafe_b64encode(hashlib.sha256(VERIFIER.encode()).digest()).rstrip(b"=").decode()


def _code(local, email: str, redirect: str | None = None) -> tuple[str, str]:
    host = local.base_url.removeprefix("http://")
    redirect = redirect or f"http://{host}/app/signed-in"
    form = {
        "response_type": "code",
        "client_id": AUDIENCE,
        "redirect_uri": redirect,
        "state": "s1",
        "code_challenge": CHALLENGE,
        "code_challenge_method": "S256",
        "email": email,
    }
    reply = http_request(
        local.base_url, "POST", "/_local/oauth2/authorize", urlencode(form).encode(), FORM | {"Host": host}
    )
    assert reply.status == 302, reply.body
    query = parse_qs(urlsplit(reply.headers["location"]).query)
    assert query["state"] == ["s1"]
    return query["code"][0], redirect


def _token(local, **form) -> object:
    return http_request(local.base_url, "POST", "/_local/oauth2/token", urlencode(form).encode(), FORM)


def test_a_code_is_traded_once_with_its_verifier_and_the_refresh_token_until_revoked(local):
    code, redirect = _code(local, "Ada@Example.com")
    base = {"grant_type": "authorization_code", "client_id": AUDIENCE, "redirect_uri": redirect, "code": code}

    assert _token(local, **base, code_verifier="w" * 50).status == 400  # another verifier: and the code is spent
    code, redirect = _code(local, "Ada@Example.com")
    tokens = _token(local, **base | {"code": code}, code_verifier=VERIFIER)
    assert tokens.status == 200 and tokens.headers["cache-control"] == "no-store"
    assert _token(local, **base | {"code": code}, code_verifier=VERIFIER).status == 400  # single use

    me = http_request(local.base_url, "GET", "/me", headers={"Authorization": f"Bearer {tokens.json['id_token']}"})
    assert me.json["emails"][0]["address"] == "ada@example.com"
    refresh = {"grant_type": "refresh_token", "client_id": AUDIENCE, "refresh_token": tokens.json["refresh_token"]}
    assert _token(local, **refresh).status == 200
    revoke = urlencode({"client_id": AUDIENCE, "token": tokens.json["refresh_token"]}).encode()
    assert http_request(local.base_url, "POST", "/_local/oauth2/revoke", revoke, FORM).status == 200
    assert _token(local, **refresh).json["error"] == "invalid_grant"


def test_what_a_hostile_client_sends_is_refused_not_crashed_on(local):
    for token in ("é.é", "not-a-token", "", "x" * 5000):
        reply = _token(local, grant_type="refresh_token", client_id=AUDIENCE, refresh_token=token)
        assert (reply.status, reply.json["error"]) == (400, "invalid_grant"), token
    code, redirect = _code(local, "ada@example.com")
    reply = _token(
        local,
        grant_type="authorization_code",
        client_id=AUDIENCE,
        redirect_uri=redirect,
        code=code,
        code_verifier="é" * 50,
    )
    assert reply.status == 400
    form = {
        "response_type": "code",
        "client_id": AUDIENCE,
        "redirect_uri": "http://evil.example/steal",
        "code_challenge": CHALLENGE,
        "code_challenge_method": "S256",
        "email": "ada@example.com",
    }
    refused = http_request(local.base_url, "POST", "/_local/oauth2/authorize", urlencode(form).encode(), FORM)
    assert refused.status == 400 and "location" not in refused.headers
