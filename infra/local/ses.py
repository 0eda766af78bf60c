"""SES email receiving, as the local runtime plays it: which receipt rule takes a recipient, where the
raw message is stored, the event a rule's function gets, and how Lambda invokes it.

A received message goes through each enabled rule of the active rule set (`Stack.receipt_rules`, in
order) that matches at least one of its envelope recipients: the S3 action stores the raw message at
the rule's bucket under `ObjectKeyPrefix + messageId`, then the Lambda action invokes the function
with the receipt event, as documented in the SES developer guide ("Sample incoming email event",
"Contents of notifications for Amazon SES email receiving"):
- `mail.destination` lists the To and Cc addresses of the message's headers, as documented;
  `receipt.recipients` lists the envelope recipients (RCPT TO) this rule matched: a BCC'd address
  is only there;
- `mail.headers` are the message's own headers, unfolded, cut (`headersTruncated`) past 10 KB;
  `commonHeaders` holds those present, `returnPath` being the envelope sender as SES writes it;
- every verdict is PASS: local mail is neither scanned nor authenticated (spam and virus say
  DISABLED when the rule does not scan).
The invocation is asynchronous (`InvocationType: Event`), with the function's EventInvokeConfig
(`Stack.async_configs`): a raised exception is retried `MaximumRetryAttempts` times, then the
invocation record goes to the OnFailure queue. Retries happen at once, without Lambda's one and two
minute waits, so a test sees the outcome when the message is answered.

Knowingly unlike SES: the stored object is the message byte for byte, where SES prepends its own
trace headers (Return-Path, Received, X-SES-*) to it and to the event's headers.
"""

from __future__ import annotations

import json
import logging
import re
import secrets
import string
import time
import traceback
import uuid
from collections.abc import Iterable
from datetime import UTC, datetime
from email.parser import HeaderParser
from email.policy import compat32
from email.utils import format_datetime, formataddr, getaddresses

import boto3

from infra.local.invoker import Invoker
from infra.local.provision import REGION, AsyncConfig, ReceiptRule
from rapport import clock

logger = logging.getLogger(__name__)

MESSAGE_ID_LENGTH = 40  # SES's look like "o3vrnil0e2ic28trm7dfhrc2v0cnbeccl4nbp0g1"
HEADERS_LIMIT_BYTES = 10 * 1024  # past this, SES cuts the headers list and says headersTruncated
_MESSAGE_ID_ALPHABET = string.ascii_lowercase + string.digits
_COMMON_HEADERS = (  # header -> commonHeaders field
    ("from", "from"),
    ("sender", "sender"),
    ("reply-to", "replyTo"),
    ("date", "date"),
    ("to", "to"),
    ("cc", "cc"),
    ("bcc", "bcc"),
    ("message-id", "messageId"),
    ("subject", "subject"),
)
_SINGLE_VALUED = {"date", "messageId", "subject"}


def matches(recipients: Iterable[str], address: str) -> bool:
    """Whether a rule's Recipients take `address`, as SES matches them: an address exactly, a domain
    its addresses (not its subdomains'), a ".domain" its subdomains' addresses; no entry: everyone."""
    recipients = [entry.lower() for entry in recipients]
    if not recipients:
        return True
    address = address.lower()
    domain = address.rpartition("@")[2]
    return any(
        entry == address or entry == domain or (entry.startswith(".") and domain.endswith(entry))
        for entry in recipients
    )


def new_message_id() -> str:
    return "".join(secrets.choice(_MESSAGE_ID_ALPHABET) for _ in range(MESSAGE_ID_LENGTH))


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _header_block(raw: bytes) -> str:
    if raw.startswith((b"\r\n", b"\n")):
        return ""
    end = re.search(rb"\r?\n\r?\n", raw)
    return (raw[: end.start()] if end else raw).decode("utf-8", errors="replace")


def _unfold(value: str) -> str:
    """A header's value on one line (RFC 5322 2.2.3: folding is a line break before white space)."""
    return re.sub(r"\r?\n(?=[ \t])", "", value)


def _pairs(values: list[str]) -> list[tuple[str, str]]:
    """(name, address) pairs of address headers; none when the parser gives up (it recurses per nested
    comment): SES receives such a message all the same, and the function reads it."""
    try:
        return [pair for pair in getaddresses(values) if pair[1]]
    except RecursionError:
        return []


def _formatted(name: str, address: str) -> str:
    """`Name <address>` as formataddr writes it; a UTF-8 address (RFC 6532), which formataddr refuses, as it came."""
    if address.isascii():
        return formataddr((name, address))
    return f"{formataddr((name, '@'))[:-3]}<{address}>" if name else address


def mail_object(raw: bytes, *, message_id: str, mail_from: str, received_at: datetime) -> dict:
    """The event's `mail`: what SES read of the message and its envelope."""
    parsed = HeaderParser(policy=compat32).parsestr(_header_block(raw) + "\n\n", headersonly=True)
    headers, size, truncated = [], 0, False
    for name, value in parsed.items():
        value = _unfold(value)
        size += len(name) + len(value) + 4
        if size > HEADERS_LIMIT_BYTES:
            truncated = True
            break
        headers.append({"name": name, "value": value})
    common: dict[str, object] = {"returnPath": mail_from}  # in the order of SES's example
    for header, field in _COMMON_HEADERS:
        if field == "date":
            common[field] = _unfold(parsed.get("date") or format_datetime(received_at.astimezone(UTC)))
        elif header in parsed:
            values = parsed.get_all(header)
            common[field] = _unfold(values[0]) if field in _SINGLE_VALUED else [_formatted(*p) for p in _pairs(values)]
    destination = [address for _, address in _pairs(parsed.get_all("to", []) + parsed.get_all("cc", []))]
    return {
        "timestamp": iso(received_at),
        "source": mail_from,
        "messageId": message_id,
        "destination": destination,
        "headersTruncated": truncated,
        "headers": headers,
        "commonHeaders": common,
    }


def receipt_event(mail: dict, rule: ReceiptRule, recipients: list[str], processing_ms: int) -> dict:
    """The event SES gives a rule's Lambda action: one record, the `mail` and what this rule did."""
    scanned = "PASS" if rule.scan_enabled else "DISABLED"
    receipt = {
        "timestamp": iso(clock.now()),
        "processingTimeMillis": processing_ms,
        "recipients": recipients,
        "spamVerdict": {"status": scanned},
        "virusVerdict": {"status": scanned},
        "spfVerdict": {"status": "PASS"},
        "dkimVerdict": {"status": "PASS"},
        "dmarcVerdict": {"status": "PASS"},
        "action": {"type": "Lambda", "functionArn": rule.function_arn, "invocationType": rule.invocation_type},
    }
    return {"Records": [{"eventSource": "aws:ses", "eventVersion": "1.0", "ses": {"mail": mail, "receipt": receipt}}]}


class Receiver:
    """SES's receiving side for the active rules: `accepts(address)` at RCPT TO, `receive(...)` once
    the message is in. Runs a message's actions under the invoker's lock, like the pumps, so a save
    never sees a message stored but not yet handed to its function."""

    def __init__(self, rules: list[ReceiptRule], async_configs: dict[str, AsyncConfig], invoker: Invoker) -> None:
        self.rules = [rule for rule in rules if rule.enabled]
        self._async_configs = async_configs
        self._invoker = invoker
        self._s3 = boto3.client("s3", region_name=REGION)
        self._sqs = boto3.client("sqs", region_name=REGION)

    @property
    def accepted(self) -> list[str]:
        """The domains and addresses the rules take mail for (a rule naming none takes every recipient)."""
        return [entry for rule in self.rules for entry in rule.recipients]

    def accepts(self, address: str) -> bool:
        return any(matches(rule.recipients, address) for rule in self.rules)

    def receive(self, raw: bytes, mail_from: str, recipients: list[str]) -> str:
        """Run every matching rule's actions on a received message; its SES message id."""
        started = time.monotonic()
        message_id = new_message_id()
        with self._invoker.lock:
            mail = mail_object(raw, message_id=message_id, mail_from=mail_from, received_at=clock.now())
            for rule in self.rules:
                matched = [address for address in recipients if matches(rule.recipients, address)]
                if not matched:
                    continue
                if rule.bucket is not None:
                    self._s3.put_object(Bucket=rule.bucket, Key=rule.object_key_prefix + message_id, Body=raw)
                if rule.function is not None:
                    event = receipt_event(mail, rule, matched, int((time.monotonic() - started) * 1000))
                    self.invoke_event(rule.function, event)
        logger.info("received message %s from <%s> for %s", message_id, mail_from, ", ".join(recipients))
        return message_id

    def invoke_event(self, function: str, event: dict) -> bool:
        """Invoke `function` asynchronously as Lambda does: retried on an exception, then the invocation
        record sent to the OnFailure queue (or the event dropped, logged, without one). Whether it succeeded."""
        config = self._async_configs.get(function, AsyncConfig(function))
        invocations = config.maximum_retry_attempts + 1
        for attempt in range(1, invocations + 1):
            try:
                self._invoker(function, event)
                return True
            except Exception as error:  # any exception is a function error, as Lambda sees it
                logger.exception(
                    "%s failed on an asynchronous event (attempt %d of %d)", function, attempt, invocations
                )
                failure = error
        record = self._failure_record(function, event, failure, invocations)
        if config.on_failure_queue_url is None:
            logger.error("%s: event dropped after %d attempts (no OnFailure destination)", function, invocations)
        else:
            self._sqs.send_message(QueueUrl=config.on_failure_queue_url, MessageBody=json.dumps(record))
        return False

    def _failure_record(self, function: str, event: dict, error: Exception, invocations: int) -> dict:
        """The invocation record Lambda sends an OnFailure destination once retries are exhausted."""
        request_id = str(uuid.uuid4())
        return {
            "version": "1.0",
            "timestamp": iso(clock.now()),
            "requestContext": {
                "requestId": request_id,
                "functionArn": f"{self._invoker.arn(function)}:$LATEST",
                "condition": "RetriesExhausted",
                "approximateInvokeCount": invocations,
            },
            "requestPayload": event,
            "responseContext": {"statusCode": 200, "executedVersion": "$LATEST", "functionError": "Unhandled"},
            "responsePayload": {
                "errorMessage": str(error),
                "errorType": type(error).__name__,
                "requestId": request_id,
                "stackTrace": traceback.format_tb(error.__traceback__),
            },
        }
