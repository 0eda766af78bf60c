"""Localized header labels, address lists and subject prefixes, as mail clients write them in a forward.

Pure data and string handling: no regex here can backtrack badly (every repetition is bounded or
anchored on a character the repeated part cannot contain), so any input is read in linear time.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

FROM, TO, CC, DATE, SUBJECT, OTHER = "from", "to", "cc", "date", "subject", "other"

# field -> labels, per language (the locale names Babel knows, to read month names in dates).
_LABELS: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        FROM: ("from",),
        TO: ("to",),
        CC: ("cc",),
        DATE: ("date", "sent"),
        SUBJECT: ("subject",),
        OTHER: ("bcc", "reply-to", "sent by", "importance", "attachments"),
    },
    "fr": {
        FROM: ("de", "expéditeur"),
        TO: ("à", "a", "pour", "destinataire"),
        CC: ("cc", "copie", "copie à"),
        DATE: ("date", "envoyé", "envoyé le"),
        SUBJECT: ("objet", "sujet"),
        OTHER: ("cci", "répondre à", "importance", "pièces jointes"),
    },
    "de": {
        FROM: ("von", "absender"),
        TO: ("an", "empfänger"),
        CC: ("cc", "kopie", "kopie (cc)"),
        DATE: ("datum", "gesendet"),
        SUBJECT: ("betreff",),
        OTHER: ("bcc", "antwort an", "wichtigkeit", "anlagen"),
    },
    "es": {
        FROM: ("de", "remitente"),
        TO: ("para", "a"),
        CC: ("cc", "copia"),
        DATE: ("fecha", "enviado", "enviado el"),
        SUBJECT: ("asunto",),
        OTHER: ("cco", "responder a"),
    },
    "it": {
        FROM: ("da", "mittente"),
        TO: ("a", "destinatario"),
        CC: ("cc", "copia"),
        DATE: ("data", "inviato", "inviato il"),
        SUBJECT: ("oggetto",),
        OTHER: ("ccn", "rispondi a"),
    },
    "nl": {
        FROM: ("van", "afzender"),
        TO: ("aan",),
        CC: ("cc", "kopie"),
        DATE: ("datum", "verzonden", "verzonden op"),
        SUBJECT: ("onderwerp",),
        OTHER: ("bcc", "antwoord aan"),
    },
    "pt": {
        FROM: ("de",),
        TO: ("para",),
        CC: ("cc", "cópia"),
        DATE: ("data", "enviado", "enviada", "enviado em", "enviada em"),
        SUBJECT: ("assunto",),
        OTHER: ("cco", "responder a"),
    },
    "pt_BR": {
        FROM: ("de",),
        TO: ("para",),
        CC: ("cc", "cópia"),
        DATE: ("data", "enviado", "enviado em"),
        SUBJECT: ("assunto",),
        OTHER: ("cco",),
    },
    "pl": {
        FROM: ("od", "nadawca"),
        TO: ("do", "adresat"),
        CC: ("dw", "kopia", "do wiadomości"),
        DATE: ("data", "wysłano", "wysłane"),
        SUBJECT: ("temat",),
        OTHER: ("udw",),
    },
    "ru": {
        FROM: ("от", "отправитель"),
        TO: ("кому",),
        CC: ("копия", "сс"),
        DATE: ("дата", "отправлено"),
        SUBJECT: ("тема",),
        OTHER: ("скрытая копия",),
    },
    "uk": {
        FROM: ("від", "від кого"),
        TO: ("кому",),
        CC: ("копія",),
        DATE: ("дата", "відправлено", "надіслано"),
        SUBJECT: ("тема",),
        OTHER: (),
    },
    "cs": {
        FROM: ("od", "odesílatel"),
        TO: ("komu",),
        CC: ("kopie",),
        DATE: ("datum", "odesláno"),
        SUBJECT: ("předmět",),
        OTHER: ("skrytá kopie",),
    },
    "sk": {
        FROM: ("od", "odosielateľ"),
        TO: ("komu", "pre"),
        CC: ("kópia",),
        DATE: ("dátum", "odoslané"),
        SUBJECT: ("predmet",),
        OTHER: (),
    },
    "hu": {
        FROM: ("feladó",),
        TO: ("címzett",),
        CC: ("másolat", "másolatot kap"),
        DATE: ("dátum", "elküldve", "küldve"),
        SUBJECT: ("tárgy",),
        OTHER: ("titkos másolat",),
    },
    "ro": {
        FROM: ("de la", "de", "expeditor", "expeditorul"),
        TO: ("către", "pentru", "destinatar", "destinatarul"),
        CC: ("cc",),
        DATE: ("dată", "data", "trimis"),
        SUBJECT: ("subiect", "subiectul"),
        OTHER: (),
    },
    "hr": {
        FROM: ("šalje", "od"),
        TO: ("prima", "za"),
        CC: ("kopija",),
        DATE: ("datum", "poslano"),
        SUBJECT: ("predmet", "naslov"),
        OTHER: (),
    },
    "fi": {
        FROM: ("lähettäjä",),
        TO: ("vastaanottaja",),
        CC: ("kopio",),
        DATE: ("päivämäärä", "päiväys", "lähetetty"),
        SUBJECT: ("aihe",),
        OTHER: ("piilokopio",),
    },
    "sv": {
        FROM: ("från",),
        TO: ("till",),
        CC: ("kopia",),
        DATE: ("datum", "skickat"),
        SUBJECT: ("ämne",),
        OTHER: ("hemlig kopia",),
    },
    "nb": {
        FROM: ("fra",),
        TO: ("til",),
        CC: ("kopi",),
        DATE: ("dato", "sendt"),
        SUBJECT: ("emne",),
        OTHER: ("blindkopi",),
    },
    "da": {
        FROM: ("fra",),
        TO: ("til",),
        CC: ("kopi",),
        DATE: ("dato", "sendt"),
        SUBJECT: ("emne",),
        OTHER: ("bcc",),
    },
    "tr": {
        FROM: ("kimden", "gönderen"),
        TO: ("kime",),
        CC: ("bilgi",),
        DATE: ("tarih", "gönderilen", "gönderildi"),
        SUBJECT: ("konu",),
        OTHER: (),
    },
    "et": {
        FROM: ("saatja",),
        TO: ("saaja", "kellele"),
        CC: ("koopia",),
        DATE: ("kuupäev", "saadetud"),
        SUBJECT: ("teema",),
        OTHER: (),
    },
    "ja": {
        FROM: ("送信元", "差出人"),
        TO: ("送信先", "宛先"),
        CC: ("cc",),
        DATE: ("日付", "送信日時"),
        SUBJECT: ("件名",),
        OTHER: (),
    },
}


def normalize(text: str) -> str:
    """NFC, casefolded, inner whitespace collapsed: the key labels and month names are looked up by."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


@dataclass(frozen=True, slots=True)
class Label:
    field: str
    locales: frozenset[str]


def _label_table() -> dict[str, Label]:
    fields: dict[str, str] = {}
    locales: dict[str, set[str]] = {}
    for locale, by_field in _LABELS.items():
        for field, labels in by_field.items():
            for label in labels:
                key = normalize(label)
                fields.setdefault(key, field)
                locales.setdefault(key, set()).add(locale)
    return {key: Label(fields[key], frozenset(locales[key])) for key in fields}


LABELS = _label_table()
_LONGEST_LABEL = max(len(key) for key in LABELS)


@lru_cache(maxsize=512)
def _label(raw: str) -> Label | None:
    return LABELS.get(normalize(raw.strip(" \t*_")))


def split_header(line: str) -> tuple[Label, str] | None:
    """`Label: value` (or `*Label:* value`, `Label :\tvalue`, `件名：value`) with a known label, else None."""
    head = line[: _LONGEST_LABEL + 8]
    cut = head.find(":")
    wide = head.find("：")
    if wide >= 0 and (cut < 0 or wide < cut):
        cut = wide
    if cut <= 0:
        return None
    label = _label(head[:cut])
    if label is None:
        return None
    value = line[cut + 1 :]
    if line.startswith("*"):
        value = value.lstrip("*")  # Outlook's bold labels, "*From:* John Doe"
    return label, value.strip()


# Yahoo writes the whole header block on the separator's line, with nothing between a value and the next
# label ("...<john.doe@acme.com>To: ...GMT+1Subject: ..."): labels are found inside the line. Two of its
# locales drop the colon after one label; those exact spellings are accepted only there.
_INLINE_LABEL = re.compile(
    "(?:"
    + "|".join(re.escape(key) for key in sorted(LABELS, key=len, reverse=True) if key.isalpha() or " " in key)
    + r")\s?[:：]",
    re.IGNORECASE,
)
_INLINE_QUIRKS = re.compile(r"(?<=>)Dw (?=\S)|(?<=[A-Z0-9])Assunto (?=\S)")


def split_inline_headers(text: str) -> list[tuple[Label, str]]:
    """The `Label: value` pairs written one after the other on a single line."""
    starts: list[tuple[int, int, Label]] = []
    for match in _INLINE_LABEL.finditer(text):
        word = match.group()[:-1].rstrip()
        before = text[match.start() - 1] if match.start() else " "
        if before.isalpha() and not word[:1].isupper():
            continue  # the tail of a longer word ("Hora:"), not a label
        starts.append((match.start(), match.end(), LABELS[normalize(word)]))
    for match in _INLINE_QUIRKS.finditer(text):
        starts.append((match.start(), match.end(), LABELS[normalize(match.group())]))
    starts.sort(key=lambda item: item[0])
    pairs = []
    for index, (_, end, label) in enumerate(starts):
        stop = starts[index + 1][0] if index + 1 < len(starts) else len(text)
        if stop >= end:
            pairs.append((label, text[end:stop].strip()))
    return pairs


# Addresses ------------------------------------------------------------------------------------------------

EMAIL = re.compile(r"[A-Za-z0-9._%+\-'=!#$&*/?^`{|}~]{1,64}@[A-Za-z0-9\-]{1,63}(?:\.[A-Za-z0-9\-]{1,63}){1,8}")
_MAILTO_TAIL = re.compile(r"<mailto:[^<>\s]{1,320}>", re.IGNORECASE)
_MAILTO_BRACKET = re.compile(r"\[mailto:([^\[\]\s]{1,320})\]", re.IGNORECASE)
_OPENERS = {"<": ">", "(": ")", "[": "]"}
_QUOTES = " \t\"'«»„“”‚‘’`,;"


def clean_mailto(value: str) -> str:
    """`a@b<mailto:a@b>` becomes `a@b`, `Name [mailto:a@b]` becomes `Name <a@b>` (Outlook's text parts)."""
    return _MAILTO_BRACKET.sub(r"<\1>", _MAILTO_TAIL.sub("", value))


def clean_name(raw: str, email: str) -> str | None:
    name = " ".join(raw.strip(_QUOTES).split()).strip(_QUOTES)
    if not name or "@" in name or name.casefold() == email.casefold():
        return None
    return name


def address_list(value: str) -> list[tuple[str | None, str]]:
    """(name, email) pairs from a header value, in order.

    Reads `Name <a@b>`, `<a@b>`, `a@b`, `Name a@b`, `"Last, First" <a@b>`, unquoted `Last, First <a@b>`,
    `a@b <a@b>`, `Name (a@b)`, `Name [mailto:a@b]`, separated by commas or semicolons. Anchored on the
    addresses rather than on the separators, since Outlook leaves commas unquoted inside names.
    """
    value = clean_mailto(value)
    matches = list(EMAIL.finditer(value))
    pairs: list[tuple[str | None, str]] = []
    cursor = 0
    for index, match in enumerate(matches):
        start, end = match.span()
        before = value[start - 1] if start else ""
        bracketed = before in _OPENERS and value[end : end + 1] == _OPENERS[before]
        if not bracketed:
            following = matches[index + 1] if index + 1 < len(matches) else None
            if following is not None:
                gap = value[end : following.start()]
                if gap.strip(_QUOTES) in ("<", "(", "[", "(<"):
                    continue  # `a@b <a@b>`: the first is the display name of the second
            name_end, cursor_end = start, end
        else:
            name_end, cursor_end = start - 1, end + 1
            if before == "(" and value[start - 2 : start] == "((":
                name_end -= 1
        email = match.group().strip(".'")
        pairs.append((clean_name(value[cursor:name_end], email), email))
        cursor = cursor_end
    return pairs


# Subjects -------------------------------------------------------------------------------------------------

_PREFIXES = (
    # forwards
    "fwd", "fw", "tr", "wg", "rv", "i", "doorst", "pd", "enc", "vs", "vb", "vl", "videresend", "redir",
    "ilt", "İlt", "пересл", "rif",
    # replies
    "re", "aw", "antw", "sv", "svar", "odp", "res", "r", "vá", "ynt", "отв", "ответ", "відп",
)  # fmt: skip
_PREFIX = re.compile(
    r"\s{0,20}(?:\[[^\[\]]{0,40}\]\s{0,5})?(?:"
    + "|".join(sorted({re.escape(p) for p in _PREFIXES}, key=len, reverse=True))
    + r")\.?\s?(?:\[\d{1,4}\]|\(\d{1,4}\))?\s?[:：]\s{0,20}",
    re.IGNORECASE,
)
_BRACKETED_FORWARD = re.compile(r"\[(?:fwd?|fw)\s?:\s?", re.IGNORECASE)


def strip_subject_prefixes(subject: str) -> str:
    """Prefixes are consumed by position (no copy of the rest per prefix): linear however many there are."""
    text = unicodedata.normalize("NFC", subject).strip()
    start, end = 0, len(text)
    while start < end:
        bracketed = _BRACKETED_FORWARD.match(text, start, end)
        if bracketed and text[end - 1] == "]":  # Thunderbird's old "[Fwd: subject]"
            start, end = bracketed.end(), end - 1
            continue
        match = _PREFIX.match(text, start, end)
        if match is None or match.end() == start:
            break
        start = match.end()
    return text[start:end].strip()
