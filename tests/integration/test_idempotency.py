"""Creating routes honour an Idempotency-Key: a retry answers the first answer and writes nothing."""

from __future__ import annotations

import os
from email.message import EmailMessage

import boto3
import pytest
from boto3.dynamodb.conditions import Key

from infra.local.functions import load_module
from rapport.storage import keys
from rapport.storage.sends import SendKey
from tests.integration.conftest import a_mobile

KEY = {"Idempotency-Key": "retry-4f1d2c"}


@pytest.fixture
def ana(api) -> str:
    return api.post("/contacts", {"name": "Ana"}).body["contact_id"]


def touch(contact_id: str, summary: str = "coffee at the fair") -> dict:
    return {"kind": "coffee", "occurred_at": "2026-11-19T10:00:00Z", "contact_ids": [contact_id], "summary": summary}


def touches(api, contact_id: str) -> list:
    return api.get(f"/contacts/{contact_id}/interactions").body["items"]


def test_a_retried_touch_is_logged_once_and_answered_as_the_first_time(api, ana):
    first = api.post("/interactions", touch(ana), headers=KEY)
    retried = api.post("/interactions", touch(ana), headers=KEY)
    assert first.status == retried.status == 201
    assert retried.body == first.body
    assert [t["interaction_id"] for t in touches(api, ana)] == [first.body["interaction_id"]]


def test_the_same_key_with_another_body_is_a_422_naming_the_header(api, ana):
    assert api.post("/interactions", touch(ana), headers=KEY).status == 201
    reply = api.post("/interactions", touch(ana, "another coffee"), headers=KEY)
    assert reply.status == 422
    assert reply.body["errors"][0]["field"] == "Idempotency-Key"
    assert "another body" in reply.body["errors"][0]["reason"]
    assert len(touches(api, ana)) == 1


def test_two_networkers_with_the_same_key_are_independent(api, other, ana):
    bea = other.post("/contacts", {"name": "Bea"}).body["contact_id"]
    mine = api.post("/interactions", touch(ana), headers=KEY)
    theirs = other.post("/interactions", touch(bea), headers=KEY)
    assert mine.status == theirs.status == 201
    assert theirs.body["interaction_id"] != mine.body["interaction_id"]
    assert len(touches(other, bea)) == 1 and len(touches(api, ana)) == 1


def test_without_a_key_each_post_is_a_new_touch(api, ana):
    assert api.post("/interactions", touch(ana)).status == 201
    assert api.post("/interactions", touch(ana)).status == 201
    assert len(touches(api, ana)) == 2


def test_a_refused_request_keeps_no_record_so_its_corrected_retry_runs(api, ana):
    refused = api.post("/interactions", touch("nobody"), headers=KEY)
    assert refused.status in (404, 422)
    assert api.post("/interactions", touch(ana), headers=KEY).status == 201


@pytest.mark.parametrize(
    ("path", "body"),
    [("/contacts", {"name": "Cleo"}), ("/meetings", {"contact_ids": ["<ana>"], "starts_at": "2026-12-01T10:00:00Z"})],
)
def test_contacts_and_meetings_replay(api, ana, path, body):
    body = {k: ([ana] if v == ["<ana>"] else v) for k, v in body.items()}
    first = api.post(path, body, headers=KEY)
    assert first.status == 201, first.body
    assert api.post(path, body, headers=KEY).body == first.body
    assert api.post(path, body, headers={"Idempotency-Key": "another"}).body != first.body


def test_a_retried_phone_code_request_writes_no_second_code(api, stack):
    def code_id() -> str:
        item = table().get_item(
            TableName=table_name(), Key={"pk": {"S": keys.networker(api.claims["sub"])}, "sk": {"S": keys.PHONE_CODE}}
        )
        return item["Item"]["code_id"]["S"]

    assert api.call("PUT", "/me/phone", {"phone": "+33612345678"}, headers=KEY).status == 202
    first = code_id()
    assert api.call("PUT", "/me/phone", {"phone": "+33612345678"}, headers=KEY).status == 202
    assert code_id() == first
    assert api.call("PUT", "/me/phone", {"phone": "+33612345678"}).status == 202
    assert code_id() != first


def test_introductions_and_imports_replay(api, ana):
    bea = api.post("/contacts", {"name": "Bea"}).body["contact_id"]
    intro = {"contact_ids": [ana, bea], "reason": "both into sailing"}
    first = api.post("/introductions", intro, headers=KEY)
    assert first.status == 201, first.body
    assert api.post("/introductions", intro, headers=KEY).body == first.body
    csv = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\nAl,B,,,,,01 Jan 2024\n"
    started = api.post("/imports/linkedin", raw=csv, content_type="text/csv", headers=KEY)
    again = api.post("/imports/linkedin", raw=csv, content_type="text/csv", headers=KEY)
    assert started.status == again.status == 202, started.body
    assert again.body == started.body and again.headers["location"] == started.headers["location"]


def table():
    return boto3.client("dynamodb")


def table_name() -> str:
    return table().list_tables()["TableNames"][0]


def test_records_live_in_the_networkers_own_partition_and_expire(api, ana):
    api.post("/interactions", touch(ana), headers=KEY)
    items = table().query(
        TableName=table_name(),
        KeyConditionExpression="pk = :pk",
        ExpressionAttributeValues={":pk": {"S": keys.idempotent_requests(api.claims["sub"])}},
    )["Items"]
    assert [item["sk"]["S"].split("#")[0] for item in items] == ["log_interaction"]
    assert "expiration" in items[0] and items[0]["status"]["S"] == "COMPLETED"


def test_a_retried_contact_with_a_birthday_a_cadence_and_offers_answers_the_first_answer(api):
    """The answer kept holds models within the model (they are built on first use, `defer_build`): the
    example Swagger UI shows, sent twice."""
    claire = {
        "name": "Claire Martin",
        "phones": ["+33 6 12 90 45 67"],
        "offers": [{"label": "levée de fonds", "detail": "Tickets seed en santé"}],
        "birthday": {"day": 14, "month": 3},
        "cadence": {"ideal_days": 30, "max_days": 60},
    }
    first = api.post("/contacts", claire, headers=KEY)
    retried = api.post("/contacts", claire, headers=KEY)
    assert first.status == retried.status == 201, first.body
    assert retried.body == first.body and retried.body["birthday"] == {"day": 14, "month": 3, "year": None}


def test_a_send_s_record_is_keyed_as_keys_sent_once_says(stack):
    """Account deletion finds the senders' records from the send records (`keys.sent_once`): pinned against
    what Powertools' idempotency writes for a real email and text."""
    senders = load_module("DeliverFunction").production().senders
    key = SendKey(networker_id="nw-sent-once", local_date="2026-11-20", channel="email", kind="digest")
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = senders.address, "lea@example.com", "Bonjour"
    message.set_content("Bonjour")
    senders.email(key, message)
    senders.sms(key, a_mobile(), "Bonjour")
    table = boto3.resource("dynamodb", region_name="us-east-1").Table(os.environ["TABLE_NAME"])
    written = {item["sk"] for item in table.query(KeyConditionExpression=Key("pk").eq(keys.IDEMPOTENCY_SENDS))["Items"]}
    expected = {keys.sent_once(prefix, key.model_dump()) for prefix in (keys.SENT_EMAIL_ONCE, keys.SENT_SMS_ONCE)}
    assert expected <= written
