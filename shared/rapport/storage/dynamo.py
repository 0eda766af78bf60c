"""The DynamoDB table itself: conversions, conditional writes, transactions, pages and cursors.

Errors come back as domain errors, never as ClientError: a failed condition raises the error its
write was paired with.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from boto3.dynamodb.types import TypeDeserializer, TypeSerializer
from botocore.exceptions import ClientError

from rapport.domain.errors import Conflict, InvalidInput

_serialize = TypeSerializer().serialize
_deserialize = TypeDeserializer().deserialize

# A transactional write and the domain error to raise if its condition fails (None: cannot fail).
Write = tuple[dict, Exception | None]


@dataclass(frozen=True)
class Page:
    items: list
    cursor: str | None


def to_item(fields: dict) -> dict:
    """Python values to DynamoDB JSON; None is left out (absent means unset)."""
    return {name: _serialize(value) for name, value in fields.items() if value is not None}


def from_item(item: dict) -> dict:
    return {name: plain(_deserialize(value)) for name, value in item.items()}


def plain(value):
    """Decimals back to int (Rapport stores no fractional numbers), recursively."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list | set):
        return [plain(v) for v in value]
    if isinstance(value, Decimal):
        return int(value)
    return value


def code_of(error: ClientError) -> str:
    return error.response.get("Error", {}).get("Code", "")


class Table:
    def __init__(self, client, name: str):
        self.client = client
        self.name = name

    def get(self, pk: str, sk: str) -> dict | None:
        response = self.client.get_item(TableName=self.name, Key=to_item({"pk": pk, "sk": sk}), ConsistentRead=True)
        return from_item(response["Item"]) if "Item" in response else None

    def put(self, item: dict) -> None:
        self.client.put_item(TableName=self.name, Item=item)

    def put_new(self, item: dict) -> bool:
        """False when an item with that key exists already."""
        try:
            self.client.put_item(TableName=self.name, Item=item, ConditionExpression="attribute_not_exists(pk)")
        except ClientError as error:
            if code_of(error) == "ConditionalCheckFailedException":
                return False
            raise
        return True

    @staticmethod
    def set_fields(pk: str, sk: str, fields: dict, when: dict | None = None) -> dict:
        """An Update (for `transact`) setting fields of an existing item; None removes a field. `when`:
        the values some fields must hold for it to apply (else the item must merely exist)."""
        names, values, sets, removes = {}, {}, [], []
        for i, (name, value) in enumerate(fields.items()):
            names[f"#f{i}"] = name
            if value is None:
                removes.append(f"#f{i}")
            else:
                values[f":v{i}"] = _serialize(value)
                sets.append(f"#f{i} = :v{i}")
        conditions = []
        for i, (name, value) in enumerate((when or {}).items()):
            names[f"#w{i}"], values[f":w{i}"] = name, _serialize(value)
            conditions.append(f"#w{i} = :w{i}")
        clauses = [f"SET {', '.join(sets)}" if sets else "", f"REMOVE {', '.join(removes)}" if removes else ""]
        update = {
            "Key": to_item({"pk": pk, "sk": sk}),
            "UpdateExpression": " ".join(c for c in clauses if c),
            "ConditionExpression": " AND ".join(conditions) or "attribute_exists(pk)",
            "ExpressionAttributeNames": names,
        }
        return {"Update": update | ({"ExpressionAttributeValues": values} if values else {})}

    def get_many(self, keys: list[tuple[str, str]]) -> list[dict]:
        """The items of these keys that exist, in no particular order (BatchGetItem, 100 at a time)."""
        found = []
        for start in range(0, len(keys), 100):
            pending = {self.name: {"Keys": [to_item({"pk": pk, "sk": sk}) for pk, sk in keys[start : start + 100]]}}
            while pending:
                response = self.client.batch_get_item(RequestItems=pending)
                found += [from_item(item) for item in response["Responses"].get(self.name, [])]
                pending = response.get("UnprocessedKeys") or {}
        return found

    def sort_keys(self, pk: str, first: str, last: str) -> list[str]:
        """The sort keys of a partition between two bounds (inclusive), for index-like items."""
        return [item["sk"] for item in self.between(pk, first, last, ProjectionExpression="sk")]

    def prefixed(self, pk: str, prefix: str, **options) -> Iterator[dict]:
        """Every item of a partition whose sort key starts with `prefix` (one kind of item), following
        the pages; `options` are the Query's own (ConsistentRead...)."""
        return self.query_all(
            KeyConditionExpression="pk = :pk AND begins_with(sk, :prefix)",
            ExpressionAttributeValues=to_item({":pk": pk, ":prefix": prefix}),
            **options,
        )

    def between(
        self, pk: str, first: str, last: str, where: str | None = None, values: dict | None = None, **options
    ) -> Iterator[dict]:
        """The items of a partition whose sort keys lie between two bounds (inclusive); `where`, a filter
        expression with its `values`, keeps only those items in the answer (they are read all the same);
        `options` are the Query's own (ProjectionExpression...)."""
        bounds = {":pk": pk, ":first": first, ":last": last}
        return self.query_all(
            KeyConditionExpression="pk = :pk AND sk BETWEEN :first AND :last",
            ExpressionAttributeValues=to_item(bounds | (values or {})),
            **({"FilterExpression": where} if where else {}),
            **options,
        )

    def transact(self, writes: list[Write]) -> None:
        """All or nothing. A failed condition raises the domain error paired with that write."""
        operations = []
        for operation, _ in writes:
            ((kind, body),) = operation.items()
            operations.append({kind: {"TableName": self.name, **body}})
        try:
            self.client.transact_write_items(TransactItems=operations)
        except ClientError as error:
            if code_of(error) != "TransactionCanceledException":
                raise
            reasons = error.response.get("CancellationReasons", [])
            for (_, domain_error), reason in zip(writes, reasons, strict=False):
                if reason.get("Code") == "ConditionalCheckFailed" and domain_error is not None:
                    raise domain_error from None
            if any(reason.get("Code") == "TransactionConflict" for reason in reasons):
                raise Conflict("another change to the same data was under way; try again") from None
            raise

    def page(self, pk: str, cursor: str | None, size: int, *, prefix: str = "", newest_first: bool = False) -> Page:
        """One page of a partition (optionally of the sort keys starting with `prefix`)."""
        condition, values = "pk = :pk", {":pk": pk}
        if prefix:
            condition, values = f"{condition} AND begins_with(sk, :prefix)", values | {":prefix": prefix}
        response = self.client.query(
            TableName=self.name,
            KeyConditionExpression=condition,
            ExpressionAttributeValues=to_item(values),
            ScanIndexForward=not newest_first,
            Limit=size,
            **_start_after(cursor, pk),
        )
        last = response.get("LastEvaluatedKey")
        return Page([from_item(i) for i in response["Items"]], encode_cursor(_plain_key(last)) if last else None)

    def query_all(self, **query) -> Iterator[dict]:
        """Every item a query matches, following its pages (stream and maintenance paths)."""
        start: dict[str, dict] = {}
        while True:
            response = self.client.query(TableName=self.name, **query, **start)
            yield from (from_item(item) for item in response["Items"])
            if "LastEvaluatedKey" not in response:
                return
            start = {"ExclusiveStartKey": response["LastEvaluatedKey"]}


def _plain_key(key: dict) -> dict:
    return {name: _deserialize(value) for name, value in key.items()}


def encode_cursor(key: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(key, separators=(",", ":")).encode()).decode().rstrip("=")


def _start_after(cursor: str | None, pk: str) -> dict:
    """Decode a cursor we issued for this very partition; anything else is the caller's mistake."""
    if cursor is None:
        return {}
    try:
        key = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (ValueError, binascii.Error):
        key = None
    if not isinstance(key, dict) or set(key) != {"pk", "sk"} or key["pk"] != pk or not isinstance(key["sk"], str):
        raise InvalidInput("is not a cursor from this list", "cursor")
    return {"ExclusiveStartKey": to_item(key)}
