"""A development identity provider standing in for Cognito, and the checks of an HTTP API JWT authorizer.

moto does not create the user pool, and a newcomer has no account to sign in with anyway. So the
runtime keeps its own RSA key and one networker (a `sub` that never changes, so the data kept under
the state dir stays theirs across restarts) and signs RS256 tokens shaped like Cognito ID tokens.
`verify` applies what API Gateway's JWT authorizer applies, in its order: a token is there (with or
without the `Bearer ` prefix), its `kid` and RS256 signature, `iss`, `aud` (or `client_id` when there
is no `aud`, as in Cognito access tokens: `token_use` is not looked at), then `exp`, `nbf` and `iat`
against the runtime's clock, the one every function sees.
"""

from __future__ import annotations

import hashlib
import uuid
from datetime import timedelta
from pathlib import Path

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from infra.local.state import write_atomically
from rapport import clock

# Chosen for the local runtime (no Cognito here); documented in docs/decisions.md.
ISSUER = "http://127.0.0.1/rapport-local-idp"
AUDIENCE = "rapport-local-client"
DEV_EMAIL = "networker@example.com"  # the development networker, whose token the banner prints
KEY_FILE = "dev-key.pem"
SUB_FILE = "dev-sub"


class Unauthorized(Exception):
    """The request must be answered 401, as API Gateway does; the message says why (for the log)."""


def _load_or_create_key(state_dir: Path) -> rsa.RSAPrivateKey:
    path = state_dir / KEY_FILE
    if not path.exists():
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        pem = key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        write_atomically(path, pem)
    return serialization.load_pem_private_key(path.read_bytes(), password=None)


def _load_or_create_sub(state_dir: Path) -> str:
    path = state_dir / SUB_FILE
    if not path.exists():
        write_atomically(path, str(uuid.uuid4()).encode())
    return path.read_text().strip()


class LocalIdentityProvider:
    """Signs and checks the local runtime's tokens, with a key kept in the state dir."""

    def __init__(self, state_dir: Path) -> None:
        state_dir.mkdir(parents=True, exist_ok=True)
        self._private_key = _load_or_create_key(state_dir)
        self._public_key = self._private_key.public_key()
        der = self._public_key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
        self.key_id = hashlib.sha256(der).hexdigest()[:16]
        self.networker_sub = _load_or_create_sub(state_dir)
        self.secret = hashlib.sha256(
            self._private_key.private_bytes(
                serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        ).digest()

    def sub_for(self, email: str) -> str:
        """The networker an email signs in as: the development networker for its address, and for any
        other a `sub` of its own, the same at every sign-in (derived, so there is no account list to keep)."""
        email = email.strip().lower()
        if email == DEV_EMAIL:
            return self.networker_sub
        return str(uuid.uuid5(uuid.UUID(self.networker_sub), email))

    def issue_token(self, sub: str, email: str, name: str, expires_in: timedelta) -> str:
        """An ID token as Cognito would sign it for this networker."""
        issued_at = int(clock.now().timestamp())
        claims = {
            "sub": sub,
            "email": email,
            "email_verified": True,
            "name": name,
            "token_use": "id",
            "iss": ISSUER,
            "aud": AUDIENCE,
            "auth_time": issued_at,
            "iat": issued_at,
            "exp": issued_at + int(expires_in.total_seconds()),
        }
        return jwt.encode(claims, self._private_key, algorithm="RS256", headers={"kid": self.key_id})

    def verify(self, authorization: str | None) -> dict:
        """The claims of a valid token; `Unauthorized` otherwise."""
        if not authorization or not authorization.strip():
            raise Unauthorized("no Authorization header")
        token = authorization.strip()
        if token[:7].lower() == "bearer ":
            token = token[7:].strip()
        try:
            if jwt.get_unverified_header(token).get("kid") != self.key_id:
                raise Unauthorized("the token was not signed by the local identity provider (unknown kid)")
            claims = jwt.decode(
                token,
                self._public_key,
                algorithms=["RS256"],
                issuer=ISSUER,
                # Time claims are checked below against the runtime's clock, not the machine's.
                options={
                    "require": ["iss", "exp"],
                    "verify_aud": False,
                    "verify_exp": False,
                    "verify_nbf": False,
                    "verify_iat": False,
                },
            )
        except jwt.InvalidTokenError as error:
            raise Unauthorized(f"invalid token: {error}") from error
        audiences = claims.get("aud", claims.get("client_id"))
        if AUDIENCE not in (audiences if isinstance(audiences, list) else [audiences]):
            raise Unauthorized("the token does not have a valid audience")
        now = clock.now().timestamp()
        if not isinstance(claims["exp"], int | float) or claims["exp"] <= now:
            raise Unauthorized("the token has expired")
        for claim in ("nbf", "iat"):
            if claim in claims and (not isinstance(claims[claim], int | float) or claims[claim] > now):
                raise Unauthorized(f"the token is not valid yet ({claim})")
        return claims
