"""vCards (2.1, 3.0, 4.0), read from any address book's export and written as 3.0 for every one. Pure.

Exporters disagree on nearly everything: line endings (iPhone writes CR CR LF), charsets (declared with
CHARSET=, or not at all), quoted-printable with soft line breaks (2.1), photos as pages of base64, Apple's
grouped labels (`item1.URL` + `item1.X-ABLabel`), properties vobject's components refuse (Lotus Notes'
PROFILE). So the file is split into cards here, each card decoded on its own, reduced to the properties
Rapport reads, quoted-printable decoded, and only then parsed, line by line, by vobject's grammar and its
rules for escapes (`parseLine`, `stringToTextValues`, `backslashEscape`): one bad card is one `Rejected`
with its line, and a photo costs nothing but a count. Not vobject's components: they cost 2.5 ms a card
(12 s for 5,000), ten times the rest of the reading (docs/decisions.md). vobject is imported on use.
"""

from __future__ import annotations

import codecs
import quopri
import re
from typing import NamedTuple

from rapport.domain.address_book import Details, to_row, written_birthday
from rapport.domain.contact import Contact
from rapport.domain.import_files import MAX_PEOPLE, TOO_MANY, Reading, Rejected, Row
from rapport.domain.locale import Locale
from rapport.domain.text_files import decode

ORIGIN = "vCard"
# What Rapport reads of a card; anything else is dropped before parsing (PHOTO is counted).
KEPT = {"BEGIN", "END", "VERSION", "FN", "N", "EMAIL", "TEL", "ORG", "TITLE", "BDAY", "NOTE", "CATEGORIES", "URL"}
KEPT |= {"UID", "X-ABLABEL", "X-SOCIALPROFILE"}
MAX_CARD_CHARS = 256 * 1024  # once photos are dropped: more is no address book's card

_NAME = re.compile(r"^(?:[\w-]+\.)?([\w-]+)[;:]")  # a property's name, after its group (`item1.`)
_LABEL = re.compile(r"^_\$!<(.*)>!\$_$")  # Apple's built-in labels: _$!<HomePage>!$_


def read(data: bytes, region: str | None, locale: Locale) -> Reading:
    """Read every card of a file; never raises."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        data = decode(data).encode("utf-8")  # then split like any other file
    data = data.removeprefix(codecs.BOM_UTF8).replace(b"\r\r\n", b"\n").replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    rows: list[Row] = []
    rejected: list[Rejected] = []
    photos = 0
    cards = _cards(data.split(b"\n"))
    if len(cards) > MAX_PEOPLE:
        return Reading(problem=TOO_MANY)
    for line, card, reason in cards:
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
    if sum(map(len, properties)) > MAX_CARD_CHARS:
        return Rejected(line=line, reason=f"the card is larger than {MAX_CARD_CHARS // 1024} KB without its photo")
    try:
        details = _details(line, _parsed(properties))
    except Exception as error:  # vobject raises anything on broken input (binascii, ValueError, its own)
        return Rejected(line=line, reason=f"unreadable vCard: {error}")
    return to_row(details, ORIGIN, region, locale)


class _Property(NamedTuple):
    name: str  # upper case, without its group
    group: str  # Apple's `item1`, or ""
    preferred: bool  # TYPE=pref (3.0), PREF (2.1) or PREF=1 (4.0)
    value: str  # as written: escapes are undone by the reader of each kind of value


def _parsed(lines: list[str]) -> dict[str, list[_Property]]:
    """The card's properties by name, preferred first; a line vobject's grammar refuses is skipped."""
    from vobject.base import ParseError, parseLine

    found: dict[str, list[_Property]] = {}
    for text in lines:
        try:
            name, params, value, group = parseLine(text)
        except ParseError:
            continue
        preferred = any(
            param[0].upper() == "PREF" or "pref" in {v.lower() for part in param[1:] for v in str(part).split(",")}
            for param in params
        )
        prop = _Property(name.upper(), group or "", preferred, value)
        found.setdefault(prop.name, []).append(prop)
    for props in found.values():
        props.sort(key=lambda p: not p.preferred)
    return found


def _text(value: str, separator: str | None = None) -> list[str]:
    """A value's text with vCard's escapes undone (vobject's own), split at `separator` when it is a list."""
    from vobject.icalendar import stringToTextValues

    return [part.strip() for part in stringToTextValues(value, listSeparator=separator, charList="\\;,:Nn")] or [""]


def _details(line: int, found: dict[str, list[_Property]]) -> Details:
    def first(name: str) -> str:
        return _text(found[name][0].value)[0] if found.get(name) else ""

    def every(name: str) -> list[str]:
        return [_text(p.value)[0] for p in found.get(name, [])]

    labels = {p.group: _LABEL.sub(r"\1", _text(p.value)[0]) for p in found.get("X-ABLABEL", []) if p.group}
    n = _text(found["N"][0].value, ";") if found.get("N") else []
    given_family = [n[i].replace(",", " ") for i in (3, 1, 2, 0, 4) if i < len(n) and n[i]]  # prefix given ... suffix
    org = _text(found["ORG"][0].value, ";") if found.get("ORG") else [""]
    return Details(
        line=line,
        name=first("FN") or " ".join(given_family),
        emails=every("EMAIL"),
        phones=[phone.split(";")[0] for phone in every("TEL")],  # 4.0: tel:+1-418-656-9254;ext=102
        company=org[0],
        title=first("TITLE"),
        birthday=first("BDAY"),
        notes="\n".join(every("NOTE")),
        tags=[tag for p in found.get("CATEGORIES", []) for t in _text(p.value, ",") for tag in t.split(",")],
        urls=[(_text(p.value)[0], labels.get(p.group, "")) for p in found.get("URL", [])]
        + [(url, "") for url in every("X-SOCIALPROFILE")],
        uid=first("UID"),
    )


def _escaped(text: str) -> str:
    from vobject.base import backslashEscape

    return str(backslashEscape(text))


def _folded(line: str) -> str:
    """RFC 6350 3.2: at most 75 octets a line, a character never cut; CRLF, then a space."""
    parts: list[str] = []
    current: list[str] = []
    size = 0
    for char in line:
        octets = len(char.encode())
        if size + octets > 75:
            parts.append("".join(current))
            current, size = [" "], 1
        current.append(char)
        size += octets
    parts.append("".join(current))
    return "\r\n".join(parts) + "\r\n"


def write(contacts: list[Contact]) -> str:
    """The contacts as vCard 3.0, which every address book reads; the UID is the contact's id, so that
    importing the file back recognises them. Values escaped by vobject's rules; lines folded at 75 octets."""
    out: list[str] = []
    for contact in contacts:
        *given, family = contact.name.split() or [contact.name]
        lines = [
            "BEGIN:VCARD",
            "VERSION:3.0",
            f"UID:{_escaped(contact.contact_id)}",
            f"FN:{_escaped(contact.name)}",
            f"N:{_escaped(family)};{_escaped(' '.join(given))};;;",
            *(f"EMAIL;TYPE=INTERNET:{_escaped(email)}" for email in contact.emails),
            *(f"TEL:{_escaped(phone)}" for phone in contact.phones),
            *([f"ORG:{_escaped(contact.company)}"] if contact.company else []),
            *([f"TITLE:{_escaped(contact.title)}"] if contact.title else []),
            *([f"BDAY:{written_birthday(contact.birthday, '')}"] if contact.birthday else []),
            *([f"NOTE:{_escaped(contact.notes)}"] if contact.notes else []),
            *([f"CATEGORIES:{','.join(map(_escaped, contact.tags))}"] if contact.tags else []),
            *([f"URL:{contact.linkedin_url}"] if contact.linkedin_url else []),
            "END:VCARD",
        ]
        out.extend(map(_folded, lines))
    return "".join(out)
