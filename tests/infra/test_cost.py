"""The cost figure's arithmetic and its price table: fixed counts give exact dollars, every price is
dated and sourced, and every thing the bench counts has a price (no timing here: `make bench` runs it)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import boto3
import pytest
from moto import mock_aws

from infra.bench import cost_prices
from infra.bench.cost import LABELS
from infra.bench.cost_meter import Meter, _index_units, item_size, sms_country, sms_parts
from infra.local.provision import REGION

HEADER = "key,usd,per,unit,region,date,source,note\n"


def write(tmp_path, *rows: str):
    path = tmp_path / "prices.csv"
    path.write_text(HEADER + "".join(row + "\n" for row in rows), encoding="utf-8")
    return path


def test_every_price_has_a_source_a_date_and_the_region():
    prices = cost_prices.load()
    assert prices, "the table is empty"
    for price in prices.values():
        assert price.source.startswith("https://aws.amazon.com/"), price.key
        assert date(2024, 1, 1) <= price.date <= date.today(), price.key
        assert price.region == cost_prices.REGION == "us-east-1"
        assert price.unit and price.note, price.key


def test_everything_counted_is_priced_and_everything_priced_is_named():
    assert set(cost_prices.load()) == set(LABELS)


def test_fixed_counts_give_exact_dollars(tmp_path):
    prices = cost_prices.load(
        write(
            tmp_path,
            "lambda_requests,0.20,1000000,requests,us-east-1,2025-01-01,https://aws.amazon.com/lambda/pricing/,n",
            "ses_outbound,0.10,1000,emails,us-east-1,2025-01-01,https://aws.amazon.com/ses/pricing/,n",
            "dynamodb_write_units,0.625,1000000,WRU,us-east-1,2024-11-01,https://aws.amazon.com/dynamodb/pricing/,n",
            "sms_fr,0.0741,1,parts,us-east-1,2025-01-01,https://aws.amazon.com/end-user-messaging/pricing/,n",
            "lambda_gb_seconds,0.0000133334,1,GB-s,us-east-1,2025-01-01,https://aws.amazon.com/lambda/pricing/,n",
        )
    )
    usage = {
        "lambda_requests": 2_000_000,
        "ses_outbound": 1_500,
        "dynamodb_write_units": 1_000_000,
        "sms_fr": 3,
        "lambda_gb_seconds": 0.5,
    }
    lines = cost_prices.bill(usage, prices)
    assert [(line.key, line.dollars) for line in lines] == [
        ("dynamodb_write_units", Decimal("0.625")),
        ("lambda_requests", Decimal("0.4")),
        ("sms_fr", Decimal("0.2223")),
        ("ses_outbound", Decimal("0.15")),
        ("lambda_gb_seconds", Decimal("0.0000066667")),
    ]
    assert cost_prices.total(lines) == Decimal("1.3973066667")


def test_a_quantity_without_a_price_is_an_error_and_zero_is_no_line(tmp_path):
    prices = cost_prices.load(
        write(tmp_path, "ses_outbound,0.10,1000,emails,us-east-1,2025-01-01,https://aws.amazon.com/ses/pricing/,n")
    )
    assert cost_prices.bill({"ses_outbound": 0}, prices) == []
    with pytest.raises(KeyError):
        cost_prices.bill({"sms_fr": 1}, prices)


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("ses_outbound,0.10,1000,emails,us-east-1,2025-01-01,,n", "no https source"),
        ("ses_outbound,0.10,1000,emails,us-east-1,2025-01-01,see the page,n", "no https source"),
        ("ses_outbound,0.10,1000,emails,eu-west-1,2025-01-01,https://aws.amazon.com/ses/pricing/,n", "region"),
        ("ses_outbound,0.10,0,emails,us-east-1,2025-01-01,https://aws.amazon.com/ses/pricing/,n", "per > 0"),
    ],
)
def test_a_row_without_source_region_or_sense_is_refused(tmp_path, row, reason):
    with pytest.raises(ValueError, match=reason):
        cost_prices.load(write(tmp_path, row))


def test_a_row_without_a_date_is_refused(tmp_path):
    with pytest.raises(ValueError):
        cost_prices.load(write(tmp_path, "ses_outbound,0.10,1000,emails,us-east-1,,https://aws.amazon.com/ses/,n"))


def test_sms_parts_as_carriers_bill_them():
    assert sms_parts("x" * 160) == 1
    assert sms_parts("x" * 161) == 2  # 153 characters a part once split
    assert sms_parts("x" * 307) == 3
    assert sms_parts("é" * 160) == 1  # é is in the GSM alphabet
    assert sms_parts("ê" * 70) == 1 and sms_parts("ê" * 71) == 2  # ê is not: UCS-2, 70 (67 split)
    assert (sms_country("+33612345678"), sms_country("+12125550100")) == ("fr", "us")


def test_item_sizes_and_index_writes_as_dynamodb_counts_them():
    item = {"pk": {"S": "N#1"}, "n": {"N": "123"}, "ok": {"BOOL": True}}
    assert item_size(item) == (2 + 3) + (1 + 3) + (2 + 1)
    indexed = {**item, "due_pk": {"S": "N#1"}, "due_sk": {"S": "2026-02-02"}}
    moved = {**indexed, "due_sk": {"S": "2026-02-16"}}
    assert _index_units(item, item) == 0  # not in the index
    assert _index_units(item, indexed) == 1  # put in
    assert _index_units(indexed, item) == 1  # taken out
    assert _index_units(indexed, moved) == 2  # its key moved: out and in
    assert _index_units(indexed, {**indexed, "ok": {"BOOL": False}}) == 1  # projected ALL: any change
    assert _index_units(indexed, indexed) == 0


def test_the_meter_counts_a_function_s_calls_in_billed_units():
    """Through boto3 against moto: a 1.5 KB put (2 units, 2 more for its index entry), a failed
    conditional put (billed all the same), an eventually consistent read (half a unit), an SMS of
    two parts; nothing counted outside an invocation."""
    with mock_aws():
        client = boto3.client("dynamodb", region_name=REGION)
        client.create_table(
            TableName="t",
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
            AttributeDefinitions=[{"AttributeName": n, "AttributeType": "S"} for n in ("pk", "sk")],
            BillingMode="PAY_PER_REQUEST",
        )
        item = {"pk": {"S": "a"}, "sk": {"S": "b"}, "due_pk": {"S": "a"}, "due_sk": {"S": "x"}, "t": {"S": "x" * 1500}}
        meter = Meter()

        def handler(event, context):
            client.put_item(TableName="t", Item=item)
            with pytest.raises(client.exceptions.ConditionalCheckFailedException):
                client.put_item(TableName="t", Item=item, ConditionExpression="attribute_not_exists(pk)")
            client.get_item(TableName="t", Key={"pk": {"S": "a"}, "sk": {"S": "b"}})
            boto3.client("sns", region_name=REGION).publish(PhoneNumber="+33612345678", Message="y" * 200)

        with meter.metering():
            client.get_item(TableName="t", Key={"pk": {"S": "a"}, "sk": {"S": "b"}})  # not a function's
            meter.wrap("F", lambda: handler)({}, SimpleNamespace(memory_limit_in_mb=512))
        usage = meter.take()
    assert usage["dynamodb_write_units"] == 2 + 2 + 2  # the put and its index entry (ALL); the failed put
    assert usage["dynamodb_read_units"] == 0.5
    assert (usage["sms_fr"], usage["lambda_requests"]) == (2, 1)
    assert usage["lambda_gb_seconds"] > 0 and usage["logs_ingested"] > 0
    assert meter.calls == {("F", "dynamodb", "PutItem"): 2, ("F", "dynamodb", "GetItem"): 1, ("F", "sns", "Publish"): 1}
