"""Recomputing from state what on_change derives, for every networker: the fallback for stream records
out of the stream, which no longer say which items they held. Each refresh is the reaction's own
service, which writes nothing when nothing changed, so sweeping what was right costs reads only.

Reached (what a lost record can leave stale): every contact's stage, last touch, follow-up date and
help balance; every profile's digest and review schedules; every meeting's brief schedule; every
running import's next chunk (sent again: a chunk already taken is skipped).
Not reached: a deleted contact's cascade (its touches, links and campaigns), greetings campaign counts
and help opportunities, and links or codes to send (the networker asks again). One Scan of the table,
filtered by item type: a maintenance tool's read.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cache

from infra.ops.stack import Stack
from rapport import clock
from rapport.adapters.scheduler import EventBridgeScheduler
from rapport.services import followups, schedules
from rapport.services.imports import ChunkRequest
from rapport.storage import Store, keys
from rapport.storage.item_types import ItemType

SWEPT_TYPES = (ItemType.PROFILE, ItemType.CONTACT, ItemType.MEETING, ItemType.IMPORT)


@dataclass
class Sweep:
    stack: Stack

    def run(self) -> str:
        environment = self.stack.environment("OnChangeFunction")  # what the reaction itself uses
        store = Store(self.stack.client("dynamodb"), environment["TABLE_NAME"])
        scheduler = EventBridgeScheduler(
            self.stack.client("scheduler"),
            environment["DIGEST_SCHEDULE_GROUP"],
            environment["DELIVERY_QUEUE_ARN"],
            environment["SCHEDULER_ROLE_ARN"],
            environment["DELIVERY_DEAD_LETTERS_ARN"],
        )

        @cache
        def zone(networker_id: str) -> str:
            profile = store.profiles.get(networker_id)
            return profile.timezone if profile else "UTC"

        done: Counter[str] = Counter()
        for item in self._items(environment["TABLE_NAME"]):
            networker_id = keys.networker_id_of(item["pk"])
            if networker_id is None:
                continue
            if item["type"] == ItemType.PROFILE:
                schedules.follow_profile(store, scheduler, networker_id)
                done["profiles"] += 1
            elif item["type"] == ItemType.CONTACT:
                changed = followups.refresh(store, networker_id, item["contact_id"], zone(networker_id))
                done["contacts changed"] += changed
                done["contacts"] += 1
            elif item["type"] == ItemType.MEETING:
                schedules.follow_meeting(store, scheduler, networker_id, item["meeting_id"], clock.now())
                done["meetings"] += 1
            elif item.get("status") == "running":
                chunk = ChunkRequest(networker_id=networker_id, import_id=item["import_id"], first=item["processed"])
                self.stack.client("sqs").send_message(
                    QueueUrl=environment["IMPORT_QUEUE_URL"], MessageBody=chunk.model_dump_json()
                )
                done["running imports"] += 1
        return ", ".join(f"{count} {what}" for what, count in sorted(done.items())) or "nothing to recompute"

    def _items(self, table: str):
        """The swept items' keys and ids, plain values, page by page."""
        projected = ("pk", "type", "contact_id", "meeting_id", "import_id", "status", "processed")
        names = {f"#p{i}": name for i, name in enumerate(projected)}  # some are reserved words
        values = {f":t{i}": {"S": kind} for i, kind in enumerate(SWEPT_TYPES)}
        pages = (
            self.stack.client("dynamodb")
            .get_paginator("scan")
            .paginate(
                TableName=table,
                FilterExpression=f"#p1 IN ({', '.join(values)})",
                ProjectionExpression=", ".join(names),
                ExpressionAttributeNames=names,
                ExpressionAttributeValues=values,
            )
        )
        for page in pages:
            for item in page["Items"]:
                yield {name: _plain(value) for name, value in item.items()}


def _plain(value: dict) -> object:
    ((kind, content),) = value.items()
    return int(content) if kind == "N" else content
