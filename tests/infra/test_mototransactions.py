"""The local runtime's moto transactions: a failed one changes nothing, whatever it touched."""

from __future__ import annotations

import boto3
import pytest
from moto import mock_aws

from infra.local import mototransactions


@pytest.fixture
def table():
    mototransactions.install()
    with mock_aws():
        client = boto3.client("dynamodb", region_name="us-east-1")
        client.create_table(
            TableName="t",
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
            AttributeDefinitions=[{"AttributeName": n, "AttributeType": "S"} for n in ("pk", "sk")],
            BillingMode="PAY_PER_REQUEST",
        )
        for sk in ("a", "b"):
            client.put_item(TableName="t", Item={"pk": {"S": "p"}, "sk": {"S": sk}, "n": {"N": "1"}})
        yield client


def items(client) -> dict:
    found = client.query(TableName="t", KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": {"S": "p"}})
    return {item["sk"]["S"]: item.get("n", {}).get("N") for item in found["Items"]}


def test_a_failed_transaction_undoes_its_updates_puts_and_deletes(table):
    key = {"pk": {"S": "p"}, "sk": {"S": "a"}}
    with pytest.raises(table.exceptions.TransactionCanceledException):
        table.transact_write_items(
            TransactItems=[
                {"Update": {"TableName": "t", "Key": key, "UpdateExpression": "SET n = :two",
                            "ExpressionAttributeValues": {":two": {"N": "2"}}}},
                {"Put": {"TableName": "t", "Item": {"pk": {"S": "p"}, "sk": {"S": "c"}}}},
                {"Delete": {"TableName": "t", "Key": {"pk": {"S": "p"}, "sk": {"S": "b"}}}},
                {"ConditionCheck": {"TableName": "t", "Key": {"pk": {"S": "p"}, "sk": {"S": "none"}},
                                    "ConditionExpression": "attribute_exists(pk)"}},
            ]
        )  # fmt: skip
    assert items(table) == {"a": "1", "b": "1"}


def test_a_successful_transaction_keeps_everything(table):
    key = {"pk": {"S": "p"}, "sk": {"S": "a"}}
    table.transact_write_items(
        TransactItems=[
            {"Update": {"TableName": "t", "Key": key, "UpdateExpression": "SET n = :two",
                        "ExpressionAttributeValues": {":two": {"N": "2"}}}},
            {"Delete": {"TableName": "t", "Key": {"pk": {"S": "p"}, "sk": {"S": "b"}}}},
        ]
    )  # fmt: skip
    assert items(table) == {"a": "2"}
