"""Issue 15's "done when", on the local runtime over HTTP with its clock: an inner-circle friend two months
without news, a help opportunity (Bruno needs what Chloé offers) and a person to meet (Thomas). Fourteen
mornings of digests name the friend first, nobody twice, at most five people a day, never the same
person two days running, and the person to meet at most four times."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

from rapport import clock

START = datetime(2026, 10, 5, 7, 0, tzinfo=UTC)  # 09:00 in Paris, after that day's digest at 08:30
LINE = re.compile(r"^\d+\. (.+?) — (.+)$", re.MULTILINE)


def advance(local, **delta) -> None:
    reply = local.post("/_local/clock", {"advance_seconds": timedelta(**delta).total_seconds()}, token=None)
    assert reply.status == 200, reply.body


def digests(local) -> dict[date, dict[str, str]]:
    """Each digest email by the day it was sent: who it names, with their reasons, in its order."""
    items = local.get("/_local/outbox", token=None).json["items"]
    found = {}
    for item in items:
        if item["channel"] == "email" and item["subject"] == "Rapport\u202f: qui recontacter aujourd'hui":
            day = date.fromisoformat(item["time"][:10])
            assert day not in found  # one a day
            found[day] = dict(LINE.findall(item["text"]))
    return found


def test_fourteen_mornings_name_the_right_people_once_and_back_off(local):
    clock.freeze(START)
    identity = local.runtime.identity
    local.token = identity.issue_token(identity.networker_sub, "lea@example.com", "Léa", timedelta(days=365))
    me = {"name": "Léa", "timezone": "Europe/Paris", "locale": "fr", "digest_time": "08:30"}
    assert local.request("PATCH", "/me", me).status == 200
    anne = local.post("/contacts", {"name": "Anne Martin", "circle": "inner"}).json["contact_id"]
    call = {"kind": "call", "occurred_at": (START - timedelta(days=60)).isoformat(), "contact_ids": [anne]}
    assert local.post("/interactions", call).status == 201
    assert local.post("/contacts", {"name": "Bruno Petit", "needs": ["levée de fonds"]}).status == 201
    assert local.post("/contacts", {"name": "Chloé Roux", "offers": ["fundraising"]}).status == 201
    thomas = {"name": "Thomas Bernard", "stage": "to_meet", "priority": "high", "why": "Il investit en seed"}
    assert local.post("/contacts", thomas).status == 201
    local.drain()

    ranked = local.get("/reminders").json["people"]  # what Today shows: everyone, ranked
    assert [p["name"] for p in ranked] == ["Anne Martin", "Bruno Petit", "Thomas Bernard"]
    assert ranked[0]["reasons"] == ["2 mois sans nouvelles"]

    advance(local, days=14)
    sent = digests(local)

    days = sorted(sent)
    assert days[0] == date(2026, 10, 6) and len(days) < 14  # mornings with nothing new and nothing overdue: none
    first = sent[days[0]]
    assert list(first) == ["Anne Martin", "Bruno Petit", "Thomas Bernard"]
    assert first["Anne Martin"] == "2 mois sans nouvelles"
    assert first["Bruno Petit"] == "à présenter à Chloé Roux (levée de fonds)"
    assert first["Thomas Bernard"] == "à rencontrer"
    for day in days:
        named = list(sent[day])
        assert named and len(named) <= 5
        if "Anne Martin" in named:
            assert named[0] == "Anne Martin"  # the friend first, when shown
        if day + timedelta(days=1) in sent:
            assert not set(named) & set(sent[day + timedelta(days=1)]), day  # never the same people two days running
    assert sum("Thomas Bernard" in sent[day] for day in days) <= 4
    assert sum("Bruno Petit" in sent[day] for day in days) <= 2  # his opportunity, at most twice
    assert sum("Anne Martin" in sent[day] for day in days) >= 3  # overdue, she keeps coming back
