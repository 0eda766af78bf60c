"""Where moto's in-process DynamoDB costs what DynamoDB does not, so that the figures measure Rapport:
Query handed the queried partition instead of the whole table (figure 4); TransactWriteItems backing
each table up once per transaction instead of once per operation, stream records shared (figures 4
and 5; without it, figure 4's memory grows by ~22 MB per networker)."""

from __future__ import annotations

import contextlib
import copy
import inspect
import time
from collections import Counter
from collections.abc import Iterator

import moto.dynamodb.models
from moto.dynamodb.models import DynamoDBBackend
from moto.dynamodb.models.table import Table as MotoTable


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


@contextlib.contextmanager
def one_backup_per_transaction() -> Iterator[Counter]:
    """moto's TransactWriteItems, backing each table up once, without copying its stream's records.

    To roll a failed transaction back, moto 5 deep-copies the whole table (its stream's records with
    it) once per operation, before running any: each message logged (a transaction of several
    operations) cost about 0.8 s on average over the 190, growing with the table, and the figure
    measured moto's copies (1.3 messages/s). Inside this context the copies of one transaction are
    the same single copy, and the copy's stream is a new list of the same (never changed) records: a
    rollback restores what moto's would. Yields the count and the wall time of the copies made."""
    if getattr(moto.dynamodb.models, "copy", None) is not copy:
        raise RuntimeError("moto.dynamodb.models no longer uses copy.deepcopy: check one_backup_per_transaction")
    transact, backups, spent = DynamoDBBackend.transact_write_items, {}, Counter()

    def deepcopy(value, memo=None):
        if not isinstance(value, MotoTable):
            return copy.deepcopy(value, memo)
        if id(value) not in backups:
            start = time.perf_counter()
            shard, value.stream_shard = value.stream_shard, None
            try:
                backup = copy.deepcopy(value)
            finally:
                value.stream_shard = shard
            if shard is not None:
                backup.stream_shard = copy.copy(shard)
                backup.stream_shard.table, backup.stream_shard.items = backup, list(shard.items)
            backups[id(value)] = backup
            spent["seconds"] += time.perf_counter() - start
            spent["copies"] += 1
        return backups[id(value)]

    def transact_once(backend: DynamoDBBackend, *args, **kwargs):
        backups.clear()
        try:
            return transact(backend, *args, **kwargs)
        finally:
            backups.clear()

    moto.dynamodb.models.copy = type("copy", (), {"deepcopy": staticmethod(deepcopy)})
    DynamoDBBackend.transact_write_items = transact_once
    try:
        yield spent
    finally:
        moto.dynamodb.models.copy = copy
        DynamoDBBackend.transact_write_items = transact
