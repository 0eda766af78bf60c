"""A deleted account's files in the buckets: each folder of theirs (`AccountDeletionSettings.folders`) and the raw
mail kept for them (found from their items)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

DELETE_MOST = 1000  # DeleteObjects' most


class FileEraser:
    def __init__(self, s3: Any, folders: Callable[[str], list[tuple[str, str]]], raw_mail_bucket: str) -> None:
        self._s3, self._folders, self._raw_mail_bucket = s3, folders, raw_mail_bucket

    def forget(self, networker_id: str, raw_messages: list[str]) -> int:
        """Delete their folders and their raw mail (`s3://bucket/key`, in the raw mail bucket only); how many
        objects (those already gone are no error)."""
        deleted = 0
        for bucket, prefix in self._folders(networker_id):
            for page in self._s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
                deleted += self._delete(bucket, [item["Key"] for item in page.get("Contents", [])])
        raw = [location.removeprefix("s3://").split("/", 1) for location in raw_messages]
        deleted += self._delete(self._raw_mail_bucket, [key for bucket, key in raw if bucket == self._raw_mail_bucket])
        return deleted

    def _delete(self, bucket: str, keys: list[str]) -> int:
        for start in range(0, len(keys), DELETE_MOST):
            objects = [{"Key": key} for key in keys[start : start + DELETE_MOST]]
            self._s3.delete_objects(Bucket=bucket, Delete={"Objects": objects, "Quiet": True})
        return len(keys)
