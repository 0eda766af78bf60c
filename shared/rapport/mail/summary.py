"""The text of an email: its text part in any charset (HTML turned to text), then its new text (quoted
history and signatures cut) and a short summary.

Pure and total: no I/O, and any input returns without raising.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from email.message import EmailMessage, Message
from html.parser import HTMLParser
from typing import cast

from rapport.mail.forwards import Forward, find_forward

__all__ = [
    "SUMMARY_LENGTH",
    "decode_text",
    "html_to_text",
    "is_attachment",
    "leaf_parts",
    "message_text",
    "new_text",
    "shorten",
    "split_forward",
]

SUMMARY_LENGTH = 500
# Only the head of a long text is searched for history: a summary is 500 characters.
_SEARCH_LIMIT = 100_000

# Text parts ----------------------------------------------------------------------------------------------


def leaf_parts(message: Message, depth: int = 0) -> Iterator[Message]:
    """The leaf parts of a message, in order, without descending into attached messages."""
    if depth > 50:
        return
    if message.is_multipart() and message.get_content_maintype() == "multipart":
        for part in message.iter_parts() if isinstance(message, EmailMessage) else message.get_payload():
            if isinstance(part, Message):
                yield from leaf_parts(part, depth + 1)
    else:
        yield message


def is_attachment(part: Message) -> bool:
    try:
        return part.get_content_disposition() == "attachment"
    except Exception:
        return True


def message_text(message: Message, problems: list[str]) -> str:
    """The first text/plain part that is not an attachment, else the first text/html one turned to text."""
    plain = html = None
    for part in leaf_parts(message):
        kind = part.get_content_type()
        if is_attachment(part):
            continue
        if kind == "text/plain" and plain is None:
            plain = part
            break
        if kind == "text/html" and html is None:
            html = part
    if plain is not None:
        return decode_text(plain, problems)
    if html is not None:
        return html_to_text(decode_text(html, problems))
    return ""


def decode_text(part: Message, problems: list[str], payload: bytes | None = None) -> str:
    """A text part's content: its charset if known and valid, else UTF-8, else the charset with replacement.
    `payload` is the part's payload when the caller has it already (transfer encoding decoded)."""
    kind = part.get_content_type()
    if payload is None:
        payload = cast(bytes | None, part.get_payload(decode=True))  # bytes for a leaf (typeshed says more)
    if isinstance(payload, str):
        payload = payload.encode("utf-8", "surrogateescape")
    if not isinstance(payload, bytes):
        return ""
    charset = (part.get_content_charset() or "us-ascii").strip()
    try:
        codecs.lookup(charset)
    except (LookupError, ValueError):
        problems.append(f"unknown charset {charset!r} in the {kind} part; read as UTF-8 with replacement")
        return payload.decode("utf-8", "replace")
    for candidate in (charset, "utf-8"):
        try:
            return payload.decode(candidate)
        except (UnicodeDecodeError, LookupError, ValueError):
            continue
    problems.append(f"the {kind} part is not valid {charset}; undecodable bytes replaced")
    try:
        return payload.decode(charset, "replace")
    except (UnicodeError, LookupError, ValueError, TypeError):  # codecs that refuse "replace" (idna)
        return payload.decode("utf-8", "replace")


# HTML ----------------------------------------------------------------------------------------------------

_BLOCKS = frozenset(
    "address article aside blockquote caption center dd div dl dt fieldset figcaption figure footer form "
    "h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section table tbody td tfoot th thead tr ul".split()
)
_HIDDEN = frozenset({"script", "style", "head", "title", "template", "noscript"})
_SPACES = re.compile(r"[ \t\r\n\f\v\u00a0]+")


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pieces: list[str] = []
        self.hidden = 0
        self.quoted = 0
        self.preformatted = 0
        self.line_start = True

    def _newline(self) -> None:
        self.pieces.append("\n")
        self.line_start = True

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self.hidden += 1
        elif tag == "br":
            self._newline()
        elif tag in _BLOCKS:
            self._newline()
            self.quoted += tag == "blockquote"
            self.preformatted += tag == "pre"

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br" or tag in _BLOCKS:
            self._newline()

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCKS:
            self._newline()
            if tag == "blockquote":
                self.quoted = max(0, self.quoted - 1)
            elif tag == "pre":
                self.preformatted = max(0, self.preformatted - 1)

    def handle_data(self, data: str) -> None:
        if self.hidden:
            return
        if not self.preformatted:
            data = _SPACES.sub(" ", data)
        if self.line_start:
            data = data.lstrip(" ")
            if not data:
                return
            if self.quoted:
                self.pieces.append("> " * self.quoted)
            self.line_start = False
        self.pieces.append(data)


def html_to_text(html: str) -> str:
    """Plain text from HTML: no scripts or styles, a line per block and <br>, entities unescaped, quoted
    blocks (<blockquote>) prefixed with ">" as a plain-text client would."""
    parser = _TextParser()
    try:
        parser.feed(html)
        parser.close()
    except Exception:  # html.parser is lenient; this is a last resort
        pass
    lines = [line.strip() for line in "".join(parser.pieces).split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


# New text ------------------------------------------------------------------------------------------------

_SIGNATURE = re.compile(r"--[ \t]?")
_MOBILE_FOOTER = re.compile(
    r"(?:sent (?:from|with|using|via)|envoy[ée] (?:de|depuis|à partir|avec)|enviado (?:desde|do|de)|inviato da"
    r"|verzonden (?:met|vanaf)|skickat från|wysłane z)\b.{0,40}?"
    r"\b(?:iphone|ipad|android|mobile|phone|smartphone|outlook|galaxy|samsung|blackberry|yahoo|gmail|mail)\b.{0,30}"
    r"|(?:get|obtenir|télécharger) outlook\b.{0,40}"
    r"|von meinem .{1,30} gesendet",
    re.IGNORECASE,
)
_SEPARATOR_LINE = re.compile(
    r"-{2,}.*-{2,}|_{5,}|={5,}"
    r"|.*(?:forwarded message|original message|message réexpédié|message transféré|message d'origine"
    r"|weitergeleitete nachricht|ursprüngliche nachricht|mensaje reenviado|mensaje original)\s*:?",
    re.IGNORECASE,
)


# What find_forward cannot read (an attribution without an address, a separator over no headers) still
# starts the history.
_HISTORY = re.compile(
    r"(?:on|le|am|el|il|op|den|em|w dniu)\b.{0,300}\b(?:wrote|a écrit|schrieb|escribió|ha scritto|schreef|skrev"
    r"|escreveu|napisał|kirjoitti|írta)\s*:"
    r"|-{3,}\s*(?:original message|message d'origine|ursprüngliche nachricht|mensaje original)\s*-{3,}",
    re.IGNORECASE,
)


def split_forward(text: str) -> tuple[str, Forward | None]:
    """The text above the first forwarded or quoted message, and that message (None when there is none)."""
    text = text[:_SEARCH_LIMIT].replace("\r\n", "\n").replace("\r", "\n")
    first = find_forward(text)
    if first is None:
        return text, None
    lines = text.split("\n")
    # The largest line from which the same message is still found is where its header block (or
    # attribution) starts: everything before is new text. Lines above it do not change what is found.
    low, high = 0, len(lines) - 1
    while low < high:
        middle = (low + high + 1) // 2
        if find_forward("\n".join(lines[middle:])) == first:
            low = middle
        else:
            high = middle - 1
    above = lines[:low]
    while above and (not above[-1].strip() or _SEPARATOR_LINE.fullmatch(above[-1].strip(" \t>"))):
        above.pop()
    return "\n".join(above), first


def new_text(text: str) -> str:
    """What the writer wrote: without the quoted history, the signature and the mobile footers."""
    above, _ = split_forward(text)
    kept: list[str] = []
    for line in above.split("\n"):
        bare = line.strip()
        if _SIGNATURE.fullmatch(line) or (bare and (_MOBILE_FOOTER.fullmatch(bare) or _HISTORY.fullmatch(bare))):
            break
        if bare.startswith(">"):
            continue
        kept.append(line)
    return "\n".join(kept).strip()


def shorten(text: str, limit: int = SUMMARY_LENGTH) -> str:
    """Whitespace collapsed, cut on a word boundary with "…" to at most `limit` characters."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-") + "…"
