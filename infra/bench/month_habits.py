"""The networkers of the month of digests (`month`), how their digests are read, and what is measured.
Pure: no runtime here, so that `tests/infra/test_month.py` checks each piece quickly.

Each networker holds about 30 contacts, named so that they are recognised in any wording of the
digest: unique first and last names, the first name said first. Their creation days stand for their
last touch (never touched but met: the follow-up counts from when the contact was added), spread
so that some fall due every week and some are overdue from the first day; in the inner circle, one
friend is two months without news. Two people are still to meet; some hold a need that another's
offer meets (a help opportunity); a few have their birthday in the month. Half the networkers act
on the first lines of their digest on most days (a call logged, the line done, or snoozed a week);
the other half ignore their digests. One in five has the digest by text instead of email, and acts
by texting back ("done 2").
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from statistics import median
from zoneinfo import ZoneInfo

from rapport.domain.contact import Birthday, ContactCreate
from rapport.domain.vocabulary import Circle, Priority, Stage

NETWORKERS = 100
DAYS = 14  # two weeks, scaled to a month (30 days): a month of 100 takes 13 minutes on moto
START = datetime(2026, 2, 2, tzinfo=ZoneInfo("UTC"))  # a Monday outside greetings seasons and summer time
PLACES = (("Europe/Paris", "fr"), ("America/New_York", "en"))
DIGEST_TIMES = ("07:30", "08:30", "09:00")
BY_TEXT = (4, 5)  # of every ten networkers, these have the digest by text (one acts, one ignores)
ACT_ON_DAYS = 0.6  # share of the days an acting networker acts on their digest
ACTIONS = ("touch", "done", "snooze")
# (circle, how many, most days since added): the inner friend two months without news comes on top.
HELD = ((Circle.INNER, 5, 20), (Circle.ACTIVE, 7, 50), (Circle.NETWORK, 10, 140), (Circle.LOOSE, 5, 260))
FRIEND_DAYS = 62
TO_MEET = 2
WISHES = (("levée de fonds", "fundraising"), ("a CTO", "directeur technique"), ("recrutement", "hiring"))
BIRTHDAYS = 2

FIRST = (
    "Anne Bruno Chloé Damien Elise Fabien Gaëlle Hugo Inès Julien Karim Léa Mathis Nadia Olivier Pauline "
    "Quentin Rose Samir Thomas Ursule Victor Wendy Xavier Yasmine Zoé Adrien Bérénice Cyril Diane Étienne "
    "Flora Gilles Hélène Ivan Jeanne Kevin Lucie Marc Noémie"
).split()
LAST = (
    "Martin Petit Roux Lefebvre Moreau Girard Bonnet Dupont Lambert Fontaine Rousseau Vincent Muller Faure "
    "Mercier Blanc Guerin Boyer Garnier Chevalier Legrand Gauthier Perrin Robin Clement Morin Nicolas Henry "
    "Mathieu Masson Marchand Duval Denis Dumont Marie Lemaire Noel Meyer Dufour Meunier"
).split()


@dataclass
class Acquaintance:
    draft: ContactCreate
    days_since_added: int  # before the month starts


@dataclass
class Networker:
    index: int
    timezone: str
    locale: str
    digest_time: str
    sms: bool
    acts: bool
    acquaintances: list[Acquaintance]
    sub: str = ""  # set once the profile exists
    contact_ids: dict[str, str] = field(default_factory=dict)  # name -> contact id

    @property
    def names(self) -> list[str]:
        return [a.draft.name for a in self.acquaintances]

    def digest_moment(self, day: date) -> str:
        """When the digest of `day` is sent, as the outbox writes times (UTC)."""
        local = datetime.combine(day, datetime.strptime(self.digest_time, "%H:%M").time(), ZoneInfo(self.timezone))
        return local.astimezone(ZoneInfo("UTC")).strftime("%Y-%m-%dT%H:%M:%SZ")


def networker(index: int) -> Networker:
    """The `index`th networker, always the same (seeded by `index`)."""
    rng = random.Random(index)
    timezone, locale = PLACES[index % len(PLACES)]
    firsts, lasts = rng.sample(FIRST, len(FIRST)), rng.sample(LAST, len(LAST))
    names = iter(f"{first} {last}" for first, last in zip(firsts, lasts, strict=True))
    people: list[tuple[dict, int]] = []  # (the contact's fields, days since added)
    for circle, count, most_days in HELD:
        for n in range(count):
            days = FRIEND_DAYS if circle is Circle.INNER and n == 0 else rng.randint(0, most_days)
            people.append(({"name": next(names), "circle": circle, "needs": [], "offers": []}, days))
    met = [fields for fields, _ in people]
    for n in range(TO_MEET):
        priority = Priority.HIGH if n == 0 else Priority.NORMAL
        to_meet = {"name": next(names), "stage": Stage.TO_MEET, "why": "talk about their field", "priority": priority}
        people.append((to_meet, rng.randint(0, 60)))
    for need, offer in WISHES[: rng.randint(1, len(WISHES))]:  # a need on one, the offer meeting it on another
        asking, offering = rng.sample(met, 2)
        asking["needs"].append(need)
        offering["offers"].append(offer)
    for fields in rng.sample(met, BIRTHDAYS):
        day = START.date() + timedelta(days=rng.randint(1, DAYS - 1))
        fields["birthday"] = Birthday(day=day.day, month=day.month, year=rng.randint(1960, 2000))
    return Networker(
        index=index,
        timezone=timezone,
        locale=locale,
        digest_time=rng.choice(DIGEST_TIMES),
        sms=index % 10 in BY_TEXT,
        acts=index % 2 == 0,
        acquaintances=[Acquaintance(ContactCreate(**fields), days) for fields, days in people],
    )


# ---------------------------------------------------------------------- reading a digest
_NUMBERED = re.compile(r"^\s*\d{1,2}[.)]\s+(?P<line>.+)$", re.MULTILINE)


def people_named(text: str, names: Iterable[str]) -> list[str]:
    """Who a digest names, in its order: on each numbered line ("1. Anne Martin (Acme), overdue",
    "2. Bruno Petit — 2 mois sans nouvelles", "3. Chloé" in a text), the known name it starts with,
    else the first known name in it; a numbered line with no known name is given as it is, so that
    the count shows it. Only the line's own person: the names in its reasons ("ask Paul to introduce
    you") come after. The one place to adapt when the digest's wording changes."""
    known = sorted(names, key=len, reverse=True)  # "Anne Martinez" before "Anne Martin"
    pattern = re.compile("|".join(rf"\b{re.escape(name)}\b" for name in known)) if known else None
    found = []
    for numbered in _NUMBERED.finditer(text):
        line = numbered["line"].strip()
        first = pattern.search(line) if pattern else None
        found.append(first.group(0) if first else line)
    return found


def acted_on(person: Networker, day: date, named: list[str]) -> dict[str, str]:
    """What the networker does that day about the people their digest named: name -> action (a touch
    logged, the line done, or snoozed). Acting networkers act on the first one or two most days."""
    if not person.acts or not named:
        return {}
    rng = random.Random(f"{person.index} {day}")
    if rng.random() >= ACT_ON_DAYS:
        return {}
    first = list(dict.fromkeys(named))[: rng.randint(1, 2)]
    return {name: rng.choice(ACTIONS) for name in first}


# ---------------------------------------------------------------------- what is measured
@dataclass
class Digest:
    """One digest as the networker read it, and what they did about it that day."""

    networker: int
    day: date
    channel: str  # email or sms
    named: list[str]  # in order (a person on two lines is there twice)
    overdue_inner: set[str]  # of the people named, those of the inner circle overdue that morning
    acted: set[str] = field(default_factory=set)


@dataclass
class Figures:
    emails: float  # per networker per month, everything (digests, weekly reviews)
    digest_emails: float
    texts: float  # per networker per month (digests by text, replies to commands)
    texts_by_text: float  # per networker who has the digest by text
    people_median: float  # people named per digest
    people_max: int
    unknown_lines: int  # numbered lines naming nobody known: the reading needs adapting
    with_overdue_inner: int  # digests naming an overdue inner-circle contact
    overdue_inner_first: int  # ... first
    repeats: int  # a person named and not acted on, named again the next day


def figures(digests: list[Digest], people: list[Networker], emails: int, texts: int, days: int) -> Figures:
    """The month's figures from its digests and the counts of messages sent, scaled to 30 days."""
    month = 30 / days
    by_text = len([p for p in people if p.sms]) or 1
    named = [len(set(d.named)) for d in digests] or [0]
    known = {p.index: set(p.names) for p in people}
    by_day = {(d.networker, d.day): d for d in digests}
    repeats = 0
    for d in digests:
        after = by_day.get((d.networker, d.day + timedelta(days=1)))
        if after is not None:
            repeats += len((set(d.named) & set(after.named)) - d.acted)
    overdue = [d for d in digests if d.overdue_inner]
    return Figures(
        emails=emails * month / len(people),
        digest_emails=len([d for d in digests if d.channel == "email"]) * month / len(people),
        texts=texts * month / len(people),
        texts_by_text=texts * month / by_text,
        people_median=median(named),
        people_max=max(named),
        unknown_lines=sum(1 for d in digests for name in d.named if name not in known[d.networker]),
        with_overdue_inner=len(overdue),
        overdue_inner_first=len([d for d in overdue if d.named[0] in d.overdue_inner]),
        repeats=repeats,
    )
