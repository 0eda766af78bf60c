"""Duplicates: pairs of contacts likely to be the same person, scored, with the reasons in words; and the
union a merge keeps. Pure.

A pair is certain when the two share an email address, a phone number or a LinkedIn profile; it is likely
when their names are close (accents, case, order, initials, a small typo) and they share a company or the
domain of a work address. Comparing every pair of 5,000 contacts is 12.5 million comparisons: contacts are
grouped instead by what a pair must share (an address, a number, a profile, or a word of the name with
the company or the work domain), and only contacts of a group are compared.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet
from datetime import datetime
from difflib import SequenceMatcher
from enum import StrEnum
from itertools import combinations
from typing import Any

from pydantic import Field, ValidationError, field_validator

from rapport.domain.contact import Contact, ContactCreate, Wish
from rapport.domain.errors import InvalidInput, NotFound
from rapport.domain.fields import unique
from rapport.domain.interaction import ContactId
from rapport.domain.locale import Locale
from rapport.domain.model import Model
from rapport.domain.vocabulary import Stage

# Addresses anyone can have: sharing one of these domains says nothing of a shared employer.
FREE_MAIL = frozenset(
    {
        "gmail.com", "googlemail.com", "yahoo.com", "yahoo.fr", "yahoo.co.uk", "ymail.com", "hotmail.com",
        "hotmail.fr", "hotmail.co.uk", "outlook.com", "outlook.fr", "live.com", "live.fr", "msn.com",
        "icloud.com", "me.com", "mac.com", "aol.com", "gmx.com", "gmx.de", "gmx.fr", "web.de", "mail.com",
        "protonmail.com", "proton.me", "pm.me", "yandex.com", "yandex.ru", "zoho.com", "orange.fr",
        "wanadoo.fr", "free.fr", "sfr.fr", "laposte.net", "neuf.fr", "bbox.fr", "numericable.fr", "skynet.be",
        "bluewin.ch", "libero.it", "t-online.de", "fastmail.com", "hey.com", "tutanota.com",
    }
)  # fmt: skip
# Words that name a company's legal form, not the company: "Lumen Bio SAS" is "Lumen Bio".
_LEGAL_FORMS = frozenset({"sa", "sas", "sasu", "sarl", "eurl", "inc", "ltd", "llc", "gmbh", "ag", "plc", "corp", "co"})
CLOSE_NAMES = 0.85  # a name similarity from which two names may be one person's
MAX_GROUP = 50  # a key shared by more contacts is nobody's in particular (a switchboard): not compared
_PAIR_ID = re.compile(r"^(?P<first>[0-9a-f]{1,64})\.(?P<second>[0-9a-f]{1,64})$")


class Card(Model):
    """What duplicates are found by: a contact's name and how to reach them, and nothing else (read for
    every contact, so kept small)."""

    contact_id: str
    name: str
    emails: list[str] = []
    phones: list[str] = []
    company: str | None = None
    linkedin_url: str | None = None


class Sign(StrEnum):
    """What two contacts share that makes them likely one person."""

    EMAIL = "email"
    PHONE = "phone"
    PROFILE = "profile"
    NAME = "name"
    COMPANY = "company"
    DOMAIN = "domain"


# How likely each certain sign alone makes the pair one person. A phone may be a shared switchboard.
_CERTAIN = {Sign.EMAIL: 1.0, Sign.PROFILE: 1.0, Sign.PHONE: 0.9}
# Close names: the likelihood at a perfect name match with the company, or the work domain, shared.
_WITH_COMPANY, _WITH_DOMAIN = 0.85, 0.8

_WORDS = {
    Locale.EN: {
        Sign.EMAIL: "same email: {value}",
        Sign.PHONE: "same phone: {value}",
        Sign.PROFILE: "same LinkedIn profile: {value}",
        Sign.NAME: "close names: {value}",
        Sign.COMPANY: "same company: {value}",
        Sign.DOMAIN: "same email domain: {value}",
    },
    Locale.FR: {
        Sign.EMAIL: "même adresse e-mail\u202f: {value}",
        Sign.PHONE: "même téléphone\u202f: {value}",
        Sign.PROFILE: "même profil LinkedIn\u202f: {value}",
        Sign.NAME: "noms proches\u202f: {value}",
        Sign.COMPANY: "même entreprise\u202f: {value}",
        Sign.DOMAIN: "même domaine d’adresse e-mail\u202f: {value}",
    },
}


class DuplicateReason(Model):
    sign: Sign
    value: str = Field(description="What they share: the address, the number, the two names, the company.")
    text: str = Field(description="The reason, in the networker's language.")


class Duplicate(Model):
    """Two contacts likely to be one person."""

    pair_id: str = Field(description="The two contact ids, sorted, joined by a dot: the same whichever way found.")
    contact_ids: tuple[str, str]
    score: float = Field(ge=0, le=1, description="How likely they are one person: 1 is certain.")
    reasons: list[DuplicateReason]


def pair_id(first: str, second: str) -> str:
    return ".".join(sorted((first, second)))


def parse_pair_id(value: str) -> tuple[str, str]:
    """The two contact ids of a pair id (sorted, distinct); NotFound otherwise (no pair has that id)."""
    match = _PAIR_ID.match(value)
    if not match or match["first"] >= match["second"]:
        raise NotFound(f"no pair {value}: a pair id is two contact ids, sorted, joined by a dot", "pair_id")
    return match["first"], match["second"]


def fold(text: str) -> str:
    """Accents, case and punctuation aside: "Anne-Sophie d'Hérouville" is "anne sophie d herouville"."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[^\w]+", " ", plain).split())


def name_likeness(first: str, second: str) -> float:
    """How alike two names are (0..1): order aside ("Martin Anne"), an initial for a first name
    ("A. Martin"), a middle name left out, one word with a small typo ("Anne Matrin")."""
    a, b = sorted(fold(first).split()), sorted(fold(second).split())
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    if _initials_fit(a, b) or _initials_fit(b, a):
        return 0.9
    if len(a) != len(b):
        short, long = sorted((a, b), key=len)
        return 0.85 if len(short) > 1 and set(short) <= set(long) else 0.0
    only_a, only_b = [w for w in a if w not in b], [w for w in b if w not in a]
    if len(only_a) == len(only_b) == 1 and min(len(only_a[0]), len(only_b[0])) >= 3:
        return 0.5 + 0.5 * SequenceMatcher(None, only_a[0], only_b[0], autojunk=False).ratio()
    return 0.0


def _initials_fit(short: list[str], full: list[str]) -> bool:
    """Every word of `short` is a word of `full` or the initial of one, each used once, one initial at least."""
    if len(short) != len(full) or all(len(w) > 1 for w in short):
        return False
    left = list(full)
    for word in sorted(short, key=len, reverse=True):  # whole words first: an initial takes what is left
        found = next((w for w in left if w == word or (len(word) == 1 and w.startswith(word))), None)
        if found is None:
            return False
        left.remove(found)
    return True


def company_key(company: str | None) -> str | None:
    words = [w for w in fold(company or "").split() if w not in _LEGAL_FORMS]
    return " ".join(words) or None


def work_domains(emails: Iterable[str]) -> set[str]:
    return {e.rsplit("@", 1)[1] for e in emails if "@" in e} - FREE_MAIL


def _keys(contact: Card | Contact) -> set[str]:
    """What a duplicate must share with this contact, one key each: contacts sharing none are never compared."""
    keys = {f"email {e}" for e in contact.emails} | {f"phone {p}" for p in contact.phones}
    if contact.linkedin_url:
        keys.add(f"profile {contact.linkedin_url}")
    contexts = {f"company {c}" for c in [company_key(contact.company)] if c}
    contexts |= {f"domain {d}" for d in work_domains(contact.emails)}
    # A word of the name (an initial is too common to group by) with the company or work domain.
    words = {w for w in fold(contact.name).split() if len(w) > 1}
    keys |= {f"{context} name {word}" for context in contexts for word in words}
    return keys


def candidates(contacts: Sequence[Card | Contact]) -> set[tuple[int, int]]:
    """The pairs (indexes into `contacts`) sharing a key: the only ones worth comparing."""
    groups: dict[str, list[int]] = defaultdict(list)
    for index, contact in enumerate(contacts):
        for key in _keys(contact):
            groups[key].append(index)
    return {pair for group in groups.values() if len(group) <= MAX_GROUP for pair in combinations(group, 2)}


def compare(first: Card | Contact, second: Card | Contact, locale: Locale) -> Duplicate | None:
    """The pair if the two are likely one person, with its score and reasons; None otherwise."""
    found: list[tuple[Sign, str, float]] = []
    found += [(Sign.EMAIL, e, _CERTAIN[Sign.EMAIL]) for e in first.emails if e in second.emails]
    found += [(Sign.PHONE, p, _CERTAIN[Sign.PHONE]) for p in first.phones if p in second.phones]
    if first.linkedin_url and first.linkedin_url == second.linkedin_url:
        found.append((Sign.PROFILE, first.linkedin_url, _CERTAIN[Sign.PROFILE]))
    likeness = name_likeness(first.name, second.name)
    if likeness >= CLOSE_NAMES:
        company = company_key(first.company)
        domains = sorted(work_domains(first.emails) & work_domains(second.emails))
        if company and company == company_key(second.company):
            found.append((Sign.NAME, _both(first.name, second.name), 0.0))
            found.append((Sign.COMPANY, first.company or company, _WITH_COMPANY * likeness))
        elif domains:
            found.append((Sign.NAME, _both(first.name, second.name), 0.0))
            found.append((Sign.DOMAIN, domains[0], _WITH_DOMAIN * likeness))
    if not found:
        return None
    doubt = 1.0
    for _, _, likely in found:
        doubt *= 1 - likely
    words = _WORDS[locale]
    reasons = [
        DuplicateReason(sign=sign, value=value, text=words[sign].format(value=value)) for sign, value, _ in found
    ]
    ids = tuple(sorted((first.contact_id, second.contact_id)))
    return Duplicate(pair_id=pair_id(*ids), contact_ids=ids, score=round(1 - doubt, 2), reasons=reasons)


def _both(first: str, second: str) -> str:
    return first if first == second else f"{first} / {second}"


def find(
    contacts: Sequence[Card | Contact], locale: Locale, dismissed: AbstractSet[str] = frozenset()
) -> list[Duplicate]:
    """The pairs likely to be one person, the likeliest first; those the networker dismissed left out."""
    found = []
    for i, j in candidates(contacts):
        if pair_id(contacts[i].contact_id, contacts[j].contact_id) in dismissed:
            continue
        first, second = sorted((contacts[i], contacts[j]), key=lambda c: c.contact_id)
        duplicate = compare(first, second, locale)
        if duplicate:
            found.append(duplicate)
    return sorted(found, key=lambda d: (-d.score, d.pair_id))


# Merging ----------------------------------------------------------------------------------------------


class MergeField(StrEnum):
    """A field of the contact that a merge can take from the other where both have a value."""

    NAME = "name"
    COMPANY = "company"
    TITLE = "title"
    HOW_WE_MET = "how_we_met"
    BIRTHDAY = "birthday"
    NOTES = "notes"
    LINKEDIN_URL = "linkedin_url"
    WHY = "why"
    PRIORITY = "priority"
    ORIGIN = "origin"
    CIRCLE = "circle"
    CADENCE = "cadence"


class MergeRequest(Model):
    other_id: ContactId = Field(description="The contact merged into this one, then deleted.")
    take: list[MergeField] = Field(
        default_factory=list,
        description="Fields whose value is taken from the other where both have one (by default this contact's "
        "is kept, and its blanks are filled from the other's; notes are joined).",
    )

    _unique = field_validator("take")(lambda cls, values: unique(values))


def union(survivor: Contact, other: Contact, take: Iterable[MergeField], now: datetime) -> Contact:
    """What the survivor of a merge holds: its fields, its blanks filled from the other's, where both have
    a different value the other's for the fields taken, notes joined, lists united, every identity kept
    (a re-import finds the survivor by any of them), the touch summaries of both; its follow-up date is the
    caller's to recompute."""
    taken = set(take)
    fields: dict[str, object] = {}
    for field in MergeField:
        mine, theirs = getattr(survivor, field), getattr(other, field)
        fields[field] = theirs if theirs is not None and (mine is None or field in taken) else mine
    if MergeField.NOTES not in taken and survivor.notes and other.notes and other.notes not in survivor.notes:
        fields["notes"] = f"{survivor.notes}\n\n{other.notes}"
    for name in ("emails", "phones", "tags"):
        fields[name] = unique([*getattr(survivor, name), *getattr(other, name)])
    for name in ("needs", "offers"):
        fields[name] = _wishes(getattr(survivor, name), getattr(other, name))
    _fits(fields)
    import_key = survivor.import_key or other.import_key
    identities = survivor.identities | other.identities
    met = Stage.MET in (survivor.declared_stage, other.declared_stage)
    return survivor.model_copy(
        update=fields
        | {
            "declared_stage": Stage.MET if met else survivor.declared_stage,
            "import_id": survivor.import_id or other.import_id,
            "import_key": import_key,
            "merged_identities": sorted(identities - {fields["linkedin_url"], import_key}),
            "merged_ids": unique([*survivor.merged_ids, other.contact_id, *other.merged_ids]),
            # the touch summary of both, until the stream reaction counts the touches moved
            "last_touch_at": max(filter(None, (survivor.last_touch_at, other.last_touch_at)), default=None),
            "first_met_at": min(filter(None, (survivor.first_met_at, other.first_met_at)), default=None),
            "help_given": survivor.help_given + other.help_given,
            "help_received": survivor.help_received + other.help_received,
            "updated_at": now,
            "version": survivor.version + 1,
        }
    )


def _fits(fields: dict[str, Any]) -> None:
    """The union is a contact the networker can edit: no more emails, phones, tags, needs, offers or notes than
    one may hold (ContactCreate's limits); else nothing is merged, and the reason says which field to shorten."""
    lists = {name: fields[name] for name in ("emails", "phones", "tags")}
    wishes = {name: [wish.label for wish in fields[name]] for name in ("needs", "offers")}
    try:
        ContactCreate.model_validate({"name": "-", "notes": fields["notes"]} | lists | wishes)
    except ValidationError as error:
        name = str(error.errors()[0]["loc"][0])
        held = len(fields[name]) if name != "notes" else f"{len(fields[name]):,} characters of"
        raise InvalidInput(
            f"the two contacts hold {held} {name} together, more than a contact may: shorten them first", name
        ) from None


def _wishes(mine: list[Wish], theirs: list[Wish]) -> list[Wish]:
    """Both lists, a label noted on both sides once: this contact's, noted at the earlier date."""
    kept = {wish.label.casefold(): wish for wish in mine}
    for wish in theirs:
        old = kept.get(wish.label.casefold())
        if old is None:
            kept[wish.label.casefold()] = wish
        elif wish.noted_at < old.noted_at:
            kept[wish.label.casefold()] = old.model_copy(update={"noted_at": wish.noted_at})
    return list(kept.values())


def emptied(other: Contact, now: datetime) -> Contact:
    """The other contact while its touches and the rest move: its addresses and identities are the
    survivor's already (claims move in the same write), and deleting it leaves no forgotten mark."""
    return other.model_copy(
        update={
            "emails": [],
            "linkedin_url": None,
            "import_key": None,
            "merged_identities": [],
            "updated_at": now,
            "version": other.version + 1,
        }
    )
