"""InboundDeadLetters: the records Lambda sends once asynchronous invocations of inbound_email are
given up (after its retries, or too old). Each holds the original SES event as `requestPayload`:

    {"version": "1.0", "timestamp": ..., "requestContext": {"requestId", "functionArn",
     "condition": "RetriesExhausted" | "EventAgeExceeded", "approximateInvokeCount"},
     "requestPayload": <the SES event>, "responseContext": {...}, "responsePayload": {...}}

The event names the raw message (`mail.messageId`), which SES stored in InboundMailBucket and which the
function reads. The replay invokes the function again with that same event, synchronously so that its
answer says whether it worked. A message already logged is not logged twice (its Message-ID is marked).
A raw message expired from the bucket cannot be read again: the record is kept and reported.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property

from botocore.exceptions import ClientError

from infra.ops.stack import NotReplayed, Stack

FUNCTION = "InboundEmailFunction"


@dataclass
class InboundMail:
    stack: Stack

    def describe(self, message: dict) -> str:
        record = self._record(message)
        condition = record.get("requestContext", {}).get("condition", "?")
        return f"SES message {self._message_id(record)} ({condition})"

    def replay(self, message: dict) -> str:
        record = self._record(message)
        self._raw_message_kept(self._message_id(record))
        self.stack.invoke(FUNCTION, record["requestPayload"])
        return f"{FUNCTION} ran again on it"

    @cached_property
    def _raw_mail(self) -> tuple[str, str]:
        """Where the function reads raw messages: its bucket and prefix, as deployed."""
        environment = self.stack.environment(FUNCTION)
        return environment["INBOUND_BUCKET"], environment["RAW_MAIL_PREFIX"]

    def _raw_message_kept(self, message_id: str) -> None:
        bucket, prefix = self._raw_mail
        key = prefix + message_id
        try:
            self.stack.client("s3").head_object(Bucket=bucket, Key=key)
        except ClientError as error:
            if error.response["Error"]["Code"] in ("404", "NoSuchKey", "NotFound"):
                raise NotReplayed(f"the raw message s3://{bucket}/{key} is gone (expired?)") from None
            raise

    @staticmethod
    def _record(message: dict) -> dict:
        try:
            record = json.loads(message["Body"])
            record["requestPayload"]["Records"][0]["ses"]["mail"]["messageId"]
        except (ValueError, KeyError, IndexError, TypeError):
            raise NotReplayed("not an invocation record holding an SES event") from None
        return record

    @staticmethod
    def _message_id(record: dict) -> str:
        return record["requestPayload"]["Records"][0]["ses"]["mail"]["messageId"]
