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

from infra.ops.stack import NotReplayed, Stack
from rapport.adapters.raw_mail import RawMail

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
    def _raw_mail(self) -> RawMail:
        """Where the function reads raw messages: its bucket and prefix, as deployed."""
        environment = self.stack.environment(FUNCTION)
        return RawMail(self.stack.client("s3"), environment["INBOUND_BUCKET"], environment["RAW_MAIL_PREFIX"])

    def _raw_message_kept(self, message_id: str) -> None:
        if not self._raw_mail.kept(message_id):
            raise NotReplayed(f"the raw message {self._raw_mail.location(message_id)} is gone (expired?)")

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
