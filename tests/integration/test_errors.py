"""Bad input gets a clear 4xx with the field and the reason; never a 500."""

import json

import pytest

from tests.integration.conftest import Api


@pytest.mark.parametrize(
    ("raw", "status", "field"),
    [
        ("{not json", 400, "body"),
        ("", 422, "body"),
        ("[]", 422, "body"),
        (json.dumps({"name": 42}), 422, "name"),
        (json.dumps({"name": "x", "emails": "a@b.co"}), 422, "emails"),
        (json.dumps({"name": "x", "circle": "best friends"}), 422, "circle"),
        (json.dumps({"name": "x", "unknown": True}), 422, "unknown"),
        (json.dumps({"name": "x", "birthday": {"day": 30, "month": 2}}), 422, "birthday"),
        (json.dumps({"name": "x", "phones": ["not a phone"]}), 422, "phones[0]"),
        (json.dumps({"name": "x" * 201}), 422, "name"),
    ],
)
def test_bad_contact_bodies(api, raw, status, field):
    reply = api.post("/contacts", raw=raw)
    assert reply.status == status, reply.body
    assert field in [e["field"] for e in reply.body["errors"]], reply.body
    assert all(e["reason"] for e in reply.body["errors"])


def test_a_body_over_one_megabyte_is_refused_before_parsing(api):
    reply = api.post("/contacts", raw=json.dumps({"name": "x", "notes": "a" * 1_100_000}))
    assert reply.status == 413 and reply.body["errors"] == [{"field": "body", "reason": "is over 1 MB"}]


@pytest.mark.parametrize("query", [{"limit": "0"}, {"limit": "many"}, {"stage": "friend"}, {"limit": "101"}])
def test_bad_query_parameters(api, query):
    reply = api.get("/contacts", query=query)
    assert reply.status == 422 and [e["field"] for e in reply.body["errors"]] == list(query)


def test_no_verified_identity_is_401(stack):
    reply = Api(sub=None).get("/me")
    assert reply.status == 401 and reply.body["code"] == "unauthorized"


def test_unknown_route_is_404(api):
    assert api.get("/nothing/here").status == 404


def test_public_routes(api):
    assert api.get("/health").body == {"status": "ok"}
    assert api.get("/openapi.json").body["openapi"].startswith("3.1")
    assert "swagger-ui" in api.get("/docs").body


def test_a_body_that_is_not_sent_as_json_gets_a_415_saying_what_to_send(api):
    reply = api.post("/contacts", raw='{"name": "Claire"}', content_type="application/x-www-form-urlencoded")  # curl -d
    assert reply.status == 415
    assert reply.body["errors"] == [
        {"field": "body", "reason": "must be JSON, sent with the header Content-Type: application/json"}
    ]
