"""The HTTP API on 127.0.0.1: API Gateway's routing, JWT authorizer and Lambda proxy integration.

Each request is matched to a route of template.yaml (`routing`), checked by the JWT authorizer
when the route is authorized (`auth`), turned into a payload 2.0 event (`http_event`) for the real
handler, and its result written back as API Gateway would: 404 `{"message":"Not Found"}` with no
route, 401 `{"message":"Unauthorized"}` for a missing or bad token, 413 over 10 MB, 500
`{"message":"Internal Server Error"}` when the function fails or answers something unusable.

Paths under `/_local/` are the runtime's own tools (running what is pending, the clock, the outbox):
not in the template, never authorized, each one a callable taking the JSON body and answering JSON
(200), or raising ValueError for a 400 with its message; or a page (the local sign-in) taking the
request and answering it whole. The web app's files (`webapp`) are served before the API's routes,
on the paths that cannot be the API's.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from infra.local import http_event
from infra.local.auth import LocalIdentityProvider, Unauthorized
from infra.local.http_event import Request, Response, json_response
from infra.local.invoker import Invoke
from infra.local.routing import Router
from infra.local.template import Route
from infra.local.webapp import WebApp
from rapport import clock

logger = logging.getLogger(__name__)

MAX_BODY_BYTES = 10 * 1024 * 1024  # API Gateway's payload quota
LOCAL_PREFIX = "/_local/"

LocalEndpoint = Callable[[object], object]  # the JSON body (None without one) -> the JSON answer
LocalPage = Callable[[Request], Response]


class _TooLarge(Exception):
    pass


class _LengthRequired(Exception):
    pass


class Gateway:
    """Serves the HTTP API of template.yaml on 127.0.0.1 (`port=0`: any free port)."""

    def __init__(
        self,
        routes: list[Route],
        identity: LocalIdentityProvider,
        invoke: Invoke,
        *,
        account_id: str,
        port: int = 0,
        local_endpoints: Mapping[tuple[str, str], LocalEndpoint] | None = None,
        local_pages: Mapping[tuple[str, str], LocalPage] | None = None,
        web: WebApp | None = None,
    ) -> None:
        self._router = Router(routes)
        self._local_pages = dict(local_pages or {})
        self._web = web
        self._identity = identity
        self._invoke = invoke
        self._account_id = account_id
        self._local_endpoints = dict(local_endpoints or {})
        self._server = _Server(("127.0.0.1", port), type("Handler", (_RequestHandler,), {"gateway": self}))
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, name="gateway", daemon=True
        )

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        """Stop accepting requests and wait for those in flight."""
        self._server.shutdown()
        self._server.server_close()

    def handle(self, request: Request) -> Response:
        request_id = http_event.request_id()
        response = self._respond(request, request_id)
        return Response(response.status, [*response.headers, ("apigw-requestid", request_id)], response.body)

    def _respond(self, request: Request, request_id: str) -> Response:
        if request.raw_path.startswith(LOCAL_PREFIX):
            page = self._local_pages.get((request.method, request.raw_path))
            return page(request) if page is not None else self._local(request)
        if self._web is not None and (app := self._web.serve(request)) is not None:
            return app
        match = self._router.match(request.method, request.raw_path)
        if match is None:
            return json_response(404, {"message": "Not Found"})
        claims = None
        if match.route.authorized:
            authorization = ",".join(value for name, value in request.headers if name.lower() == "authorization")
            try:
                claims = self._identity.verify(authorization)
            except Unauthorized as reason:
                logger.info("401 for %s %s: %s", request.method, request.raw_path, reason)
                description = str(reason).replace('"', "'")
                challenge = (("www-authenticate", f'Bearer error="invalid_token" error_description="{description}"'),)
                return json_response(401, {"message": "Unauthorized"}, challenge if authorization else ())
        event = http_event.build_event(
            request, match, claims, now=clock.now(), request_id=request_id, api_id="local", account_id=self._account_id
        )
        try:
            return http_event.interpret(self._invoke(match.route.function, event))
        except Exception:  # the function failed, or answered what API Gateway cannot use: 500, as there
            logger.exception("%s failed on %s %s", match.route.function, request.method, request.raw_path)
            return json_response(500, {"message": "Internal Server Error"})

    def _local(self, request: Request) -> Response:
        endpoint = self._local_endpoints.get((request.method, request.raw_path))
        if endpoint is None:
            return json_response(404, {"message": "Not Found"})
        try:
            body = json.loads(request.body) if request.body.strip() else None
        except ValueError as error:
            return json_response(400, {"message": f"the body is not JSON: {error}"})
        try:
            return json_response(200, endpoint(body))
        except ValueError as error:  # the endpoint's own word on what is wrong with the request
            return json_response(400, {"message": str(error)})
        except Exception as error:  # a tool of the runtime failed: say so rather than drop the connection
            logger.exception("%s %s failed", request.method, request.raw_path)
            return json_response(500, {"message": f"{type(error).__name__}: {error}"})


class _Server(ThreadingHTTPServer):
    daemon_threads = False  # so that stop() waits for the requests in flight


class _RequestHandler(BaseHTTPRequestHandler):
    gateway: Gateway
    server_version = "rapport-local"
    timeout = 30  # seconds a silent client may hold a connection

    def _serve(self) -> None:
        try:
            body = self._read_body()
        except _TooLarge:
            self.close_connection = True
            self._write(json_response(413, {"message": "Request Entity Too Large"}))
            return
        except ValueError:  # a Content-Length or chunk size that is not a number, or negative
            self.close_connection = True
            self._write(json_response(400, {"message": "Bad Request"}))
            return
        except _LengthRequired:
            self.close_connection = True
            self._write(json_response(411, {"message": "Length Required"}))
            return
        raw_path, _, raw_query = self.path.partition("?")
        request = Request(
            self.command,
            raw_path,
            raw_query,
            list(self.headers.items()),
            body,
            self.client_address[0],
            self.request_version,
        )
        self._write(self.gateway.handle(request))

    def __getattr__(self, name: str):
        """Every method is served (`do_TRACE`, `do_PROPFIND`...): routing answers those no route takes with
        API Gateway's JSON 404, where the standard library would answer an HTML 501."""
        if name.startswith("do_"):
            return self._serve
        raise AttributeError(name)

    def _read_body(self) -> bytes:
        """The body, never more than MAX_BODY_BYTES read. A length that is not one non-negative number
        is a 400 (`rfile.read(-1)` would read to the end of the stream); a POST, PUT or PATCH with
        neither Content-Length nor chunked encoding is a 411, as API Gateway answers; other methods
        without a length have no body."""
        if "chunked" in self.headers.get("transfer-encoding", "").lower():
            return self._read_chunks()
        declared = self.headers.get_all("content-length") or []
        if not declared:
            if self.command in ("POST", "PUT", "PATCH"):
                raise _LengthRequired
            return b""
        if len(set(declared)) > 1 or not (declared[0].strip().isascii() and declared[0].strip().isdigit()):
            raise ValueError(f"Content-Length {declared!r}")
        length = int(declared[0])
        if length > MAX_BODY_BYTES:
            raise _TooLarge
        return self.rfile.read(length)

    def _read_chunks(self) -> bytes:
        body = bytearray()
        while size := int(self.rfile.readline(64).split(b";", 1)[0], 16):
            if size < 0:
                raise ValueError(f"chunk size {size}")
            if len(body) + size > MAX_BODY_BYTES:
                raise _TooLarge
            body += self.rfile.read(size)
            self.rfile.readline()
        while self.rfile.readline().strip():  # trailers
            pass
        return bytes(body)

    def _write(self, response: Response) -> None:
        try:
            self.send_response(response.status)
            for name, value in response.headers:
                if name.lower() != "content-length":
                    self.send_header(name, value)
            self.send_header("content-length", str(len(response.body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(response.body)
        except (BrokenPipeError, ConnectionResetError):  # the client left (a browser navigating away)
            self.close_connection = True

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (the stdlib's signature)
        logger.info("%s " + format, self.address_string(), *args)
