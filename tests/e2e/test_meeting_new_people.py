"""Meeting new people on purpose, through the local runtime over HTTP: a LinkedIn export of a few
hundred rows imported as a job (the real queue and import function), who knows whom, a warm path, and
the "ask X to introduce you to Y" nudge in the next digest."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from rapport import clock
from tests.e2e.conftest import http_request
from tests.e2e.test_month_of_digests import advance, outbox
from tests.integration.test_linkedin_import import export, person

START = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)  # after the 08:00 digest


def test_import_mark_who_knows_whom_and_get_the_nudge(local):
    clock.freeze(START)
    identity = local.runtime.identity
    local.token = identity.issue_token(identity.networker_sub, "lea@example.com", "Léa", timedelta(days=30))
    paul = local.post("/contacts", {"name": "Paul Martin", "circle": "inner"}).json["contact_id"]

    upload = http_request(
        local.base_url,
        "POST",
        "/imports/linkedin",
        export(*(person(n) for n in range(300))),
        {"Authorization": f"Bearer {local.token}", "Content-Type": "text/csv"},
    )
    assert upload.status == 202, upload.body
    local.drain()  # the stream enqueues each chunk, the import function takes it
    report = local.get(upload.headers["location"]).json
    assert (report["status"], report["rows"], report["created"], report["rejected"]) == ("done", 300, 300, 0)

    page = local.get("/contacts?stage=to_meet&limit=100").json
    assert len(page["items"]) == 100 and all(c["origin"] == "LinkedIn" for c in page["items"])
    (claire,) = local.get("/contacts?q=Number42").json["items"]

    knows = local.post(f"/contacts/{paul}/knows", {"contact_id": claire["contact_id"], "closeness": "close"})
    assert knows.status == 200, knows.body
    (path,) = local.get(f"/contacts/{claire['contact_id']}/paths").json["paths"]
    assert [step["name"] for step in path["steps"]] == ["Paul Martin"] and path["score"] == 100

    advance(local, days=1)  # the next 08:00 digest fires on the runtime's clock
    (digest,) = [item for item in outbox(local) if item["subject"] == "Rapport: who to reach out to today"]
    assert "1. Person Number42 (Company 0) — ask Paul Martin to introduce you\n" in digest["text"]
