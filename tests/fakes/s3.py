"""An in-memory S3 client: the object calls the adapters make (put, get, head), nothing more.

The real adapters run on it (`RawMail(FakeS3(), bucket, prefix)`, `Files(FakeS3(), bucket)`), so their
key formats are the ones tested; tests/integration/test_fake_table_contract.py checks it against moto.
"""

from __future__ import annotations

import io

from botocore.exceptions import ClientError


class FakeS3:
    def __init__(self):
        self.objects: dict[tuple[str, str], bytes] = {}  # (bucket, key) -> body

    def put_object(self, *, Bucket: str, Key: str, Body: bytes, **options) -> dict:
        self.objects[Bucket, Key] = Body.encode() if isinstance(Body, str) else bytes(Body)
        return {}

    def get_object(self, *, Bucket: str, Key: str) -> dict:
        body = self._body(Bucket, Key, "GetObject", "NoSuchKey")
        return {"Body": io.BytesIO(body), "ContentLength": len(body)}

    def head_object(self, *, Bucket: str, Key: str) -> dict:
        return {"ContentLength": len(self._body(Bucket, Key, "HeadObject", "404"))}

    def _body(self, bucket: str, key: str, operation: str, code: str) -> bytes:
        if (bucket, key) not in self.objects:  # the codes S3 answers: HEAD has no body to name it
            raise ClientError({"Error": {"Code": code, "Message": "Not Found"}}, operation)
        return self.objects[bucket, key]
