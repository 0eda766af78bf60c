"""The raw-mail store: SES keeps each inbound message in a bucket, under the receipt rule's prefix,
named by its SES message id (template.yaml: InboundMailBucket, ObjectKeyPrefix and RAW_MAIL_PREFIX).
The one place that builds that key: the inbound_email function reads there, operators check there
before a replay (infra/ops/inbound.py)."""

from __future__ import annotations

from typing import Any

from botocore.exceptions import ClientError

_ABSENT = {"404", "NoSuchKey", "NotFound"}


class RawMail:
    def __init__(self, s3: Any, bucket: str, prefix: str) -> None:  # a boto3 S3 client
        self._s3, self.bucket, self.prefix = s3, bucket, prefix

    def key(self, ses_message_id: str) -> str:
        return f"{self.prefix}{ses_message_id}"

    def location(self, ses_message_id: str) -> str:
        """s3://bucket/key, as touches and quarantine entries name their raw message."""
        return f"s3://{self.bucket}/{self.key(ses_message_id)}"

    def read(self, ses_message_id: str) -> bytes:
        body: bytes = self._s3.get_object(Bucket=self.bucket, Key=self.key(ses_message_id))["Body"].read()
        return body

    def kept(self, ses_message_id: str) -> bool:
        """False once the message expired from the bucket (or never was there)."""
        try:
            self._s3.head_object(Bucket=self.bucket, Key=self.key(ses_message_id))
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in _ABSENT:
                return False
            raise
        return True

    def kept_copy(self, location: str) -> tuple[str, bytes] | None:
        """(SES message id, the message) of a raw mail at `location` (s3://bucket/key, as items name it),
        while it is kept; None once it expired, or when the location is not one of this store's."""
        bucket, _, key = location.removeprefix("s3://").partition("/")
        if not location.startswith("s3://") or bucket != self.bucket or not key.startswith(self.prefix):
            return None
        ses_message_id = key.removeprefix(self.prefix)
        try:
            return ses_message_id, self.read(ses_message_id)
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in _ABSENT:
                return None
            raise
