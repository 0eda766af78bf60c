"""A time-zone change moves every follow-up date (a day in the networker's zone), the first-meeting
markers, the digest and the weekly review at once, downstream of the stream; nothing that stays put is
written, and a replay changes nothing."""

from __future__ import annotations

import copy
import os
from datetime import datetime

import boto3

from infra.local.functions import load_handler
from infra.local.provision import REGION
from rapport import clock
from rapport.domain import followup
from rapport.storage import Store
from tests.integration.conftest import LambdaContext
from tests.integration.test_digests import schedule_of
from tests.integration.test_weekly_review import review_schedule_of

# 03:00 UTC on 20 November is 19:00 on the 19th in Los Angeles: the day of the touch moves back one.
TOUCHED = "2026-11-20T03:00:00Z"
LOS_ANGELES = "America/Los_Angeles"


def contact(api, **fields) -> str:
    reply = api.post("/contacts", {"name": "Claire", "circle": "inner", **fields})
    assert reply.status == 201, reply.body
    return reply.body["contact_id"]


def coffee(api, contact_ids: list[str]) -> None:
    for start in range(0, len(contact_ids), 25):
        body = {"kind": "coffee", "occurred_at": TOUCHED, "contact_ids": contact_ids[start : start + 25]}
        assert api.post("/interactions", body).status == 201


def follow_up_of(api, contact_id: str) -> str | None:
    return api.get(f"/contacts/{contact_id}").body["next_follow_up_on"]


def first_met_markers(networker_id: str) -> list[str]:
    client = boto3.client("dynamodb", region_name=REGION)
    items = client.query(
        TableName=os.environ["TABLE_NAME"],
        KeyConditionExpression="pk = :pk AND begins_with(sk, :m)",
        ExpressionAttributeValues={":pk": {"S": f"NW#{networker_id}"}, ":m": {"S": "M#"}},
    )["Items"]
    return [item["sk"]["S"] for item in items]


def written_contacts(events: list[dict]) -> set[str]:
    """The contact items the stream saw written in these events."""
    keys = [record["dynamodb"]["Keys"]["sk"]["S"] for event in events for record in event["Records"]]
    return {sk.removeprefix("C#") for sk in keys if sk.startswith("C#")}


def test_a_time_zone_change_moves_every_follow_up_the_digest_and_the_review(api, stream):
    me = api.claims["sub"]
    touched = [contact(api, stage="met") for _ in range(40)]  # more than one transaction's worth
    first_met = contact(api, stage="to_meet")
    untouched = contact(api, stage="met")  # followed up from when it was added: 01:30 in LA, the same day
    waiting = contact(api, stage="to_meet")  # no follow-up date: nothing to move
    coffee(api, [*touched, first_met])
    stream.drain()
    assert {follow_up_of(api, c) for c in touched} == {"2026-12-04"}
    assert first_met_markers(me) == [f"M#2026-11-20#{first_met}"]
    seen = len(stream.delivered)

    assert api.patch("/me", {"timezone": LOS_ANGELES}).status == 200
    stream.drain()
    assert {follow_up_of(api, c) for c in touched} == {"2026-12-03"}
    assert follow_up_of(api, first_met) == "2026-12-03"
    assert first_met_markers(me) == [f"M#2026-11-19#{first_met}"]  # the thank-you follows the day it was
    assert (follow_up_of(api, untouched), follow_up_of(api, waiting)) == ("2026-12-04", None)
    assert written_contacts(stream.delivered[seen:]) == {*touched, first_met}  # nothing else was written
    assert schedule_of(me)["ScheduleExpressionTimezone"] == LOS_ANGELES
    assert review_schedule_of(me)["ScheduleExpressionTimezone"] == LOS_ANGELES

    clock.freeze(datetime.fromisoformat("2026-12-03T20:00:00+00:00"))  # noon on 3 December in LA
    due = {item["contact"]["contact_id"] for item in api.get("/due").body["items"]}
    assert due == {*touched, first_met}  # not `untouched`, due tomorrow there

    before = [api.get(f"/contacts/{c}").body for c in (*touched, first_met)]
    handler = load_handler("OnChangeFunction")
    for event in list(stream.delivered):  # a replay: every record again, the time zone's too
        assert handler(copy.deepcopy(event), LambdaContext()) == {"batchItemFailures": []}
    assert stream.drain() == 0 and [api.get(f"/contacts/{c}").body for c in (*touched, first_met)] == before


def test_a_contact_deleted_meanwhile_leaves_the_others_moving(api, stream):
    me = api.claims["sub"]
    kept, deleted = contact(api, stage="met"), contact(api, stage="met")
    coffee(api, [kept, deleted])
    stream.drain()
    store = Store(boto3.client("dynamodb", region_name=REGION), os.environ["TABLE_NAME"])
    contacts = {c.contact_id: c for c in store.contacts.followed_up(me)}
    assert api.delete(f"/contacts/{deleted}").status == 204
    moves = [
        (c, followup.follow_up(c, c.last_touch_at, c.first_met_at, LOS_ANGELES), None, None) for c in contacts.values()
    ]
    assert store.contacts.save_follow_ups(me, moves) == 1  # the deleted one is skipped, not brought back
    assert follow_up_of(api, kept) == "2026-12-03"
    assert api.get(f"/contacts/{deleted}").status == 404
