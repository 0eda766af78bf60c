"""Email actions: the networker's signing key (made on first use), and acting on a link clicked in an email,
without signing in: the signed token is the proof (domain/email_actions.py)."""

from __future__ import annotations

import secrets
from datetime import datetime

from rapport.domain.email_actions import SNOOZE_DAYS, ActionKind, EmailAction, claimed, fingerprint, verify
from rapport.domain.errors import NotFound
from rapport.domain.model import Model
from rapport.domain.profile import Profile, ProfilePatch
from rapport.services import profiles, reminders
from rapport.storage import Store

KEY_BYTES = 32  # HMAC-SHA256's block-sized key, from the OS's random source


class Outcome(Model):
    """What a link is or did, for the page answering it."""

    action: EmailAction
    profile: Profile
    name: str | None  # the contact of a digest line, while it exists
    used: bool  # done or snoozed already (by this link)


def signing_key(store: Store, networker_id: str) -> bytes:
    """The networker's key, made when their first email with actions is composed."""
    kept = store.email_actions.key(networker_id)
    return kept or store.email_actions.keep_key(networker_id, secrets.token_bytes(KEY_BYTES))


def opened(store: Store, token: str, now: datetime) -> Outcome:
    """What a link would do, without doing it (a GET: mail scanners open links too)."""
    action, profile = _verified(store, token, now)
    used = action.once and store.email_actions.used(profile.networker_id, fingerprint(token))
    return Outcome(action=action, profile=profile, name=_name(store, action), used=used)


def act(store: Store, token: str, now: datetime) -> Outcome:
    """Do what the link says. A line's link works once (the second click says it was done); turning the
    digest email off when it is off already writes nothing."""
    action, profile = _verified(store, token, now)
    if action.action is ActionKind.UNSUBSCRIBE:
        if profile.channels.email:
            off = ProfilePatch(channels=profile.channels.model_copy(update={"email": False}))
            profile = profiles.update(store, profile, off, now)
        return Outcome(action=action, profile=profile, name=None, used=False)
    used = fingerprint(token)
    if not store.email_actions.use(profile.networker_id, used, action.expires_at):
        return Outcome(action=action, profile=profile, name=_name(store, action), used=True)
    try:
        _on_line(store, profile, action, now)
    except BaseException:
        store.email_actions.release(profile.networker_id, used)  # nothing was done: the link works again
        raise
    return Outcome(action=action, profile=profile, name=_name(store, action), used=False)


def _on_line(store: Store, profile: Profile, action: EmailAction, now: datetime) -> None:
    if action.action is ActionKind.DONE:
        reminders.done_line(store, profile, action.reminder_ids, now)
    else:
        reminders.snooze_line(store, profile, action.reminder_ids, SNOOZE_DAYS, now)


def _verified(store: Store, token: str, now: datetime) -> tuple[EmailAction, Profile]:
    networker_id = claimed(token).networker_id
    key = store.email_actions.key(networker_id)
    if key is None:
        raise NotFound("this link is not one Rapport wrote, or it was changed", "token")
    action = verify(token, key, now)
    profile = store.profiles.live(networker_id)
    if profile is None:
        raise NotFound("this account is closed", "token")
    return action, profile


def _name(store: Store, action: EmailAction) -> str | None:
    if action.contact_id is None:
        return None
    try:
        return store.contacts.get(action.networker_id, action.contact_id).name
    except NotFound:
        return None
