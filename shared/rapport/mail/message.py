"""Read an inbound email (raw bytes, as SES stores it) into what is needed to log a touch.

Stdlib `email` with the modern policy; any charset and encoded header. Attachments' payloads are never
decoded (only text and calendar parts are, and at most 1 MB of calendars is parsed), so a 40 MB message of
attachments costs about its size once. Pure and total: anything unusable becomes a `problems` entry, never
an exception (the inbound function would retry forever).
"""

from __future__ import annotations

import email
import email.parser
import email.policy
import email.utils
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import EmailMessage, Message
from typing import Any, Literal, TypeVar

from rapport.mail.author import read_author
from rapport.mail.forwards import Address, Forward, forwarded_subject
from rapport.mail.invitation import Invitation, find_invitation
from rapport.mail.summary import leaf_parts, message_text, new_text, shorten, split_forward

logger = logging.getLogger(__name__)

__all__ = ["InboundMessage", "read_message"]

Mode = Literal["forward", "bcc", "unknown_sender"]
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class InboundMessage:
    """An inbound email as read.

    `mode`: "forward" (the networker forwarded a message: `original` is it), "bcc" (the networker wrote to
    contacts and BCC'd Rapport), "unknown_sender" (From is not one of the networker's addresses: the caller
    quarantines it). `sender` is the author, read strictly from the From header (`read_author`); when the
    header leaves in doubt who that is, `sender` is None and `sender_doubt` says why. `participants` are
    the people to log the touch against (the original's sender, To and Cc for a forward; To and Cc; for an
    unknown sender, its From too), never the networker nor the inbound address.
    `occurred_at` is the original's date for a forward (an inline forward's date, written without
    a zone, taken in the zone of the message's Date; the message's Date when the original has none), else
    the Date; always aware.
    `subject` is the subject to log (the original's, without "Fwd:"-like prefixes, for a forward);
    `header_subject` is the message's own. `invitation` is the meeting a calendar request attached to the
    message plans (not one inside an attached message), None for none or an all-day one.
    """

    mode: Mode
    message_id: str | None = None
    sender: Address | None = None
    sender_doubt: str | None = None
    to: list[Address] = field(default_factory=list)
    cc: list[Address] = field(default_factory=list)
    date: datetime | None = None
    header_subject: str | None = None
    subject: str | None = None
    automated: bool = False
    text: str = ""
    original: Forward | None = None
    participants: list[Address] = field(default_factory=list)
    direction: Literal["inbound", "outbound"] = "inbound"
    occurred_at: datetime | None = None
    summary: str = ""
    invitation: Invitation | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def unreadable(self) -> list[str]:
        """The problems that leave who was involved, or what was said, in doubt: such a message must not
        be logged as it reads (the others, an unreadable Date say, are noted and the message read anyway)."""
        return [problem for problem in self.problems if problem.startswith(_UNREADABLE)]


# The problems written below that make a message unreadable (see `InboundMessage.unreadable`).
_UNREADABLE = (
    "empty message",
    "not a message",
    "message could not be read",
    "no From header",
    "no address in the From header",
    "broken MIME",
    "the MIME structure is nested too deeply",
    "unknown charset",
)


def read_message(raw: bytes, networker_addresses: set[str], inbound_address: str) -> InboundMessage:
    """Read a raw RFC 5322 message sent to `inbound_address` by (hopefully) one of `networker_addresses`."""
    try:
        return _read(raw, networker_addresses, inbound_address)
    except Exception as error:  # a parser bug must not fail the inbound function
        logger.exception("Reading an inbound message failed")
        return InboundMessage(mode="unknown_sender", problems=[f"message could not be read: {error!r}"])


# Reading -------------------------------------------------------------------------------------------------

_FORWARD_PREFIX = re.compile(r"\s*(?:fwd?|tr|wg|rv|enc|fw|doorst|vs|vb|i|pd|fs|ilt)\s*:", re.IGNORECASE)
_NO_REPLY = re.compile(r"no[-_.]?reply|do[-_.]?not[-_.]?reply|^(?:mailer[-_.]?daemon|postmaster|bounces?)\b", re.I)
_AUTOMATED_PRECEDENCE = {"bulk", "list", "junk"}
_ADDRESS_HEADERS = frozenset("from to cc bcc reply-to sender resent-from resent-to resent-cc".split())
# The longest header values parsed (about 250 addresses, a 1,000-character Content-Type): the stdlib's
# header parser is quadratic on some values (50 KB of quotes in a To header took 13 s), so each is cut.
_ADDRESS_HEADER_LIMIT, _HEADER_LIMIT = 8_000, 1_000


class _BoundedPolicy(email.policy.EmailPolicy):
    """The default policy, with each header value cut before the stdlib parses it, and returned unparsed
    when the parser fails (it recurses per nested comment: a RecursionError). The stdlib parses headers
    on every access, in the MIME parser and in Message's methods, so this is the one place to bound it."""

    def header_fetch_parse(self, name: str, value: Any) -> Any:
        if hasattr(value, "name"):
            return value
        value = value[: _header_limit(name)]
        try:
            return super().header_fetch_parse(name, value)
        except Exception:
            return "".join(value.splitlines())


def _header_limit(name: str) -> int:
    return _ADDRESS_HEADER_LIMIT if name.lower() in _ADDRESS_HEADERS else _HEADER_LIMIT


_POLICY = _BoundedPolicy()


def _read(raw: bytes, networker_addresses: set[str], inbound_address: str) -> InboundMessage:
    problems: list[str] = []
    if isinstance(raw, str):
        raw = raw.encode("utf-8", "surrogateescape")
    if not isinstance(raw, bytes | bytearray | memoryview):
        return InboundMessage(mode="unknown_sender", problems=[f"not a message: {type(raw).__name__}"])
    raw = bytes(raw)  # no copy when already bytes
    if not raw or raw.isspace():  # not strip(): it would copy a 40 MB message
        return InboundMessage(mode="unknown_sender", problems=["empty message"])
    message = _parse(raw, problems)
    mine = {address.strip().lower() for address in networker_addresses if address} | {inbound_address.lower()}
    mine.discard("")
    networker = {address.strip().lower() for address in networker_addresses if address}

    froms = [_clean(str(value)) for name, value in message.raw_items() if name.lower() == "from"]
    sender, sender_doubt = read_author(froms, problems)
    senders = [sender] if sender else []
    to, cc = _addresses(message, "to", problems), _addresses(message, "cc", problems)
    date = _date(message, problems)
    header_subject = _header(message, "subject", problems)
    text = _safely(lambda: message_text(message, problems), "", problems, "the text")
    _safely(lambda: _defects(message, problems), None, problems, "the MIME structure")

    original: Forward | None = None
    note = ""
    from_networker = sender is not None and sender.email.lower() in networker
    if from_networker:
        attached = _safely(lambda: _attached_message(message), None, problems, "the attached message")
        if attached is not None:
            original = _attached_forward(attached, problems)
            note = text
        else:
            note, found = split_forward(text)
            if found is not None and (
                found.kind == "forward"
                or _FORWARD_PREFIX.match(header_subject or "")
                or not [a for a in to + cc if a.email.lower() not in mine]
            ):
                original = found
    if not text.strip() and not (original and original.body.strip()):
        problems.append("no usable text (no readable text/plain or text/html part)")

    automated = _automated(message, sender) or (original is not None and _automated_forward(message, original))
    if original is not None:
        people = ([original.sender] if original.sender else []) + original.to + original.cc
        mode: Mode = "forward"
        sent_by_networker = original.sender is not None and original.sender.email.lower() in networker
        direction: Literal["inbound", "outbound"] = "outbound" if sent_by_networker else "inbound"
        occurred_at = _aware(original.date, date) or date
        subject = forwarded_subject(original.subject or header_subject or "") or None
        summary = shorten(new_text(note)) or shorten(new_text(original.body))
    else:
        mode = "bcc" if from_networker else "unknown_sender"
        people = to + cc if from_networker else senders + to + cc
        direction = "outbound" if from_networker else "inbound"
        occurred_at, subject, summary = date, header_subject, shorten(new_text(text))
    return InboundMessage(
        mode=mode,
        message_id=_message_id(message, problems),
        sender=sender,
        sender_doubt=sender_doubt,
        to=to,
        cc=cc,
        date=date,
        header_subject=header_subject,
        subject=subject,
        automated=automated,
        text=text,
        original=original,
        participants=_others(people, mine),
        direction=direction,
        occurred_at=occurred_at,
        summary=summary,
        invitation=_safely(lambda: find_invitation(message, problems), None, problems, "the calendar part"),
        problems=list(dict.fromkeys(problems)),
    )


FEED_BYTES = 1 << 16


def _parse(raw: bytes, problems: list[str]) -> Message:
    """Fed in 64 KB slices: `message_from_bytes` decodes the whole message to one string and wraps it in
    a StringIO (4 bytes a character), 6.3 times a 30 MB message's size at its peak; fed, 1.3 times."""
    try:
        parser = email.parser.BytesFeedParser(policy=_POLICY)
        for start in range(0, len(raw), FEED_BYTES):
            parser.feed(raw[start : start + FEED_BYTES])
        return parser.close()
    except RecursionError as error:  # the stdlib parser recurses per level of MIME nesting (~300 levels)
        problems.append(f"the MIME structure is nested too deeply ({error}); only the headers were read")
        return email.parser.BytesParser(policy=_POLICY).parsebytes(raw, headersonly=True)


def _safely(read: Callable[[], T], default: T, problems: list[str], what: str) -> T:
    """One step of reading: a failure (the stdlib parser has bugs on broken input) is a problem, not an error."""
    try:
        return read()
    except Exception as error:
        problems.append(f"{what} could not be read: {error!r}")
        return default


def _aware(value: datetime | None, reference: datetime | None) -> datetime | None:
    """An inline forward's date has no zone: the forwarder's client wrote it in the forwarder's own, the
    one of the message's Date (else UTC)."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=reference.tzinfo if reference is not None else UTC)


def _others(people: list[Address], mine: set[str]) -> list[Address]:
    seen: set[str] = set(mine)
    kept: list[Address] = []
    for person in people:
        key = person.email.lower()
        if key not in seen:
            seen.add(key)
            kept.append(person)
    return kept


# Headers -------------------------------------------------------------------------------------------------


def _clean(value: str) -> str:
    """Raw 8-bit header bytes (kept as surrogates by the parser) read as UTF-8, else replaced."""
    try:
        return value.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeError:
        return value.encode("utf-8", "replace").decode("utf-8")


def _header(message: Message, name: str, problems: list[str]) -> str | None:
    raw = next((str(v) for k, v in message.raw_items() if k.lower() == name), None)
    if raw is None:
        return None
    if len(raw) > _header_limit(name):
        problems.append(f"{name.title()} header is over {_header_limit(name):,} characters; the rest was not read")
    try:
        text = _clean(str(message.get(name)))
    except Exception as error:  # the header parser can fail on broken headers: read the raw value
        problems.append(f"{name.title()} header could not be parsed ({error!r}); read raw")
        text = _clean(raw[: _header_limit(name)])
    if "\ufffd" in text:
        problems.append(f"{name.title()} header has undecodable characters")
    return " ".join(text.split()) or None


def _addresses(message: Message, name: str, problems: list[str]) -> list[Address]:
    value = _header(message, name, problems)
    if not value:
        return []
    try:
        pairs = email.utils.getaddresses([value])
    except RecursionError:  # it recurses per nested comment too
        problems.append(f"the {name.title()} header has too many nested comments to be read")
        return []
    addresses = [Address(name.strip() or None, address.strip()) for name, address in pairs if "@" in address]
    if not addresses and name != "from":
        problems.append(f"no address in the {name.title()} header")
    return addresses


def _date(message: Message, problems: list[str]) -> datetime | None:
    try:
        header = message.get("date")
        if header is None:
            return None
        value = getattr(header, "datetime", None)
    except Exception:
        value = None
    if value is None:
        problems.append(f"unreadable Date header: {_header(message, 'date', []) or ''!r}")
        return None
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _message_id(message: Message, problems: list[str]) -> str | None:
    value = _header(message, "message-id", problems)
    return value.strip().strip("<>").strip() or None if value else None


def _automated(message: Message, sender: Address | None) -> bool:
    try:
        if message.get("list-id") is not None:
            return True
        auto_submitted = str(message.get("auto-submitted") or "").strip().lower()
        if auto_submitted and auto_submitted != "no":
            return True
        if str(message.get("precedence") or "").strip().lower() in _AUTOMATED_PRECEDENCE:
            return True
    except Exception:
        pass
    return sender is not None and bool(_NO_REPLY.search(sender.email.partition("@")[0]))


def _automated_forward(message: Message, original: Forward) -> bool:
    attached = _attached_message(message)
    return _automated(attached if attached is not None else EmailMessage(), original.sender)


# Parts ---------------------------------------------------------------------------------------------------


def _attached_message(message: Message) -> Message | None:
    for part in leaf_parts(message):
        # Parsed, its payload is a list; not parsed (a transfer encoding), get_payload() would decode its
        # bytes with the part's charset, which raises on some.
        if part.get_content_type() == "message/rfc822" and part.is_multipart():
            payload = part.get_payload()
            if isinstance(payload, list) and payload and isinstance(payload[0], Message):
                return payload[0]
    return None


def _attached_forward(attached: Message, problems: list[str]) -> Forward:
    """The original message from an attached message/rfc822: its headers and its text, nothing else."""
    inner: list[str] = []
    senders = _addresses(attached, "from", inner)
    forward = Forward(
        sender=senders[0] if senders else None,
        to=_addresses(attached, "to", inner),
        cc=_addresses(attached, "cc", inner),
        date=_date(attached, inner),
        subject=_header(attached, "subject", inner),
        body=message_text(attached, inner),
    )
    problems.extend(f"attached message: {problem}" for problem in inner)
    return forward


def _defects(message: Message, problems: list[str]) -> None:
    parts = [message]
    while parts:  # not message.walk(): it recurses per level of nesting
        part = parts.pop()
        for defect in getattr(part, "defects", ()):
            detail = f" ({defect})" if str(defect) else ""
            problems.append(f"broken MIME in the {part.get_content_type()} part: {type(defect).__name__}{detail}")
        children = part.get_payload() if part.is_multipart() else None
        if isinstance(children, list):
            parts.extend(child for child in reversed(children) if isinstance(child, Message))
