"""moto's TransactWriteItems, made to leave the table's stream as DynamoDB does.

To roll a failed transaction back, moto 5 deep-copies each table it touches, once per operation and
stream records included, then puts the copies in place of the tables. Two consequences:
- a failed transaction breaks the stream: the copy's stream shard is a new object, while readers'
  shard iterators (the pumps') hold the old one, which keeps the failed transaction's records (that
  DynamoDB never writes) and never sees a later write;
- every transaction copies every stream record ever written: time and memory grow with the square
  of the writes (the bench's 1,000 networkers ran out of 24 GB).

Installed once (`install()`), this copies each table once per transaction, without its stream, and
after a rollback puts the live shard back on the restored table, cut to where it stood before the
transaction. A successful transaction is untouched.
"""

from __future__ import annotations

import copy
import functools

import moto.dynamodb.models
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

    def __init__(self) -> None:
        self.tables: dict[int, Table] = {}

    def deepcopy(self, value, memo=None):
        if not isinstance(value, Table):
            return copy.deepcopy(value, memo)
        if id(value) not in self.tables:
            shard, value.stream_shard = value.stream_shard, None
            try:
                self.tables[id(value)] = copy.deepcopy(value)
            finally:
                value.stream_shard = shard
        return self.tables[id(value)]


@functools.wraps(_moto_transact)
def _transact_write_items(backend: DynamoDBBackend, transact_items: list[dict]) -> None:
    streams = {
        name: (t.stream_shard, len(t.stream_shard.items)) for name, t in backend.tables.items() if t.stream_shard
    }
    moto.dynamodb.models.copy = _Backups()
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
