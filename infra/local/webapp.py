"""The web app's files, served beside the API as CloudFront serves them in AWS.

In AWS, CloudFront sends `/api/*` to the HTTP API and everything else to the app's bucket, with the
SPA fallback (a page of the app, `/app/...`, is `index.html`). Locally the API keeps the root (the
README's walk-throughs and the digests' links use it), and the app takes only what cannot be an
API route: `/`, `/app` and below, and the files of `web/dist` (hashed `/assets/`, the service
worker, the manifest, the icons). `/config.json` tells the app where the API and the sign-in are:
the same document CloudFront serves from the bucket, written here for the local sign-in.

The headers are the production ones (template.yaml's response headers policy): a strict
Content-Security-Policy, no framing, no sniffing; hashed assets cached for a year, the rest never.
"""

from __future__ import annotations

import json
import mimetypes
from pathlib import Path

from infra.local.auth import AUDIENCE
from infra.local.http_event import Request, Response
from infra.local.template import ROOT

DIST = ROOT / "web" / "dist"
APP_PREFIX = "/app"
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; manifest-src 'self'; worker-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
    "form-action 'self'; object-src 'none'"
)
SECURITY_HEADERS = [
    ("content-security-policy", CONTENT_SECURITY_POLICY),
    ("x-content-type-options", "nosniff"),
    ("x-frame-options", "DENY"),
    ("referrer-policy", "no-referrer"),
]
_IMMUTABLE = "public, max-age=31536000, immutable"
mimetypes.add_type("application/manifest+json", ".webmanifest")
mimetypes.add_type("text/javascript", ".js")


def local_config() -> dict:
    """What the app reads at start: the API's base URL and the OAuth2 endpoints of the sign-in."""
    return {
        "api": "",
        "auth": {
            "authorize": "/_local/oauth2/authorize",
            "token": "/_local/oauth2/token",
            "revoke": "/_local/oauth2/revoke",
            "logout": "/_local/logout",
            "client_id": AUDIENCE,
        },
        "local": True,
    }


class WebApp:
    """Answers the requests that are the app's (`serve` gives None for the others: they go to the API)."""

    def __init__(self, config: dict, dist: Path = DIST) -> None:
        self._config = json.dumps(config).encode()
        self._dist = dist.resolve()

    def serve(self, request: Request) -> Response | None:
        if request.method not in ("GET", "HEAD"):
            return None
        path = request.raw_path
        if path == "/config.json":
            return self._response(200, "application/json", self._config, "no-cache")
        if path == "/" or path == APP_PREFIX or path.startswith(APP_PREFIX + "/"):
            return self._index()
        file = self._file(path)
        if file is None:
            return None
        cache = _IMMUTABLE if path.startswith("/assets/") else "no-cache"
        kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        return self._response(200, kind, file.read_bytes(), cache)

    def _index(self) -> Response:
        index = self._dist / "index.html"
        if not index.is_file():
            body = b"<!doctype html><title>Rapport</title><p>The web app is not built: <code>make run</code> builds it."
            return self._response(503, "text/html; charset=utf-8", body, "no-store")
        return self._response(200, "text/html; charset=utf-8", index.read_bytes(), "no-cache")

    def _file(self, path: str) -> Path | None:
        """The file of `web/dist` at this path, never one outside it, never the index by its name."""
        relative = path.lstrip("/")
        if not relative or relative == "index.html" or "\\" in relative or "\0" in relative:
            return None
        try:
            file = (self._dist / relative).resolve()
            found = file.is_relative_to(self._dist) and file.is_file()
        except OSError:  # a name longer than the file system takes (a long token in an API path): no file
            return None
        return file if found else None

    @staticmethod
    def _response(status: int, content_type: str, body: bytes, cache: str) -> Response:
        return Response(status, [("content-type", content_type), ("cache-control", cache), *SECURITY_HEADERS], body)
