"""A digest: one message per networker per delivery slot, holding the reminders due and how far the
greetings season under way has gone. Pure."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from rapport.domain.greetings import CampaignView
from rapport.domain.model import Model
from rapport.domain.profile import Profile
from rapport.domain.reminders import Reminder, for_the_digest

# An email names at most this many people; the rest is counted ("and 3 more").
SHOWN = 5
# A greetings campaign names at most this many people still to greet.
NAMES_LEFT = 3


class Digest(Model):
    networker_id: str
    local_date: date
    shown: list[Reminder]
    more: int
    campaigns: list[CampaignView] = []  # the seasons under way, with who is left

    @property
    def count(self) -> int:
        return len(self.shown) + self.more


def compose(
    profile: Profile, reminders: list[Reminder], local_date: date, campaigns: Sequence[CampaignView] = ()
) -> Digest | None:
    """What to tell the networker on `local_date`; None when nothing is due and nobody is left to greet
    (nothing is sent). A campaign with nobody to greet at all (no met contact in its circles) is left out."""
    due = for_the_digest(reminders)
    campaigns = [c for c in campaigns if c.total]
    if not due and not any(c.total > c.greeted for c in campaigns):
        return None
    return Digest(
        networker_id=profile.networker_id,
        local_date=local_date,
        shown=due[:SHOWN],
        more=len(due[SHOWN:]),
        campaigns=campaigns,
    )
