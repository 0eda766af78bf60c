"""What an address book says of someone (a vCard, a line of Google's or Outlook's CSV) and the contact it
becomes. Pure; shared by the readers of `vcards.py` and `contact_csv.py`.

Address-book contacts are people the networker knows: `met`. Nothing the file says is lost for being
odd: a phone or an email that cannot be read, a web page other than a LinkedIn profile, a birthday in an
unknown shape goes into the contact's notes, with a word in the networker's language.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from pydantic import ValidationError

from rapport.domain.contact import Birthday, ContactCreate
from rapport.domain.errors import InvalidInput
from rapport.domain.fields import normalise_email, normalise_linkedin, normalise_phone
from rapport.domain.import_files import Rejected, Row
from rapport.domain.locale import Locale
from rapport.domain.vocabulary import Stage

MAX_EMAILS, MAX_PHONES, MAX_TAGS, MAX_NOTES = 20, 10, 50, 10_000

# What the notes say of what could not go elsewhere (French typography: a narrow no-break space before ":").
_IN_NOTES = {
    Locale.EN: {"phone": "Phone: {}", "email": "Email: {}", "url": "Web: {}", "birthday": "Birthday: {}"},
    Locale.FR: {"phone": "Téléphone\u202f: {}", "email": "E-mail\u202f: {}", "url": "Web\u202f: {}",
                "birthday": "Anniversaire\u202f: {}"},
}  # fmt: skip

# A birthday as address books write it: 1980-05-17, 19800517, --05-17 or --0517 (no year), with a time sometimes.
_BIRTHDAY = re.compile(r"^(\d{4}|--)-?(\d{2})-?(\d{2})(?:T.*)?$")
# Google's own groups, not the networker's: "* myContacts", "* starred", "Imported on 3/14".
_SYSTEM_GROUP = re.compile(r"^(?:\* )?(?:my ?contacts|starred|imported on .*)$", re.IGNORECASE)
_SLASHED = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})$")  # Outlook's 5/17/1980 (or 17/5/1980)


@dataclass
class Details:
    """Someone as an address book lists them, before any check."""

    line: int
    name: str = ""
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    company: str = ""
    title: str = ""
    birthday: str = ""
    notes: str = ""
    tags: list[str] = field(default_factory=list)
    urls: list[tuple[str, str]] = field(default_factory=list)  # (address, its label, if any)
    uid: str = ""  # the card's own identity (vCard's UID), kept across exports


def birthday(text: str) -> Birthday | None:
    """The birthday in any shape address books use; None if it is none of them (or no day of the calendar).
    A year out of range (Apple writes 1604 for "no year") is a birthday without its year."""
    text = text.strip()
    if match := _BIRTHDAY.match(text):
        year, month, day = (None if match[1] == "--" else int(match[1])), int(match[2]), int(match[3])
    elif match := _SLASHED.match(text):
        first, second, year = int(match[1]), int(match[2]), int(match[3])
        month, day = (second, first) if first > 12 else (first, second)  # US order unless it cannot be
        year = year + (1900 if year >= 30 else 2000) if year < 100 else year
    else:
        return None
    if year is not None and not 1900 <= year <= 2100:
        year = None
    try:
        return Birthday(day=day, month=month, year=year)
    except ValidationError:
        return None


def written_birthday(born: Birthday, separator: str) -> str:
    """1980-05-17, or --05-17 without a year (vCard writes them without the separator: --0517)."""
    day = f"{born.month:02d}{separator}{born.day:02d}"
    return f"{born.year:04d}{separator}{day}" if born.year else f"--{day}"


def to_row(details: Details, origin: str, region: str | None, locale: Locale) -> Row | Rejected:
    """The contact someone becomes, and who they are across imports; or why they cannot be one."""
    words = _IN_NOTES[locale]
    notes = [details.notes.strip()] if details.notes.strip() else []
    emails: list[str] = []
    for text in filter(None, (e.strip() for e in details.emails)):
        try:
            emails.append(normalise_email(text.removeprefix("mailto:")))
        except ValueError:
            notes.append(words["email"].format(text))
    phones: list[str] = []
    for text in filter(None, (p.strip() for p in details.phones)):
        try:
            phones.append(normalise_phone(text.removeprefix("tel:"), region, "phones"))
        except InvalidInput:
            notes.append(words["phone"].format(text))
    linkedin_url = None
    for url, label in ((u.strip(), label) for u, label in details.urls if u.strip()):
        try:
            profile = normalise_linkedin(url)
        except ValueError:
            profile = None
        if profile and linkedin_url in (None, profile):
            linkedin_url = profile
        else:
            notes.append(words["url"].format(f"{url} ({label})" if label else url))
    born = birthday(details.birthday) if details.birthday.strip() else None
    if details.birthday.strip() and born is None and not details.birthday.startswith("0/0/"):  # Outlook's "none"
        notes.append(words["birthday"].format(details.birthday.strip()))
    emails, phones = list(dict.fromkeys(emails)), list(dict.fromkeys(phones))
    name = " ".join(details.name.split()) or details.company.strip() or (emails[0] if emails else "")
    if not name:
        return Rejected(line=details.line, reason="no name, organisation or email")
    groups = (" ".join(t.split()) for t in details.tags if not _SYSTEM_GROUP.match(t.strip()))
    tags = list(dict.fromkeys(t.removeprefix("* ").lower()[:60] for t in groups if t.removeprefix("* ")))
    fields = {
        "name": name[:200],
        "emails": emails[:MAX_EMAILS],
        "phones": phones[:MAX_PHONES],
        "company": details.company.strip()[:200] or None,
        "title": details.title.strip()[:200] or None,
        "birthday": born,
        "notes": "\n".join(notes)[:MAX_NOTES] or None,
        "tags": tags[:MAX_TAGS],
        "linkedin_url": linkedin_url,
        "stage": Stage.MET,
        "origin": origin,
    }
    try:
        contact = ContactCreate.model_validate(fields)
    except ValidationError as error:
        first = error.errors()[0]
        return Rejected(line=details.line, reason=f"{first['loc'][0]}: {first['msg'].removeprefix('Value error, ')}")
    return Row(line=details.line, contact=contact, identity=identity(contact, details.uid))


def identity(contact: ContactCreate, uid: str = "") -> str:
    """Who someone is across imports of their address book: the card's UID, else the first email, else the
    first phone, else the name without case or accents."""
    if uid.strip():
        return f"uid:{uid.strip()}"
    if contact.emails:
        return contact.emails[0]
    if contact.phones:
        return contact.phones[0]
    folded = "".join(c for c in unicodedata.normalize("NFKD", contact.name) if not unicodedata.combining(c))
    return f"name:{' '.join(folded.casefold().split())}"
