"""DELETE /me through the real handlers on moto: two networkers with everything (contacts, touches, a meeting
and its brief's schedule, an import and its file, mail kept raw, a verified phone, an introduction, a greetings
campaign, a digest sent and its email action used, an address to confirm, a calendar with its hourly schedule
and an occurrence's mark), the first deletes their account:
every table item, schedule, object and user of theirs is gone, the second's are as they were. Killed partway,
the deletion is delivered again and finishes."""

from __future__ import annotations

import json
import os
import re
import uuid
from datetime import UTC, datetime, timedelta

import boto3
import pytest
from botocore.exceptions import ClientError

from infra.local.functions import load_handler, load_module
from rapport import clock
from rapport.domain.calendar_sources import Mark, MarkState, occurrence_key
from rapport.storage import Store
from tests.integration.conftest import PASS, Api, LambdaContext, a_mobile, sqs_record, verify_phone
from tests.integration.test_digests import deliver
from tests.integration.test_email_actions import last_email, path_of
from tests.integration.test_inbound_email import email
from tests.integration.test_inbound_sms import answer

REGION = "us-east-1"
JANUARY_2 = datetime(2027, 1, 2, 9, 0, tzinfo=UTC)  # in the new year's greetings season
CSV = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\nYann,Roux,,,Acme,CTO,01 Jan 2026\n"


def signed_up(email_address: str) -> Api:
    """A user of the stack's user pool, calling the API as that user (the networker id is their `sub`)."""
    cognito = boto3.client("cognito-idp", region_name=REGION)
    user = cognito.admin_create_user(
        UserPoolId=os.environ["USER_POOL_ID"],
        Username=email_address,
        UserAttributes=[{"Name": "email", "Value": email_address}, {"Name": "email_verified", "Value": "true"}],
    )["User"]
    return Api(sub=user["Username"], email=email_address, name="Léa")


def populate(api: Api, stream, inbox) -> dict:
    """Everything a networker can have; what identifies them (ids, addresses, phone, token, files)."""
    clock.freeze(JANUARY_2)
    me = api.get("/me").body
    assert api.patch("/me", {"locale": "fr", "emails": [me["emails"][0]["address"], "perso@example.org"]}).status == 200
    claire = api.post("/contacts", {"name": "Claire Martin", "emails": [f"claire.{uuid.uuid4().hex}@example.com"],
                                    "circle": "inner", "birthday": {"day": 3, "month": 4}}).body  # fmt: skip
    paul = api.post("/contacts", {"name": "Paul Durand", "circle": "active"}).body
    ids = [claire["contact_id"], paul["contact_id"]]
    for days in (40, 90):  # Claire (inner circle) is due: the digest names her, with links
        at = (JANUARY_2 - timedelta(days=days)).isoformat()
        assert api.post("/interactions", {"kind": "call", "occurred_at": at, "contact_ids": ids}).status == 201
    assert (
        api.post(
            "/interactions", {"kind": "greeting", "occurred_at": JANUARY_2.isoformat(), "contact_ids": ids[:1]}
        ).status
        == 201
    )
    meeting = api.post("/meetings", {"contact_ids": ids[:1], "starts_at": "2027-02-05T10:00:00Z"}).body
    assert api.post("/introductions", {"contact_ids": ids, "reason": "Both in fintech"}).status == 201
    imported = api.call("POST", "/imports/linkedin", raw=CSV.encode(), content_type="text/csv")
    assert imported.status == 202, imported.body
    calendar = api.post("/me/calendars", {"url": f"https://calendar.example.com/{uuid.uuid4().hex}/basic.ics"})
    assert calendar.status == 201, calendar.body
    store = Store(boto3.client("dynamodb", region_name=REGION), os.environ["TABLE_NAME"])
    mark = Mark(occurrence_key=occurrence_key("coffee", None), state=MarkState.SEEN, starts_at=JANUARY_2,
                ends_at=JANUARY_2, fingerprint="f")  # fmt: skip
    store.calendars.apply([store.calendars.putting_mark(me["networker_id"], calendar.body["calendar_id"], mark)])
    number = a_mobile()
    verify_phone(api, stream, number)
    ses_id = inbox.receive(
        email(me["emails"][0]["address"], claire["emails"][0], "Ravie de t'avoir vue"), [me["inbound_address"]], PASS
    )
    assert answer(number, "aide") is not None  # a text received: its idempotency record
    stream.drain()
    sends_before = idempotency_records()
    assert deliver(me["networker_id"], at=JANUARY_2) == {"batchItemFailures": []}  # a digest, with its links
    text = last_email().get_body(("plain",)).get_content()
    done = path_of(re.findall(r"Fait\u202f: (\S+)", text)[0])
    assert Api(sub=None).call("POST", done, raw="", content_type="application/x-www-form-urlencoded").status == 200
    stream.drain()
    sends = idempotency_records() - sends_before
    assert sends
    return {
        "sends": sends,
        "networker_id": me["networker_id"],
        "email": me["emails"][0]["address"],
        "phone": number,
        "token": me["inbound_address"].split("@")[0].removeprefix("log+"),
        "ses_id": ses_id,
        "meeting_id": meeting["meeting_id"],
        "import_id": imported.body["import_id"],
        "calendar_id": calendar.body["calendar_id"],
    }


def every_item() -> list[dict]:
    client = boto3.client("dynamodb", region_name=REGION)
    items = []
    for page in client.get_paginator("scan").paginate(TableName=os.environ["TABLE_NAME"]):
        items += page["Items"]
    return items


def idempotency_records() -> set[str]:
    """The senders' and the texts' records (their keys are hashes: they name nobody)."""
    return {item["pk"]["S"] + item["sk"]["S"] for item in every_item() if item["pk"]["S"].startswith("IDEMPOTENCY#")}


def every_schedule() -> list[dict]:
    scheduler = boto3.client("scheduler", region_name=REGION)
    return scheduler.list_schedules(GroupName=os.environ["DIGEST_SCHEDULE_GROUP"])["Schedules"]


def every_object() -> list[str]:
    s3 = boto3.client("s3", region_name=REGION)
    names = []
    for bucket in s3.list_buckets()["Buckets"]:
        names += [f"{bucket['Name']}/{o['Key']}" for o in s3.list_objects_v2(Bucket=bucket["Name"]).get("Contents", [])]
    return names


def traces(of: dict) -> list[str]:
    """Every item, schedule and object that names the networker by any of what identifies them, but what a
    deletion leaves (`kept_after`)."""
    names = ("networker_id", "email", "phone", "token", "ses_id", "meeting_id", "import_id", "calendar_id")
    marks = [of[name] for name in names]
    found = [json.dumps(item) for item in every_item() if not kept_after(item, of)]
    found += [json.dumps(schedule, default=str) for schedule in every_schedule()]
    found += every_object()
    found += sorted(of["sends"] & idempotency_records())
    return sorted(text for text in found if any(mark in text for mark in marks) or text in of["sends"])


def kept_after(item: dict, of: dict) -> bool:
    """What a deletion leaves, and nothing more: the account's tombstone (`tombstone`) and the limits on codes
    to their number, left to their TTL (they guard the number whoever asks); the limits hold the number (their
    key), the moments of the attempts and their expiry only."""
    if item["pk"]["S"] == f"GONE#{of['networker_id']}":
        return True
    if item["pk"]["S"] == f"PH#{of['phone']}" and item["sk"]["S"] in ("LIMIT#texted", "LIMIT#wrong"):
        assert set(item) == {"pk", "sk", "type", "times", "version", "expiration"}, item
        return True
    return False


def tombstone(of: dict) -> dict:
    """The one item a deleted account leaves: its id and its expiry, nothing else."""
    (item,) = [item for item in every_item() if of["networker_id"] in json.dumps(item)]
    assert set(item) == {"pk", "sk", "type", "expiration"}
    assert (item["pk"]["S"], item["sk"]["S"], item["type"]["S"]) == (f"GONE#{of['networker_id']}", "GONE", "gone")
    return item


def user_exists(networker_id: str) -> bool:
    cognito = boto3.client("cognito-idp", region_name=REGION)
    try:
        cognito.admin_get_user(UserPoolId=os.environ["USER_POOL_ID"], Username=networker_id)
    except ClientError as error:
        assert error.response["Error"]["Code"] == "UserNotFoundException"
        return False
    return True


def deletions_waiting() -> list[dict]:
    """The account deletion queue's messages (taken off it), as its event source mapping hands them over."""
    sqs = boto3.client("sqs", region_name=REGION)
    queue = os.environ["ACCOUNT_DELETION_QUEUE_URL"]
    records = []
    while messages := sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=10).get("Messages", []):
        for message in messages:
            sqs.delete_message(QueueUrl=queue, ReceiptHandle=message["ReceiptHandle"])
            records.append(sqs_record(json.loads(message["Body"])))
    return records


class Crashing:
    """A DynamoDB client whose run is killed in the middle of a batch of deletes, at the first item whose sort key
    starts with `at`: the items before it in the batch are deleted, not the others (a batch is no transaction)."""

    def __init__(self, client, at: str):
        self._client, self._at = client, at

    def batch_write_item(self, RequestItems):  # noqa: N803 (boto3's name)
        ((table, requests),) = RequestItems.items()
        for index, request in enumerate(requests):
            if request["DeleteRequest"]["Key"]["sk"]["S"].startswith(self._at):
                if index:
                    self._client.batch_write_item(RequestItems={table: requests[:index]})
                raise RuntimeError("killed")
        return self._client.batch_write_item(RequestItems=RequestItems)

    def __getattr__(self, name):
        return getattr(self._client, name)


@pytest.fixture
def two(stack, stream, inbox):
    first, second = (
        signed_up(f"lea.{uuid.uuid4().hex[:8]}@example.com"),
        signed_up(f"bob.{uuid.uuid4().hex[:8]}@example.com"),
    )
    return (first, populate(first, stream, inbox)), (second, populate(second, stream, inbox))


def test_a_deleted_account_leaves_nothing_and_the_other_untouched(two, stream):
    (lea, hers), (bob, his) = two
    assert len(traces(hers)) > 40 and user_exists(hers["networker_id"])
    assert any(f"calendars-{hers['networker_id']}" in trace for trace in traces(hers))  # the hourly calendar sync
    bobs = traces(his)

    refused = lea.call("DELETE", "/me", {"confirm": "someone@example.com"})
    assert refused.status == 422 and refused.body["errors"][0]["field"] == "confirm"
    accepted = lea.call("DELETE", "/me", {"confirm": hers["email"].upper()})
    assert accepted.status == 202, accepted.body
    assert "en cours de suppression" in accepted.body["message"]
    assert lea.get("/me").status == 410  # gone for the API at once
    assert lea.get("/contacts").status == 410
    stream.drain()
    (record,) = deletions_waiting()
    assert load_handler("DeleteAccountFunction")({"Records": [record]}, LambdaContext()) == {"batchItemFailures": []}
    stream.drain()  # the removals' records: nothing written back

    assert traces(hers) == []
    expires = datetime.fromtimestamp(int(tombstone(hers)["expiration"]["N"]), UTC)
    assert expires - JANUARY_2 > timedelta(hours=1)  # past the last token issued to her
    left = {item["sk"]["S"] for item in every_item() if item["pk"]["S"] == f"PH#{hers['phone']}"}
    assert "LIMIT#texted" in left and left <= {"LIMIT#texted", "LIMIT#wrong"}  # the number's limits stay
    assert not user_exists(hers["networker_id"])
    assert traces(his) == bobs and user_exists(his["networker_id"])
    # Her token, issued before, still valid: the account does not come back.
    assert lea.get("/me").status == 410 and lea.get("/contacts").status == 410
    assert traces(hers) == [] and tombstone(hers)
    # Delivered twice: nothing more to do.
    assert load_handler("DeleteAccountFunction")({"Records": [record]}, LambdaContext()) == {"batchItemFailures": []}


# Killed among the shared items (the senders' idempotency records), among the touch markers, once the contacts
# are gone but not their interactions, and once the interactions are gone too (a greeting's removal would open
# the season's campaign again, were the reactions not told the account is being deleted).
@pytest.mark.parametrize("at", ["send-", "T#", "I#", "MT#"])
def test_killed_partway_the_deletion_is_run_again_and_finishes(two, stream, at):
    (lea, hers), (bob, his) = two
    bobs = traces(his)
    assert lea.call("DELETE", "/me", {"confirm": hers["email"]}).status == 202
    stream.drain()
    (record,) = deletions_waiting()
    function = load_module("DeleteAccountFunction")
    crashing = Store(Crashing(boto3.client("dynamodb", region_name=REGION), at), os.environ["TABLE_NAME"])
    deps = function.Dependencies(store=crashing, elsewhere=function.production().elsewhere)
    handler = function.handler
    assert handler({"Records": [record]}, LambdaContext(), deps=deps)["batchItemFailures"]  # killed
    partway = traces(hers)
    assert partway
    stream.drain()  # what was deleted so far reaches the reactions: they write nothing back
    assert traces(hers) == partway
    assert handler({"Records": [record]}, LambdaContext()) == {"batchItemFailures": []}  # delivered again
    stream.drain()
    assert traces(hers) == [] and tombstone(hers) and not user_exists(hers["networker_id"])
    assert traces(his) == bobs
