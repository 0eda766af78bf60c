"""The account deletion's request and answer (`DELETE /me`)."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from rapport.domain.model import Model
from rapport.domain.profile import Locale

_UNDER_WAY = {
    Locale.EN: "Your account is being deleted: everything in it will be gone within minutes.",
    Locale.FR: (
        "Votre compte est en cours de suppression\u00a0: tout ce qu’il contient aura disparu d’ici quelques minutes."
    ),
}


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
        return cls(deleting_since=since, message=_UNDER_WAY[locale])
