"""The development identity: stable across restarts, and checked as API Gateway's JWT authorizer checks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import jwt
import pytest
from cryptography.hazmat.primitives import serialization

from infra.local.auth import AUDIENCE, ISSUER, KEY_FILE, LocalIdentityProvider, Unauthorized
from rapport import clock

NOW = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
HOUR = timedelta(hours=1)


@pytest.fixture(autouse=True)
def frozen_clock():
    clock.freeze(NOW)
    yield
    clock.reset()


@pytest.fixture
def idp(tmp_path) -> LocalIdentityProvider:
    return LocalIdentityProvider(tmp_path)


def signed(idp: LocalIdentityProvider, state_dir, **changes) -> str:
    """A token signed with the provider's own key, its claims changed as given (None removes one)."""
    key = serialization.load_pem_private_key((state_dir / KEY_FILE).read_bytes(), password=None)
    issued = int(NOW.timestamp())
    claims = {"sub": idp.networker_sub, "iss": ISSUER, "aud": AUDIENCE, "iat": issued, "exp": issued + 3600}
    claims.update(changes)
    claims = {name: value for name, value in claims.items() if value is not None}
    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": idp.key_id})


def test_an_issued_token_verifies_with_or_without_the_bearer_prefix(idp):
    token = idp.issue_token(idp.networker_sub, "me@example.com", "Me", HOUR)

    for header in (f"Bearer {token}", f"bearer {token}", token):
        claims = idp.verify(header)
        assert (claims["sub"], claims["email"], claims["name"]) == (idp.networker_sub, "me@example.com", "Me")


def test_the_key_and_the_networker_survive_a_restart(tmp_path, idp):
    token = idp.issue_token(idp.networker_sub, "me@example.com", "Me", HOUR)

    again = LocalIdentityProvider(tmp_path)

    assert again.networker_sub == idp.networker_sub
    assert again.verify(token)["sub"] == idp.networker_sub
    assert (tmp_path / KEY_FILE).stat().st_mode & 0o077 == 0


def test_a_token_of_another_key_is_refused(tmp_path, idp):
    stranger = LocalIdentityProvider(tmp_path / "elsewhere")

    with pytest.raises(Unauthorized, match="kid"):
        idp.verify(stranger.issue_token(idp.networker_sub, "me@example.com", "Me", HOUR))


def test_a_tampered_token_is_refused(idp):
    header, payload, signature = idp.issue_token(idp.networker_sub, "me@example.com", "Me", HOUR).split(".")
    forged_payload = jwt.utils.base64url_encode(
        b'{"sub":"someone-else","iss":"%s","aud":"%s","exp":9999999999}' % (ISSUER.encode(), AUDIENCE.encode())
    ).decode()

    with pytest.raises(Unauthorized, match="Signature"):
        idp.verify(f"{header}.{forged_payload}.{signature}")


def test_an_expired_token_is_refused_by_the_runtime_clock(idp):
    token = idp.issue_token(idp.networker_sub, "me@example.com", "Me", HOUR)
    clock.advance(HOUR)

    with pytest.raises(Unauthorized, match="expired"):
        idp.verify(token)


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"aud": "another-client"}, "audience"),
        ({"aud": None}, "audience"),
        ({"iss": "https://cognito-idp.us-east-1.amazonaws.com/elsewhere"}, "issuer"),
        ({"exp": None}, "exp"),
        ({"nbf": int((NOW + HOUR).timestamp())}, "nbf"),
        ({"iat": int((NOW + HOUR).timestamp())}, "iat"),
    ],
)
def test_claims_the_authorizer_checks(tmp_path, idp, changes, reason):
    with pytest.raises(Unauthorized, match=reason):
        idp.verify(signed(idp, tmp_path, **changes))


def test_an_access_token_with_client_id_instead_of_aud_is_accepted(tmp_path, idp):
    token = signed(idp, tmp_path, aud=None, client_id=AUDIENCE, token_use="access", scope="openid email")

    assert idp.verify(token)["token_use"] == "access"


@pytest.mark.parametrize("header", [None, "", "Bearer ", "Bearer not-a-jwt"])
def test_a_missing_or_unreadable_token_is_refused(idp, header):
    with pytest.raises(Unauthorized):
        idp.verify(header)
