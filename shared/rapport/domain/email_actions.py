"""Email actions: signed addresses in an email that act without signing in (a digest line done or
snoozed, the digest turned off). The token carries everything the action needs, signed with the
networker's key (HMAC-SHA256): nobody can forge one, change what it does or use it for someone else.
Pure: the key and the time are arguments."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Annotated

from pydantic import Field, StringConstraints

from rapport.domain.errors import NotFound
from rapport.domain.ids import is_networker_id
from rapport.domain.model import Model


class ActionKind(StrEnum):
    DONE = "done"  # a digest line's reminders done, as Today's button does
    SNOOZE = "snooze"  # a digest line's reminders back in a week
    UNSUBSCRIBE = "unsubscribe"  # the digest by email turned off (RFC 8058 one-click)


# How long a link works: a line's action is for the days after the digest; unsubscribing stays possible
# from any digest kept in the mailbox.
LIFETIME = {
    ActionKind.DONE: timedelta(days=14),
    ActionKind.SNOOZE: timedelta(days=14),
    ActionKind.UNSUBSCRIBE: timedelta(days=400),
}
SNOOZE_DAYS = 7
# A token is at most this long (a person's line gathers a few reminders); longer is no token of ours.
MAX_TOKEN = 2000

_Id = Annotated[str, StringConstraints(min_length=1, max_length=100)]


class EmailAction(Model):
    """What a token says: whose, what to do, on which reminders (a digest line: one contact and the
    reminders it gathers), until when, and the web app to link to afterwards."""

    networker_id: _Id = Field(alias="n")
    action: ActionKind = Field(alias="a")
    contact_id: _Id | None = Field(default=None, alias="c")
    reminder_ids: list[_Id] = Field(default_factory=list, alias="r", max_length=20)
    expires: int = Field(alias="e")  # seconds since the epoch
    app_url: Annotated[str, StringConstraints(pattern=r"^https?://", max_length=200)] = Field(alias="u")

    model_config = {"populate_by_name": True, "extra": "forbid"}

    @property
    def expires_at(self) -> datetime:
        return datetime.fromtimestamp(self.expires, UTC)

    @property
    def once(self) -> bool:
        """Acting on a line happens once; unsubscribing again changes nothing."""
        return self.action is not ActionKind.UNSUBSCRIBE


def sign(action: EmailAction, key: bytes) -> str:
    """`<payload>.<signature>`, both base64url without padding: safe in a URL path as it is."""
    payload = _b64(json.dumps(action.model_dump(by_alias=True, exclude_none=True), separators=(",", ":")).encode())
    return f"{payload}.{_b64(_mac(payload, key))}"


def claimed(token: str) -> EmailAction:
    """What a token says, before its signature is checked (which needs the key of the networker it names).
    NotFound for anything that is no token of ours: not two parts, not base64, not UTF-8, not the fields."""
    payload, _ = _parts(token)
    try:
        action = EmailAction.model_validate(json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))))
    except ValueError:  # binascii, UTF-8, JSON and validation errors are all ValueErrors
        raise _unknown() from None
    if not is_networker_id(action.networker_id):  # checked before any key is built with it
        raise _unknown()
    return action


def verify(token: str, key: bytes, now: datetime) -> EmailAction:
    """The action a token signed with `key` says; NotFound when tampered with, signed with another key
    (someone else's link) or expired."""
    action = claimed(token)
    payload, signature = _parts(token)
    if not hmac.compare_digest(signature, _b64(_mac(payload, key))):
        raise _unknown()
    if action.expires_at <= now:
        raise NotFound("this link has expired: act from today's digest or from Rapport", "token")
    return action


def fingerprint(token: str) -> str:
    """Names a used token in storage (its signature is unique to it), short and without its contents."""
    return _b64(hashlib.sha256(_parts(token)[1].encode()).digest()[:16])


def _parts(token: str) -> tuple[str, str]:
    parts = token.split(".")
    if len(token) > MAX_TOKEN or len(parts) != 2 or not all(parts) or not all(p.isascii() for p in parts):
        raise _unknown()
    return parts[0], parts[1]


def _mac(payload: str, key: bytes) -> bytes:
    return hmac.new(key, payload.encode(), hashlib.sha256).digest()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unknown() -> NotFound:
    return NotFound("this link is not one Rapport wrote, or it was changed", "token")
