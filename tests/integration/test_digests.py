"""Digest schedules follow the profile; the deliver function sends each digest at most once."""

import json
import os
from datetime import timedelta

import boto3
import pytest

from infra.local.functions import load_handler
from infra.local.provision import REGION
from rapport import clock
from rapport.storage import Store
from rapport.storage.sends import Sends
from tests.integration.conftest import NOW, LambdaContext, a_mobile, sms_sent, sqs_record, verify_phone


def schedule_of(networker_id: str) -> dict | None:
    scheduler = boto3.client("scheduler", region_name=REGION)
    try:
        return scheduler.get_schedule(Name=networker_id, GroupName=os.environ["DIGEST_SCHEDULE_GROUP"])
    except scheduler.exceptions.ResourceNotFoundException:
        return None


def emails_sent() -> int:
    """Emails moto's SES accepted (its send quota counts recipients twice for raw messages)."""
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.ses.models import ses_backends

    return len(ses_backends[DEFAULT_ACCOUNT_ID][REGION].sent_messages)


def deliver(*networker_ids: str, at) -> dict:
    """The deliver function fed one digest request per networker."""
    bodies = [{"kind": "digest", "networker_id": n, "scheduled_time": at.isoformat()} for n in networker_ids]
    return load_handler("DeliverFunction")({"Records": [sqs_record(b) for b in bodies]}, LambdaContext())


def deliver_brief(networker_id: str, meeting_id: str, at) -> dict:
    body = {"kind": "brief", "networker_id": networker_id, "meeting_id": meeting_id, "scheduled_time": at.isoformat()}
    return load_handler("DeliverFunction")({"Records": [sqs_record(body)]}, LambdaContext())


def test_the_schedule_follows_the_profile(api, stream):
    api.get("/me")
    stream.drain()
    created = schedule_of(api.claims["sub"])
    assert (created["ScheduleExpression"], created["ScheduleExpressionTimezone"]) == ("cron(0 8 * * ? *)", "UTC")
    assert json.loads(created["Target"]["Input"]) == {
        "kind": "digest", "networker_id": api.claims["sub"], "scheduled_time": "<aws.scheduler.scheduled-time>"
    }  # fmt: skip
    assert created["Target"]["Arn"] == os.environ["DELIVERY_QUEUE_ARN"]
    assert created["Target"]["DeadLetterConfig"]["Arn"] == os.environ["DELIVERY_DEAD_LETTERS_ARN"]

    api.patch("/me", {"timezone": "Europe/Paris", "digest_time": "08:30"})
    stream.drain()
    moved = schedule_of(api.claims["sub"])
    assert (moved["ScheduleExpression"], moved["ScheduleExpressionTimezone"]) == ("cron(30 8 * * ? *)", "Europe/Paris")

    api.patch("/me", {"channels": {"email": False, "sms": False}})
    stream.drain()
    assert schedule_of(api.claims["sub"]) is None


def test_replaying_profile_records_keeps_the_schedule_as_the_profile_is_now(api, stream):
    api.get("/me")
    api.patch("/me", {"digest_time": "07:15"})
    stream.drain()
    handler = load_handler("OnChangeFunction")
    for event in stream.delivered:  # the old images say 08:00: the schedule must not go back
        assert handler(event, LambdaContext()) == {"batchItemFailures": []}
    assert schedule_of(api.claims["sub"])["ScheduleExpression"] == "cron(15 7 * * ? *)"


@pytest.fixture
def due_tomorrow(api):
    """A networker with two inner-circle contacts due on NOW + 14 days."""
    for name in ("Claire", "Paul"):
        assert api.post("/contacts", {"name": name, "circle": "inner"}).status == 201
    return NOW + timedelta(days=14)


def test_a_digest_is_sent_once_per_day_whatever_fires_twice(api, due_tomorrow):
    before = emails_sent()
    assert deliver(api.claims["sub"], at=due_tomorrow - timedelta(days=1)) == {"batchItemFailures": []}
    assert emails_sent() == before  # nobody due yet: nothing sent

    assert deliver(api.claims["sub"], api.claims["sub"], at=due_tomorrow) == {"batchItemFailures": []}
    assert deliver(api.claims["sub"], at=due_tomorrow + timedelta(minutes=5)) == {"batchItemFailures": []}
    assert emails_sent() == before + 1  # the schedule fired twice, SQS delivered twice: one email

    assert deliver(api.claims["sub"], at=due_tomorrow + timedelta(days=1)) == {"batchItemFailures": []}
    assert emails_sent() == before + 1  # the next day names nobody again (the back-off): nothing sent
    assert deliver(api.claims["sub"], at=due_tomorrow + timedelta(days=8)) == {"batchItemFailures": []}
    assert emails_sent() == before + 2  # overdue a week on, they come back: another digest


def test_a_crash_after_sending_does_not_send_again(api, due_tomorrow, monkeypatch):
    before = emails_sent()
    record = Sends.record

    def crash(*args, **kwargs):
        raise RuntimeError("the function died after sending")

    monkeypatch.setattr(Sends, "record", crash)
    failed = deliver(api.claims["sub"], at=due_tomorrow)
    assert len(failed["batchItemFailures"]) == 1 and emails_sent() == before + 1

    monkeypatch.setattr(Sends, "record", record)
    assert deliver(api.claims["sub"], at=due_tomorrow) == {"batchItemFailures": []}  # SQS redelivers
    assert emails_sent() == before + 1


def test_a_networker_without_email_channel_gets_no_email(api, due_tomorrow):
    api.patch("/me", {"channels": {"email": False, "sms": True}})
    before = emails_sent()
    assert deliver(api.claims["sub"], at=due_tomorrow) == {"batchItemFailures": []}
    assert emails_sent() == before


def test_an_unreadable_message_is_reported_not_dropped(stack):
    event = {"Records": [sqs_record({}, message_id="m1") | {"body": "{not json"}]}
    assert load_handler("DeliverFunction")(event, LambdaContext()) == {"batchItemFailures": [{"itemIdentifier": "m1"}]}


def test_the_clock_of_the_digest_is_the_scheduled_time_not_the_delivery_time(api, due_tomorrow):
    clock.freeze(due_tomorrow + timedelta(days=3))  # delivered late (retries, a backlog)
    before = emails_sent()
    deliver(api.claims["sub"], at=due_tomorrow - timedelta(days=1))
    assert emails_sent() == before  # that day, nobody was due


def last_email_text() -> str:
    from email import message_from_bytes, policy

    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.ses.models import ses_backends

    raw = ses_backends[DEFAULT_ACCOUNT_ID][REGION].sent_messages[-1].raw_data
    message = message_from_bytes(raw.encode() if isinstance(raw, str) else raw, policy=policy.default)
    return message.get_body(("plain",)).get_content()


def test_the_digest_holds_birthdays_and_thank_yous_and_skips_what_was_snoozed(api, stream):
    api.patch("/me", {"locale": "fr", "timezone": "Europe/Paris"})
    claire = api.post("/contacts", {"name": "Claire", "stage": "to_meet"}).body["contact_id"]
    api.post("/contacts", {"name": "Hélène", "circle": "inner", "birthday": {"day": 21, "month": 11}})
    paul = api.post("/contacts", {"name": "Paul", "circle": "inner", "birthday": {"day": 30, "month": 11}}).body
    lunch = {"kind": "lunch", "occurred_at": "2026-11-20T08:00:00+01:00", "contact_ids": [claire]}
    assert api.post("/interactions", lunch).status == 201
    stream.drain()
    snoozed = f"birthday.{paul['contact_id']}.20261130"
    assert api.post(f"/reminders/{snoozed}/snooze", {"days": 20}).status == 200

    deliver(api.claims["sub"], at=NOW.replace(day=21, hour=7, minute=30))
    text = last_email_text()
    assert "2 personnes à contacter ce samedi 21 novembre\u202f:" in text
    assert "1. Hélène — anniversaire aujourd'hui\n" in text  # the inner circle first
    assert "2. Claire — un mot de remerciement après votre rencontre du vendredi 20 novembre\n" in text
    assert "Paul" not in text


def queued(networker_id: str, at) -> dict:
    """A real message on the delivery queue, received as the event source mapping would."""
    sqs = boto3.client("sqs", region_name=REGION)
    url = sqs.get_queue_url(QueueName=os.environ["DELIVERY_QUEUE_ARN"].rsplit(":", 1)[1])["QueueUrl"]
    body = {"kind": "digest", "networker_id": networker_id, "scheduled_time": at.isoformat()}
    sqs.send_message(QueueUrl=url, MessageBody=json.dumps(body))
    (message,) = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=1)["Messages"]
    return {"Records": [sqs_record(body, message["MessageId"], message["ReceiptHandle"])]}


@pytest.fixture
def texting(api, stream, due_tomorrow):
    verify_phone(api, stream, a_mobile())
    settings = {"channels": {"email": True, "sms": True}, "locale": "fr", "timezone": "Europe/Paris"}
    assert api.patch("/me", settings).status == 200
    return due_tomorrow


def test_the_digest_goes_by_sms_too_once(api, texting):
    before = len(sms_sent())
    clock.freeze(texting)  # 09:30 UTC: not quiet hours
    deliver(api.claims["sub"], api.claims["sub"], at=texting)
    (phone, text), *_ = sms_sent()[before:]
    assert len(sms_sent()) == before + 1 and phone == api.get("/me").body["phone"]
    assert (
        text
        == "Rapport : 2 à contacter aujourd'hui\n1. Claire - 14 jours sans nouvelles\n2. Paul - 14 jours sans nouvelles"
    )


def test_an_sms_due_in_quiet_hours_waits_for_the_morning_and_the_email_does_not(api, texting):
    emails, texts = emails_sent(), len(sms_sent())
    late = texting.replace(hour=21, minute=30)  # 21:30 UTC, 22:30 in Paris
    clock.freeze(late)
    event = queued(api.claims["sub"], at=late)
    result = load_handler("DeliverFunction")(event, LambdaContext())
    assert result == {"batchItemFailures": [{"itemIdentifier": event["Records"][0]["messageId"]}]}
    assert emails_sent() == emails + 1 and len(sms_sent()) == texts  # deferred, not dropped

    clock.freeze(late.replace(hour=7, minute=0) + timedelta(days=1))  # 08:00 in Paris
    assert deliver(api.claims["sub"], at=late) == {"batchItemFailures": []}
    assert emails_sent() == emails + 1 and len(sms_sent()) == texts + 1  # the same day's digest, by SMS


def test_never_an_sms_to_an_opted_out_number(api, due_tomorrow):
    # verified before the number opted out (moto: numbers ending in 99 are), so written as it would be then
    api.patch("/me", {"channels": {"email": False, "sms": True}})
    store = Store(boto3.client("dynamodb", region_name=REGION), os.environ["TABLE_NAME"])
    profile = store.profiles.get(api.claims["sub"])
    store.profiles.replace(
        profile.model_copy(update={"phone": "+14155550199", "version": profile.version + 1}), profile
    )
    clock.freeze(due_tomorrow)
    before = len(sms_sent())
    assert deliver(api.claims["sub"], at=due_tomorrow) == {"batchItemFailures": []}
    assert len(sms_sent()) == before
