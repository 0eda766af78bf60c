"""The networker's calendars through the real API handler (moto: the table, KMS)."""

from __future__ import annotations

import base64
import os
import sys

import boto3
import pytest

from infra.local.provision import REGION
from rapport.domain.calendar_sources import MAX_CALENDARS
from rapport.storage import Store, keys

GOOGLE = "https://calendar.google.com/calendar/ical/lea%40fontaine.fr/private-3f9a0c1d5e/basic.ics"
SECRET = "private-3f9a0c1d5e"


@pytest.fixture
def store(stack) -> Store:
    return Store(boto3.client("dynamodb", region_name=REGION), stack.table_name)


def stored(store: Store, networker_id: str, calendar_id: str) -> dict:
    item = store.calendars._table.get(keys.networker(networker_id), keys.calendar(calendar_id))
    assert item is not None
    return item


def opened(item: dict, networker_id: str) -> str:
    """The address as KMS opens it, under its context."""
    kms = boto3.client("kms", region_name=REGION)
    context = {"networker_id": networker_id, "calendar_id": item["calendar_id"]}
    blob = base64.b64decode(item["url_encrypted"])
    return kms.decrypt(CiphertextBlob=blob, EncryptionContext=context)["Plaintext"].decode()


def test_a_calendar_added_is_sealed_masked_and_listed(api, store):
    me = api.get("/me").body["networker_id"]
    reply = api.post("/me/calendars", {"url": GOOGLE})
    assert reply.status == 201, reply.body
    calendar_id = reply.body["calendar_id"]
    assert reply.headers["location"] == f"/me/calendars/{calendar_id}"
    assert reply.body == {
        "calendar_id": calendar_id,
        "address": "https://calendar.google.com/…/basic.ics",
        "name": None,
        "added_at": "2026-11-20T09:30:00Z",
        "synced_at": None,
        "events_seen": 0,
        "touches_logged": 0,
        "error": None,
    }
    item = stored(store, me, calendar_id)
    assert SECRET not in str(item)
    assert opened(item, me) == GOOGLE
    assert api.get("/me/calendars").body == {"calendars": [reply.body]}


def test_webcal_is_the_same_calendar_as_https_and_is_refused_twice(api):
    assert api.post("/me/calendars", {"url": GOOGLE.replace("https://", "webcal://")}).status == 201
    again = api.post("/me/calendars", {"url": GOOGLE})
    assert again.status == 409
    assert again.body["errors"][0]["field"] == "url"
    assert len(api.get("/me/calendars").body["calendars"]) == 1


@pytest.mark.parametrize(
    "url",
    [
        "http://calendar.example.com/basic.ics",
        "ftp://calendar.example.com/basic.ics",
        "https://10.0.0.7/basic.ics",
        "https://169.254.169.254/latest/meta-data",
        "https://lea:hunter2@calendar.example.com/basic.ics",
        "calendar.example.com/basic.ics",
        "https://" + "a" * 2001 + ".example.com/x.ics",
    ],
)
def test_an_address_rapport_does_not_read_is_a_422_on_url_with_the_reason(api, url):
    reply = api.post("/me/calendars", {"url": url})
    assert reply.status == 422, reply.body
    (error,) = reply.body["errors"]
    assert error["field"] == "url" and error["reason"]
    assert "hunter2" not in str(reply.body) and "10.0.0.7" not in str(reply.body)
    assert api.get("/me/calendars").body == {"calendars": []}


def test_the_local_runtime_reads_calendars_served_on_this_computer(api):
    """infra/local/provision.py sets CALENDARS_ALLOW_LOOPBACK_HTTP for the API and the sync, never the template:
    http://127.0.0.1 is refused in AWS (tests/unit/test_calendar_urls.py), taken here."""
    assert api.post("/me/calendars", {"url": "http://127.0.0.1:8000/basic.ics"}).status == 201


@pytest.mark.parametrize("body", [{}, {"url": ""}, {"url": 3}, {"url": GOOGLE, "name": "x"}])
def test_a_body_without_an_address_is_a_422(api, body):
    assert api.post("/me/calendars", body).status == 422


def test_the_local_runtime_reads_calendars_served_on_loopback(api, monkeypatch):
    context = sys.modules["context"]
    monkeypatch.setenv("CALENDARS_ALLOW_LOOPBACK_HTTP", "true")
    context.settings.cache_clear()
    try:
        reply = api.post("/me/calendars", {"url": "http://127.0.0.1:8765/coffee.ics"})
        assert reply.status == 201, reply.body
        assert reply.body["address"] == "http://127.0.0.1:8765/coffee.ics"
        assert api.post("/me/calendars", {"url": "http://10.0.0.7/coffee.ics"}).status == 422
    finally:
        monkeypatch.delenv("CALENDARS_ALLOW_LOOPBACK_HTTP")
        context.settings.cache_clear()


def test_past_ten_calendars_is_a_422_and_a_removal_makes_room(api):
    added = []
    for number in range(MAX_CALENDARS):
        reply = api.post("/me/calendars", {"url": f"https://calendar.example.com/{number}/basic.ics"})
        assert reply.status == 201, reply.body
        added.append(reply.body["calendar_id"])
    refused = api.post("/me/calendars", {"url": "https://calendar.example.com/11/basic.ics"})
    assert refused.status == 422 and refused.body["errors"][0]["field"] == "url"
    assert api.delete(f"/me/calendars/{added[3]}").status == 204
    assert api.post("/me/calendars", {"url": "https://calendar.example.com/11/basic.ics"}).status == 201


def test_a_removed_calendar_is_gone_with_its_marks_and_cannot_be_removed_twice(api, store):
    me = api.get("/me").body["networker_id"]
    calendar_id = api.post("/me/calendars", {"url": GOOGLE}).body["calendar_id"]
    assert api.delete(f"/me/calendars/{calendar_id}").status == 204
    assert api.get("/me/calendars").body == {"calendars": []}
    assert store.calendars._table.get(keys.networker(me), keys.calendar(calendar_id)) is None
    again = api.delete(f"/me/calendars/{calendar_id}")
    assert again.status == 404 and again.body["errors"][0]["field"] == "calendar_id"
    assert api.post("/me/calendars", {"url": GOOGLE}).status == 201  # it may be added again


def test_another_networker_s_calendar_is_not_found(api, other):
    calendar_id = api.post("/me/calendars", {"url": GOOGLE}).body["calendar_id"]
    assert other.delete(f"/me/calendars/{calendar_id}").status == 404
    assert other.get("/me/calendars").body == {"calendars": []}
    assert other.post("/me/calendars", {"url": GOOGLE}).status == 201  # the same calendar, theirs too
    assert len(api.get("/me/calendars").body["calendars"]) == 1


def test_a_failing_calendar_says_why_in_the_networker_s_language(api, store):
    me = api.get("/me").body["networker_id"]
    assert api.patch("/me", {"locale": "fr"}).status == 200
    calendar_id = api.post("/me/calendars", {"url": GOOGLE}).body["calendar_id"]
    source = store.calendars.get(me, calendar_id)
    store.calendars.record(me, source, {"error_code": "not_found", "error_since": source.added_at})
    (shown,) = api.get("/me/calendars").body["calendars"]
    assert shown["error"]["code"] == "not_found"
    assert shown["error"]["since"] == "2026-11-20T09:30:00Z"
    assert shown["error"]["message"].startswith("L’adresse de l’agenda répond «\u202fintrouvable\u202f»")


def test_an_idempotency_key_adds_the_calendar_once(api):
    key = {"Idempotency-Key": "calendar-7b1e"}
    first = api.post("/me/calendars", {"url": GOOGLE}, headers=key)
    second = api.post("/me/calendars", {"url": GOOGLE}, headers=key)
    assert (first.status, second.status) == (201, 201)
    assert second.body == first.body and second.headers["location"] == first.headers["location"]
    assert len(api.get("/me/calendars").body["calendars"]) == 1


def test_the_api_may_seal_but_not_open(stack):
    """The key's id is the API's; opening is the sync's alone (tests/infra/test_least_privilege.py)."""
    assert os.environ["CALENDAR_KEY_ID"]
