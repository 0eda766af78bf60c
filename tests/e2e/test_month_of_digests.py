"""A month in the life, through the local runtime over HTTP: the real schedules fire on the runtime's
clock, the real deliver function sends, and the outbox says what went out, when, and in which words.

A networker in Europe/Paris, French, digest at 08:30, holds 30 contacts: 10 inner (due every 14
days), 10 active (30), 10 network (90), all added on 5 October 2026. Daylight saving time ends in
Paris on 25 October: 08:30 is 06:30 UTC before, 07:30 UTC after.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import UTC, date, datetime, timedelta

import pytest

from rapport import clock

START = datetime(2026, 10, 5, 7, 0, tzinfo=UTC)  # 09:00 in Paris, after that day's digest time


def advance(local, **delta) -> None:
    reply = local.post("/_local/clock", {"advance_seconds": timedelta(**delta).total_seconds()}, token=None)
    assert reply.status == 200, reply.body


def outbox(local) -> list[dict]:
    reply = local.get("/_local/outbox", token=None)
    assert reply.status == 200, reply.body
    return reply.json["items"]


NOT_DIGESTS = ("rendez-vous", "meeting", "votre semaine", "your week")  # briefs, weekly reviews


def digests(items: list[dict]) -> list[tuple[str, str, int]]:
    """(UTC time sent, subject, how many people the digest counts) for each digest email."""
    found = []
    for item in items:
        if item["channel"] != "email" or any(word in item["subject"] for word in NOT_DIGESTS):
            continue
        count = re.search(r"(\d+|Une) personnes? à contacter|(\d+|One) (?:people|person) to reach out", item["text"])
        number = next(g for g in count.groups() if g)
        found.append((item["time"], item["subject"], 1 if number in ("Une", "One") else int(number)))
    return found


def named(item: dict) -> list[str]:
    """The people a digest names, one line each."""
    return re.findall(r"^\d+\. (.+?) — ", item["text"], re.MULTILINE)


@pytest.fixture
def marie(local):
    clock.freeze(START)
    identity = local.runtime.identity  # a token issued in this (past) month
    local.token = identity.issue_token(identity.networker_sub, "marie@example.com", "Marie", timedelta(days=365))
    assert local.request("PATCH", "/me", {"name": "Marie", "timezone": "Europe/Paris", "locale": "fr",
                                           "digest_time": "08:30"}).status == 200  # fmt: skip
    people = {}
    for circle in ("inner", "active", "network"):
        for i in range(10):
            reply = local.post("/contacts", {"name": f"{circle.title()} {i}", "circle": circle})
            assert reply.status == 201, reply.body
            people[f"{circle} {i}"] = reply.json["contact_id"]
    local.drain()
    return people


def test_a_month_of_french_digests_at_08_30_paris_time_across_the_end_of_summer_time(local, marie):
    advance(local, days=15, hours=3)  # to 20 October, 10:00 Paris
    for i in range(5):  # calls with half of the inner circle, after that morning's digest
        call = {"kind": "call", "occurred_at": clock.now().isoformat(), "contact_ids": [marie[f"inner {i}"]]}
        assert local.post("/interactions", call).status == 201
    meeting = {"contact_ids": [marie["inner 0"]], "starts_at": "2026-11-05T15:00:00+01:00", "goal": "son projet"}
    assert local.post("/meetings", meeting).status == 201
    advance(local, days=21)  # to 10 November, 10:00 Paris

    sent = digests(outbox(local))
    # 08:30 Paris time: 06:30 UTC in summer time, 07:30 UTC from 25 October; the inner circle falls due on
    # the 19th (ten people: five named, five counted), and the back-off sends nothing on the days after.
    assert sent[0] == ("2026-10-19T06:30:00Z", "Rapport\u202f: qui recontacter aujourd'hui", 10)
    for time, _, _ in sent:
        day = date.fromisoformat(time[:10])
        assert time[11:] == ("06:30:00Z" if day < date(2026, 10, 25) else "07:30:00Z")
    assert {subject for _, subject, _ in sent} == {"Rapport\u202f: qui recontacter aujourd'hui"}
    assert Counter(date.fromisoformat(time[:10]) for time, _, _ in sent).most_common(1)[0][1] == 1  # once a day
    assert len(sent) < 23  # not every morning any more: 23 before the back-off
    mails = [item for item in outbox(local) if item["channel"] == "email" and item["time"] in {t for t, _, _ in sent}]
    by_day = {date.fromisoformat(item["time"][:10]): named(item) for item in mails}
    for day, people in by_day.items():
        assert 0 < len(people) <= 5 and len(set(people)) == len(people)
        tomorrow = by_day.get(day + timedelta(days=1), [])
        assert not set(people) & set(tomorrow) or "Inner 0" in tomorrow, day  # only today's question comes back

    reviews = [item["time"] for item in outbox(local) if "votre semaine" in item["subject"]]
    fridays = [f"2026-10-{d}T15:00:00Z" for d in ("09", 16, 23)] + ["2026-10-30T16:00:00Z", "2026-11-06T16:00:00Z"]
    assert reviews == fridays  # the weekly review, Fridays at 17:00 Paris time

    (brief,) = [item for item in outbox(local) if "rendez-vous" in item["subject"]]
    assert brief["time"] == "2026-11-05T12:00:00Z"  # two hours before 15:00 Paris
    assert brief["subject"] == "Rapport\u202f: votre rendez-vous avec Inner 0 à 15:00"
    assert "Votre objectif\u202f: son projet" in brief["text"]

    (asking,) = [item for item in outbox(local) if item["time"] == "2026-11-06T07:30:00Z"]
    assert "rendez-vous du jeudi 5 novembre à confirmer" in asking["text"]  # new, and only today: sent
    assert "toutes dans Aujourd’hui\u202f:\nhttp" in asking["text"]  # the others, one link away


def test_moving_to_new_york_in_english_moves_the_schedule(local, marie):
    advance(local, days=14, hours=1)  # 19 October, 10:00 Paris: the first digest went out at 08:30
    assert local.request("PATCH", "/me", {"timezone": "America/New_York", "locale": "en"}).status == 200
    advance(local, days=14)  # New York leaves summer time on 1 November
    sent = digests(outbox(local))
    assert sent[0] == ("2026-10-19T06:30:00Z", "Rapport\u202f: qui recontacter aujourd'hui", 10)
    new_york = sent[1:]
    # 08:30 in New York; not on the 19th again: that day's digest went out (at most one a day)
    assert new_york[0][0] == "2026-10-20T12:30:00Z"
    assert [time for time, _, _ in new_york if time.startswith("2026-11-01")] == ["2026-11-01T13:30:00Z"]
    assert {subject for _, subject, _ in new_york} == {"Rapport: who to reach out to today"}
    days = [time[:10] for time, _, _ in new_york]
    assert len(days) == len(set(days)) == 5  # once a day at most, and backed off: not all 13 days to 1 November
