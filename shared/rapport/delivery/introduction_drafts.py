"""Drafts of an introduction's messages, in the networker's language. Pure: plain values in, text out.

Rapport never sends these: the networker copies them or opens the `mailto:` link, and sends them
from their own address. Two drafts:

- the opt-in ask, to the side asked (for `asked`): would you like me to introduce you to them?
- the introduction, to both sides (for `made`): who each is, and why they should meet.

Greetings use the first word of each name ("Marie" for "Marie Dupont"); descriptions use the
full name with the title and company when known. The reason is the networker's own sentence, kept
as written but on one line (a full stop is added if it has no closing punctuation). The labels that
met (from matching needs and offers), when given, are listed as the common ground.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from urllib.parse import quote

from pydantic import Field

from rapport.domain.locale import Locale
from rapport.domain.model import Model

# RFC 6068 lets these stand unencoded in an address; everything else is percent-encoded.
_ADDRESS_SAFE = "@!$'()*+;=-._~"


class Party(Model):
    """One side of an introduction, as plain values."""

    name: str
    email: str | None = None
    company: str | None = None
    title: str | None = None

    @property
    def first_name(self) -> str:
        words = self.name.split()
        return words[0] if words else self.name


class Draft(Model):
    subject: str
    body: str = Field(description="Plain text, lines separated by \\n.")
    recipients: list[str] = Field(description="Email addresses known; may be empty.")
    mailto: str = Field(description="A mailto: link (RFC 6068) opening this draft in the networker's mail app.")


_WORDS = {
    Locale.EN: {
        "ask_subject": "An introduction to {name}?",
        "ask_question": "Would you like me to introduce you to {other}?",
        "ask_close": (
            "If you are interested, just reply and I will put you in touch by email. And if the timing"
            " is not right, no worries at all."
        ),
        "intro_subject": "Introduction: {first} and {second}",
        "intro_greeting": "Hello {first}, hello {second},",
        "intro_opening": "I am delighted to introduce you to each other.",
        "intro_meet": "{reader}, meet {other}.",
        "intro_why": "Why I think you should meet: {reason}",
        "intro_close": "I will let you take it from here. I hope you enjoy the conversation!",
        "greeting": "Hello {name},",
        "common": "Common ground: {labels}.",
        "sign_off": "Best,",
        "title_company": "{title} at {company}",
        "company_only": "from {company}",
    },
    Locale.FR: {
        "ask_subject": "Une mise en relation avec {name}\u202f?",
        "ask_question": "Aimeriez-vous que je vous présente {other}\u202f?",
        "ask_close": (
            "Si cela vous intéresse, répondez-moi simplement et je vous mettrai en relation par e-mail."
            " Et si le moment n'est pas le bon, aucun souci."
        ),
        "intro_subject": "Mise en relation\u202f: {first} et {second}",
        "intro_greeting": "Bonjour {first}, bonjour {second},",
        "intro_opening": "J'ai le plaisir de vous mettre en relation.",
        "intro_meet": "{reader}, je vous présente {other}.",
        "intro_why": "Pourquoi je pense que vous devriez vous rencontrer\u202f: {reason}",
        "intro_close": "Je vous laisse poursuivre directement. Je vous souhaite un bel échange\u202f!",
        "greeting": "Bonjour {name},",
        "common": "Terrain commun\u202f: {labels}.",
        "sign_off": "Bien à vous,",
        "title_company": "{title} chez {company}",
        "company_only": "chez {company}",
    },
}


def describe(party: Party, locale: Locale) -> str:
    """'Paul Martin, CTO at Acme', 'Paul Martin, CTO', 'Paul Martin, from Acme' or 'Paul Martin'."""
    words = _WORDS[locale]
    title, company = (party.title or "").strip(), (party.company or "").strip()
    if title and company:
        return f"{party.name}, {words['title_company'].format(title=title, company=company)}"
    if title:
        return f"{party.name}, {title}"
    if company:
        return f"{party.name}, {words['company_only'].format(company=company)}"
    return party.name


def ask_draft(
    asked: Party,
    other: Party,
    reason: str,
    networker_name: str,
    locale: Locale,
    labels: Sequence[str] = (),
) -> Draft:
    """The opt-in ask to the side asked: would they like to be introduced to the other?"""
    words = _WORDS[locale]
    paragraphs = [
        words["greeting"].format(name=asked.first_name),
        words["ask_question"].format(other=describe(other, locale)),
        _sentence(reason),
        _common(labels, locale),
        words["ask_close"],
        _signature(networker_name, locale),
    ]
    subject = words["ask_subject"].format(name=other.name)
    return _draft(subject, paragraphs, [asked.email])


def introduction_draft(
    first: Party,
    second: Party,
    reason: str,
    networker_name: str,
    locale: Locale,
    labels: Sequence[str] = (),
) -> Draft:
    """The introduction email to both sides: who each is, and why they should meet."""
    words = _WORDS[locale]
    reason_text = _sentence(reason)
    meet = "\n".join(
        [
            words["intro_meet"].format(reader=first.first_name, other=describe(second, locale)),
            words["intro_meet"].format(reader=second.first_name, other=describe(first, locale)),
        ]
    )
    paragraphs = [
        words["intro_greeting"].format(first=first.first_name, second=second.first_name),
        words["intro_opening"],
        meet,
        words["intro_why"].format(reason=reason_text) if reason_text else "",
        _common(labels, locale),
        words["intro_close"],
        _signature(networker_name, locale),
    ]
    subject = words["intro_subject"].format(first=first.name, second=second.name)
    return _draft(subject, paragraphs, [first.email, second.email])


def mailto(recipients: Iterable[str], subject: str, body: str) -> str:
    """A mailto: URI (RFC 6068): addresses comma-separated in the path, subject and body
    percent-encoded (UTF-8), line breaks as %0D%0A."""
    to = ",".join(quote(address, safe=_ADDRESS_SAFE) for address in recipients)
    crlf = body.replace("\r\n", "\n").replace("\n", "\r\n")
    return f"mailto:{to}?subject={quote(subject, safe='')}&body={quote(crlf, safe='')}"


def _draft(subject: str, paragraphs: list[str], emails: list[str | None]) -> Draft:
    body = "\n\n".join(p for p in paragraphs if p) + "\n"
    recipients = list(dict.fromkeys(e.strip() for e in emails if e and e.strip()))
    return Draft(subject=subject, body=body, recipients=recipients, mailto=mailto(recipients, subject, body))


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    if text and text[-1] not in ".!?…)»\"'":
        text += "."
    return text


def _common(labels: Sequence[str], locale: Locale) -> str:
    kept = list(dict.fromkeys(label.strip() for label in labels if label and label.strip()))
    return _WORDS[locale]["common"].format(labels=", ".join(kept)) if kept else ""


def _signature(networker_name: str, locale: Locale) -> str:
    name = networker_name.strip()
    return f"{_WORDS[locale]['sign_off']}\n{name}" if name else _WORDS[locale]["sign_off"]
