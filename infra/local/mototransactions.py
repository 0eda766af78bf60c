"""moto's TransactWriteItems, made to leave the table's stream as DynamoDB does.

To roll a failed transaction back, moto 5 deep-copies each table it touches, once per operation and
stream records included, then puts the copies in place of the tables. Two consequences:
- a failed transaction breaks the stream: the copy's stream shard is a new object, while readers'
  shard iterators (the pumps') hold the old one, which keeps the failed transaction's records (that
  DynamoDB never writes) and never sees a later write;
- every transaction copies every stream record ever written, and every copy is kept for good (moto
  tracks each model instance it creates, copies included, until the mock stops): time and memory
  grew with the square of the writes (the bench's 1,000 networkers ran out of 24 GB).

Installed once (`install()`), this backs each table up once per transaction with what the
transaction can change only (the maps of items, which a put or a delete changes, and the items an
update changes in place; the rest is shared, so a backup costs pointers, not a copy of every item),
without its stream, lets the backups go once the transaction is over, and after a rollback puts the
live shard back on the restored table, cut to where it stood before the transaction. A successful
transaction is untouched.
"""

from __future__ import annotations

import copy
import functools
from collections import defaultdict

import moto.dynamodb.models
from moto.core.model_instances import model_data
from moto.dynamodb.models import DynamoDBBackend
from moto.dynamodb.models.table import Table

_moto_transact = DynamoDBBackend.transact_write_items


def install() -> None:
    if DynamoDBBackend.transact_write_items is not _moto_transact:
        return
    if getattr(moto.dynamodb.models, "copy", None) is not copy:
        raise RuntimeError("moto.dynamodb.models no longer backs tables up with copy.deepcopy: check mototransactions")
    DynamoDBBackend.transact_write_items = _transact_write_items


class _Backups:
    """Stands in for the `copy` module inside moto's DynamoDB models during one transaction."""

    def __init__(self, backend: DynamoDBBackend, transact_items: list[dict]) -> None:
        self.tables: dict[int, Table] = {}
        self.tracked: list[tuple[type, int, int]] = []  # (model, start, end) of the copies moto tracked
        self.updated: dict[str, list[dict]] = {}  # table name -> keys of the items updated in place
        for operation in transact_items:
            if "Update" in operation:
                update = operation["Update"]
                self.updated.setdefault(update["TableName"], []).append(update["Key"])
        self.backend = backend

    def deepcopy(self, value, memo=None):
        if not isinstance(value, Table):
            return copy.deepcopy(value, memo)
        if id(value) not in self.tables:
            models = list(model_data["dynamodb"].values())
            before = [len(model.instances_tracked) for model in models]
            self.tables[id(value)] = self._backup(value)
            self.tracked += [(m, start, len(m.instances_tracked)) for m, start in zip(models, before, strict=True)]
        return self.tables[id(value)]

    def _backup(self, table: Table) -> Table:
        backup = copy.copy(table)
        backup.stream_shard = None
        if table.range_key_attr:
            backup.items = defaultdict(dict, {hash_key: dict(items) for hash_key, items in table.items.items()})
        else:
            backup.items = defaultdict(dict, table.items)
        for key in self.updated.get(table.name, []):
            try:
                hash_key, range_key = self.backend.get_keys_value(table, key)
            except Exception:  # a malformed key: the transaction fails on it before changing anything
                continue
            if range_key is None and hash_key in table.items:
                backup.items[hash_key] = copy.deepcopy(table.items[hash_key])
            elif range_key is not None and range_key in table.items.get(hash_key, {}):
                backup.items[hash_key][range_key] = copy.deepcopy(table.items[hash_key][range_key])
        return backup


@functools.wraps(_moto_transact)
def _transact_write_items(backend: DynamoDBBackend, transact_items: list[dict]) -> None:
    streams = {
        name: (t.stream_shard, len(t.stream_shard.items)) for name, t in backend.tables.items() if t.stream_shard
    }
    backups = moto.dynamodb.models.copy = _Backups(backend, transact_items)
    try:
        return _moto_transact(backend, transact_items)
    except Exception:
        for name, (shard, length) in streams.items():
            table = backend.tables.get(name)
            if table is not None and table.stream_shard is not shard:  # rolled back to a copy
                del shard.items[length:]
                shard.table, table.stream_shard = table, shard
        raise
    finally:
        moto.dynamodb.models.copy = copy
        _untrack(backups, backend)


def _untrack(backups: _Backups, backend: DynamoDBBackend) -> None:
    """Forget what moto tracked of the copies (the tables, their items, their indexes), unless a rollback
    put them in place: then they are the tables."""
    live = {id(table) for table in backend.tables.values()}
    if any(id(table) in live for table in backups.tables.values()):
        return
    for model, start, end in reversed(backups.tracked):  # later ranges first: earlier bounds stay right
        del model.instances_tracked[start:end]
