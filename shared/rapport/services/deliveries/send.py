"""Send once: the one place that checks the send record, sends, and records.

At most one message per send key (networker, local date, channel, kind), however often the request
comes: the send record is read first, and the senders are idempotent on the same key, so a retry after
a crash between the send and its record finds the first send's message id instead of sending again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from typing import Protocol

from rapport.domain.model import Model
from rapport.domain.profile import Profile
from rapport.storage import Store
from rapport.storage.sends import SendKey


class Senders(Protocol):
    """The outside world (`rapport.adapters.senders`), each send idempotent on its key."""

    address: str  # the email sender
    public_url: str  # the API's, for links in emails
    app_url: str  # the web app's: Today is {app_url}/app

    def email(self, key: SendKey, message: EmailMessage) -> str: ...
    def sms(self, key: SendKey, phone: str, text: str) -> str: ...
    def opted_out(self, phone: str) -> bool: ...


@dataclass(frozen=True)
class Email:
    message: EmailMessage


@dataclass(frozen=True)
class Text:
    phone: str
    text: str
    on_sent: Callable[[], None] | None = None  # kept with it once sent, before the record (a retry keeps it again)


class Delivery(Model):
    outcomes: dict[str, str]  # channel -> sent, already_sent, nothing_due, opted_out, deferred, off, ...
    retry_at: datetime | None = None  # set when a channel must wait (quiet hours)


def send_once(
    store: Store, senders: Senders, key: SendKey, compose: Callable[[], Email | Text | str], now: datetime
) -> str:
    """The outcome: sent, already_sent, or what `compose` gave instead of a message (nothing_due, opted_out...).
    `compose` is called only when the message was not sent yet."""
    if store.sends.was_sent(key):
        return "already_sent"
    message = compose()
    if isinstance(message, str):
        return message
    if isinstance(message, Email):
        message_id = senders.email(key, message.message)
    else:
        message_id = senders.sms(key, message.phone, message.text)
        if message.on_sent is not None:
            message.on_sent()
    store.sends.record(key, message_id, now)
    return "sent"


def wants(profile: Profile, channel: str) -> bool:
    """Whether the networker hears from Rapport on this channel."""
    if channel == "email":
        return profile.channels.email and profile.sign_in_email is not None
    return profile.channels.sms and profile.phone is not None and not profile.sms_stopped
