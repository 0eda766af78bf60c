"""The networker's profile: created on first use from the verified claims, then edited."""

from __future__ import annotations

from datetime import datetime

from rapport.domain.errors import InvalidInput
from rapport.domain.fields import normalise_email, normalise_phone
from rapport.domain.model import Model
from rapport.domain.profile import Profile, ProfileEmail, ProfilePatch
from rapport.storage import Store


class Identity(Model):
    """Who is calling, from the JWT the API Gateway authorizer verified."""

    networker_id: str
    email: str | None = None
    name: str | None = None


def current(store: Store, identity: Identity, now: datetime) -> Profile:
    """The caller's profile, created on first use. The sign-in email counts as verified."""
    profile = store.profiles.get(identity.networker_id)
    if profile is not None:
        return profile
    emails = []
    if identity.email:
        try:
            emails = [ProfileEmail(address=normalise_email(identity.email), verified=True)]
        except ValueError:
            emails = []  # a provider may hand us something odd; the networker can add one later
    name = identity.name or (identity.email or "").split("@")[0] or "Networker"
    profile = Profile(networker_id=identity.networker_id, name=name, emails=emails, created_at=now, updated_at=now)
    if store.profiles.create(profile):
        return profile
    return store.profiles.get(identity.networker_id)  # created by a concurrent first request


def update(store: Store, profile: Profile, patch: ProfilePatch, now: datetime) -> Profile:
    patch.check_version(profile.version)
    changes = patch.changes()
    if "emails" in changes:
        changes["emails"] = _merge_emails(profile, changes["emails"])
    if changes.get("phone") is not None:
        changes["phone"] = normalise_phone(changes["phone"], changes.get("region", profile.region), "phone")
    updated = profile.model_copy(update=changes | {"updated_at": now, "version": profile.version + 1})
    store.profiles.replace(updated, read_version=profile.version)
    return updated


def _merge_emails(profile: Profile, addresses: list[str]) -> list[ProfileEmail]:
    """The sign-in address always stays first; known addresses keep their verification."""
    known = {e.address: e for e in profile.emails}
    sign_in = profile.sign_in_email
    ordered = ([sign_in] if sign_in else []) + [a for a in addresses if a != sign_in]
    if len(ordered) > 10:
        raise InvalidInput("at most 10 addresses", "emails")
    return [known.get(a) or ProfileEmail(address=a, verified=False) for a in ordered]
