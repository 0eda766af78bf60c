"""A networker's whole account in the table, for `DELETE /me`: every item of theirs, found without a scan.

Their profile and their own partition `NW#<id>` tell where the rest is (`Accounts.holdings`, the ONE list
of where a networker's data lies: an item added outside the networker's partitions must be findable from
their own items and be added there): the touch logs (each interaction names its markers, one per
participant, written and deleted with it in one transaction: no Query per contact), the idempotency
partition of their requests, and their items in the shared partitions (inbound address, calendar feed,
phone claim, address confirmations, the senders' and the texts' idempotency records, unrouted
mail). Deleting is idempotent, step by step: what tells where something is goes last.

Left to their TTL: the limits on codes texted to a number and wrong codes typed for it (`PH#<number>`
`LIMIT#*`). They protect the number from code-texting abuse whoever asks, so deleting them with an account
would let creating and deleting accounts reset them; they hold the number and the moments of the attempts
only, and expire a day after the last code texted (an hour after the last wrong code).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from botocore.exceptions import ClientError

from rapport.domain.profile import Profile
from rapport.storage import keys
from rapport.storage.dynamo import Table, code_of, from_item, to_item
from rapport.storage.item_types import ItemType
from rapport.storage.profiles import shared_keys
from rapport.storage.sends import SendKey
from rapport.storage.shapes import profile as shape

Key = tuple[str, str]
BATCH = 25  # BatchWriteItem's most
# A deleted account's tombstone outlives every token issued before: access tokens live 1 hour (template.yaml),
# and the user is gone, so no token is issued after. TTL deletes it within days of expiry.
TOMBSTONE_KEPT = timedelta(days=2)
# What `holdings` reads of each item: its key, and what names the networker's data elsewhere.
_READ = (
    "pk",
    "sk",
    "type",
    "interaction_id",
    "occurred_at",
    "contact_ids",
    "meeting_id",
    "raw_message",
    "token",
)


@dataclass
class Holdings:
    """What a networker's own partition says about all their data."""

    own: list[Key] = field(default_factory=list)  # the items of `NW#<id>`, the profile excepted
    touches: list[Key] = field(default_factory=list)  # in each contact's touch log: each interaction's markers
    partitions: list[str] = field(default_factory=list)  # their other partitions: their requests' idempotency
    outside: list[Key] = field(default_factory=list)  # their items in shared partitions
    idempotency: list[Key] = field(default_factory=list)  # their records in the shared idempotency partitions
    claims: list[Key] = field(default_factory=list)  # shared items that are theirs only while they hold them
    raw_messages: list[str] = field(default_factory=list)  # s3:// locations of the mail kept for them
    meeting_ids: list[str] = field(default_factory=list)  # each has its brief's schedule


class Accounts:
    def __init__(self, table: Table):
        self._table = table

    def mark_deleting(self, networker_id: str, now: datetime) -> Profile | None:
        """The profile marked as being deleted (kept if it was already); None once it is gone. The version moves,
        so that an edit read before fails rather than writes the mark away."""
        update = {
            "TableName": self._table.name,
            "Key": to_item({"pk": keys.networker(networker_id), "sk": keys.PROFILE}),
            "UpdateExpression": "SET deleting_since = if_not_exists(deleting_since, :now), version = version + :one",
            "ConditionExpression": "attribute_exists(pk)",
            "ExpressionAttributeValues": to_item({":now": now.isoformat(), ":one": 1}),
            "ReturnValues": "ALL_NEW",
        }
        try:
            item = self._table.client.update_item(**update)["Attributes"]
        except ClientError as error:
            if code_of(error) == "ConditionalCheckFailedException":
                return None
            raise
        return shape.from_item(from_item(item))

    def holdings(self, profile: Profile) -> Holdings:
        """Everything of the networker's that the profile and their own partition lead to (see the module)."""
        found = Holdings()
        for _ in self.read(profile, found, whole=False):
            pass
        return found

    def read(self, profile: Profile, found: Holdings, *, whole: bool = True) -> Iterator[dict]:
        """The items of the networker's partition as they are read, page by page (whole, or only what `holdings`
        needs of them), while `found` gathers where the rest lies: complete once the last is read. The account
        export reads the same, whole, then the rest by key."""
        networker_id = profile.networker_id
        found.partitions.append(keys.idempotent_requests(networker_id))
        found.claims += shared_keys(profile)  # inbound address, calendar feed, phone
        projection = {
            "ProjectionExpression": ", ".join(f"#{name}" for name in _READ),
            "ExpressionAttributeNames": {f"#{name}": name for name in _READ},
        }
        for item in self._table.query_all(
            KeyConditionExpression="pk = :pk",
            ExpressionAttributeValues=to_item({":pk": keys.networker(networker_id)}),
            **({} if whole else projection),
        ):
            yield item
            if item["sk"] == keys.PROFILE:
                continue
            found.own.append((item["pk"], item["sk"]))
            kind = item.get("type")
            if kind == ItemType.INTERACTION:
                touch = keys.touch(datetime.fromisoformat(item["occurred_at"]), item["interaction_id"])
                found.touches += [(keys.touch_log(networker_id, c), touch) for c in item["contact_ids"]]
            elif kind == ItemType.MEETING:
                found.meeting_ids.append(item["meeting_id"])
            elif kind in (ItemType.INBOUND_MESSAGE, ItemType.QUARANTINED) and item.get("raw_message"):
                found.raw_messages.append(item["raw_message"])
            elif kind == ItemType.CONFIRMATION_SENT:
                found.outside.append((keys.email_confirmation(item["token"]), keys.CONFIRMATION))
            elif kind == ItemType.SEND:
                found.idempotency += _send_idempotency(networker_id, item["sk"])
        found.idempotency += self._texts_acted_on(networker_id)
        unrouted = self._unrouted_to(profile.inbound_token)
        found.outside += [(item["pk"], item["sk"]) for item in unrouted]
        found.raw_messages += [item["raw_message"] for item in unrouted if item.get("raw_message")]

    def delete(self, keys_: Iterable[Key]) -> int:
        """Delete these items (absent ones are no error), `BATCH` at a time."""
        count, batch = 0, []
        for pk, sk in keys_:
            batch.append((pk, sk))
            if len(batch) == BATCH:
                count += self._delete_batch(batch)
                batch = []
        return count + (self._delete_batch(batch) if batch else 0)

    def partition_keys(self, pk: str) -> Iterator[Key]:
        query = {"KeyConditionExpression": "pk = :pk", "ExpressionAttributeValues": to_item({":pk": pk})}
        return ((item["pk"], item["sk"]) for item in self._table.query_all(**query, ProjectionExpression="pk, sk"))

    def release(self, networker_id: str, claims: Iterable[Key]) -> int:
        """Delete the shared claims that are still this networker's (a number verified by another since is not)."""
        count = 0
        for pk, sk in claims:
            try:
                self._table.client.delete_item(
                    TableName=self._table.name,
                    Key=to_item({"pk": pk, "sk": sk}),
                    ConditionExpression="networker_id = :me",
                    ExpressionAttributeValues=to_item({":me": networker_id}),
                )
                count += 1
            except ClientError as error:
                if code_of(error) != "ConditionalCheckFailedException":
                    raise
        return count

    def delete_profile(self, networker_id: str, now: datetime) -> None:
        """Last: until it goes, the mark on it keeps the account gone for everyone; then the tombstone does,
        as long as a token issued before may be used (`profiles.current`)."""
        profile = {"Key": to_item({"pk": keys.networker(networker_id), "sk": keys.PROFILE})}
        expiration = int((now + TOMBSTONE_KEPT).timestamp())  # the table's TTL attribute
        tombstone = {"pk": keys.gone(networker_id), "sk": keys.GONE, "type": ItemType.GONE, "expiration": expiration}
        self._table.transact([({"Delete": profile}, None), ({"Put": {"Item": to_item(tombstone)}}, None)])

    def deleted(self, networker_id: str) -> bool:
        """The account was deleted (within `TOMBSTONE_KEPT`)."""
        return self._table.get(keys.gone(networker_id), keys.GONE) is not None

    def _delete_batch(self, batch: list[Key]) -> int:
        requests = [{"DeleteRequest": {"Key": to_item({"pk": pk, "sk": sk})}} for pk, sk in batch]
        pending = {self._table.name: requests}
        while pending:
            response = self._table.client.batch_write_item(RequestItems=pending)
            pending = response.get("UnprocessedItems") or {}
        return len(batch)

    def _texts_acted_on(self, networker_id: str) -> list[Key]:
        """The inbound texts' idempotency records whose outcome names the networker (kept 3 days): one
        partition read, filtered."""
        found = self._table.query_all(
            KeyConditionExpression="pk = :pk",
            FilterExpression="contains(#data, :me)",
            ExpressionAttributeNames={"#data": "data"},
            ExpressionAttributeValues=to_item({":pk": keys.IDEMPOTENCY_TEXTS, ":me": networker_id}),
            ProjectionExpression="pk, sk",
        )
        return [(item["pk"], item["sk"]) for item in found]

    def _unrouted_to(self, token: str | None) -> list[dict]:
        """Mail to their inbound address that found nobody (it came while the address was being deleted)."""
        if not token:
            return []
        items = self._table.query_all(
            KeyConditionExpression="pk = :pk", ExpressionAttributeValues=to_item({":pk": keys.UNROUTED})
        )
        return [item for item in items if any(token in address for address in item.get("recipients", []))]


def _send_idempotency(networker_id: str, send_sort_key: str) -> list[Key]:
    """The senders' idempotency records of one send (adapters/senders.py), by email and by text whichever it was."""
    local_date, channel, kind = send_sort_key.removeprefix(keys.SEND_PREFIX).split("#", 2)
    send = SendKey(networker_id=networker_id, local_date=local_date, channel=channel, kind=kind).model_dump()
    return [
        (keys.IDEMPOTENCY_SENDS, keys.sent_once(prefix, send)) for prefix in (keys.SENT_EMAIL_ONCE, keys.SENT_SMS_ONCE)
    ]
