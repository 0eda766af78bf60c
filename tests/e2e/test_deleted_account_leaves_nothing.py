"""A deleted account leaves nothing behind, on the local runtime over HTTP: two networkers with everything
(contacts, touches, a meeting and its brief's schedule, an import and its file, mail kept raw, a verified
phone and a text from it, an introduction, a greetings campaign, a digest and its email action used, an
address to confirm); the first deletes their account with `DELETE /me`; then every table item, schedule
and object is listed, and none is theirs, and the second's are as they were."""

from __future__ import annotations

import json
import os
import re
import smtplib
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import make_msgid
from urllib.parse import urlsplit

import boto3
from botocore.exceptions import ClientError

from infra.local.provision import REGION
from rapport import clock
from tests.e2e.conftest import http_request

START = datetime(2027, 1, 2, 9, 0, tzinfo=UTC)  # the new year's greetings season, after that day's digest
CSV = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\nYann,Roux,,,Acme,CTO,01 Jan 2026\n"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


class Networker:
    def __init__(self, local, email: str, phone: str) -> None:
        identity = local.runtime.identity
        self.local, self.email, self.phone = local, email, phone
        self.networker_id = identity.sub_for(email)
        self.token = identity.issue_token(self.networker_id, email, "Léa", timedelta(days=365))

    def call(self, method: str, path: str, payload: object = None):
        return self.local.request(method, path, payload, token=self.token)

    def json(self, method: str, path: str, payload: object = None):
        reply = self.call(method, path, payload)
        assert 200 <= reply.status < 300, (method, path, reply.status, reply.body)
        return reply.json


def populate(local, who: Networker) -> dict:
    """Everything a networker can have; what names them anywhere."""
    me = who.json("PATCH", "/me", {"locale": "fr", "emails": [who.email, f"perso.{who.email}"]})
    claire = who.json("POST", "/contacts", {"name": "Claire Martin", "emails": [f"claire.{who.email}"],
                                           "circle": "inner", "birthday": {"day": 3, "month": 4}})  # fmt: skip
    paul = who.json("POST", "/contacts", {"name": "Paul Durand", "circle": "inner"})
    ids = [claire["contact_id"], paul["contact_id"]]
    who.json("POST", "/interactions", {"kind": "greeting", "occurred_at": START.isoformat(), "contact_ids": ids[1:]})
    meeting = who.json("POST", "/meetings", {"contact_ids": ids[:1], "starts_at": "2027-03-01T10:00:00Z"})
    who.json("POST", "/introductions", {"contact_ids": ids, "reason": "Both in fintech"})
    imported = http_request(local.base_url, "POST", "/imports/linkedin", CSV.encode(),
                            {"Authorization": f"Bearer {who.token}", "Content-Type": "text/csv"})  # fmt: skip
    assert imported.status == 202, imported.body
    local.token = who.token
    local.verify_phone(who.phone)
    assert local.post("/_local/sms", {"from": who.phone, "text": "aide"}, token=None).status == 200
    mail = EmailMessage()
    mail["From"], mail["To"], mail["Subject"] = who.email, claire["emails"][0], "Déjeuner"
    mail["Message-ID"] = make_msgid(domain="mail.example.com")
    mail.set_content("Ravie de t'avoir vue.")
    with smtplib.SMTP("127.0.0.1", local.runtime.smtp_port) as smtp:
        smtp.send_message(mail, to_addrs=[me["inbound_address"]])
    local.drain()
    return {
        "networker_id": who.networker_id,
        "email": who.email,
        "phone": who.phone,
        "token": me["inbound_address"].split("@")[0].removeprefix("log+"),
        "meeting_id": meeting["meeting_id"],
        "import_id": imported.json["import_id"],
        "claire": claire["emails"][0],
    }


def use_the_digest_link(local, who: Networker) -> None:
    """The digest's "done" link for Claire, opened without a token (an email action used)."""
    sent = local.get("/_local/outbox", token=None).json["items"]
    digests = [item for item in sent if item["recipient"] == who.email and "qui recontacter" in item["subject"]]
    line = digests[-1]["text"].split("Claire Martin", 1)[1]
    done = urlsplit(re.search(r"Fait\s:\s(\S+)", line)[1]).path
    assert http_request(local.base_url, "POST", done, b"List-Unsubscribe=One-Click", FORM).status == 200


def traces(of: dict) -> list[str]:
    """Every table item, schedule and object (key and body) that names the networker, but what a deletion
    leaves: the account's tombstone (its id and expiry only: checked apart) and the limits on codes to a
    number (the number, the moments and the expiry only), left to their TTL."""
    marks = list(of.values())
    dynamodb, s3 = boto3.client("dynamodb", region_name=REGION), boto3.client("s3", region_name=REGION)
    scheduler = boto3.client("scheduler", region_name=REGION)
    found = []
    for page in dynamodb.get_paginator("scan").paginate(TableName=os.environ["TABLE_NAME"]):
        found += [json.dumps(item, ensure_ascii=False) for item in page["Items"] if not kept_after(item)]
    schedules = scheduler.list_schedules(GroupName=os.environ["DIGEST_SCHEDULE_GROUP"])["Schedules"]
    found += [json.dumps(schedule, default=str) for schedule in schedules]
    for bucket in s3.list_buckets()["Buckets"]:
        for listed in s3.list_objects_v2(Bucket=bucket["Name"]).get("Contents", []):
            body = s3.get_object(Bucket=bucket["Name"], Key=listed["Key"])["Body"].read().decode("utf-8", "replace")
            found.append(f"{bucket['Name']}/{listed['Key']}\n{body}")
    return sorted(text for text in found if any(mark in text for mark in marks))


def kept_after(item: dict) -> bool:
    if item["pk"]["S"].startswith("GONE#"):
        return True
    if item["pk"]["S"].startswith("PH#") and item["sk"]["S"].startswith("LIMIT#"):
        assert set(item) == {"pk", "sk", "type", "times", "version", "expiration"}, item
        return True
    return False


def query(pk: str, prefix: str | None = None) -> list[dict]:
    """The items of a partition (whose sort key starts with `prefix`)."""
    condition, values = "pk = :pk", {":pk": {"S": pk}}
    if prefix:
        condition, values = f"{condition} AND begins_with(sk, :prefix)", values | {":prefix": {"S": prefix}}
    dynamodb = boto3.client("dynamodb", region_name=REGION)
    return dynamodb.query(
        TableName=os.environ["TABLE_NAME"], KeyConditionExpression=condition, ExpressionAttributeValues=values
    )["Items"]


def test_a_deleted_account_leaves_nothing_behind_and_the_other_untouched(local):
    clock.freeze(START)
    lea = Networker(local, "lea@example.com", "+33612000101")
    bob = Networker(local, "bob@example.com", "+33612000202")
    hers, his = populate(local, lea), populate(local, bob)
    local.post("/_local/clock", {"advance_seconds": timedelta(days=14).total_seconds()}, token=None)
    for who in (lea, bob):
        use_the_digest_link(local, who)  # (the digests went out on the way: send records, idempotency records)
    local.drain()
    assert len(traces(hers)) > 40
    bobs = traces(his)
    # The senders' idempotency records name nobody (their keys are hashes): one per message sent.
    records, sent_to_her = query("IDEMPOTENCY#sends"), query(f"NW#{lea.networker_id}", "S#")
    assert sent_to_her

    refused = lea.call("DELETE", "/me", {"confirm": bob.email})
    assert refused.status == 422 and refused.json["errors"][0]["field"] == "confirm"
    accepted = lea.call("DELETE", "/me", {"confirm": "LEA@example.com"})
    assert accepted.status == 202, accepted.body
    assert lea.call("GET", "/me").status == 410
    local.drain()  # the profile's record asks for the deletion, the delete_account function runs

    assert traces(hers) == []
    assert query(f"PH#{lea.phone}", "LIMIT#")  # left to their TTL: they guard the number whoever asks
    (tombstone,) = query(f"GONE#{lea.networker_id}")
    assert set(tombstone) == {"pk", "sk", "type", "expiration"}
    assert lea.call("GET", "/me").status == 410  # her token, issued before, opens no new account
    assert traces(hers) == []
    assert traces(his) == bobs
    assert len(query("IDEMPOTENCY#sends")) == len(records) - len(sent_to_her)
    cognito = boto3.client("cognito-idp", region_name=REGION)
    pool = os.environ["USER_POOL_ID"]
    try:
        cognito.admin_get_user(UserPoolId=pool, Username=lea.networker_id)
        raise AssertionError("the user is still in the pool")
    except ClientError as error:
        assert error.response["Error"]["Code"] == "UserNotFoundException"
