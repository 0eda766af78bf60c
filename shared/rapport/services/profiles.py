"""The networker's profile: created on first use from the verified claims, then edited; the addresses
they may log mail from (confirmed by a link), their secret inbound address and calendar feed."""

from __future__ import annotations

import hmac
import math
import secrets
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from rapport.domain import calendar_feed
from rapport.domain.errors import Conflict, Gone, InvalidInput, NotFound, TooManyRequests
from rapport.domain.fields import normalise_email, normalise_phone
from rapport.domain.ids import new_id
from rapport.domain.inbound import new_inbound_token
from rapport.domain.limits import CODES_TEXTED, WRONG_CODES
from rapport.domain.model import Model
from rapport.domain.profile import (
    Confirmation,
    PhoneCode,
    PhoneRequest,
    PhoneVerify,
    Profile,
    ProfileEmail,
    ProfilePatch,
)
from rapport.storage import Store

CONFIRMATION_LIFETIME = timedelta(days=7)
CODE_LIFETIME = timedelta(minutes=10)


class Identity(Model):
    """Who is calling, from the JWT the API Gateway authorizer verified."""

    networker_id: str
    email: str | None = None
    email_verified: bool = False  # the identity provider checked the email (the `email_verified` claim)
    name: str | None = None


def current(store: Store, identity: Identity, now: datetime) -> Profile:
    """The caller's profile, created on first use. The sign-in email counts as verified only when the
    token says so; else it gets a confirmation link, as any address added. Gone for an account being deleted,
    or deleted (a token issued before the deletion is still valid for up to an hour)."""
    profile = store.profiles.get(identity.networker_id)
    if profile is None:
        if store.accounts.deleted(identity.networker_id):
            raise Gone("this account was deleted", "networker_id")
        profile = _first(store, identity, now)
    if profile.deleting_since is not None:
        raise Gone("this account is being deleted", "networker_id")
    if profile.inbound_token is None:  # a profile from before inbound email
        profile = rotate_inbound_address(store, profile, now)
    if profile.calendar_feed_secret is None:  # a profile from before the calendar feed
        profile = rotate_calendar_feed(store, profile, now)
    return profile


def _first(store: Store, identity: Identity, now: datetime) -> Profile:
    emails = []
    if identity.email:
        try:
            emails = [ProfileEmail(address=normalise_email(identity.email), verified=identity.email_verified)]
        except ValueError:
            emails = []  # a provider may hand us something odd; the networker can add one later
    name = identity.name or (identity.email or "").split("@")[0] or "Networker"
    profile = Profile(
        networker_id=identity.networker_id,
        name=name,
        emails=emails,
        inbound_token=new_inbound_token(),
        calendar_feed_secret=calendar_feed.new_secret(),
        created_at=now,
        updated_at=now,
    )
    unverified = [_confirmation(e.address, now) for e in emails if not e.verified]
    if store.profiles.create(profile, unverified):
        return profile
    created = store.profiles.get(identity.networker_id)  # by a concurrent first request
    assert created is not None
    return created


def update(store: Store, profile: Profile, patch: ProfilePatch, now: datetime) -> Profile:
    """Apply the patch; each newly added address gets a confirmation link (sent by the stream reaction)."""
    patch.check_version(profile.version)
    changes = patch.changes()
    if "emails" in changes:
        changes["emails"] = _merge_emails(profile, changes["emails"])
    updated = profile.model_copy(update=changes | {"updated_at": now, "version": profile.version + 1})
    known = {e.address for e in profile.emails}
    added = [e.address for e in updated.emails if not e.verified and e.address not in known]
    store.profiles.replace(updated, profile, [_confirmation(address, now) for address in added])
    return updated


def request_phone_code(store: Store, profile: Profile, request: PhoneRequest, now: datetime) -> PhoneCode:
    """Text a 6-digit code to the number (the stream reaction hands it to the deliver function): at most
    3 an hour and 10 a day to the networker, and as many to the number, whoever asks."""
    number = normalise_phone(request.phone, profile.region, "phone")
    mine, the_number = store.profiles.codes_texted(profile.networker_id, number)
    for attempts, whom in ((mine, "for you"), (the_number, "to this number")):
        if allowed_at := attempts.allowed_at(now, CODES_TEXTED):
            what = f"At most 3 codes an hour and 10 a day are texted {whom}: ask again"
            raise _too_many(what, "phone", profile, allowed_at, now)
    code = PhoneCode(
        code_id=new_id(now),
        phone=number,
        code=f"{secrets.randbelow(10**6):06d}",
        requested_at=now,
        expires_at=now + CODE_LIFETIME,
    )
    store.profiles.save_phone_code(
        profile.networker_id, code, mine.plus(now, CODES_TEXTED), the_number.plus(now, CODES_TEXTED)
    )
    return code


def verify_phone(store: Store, profile: Profile, request: PhoneVerify, now: datetime) -> Profile:
    """The number is the networker's once the code texted to it is typed back within 10 minutes. Wrong
    codes are counted per number over the last hour, whatever codes were sent meanwhile: 5, then wait.
    SMS digests and commands then use it."""
    pending = store.profiles.phone_code(profile.networker_id)
    if pending is None or pending.expires_at <= now:
        raise NotFound("no code is pending (or it expired): ask for one with PUT /me/phone", "code")
    wrong = store.profiles.wrong_codes(pending.phone)
    if allowed_at := wrong.allowed_at(now, WRONG_CODES):
        raise _too_many("5 wrong codes for this number in an hour: try again", "code", profile, allowed_at, now)
    if not hmac.compare_digest(pending.code, request.code):
        store.profiles.count_wrong_code(pending.phone, wrong.plus(now, WRONG_CODES))
        left = wrong.left(now, WRONG_CODES[0]) - 1
        raise InvalidInput(f"is not the code sent ({left} {'try' if left == 1 else 'tries'} left this hour)", "code")
    changes = {"phone": pending.phone, "sms_stopped": False, "updated_at": now, "version": profile.version + 1}
    updated = profile.model_copy(update=changes)
    store.profiles.verify_phone(updated, profile, pending)
    return updated


def _too_many(what: str, field: str, profile: Profile, allowed_at: datetime, now: datetime) -> TooManyRequests:
    """The refusal, saying when to try again: in the networker's time zone, and in seconds (Retry-After)."""
    local = allowed_at.astimezone(ZoneInfo(profile.timezone))
    when = local.strftime("%H:%M" if local.date() == now.astimezone(local.tzinfo).date() else "%Y-%m-%d %H:%M")
    seconds = max(math.ceil((allowed_at - now).total_seconds()), 1)
    return TooManyRequests(
        f"{what} after {when} ({profile.timezone}), in {seconds} seconds", field, retry_after=seconds
    )


def remove_phone(store: Store, profile: Profile, now: datetime) -> Profile:
    updated = profile.model_copy(update={"phone": None, "updated_at": now, "version": profile.version + 1})
    store.profiles.remove_phone(updated, profile)
    return updated


def rotate_inbound_address(store: Store, profile: Profile, now: datetime) -> Profile:
    """A new secret inbound address; the old one stops working at once."""
    updated = profile.model_copy(
        update={"inbound_token": new_inbound_token(), "updated_at": now, "version": profile.version + 1}
    )
    store.profiles.replace(updated, profile)
    return updated


def rotate_calendar_feed(store: Store, profile: Profile, now: datetime) -> Profile:
    """A new secret calendar feed address; the old one answers nothing from now on."""
    updated = profile.model_copy(
        update={"calendar_feed_secret": calendar_feed.new_secret(), "updated_at": now, "version": profile.version + 1}
    )
    store.profiles.replace(updated, profile)
    return updated


def resend_confirmation(store: Store, profile: Profile, address: str, now: datetime) -> Confirmation:
    """A new link for an address not confirmed yet (earlier links still work until they expire)."""
    address = address.strip().lower()
    entry = next((e for e in profile.emails if e.address == address), None)
    if entry is None:
        raise NotFound(f"{address} is not one of your addresses: add it with PATCH /me first", "email")
    if entry.verified:
        raise Conflict(f"{address} is confirmed already", "email")
    confirmation = _confirmation(address, now)
    updated = profile.model_copy(update={"updated_at": now, "version": profile.version + 1})
    store.profiles.replace(updated, profile, [confirmation])
    return confirmation


def confirm(store: Store, token: str, now: datetime) -> tuple[Profile, str]:
    """Mark the address of this link verified: (the profile, the address)."""
    networker_id, confirmation = store.profiles.confirmation(token, now)
    address = confirmation.address
    profile = store.profiles.get(networker_id)
    if profile is None or not any(e.address == address for e in profile.emails):
        raise NotFound(f"{address} was removed from the profile since this link was sent", "token")
    verified = [e.model_copy(update={"verified": True}) if e.address == address else e for e in profile.emails]
    updated = profile.model_copy(update={"emails": verified, "updated_at": now, "version": profile.version + 1})
    store.profiles.confirm(updated, profile, token)
    return updated, address


def _confirmation(address: str, now: datetime) -> Confirmation:
    return Confirmation(token=secrets.token_urlsafe(24), address=address, expires_at=now + CONFIRMATION_LIFETIME)


def _merge_emails(profile: Profile, addresses: list[str]) -> list[ProfileEmail]:
    """The sign-in address always stays first; known addresses keep their verification."""
    known = {e.address: e for e in profile.emails}
    sign_in = profile.sign_in_email
    ordered = ([sign_in] if sign_in else []) + [a for a in addresses if a != sign_in]
    if len(ordered) > 10:
        raise InvalidInput("at most 10 addresses", "emails")
    return [known.get(a) or ProfileEmail(address=a, verified=False) for a in ordered]
