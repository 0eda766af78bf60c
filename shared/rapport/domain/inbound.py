"""Logging touches by email: the networker's inbound address, who may log through it, and what is kept
aside (quarantined) with the reason instead of logged. Pure."""

from __future__ import annotations

import base64
import hashlib
import re
import secrets
from datetime import datetime
from enum import StrEnum

from pydantic import ConfigDict, Field

from rapport.domain.fields import Name, ShortText
from rapport.domain.model import Model
from rapport.domain.vocabulary import Circle, Direction

LOCAL_PART = "log"
_TOKEN = re.compile(r"^[a-z2-7]{16}$")


def new_inbound_token() -> str:
    """80 random bits in lowercase base32: safe in an address's local part, which some servers lowercase."""
    return base64.b32encode(secrets.token_bytes(10)).decode().lower()


def inbound_address(token: str, domain: str) -> str:
    return f"{LOCAL_PART}+{token}@{domain}"


def token_of(recipient: str, domain: str) -> str | None:
    """The token of `log+<token>@<domain>` (any case), else None."""
    local, _, at = recipient.strip().lower().rpartition("@")
    prefix, _, token = local.partition("+")
    if at != domain.lower() or prefix != LOCAL_PART or not _TOKEN.match(token):
        return None
    return token


def message_key(message_id: str | None, fallback: str, stranger: str | None = None) -> str:
    """What makes a message the same message when it arrives again (per networker): its Message-ID,
    else the id SES gave it. Hashed: a Message-ID can be long and holds an address.

    `stranger` is None for mail from the networker (a verified address, authenticated, unambiguous):
    only such mail is known by its Message-ID alone. Any other mail's Message-ID is only what its sender
    says, so its key is also who it claims to be from (`stranger`, "" when nobody can be told): a forged
    copy never shares the key of the real message, so it can neither make it a duplicate nor take its
    place in the quarantine."""
    basis = f"mid:{message_id.strip().lower()}" if message_id and message_id.strip() else f"ses:{fallback}"
    if stranger is not None:
        basis += f"|from:{stranger.lower()}"
    return hashlib.sha256(basis.encode("utf-8", "surrogateescape")).hexdigest()[:40]


class Verdicts(Model):
    """SES's checks of a received message: PASS, FAIL, GRAY, PROCESSING_FAILED or DISABLED."""

    spf: str = "GRAY"
    dkim: str = "GRAY"
    dmarc: str = "GRAY"
    spam: str = "GRAY"
    virus: str = "GRAY"


class ReasonCode(StrEnum):
    AMBIGUOUS_SENDER = "ambiguous_sender"
    UNVERIFIED_SENDER = "unverified_sender"
    UNAUTHENTICATED = "unauthenticated"
    SPAM = "spam"
    VIRUS = "virus"
    UNREADABLE = "unreadable"
    NO_CONTACT = "no_contact"


class Reason(Model):
    code: ReasonCode
    detail: str


class Person(Model):
    name: str | None = None
    email: str


def authentication(verdicts: Verdicts) -> list[Reason]:
    """Spam and virus scans must pass; so must SPF, DKIM or DMARC, and DMARC must not fail (a DMARC
    failure is the sender's domain saying this message is not theirs: SPF or DKIM may pass for a
    spoofer's own domain, only DMARC ties them to the From address)."""
    reasons = []
    if verdicts.virus != "PASS":
        reasons.append(Reason(code=ReasonCode.VIRUS, detail=f"the virus scan did not pass ({verdicts.virus})"))
    if verdicts.spam != "PASS":
        reasons.append(Reason(code=ReasonCode.SPAM, detail=f"the spam scan did not pass ({verdicts.spam})"))
    checks = f"SPF {verdicts.spf}, DKIM {verdicts.dkim}, DMARC {verdicts.dmarc}"
    if verdicts.dmarc == "FAIL":
        detail = f"the sender's domain disowns this message ({checks})"
        reasons.append(Reason(code=ReasonCode.UNAUTHENTICATED, detail=detail))
    elif "PASS" not in (verdicts.spf, verdicts.dkim, verdicts.dmarc):
        detail = f"the sender could not be authenticated ({checks})"
        reasons.append(Reason(code=ReasonCode.UNAUTHENTICATED, detail=detail))
    return reasons


def unreadable(problems: list[str]) -> list[Reason]:
    return [Reason(code=ReasonCode.UNREADABLE, detail=problem) for problem in problems]


# The reasons that leave in doubt who wrote a message: its Message-ID is then not the networker's.
AUTHORSHIP = frozenset({ReasonCode.AMBIGUOUS_SENDER, ReasonCode.UNVERIFIED_SENDER, ReasonCode.UNAUTHENTICATED})


def sender_reason(
    sender: str | None, verified: set[str], unconfirmed: set[str], doubt: str | None = None
) -> list[Reason]:
    """Only the address itself counts (never a display name); a From header that leaves in doubt who wrote
    the message (`doubt`, see `rapport.mail.author`) is never taken for the networker's."""
    if doubt is not None:
        return [Reason(code=ReasonCode.AMBIGUOUS_SENDER, detail=f"who sent it cannot be told for sure: {doubt}")]
    if sender is None:
        return []  # unreadable already says so
    address = sender.lower()
    if address in verified:
        return []
    if address in unconfirmed:
        detail = f"{address} is one of your addresses but is not confirmed yet: open the link sent to it"
    else:
        detail = f"{address} is not one of your verified addresses"
    return [Reason(code=ReasonCode.UNVERIFIED_SENDER, detail=detail)]


class Quarantined(Model):
    """A message kept aside instead of logged: what was read of it, and why it was not logged."""

    quarantine_id: str
    received_at: datetime
    reasons: list[Reason]
    sender: Person | None = None
    subject: str | None = None
    summary: str | None = None
    occurred_at: datetime | None = None
    direction: Direction = Direction.INBOUND
    participants: list[Person] = []  # everyone it involves but the networker
    raw_message: str  # where the raw message is kept, until expires_at
    expires_at: datetime


class Suggestion(Model):
    """Someone who is not a contact yet, seen in mail the networker logged or tried to."""

    email: str
    name: str | None = None
    seen: int  # how many messages they were in
    first_seen_at: datetime
    last_seen_at: datetime
    ignored: bool = False
    quarantine_ids: list[str] = []  # messages kept aside only because nobody in them was a contact yet
    interaction_ids: list[str] = []  # touches logged from messages they were in, with other contacts


class SuggestionAccept(Model):
    model_config = ConfigDict(extra="forbid")

    name: Name | None = Field(default=None, description="Defaults to the display name seen in the mail.")
    company: ShortText | None = None
    circle: Circle = Circle.NETWORK
