"""The account deletion's request and answer (`DELETE /me`)."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from rapport.delivery.words import say
from rapport.domain.model import Model
from rapport.domain.profile import Locale


class AccountDeletionRequest(Model):
    confirm: str = Field(
        max_length=320, description="The email of your account (any case): nothing is deleted without it."
    )


class AccountDeletion(Model):
    """The deletion under way: the account answers 410 from now on, its data goes within minutes."""

    deleting_since: datetime
    message: str = Field(description="In your language, for you to read.")

    @classmethod
    def under_way(cls, since: datetime, locale: Locale) -> AccountDeletion:
        return cls(deleting_since=since, message=say(locale, "deletion_under_way"))
