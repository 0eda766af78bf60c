"""Answering the SMS digest: the inbound_sms function fed the texts the two-way SMS topic delivers to
its queue, in English and French, against the reminders of the last SMS digest."""

from __future__ import annotations

import dataclasses
import json
import os
import uuid
from datetime import timedelta

import boto3
import pytest

from infra.local.functions import load_handler, load_module
from infra.local.provision import REGION
from rapport import clock
from rapport.adapters.senders import Texts
from tests.integration.conftest import NOW, LambdaContext, a_mobile, sms_sent, verify_phone
from tests.integration.test_digests import deliver


def text(sender: str, body: str, message_id: str | None = None) -> dict:
    """What AWS End User Messaging publishes (raw message delivery: the record's body is the payload)."""
    payload = {
        "originationNumber": sender,
        "destinationNumber": "+18005550100",
        "messageKeyword": "KEYWORD_123456789012",
        "messageBody": body,
        "inboundMessageId": message_id or str(uuid.uuid4()),
        "previousPublishedMessageId": "p",
    }
    return {
        "messageId": str(uuid.uuid4()),
        "receiptHandle": "r",
        "body": json.dumps(payload),
        "attributes": {"ApproximateReceiveCount": "1"},
        "messageAttributes": {},
        "md5OfBody": "",
        "eventSource": "aws:sqs",
        "eventSourceARN": "arn:aws:sqs:us-east-1:123456789012:InboundSmsQueue",
        "awsRegion": REGION,
    }


def answer(sender: str, body: str, message_id: str | None = None) -> str | None:
    """The reply texted back (None: none)."""
    before = len(sms_sent())
    result = load_handler("InboundSmsFunction")({"Records": [text(sender, body, message_id)]}, LambdaContext())
    assert result == {"batchItemFailures": []}
    sent = sms_sent()[before:]
    assert len(sent) <= 1 and all(phone == sender for phone, _ in sent)
    return sent[0][1] if sent else None


@pytest.fixture
def texting(api, stream):
    """A networker in Paris with a verified phone, three contacts due, and this morning's SMS digest."""
    number = a_mobile()
    verify_phone(api, stream, number)
    api.patch("/me", {"timezone": "Europe/Paris", "channels": {"email": False, "sms": True}})
    ids = {}
    for name in ("Marie Dupont", "Paul Martin", "Marie Durand"):
        ids[name] = api.post("/contacts", {"name": name, "circle": "inner", "company": "Acme"}).body["contact_id"]
    stream.drain()
    morning = NOW + timedelta(days=15)
    clock.freeze(morning)
    assert deliver(api.claims["sub"], at=morning) == {"batchItemFailures": []}
    digest = sms_sent()[-1][1]
    assert digest.startswith("Rapport: 3 to reach out to today\n1. "), digest
    order = [line.split(". ", 1)[1].split(" - ", 1)[0] for line in digest.splitlines()[1:4]]
    return {"phone": number, "ids": ids, "order": order, "morning": morning}


def due_names(api) -> list[str]:
    """Who is still due today (neither done, dismissed nor snoozed)."""
    items = api.get("/reminders").body["items"]
    return sorted(r["contact"]["name"] for r in items if r["status"] != "ok" and not r["snoozed_until"])


def test_done_snooze_and_skip_by_number_in_english(api, stream, texting):
    first, second, third = texting["order"]
    assert answer(texting["phone"], "done 1") == f"Done: {first}."
    stream.drain()
    touches = api.get(f"/contacts/{texting['ids'][first]}/interactions").body["items"]
    assert [(t["kind"], t["source"]) for t in touches] == [("message", "sms")]
    reply = answer(texting["phone"], "snooze 2 3d")
    assert reply.startswith("Snoozed until") and second in reply
    assert answer(texting["phone"], "skip 3") == f"Skipped: {third}."
    assert due_names(api) == []


def test_the_same_text_delivered_twice_is_acted_on_once(api, stream, texting):
    first = texting["order"][0]
    assert answer(texting["phone"], "1", message_id="m-1") is not None
    assert answer(texting["phone"], "1", message_id="m-1") is None  # no second reply either
    stream.drain()
    assert len(api.get(f"/contacts/{texting['ids'][first]}/interactions").body["items"]) == 1


def test_french_commands_answer_in_french(api, stream, texting):
    api.patch("/me", {"locale": "fr"})
    first, second, _ = texting["order"]
    assert answer(texting["phone"], "Fait 1") == f"Fait : {first}."
    assert answer(texting["phone"], "reporter 2 1s").startswith("Reporté au")
    assert answer(texting["phone"], "café Paul Martin : sa levée de fonds") == "Noté : café avec Paul Martin."
    stream.drain()
    (coffee,) = [
        t
        for t in api.get(f"/contacts/{texting['ids']['Paul Martin']}/interactions").body["items"]
        if t["kind"] == "coffee"
    ]
    assert coffee["summary"] == "sa levée de fonds" and coffee["source"] == "sms"


def test_an_ambiguous_or_unknown_name_gets_a_question_not_a_guess(api, stream, texting):
    reply = answer(texting["phone"], "log coffee Marie: great chat")
    assert reply.startswith("Which one?") and "Marie Dupont" in reply and "Marie Durand" in reply
    assert "not" in answer(texting["phone"], "log coffee Zorro").lower() or "Zorro" in answer(
        texting["phone"], "log call Zorro"
    )
    stream.drain()
    for name in ("Marie Dupont", "Marie Durand"):
        assert api.get(f"/contacts/{texting['ids'][name]}/interactions").body["items"] == []
    assert answer(texting["phone"], "log coffee marie dupont: great chat") == "Logged: coffee with Marie Dupont."


def test_a_number_not_in_the_digest_is_said_so(texting):
    assert answer(texting["phone"], "done 7") == "No reminder 7 in your last digest (1-3)."


def test_a_reply_speaks_the_language_of_the_command_else_the_profile(api, texting):
    first, second, third = texting["order"]
    assert answer(texting["phone"], "reporter 2 1s").startswith("Reporté au ")  # an English profile
    api.patch("/me", {"locale": "fr"})
    assert answer(texting["phone"], "skip 3") == f"Skipped: {third}."  # a French profile
    assert answer(texting["phone"], "1") == f"Fait : {first}."  # a number alone does not tell
    assert answer(texting["phone"], "ARRÊT").startswith("Vous ne recevrez plus")
    api.patch("/me", {"locale": "en"})
    assert answer(texting["phone"], "arret").startswith("Vous ne recevrez plus")  # and it is ARRÊT again
    assert answer(texting["phone"], "STOP").startswith("You will get no more texts")


def test_stop_silences_everything_until_start(api, texting):
    assert "START" in answer(texting["phone"], "STOP")
    assert api.get("/me").body["sms_stopped"] is True
    assert answer(texting["phone"], "done 1") is None  # nothing texted after STOP, nothing done
    assert due_names(api) == sorted(texting["order"])
    clock.freeze(texting["morning"] + timedelta(days=1))
    before = len(sms_sent())
    deliver(api.claims["sub"], at=texting["morning"] + timedelta(days=1))
    assert len(sms_sent()) == before  # no digest either
    assert answer(texting["phone"], "start") is not None
    assert api.get("/me").body["sms_stopped"] is False


def test_french_opt_out_words_and_help(api, texting):
    api.patch("/me", {"locale": "fr"})
    assert answer(texting["phone"], "AIDE").startswith("Rapport")
    assert "START" in answer(texting["phone"], "Arrêt")


def test_nonsense_gets_one_help_an_hour(texting):
    assert answer(texting["phone"], "what is this") is not None
    assert answer(texting["phone"], "hello?") is None
    clock.freeze(texting["morning"] + timedelta(hours=1))
    assert answer(texting["phone"], "hello?") is not None


def test_texts_from_other_numbers_are_not_acted_on_nor_answered(api, texting):
    assert answer(a_mobile(), "done 1") is None
    assert answer(a_mobile(), "STOP") is None
    assert due_names(api) == sorted(texting["order"])


def test_the_topic_delivers_texts_to_the_queue_of_the_function(stack):
    """template.yaml's wiring: topic -> subscription (raw) -> queue."""
    sns, sqs = boto3.client("sns", region_name=REGION), boto3.client("sqs", region_name=REGION)
    topic = stack.resources["InboundSmsTopic"]
    queue = sqs.get_queue_url(QueueName=stack.resources["InboundSmsQueue"].rsplit("/", 1)[-1])["QueueUrl"]
    sns.publish(TopicArn=topic, Message=json.dumps({"originationNumber": "+33600000000", "messageBody": "1"}))
    (message,) = sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=10)["Messages"]
    assert json.loads(message["Body"])["messageBody"] == "1"
    assert os.environ  # the stack's environment is applied


def test_a_text_acted_on_again_after_its_reply_failed_logs_its_touch_once(api, stream, texting):
    class Down:
        def publish(self, **_):
            raise RuntimeError("SNS is down")

    event = {"Records": [text(texting["phone"], "log call Paul Martin", "m-9")]}
    module = load_module("InboundSmsFunction")
    down = dataclasses.replace(module.production(), texts=Texts(Down()))
    failed = module.handler(event, LambdaContext(), deps=down)
    assert len(failed["batchItemFailures"]) == 1  # SQS delivers it again
    assert answer(texting["phone"], "log call Paul Martin", "m-9") == "Logged: call with Paul Martin."
    stream.drain()
    touches = api.get(f"/contacts/{texting['ids']['Paul Martin']}/interactions").body["items"]
    assert [t["kind"] for t in touches] == ["call"]
