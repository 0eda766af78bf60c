"""Import jobs, the rows each chunk rejected, and the uploaded files (S3)."""

from __future__ import annotations

from datetime import datetime

from rapport.domain.errors import NotFound
from rapport.domain.import_files import Rejected
from rapport.domain.imports import Counts, ImportJob, ImportStatus
from rapport.storage import keys
from rapport.storage.dynamo import Table, Write, to_item
from rapport.storage.item_types import ItemType
from rapport.storage.shapes import import_job as shape

REPORTED_REJECTIONS = 1000  # a chunk keeps no more either: its rejections are one item (400 KB at most)


class Imports:
    def __init__(self, table: Table):
        self._table = table

    def create(self, networker_id: str, job: ImportJob) -> None:
        item = {"pk": keys.networker(networker_id), "sk": keys.import_job(job.import_id), "type": ItemType.IMPORT}
        self._table.transact([({"Put": {"Item": to_item(item | shape.to_item(job))}}, None)])

    def get(self, networker_id: str, import_id: str) -> ImportJob:
        item = self._table.get(keys.networker(networker_id), keys.import_job(import_id))
        if item is None:
            raise NotFound(f"no import {import_id}", "import_id")
        return shape.from_item(item)

    def rejections(self, networker_id: str, import_id: str) -> list[Rejected]:
        """The rows rejected so far, by line, the first REPORTED_REJECTIONS of them."""
        prefix = keys.import_rejections(import_id)
        items = self._table.prefixed(keys.networker(networker_id), prefix)
        found = [row for item in items for row in shape.rejected_of(item)]
        return sorted(found, key=lambda r: r.line)[:REPORTED_REJECTIONS]

    def advance(
        self, networker_id: str, job: ImportJob, processed: int, counts: Counts, rejected: list[Rejected], now: datetime
    ) -> ImportJob | None:
        """Count a chunk once: only if the job is still where the chunk started (a replayed chunk is not
        counted twice). None when it was not."""
        done = processed >= job.rows
        after = job.model_copy(
            update=(job + counts).model_dump()
            | {"processed": processed, "status": ImportStatus.DONE if done else job.status}
            | ({"finished_at": now} if done else {})
        )
        pk = keys.networker(networker_id)
        running_from = {"processed": job.processed, "status": ImportStatus.RUNNING.value}
        update = self._table.set_fields(pk, keys.import_job(job.import_id), shape.to_item(after), when=running_from)
        writes: list[Write] = [(update, NotFound("replayed"))]
        if rejected:
            item = {
                "pk": pk,
                "sk": keys.import_rejected(job.import_id, job.processed),
                "type": ItemType.IMPORT_REJECTED,
            }
            kept = shape.rejected_rows(rejected[:REPORTED_REJECTIONS])
            writes.append(({"Put": {"Item": to_item(item | {"rows": kept})}}, None))
        try:
            self._table.transact(writes)
        except NotFound:
            return None
        return after

    def fail(self, networker_id: str, import_id: str, reason: str, now: datetime) -> None:
        """Stop a running import, saying why; what it imported stays."""
        fields = {"status": ImportStatus.FAILED.value, "failure": reason, "finished_at": now.isoformat()}
        running = {"status": ImportStatus.RUNNING.value}
        update = self._table.set_fields(keys.networker(networker_id), keys.import_job(import_id), fields, when=running)
        try:
            self._table.transact([(update, NotFound("not running"))])
        except NotFound:
            pass

    def resume(self, networker_id: str, import_id: str, first: int) -> bool:
        """Set a failed import running again where it stopped (an operator replaying its chunk): only if
        it failed at `first`. Whether it did."""
        fields = {"status": ImportStatus.RUNNING.value, "failure": None, "finished_at": None}
        failed_at = {"status": ImportStatus.FAILED.value, "processed": first}
        pk, sk = keys.networker(networker_id), keys.import_job(import_id)
        update = self._table.set_fields(pk, sk, fields, when=failed_at)
        try:
            self._table.transact([(update, NotFound("not failed there"))])
        except NotFound:
            return False
        return True


class Files:
    """The uploaded exports, one object per import, private and encrypted (template.yaml)."""

    def __init__(self, client, bucket: str):
        self._s3, self._bucket = client, bucket

    def put(self, networker_id: str, import_id: str, data: bytes, content_type: str) -> None:
        key = keys.import_file(networker_id, import_id)
        self._s3.put_object(Bucket=self._bucket, Key=key, Body=data, ContentType=content_type)

    def get(self, networker_id: str, import_id: str) -> bytes:
        key = keys.import_file(networker_id, import_id)
        return self._s3.get_object(Bucket=self._bucket, Key=key)["Body"].read()
