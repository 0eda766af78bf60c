"""moto's Query handed the queried partition instead of the whole table, for the figures that read large
partitions (digests, the month, imports, the account's export and deletion), so that they measure the
pipeline, not moto's sort; and its DynamoDB item results written without its serializer. (moto's
transactions are fixed for everyone by `infra.local.mototransactions`.)"""

from __future__ import annotations

import base64
import contextlib
import inspect
import json
from collections.abc import Iterator

from moto.dynamodb.models.table import Table as MotoTable
from moto.dynamodb.responses import DynamoResult


@contextlib.contextmanager
def partition_queries() -> Iterator[None]:
    """moto's Query, handed only the candidate items instead of the whole table.

    moto 5 answers every Query by sorting all the items of the table (comparing DynamoType keys,
    each comparison recomputing both values) and then filtering them: about 90 ms a query once the
    table holds the ~6,000 items of 1,000 networkers. Without this, a digest of figure 4 took 0.45 s
    (2.2 digests/second), the drain before it almost 4 minutes, and the figure measured moto's sort
    (DynamoDB reads the queried partition only); with it, 31 ms and 32 s. Inside
    this context, a table query sees the queried partition only, and an index query the items whose
    index partition key (a string) matches: the items moto would have kept after its own filter, in
    the order it would have kept them, and moto still applies its own key conditions, sort, limits,
    filters and counts to them. Anything else (Scan, other key types) sees the whole table as before."""
    parameters = inspect.signature(MotoTable.query).parameters
    if not {"hash_key", "index_name", "hash_key_conditions"} <= set(parameters):
        raise RuntimeError(f"moto's Table.query changed ({', '.join(parameters)}): check partition_queries")
    query, all_items = MotoTable.query, MotoTable.all_items
    signature, scope = inspect.signature(query), {}

    def partition_query(table: MotoTable, *args, **kwargs):
        arguments = signature.bind(table, *args, **kwargs).arguments
        if arguments.get("index_name"):
            conditions = arguments.get("hash_key_conditions") or []
            only = ("index", conditions) if conditions and all(v.type == "S" for _, v in conditions) else None
        else:
            hash_key = arguments.get("hash_key")
            only = ("table", hash_key) if table.range_key_attr and hash_key is not None else None
        scope[id(table)] = only
        try:
            return query(table, *args, **kwargs)
        finally:
            scope.pop(id(table), None)

    def candidates(table: MotoTable) -> list:
        only = scope.get(id(table))
        if only is None:
            return all_items(table)
        kind, key = only
        if kind == "table":
            return sorted(table.items.get(key, {}).values(), key=lambda item: item.range_key.cast_value)

        def matches(item) -> bool:
            for name, value in key:
                found = item.attrs.get(name)
                if found is None or found.type != "S" or found.value != value.value:
                    return False
            return True

        found = [item for partition in table.items.values() for item in partition.values() if matches(item)]
        return sorted(found, key=lambda item: (item.hash_key.cast_value, item.range_key.cast_value))

    MotoTable.query, MotoTable.all_items = partition_query, candidates
    try:
        yield
    finally:
        MotoTable.query, MotoTable.all_items = query, all_items


# DynamoDB's data operations: their results are already in the wire's shape (attribute values as
# {"S": ...}), keys spelled as AWS spells them.
_ITEM_OPERATIONS = frozenset(
    {"GetItem", "BatchGetItem", "Query", "Scan", "PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem",
     "TransactGetItems", "TransactWriteItems"}
)  # fmt: skip


@contextlib.contextmanager
def json_item_results() -> Iterator[None]:
    """moto's DynamoDB item results written with `json.dumps` instead of its serializer, used by figure 10
    only. moto 5.2 walks the botocore shape of every attribute of every item to write a result, looking
    each key up among its possible spellings: about 20 ms for a page of 30 contacts, a third of the
    month's wall time. These results need none of it: their keys are already the wire's, their values
    strings, numbers as strings, lists and maps, and binary values base64-encoded as the JSON protocol
    does. Anything else (another operation, an error, a timestamp) goes through moto's serializer."""
    if not hasattr(DynamoResult, "execute_result"):
        raise RuntimeError("moto's DynamoResult changed: check json_item_results")
    own, execute_result = "execute_result" in vars(DynamoResult), DynamoResult.execute_result

    def fast(result: DynamoResult, context):
        if context.operation_model.name not in _ITEM_OPERATIONS or not isinstance(result.result, dict):
            return execute_result(result, context)
        try:
            body = json.dumps(result.result, default=_binary)
        except TypeError:
            return execute_result(result, context)
        return 200, {"Content-Type": "application/x-amz-json-1.0"}, body

    DynamoResult.execute_result = fast  # type: ignore[method-assign]
    try:
        yield
    finally:
        if own:
            DynamoResult.execute_result = execute_result  # type: ignore[method-assign]
        else:
            del DynamoResult.execute_result


def _binary(value: object) -> str:
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    raise TypeError(f"{type(value).__name__} is left to moto's serializer")
