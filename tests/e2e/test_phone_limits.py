"""Over HTTP against the local runtime: codes past the limit get a 429 with Retry-After, a national
number from abroad gets the form to write, and a time-zone change moves the follow-ups."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from rapport import clock


def texts_to(local, number: str) -> list[str]:
    return [item["text"] for item in local.get("/_local/outbox").json["items"] if item["recipient"] == number]


def test_codes_past_the_limit_get_a_429_with_retry_after(local):
    number = "+33612345678"
    for _ in range(3):
        assert local.request("PUT", "/me/phone", {"phone": number}).status == 202
        local.drain()
    refused = local.request("PUT", "/me/phone", {"phone": number})
    assert refused.status == 429 and refused.headers["content-type"] == "application/json"
    wait = int(refused.headers["retry-after"])
    assert 3590 < wait <= 3600  # an hour after the first, by the runtime's clock
    assert refused.json["code"] == "too_many_requests" and f"in {wait} seconds" in refused.json["message"]
    local.drain()
    assert len(texts_to(local, number)) == 3


def test_a_national_number_from_abroad_gets_the_form_to_write(local):
    assert local.request("PATCH", "/me", {"region": "FR"}).status == 200
    refused = local.request("PUT", "/me/phone", {"phone": "0151 23456789"})
    assert refused.status == 422
    assert "write it +49 1512 3456789 (Germany)" in refused.json["errors"][0]["reason"]


def test_a_time_zone_change_moves_the_follow_ups(local):
    yesterday = (clock.now() - timedelta(days=1)).astimezone(UTC).date()
    at = datetime(yesterday.year, yesterday.month, yesterday.day, 3, tzinfo=UTC)  # the day before, in Los Angeles
    created = local.post("/contacts", {"name": "Claire", "stage": "met", "circle": "inner"}).json
    logged = local.post(
        "/interactions", {"kind": "call", "occurred_at": at.isoformat(), "contact_ids": [created["contact_id"]]}
    )
    assert logged.status == 201
    local.drain()
    path = f"/contacts/{created['contact_id']}"
    assert local.get(path).json["next_follow_up_on"] == (yesterday + timedelta(days=14)).isoformat()
    assert local.request("PATCH", "/me", {"timezone": "America/Los_Angeles"}).status == 200
    local.drain()
    assert local.get(path).json["next_follow_up_on"] == (yesterday + timedelta(days=13)).isoformat()
