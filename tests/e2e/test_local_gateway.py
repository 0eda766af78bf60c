"""The gateway over real HTTP, with a stand-in function: the payload 2.0 event it builds, and what it
makes of the function's answer. The real handlers behind it are in test_local_api.py."""

from __future__ import annotations

import base64
import http.client
import json
import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest

from infra.local import template
from infra.local.auth import LocalIdentityProvider
from infra.local.gateway import MAX_BODY_BYTES, Gateway
from tests.e2e.conftest import http_request

ACCOUNT = "123456789012"


class StandIn:
    """The function behind every route: records each event and answers what the test asks."""

    def __init__(self) -> None:
        self.events: list[tuple[str, dict]] = []
        self.answer = lambda event: {"statusCode": 200, "body": "ok"}

    def __call__(self, function: str, event: dict) -> object:
        self.events.append((function, event))
        return self.answer(event)

    @property
    def last(self) -> dict:
        return self.events[-1][1]


@pytest.fixture
def function() -> StandIn:
    return StandIn()


@pytest.fixture
def idp(tmp_path) -> LocalIdentityProvider:
    return LocalIdentityProvider(tmp_path)


@pytest.fixture
def token(idp) -> str:
    return idp.issue_token(idp.networker_sub, "me@example.com", "Me", timedelta(hours=1))


@pytest.fixture
def gateway(idp, function):
    def fail(body):
        raise (ValueError if body == "bad" else RuntimeError)("it broke")

    echo = {("POST", "/_local/echo"): lambda body: {"received": body}, ("POST", "/_local/fail"): fail}
    served = Gateway(template.http_routes(), idp, function, account_id=ACCOUNT, local_endpoints=echo)
    served.start()
    yield served
    served.stop()


def raw_request(
    url: str, method: str, path: str, headers: list[tuple[str, str]], body: bytes = b""
) -> http.client.HTTPResponse:
    """A request with headers exactly as given (repeated names included)."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    connection.putrequest(method, path, skip_accept_encoding=True)
    for name, value in headers:
        connection.putheader(name, value)
    connection.endheaders(body or None)
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


def test_the_event_is_payload_format_2_0(gateway, function, token, idp):
    response = raw_request(
        gateway.url,
        "POST",
        "/contacts/claire%20m?tag=a&tag=b&empty=",
        [
            ("Authorization", f"Bearer {token}"),
            ("Content-Type", "application/json"),
            ("X-Repeated", "one"),
            ("X-Repeated", "two"),
            ("Cookie", "session=abc; theme=dark"),
            ("User-Agent", "tests/1.0"),
            ("Content-Length", "13"),
        ],
        b'{"name":"C"} ',
    )

    event = function.last
    assert function.events[-1][0] == "ApiFunction"
    assert event["version"] == "2.0"
    assert event["routeKey"] == "ANY /{proxy+}"
    assert event["rawPath"] == "/contacts/claire%20m"
    assert event["rawQueryString"] == "tag=a&tag=b&empty="
    assert event["queryStringParameters"] == {"tag": "a,b", "empty": ""}
    assert event["pathParameters"] == {"proxy": "contacts/claire m"}
    assert event["cookies"] == ["session=abc", "theme=dark"]
    assert event["headers"]["x-repeated"] == "one,two"
    assert event["headers"]["content-type"] == "application/json"
    assert "cookie" not in event["headers"] and all(name == name.lower() for name in event["headers"])
    assert (event["body"], event["isBase64Encoded"]) == ('{"name":"C"} ', False)
    context = event["requestContext"]
    assert context["http"] == {
        "method": "POST",
        "path": "/contacts/claire%20m",
        "protocol": "HTTP/1.1",
        "sourceIp": "127.0.0.1",
        "userAgent": "tests/1.0",
    }
    assert (context["accountId"], context["stage"], context["routeKey"]) == (ACCOUNT, "$default", "ANY /{proxy+}")
    assert context["domainName"] == urlsplit(gateway.url).netloc
    assert context["requestId"] == response.getheader("apigw-requestid")
    assert re.fullmatch(r"\d{2}/[A-Z][a-z]{2}/\d{4}:\d{2}:\d{2}:\d{2} \+0000", context["time"])
    assert isinstance(context["timeEpoch"], int)
    claims = context["authorizer"]["jwt"]["claims"]
    assert claims["sub"] == idp.networker_sub
    assert claims["email_verified"] == "true" and claims["exp"].isdigit()  # strings, as API Gateway gives them
    assert context["authorizer"]["jwt"]["scopes"] is None


def test_a_public_route_has_no_authorizer_and_no_empty_fields(gateway, function):
    reply = http_request(gateway.url, "GET", "/health")

    assert reply.status == 200
    event = function.last
    assert event["routeKey"] == "GET /health"
    assert "authorizer" not in event["requestContext"]
    for absent in ("body", "queryStringParameters", "pathParameters", "cookies"):
        assert absent not in event
    assert event["isBase64Encoded"] is False


def test_a_body_that_is_not_text_arrives_base64_encoded(gateway, function, token):
    payload = bytes(range(256))
    http_request(
        gateway.url,
        "PUT",
        "/files/1",
        payload,
        {"Authorization": token, "Content-Type": "application/octet-stream"},
    )

    assert function.last["isBase64Encoded"] is True
    assert base64.b64decode(function.last["body"]) == payload


def test_a_chunked_body_is_read_whole(gateway, function, token):
    parts = urlsplit(gateway.url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    connection.request(
        "POST",
        "/contacts",
        body=iter([b'{"name":', b'"Claire"}']),
        headers={"Authorization": token, "Content-Type": "application/json"},
        encode_chunked=True,
    )
    assert connection.getresponse().status == 200
    connection.close()

    assert function.last["body"] == '{"name":"Claire"}'


def test_the_answer_becomes_the_http_response(gateway, function):
    function.answer = lambda event: {
        "statusCode": 201,
        "headers": {"content-type": "image/png", "x-rapport": "yes"},
        "cookies": ["session=abc; Path=/", "theme=dark"],
        "body": base64.b64encode(b"\x89PNG").decode(),
        "isBase64Encoded": True,
    }

    parts = urlsplit(gateway.url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    connection.request("GET", "/health")
    response = connection.getresponse()
    body = response.read()
    connection.close()

    assert response.status == 201
    assert (response.getheader("content-type"), response.getheader("x-rapport")) == ("image/png", "yes")
    assert [value for name, value in response.getheaders() if name == "set-cookie"] == [
        "session=abc; Path=/",
        "theme=dark",
    ]
    assert body == b"\x89PNG"


def test_an_answer_without_status_code_is_a_200_json_body(gateway, function):
    function.answer = lambda event: {"hello": "world"}

    reply = http_request(gateway.url, "GET", "/health")

    assert (reply.status, reply.headers["content-type"], reply.json) == (200, "application/json", {"hello": "world"})


@pytest.mark.parametrize(
    "answer",
    [
        lambda event: 1 / 0,
        lambda event: {"statusCode": "two hundred"},
        lambda event: {"statusCode": 200, "body": {"not": "a string"}},
    ],
    ids=["raises", "bad status", "body not a string"],
)
def test_a_failing_or_unusable_function_gives_500(gateway, function, answer):
    function.answer = answer

    reply = http_request(gateway.url, "GET", "/health")

    assert (reply.status, reply.json) == (500, {"message": "Internal Server Error"})


def test_no_route_is_404_without_calling_a_function(gateway, function):
    reply = http_request(gateway.url, "GET", "/")

    assert (reply.status, reply.json) == (404, {"message": "Not Found"})
    assert reply.headers["apigw-requestid"]
    assert function.events == []


def test_an_authorized_route_without_a_valid_token_is_401_without_calling_a_function(gateway, function):
    missing = http_request(gateway.url, "GET", "/me")
    bad = http_request(gateway.url, "GET", "/me", headers={"Authorization": "Bearer nope"})

    assert (missing.status, missing.json) == (401, {"message": "Unauthorized"})
    assert "www-authenticate" not in missing.headers
    assert (bad.status, bad.json) == (401, {"message": "Unauthorized"})
    assert bad.headers["www-authenticate"].startswith('Bearer error="invalid_token"')
    assert function.events == []


def test_a_body_over_10_mb_is_413_and_is_not_read(gateway, function, token):
    response = raw_request(
        gateway.url,
        "POST",
        "/contacts",
        [("Authorization", token), ("Content-Length", str(MAX_BODY_BYTES + 1))],
    )

    assert response.status == 413
    assert function.events == []


def test_a_body_of_10_mb_is_passed_on(gateway, function, token):
    reply = http_request(
        gateway.url, "POST", "/contacts", b"x" * MAX_BODY_BYTES, {"Authorization": token, "Content-Type": "text/plain"}
    )

    assert reply.status == 200
    assert len(function.last["body"]) == MAX_BODY_BYTES


def test_local_endpoints_take_json_and_need_no_token(gateway, function):
    echoed = http_request(gateway.url, "POST", "/_local/echo", json.dumps({"a": 1}).encode())
    empty = http_request(gateway.url, "POST", "/_local/echo")
    broken = http_request(gateway.url, "POST", "/_local/echo", b"{not json")
    unknown = http_request(gateway.url, "POST", "/_local/nothing")

    assert (echoed.status, echoed.json) == (200, {"received": {"a": 1}})
    assert (empty.status, empty.json) == (200, {"received": None})
    assert broken.status == 400
    assert (unknown.status, unknown.json) == (404, {"message": "Not Found"})
    assert function.events == []


def test_a_local_endpoint_refusing_is_400_and_one_failing_is_500_with_the_reason(gateway):
    refused = http_request(gateway.url, "POST", "/_local/fail", b'"bad"')
    failed = http_request(gateway.url, "POST", "/_local/fail")

    assert (refused.status, refused.json) == (400, {"message": "it broke"})
    assert (failed.status, failed.json) == (500, {"message": "RuntimeError: it broke"})


@pytest.mark.parametrize("length", ["-1", "-5000", "+12", "12, 12", "1e3"])
def test_a_content_length_that_is_not_a_plain_number_is_400_and_the_body_is_not_read(gateway, function, token, length):
    response = raw_request(
        gateway.url, "POST", "/contacts", [("Authorization", token), ("Content-Length", length)], b"x" * 100_000
    )

    assert response.status == 400
    assert function.events == []


def test_two_different_content_lengths_are_400(gateway, function, token):
    headers = [("Authorization", token), ("Content-Length", "2"), ("Content-Length", "3")]

    assert raw_request(gateway.url, "POST", "/contacts", headers, b"{}").status == 400
    assert function.events == []


def test_a_post_without_a_length_is_411(gateway, function, token):
    assert raw_request(gateway.url, "POST", "/contacts", [("Authorization", token)]).status == 411
    assert function.events == []


def test_a_negative_chunk_size_is_400(gateway, function, token):
    headers = [("Authorization", token), ("Transfer-Encoding", "chunked")]

    assert raw_request(gateway.url, "POST", "/contacts", headers, b"-1\r\nxx\r\n0\r\n\r\n").status == 400
    assert function.events == []
