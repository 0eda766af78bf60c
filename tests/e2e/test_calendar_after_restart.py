"""A calendar added before a restart of the local runtime is read after it: its address, sealed with the
stack's calendar key (KMS), opens again (moto makes its keys anew at each start; the runtime keeps them)."""

from __future__ import annotations

from datetime import timedelta

from rapport import clock
from tests.e2e.test_calendar_sync_locally import coffee
from tests.fakes.calendar_server import CalendarServer


def test_a_calendar_added_before_a_restart_is_read_after_it(start_runtime, tmp_path):
    local = start_runtime(tmp_path / "state")
    claire = local.post("/contacts", {"name": "Claire Martin", "emails": ["claire@example.com"]}).json
    starts = clock.now().replace(microsecond=0) - timedelta(hours=2)
    with CalendarServer() as server:
        server.serve("/work.ics", coffee(starts))
        assert local.post("/me/calendars", {"url": server.url("/work.ics")}).status == 201
        local.drain()
        touches = local.get(f"/contacts/{claire['contact_id']}/interactions").json["items"]
        assert [t["source"] for t in touches] == ["calendar"]
        local.runtime.stop()

        again = start_runtime(tmp_path / "state")
        server.serve("/work.ics", coffee(starts, cancelled=True))
        again.runtime.advance(timedelta(hours=1))  # the hourly schedule fires, the queue is pumped
        again.drain()
        (calendar,) = again.get("/me/calendars").json["calendars"]
        assert calendar["error"] is None
        assert again.get(f"/contacts/{claire['contact_id']}/interactions").json["items"] == []
