"""The local stand-in for Cognito's managed login: the OAuth2 authorization code flow with PKCE.

The web app signs in locally exactly as it does against Cognito: it sends the browser to
`/_local/oauth2/authorize` (Cognito: `/oauth2/authorize`) with `response_type=code`, its
`client_id`, `redirect_uri`, `state` and an S256 `code_challenge`; the page asks for an email (any
email is its own networker: the first sign-in creates the account, as a sign-up would) and redirects
back with a single-use `code`; the app trades it at `/_local/oauth2/token` with its `code_verifier`
for an ID token (what the API's authorizer checks), an access token and a refresh token. A refresh
token trades for new tokens (`grant_type=refresh_token`) until `/_local/oauth2/revoke` revokes it;
`/_local/logout` goes back to `logout_uri`, as Cognito's `/logout` does. Refresh tokens are signed,
not stored (a restart keeps the app signed in); the revoked ones are listed in the state dir.

`POST /_local/token {"email"}` gives scripts and tests a token for that account at once.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import html
import json
import re
import secrets
import threading
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

from infra.local.auth import AUDIENCE, LocalIdentityProvider
from infra.local.http_event import Request, Response, json_response
from rapport import clock

REVOKED_FILE = "revoked-refresh-tokens"
TOKEN_LIFETIME = timedelta(hours=1)  # Cognito's default for ID and access tokens
REFRESH_LIFETIME = timedelta(days=30)  # Cognito's default for refresh tokens
CODE_LIFETIME = timedelta(minutes=5)  # Cognito's authorization codes last 5 minutes
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_FORM = "application/x-www-form-urlencoded"


class _Refused(Exception):
    """An OAuth2 error: `error` is the RFC 6749 code, the message says what is wrong."""

    def __init__(self, error: str, message: str) -> None:
        super().__init__(message)
        self.error = error


@dataclass(frozen=True)
class _Grant:
    email: str
    client_id: str
    redirect_uri: str
    challenge: str
    expires_at: float


class LocalSignIn:
    """The authorization server's endpoints, for the gateway's `/_local/` paths."""

    def __init__(self, identity: LocalIdentityProvider, state_dir: Path) -> None:
        self._identity = identity
        self._codes: dict[str, _Grant] = {}
        self._lock = threading.Lock()
        self._revoked_file = state_dir / REVOKED_FILE
        self._revoked = set(self._revoked_file.read_text().split()) if self._revoked_file.exists() else set()

    def endpoints(self) -> dict[tuple[str, str], object]:
        return {
            ("GET", "/_local/oauth2/authorize"): self.authorize_page,
            ("POST", "/_local/oauth2/authorize"): self.authorize,
            ("POST", "/_local/oauth2/token"): self.token,
            ("POST", "/_local/oauth2/revoke"): self.revoke,
            ("GET", "/_local/logout"): self.logout,
        }

    def token_for(self, email: str, lifetime: timedelta = TOKEN_LIFETIME) -> str:
        """An ID token for this email's networker (its account is the email's, from the first use)."""
        return self._identity.issue_token(self._identity.sub_for(email), email, _name(email), lifetime)

    def authorize_page(self, request: Request) -> Response:
        query = dict(parse_qsl(request.raw_query))
        try:
            _check_authorize(query, _host(request))
        except _Refused as refused:
            return _page(400, _error_body(str(refused)))
        return _page(200, _form_body(query, ""))

    def authorize(self, request: Request) -> Response:
        form = dict(parse_qsl(request.body.decode("utf-8", "replace")))
        try:
            _check_authorize(form, _host(request))
        except _Refused as refused:
            return _page(400, _error_body(str(refused)))
        email = form.get("email", "").strip().lower()
        if not _EMAIL.fullmatch(email) or len(email) > 254:
            return _page(400, _form_body(form, "Enter an email address, like networker@example.com."))
        code = secrets.token_urlsafe(32)
        grant = _Grant(
            email,
            form["client_id"],
            form["redirect_uri"],
            form["code_challenge"],
            clock.now().timestamp() + CODE_LIFETIME.total_seconds(),
        )
        with self._lock:
            self._codes[code] = grant
        target = form["redirect_uri"] + "?" + urlencode({"code": code, "state": form.get("state", "")})
        return Response(302, [("location", target), ("cache-control", "no-store")], b"")

    def token(self, request: Request) -> Response:
        form = dict(parse_qsl(request.body.decode("utf-8", "replace")))
        try:
            if form.get("client_id") != AUDIENCE:
                raise _Refused("invalid_client", "unknown client_id")
            if form.get("grant_type") == "authorization_code":
                email = self._redeem(form)
            elif form.get("grant_type") == "refresh_token":
                email = self._refreshed(form.get("refresh_token", ""))
            else:
                raise _Refused("unsupported_grant_type", "grant_type must be authorization_code or refresh_token")
        except _Refused as refused:
            return json_response(400, {"error": refused.error, "error_description": str(refused)}, _NO_STORE)
        tokens = {
            "id_token": self.token_for(email),
            "access_token": self.token_for(email),
            "expires_in": int(TOKEN_LIFETIME.total_seconds()),
            "token_type": "Bearer",
        }
        if form["grant_type"] == "authorization_code":
            tokens["refresh_token"] = self._refresh_token(email)
        return json_response(200, tokens, _NO_STORE)

    def _refresh_token(self, email: str) -> str:
        """Signed rather than stored, so that a restart of the runtime keeps the app signed in."""
        expires = int(clock.now().timestamp() + REFRESH_LIFETIME.total_seconds())
        payload = base64.urlsafe_b64encode(json.dumps([email, expires]).encode()).decode()
        return payload + "." + self._signature(payload)

    def _refreshed(self, token: str) -> str:
        payload, _, signature = token.partition(".")
        if not _same(signature, self._signature(payload)) or signature in self._revoked:
            raise _Refused("invalid_grant", "unknown or revoked refresh token")
        email, expires = json.loads(base64.urlsafe_b64decode(payload))
        if expires <= clock.now().timestamp():
            raise _Refused("invalid_grant", "the refresh token has expired: sign in again")
        return email

    def revoke(self, request: Request) -> Response:
        """Cognito's `/oauth2/revoke`: the refresh token refused from now on (200 whatever it was)."""
        form = dict(parse_qsl(request.body.decode("utf-8", "replace")))
        if form.get("client_id") != AUDIENCE:
            return json_response(400, {"error": "invalid_client", "error_description": "unknown client_id"}, _NO_STORE)
        payload, _, signature = form.get("token", "").partition(".")
        if _same(signature, self._signature(payload)):
            with self._lock:
                self._revoked.add(signature)
                with self._revoked_file.open("a") as revoked:
                    revoked.write(signature + "\n")
        return Response(200, list(_NO_STORE), b"")

    def _signature(self, payload: str) -> str:
        return hmac.new(self._identity.secret, payload.encode(), hashlib.sha256).hexdigest()

    def _redeem(self, form: dict[str, str]) -> str:
        with self._lock:
            grant = self._codes.pop(form.get("code", ""), None)  # single use, whatever follows
        if grant is None or grant.expires_at < clock.now().timestamp():
            raise _Refused("invalid_grant", "unknown, used or expired authorization code")
        if grant.redirect_uri != form.get("redirect_uri") or grant.client_id != form.get("client_id"):
            raise _Refused("invalid_grant", "redirect_uri or client_id differ from the authorization request")
        verifier = form.get("code_verifier", "")
        digest = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
        if not 43 <= len(verifier) <= 128 or not _same(digest, grant.challenge):
            raise _Refused("invalid_grant", "code_verifier does not match the code_challenge")
        return grant.email

    def logout(self, request: Request) -> Response:
        query = dict(parse_qsl(request.raw_query))
        target = query.get("logout_uri", "")
        if query.get("client_id") != AUDIENCE or not _on_this_server(target, _host(request)):
            return _page(400, _error_body("logout needs this client_id and a logout_uri on this server"))
        return Response(302, [("location", target), ("cache-control", "no-store")], b"")


_NO_STORE = (("cache-control", "no-store"),)


def _check_authorize(params: dict[str, str], host: str) -> None:
    if params.get("client_id") != AUDIENCE:
        raise _Refused("invalid_client", f"unknown client_id (the local app client is {AUDIENCE})")
    if params.get("response_type") != "code":
        raise _Refused("unsupported_response_type", "response_type must be code")
    if not _on_this_server(params.get("redirect_uri", ""), host):
        raise _Refused("invalid_request", "redirect_uri must be a page of this server")
    if params.get("code_challenge_method") != "S256" or not 43 <= len(params.get("code_challenge", "")) <= 128:
        raise _Refused("invalid_request", "PKCE is required: code_challenge with code_challenge_method S256")


def _same(sent: str, expected: str) -> bool:
    """A constant-time comparison that takes any text a client sends (str compare_digest wants ASCII)."""
    return hmac.compare_digest(sent.encode(), expected.encode())


def _host(request: Request) -> str:
    return next((value for name, value in request.headers if name.lower() == "host"), "")


def _on_this_server(uri: str, host: str) -> bool:
    """A page of this very server (the local one has no list of callback URLs: any of its pages)."""
    parts = urlsplit(uri)
    return parts.scheme == "http" and bool(host) and parts.netloc == host and parts.path.startswith("/")


def _name(email: str) -> str:
    """A first name from the address until the networker sets theirs: marie.dupont@... is Marie Dupont."""
    local = email.split("@", 1)[0]
    return " ".join(part.capitalize() for part in re.split(r"[._+-]+", local) if part) or email


def _page(status: int, body: str) -> Response:
    page = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in to Rapport (local)</title>
<style>
body {{ font: 16px/1.5 system-ui, sans-serif; margin: 0; background: #f4f1ea; color: #1f2a2e; }}
main {{ max-width: 24rem; margin: 12vh auto; padding: 2rem; background: #fff; border-radius: 12px;
  box-shadow: 0 2px 12px rgb(0 0 0 / 8%); }}
h1 {{ font-size: 1.5rem; margin: 0 0 .25rem; }} p {{ margin: .5rem 0 1rem; color: #4a5559; }}
label {{ display: block; font-weight: 600; margin-bottom: .25rem; }}
input[type=email] {{ box-sizing: border-box; width: 100%; min-height: 44px; padding: .5rem .75rem;
  font-size: 1rem; border: 1px solid #8a9396; border-radius: 8px; }}
button {{ margin-top: 1rem; width: 100%; min-height: 44px; font-size: 1rem; font-weight: 600; color: #fff;
  background: #1d5c63; border: 0; border-radius: 8px; cursor: pointer; }}
.error {{ color: #a4262c; font-weight: 600; }}
</style></head>
<body><main>{body}</main></body></html>"""
    headers = [
        ("content-type", "text/html; charset=utf-8"),
        ("cache-control", "no-store"),
        ("content-security-policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'"),
    ]
    return Response(status, headers, page.encode())


def _form_body(params: dict[str, str], error: str) -> str:
    hidden = "".join(
        f'<input type="hidden" name="{html.escape(name)}" value="{html.escape(params.get(name, ""))}">'
        for name in ("response_type", "client_id", "redirect_uri", "state", "code_challenge", "code_challenge_method")
    )
    alert = f'<p class="error" role="alert" id="email-error">{html.escape(error)}</p>' if error else ""
    described = ' aria-describedby="email-error" aria-invalid="true"' if error else ""
    value = html.escape(params.get("email", ""))
    return f"""<h1>Rapport</h1>
<p>Local sign-in: it stands in for the managed login. Any email is its own account, created at its first
sign-in; <strong>networker@example.com</strong> is the development networker.</p>
<form method="post" action="/_local/oauth2/authorize">{hidden}
<label for="email">Email</label>
<input id="email" name="email" type="email" autocomplete="email" required autofocus value="{value}"{described}>
{alert}<button type="submit">Sign in</button></form>"""


def _error_body(message: str) -> str:
    return f'<h1>Rapport</h1><p class="error" role="alert">This sign-in link is not valid: {html.escape(message)}.</p>'


def token_request(body: object, signin: LocalSignIn, lifetime: timedelta) -> dict:
    """`POST /_local/token {"email": "..."}` -> `{"token": "..."}`."""
    if not isinstance(body, dict) or set(body) != {"email"} or not isinstance(body["email"], str):
        raise ValueError('send a JSON object with "email", like {"email": "networker@example.com"}')
    email = body["email"].strip().lower()
    if not _EMAIL.fullmatch(email) or len(email) > 254:
        raise ValueError('"email" must be an email address, like networker@example.com')
    return {"token": signin.token_for(email, lifetime)}
