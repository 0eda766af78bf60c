"""A week of answering SMS digests, through the local runtime over HTTP: the real schedules fire on the
runtime's clock, the deliver function texts the digest, the networker answers with POST /_local/sms (as
the two-way SMS topic would deliver it), and the next digest reflects the answers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from rapport import clock

START = datetime(2026, 10, 5, 9, 0, tzinfo=UTC)  # 11:00 in Paris, after that day's digest time


def advance(local, **delta) -> None:
    reply = local.post("/_local/clock", {"advance_seconds": timedelta(**delta).total_seconds()}, token=None)
    assert reply.status == 200, reply.body


def texts_to(local, number: str) -> list[str]:
    return [
        item["text"] for item in local.get("/_local/outbox", token=None).json["items"] if item["recipient"] == number
    ]


def say(local, number: str, text: str) -> list[str]:
    reply = local.post("/_local/sms", {"from": number, "text": text}, token=None)
    assert reply.status == 200, reply.body
    return reply.json["replies"]


def networker(local, number: str, locale: str) -> dict[str, str]:
    """Texting only, in Paris, with four inner-circle contacts added today (due in 14 days)."""
    clock.freeze(START)
    identity = local.runtime.identity  # a token issued at this (past) time
    local.token = identity.issue_token(identity.networker_sub, "n@example.com", "N", timedelta(days=365))
    local.verify_phone(number)
    settings = {"timezone": "Europe/Paris", "locale": locale, "channels": {"email": False, "sms": True}}
    assert local.request("PATCH", "/me", settings).status == 200
    people = {}
    for name in ("Claire Martin", "Paul Durand", "Léa Petit", "Hugo Bernard"):
        people[name] = local.post("/contacts", {"name": name, "circle": "inner"}).json["contact_id"]
    local.drain()
    return people


def digest_lines(text: str) -> list[str]:
    return [line.split(". ", 1)[1].split(" - ", 1)[0] for line in text.splitlines()[1:] if ". " in line]


@pytest.mark.parametrize(
    ("locale", "done", "snooze", "snoozed_reply", "done_reply"),
    [
        ("fr", "fait 1", "reporter 2 3j", "Reporté au", "Fait : "),
        ("en", "done 1", "snooze 2 3d", "Snoozed until", "Done: "),
    ],
)
def test_answering_the_digest_over_a_week(local, locale, done, snooze, snoozed_reply, done_reply):
    number = "+33612345678"
    networker(local, number, locale)
    advance(local, days=14)  # the morning they are all due: the digest is texted at 08:00 Paris
    (digest,) = [t for t in texts_to(local, number) if "1. " in t]
    first, second, *others = digest_lines(digest)
    assert len(others) == 2

    assert say(local, number, done) == [f"{done_reply}{first}."]
    (reply,) = say(local, number, snooze)
    assert reply.startswith(snoozed_reply) and second in reply

    advance(local, days=1)  # the next morning: nothing new, nobody overdue, all named yesterday (the back-off)
    assert [t for t in texts_to(local, number) if "1. " in t] == [digest]

    advance(local, days=7)  # a week on they are overdue: back, the snoozed one too, not the one done
    *_, later = [t for t in texts_to(local, number) if "1. " in t]
    assert later != digest
    assert sorted(digest_lines(later)) == sorted([second, *others]) and first not in digest_lines(later)


def test_stop_then_start_and_strangers(local):
    number = "+33612345679"
    networker(local, number, "fr")
    assert say(local, "+33699999999", "fait 1") == []  # not a networker's verified phone: no reply
    (stopped,) = say(local, number, "STOP")
    assert "START" in stopped
    advance(local, days=14)
    assert [t for t in texts_to(local, number) if "1. " in t] == []  # no digest after STOP
    assert say(local, number, "fait 1") == []
    assert len(say(local, number, "START")) == 1
    advance(local, days=1)
    assert [t for t in texts_to(local, number) if "1. " in t]


def test_the_local_sms_endpoint_says_what_is_wrong(local):
    for body in ({"from": "0612345678", "text": "1"}, {"from": "+33612345678"}, {"from": "+33612345678", "text": ""}):
        reply = local.post("/_local/sms", body, token=None)
        assert reply.status == 400 and reply.json["message"], reply.body
