"""The in-memory DynamoDB (tests/fakes/dynamodb.py) and S3 (tests/fakes/s3.py) answer as moto does: every
scenario here runs on both.

The scenarios go through storage's own Table, with the expressions storage writes, so that a new
expression or call in storage that the fake does not know fails here first.
"""

from __future__ import annotations

from datetime import UTC, datetime

import boto3
import pytest
from botocore.exceptions import ClientError
from moto import mock_aws

from infra.local.provision import use_local_aws_environment
from infra.local.template import sam_template
from rapport.adapters.raw_mail import RawMail
from rapport.domain.contact import Contact
from rapport.domain.errors import Conflict, NotFound
from rapport.domain.vocabulary import Circle, Stage
from rapport.storage import keys
from rapport.storage.contacts import Contacts
from rapport.storage.dynamo import Table, from_item, to_item
from rapport.storage.imports import Files
from tests.fakes.dynamodb import INDEXES, KEY, FakeDynamoDB
from tests.fakes.s3 import FakeS3

TABLE = "contract"
NOW = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)
P = "N#me"


@pytest.fixture(params=["moto", "fake"])
def table(request):
    if request.param == "fake":
        yield Table(FakeDynamoDB(), TABLE)
        return
    use_local_aws_environment()
    with mock_aws():
        client = boto3.client("dynamodb", region_name="us-east-1")
        properties = sam_template()["Resources"]["Table"]["Properties"]
        indexes = [{k: v for k, v in i.items()} for i in properties["GlobalSecondaryIndexes"]]
        client.create_table(
            TableName=TABLE,
            AttributeDefinitions=properties["AttributeDefinitions"],
            KeySchema=properties["KeySchema"],
            GlobalSecondaryIndexes=indexes,
            BillingMode="PAY_PER_REQUEST",
        )
        yield Table(client, TABLE)


def code(error: ClientError) -> str:
    return error.response["Error"]["Code"]


def put(table: Table, sk: str, **fields) -> None:
    table.put(to_item({"pk": P, "sk": sk} | fields))


def test_the_fake_has_the_templates_keys_and_indexes():
    properties = sam_template()["Resources"]["Table"]["Properties"]
    assert tuple(k["AttributeName"] for k in properties["KeySchema"]) == KEY
    declared = {
        i["IndexName"]: tuple(k["AttributeName"] for k in i["KeySchema"]) for i in properties["GlobalSecondaryIndexes"]
    }
    assert declared == INDEXES
    assert all(i["Projection"] == {"ProjectionType": "ALL"} for i in properties["GlobalSecondaryIndexes"])


def test_get_put_and_put_new(table):
    assert table.get(P, "C#1") is None
    assert table.put_new(to_item({"pk": P, "sk": "C#1", "name": "Marie", "version": 1, "tags": {"a", "b"}}))
    assert not table.put_new(to_item({"pk": P, "sk": "C#1", "name": "Paul"}))
    stored = table.get(P, "C#1")
    assert sorted(stored.pop("tags")) == ["a", "b"]
    assert stored == {"pk": P, "sk": "C#1", "name": "Marie", "version": 1}
    put(table, "C#1", name="Léa")
    assert table.get(P, "C#1") == {"pk": P, "sk": "C#1", "name": "Léa"}


def test_a_key_that_is_not_the_tables_is_refused(table):
    with pytest.raises(ClientError) as refused:
        table.client.get_item(TableName=TABLE, Key=to_item({"pk": P}))
    assert code(refused.value) == "ValidationException"


def test_a_transaction_is_all_or_nothing_and_names_its_failed_condition(table):
    put(table, "C#1", version=2)
    stale, missing = Conflict("stale"), NotFound("missing")
    writes = [
        ({"Put": {"Item": to_item({"pk": P, "sk": "I#1"}), "ConditionExpression": "attribute_not_exists(pk)"}}, None),
        (
            {
                "Put": {
                    "Item": to_item({"pk": P, "sk": "C#1", "version": 3}),
                    "ConditionExpression": "version = :read",
                    "ExpressionAttributeValues": to_item({":read": 1}),
                }
            },
            stale,
        ),
        (
            {"ConditionCheck": {"Key": to_item({"pk": P, "sk": "C#2"}), "ConditionExpression": "attribute_exists(pk)"}},
            missing,
        ),
    ]
    with pytest.raises(Conflict) as raised:
        table.transact(writes)
    assert raised.value is stale
    assert table.get(P, "I#1") is None and table.get(P, "C#1")["version"] == 2
    writes[1][0]["Put"]["ExpressionAttributeValues"] = to_item({":read": 2})
    with pytest.raises(NotFound) as raised:
        table.transact(writes)
    assert raised.value is missing
    put(table, "C#2")
    table.transact(writes + [({"Delete": {"Key": to_item({"pk": P, "sk": "C#3"})}}, None)])
    assert table.get(P, "I#1") == {"pk": P, "sk": "I#1"} and table.get(P, "C#1")["version"] == 3


def test_a_transaction_touches_each_item_once(table):
    twice = [
        ({"Put": {"Item": to_item({"pk": P, "sk": "C#1"})}}, None),
        ({"Delete": {"Key": to_item({"pk": P, "sk": "C#1"})}}, None),
    ]
    with pytest.raises(ClientError) as refused:
        table.transact(twice)
    assert code(refused.value) == "ValidationException"


def test_set_fields_sets_removes_and_holds_its_conditions(table):
    with pytest.raises(NotFound):
        table.transact([(Table.set_fields(P, "J#1", {"status": "done"}), NotFound("gone"))])
    assert table.get(P, "J#1") is None
    put(table, "J#1", status="running", processed=10, error="x")
    table.transact([(Table.set_fields(P, "J#1", {"processed": 20, "error": None}, when={"status": "running"}), None)])
    assert table.get(P, "J#1") == {"pk": P, "sk": "J#1", "status": "running", "processed": 20}
    with pytest.raises(NotFound):
        table.transact([(Table.set_fields(P, "J#1", {"processed": 30}, when={"processed": 10}), NotFound("moved"))])
    assert table.get(P, "J#1")["processed"] == 20


def test_conditions_with_or_and_names(table):
    claim = {
        "Item": to_item({"pk": "PHONE#1", "sk": "P", "networker_id": "me"}),
        "ConditionExpression": "attribute_not_exists(pk) OR networker_id = :me",
        "ExpressionAttributeValues": to_item({":me": "me"}),
    }
    table.transact([({"Put": claim}, None)])
    table.transact([({"Put": claim}, None)])  # mine already: still fine
    claim["ExpressionAttributeValues"] = to_item({":me": "you"})
    with pytest.raises(Conflict):
        table.transact([({"Put": claim}, Conflict("taken"))])


def test_update_expressions_storage_writes(table):
    update = {
        "Key": to_item({"pk": P, "sk": "S#a@b"}),
        "UpdateExpression": "SET #type = :type, #name = if_not_exists(#name, :name), "
        "ids = list_append(if_not_exists(ids, :none), :more) ADD seen :one",
        "ExpressionAttributeNames": {"#type": "type", "#name": "name"},
        "ExpressionAttributeValues": to_item(
            {":type": "suggestion", ":name": "A", ":none": [], ":more": ["i1"], ":one": 1}
        ),
    }
    table.transact([({"Update": update}, None)])
    update["ExpressionAttributeValues"] = to_item(
        {":type": "suggestion", ":name": "B", ":none": [], ":more": ["i2"], ":one": 1}
    )
    table.transact([({"Update": update}, None)])
    assert table.get(P, "S#a@b") == {
        "pk": P,
        "sk": "S#a@b",
        "type": "suggestion",
        "name": "A",
        "ids": ["i1", "i2"],
        "seen": 2,
    }


def test_add_and_delete_in_a_set(table):
    def in_set(verb: str, who: str) -> str:
        try:
            table.client.update_item(
                TableName=TABLE,
                Key=to_item({"pk": P, "sk": "G#1"}),
                UpdateExpression=f"{verb} greeted :who",
                ConditionExpression="attribute_exists(pk)",
                ExpressionAttributeValues=to_item({":who": {who}}),
            )
        except ClientError as error:
            return code(error)
        return "ok"

    assert in_set("ADD", "c1") == "ConditionalCheckFailedException"
    put(table, "G#1")
    assert [in_set("ADD", "c1"), in_set("ADD", "c2"), in_set("ADD", "c1")] == ["ok"] * 3
    assert sorted(table.get(P, "G#1")["greeted"]) == ["c1", "c2"]
    assert [in_set("DELETE", "c1"), in_set("DELETE", "c2")] == ["ok", "ok"]
    assert table.get(P, "G#1") == {"pk": P, "sk": "G#1"}  # an emptied set is no attribute


def test_the_phone_index_in_contact_transactions(table):
    """ADD and DELETE of a string set in TransactWriteItems, as storage writes the phone index: the index
    follows creation, edits and deletion, and two contacts sharing a number in one transaction are two."""
    contacts, nid = Contacts(table), "me"
    made = [
        Contact(
            contact_id=f"c{n}",
            name=f"C {n}",
            phones=["+33100000000", f"+3361234567{n}"],
            declared_stage=Stage.MET,
            stage=Stage.MET,
            circle=Circle.NETWORK,
            created_at=NOW,
            updated_at=NOW,
        )
        for n in range(3)
    ]
    assert [c.contact_id for c in contacts.create_all(nid, made)] == ["c0", "c1", "c2"]
    numbers = ["+33100000000", "+33612345670", "+33612345671"]
    assert contacts.phone_owners(nid, numbers) == {"+33612345670": "c0", "+33612345671": "c1"}  # the shared: no one's
    edited = made[0].model_copy(update={"phones": ["+33612345679"], "version": 2})
    contacts.replace(nid, edited, previous=made[0])
    contacts.delete(nid, made[1])
    assert contacts.phone_owners(nid, [*numbers, "+33612345679"]) == {"+33100000000": "c2", "+33612345679": "c0"}
    assert table.get(keys.networker(nid), keys.phone_index("+33612345670")) == {
        "pk": keys.networker(nid),
        "sk": keys.phone_index("+33612345670"),
        "type": "phone_index",
    }  # held by no one: the set is gone


def test_queries_in_order_with_prefixes_bounds_filters_and_projections(table):
    for sk, fields in [("C#3", {"stage": "met"}), ("C#1", {"stage": "met", "first": "x"}), ("C#2", {}), ("D#1", {})]:
        put(table, sk, **fields)
    put(table, "Z#9")
    table.put(to_item({"pk": "N#other", "sk": "C#0"}))
    assert [i["sk"] for i in table.prefixed(P, "C#")] == ["C#1", "C#2", "C#3"]
    assert [i["sk"] for i in table.prefixed(P, "C#", FilterExpression="attribute_exists(stage)")] == ["C#1", "C#3"]
    assert table.sort_keys(P, "C#2", "D#1") == ["C#2", "C#3", "D#1"]
    found = table.between(
        P,
        "C#",
        "C#~",
        where="stage = :met AND attribute_exists(#f)",
        values={":met": "met"},
        ExpressionAttributeNames={"#f": "first"},
    )
    assert [i["sk"] for i in found] == ["C#1"]
    projected = table.prefixed(P, "C#", ProjectionExpression="sk, #s", ExpressionAttributeNames={"#s": "stage"})
    assert list(projected) == [{"sk": "C#1", "stage": "met"}, {"sk": "C#2"}, {"sk": "C#3", "stage": "met"}]


def test_pages_and_cursors_both_ways(table):
    for n in range(5):
        put(table, f"C#{n}")
    put(table, "D#0")
    first = table.page(P, None, 2, prefix="C#")
    assert [i["sk"] for i in first.items] == ["C#0", "C#1"] and first.cursor
    second = table.page(P, first.cursor, 2, prefix="C#")
    third = table.page(P, second.cursor, 2, prefix="C#")
    assert [i["sk"] for i in second.items + third.items] == ["C#2", "C#3", "C#4"] and third.cursor is None
    exact = table.page(P, None, 6)
    assert len(exact.items) == 6 and exact.cursor is None  # moto: no cursor when nothing is left
    newest = table.page(P, None, 4, prefix="C#", newest_first=True)
    assert [i["sk"] for i in newest.items] == ["C#4", "C#3", "C#2", "C#1"]
    assert [i["sk"] for i in table.page(P, newest.cursor, 4, prefix="C#", newest_first=True).items] == ["C#0"]


def test_the_sparse_due_index(table):
    put(table, "C#1", due_pk="D#me", due_sk="2026-03-02#C#1")
    put(table, "C#2", due_pk="D#me", due_sk="2026-03-01#C#2")
    put(table, "C#3", due_pk="D#me", due_sk="2026-04-01#C#3")
    put(table, "C#4")
    query = {
        "IndexName": "due",
        "KeyConditionExpression": "due_pk = :pk AND due_sk <= :until",
        "ExpressionAttributeValues": to_item({":pk": "D#me", ":until": "2026-03-02~"}),
    }
    assert [i["sk"] for i in table.query_all(**query)] == ["C#2", "C#1"]
    with pytest.raises(ClientError) as refused:
        list(table.query_all(**query, ConsistentRead=True))
    assert code(refused.value) == "ValidationException"


def test_get_many_reads_past_a_hundred_keys(table):
    for n in range(0, 150, 2):
        put(table, f"C#{n:03}")
    found = table.get_many([(P, f"C#{n:03}") for n in range(150)])
    assert sorted(i["sk"] for i in found) == [f"C#{n:03}" for n in range(0, 150, 2)]
    with pytest.raises(ClientError) as refused:
        table.get_many([(P, "C#000"), (P, "C#000")])
    assert code(refused.value) == "ValidationException"


def test_numbers_come_back_as_stored(table):
    table.put(to_item({"pk": P, "sk": "X", "n": 3, "nested": {"a": [1, "b"]}, "flag": True}))
    assert from_item(table.client.get_item(TableName=TABLE, Key=to_item({"pk": P, "sk": "X"}))["Item"]) == {
        "pk": P,
        "sk": "X",
        "n": 3,
        "nested": {"a": [1, "b"]},
        "flag": True,
    }


@pytest.fixture(params=["moto", "fake"])
def s3(request):
    if request.param == "fake":
        yield FakeS3()
        return
    use_local_aws_environment()
    with mock_aws():
        client = boto3.client("s3", region_name="us-east-1")
        client.create_bucket(Bucket="mail")
        yield client


def test_raw_mail_and_import_files_on_s3(s3):
    raw_mail = RawMail(s3, "mail", "raw/")
    assert raw_mail.location("m1") == "s3://mail/raw/m1"
    assert not raw_mail.kept("m1")
    with pytest.raises(ClientError) as refused:
        raw_mail.read("m1")
    assert code(refused.value) == "NoSuchKey"
    s3.put_object(Bucket="mail", Key="raw/m1", Body=b"From: me")
    assert raw_mail.kept("m1") and raw_mail.read("m1") == b"From: me"
    files = Files(s3, "mail")
    files.put("n1", "i1", b"First Name,Last Name", "text/csv")
    assert files.get("n1", "i1") == b"First Name,Last Name"
