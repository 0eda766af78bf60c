"""Where an email's links point: its actions at the API, signed with the networker's key (no sign-in
needed), the rest at the web app. Pure: the key and the time are given."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from rapport.domain.email_actions import LIFETIME, ActionKind, EmailAction, sign


@dataclass(frozen=True)
class LineUrls:
    """A digest line's links: its reminders done, snoozed a week, the person in the web app."""

    done: str
    snooze: str
    open: str


@dataclass(frozen=True)
class ActionUrls:
    networker_id: str
    key: bytes
    api_url: str  # the HTTP API's, where actions are taken
    app_url: str  # the web app's
    now: datetime

    def line(self, contact_id: str, reminder_ids: Sequence[str]) -> LineUrls:
        """The links of one line: one contact and the reminders it gathers."""
        return LineUrls(
            done=self._action(ActionKind.DONE, contact_id, reminder_ids),
            snooze=self._action(ActionKind.SNOOZE, contact_id, reminder_ids),
            open=f"{self._app()}/app/contacts/{contact_id}",
        )

    @property
    def unsubscribe(self) -> str:
        """The List-Unsubscribe address (RFC 8058: a POST turns the digest email off, a GET shows a button)."""
        return self._action(ActionKind.UNSUBSCRIBE)

    @property
    def settings(self) -> str:
        return f"{self._app()}/app/settings"

    def _action(self, kind: ActionKind, contact_id: str | None = None, reminder_ids: Sequence[str] = ()) -> str:
        action = EmailAction(
            networker_id=self.networker_id,
            action=kind,
            contact_id=contact_id,
            reminder_ids=list(reminder_ids),
            expires=int((self.now + LIFETIME[kind]).timestamp()),
            app_url=self._app(),
        )
        return f"{self.api_url.rstrip('/')}/email-actions/{sign(action, self.key)}"

    def _app(self) -> str:
        return self.app_url.rstrip("/")
