"""Find the original message inside a forwarded email's plain text: who wrote it, to whom, when, about what.

Mail clients introduce a forwarded message in two ways, and both are read here in any language of the
corpus (../shared/corpus/email-forwards):

- a header block, `From:`/`Date:`/`To:`/`Cc:`/`Subject:` lines with localized labels ("De :", "Von:",
  "Od:", "Kimden:", "送信元："...), after a separator or not, quoted with ">" or not, one header a line
  (Gmail, Outlook, Apple Mail, Thunderbird, HubSpot, IONOS, MailMate, Missive) or all on the separator's
  line (Yahoo);
- an attribution line, "On <date>, John Doe <john.doe@acme.com> wrote:" in its many languages and word
  orders, over the quoted message (Outlook 2019, and every client's replies).

Separators ("---------- Forwarded message ---------", "Début du message réexpédié :"...) are not needed to
find a header block: the labels are. The first block or attribution in the text is the message that was
forwarded; what follows it (nested forwards, older replies) is its body.

Pure and total: no I/O, and any input, however large or broken, returns in linear time without raising.
"""

from __future__ import annotations

import logging
import re
import textwrap
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from rapport.mail.dates import parse_date
from rapport.mail.headers import (
    CC,
    DATE,
    EMAIL,
    FROM,
    OTHER,
    SUBJECT,
    TO,
    Label,
    address_list,
    clean_mailto,
    clean_name,
    split_header,
    split_inline_headers,
    strip_subject_prefixes,
)

logger = logging.getLogger(__name__)

__all__ = ["Address", "Forward", "find_forward", "forwarded_subject"]


@dataclass(frozen=True, slots=True)
class Address:
    name: str | None
    email: str


@dataclass(frozen=True, slots=True)
class Forward:
    """The original message found inside a forward.

    `kind` is "forward" when a header block introduced it, "reply" when an attribution line did ("On ...,
    X wrote:"), the way replies quote: then only the sender and the date are known.
    """

    sender: Address | None
    to: list[Address] = field(default_factory=list)
    cc: list[Address] = field(default_factory=list)
    date: datetime | None = None
    subject: str | None = None
    body: str = ""
    kind: Literal["forward", "reply"] = "forward"


def find_forward(text: str) -> Forward | None:
    """The first forwarded (or quoted) message in a plain-text body, or None when there is none."""
    try:
        return _find(text)
    except Exception:  # a parser bug must not fail the inbound function, which would retry forever
        logger.exception("Reading a forward failed; the message is treated as not forwarded")
        return None


def forwarded_subject(subject: str) -> str:
    """The subject without its forward and reply prefixes ("Fwd:", "TR :", "WG:", "RV:", "Re: AW:"...)."""
    try:
        return strip_subject_prefixes(subject)
    except Exception:
        logger.exception("Stripping a subject failed; kept as is")
        return subject.strip() if isinstance(subject, str) else ""


# Reading -------------------------------------------------------------------------------------------------

_SEPARATOR_WITH_HEADERS = re.compile(r"-{3,}[^-\n]{1,80}-{3,}[ \t]*(\S.*)")
_INLINE_LIMIT = 4000
_ATTRIBUTION_LIMIT = 400
_DATE_HINT = re.compile(r"(?<!\d)(?:\d{1,2}[:.]\d{2}|(?:19|20)\d{2})(?!\d)")
_NOT_NAMES = {"AM", "PM", "GMT", "UTC", "CET", "CEST", "EST", "PST"}
_OPEN_QUOTES = "\"'«„“‚‘"
_CLOSE_QUOTES = "\"'»”“’‘"


def _dequote(line: str) -> tuple[int, str]:
    """How deep a line is quoted (its leading ">" count) and its text without them."""
    depth = index = 0
    length = len(line)
    while index < length and line[index] in " \t>":
        depth += line[index] == ">"
        index += 1
    return depth, line[index:].rstrip()


def _strip_quotes(line: str, depth: int) -> str:
    index = 0
    while depth and index < len(line) and line[index] in " \t>":
        depth -= line[index] == ">"
        index += 1
    if index and line[index : index + 1] == " ":
        index += 1
    return line[index:] if index else line


def _body(lines: list[str], start: int, depth: int) -> str:
    return "\n".join(_strip_quotes(line, depth) for line in lines[start:]).strip()


def _find(text: str) -> Forward | None:
    if not isinstance(text, str) or not text:
        return None
    lines = text.replace("\ufeff", "").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    index = 0
    while index < len(lines):
        depth, content = _dequote(lines[index])
        if not content:
            index += 1
            continue
        separator = _SEPARATOR_WITH_HEADERS.match(content)
        if separator:
            found = _inline_block(separator.group(1)[:_INLINE_LIMIT], lines, index, depth)
            if found:
                return found
        header = split_header(content)
        if header is not None and header[0].field != OTHER:
            found, end = _header_block(lines, index, depth, header)
            if found:
                return found
            index = max(end, index + 1)
            continue
        if content.endswith((":", "：")) or (index + 1 < len(lines) and _dequote(lines[index + 1])[1][-1:] == ":"):
            found = _attribution(lines, index, depth)
            if found:
                return found
        index += 1
    return None


def _header_block(lines: list[str], start: int, depth: int, first: tuple[Label, str]) -> tuple[Forward | None, int]:
    label, value = first
    values: dict[str, str] = {label.field: value}
    votes: Counter[str] = Counter(label.locales)
    last = label.field
    index = start + 1
    while index < len(lines):
        line_depth, content = _dequote(lines[index])
        if line_depth != depth:
            break
        if not content:
            upcoming = _dequote(lines[index + 1]) if index + 1 < len(lines) else (depth, "")
            header = split_header(upcoming[1]) if upcoming[0] == depth else None
            if header and header[0].field not in values and header[0].field != OTHER:
                index += 1
                continue
            break
        header = split_header(content)
        if header is not None:
            label, value = header
            if label.field != OTHER:
                if label.field in values:
                    break  # the next block's header
                values[label.field] = value
                votes.update(label.locales)
            last = label.field
        elif last in (FROM, TO, CC) and ("@" in content or values[last].endswith((",", ";"))):
            values[last] += " " + content  # a wrapped address list
        else:
            break
        index += 1
    if FROM not in values or not ({DATE, SUBJECT, TO} & values.keys()):
        return None, index
    return _forward(values, votes, _body(lines, index, depth)), index


def _inline_block(headers: str, lines: list[str], index: int, depth: int) -> Forward | None:
    values: dict[str, str] = {}
    votes: Counter[str] = Counter()
    for label, value in split_inline_headers(headers):
        if label.field != OTHER and label.field not in values:
            values[label.field] = value
            votes.update(label.locales)
    if FROM not in values or not ({DATE, SUBJECT, TO} & values.keys()):
        return None
    return _forward(values, votes, _body(lines, index + 1, depth))


def _addresses(value: str | None) -> list[Address]:
    return [Address(name, email) for name, email in address_list(value or "")]


def _forward(values: dict[str, str], votes: Counter[str], body: str) -> Forward:
    senders = _addresses(values.get(FROM))
    date = values.get(DATE)
    return Forward(
        sender=senders[0] if senders else None,
        to=_addresses(values.get(TO)),
        cc=_addresses(values.get(CC)),
        date=parse_date(date, votes) if date else None,
        subject=values.get(SUBJECT) or None,
        body=body,
    )


def _attribution(lines: list[str], index: int, depth: int) -> Forward | None:
    """ "On Wed, Oct 27, 2021 at 9:31 AM John Doe <john.doe@acme.com> wrote:", possibly over two lines."""
    content = _dequote(lines[index])[1]
    end = index + 1
    if not content.endswith((":", "：")):
        content = content + " " + _dequote(lines[index + 1])[1]
        end += 1
    if len(content) > _ATTRIBUTION_LIMIT or not _DATE_HINT.search(content):
        return None
    content = clean_mailto(content)
    match = EMAIL.search(content)
    if match is None:
        return None
    email = match.group().strip(".'")
    without_addresses = EMAIL.sub(" ", content).rstrip(":：")
    rest = lines[end:]
    quoted = next((line for line in rest if line.strip()), "")
    if _dequote(quoted)[0] > depth:
        body = _body(lines, end, depth + 1)
    else:
        body = textwrap.dedent("\n".join(_strip_quotes(line, depth) for line in rest)).strip()
    return Forward(
        sender=Address(_attribution_name(content[: match.start()], email), email),
        date=parse_date(without_addresses),
        body=body,
        kind="reply",
    )


def _attribution_name(before: str, email: str) -> str | None:
    """The display name just before the address: quoted, or the capitalized words leading to it."""
    before = before.rstrip(" <([")
    if before[-1:] in _CLOSE_QUOTES:
        opening = max(before.rfind(quote, 0, len(before) - 1) for quote in _OPEN_QUOTES)
        if opening >= 0:
            return clean_name(before[opening:], email)
    words: list[str] = []
    for word in reversed(before.split()[-6:]):
        bare = word.strip(",;")
        if word.endswith((",", ";")) and words or not bare[:1].isupper() or bare in _NOT_NAMES:
            break
        if any(c.isdigit() for c in bare):
            break
        words.insert(0, bare)
    return clean_name(" ".join(words), email)
