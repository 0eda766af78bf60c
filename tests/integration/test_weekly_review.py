"""Weekly goals and the weekly review: the review schedule follows the profile; the deliver function
sends each week's review once, goals against what the week brought, with the streak carried on."""

from __future__ import annotations

import json
import os
import uuid
from datetime import UTC, datetime, timedelta

import boto3
import pytest

from infra.local.functions import load_handler
from infra.local.provision import REGION
from rapport import clock
from rapport.storage.sends import Sends
from tests.integration.conftest import LambdaContext, sqs_record
from tests.integration.test_digests import emails_sent, last_email_text, schedule_of


def review_schedule_of(networker_id: str) -> dict | None:
    scheduler = boto3.client("scheduler", region_name=REGION)
    try:
        return scheduler.get_schedule(Name=f"review-{networker_id}", GroupName=os.environ["DIGEST_SCHEDULE_GROUP"])
    except scheduler.exceptions.ResourceNotFoundException:
        return None


def deliver_review(networker_id: str, at: datetime) -> dict:
    """The deliver function fed what the review schedule puts on the queue."""
    body = {"kind": "review", "networker_id": networker_id, "scheduled_time": at.isoformat()}
    return load_handler("DeliverFunction")({"Records": [sqs_record(body)]}, LambdaContext())


def last_subject() -> str:
    from email import message_from_bytes, policy

    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.ses.models import ses_backends

    raw = ses_backends[DEFAULT_ACCOUNT_ID][REGION].sent_messages[-1].raw_data
    return message_from_bytes(raw.encode() if isinstance(raw, str) else raw, policy=policy.default)["Subject"]


# ---------------------------------------------------------------- the schedule


def test_the_review_schedule_follows_the_profile(api, stream):
    me = api.claims["sub"]
    api.get("/me")
    stream.drain()
    created = review_schedule_of(me)
    assert (created["ScheduleExpression"], created["ScheduleExpressionTimezone"]) == ("cron(0 17 ? * FRI *)", "UTC")
    assert json.loads(created["Target"]["Input"]) == {
        "kind": "review", "networker_id": me, "scheduled_time": "<aws.scheduler.scheduled-time>"
    }  # fmt: skip
    assert created["Target"]["Arn"] == os.environ["DELIVERY_QUEUE_ARN"]

    api.patch("/me", {"timezone": "Europe/Paris", "review_day": "monday", "review_time": "08:45"})
    stream.drain()
    moved = review_schedule_of(me)
    assert (moved["ScheduleExpression"], moved["ScheduleExpressionTimezone"]) == (
        "cron(45 8 ? * MON *)",
        "Europe/Paris",
    )
    assert schedule_of(me)["ScheduleExpression"] == "cron(0 8 * * ? *)"  # the digest's, beside it

    api.patch("/me", {"channels": {"email": False, "sms": True}})
    stream.drain()
    assert review_schedule_of(me) is None  # the review is an email
    assert schedule_of(me) is not None  # the SMS digest goes on

    api.patch("/me", {"channels": {"email": True, "sms": False}})
    stream.drain()
    assert review_schedule_of(me)["ScheduleExpression"] == "cron(45 8 ? * MON *)"


def test_no_review_schedule_without_a_sign_in_email(stream, stack):
    from tests.integration.conftest import Api

    nobody = Api(sub=str(uuid.uuid4()), email="")
    assert nobody.get("/me").body["emails"] == []
    stream.drain()
    assert review_schedule_of(nobody.claims["sub"]) is None
    assert schedule_of(nobody.claims["sub"]) is not None


def test_goals_and_review_day_are_set_with_patch_me(api):
    me = api.get("/me").body
    assert (me["weekly_goals"], me["review_day"], me["review_time"]) == (
        {"new_people": None, "touches": None, "help_given": None, "introductions": None}, "friday", "17:00"
    )  # fmt: skip
    set_ = api.patch("/me", {"weekly_goals": {"touches": 5, "new_people": 2}, "review_day": "sunday"})
    assert set_.status == 200 and set_.body["weekly_goals"]["touches"] == 5 and set_.body["review_day"] == "sunday"
    replaced = api.patch("/me", {"weekly_goals": {"introductions": 1}}).body["weekly_goals"]
    assert replaced == {"new_people": None, "touches": None, "help_given": None, "introductions": 1}  # a whole set
    assert api.patch("/me", {"weekly_goals": {}}).body["weekly_goals"]["introductions"] is None


@pytest.mark.parametrize(
    "body, field",
    [
        ({"weekly_goals": {"meetings": 3}}, "weekly_goals.meetings"),
        ({"weekly_goals": {"touches": -1}}, "weekly_goals.touches"),
        ({"weekly_goals": {"touches": "lots"}}, "weekly_goals.touches"),
        ({"weekly_goals": None}, "weekly_goals"),
        ({"review_day": "vendredi"}, "review_day"),
        ({"review_day": None}, "review_day"),
        ({"review_time": "5pm"}, "review_time"),
        ({"review_time": "24:00"}, "review_time"),
    ],
)
def test_bad_goals_or_review_times_are_422_naming_the_field(api, body, field):
    refused = api.patch("/me", body)
    assert refused.status == 422, refused.body
    assert [e["field"] for e in refused.body["errors"]] == [field]


# ---------------------------------------------------------------- a month of reviews

FRIDAY = datetime(2026, 11, 27, 16, tzinfo=UTC)  # 17:00 in Paris, the default review time


class Networker:
    """Logs what happens through the API, at the frozen clock's time."""

    def __init__(self, api, stream):
        self.api, self.stream, self.ids = api, stream, {}

    def add(self, name: str, **fields) -> str:
        reply = self.api.post("/contacts", {"name": name, **fields})
        assert reply.status == 201, reply.body
        self.ids[name] = reply.body["contact_id"]
        return self.ids[name]

    def touch(self, kind: str, *names: str, at: str | None = None) -> None:
        """Now, or `at` (logged late)."""
        when = at or clock.now().isoformat()
        body = {"kind": kind, "occurred_at": when, "contact_ids": [self.ids[n] for n in names]}
        assert self.api.post("/interactions", body).status == 201

    def introduce(self, first: str, second: str) -> None:
        """Suggested, asked, accepted, made: the `introduction` touch is logged with both."""
        created = self.api.post("/introductions", {"contact_ids": [self.ids[first], self.ids[second]], "reason": "x"})
        intro = created.body["introduction_id"]
        for step in ("ask", "accept", "make"):
            assert self.api.post(f"/introductions/{intro}/{step}").status == 200, step

    def review(self, friday: datetime) -> str:
        """This Friday's review email, as sent."""
        self.stream.drain()
        clock.freeze(friday)
        before = emails_sent()
        assert deliver_review(self.api.claims["sub"], friday) == {"batchItemFailures": []}
        assert emails_sent() == before + 1
        return last_email_text()


@pytest.fixture
def marie(api, stream):
    """In Paris, aiming each week at 3 touches and an introduction; Dora (inner circle, every 14 days)
    was added today, on a Friday, and is due on 4 December."""
    api.patch("/me", {"name": "Marie", "timezone": "Europe/Paris", "weekly_goals": {"touches": 3, "introductions": 1}})
    marie = Networker(api, stream)
    marie.add("Dora", circle="inner", company="Acme")
    marie.add("Nina", stage="to_meet", company="Orbit")
    for name in ("Paul", "Lea", "Hugo"):
        marie.add(name)
    stream.drain()
    return marie


def test_weekly_reviews_across_a_month_with_a_goal_met_and_one_missed(marie):
    # Week 1 (21-27 November): Nina, to meet, met over coffee; a call; an introduction (its touch counts).
    clock.freeze(datetime(2026, 11, 24, 10, tzinfo=UTC))
    marie.touch("coffee", "Nina")
    marie.touch("call", "Paul")
    marie.introduce("Paul", "Lea")
    first = marie.review(FRIDAY)
    assert "Here is your week, from Saturday, November 21 to Friday, November 27." in first
    assert "- New people met: 1\n" in first  # no goal set: the figure alone
    assert "- Touches: 3 of 3 — met\n" in first
    assert "- Help given: 0\n" in first
    assert "- Introductions made: 1 of 1 — met\n" in first
    assert "1 week on target" in first
    assert "No relationship cooled this week." in first
    assert "- Nina (Orbit), first met on Tuesday, November 24" in first  # nothing since, nothing planned

    # Week 2: Omar met at an event and added that day, a meeting with him planned; a call; an introduction.
    clock.freeze(datetime(2026, 12, 1, 10, tzinfo=UTC))
    marie.add("Omar")
    marie.touch("event", "Omar")
    meeting = {"contact_ids": [marie.ids["Omar"]], "starts_at": "2026-12-09T15:00:00+01:00"}
    assert marie.api.post("/meetings", meeting).status == 201
    marie.touch("call", "Hugo")
    marie.introduce("Hugo", "Lea")
    second = marie.review(FRIDAY + timedelta(days=7))
    assert "- New people met: 1\n" in second and "- Touches: 3 of 3 — met\n" in second
    assert "2 weeks on target in a row" in second
    assert "Everyone you met this week has a follow-up." in second  # Omar: the meeting on the 9th
    assert "Nina" not in second  # met last week

    # Week 3: one call and an introduction: the introduction goal met, the touches missed. Dora cools.
    clock.freeze(datetime(2026, 12, 8, 10, tzinfo=UTC))
    marie.touch("call", "Paul")
    marie.introduce("Lea", "Nina")
    third = marie.review(FRIDAY + timedelta(days=14))
    assert "- Touches: 2 of 3 — missed\n" in third
    assert "- Introductions made: 1 of 1 — met\n" in third
    assert "Missed this week: a new streak starts next week." in third
    assert "- Dora (Acme): health 50/100 (a week ago: 75)" in third
    assert "Nobody new met this week." in third

    # Week 4, in French: Dora called, back on target, a new streak.
    marie.api.patch("/me", {"locale": "fr"})
    clock.freeze(datetime(2026, 12, 15, 10, tzinfo=UTC))
    marie.touch("call", "Dora")
    marie.touch("coffee", "Lea")
    marie.introduce("Paul", "Hugo")
    fourth = marie.review(FRIDAY + timedelta(days=21))
    assert last_subject() == "Rapport\u202f: votre semaine (du samedi 12 décembre au vendredi 18 décembre)"
    assert "- Échanges\u202f: 3 sur 3 — atteint\n" in fourth
    assert "- Mises en relation\u202f: 1 sur 1 — atteint\n" in fourth
    assert "- Nouvelles rencontres\u202f: 0\n" in fourth
    assert "1 semaine dans les objectifs" in fourth
    assert "Aucune relation n'a refroidi cette semaine." in fourth


def test_a_touch_logged_late_counts_in_the_week_it_happened_and_an_older_one_does_not(marie):
    clock.freeze(datetime(2026, 11, 27, 9, tzinfo=UTC))  # Friday morning
    marie.touch("call", "Paul", at="2026-11-23T18:00:00+01:00")  # Monday
    marie.touch("call", "Hugo", at="2026-11-20T18:00:00+01:00")  # the Friday before the week
    marie.add("Old friend")  # added as met, known for years: the first call logged is from last year
    marie.touch("call", "Old friend", at="2025-06-01T10:00:00+02:00")
    text = marie.review(FRIDAY)
    assert "- Touches: 1 of 3 — missed\n" in text
    assert "- New people met: 0\n" in text and "Nobody new met this week." in text


def test_without_goals_a_review_comes_every_week_all_the_same(api, stream):
    me = api.claims["sub"]
    api.get("/me")
    for week in range(3):
        friday = FRIDAY + timedelta(days=7 * week)
        clock.freeze(friday)
        before = emails_sent()
        assert deliver_review(me, friday) == {"batchItemFailures": []}
        assert emails_sent() == before + 1
        assert "- Touches: 0\n" in last_email_text()
        assert "Set your weekly goals in Rapport's Settings" in last_email_text()


def test_a_touch_texted_counts_in_the_week_it_was_texted(marie):
    """A text's touch: its id time-ordered by when the text reached the queue (the review reads the week's
    range of ids), and it happened then, however late it is acted on."""
    from tests.integration.conftest import a_mobile, verify_phone
    from tests.integration.test_inbound_sms import text

    number = a_mobile()
    verify_phone(marie.api, marie.stream, number)
    texted = datetime(2026, 11, 27, 22, 50, tzinfo=UTC)  # 23:50 on Friday in Paris, acted on after midnight
    clock.freeze(texted + timedelta(minutes=30))
    record = text(number, "log call Paul", "m-late")
    record["attributes"]["SentTimestamp"] = str(int(texted.timestamp() * 1000))
    assert load_handler("InboundSmsFunction")({"Records": [record]}, LambdaContext()) == {"batchItemFailures": []}
    marie.stream.drain()
    (touch,) = marie.api.get(f"/contacts/{marie.ids['Paul']}/interactions").body["items"]
    assert touch["occurred_at"] == "2026-11-27T22:50:00Z"
    assert deliver_review(marie.api.claims["sub"], FRIDAY) == {"batchItemFailures": []}  # the review, late too
    assert "- Touches: 1 of 3 — missed\n" in last_email_text()  # Friday's, not Saturday's


# ---------------------------------------------------------------- exactly once


def test_a_review_is_sent_once_whatever_fires_twice(marie):
    me = marie.api.claims["sub"]
    marie.review(FRIDAY)
    before = emails_sent()
    assert deliver_review(me, FRIDAY) == {"batchItemFailures": []}
    assert deliver_review(me, FRIDAY + timedelta(minutes=5)) == {"batchItemFailures": []}
    assert emails_sent() == before  # the schedule fired again, SQS delivered again: nothing more


def test_a_crash_after_sending_does_not_send_again(marie, monkeypatch):
    me = marie.api.claims["sub"]
    clock.freeze(FRIDAY)
    before = emails_sent()
    record = Sends.record

    def crash(*args, **kwargs):
        raise RuntimeError("the function died after sending")

    monkeypatch.setattr(Sends, "record", crash)
    assert len(deliver_review(me, FRIDAY)["batchItemFailures"]) == 1 and emails_sent() == before + 1
    monkeypatch.setattr(Sends, "record", record)
    assert deliver_review(me, FRIDAY) == {"batchItemFailures": []}  # SQS redelivers
    assert emails_sent() == before + 1


def test_a_retry_sends_the_figures_recorded_the_first_time(marie, monkeypatch):
    """The send failed once; meanwhile a touch of the week was logged: the streak goes on from the record."""
    from rapport.services.deliveries import review as reviews

    me = marie.api.claims["sub"]
    clock.freeze(datetime(2026, 11, 24, 10, tzinfo=UTC))
    for name in ("Paul", "Lea", "Hugo"):
        marie.touch("call", name)
    marie.stream.drain()
    clock.freeze(FRIDAY)
    real = reviews.review_email

    def down(*args, **kwargs):
        raise RuntimeError("SES is down")

    monkeypatch.setattr(reviews, "review_email", down)
    assert len(deliver_review(me, FRIDAY)["batchItemFailures"]) == 1
    monkeypatch.setattr(reviews, "review_email", real)
    marie.touch("call", "Dora")  # a fourth touch, after the figures were recorded
    text = marie.review(FRIDAY)
    assert "- Touches: 3 of 3 — met\n" in text


def test_no_email_no_review(marie):
    marie.api.patch("/me", {"channels": {"email": False, "sms": True}})
    clock.freeze(FRIDAY)
    before = emails_sent()
    assert deliver_review(marie.api.claims["sub"], FRIDAY) == {"batchItemFailures": []}
    assert emails_sent() == before


# ---------------------------------------------------------------- the week on screen (GET /review)


def test_the_week_on_screen_says_what_its_review_will_say_with_twelve_weeks_of_touches(marie):
    clock.freeze(datetime(2026, 11, 10, 10, tzinfo=UTC))
    marie.touch("call", "Hugo", at="2026-11-10T09:00:00+01:00")  # in the week ending Friday 13 November
    clock.freeze(datetime(2026, 11, 24, 10, tzinfo=UTC))  # a Tuesday
    marie.touch("coffee", "Nina")
    marie.touch("call", "Paul")
    marie.introduce("Paul", "Lea")
    marie.touch("call", "Lea", at="2026-08-20T10:00:00+02:00")  # logged late, before the 12 weeks: in no bar
    marie.stream.drain()

    week = marie.api.get("/review")
    assert week.status == 200, week.body
    view = week.body
    assert view["week"] == {"first": "2026-11-21", "last": "2026-11-27"}  # ends on the review day, Friday
    goals = {r["goal"]: (r["actual"], r["target"], r["met"]) for r in view["results"]}
    assert goals == {
        "new_people": (1, None, None), "touches": (3, 3, True), "help_given": (0, None, None),
        "introductions": (1, 1, True),
    }  # fmt: skip
    assert (view["on_target"], view["streak"], view["streak_before"]) == (True, 1, 0)
    assert [c["name"] for c in view["unplanned"]] == ["Nina"] and view["cooling"] == []
    bars = view["touches_by_week"]
    assert len(bars) == 12 and bars[0] == {"first": "2026-09-05", "last": "2026-09-11", "touches": 0}
    assert [b["touches"] for b in bars][-3:] == [1, 0, 3]  # 7-13, 14-20, 21-27 November

    text = marie.review(FRIDAY)  # the email, on the review day, says the same
    assert "- Touches: 3 of 3 — met\n" in text and "- Nina (Orbit), first met on Tuesday, November 24" in text

    clock.freeze(datetime(2026, 12, 9, 10, tzinfo=UTC))  # the Wednesday after next: the week of 5-11 December
    after = marie.api.get("/review").body
    assert after["week"] == {"first": "2026-12-05", "last": "2026-12-11"}
    assert (after["on_target"], after["streak"], after["streak_before"]) == (False, 0, 1)  # the last review's
    assert [c["contact"]["name"] for c in after["cooling"]] == ["Dora"]  # due since 4 December
    assert [b["touches"] for b in after["touches_by_week"]][-5:] == [1, 0, 3, 0, 0]


def test_the_week_on_screen_follows_the_review_day_and_time_zone(api):
    api.patch("/me", {"timezone": "Pacific/Auckland", "review_day": "monday"})
    clock.freeze(datetime(2026, 11, 22, 12, tzinfo=UTC))  # Monday 23 November, 01:00 in Auckland
    view = api.get("/review").body
    assert view["week"] == {"first": "2026-11-17", "last": "2026-11-23"}  # the review day itself included
    assert view["on_target"] is None and view["streak"] == 0  # no goal set: nothing to be on target for
