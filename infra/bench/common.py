"""What figures 2 to 4 share: their clock's start, the batched contact store that seeds them, the
count of people a digest names, and the silencing of the functions' own output."""

from __future__ import annotations

import contextlib
import io
import os
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import TextIO

from infra.local import functions
from rapport.storage.contacts import Contacts
from rapport.storage.dynamo import Table

# A Monday outside every greetings season: the figures measure an ordinary day (the first digest of a
# season opens its campaign, which reads every contact once: docs/data-model.md).
T0 = datetime(2026, 2, 2, 9, 0, tzinfo=UTC)
WAITING = re.compile(r"(\d+|One) (?:people|person) to reach out to")  # the digest's English intro


class BatchedContacts(Contacts):
    """Contact items as storage writes them, 25 to a BatchWriteItem instead of one transaction
    each: moto deep-copies the whole table for every TransactWriteItems, which makes 5,000 creates
    quadratic (about 85 ms each at 1,000 contacts). The contacts seeded here have no email, so
    the transaction would hold this single Put anyway."""

    def __init__(self, table: Table) -> None:
        super().__init__(table)
        self._raw = table
        self._pending: list[dict] = []

    def create(self, networker_id: str, contact) -> None:
        if contact.emails:
            raise ValueError("email claims are not batched; seed contacts without emails")
        self._pending.append({"PutRequest": {"Item": self.item(networker_id, contact)}})
        if len(self._pending) == 25:
            self.flush()

    def flush(self) -> None:
        requests = {self._raw.name: self._pending} if self._pending else {}
        while requests:
            requests = self._raw.client.batch_write_item(RequestItems=requests)["UnprocessedItems"]
        self._pending = []


def people_named(item: dict, recipient: str) -> int:
    """How many people a digest email counts to reach out to; 0 if it is not a digest to `recipient`."""
    found = WAITING.search(item["text"])
    if item["recipient"] != recipient or found is None:
        return 0
    return 1 if found.group(1) == "One" else int(found.group(1))


@contextlib.contextmanager
def function_output_discarded(function_names, sink: TextIO | io.TextIOBase | None = None) -> Iterator[None]:
    """The JSON logs and metrics of these (loaded) functions, CloudWatch's in Lambda, are written to
    /dev/null (or to `sink`, which may count them): thousands of lines on the console otherwise.
    Their loggers' streams were bound at import; metrics are print()ed."""
    with contextlib.ExitStack() as stack:
        sink = sink or stack.enter_context(open(os.devnull, "w"))
        stack.enter_context(contextlib.redirect_stdout(sink))
        streams = []
        for function in function_names:
            handler = functions.load_module(function).logger.registered_handler
            streams.append((handler, handler.setStream(sink)))
        try:
            yield
        finally:
            for handler, stream in streams:
                handler.setStream(stream)
