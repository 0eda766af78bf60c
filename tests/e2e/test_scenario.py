"""The first session of a networker, end to end: add a contact, log a coffee, see the reaction, restart."""

from __future__ import annotations

from datetime import timedelta

from rapport import clock


def test_a_coffee_makes_a_contact_met_and_everything_survives_a_restart(start_runtime, tmp_path):
    state_dir = tmp_path / "state"
    local = start_runtime(state_dir)

    created = local.post("/contacts", {"name": "Claire Martin", "stage": "to_meet", "emails": ["claire@example.com"]})
    assert created.status == 201, created.body
    contact_id = created.json["contact_id"]
    logged = local.post(
        "/interactions",
        {
            "kind": "coffee",
            "direction": "mutual",
            "occurred_at": (clock.now() - timedelta(hours=2)).isoformat(),
            "contact_ids": [contact_id],
            "summary": "Coffee at Loustic",
        },
    )
    assert logged.status == 201, logged.body
    assert local.drain()["OnChangeFunction"]["discarded"] == 0

    contact = local.get(f"/contacts/{contact_id}")
    assert contact.status == 200, contact.body
    assert contact.json["stage"] == "met"
    assert contact.json["last_touch_at"]
    assert contact.json["next_follow_up_on"]

    local.runtime.stop()
    again = start_runtime(state_dir)

    assert again.runtime.identity.networker_sub == local.runtime.identity.networker_sub
    after = again.get(f"/contacts/{contact_id}")
    assert after.status == 200, after.body
    for field in ("name", "emails", "stage", "last_touch_at", "next_follow_up_on"):
        assert after.json[field] == contact.json[field]
    touches = again.get(f"/contacts/{contact_id}/interactions")
    assert [touch["summary"] for touch in touches.json["items"]] == ["Coffee at Loustic"]
