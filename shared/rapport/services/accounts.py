"""Deleting a networker's account (`DELETE /me`, GDPR art. 17): everything of theirs, anywhere.

`request_deletion` checks the confirmation and marks the profile: from then on the account is gone for
everyone (the API answers 410, deliveries, mail, texts and imports act no more, reactions write nothing:
`Profiles.live`, `reactions.reactions_to`), and the profile's stream record asks for `delete`, which the
delete_account function runs from its queue. `delete` goes step by step, each idempotent, what tells where
something is last: schedules, files, shared items, each interaction's touch markers, the idempotency
partition, the networker's partition (read again until nothing but the profile is left, in case a write was
under way), their sign-in (Cognito's user pool), the profile, replaced by a tombstone naming only the
networker id (`Accounts.deleted`: a token issued before the deletion opens no new account).
Killed halfway, it is run again and finishes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from rapport.domain.errors import InvalidInput
from rapport.domain.model import Model
from rapport.domain.profile import Profile
from rapport.storage import Store

ROUNDS = 3  # partition reads: a write under way when the deletion began lands in the second at the latest


class DeletionRequest(Model):
    """On the account deletion queue: whose account to delete."""

    networker_id: str


class Schedules(Protocol):
    def forget(self, networker_id: str, meeting_ids: list[str]) -> int: ...


class Files(Protocol):
    def forget(self, networker_id: str, raw_messages: list[str]) -> int: ...


class SignIn(Protocol):
    def forget(self, networker_id: str) -> bool: ...


@dataclass(frozen=True)
class Elsewhere:
    """What the deletion reaches beyond the table (adapters: scheduler, buckets, sign-in)."""

    schedules: Schedules
    files: Files
    sign_in: SignIn


@dataclass
class Deleted:
    """What one run deleted."""

    items: int = 0
    schedules: int = 0
    files: int = 0
    sign_in: bool = False


def request_deletion(store: Store, profile: Profile, confirm: str, now: datetime) -> None:
    """Mark the account as being deleted if `confirm` is its email (case aside: the networker types it)."""
    expected = profile.sign_in_email or profile.networker_id  # an account without an email confirms with its id
    if confirm.strip().casefold() != expected.casefold():
        raise InvalidInput("type the email of your account to confirm its deletion", "confirm")
    store.accounts.mark_deleting(profile.networker_id, now)


def delete(store: Store, elsewhere: Elsewhere, networker_id: str, now: datetime) -> Deleted:
    """Delete everything of the networker's: what was deleted."""
    result = Deleted()
    profile = store.accounts.mark_deleting(networker_id, now)
    if profile is None:
        return result  # deleted already (a message delivered twice)
    for _ in range(ROUNDS):
        held = store.accounts.holdings(profile)
        result.schedules += elsewhere.schedules.forget(networker_id, held.meeting_ids)
        result.files += elsewhere.files.forget(networker_id, held.raw_messages)
        result.items += store.accounts.release(networker_id, held.claims)
        result.items += store.accounts.delete(held.outside)
        result.items += store.accounts.delete(held.idempotency)
        result.items += store.accounts.delete(held.touches)
        for partition in held.partitions:
            result.items += store.accounts.delete(store.accounts.partition_keys(partition))
        result.items += store.accounts.delete(held.own)
        if not held.own:
            break  # nothing was left but the profile
    else:
        raise RuntimeError(f"items of {networker_id} are still being written after {ROUNDS} rounds")
    result.sign_in = elsewhere.sign_in.forget(networker_id)
    store.accounts.delete_profile(networker_id, now)
    result.items += 1
    return result
