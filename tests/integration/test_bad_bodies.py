"""Every bad body is a 4xx with its reason, on every route that takes a JSON body; never a 500."""

from __future__ import annotations

import json
import re
import uuid

import pytest

from infra.openapi import document
from tests.integration.conftest import Api


def json_routes() -> list[tuple[str, str]]:
    """(method, path with every id filled in) of each operation taking a JSON body, from the OpenAPI."""
    routes = []
    for path, operations in json.loads(document())["paths"].items():
        for method, operation in operations.items():
            if "application/json" in operation.get("requestBody", {}).get("content", {}):
                routes.append((method.upper(), re.sub(r"\{[^}]+\}", "0123abcd", path)))
    return routes


ROUTES = json_routes()
BAD_BODIES = [
    ('{"name": "Ren\xe9"}'.encode("latin-1"), 400, "body", "is not UTF-8 text"),  # as Windows tools save it
    (b"[" * 1000 + b"]" * 1000, 400, "body", "nests deeper than 32 levels"),
    (b'{"a": ' + b"[" * 33 + b"]" * 33 + b"}", 400, "body", "nests deeper than 32 levels"),
    (b"[" * 100_000, 400, "body", "nests deeper than 32 levels"),  # not even JSON, but deep first
    (b'["an", "array"]', 422, "body", "must be a JSON object"),
    (b'"a string"', 422, "body", "must be a JSON object"),
    (b"42", 422, "body", "must be a JSON object"),
    (b'{"name": "Ana\\u0000"}', 422, "name", "holds the invisible character U+0000, which text may not hold"),
    (b'{"na\\u202eme": "x"}', 422, "na\u202eme", "holds the invisible character U+202E, which text may not hold"),
]


def test_the_routes_are_found():
    assert ("POST", "/contacts") in ROUTES and ("PATCH", "/contacts/0123abcd") in ROUTES and len(ROUTES) >= 15


@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_every_route_refuses_every_bad_body_with_its_reason(api, method, path):
    for raw, status, field, reason in BAD_BODIES:
        reply = api.call(method, path, raw=raw)
        assert reply.status == status, (raw[:40], reply.body)
        assert {"field": field, "reason": reason} in reply.body["errors"], (raw[:40], reply.body)


@pytest.mark.parametrize(
    ("text", "character"),
    [("a\u202eb", "U+202E"), ("\u2066x\u2069", "U+2066"), ("a\x1bb", "U+001B"), ("\ud800", "U+D800")],
)
def test_hidden_characters_are_refused_where_they_are(api, text, character):
    body = {"name": "Ana", "notes": "ok", "needs": [{"label": "a CTO", "detail": text}]}
    reply = api.post("/contacts", body)
    assert reply.status == 422 and reply.body["errors"][0]["field"] == "needs[0].detail"
    assert character in reply.body["errors"][0]["reason"]
    assert api.get("/contacts").body["items"] == []  # nothing written


def test_right_to_left_names_and_plain_line_breaks_are_welcome(api):
    reply = api.post("/contacts", {"name": "שרה כהן", "notes": "met at the fair\n\tthen coffee\r\n"})
    assert reply.status == 201, reply.body


@pytest.mark.parametrize("moment", ["1899-12-31T23:00:00", "2100-01-01T00:00:00", "9999-12-31T23:59:59-01:00"])
def test_dates_before_1900_or_from_2100_on_are_refused_with_the_field(api, moment):
    contact = api.post("/contacts", {"name": "Ana"}).body["contact_id"]
    touch = api.post("/interactions", {"kind": "call", "occurred_at": moment, "contact_ids": [contact]})
    meeting = api.post("/meetings", {"starts_at": moment, "contact_ids": [contact]})
    snooze = api.post(f"/reminders/follow_up.{contact}.20261120/snooze", {"until": moment[:10]})
    for reply, field in ((touch, "occurred_at"), (meeting, "starts_at"), (snooze, "until")):
        assert reply.status == 422, reply.body
        assert {"field": field, "reason": "must be between the years 1900 and 2099"} in reply.body["errors"]


def test_a_date_of_1900_is_still_a_date(api):
    contact = api.post("/contacts", {"name": "Ana"}).body["contact_id"]
    reply = api.post("/interactions", {"kind": "call", "occurred_at": "1900-01-02T10:00:00Z", "contact_ids": [contact]})
    assert reply.status == 201, reply.body


@pytest.mark.parametrize("sub", ["abc#C#x", "NW#someone", "", "A3B1C2D4-0000-4000-8000-000000000000 ", "x" * 36])
def test_a_networker_id_that_cognito_does_not_issue_is_refused_before_any_key(stack, sub):
    caller = Api(sub=str(uuid.uuid4()))
    caller.claims["sub"] = sub
    assert caller.get("/me").status == 401
    assert caller.post("/contacts", {"name": "Ana"}).status == 401


@pytest.mark.parametrize("method", ["TRACE", "PROPFIND", "PUT"])
def test_an_unknown_method_is_a_json_404(api, method):
    reply = api.call(method, "/contacts")
    assert reply.status == 404 and reply.body["message"] == "Not Found"
