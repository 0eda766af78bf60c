"""Cognito's user pool, where a networker signs in: a deleted account's sign-in goes. A networker id is their
Cognito `sub`, which Cognito takes as the user name in its admin calls (the pool signs in by email: its user
name is the `sub`)."""

from __future__ import annotations

from typing import Any

from botocore.exceptions import ClientError


class SignInEraser:
    def __init__(self, cognito: Any, pool_id: str) -> None:
        self._cognito, self._pool_id = cognito, pool_id

    def forget(self, networker_id: str) -> bool:
        """False when it was gone already (a retry)."""
        try:
            self._cognito.admin_delete_user(UserPoolId=self._pool_id, Username=networker_id)
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") == "UserNotFoundException":
                return False
            raise
        return True
