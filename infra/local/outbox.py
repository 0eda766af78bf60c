"""Every email and SMS Rapport sends locally, oldest first, as a person would read them.

moto keeps what it sends but nothing says when: SES appends each message to its backend's
`sent_messages` (SendEmail, SendRawEmail, SendTemplatedEmail, and SES v2's SendEmail, which uses
the same backend) and SNS keeps each SMS (Publish to a PhoneNumber) in its backend's `sms_messages`.
The outbox watches those two containers: each send is recorded the moment moto stores it, with the
runtime's clock, and announced as one line (time, channel, recipient, subject or first line).

An item is `{"channel": "email"|"sms", "recipient", "subject" (None for an SMS), "text", "time"}`:
`text` is the plain text a person reads (for a MIME message, its text/plain part decoded; for an
HTML-only body, the HTML's text). moto forgets its sends at a restart; the outbox is saved with the
state and put back (`export`/`restore`).
"""

from __future__ import annotations

import email
import email.message
import email.policy
import logging
import re
import threading
from collections import OrderedDict
from collections.abc import Callable
from datetime import UTC
from email.utils import getaddresses
from html.parser import HTMLParser

from moto.ses.models import Message, RawMessage, TemplateMessage, ses_backends
from moto.sns.models import sns_backends

from rapport import clock

logger = logging.getLogger(__name__)

_TAG = re.compile(r"<[a-zA-Z!/][^>]*>")


class _Text(HTMLParser):
    """The text of an HTML body: blocks on their own lines, scripts and styles left out."""

    _BLOCKS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "title"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in ("script", "style", "head"):
            self._skip += 1
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "head"):
            self._skip = max(0, self._skip - 1)
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)

    def text(self) -> str:
        lines = (" ".join(line.split()) for line in "".join(self.parts).splitlines())
        return "\n".join(line for line in lines if line)


def html_to_text(markup: str) -> str:
    parser = _Text()
    parser.feed(markup)
    parser.close()
    return parser.text()


def _plain(body: str) -> str:
    return html_to_text(body) if _TAG.search(body) else body


def _addresses(values: list[str]) -> str:
    seen: list[str] = []
    for _, address in getaddresses(values):
        if address and address not in seen:
            seen.append(address)
    return ", ".join(seen)


def _parse(raw: str) -> email.message.EmailMessage:
    """moto keeps the raw message as text decoded from UTF-8: back to its bytes for an 8bit body."""
    return email.message_from_bytes(raw.encode("utf-8", errors="surrogateescape"), policy=email.policy.default)


def _mime_text(raw: str) -> tuple[str | None, str]:
    """Subject and plain text of a MIME message: its text/plain part, else its HTML's text."""
    message = _parse(raw)
    subject = message["Subject"]
    body = message.get_body(preferencelist=("plain", "html"))
    if body is None:
        return (str(subject) if subject is not None else None), ""
    content = body.get_content()
    if isinstance(content, bytes):
        content = content.decode(body.get_content_charset() or "utf-8", errors="replace")
    if body.get_content_subtype() == "html":
        content = html_to_text(content)
    return (str(subject) if subject is not None else None), content.strip()


def email_item(message: object) -> dict:
    """What a person reads in one message SES sent (as moto stores it)."""
    if isinstance(message, RawMessage):
        subject, text = _mime_text(message.raw_data)
        parsed = _parse(message.raw_data)
        headers = [str(parsed[name]) for name in ("To", "Cc", "Bcc") if parsed[name] is not None]
        recipient = _addresses(list(message.destinations) + headers)
        return {"channel": "email", "recipient": recipient, "subject": subject, "text": text}
    destinations = message.destinations if isinstance(message.destinations, dict) else {}
    kinds = ("ToAddresses", "CcAddresses", "BccAddresses")
    recipient = _addresses([address for kind in kinds for address in destinations.get(kind, [])])
    if isinstance(message, Message):
        return {"channel": "email", "recipient": recipient, "subject": message.subject, "text": _plain(message.body)}
    if isinstance(message, TemplateMessage):
        text = f"(template {message.template} with {message.template_data})"
        return {"channel": "email", "recipient": recipient, "subject": f"(template {message.template})", "text": text}
    return {"channel": "email", "recipient": recipient, "subject": None, "text": repr(message)}


def line(item: dict) -> str:
    """One console line for a send: time, channel, recipient, subject or first line."""
    about = item["subject"] if item["subject"] else (item["text"].splitlines() or [""])[0]
    return f"outbox {item['time']} {item['channel']:<5} to {item['recipient']}: {about}"


class _SentMessages(list):
    """moto's SES `sent_messages`, telling the outbox of each append."""

    def __init__(self, existing: list, on_send: Callable[[object], None]) -> None:
        super().__init__(existing)
        self._on_send = on_send

    def append(self, message: object) -> None:
        super().append(message)
        self._on_send(message)


class _SmsMessages(OrderedDict):
    """moto's SNS `sms_messages`, telling the outbox of each SMS."""

    def __init__(self, existing: dict, on_send: Callable[[str, str], None]) -> None:
        super().__init__(existing)
        self._on_send = on_send

    def __setitem__(self, message_id: str, value: tuple[str, str]) -> None:
        super().__setitem__(message_id, value)
        self._on_send(*value)


class Outbox:
    """Records every email and SMS sent through moto in this account and region."""

    def __init__(self, account_id: str, region: str, announce: Callable[[str], None] | None = None) -> None:
        self._items: list[dict] = []
        self._lock = threading.Lock()
        self._announce = announce
        ses = ses_backends[account_id][region]
        sns = sns_backends[account_id][region]
        ses.sent_messages = _SentMessages(ses.sent_messages, self._on_email)
        sns.sms_messages = _SmsMessages(sns.sms_messages, self._on_sms)

    @property
    def items(self) -> list[dict]:
        with self._lock:
            return [dict(item) for item in self._items]

    def export(self) -> list[dict]:
        return self.items

    def restore(self, items: list[dict]) -> None:
        with self._lock:
            self._items[:0] = [dict(item) for item in items]

    def _on_email(self, message: object) -> None:
        try:
            item = email_item(message)
        except Exception:  # a message the outbox cannot read must not fail the send
            logger.exception("the outbox could not read an email SES sent")
            item = {"channel": "email", "recipient": "?", "subject": None, "text": repr(message)}
        self._record(item)

    def _on_sms(self, phone_number: str, text: str) -> None:
        self._record({"channel": "sms", "recipient": phone_number, "subject": None, "text": text})

    def _record(self, item: dict) -> None:
        item["time"] = clock.now().astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        with self._lock:
            self._items.append(item)
        if self._announce is not None:
            self._announce(line(item))
        else:
            logger.info("%s", line(item))
