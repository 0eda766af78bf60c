"""An in-memory DynamoDB client: the calls `rapport.storage.dynamo.Table` makes, nothing more.

Services get fast unit tests with `Store(FakeDynamoDB(), TABLE)`: no moto, no socket, a few
milliseconds a test. tests/unit/fakes/test_contract.py runs the same scenarios against this fake and
against moto, so that the two cannot drift; moto stays for the integration and end-to-end tests.

Modelled: items by key (pk, sk) and the sparse `due` index (as template.yaml declares them), the
conditions and updates storage writes (tests/fakes/expressions.py), transactions (all or nothing,
each failed condition named in CancellationReasons, one operation per item), queries in sort-key order
with Limit and ExclusiveStartKey (LastEvaluatedKey only while items remain, as moto answers), filters,
projections, BatchGetItem (100 keys, no duplicates). Errors are botocore's ClientError with the codes
DynamoDB sends. Not modelled: streams (call the reaction yourself), TTL, item sizes, capacity, GSI lag.
"""

from __future__ import annotations

import copy

from boto3.dynamodb.types import TypeDeserializer, TypeSerializer
from botocore.exceptions import ClientError

from tests.fakes import expressions

_serialize = TypeSerializer().serialize
_deserialize = TypeDeserializer().deserialize

KEY = ("pk", "sk")
_WRITES = {"PutItem", "UpdateItem", "DeleteItem", "TransactWriteItems"}
INDEXES = {"due": ("due_pk", "due_sk")}  # name -> (hash key, range key); tests/unit/fakes checks the template


def _error(operation: str, code: str, message: str, **extra) -> ClientError:
    return ClientError({"Error": {"Code": code, "Message": message}, **extra}, operation)


def _plain(item: dict) -> dict:
    return {name: _deserialize(value) for name, value in item.items()}


def _wire(item: dict) -> dict:
    return {name: _serialize(value) for name, value in item.items()}


class FakeDynamoDB:
    """One table (any TableName is accepted: a Store names one). `items` maps (pk, sk) to the item as
    Python values, for a test that wants to look."""

    def __init__(self):
        self.items: dict[tuple[str, str], dict] = {}
        self.calls: list[str] = []  # operation names, in order: a test can count reads and writes

    @property
    def writes(self) -> int:
        """How many write calls were made (a transaction counts once)."""
        return sum(call in _WRITES for call in self.calls)

    # ------------------------------------------------------------ single items

    def get_item(self, *, TableName: str, Key: dict, ConsistentRead: bool = False, **options) -> dict:
        self.calls.append("GetItem")
        item = self.items.get(self._key(Key, "GetItem"))
        return {} if item is None else {"Item": self._projected(item, options)}

    def put_item(self, *, TableName: str, Item: dict, **condition) -> dict:
        self.calls.append("PutItem")
        key = self._key({name: Item.get(name) for name in KEY}, "PutItem")
        self._check("PutItem", self.items.get(key), condition)
        self.items[key] = copy.deepcopy(_plain(Item))
        return {}

    def update_item(self, *, TableName: str, Key: dict, UpdateExpression: str, **condition) -> dict:
        self.calls.append("UpdateItem")
        key = self._key(Key, "UpdateItem")
        self._check("UpdateItem", self.items.get(key), condition)
        self.items[key] = self._updated(key, UpdateExpression, condition)
        return {}

    def delete_item(self, *, TableName: str, Key: dict, **condition) -> dict:
        self.calls.append("DeleteItem")
        key = self._key(Key, "DeleteItem")
        self._check("DeleteItem", self.items.get(key), condition)
        self.items.pop(key, None)
        return {}

    # ------------------------------------------------------------ many items

    def batch_get_item(self, *, RequestItems: dict) -> dict:
        self.calls.append("BatchGetItem")
        responses = {}
        for table, request in RequestItems.items():
            keys = [self._key(key, "BatchGetItem") for key in request["Keys"]]
            if len(keys) > 100:
                raise _error(
                    "BatchGetItem", "ValidationException", "Too many items requested for the BatchGetItem call"
                )
            if len(set(keys)) != len(keys):
                raise _error("BatchGetItem", "ValidationException", "Provided list of item keys contains duplicates")
            found = [self.items[key] for key in keys if key in self.items]
            responses[table] = [self._projected(item, request) for item in found]
        return {"Responses": responses, "UnprocessedKeys": {}}

    def transact_write_items(self, *, TransactItems: list[dict]) -> dict:
        self.calls.append("TransactWriteItems")
        if not 1 <= len(TransactItems) <= 100:
            raise _error("TransactWriteItems", "ValidationException", "a transaction holds 1 to 100 operations")
        operations = []
        for operation in TransactItems:
            ((kind, body),) = operation.items()
            wire_key = body["Item"] if kind == "Put" else body["Key"]
            operations.append((kind, body, self._key({name: wire_key.get(name) for name in KEY}, "TransactWriteItems")))
        if len({key for _, _, key in operations}) != len(operations):
            message = "Transaction request cannot include multiple operations on one item"
            raise _error("TransactWriteItems", "ValidationException", message)
        reasons = [self._reason(body, key) for _, body, key in operations]
        if any(reason["Code"] != "None" for reason in reasons):
            codes = ", ".join(reason["Code"] for reason in reasons)
            message = f"Transaction cancelled, please refer cancellation reasons for specific reasons [{codes}]"
            raise _error("TransactWriteItems", "TransactionCanceledException", message, CancellationReasons=reasons)
        changed = {key: self._applied(kind, body, key) for kind, body, key in operations if kind != "ConditionCheck"}
        for key, item in changed.items():  # every condition held: all the writes land
            if item is None:
                self.items.pop(key, None)
            else:
                self.items[key] = item
        return {}

    def query(self, *, TableName: str, KeyConditionExpression: str, **options) -> dict:
        self.calls.append("Query")
        index = options.get("IndexName")
        hash_key, range_key = INDEXES[index] if index else KEY
        if index and options.get("ConsistentRead"):
            raise _error(
                "Query", "ValidationException", "Consistent reads are not supported on global secondary indexes"
            )
        names, values = options.get("ExpressionAttributeNames"), _plain(options.get("ExpressionAttributeValues", {}))
        read = expressions.key_attributes(KeyConditionExpression, names)
        if hash_key not in read or not read <= {hash_key, range_key}:
            raise _error("Query", "ValidationException", f"the key condition must name {hash_key} (and {range_key})")
        matches = expressions.condition(KeyConditionExpression, names, values)
        keep = (
            expressions.condition(options["FilterExpression"], names, values) if "FilterExpression" in options else None
        )
        order = sorted(
            (item for item in self.items.values() if hash_key in item and range_key in item and matches(item)),
            key=lambda item: (item[range_key], item["pk"], item["sk"]),
            reverse=not options.get("ScanIndexForward", True),
        )
        if "ExclusiveStartKey" in options:
            start = _plain(options["ExclusiveStartKey"])
            after = [i for i, item in enumerate(order) if all(item.get(n) == v for n, v in start.items())]
            order = order[after[0] + 1 :] if after else []
        limit = options.get("Limit")
        evaluated = order[:limit] if limit else order
        answer = {"Items": [self._projected(item, options) for item in evaluated if keep is None or keep(item)]}
        answer["Count"], answer["ScannedCount"] = len(answer["Items"]), len(evaluated)
        if limit and len(order) > limit:
            last = evaluated[-1]
            answer["LastEvaluatedKey"] = _wire({name: last[name] for name in {*KEY, hash_key, range_key}})
        return answer

    # ------------------------------------------------------------ helpers

    @staticmethod
    def _key(key: dict, operation: str) -> tuple[str, str]:
        plain = _plain({name: value for name, value in key.items() if value is not None})
        if set(plain) != set(KEY) or not all(isinstance(plain[name], str) and plain[name] for name in KEY):
            raise _error(operation, "ValidationException", "The provided key element does not match the schema")
        return plain["pk"], plain["sk"]

    @staticmethod
    def _holds(item: dict | None, condition: dict) -> bool:
        if "ConditionExpression" not in condition:
            return True
        values = _plain(condition.get("ExpressionAttributeValues", {}))
        test = expressions.condition(
            condition["ConditionExpression"], condition.get("ExpressionAttributeNames"), values
        )
        return test(item or {})

    def _check(self, operation: str, item: dict | None, condition: dict) -> None:
        if not self._holds(item, condition):
            raise _error(operation, "ConditionalCheckFailedException", "The conditional request failed")

    def _reason(self, body: dict, key: tuple[str, str]) -> dict:
        if self._holds(self.items.get(key), body):
            return {"Code": "None"}
        return {"Code": "ConditionalCheckFailed", "Message": "The conditional request failed"}

    def _updated(self, key: tuple[str, str], text: str, body: dict) -> dict:
        values = _plain(body.get("ExpressionAttributeValues", {}))
        before = self.items.get(key) or {"pk": key[0], "sk": key[1]}
        return expressions.update(copy.deepcopy(before), text, body.get("ExpressionAttributeNames"), values)

    def _applied(self, kind: str, body: dict, key: tuple[str, str]) -> dict | None:
        if kind == "Put":
            return copy.deepcopy(_plain(body["Item"]))
        if kind == "Update":
            return self._updated(key, body["UpdateExpression"], body)
        return None  # Delete

    @staticmethod
    def _projected(item: dict, options: dict) -> dict:
        if "ProjectionExpression" not in options:
            return _wire(item)
        wanted = expressions.projection(options["ProjectionExpression"], options.get("ExpressionAttributeNames"))
        return _wire({name: item[name] for name in wanted if name in item})
