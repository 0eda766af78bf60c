"""A digest: one message per networker per delivery slot, naming the people of the day (ranked, one line each,
backed off: `domain.backoff`), counting the others, and saying how far the greetings season under way has gone.
Pure."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from rapport.domain.greetings import CampaignView
from rapport.domain.model import Model
from rapport.domain.profile import CalendarNotice, Profile
from rapport.domain.ranking import Line

# A greetings campaign names at most this many people still to greet.
NAMES_LEFT = 3


class Digest(Model):
    networker_id: str
    local_date: date
    shown: list[Line]  # one per person, ranked
    more: int  # the other people with something due, all in Today
    campaigns: list[CampaignView] = []  # the seasons under way, with who is left
    calendars: list[CalendarNotice] = []  # calendars not read for days: said once

    @property
    def count(self) -> int:
        """People to reach out to."""
        return len(self.shown) + self.more


def today_url(app_url: str) -> str:
    """Today in the web app: where every line is, those the digest did not name too."""
    return f"{app_url.rstrip('/')}/app"


def compose(
    profile: Profile, lines: list[Line], more: int, local_date: date, campaigns: Sequence[CampaignView] = ()
) -> Digest | None:
    """What to tell the networker on `local_date`: the lines the back-off chose, and the calendars that have not
    been read for days (`profile.calendar_notices`); None when it named nobody, nobody is left to greet and no
    calendar fails (nothing is sent). A campaign with nobody to greet at all (no met contact in its circles) is
    left out."""
    campaigns = [c for c in campaigns if c.total]
    calendars = profile.calendar_notices
    if not lines and not any(c.total > c.greeted for c in campaigns) and not calendars:
        return None
    return Digest(
        networker_id=profile.networker_id,
        local_date=local_date,
        shown=lines,
        more=more,
        campaigns=campaigns,
        calendars=calendars,
    )
