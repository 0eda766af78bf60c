"""Profile items: one per networker."""

from __future__ import annotations

from rapport.domain.errors import Conflict
from rapport.domain.profile import Profile
from rapport.storage import keys
from rapport.storage.dynamo import Table, fields_of, to_item


class Profiles:
    def __init__(self, table: Table):
        self._table = table

    def get(self, networker_id: str) -> Profile | None:
        item = self._table.get(keys.networker(networker_id), keys.PROFILE)
        return Profile.model_validate(item) if item else None

    def create(self, profile: Profile) -> bool:
        """False when it already exists (two first requests racing)."""
        return self._table.put_new(self._item(profile))

    def replace(self, profile: Profile, read_version: int) -> None:
        conflict = Conflict("the profile changed since you read it; read it again", "version")
        self._table.put_versioned(self._item(profile), read_version, conflict)

    @staticmethod
    def _item(profile: Profile) -> dict:
        key = {"pk": keys.networker(profile.networker_id), "sk": keys.PROFILE, "type": "profile"}
        return to_item(key | fields_of(profile))
