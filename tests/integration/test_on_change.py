"""The stream reaction: stage, last touch and follow-up date recomputed from the touches."""

import copy
import os

import boto3

from infra.local.functions import load_handler
from infra.local.provision import REGION
from rapport.storage import keys
from tests.integration.conftest import LambdaContext


def contact(api, **fields):
    reply = api.post("/contacts", {"name": "Claire", **fields})
    assert reply.status == 201, reply.body
    return reply.body["contact_id"]


def touch(api, kind, at, *contact_ids):
    reply = api.post("/interactions", {"kind": kind, "occurred_at": at, "contact_ids": list(contact_ids)})
    assert reply.status == 201, reply.body
    return reply.body["interaction_id"]


def test_a_coffee_makes_a_to_meet_contact_met_and_sets_the_follow_up(api, stream):
    claire = contact(api, stage="to_meet", circle="active")
    touch(api, "coffee", "2026-11-18T08:30:00Z", claire)
    assert api.get(f"/contacts/{claire}").body["stage"] == "to_meet"  # not yet: the reaction is downstream
    stream.drain()
    seen = api.get(f"/contacts/{claire}").body
    assert (seen["stage"], seen["last_touch_at"], seen["next_follow_up_on"]) == (
        "met",
        "2026-11-18T08:30:00Z",
        "2026-12-18",
    )
    assert seen["health"] == 98 and seen["status"] == "ok"


def test_a_message_does_not_make_a_meeting(api, stream):
    claire = contact(api, stage="to_meet")
    touch(api, "message", "2026-11-18T08:30:00Z", claire)
    stream.drain()
    seen = api.get(f"/contacts/{claire}").body
    assert (seen["stage"], seen["last_touch_at"], seen["next_follow_up_on"]) == (
        "to_meet",
        "2026-11-18T08:30:00Z",
        None,
    )


def test_late_and_deleted_touches_recompute(api, stream):
    claire = contact(api, stage="to_meet", circle="inner")
    coffee = touch(api, "coffee", "2026-11-10T09:00:00Z", claire)
    touch(api, "message", "2026-11-01T09:00:00Z", claire)  # logged late: older than the coffee
    stream.drain()
    assert api.get(f"/contacts/{claire}").body["last_touch_at"] == "2026-11-10T09:00:00Z"

    assert api.delete(f"/interactions/{coffee}").status == 204
    stream.drain()
    seen = api.get(f"/contacts/{claire}").body
    assert (seen["stage"], seen["last_touch_at"], seen["next_follow_up_on"]) == (
        "to_meet",
        "2026-11-01T09:00:00Z",
        None,
    )


def test_a_touch_with_several_people_moves_each_of_them(api, stream):
    claire, paul = contact(api, circle="inner"), contact(api, name="Paul", circle="loose")
    touch(api, "lunch", "2026-11-19T12:00:00Z", claire, paul)
    stream.drain()
    assert api.get(f"/contacts/{claire}").body["next_follow_up_on"] == "2026-12-03"
    assert api.get(f"/contacts/{paul}").body["next_follow_up_on"] == "2027-05-18"


def test_changing_the_circle_moves_the_follow_up(api, stream):
    claire = contact(api, circle="loose")
    touch(api, "call", "2026-11-19T12:00:00Z", claire)
    stream.drain()
    edited = api.patch(f"/contacts/{claire}", {"circle": "inner"}).body
    assert edited["next_follow_up_on"] == "2026-12-03"
    stream.drain()
    assert api.get(f"/contacts/{claire}").body["next_follow_up_on"] == "2026-12-03"
    assert [d["contact"]["name"] for d in api.get("/due").body["items"]] == []


def test_replaying_the_same_records_changes_nothing(api, stream):
    claire = contact(api, stage="to_meet")
    touch(api, "coffee", "2026-11-18T08:30:00Z", claire)
    stream.drain()
    before = api.get(f"/contacts/{claire}").body
    handler = load_handler("OnChangeFunction")
    for event in list(stream.delivered):
        assert handler(copy.deepcopy(event), LambdaContext()) == {"batchItemFailures": []}
    assert api.get(f"/contacts/{claire}").body == before
    assert stream.drain() == 0  # and nothing was written, so nothing new on the stream


def test_a_record_that_fails_is_reported_alone(api, stream):
    contact(api)
    stream.drain()
    event = copy.deepcopy(stream.delivered[-1])
    good = event["Records"][0]
    bad = copy.deepcopy(good)
    bad["dynamodb"]["SequenceNumber"] = "999999"
    bad["dynamodb"]["NewImage"] = {"type": {"S": "interaction"}}  # no key: cannot be processed
    event["Records"] = [good, bad]
    result = load_handler("OnChangeFunction")(event, LambdaContext())
    assert result == {"batchItemFailures": [{"itemIdentifier": "999999"}]}


def test_a_deleted_contact_leaves_its_interactions(api, stream):
    claire, paul = contact(api), contact(api, name="Paul")
    lunch = touch(api, "lunch", "2026-11-19T12:00:00Z", claire, paul)
    touch(api, "call", "2026-11-19T15:00:00Z", claire)
    stream.drain()
    assert api.delete(f"/contacts/{claire}").status == 204
    stream.drain()
    log = api.get(f"/contacts/{paul}/interactions").body["items"]
    assert [(i["interaction_id"], i["contact_ids"]) for i in log] == [(lunch, [paul])]
    # the call had Claire alone: it is gone, and so is its id
    assert api.delete(f"/interactions/{lunch}").status == 204
    stream.drain()
    assert api.get(f"/contacts/{paul}").body["last_touch_at"] is None


def test_a_contact_going_once_its_profile_is_gone_writes_nothing_back(api, stream):
    """The deletion's last removals reach the reactions after the profile went: nothing is written back."""
    claire, paul = contact(api), contact(api, name="Paul")
    lunch = touch(api, "lunch", "2026-11-19T12:00:00Z", claire, paul)
    stream.drain()
    partition = keys.networker(api.get("/me").body["networker_id"])
    table = boto3.resource("dynamodb", region_name=REGION).Table(os.environ["TABLE_NAME"])
    interaction = {"pk": partition, "sk": keys.interaction(lunch)}
    before = table.get_item(Key=interaction)["Item"]
    table.delete_item(Key={"pk": partition, "sk": keys.PROFILE})
    table.delete_item(Key={"pk": partition, "sk": keys.contact(claire)})
    stream.drain()
    assert table.get_item(Key=interaction)["Item"] == before


def streamed_from_now(stream):
    """A reader of the table's stream from now on: what it holds, whatever reaches on_change."""
    streams = boto3.client("dynamodbstreams", region_name=REGION)
    (arn,) = {mapping.stream_arn for mapping in stream.stack.stream_mappings}
    (shard,) = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"]
    iterator = streams.get_shard_iterator(StreamArn=arn, ShardId=shard["ShardId"], ShardIteratorType="LATEST")
    return lambda: streams.get_records(ShardIterator=iterator["ShardIterator"])["Records"]


def test_a_failed_transaction_leaves_the_stream_whole(api, stream):
    """DynamoDB writes no record for a failed transaction, and the next writes are streamed as ever
    (moto's rollback used to swap the stream under its readers: infra/local/mototransactions.py)."""
    claire = api.post("/contacts", {"name": "Claire", "emails": ["claire@example.com"]}).body
    stream.drain()
    streamed = streamed_from_now(stream)  # the stream itself: on_change is handed only what has reactions
    taken = api.post("/contacts", {"name": "Other Claire", "emails": ["claire@example.com"]})
    assert taken.status == 409
    touch = {"kind": "coffee", "occurred_at": "2026-11-19T10:00:00Z", "contact_ids": [claire["contact_id"]]}
    assert api.post("/interactions", touch).status == 201
    stream.drain()
    records = streamed()
    assert [r["dynamodb"]["NewImage"]["type"]["S"] for r in records if r["eventName"] == "INSERT"][:2] == [
        "interaction",
        "touch",
    ]
    assert api.get(f"/contacts/{claire['contact_id']}").body["last_touch_at"] == "2026-11-19T10:00:00Z"
