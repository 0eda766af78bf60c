"""A digest: one message per networker per delivery slot, holding the reminders due. Pure."""

from __future__ import annotations

from datetime import date

from rapport.domain.model import Model
from rapport.domain.profile import Profile
from rapport.domain.reminders import Reminder, for_the_digest

# An email names at most this many people; the rest is counted ("and 3 more").
SHOWN = 5


class Digest(Model):
    networker_id: str
    local_date: date
    shown: list[Reminder]
    more: int

    @property
    def count(self) -> int:
        return len(self.shown) + self.more


def compose(profile: Profile, reminders: list[Reminder], local_date: date) -> Digest | None:
    """What to tell the networker on `local_date`; None when nothing is due (nothing is sent)."""
    due = for_the_digest(reminders)
    if not due:
        return None
    return Digest(networker_id=profile.networker_id, local_date=local_date, shown=due[:SHOWN], more=len(due[SHOWN:]))
