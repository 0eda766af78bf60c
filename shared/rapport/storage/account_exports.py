"""Account exports: the job, the one under way, every item of a networker (read for their zip), and the
zips themselves (S3)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

from rapport.domain.account_exports import AccountExport, ExportStatus
from rapport.domain.contact import Contact
from rapport.domain.errors import Conflict, NotFound
from rapport.domain.profile import Profile
from rapport.storage import keys
from rapport.storage.accounts import Accounts, Holdings
from rapport.storage.dynamo import Table, Write, to_item
from rapport.storage.item_types import ItemType
from rapport.storage.shapes import account_export as shape
from rapport.storage.shapes import contact as contact_shape

# Never exported: the key signing the networker's email links, and the set of their calendars' address hashes
# (it guards against adding one twice); nor their idempotency records (`Holdings` keeps them apart).
NOT_EXPORTED = {ItemType.ACTION_KEY, ItemType.CALENDAR_SET}
# Fields left out of the items exported: a calendar's address, even sealed or hashed (its mask says which it is).
WITHHELD: dict[str, tuple[str, ...]] = {ItemType.CALENDAR: ("url_encrypted", "url_fingerprint")}
GET_AT_ONCE = 100  # BatchGetItem's most
# The longest an export can hold the place: three tries of the function (15 minutes each) with the queue's
# visibility timeout between them. A place held longer was lost (a crash before the last try could fail it).
HELD_AT_MOST = timedelta(hours=6)


class AccountExports:
    def __init__(self, table: Table):
        self._table = table

    def start(self, networker_id: str, job: AccountExport, now: datetime) -> AccountExport:
        """Write the job and take the networker's one place for a running export; when another export
        holds it, that export (nothing written)."""
        pk = keys.networker(networker_id)
        item = {"pk": pk, "sk": keys.account_export(job.export_id), "type": ItemType.ACCOUNT_EXPORT}
        place = {"pk": pk, "sk": keys.EXPORT_RUNNING, "type": ItemType.EXPORT_RUNNING, "export_id": job.export_id}
        place |= {"until": (now + HELD_AT_MOST).isoformat()}
        take = {
            "Item": to_item(place),
            "ConditionExpression": "attribute_not_exists(pk) OR #until < :now",
            "ExpressionAttributeNames": {"#until": "until"},
            "ExpressionAttributeValues": to_item({":now": now.isoformat()}),
        }
        try:
            self._table.transact(
                [({"Put": {"Item": to_item(item | shape.to_item(job))}}, None), ({"Put": take}, Conflict("running"))]
            )
        except Conflict:
            held = self._table.get(pk, keys.EXPORT_RUNNING)
            if held is None:
                raise Conflict("an export finished just as you asked: ask again") from None
            return self.get(networker_id, held["export_id"])
        return job

    def get(self, networker_id: str, export_id: str) -> AccountExport:
        item = self._table.get(keys.networker(networker_id), keys.account_export(export_id))
        if item is None:
            raise NotFound(f"no export {export_id}", "export_id")
        return shape.from_item(item)

    def progress(self, networker_id: str, export_id: str, items_written: int) -> None:
        self._update(networker_id, export_id, {"items_written": items_written})

    def finish(self, networker_id: str, export_id: str, items_written: int, size: int, now: datetime) -> bool:
        """The zip is written: the job is done and the place free. False if it was not running any more, or
        if the account is being deleted (or deleted) by now."""
        fields = {"status": ExportStatus.DONE.value, "items_written": items_written, "size": size}
        live = {
            "Key": to_item({"pk": keys.networker(networker_id), "sk": keys.PROFILE}),
            "ConditionExpression": "attribute_exists(pk) AND attribute_not_exists(deleting_since)",
        }
        return self._end(networker_id, export_id, fields | {"finished_at": now.isoformat()}, {"ConditionCheck": live})

    def fail(self, networker_id: str, export_id: str, reason: str, now: datetime) -> bool:
        fields = {"status": ExportStatus.FAILED.value, "failure": reason, "finished_at": now.isoformat()}
        return self._end(networker_id, export_id, fields)

    def _end(self, networker_id: str, export_id: str, fields: dict, condition: dict | None = None) -> bool:
        if not self._update(networker_id, export_id, fields, condition):
            return False
        free = {
            "Key": to_item({"pk": keys.networker(networker_id), "sk": keys.EXPORT_RUNNING}),
            "ConditionExpression": "export_id = :mine",
            "ExpressionAttributeValues": to_item({":mine": export_id}),
        }
        try:
            self._table.transact([({"Delete": free}, NotFound("held by another"))])
        except NotFound:
            pass  # lost and taken by a later export since (HELD_AT_MOST)
        return True

    def _update(self, networker_id: str, export_id: str, fields: dict, condition: dict | None = None) -> bool:
        """Set these fields of a running job (and `condition`, a ConditionCheck, holds); False if not."""
        running = {"status": ExportStatus.RUNNING.value}
        pk, sk = keys.networker(networker_id), keys.account_export(export_id)
        writes: list[Write] = [(self._table.set_fields(pk, sk, fields, when=running), NotFound("not running"))]
        writes += [(condition, NotFound("the account is going away"))] if condition else []
        try:
            self._table.transact(writes)
        except NotFound:
            return False
        return True

    def items(self, profile: Profile) -> Iterator[dict]:
        """Every item of the networker, as stored (keys and type included): what `Accounts.holdings` finds, the
        ONE list of where their data lies, but `NOT_EXPORTED` and their idempotency records. Their partition
        page by page, then the rest by key, `GET_AT_ONCE` at a time: never all in memory."""
        found = Holdings()
        for item in Accounts(self._table).read(profile, found):
            kind = str(item.get("type", ""))
            if kind not in NOT_EXPORTED:
                withheld = WITHHELD.get(kind, ())
                yield {name: value for name, value in item.items() if name not in withheld} if withheld else item
        rest = [*found.touches, *found.outside, *found.claims]
        for start in range(0, len(rest), GET_AT_ONCE):
            yield from self._table.get_many(rest[start : start + GET_AT_ONCE])


def contact_of(item: dict) -> Contact:
    """A contact item, as `items` yields it, as the domain's contact (for the vCard file)."""
    return contact_shape.from_item(item)


class Archives:
    """The export zips, one object per export, private and encrypted, expiring (template.yaml)."""

    def __init__(self, client, bucket: str):
        self._s3, self._bucket = client, bucket  # a boto3 S3 client signing with SigV4 (SSE-KMS objects)

    def upload(self, networker_id: str, export_id: str, path: Path) -> None:
        """From a file on disk, in parts when large: the zip is never whole in memory."""
        key = keys.export_archive(networker_id, export_id)
        self._s3.upload_file(str(path), self._bucket, key, ExtraArgs={"ContentType": "application/zip"})

    def delete(self, networker_id: str, export_id: str) -> None:
        """The export's zip gone (no error if it was not there)."""
        self._s3.delete_object(Bucket=self._bucket, Key=keys.export_archive(networker_id, export_id))

    def download_url(self, networker_id: str, export_id: str, lifetime: timedelta) -> str:
        params = {"Bucket": self._bucket, "Key": keys.export_archive(networker_id, export_id)}
        params |= {"ResponseContentDisposition": f'attachment; filename="rapport-{export_id}.zip"'}
        return str(
            self._s3.generate_presigned_url("get_object", Params=params, ExpiresIn=int(lifetime.total_seconds()))
        )
