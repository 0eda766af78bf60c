"""vCards (2.1, 3.0, 4.0), read from any address book's export and written as 3.0 for every one. Pure.

Exporters disagree on nearly everything: line endings (iPhone writes CR CR LF), charsets (declared with
CHARSET=, or not at all), quoted-printable with soft line breaks (2.1), photos as pages of base64, Apple's
grouped labels (`item1.URL` + `item1.X-ABLabel`), properties vobject refuses (Lotus Notes' PROFILE). So the
file is split into cards here, each card decoded on its own, reduced to the properties Rapport reads,
quoted-printable decoded, and only then given to vobject: one bad card is one `Rejected` with its line,
and a photo costs nothing but a count. vobject is imported on use (it is for vCards only).
"""

from __future__ import annotations

import codecs
import quopri
import re
from typing import Any

from rapport.domain.address_book import Details, to_row, written_birthday
from rapport.domain.contact import Contact
from rapport.domain.import_files import Reading, Rejected, Row
from rapport.domain.locale import Locale
from rapport.domain.text_files import decode

ORIGIN = "vCard"
# What Rapport reads of a card; anything else is dropped before parsing (PHOTO is counted).
KEPT = {"BEGIN", "END", "VERSION", "FN", "N", "EMAIL", "TEL", "ORG", "TITLE", "BDAY", "NOTE", "CATEGORIES", "URL"}
KEPT |= {"UID", "X-ABLABEL", "X-SOCIALPROFILE"}
MAX_CARD_CHARS = 256 * 1024  # once photos are dropped: more is no address book's card

_NAME = re.compile(r"^(?:[\w-]+\.)?([\w-]+)[;:]")  # a property's name, after its group (`item1.`)
_HEAD = re.compile(r'^((?:[^:"]|"[^"]*")*):(.*)$', re.DOTALL)  # name and parameters, then the value
_LABEL = re.compile(r"^_\$!<(.*)>!\$_$")  # Apple's built-in labels: _$!<HomePage>!$_


def read(data: bytes, region: str | None, locale: Locale) -> Reading:
    """Read every card of a file; never raises."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        data = decode(data).encode("utf-8")  # then split like any other file
    data = data.removeprefix(codecs.BOM_UTF8).replace(b"\r\r\n", b"\n").replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    rows: list[Row] = []
    rejected: list[Rejected] = []
    photos = 0
    for line, card, reason in _cards(data.split(b"\n")):
        if reason:
            rejected.append(Rejected(line=line, reason=reason))
            continue
        properties, card_photos = _kept(_decode(b"\n".join(card)).split("\n"))
        photos += card_photos
        found = _row(line, properties, region, locale)
        if isinstance(found, Rejected):
            rejected.append(found)
        else:
            rows.append(found)
    if not rows and not rejected:
        return Reading(problem="line 1: no card (BEGIN:VCARD ... END:VCARD): not a vCard file")
    return Reading(rows=rows, rejected=rejected, photos_skipped=photos)


def _cards(lines: list[bytes]) -> list[tuple[int, list[bytes], str | None]]:
    """(first line, lines, why it cannot be read) of each BEGIN:VCARD ... END:VCARD; lines between are ignored."""
    cards: list[tuple[int, list[bytes], str | None]] = []
    start, card = 0, list[bytes]()
    for number, raw in enumerate(lines, 1):
        word = raw.strip().upper()
        if word == b"BEGIN:VCARD":
            if start:
                cards.append((start, [], "no END:VCARD before the next card"))
            start, card = number, []
        if start:
            card.append(raw)
        if word == b"END:VCARD" and start:
            cards.append((start, card, None))
            start = 0
    if start:
        cards.append((start, [], "no END:VCARD: the file is cut"))
    return cards


def _decode(card: bytes) -> str:
    """UTF-8 if it is; else the charset the card declares, if Python knows it; else Windows-1252."""
    try:
        return card.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = re.search(rb'CHARSET="?([\w.:-]+)', card, re.IGNORECASE)
    if declared:
        try:
            return card.decode(declared[1].decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            pass
    return decode(card)


def _quoted_printable(head: str) -> bool:
    return "QUOTED-PRINTABLE" in head.split(":", 1)[0].upper()


def _kept(lines: list[str]) -> tuple[list[str], int]:
    """The card's properties Rapport reads, each on one line (unfolded, quoted-printable decoded); and its photos."""
    properties: list[list[str]] = []
    for line in lines:
        if not line.strip():
            if properties and properties[-1][-1].endswith("="):
                properties[-1].append("")  # a blank line ends a quoted-printable soft break
            continue
        folded = line[0] in " \t"
        soft_break = bool(properties) and _quoted_printable(properties[-1][0]) and properties[-1][-1].endswith("=")
        if properties and (folded or soft_break):
            properties[-1].append(line)
        else:
            properties.append([line])
    kept, photos = [], 0
    for prop in properties:
        name = _NAME.match(prop[0])
        word = name[1].upper() if name else ""
        if word == "PHOTO":
            photos += 1
        elif word in KEPT:
            kept.append(_unfolded(prop))
    return kept, photos


def _unfolded(prop: list[str]) -> str:
    if not _quoted_printable(prop[0]):
        return prop[0] + "".join(line[1:] for line in prop[1:])
    joined = "".join(line.removesuffix("=") for line in prop[:-1]) + prop[-1]  # soft breaks
    head, _, value = joined.partition(":")
    charsets = [p.split("=", 1)[1].strip('"') for p in head.split(";") if p.upper().startswith("CHARSET=")]
    params = [p for p in head.split(";") if "QUOTED-PRINTABLE" not in p.upper() and not p.upper().startswith("CHARSET")]
    charset = charsets[0] if charsets else "utf-8"
    raw = quopri.decodestring(value.encode("utf-8"))
    try:
        text = raw.decode(charset)
    except (LookupError, UnicodeDecodeError):
        text = decode(raw)
    return ";".join(params) + ":" + text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")


def _row(line: int, properties: list[str], region: str | None, locale: Locale) -> Row | Rejected:
    text = "\r\n".join(properties)
    if len(text) > MAX_CARD_CHARS:
        return Rejected(line=line, reason=f"the card is larger than {MAX_CARD_CHARS // 1024} KB without its photo")
    import vobject

    try:
        card = vobject.readOne(text, ignoreUnreadable=True)
        details = _details(line, card.contents)
    except Exception as error:  # vobject raises anything on broken input (binascii, ValueError, its own)
        return Rejected(line=line, reason=f"unreadable vCard: {error}")
    return to_row(details, ORIGIN, region, locale)


def _details(line: int, contents: dict[str, list[Any]]) -> Details:
    def values(name: str) -> list[Any]:
        found = contents.get(name, [])
        return [p.value for p in sorted(found, key=lambda p: not _preferred(p))]  # the preferred first

    labels = {p.group: _LABEL.sub(r"\1", str(p.value)) for p in contents.get("x-ablabel", []) if p.group}
    n = next(iter(values("n")), None)
    parts = [_text(getattr(n, part, "")) for part in ("prefix", "given", "additional", "family", "suffix")]
    org: Any = next(iter(values("org")), "")
    urls = [(_unescaped(p.value), labels.get(p.group, "")) for p in contents.get("url", [])]
    urls += [(_unescaped(p.value), "") for p in contents.get("x-socialprofile", [])]
    return Details(
        line=line,
        name=_text(next(iter(values("fn")), "")) or " ".join(p for p in parts if p),
        emails=[_text(v) for v in values("email")],
        phones=[_text(v).split(";")[0] for v in values("tel")],  # 4.0: tel:+1-418-656-9254;ext=102
        company=_listed(org)[0] if org else "",
        title=_text(next(iter(values("title")), "")),
        birthday=_text(next(iter(values("bday")), "")),
        notes="\n".join(_text(v) for v in values("note")),
        tags=[tag.strip() for v in values("categories") for t in _listed(v) for tag in t.split(",")],
        urls=urls,
        uid=_text(next(iter(values("uid")), "")),
    )


def _preferred(prop: Any) -> bool:
    types = [t.lower() for value in prop.params.get("TYPE", []) for t in str(value).split(",")]
    return "pref" in types or "PREF" in prop.params


def _text(value: Any) -> str:
    """A value as text: vobject gives lists for structured values (ORG's "Company, The" is two)."""
    return ",".join(map(_text, value)) if isinstance(value, list) else str(value or "").strip()


def _listed(value: Any) -> list[str]:
    return [_text(v) for v in value] if isinstance(value, list) else [_text(value)]


def _unescaped(value: Any) -> str:
    """vobject leaves a URL's escapes (Apple writes `http\\://`)."""
    return re.sub(r"\\([:;,\\])", r"\1", _text(value))


def write(contacts: list[Contact]) -> str:
    """The contacts as vCard 3.0, which every address book reads; the UID is the contact's id, so that
    importing the file back recognises them. vobject folds lines at 75 octets and ends them with CRLF."""
    import vobject

    cards = []
    for contact in contacts:
        card = vobject.vCard()
        card.add("uid").value = contact.contact_id
        card.add("fn").value = contact.name
        *given, family = contact.name.split() or [contact.name]
        card.add("n").value = vobject.vcard.Name(family=family, given=" ".join(given))
        for email in contact.emails:
            card.add("email").value = email
            card.contents["email"][-1].type_param = "INTERNET"
        for phone in contact.phones:
            card.add("tel").value = phone
        if contact.company:
            card.add("org").value = [contact.company]
        if contact.title:
            card.add("title").value = contact.title
        if contact.birthday:
            card.add("bday").value = written_birthday(contact.birthday, "")
        if contact.notes:
            card.add("note").value = contact.notes
        if contact.tags:
            card.add("categories").value = contact.tags
        if contact.linkedin_url:
            card.add("url").value = contact.linkedin_url
        cards.append(card.serialize())
    return "".join(cards)
