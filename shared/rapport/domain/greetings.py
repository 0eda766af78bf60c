"""Greetings seasons: the weeks a networker greets everyone they met, and how far the round has gone. Pure.

A season is a window of days, not a day: in France New Year wishes ("les vœux") go out all through January.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from pydantic import ConfigDict, Field, field_validator, model_validator

from rapport.domain.fields import unique
from rapport.domain.locale import Locale
from rapport.domain.model import Model
from rapport.domain.vocabulary import Circle, Kind, Stage

if TYPE_CHECKING:  # annotations only: the profile (every request) reads the seasons, not the contacts
    from rapport.domain.contact import Contact


class Season(StrEnum):
    NEW_YEAR = "new_year"  # 1–31 January ("les vœux")
    YEAR_END = "year_end"  # 15–31 December (season's greetings, "les fêtes")
    BACK_TO_WORK = "back_to_work"  # 1–30 September ("la rentrée")


_DAYS = {Season.NEW_YEAR: (1, 1, 31), Season.YEAR_END: (12, 15, 31), Season.BACK_TO_WORK: (9, 1, 30)}


class SeasonSetting(Model):
    """A season the networker greets in, and which circles they greet."""

    model_config = ConfigDict(extra="forbid")

    season: Season
    circles: list[Circle] = Field(min_length=1, description="The circles to greet; repeats are dropped.")

    @field_validator("circles")
    @classmethod
    def _no_repeats(cls, values: list[Circle]) -> list[Circle]:
        return unique(values)


DEFAULT_SEASONS = [SeasonSetting(season=Season.NEW_YEAR, circles=[Circle.INNER, Circle.ACTIVE, Circle.NETWORK])]


class Window(Model):
    season: Season
    year: int
    opens_on: date
    closes_on: date  # included

    def holds(self, day: date) -> bool:
        return self.opens_on <= day <= self.closes_on


def window(season: Season, year: int) -> Window:
    month, first, last = _DAYS[season]
    return Window(season=season, year=year, opens_on=date(year, month, first), closes_on=date(year, month, last))


def open_on(settings: list[SeasonSetting], day: date) -> list[tuple[SeasonSetting, Window]]:
    """The seasons whose window holds `day`."""
    return [(setting, w) for setting in settings if (w := window(setting.season, day.year)).holds(day)]


class Campaign(Model):
    """A season's list of met contacts to greet, and who was greeted (by a `greeting` touch in the window).
    The list is chosen and ordered when it opens; who joins later (`joins`) comes after, as they join."""

    season: Season
    year: int
    opens_on: date
    closes_on: date
    contact_ids: list[str]
    greeted: list[str] = []
    gone: list[str] = []  # contacts deleted since it opened: no longer counted, nor named
    opened_at: datetime

    @model_validator(mode="after")
    def _greeted_sorted_and_listed(self) -> Campaign:
        if not set(self.greeted) <= set(self.contact_ids):
            raise ValueError("greeted must be contacts of the campaign")
        self.greeted, self.gone = sorted(set(self.greeted)), sorted(set(self.gone))
        return self

    @property
    def total(self) -> int:
        return len(set(self.contact_ids) - set(self.gone))

    @property
    def greeted_count(self) -> int:
        return len(set(self.greeted) - set(self.gone))

    @property
    def left(self) -> list[str]:
        return [c for c in self.contact_ids if c not in self.greeted and c not in self.gone]

    @property
    def done(self) -> bool:
        return self.greeted_count == self.total


def campaign_id(season: Season, year: int) -> str:
    """Stable: used in keys and URLs."""
    return f"{season.value}-{year}"


def to_greet(contacts: list[Contact], circles: list[Circle]) -> list[str]:
    """Contacts met in those circles, inner circle first, then by name."""
    order = list(Circle)
    chosen = [c for c in contacts if c.stage is Stage.MET and c.circle in circles]
    chosen.sort(key=lambda c: (order.index(c.circle), c.name.casefold(), c.contact_id))
    return [c.contact_id for c in chosen]


def open_campaign(
    setting: SeasonSetting, window: Window, contacts: list[Contact], greeted: set[str], now: datetime
) -> Campaign:
    """The list for the window's season; `greeted`: those already greeted in the window before it opened."""
    contact_ids = to_greet(contacts, setting.circles)
    greeted = greeted & set(contact_ids)
    return Campaign(**window.model_dump(), contact_ids=contact_ids, greeted=sorted(greeted), opened_at=now)


def joins(campaign: Campaign, setting: SeasonSetting, contact: Contact) -> bool:
    """Whether a contact met in the season's circles is still to add to its campaign under way: added,
    met or moved into those circles since it opened. Nobody leaves: who was to greet still is."""
    return contact.contact_id not in campaign.contact_ids and bool(to_greet([contact], setting.circles))


def greets(kind: Kind, occurred_on: date, window: Window) -> bool:
    """A touch counts when it is a greeting on a (local) day of the window."""
    return kind is Kind.GREETING and window.holds(occurred_on)


_NAMES = {
    Season.NEW_YEAR: {Locale.EN: "New Year greetings", Locale.FR: "Les vœux"},
    Season.YEAR_END: {Locale.EN: "Season's greetings", Locale.FR: "Les fêtes de fin d'année"},
    Season.BACK_TO_WORK: {Locale.EN: "Back-to-work catch-ups", Locale.FR: "La rentrée"},
}


def season_name(season: Season, locale: Locale) -> str:
    return _NAMES[season][locale]


def progress(campaign: Campaign, locale: Locale) -> str:
    """Like "New Year greetings: 12 of 40 greeted" or "Les vœux : 12 sur 40 salués"."""
    name, done, total = season_name(campaign.season, locale), campaign.greeted_count, campaign.total
    if locale == Locale.FR:
        return f"{name}\u202f: {done} sur {total} {'salué' if done <= 1 else 'salués'}"
    return f"{name}: {done} of {total} greeted"


def window_of(campaign: Campaign) -> Window:
    """The days the campaign counts greetings on, as they were when it opened."""
    return Window(**campaign.model_dump(include=set(Window.model_fields)))


class Left(Model):
    contact_id: str
    name: str


class CampaignView(Model):
    """A campaign as the networker reads it (API, digest), as things are now: a contact deleted since
    it opened is no longer counted, nor named."""

    campaign_id: str
    season: Season
    year: int
    opens_on: date
    closes_on: date
    open: bool = Field(description="Today is a day of the season: the digest tells how far the round has gone.")
    total: int = Field(
        description="Met contacts to greet: those of its circles when the campaign opened, and those met, "
        "added or moved into its circles since."
    )
    greeted: int = Field(description="Of those, greeted by a `greeting` touch on a day of the season.")
    progress: str = Field(description="In your language: “New Year greetings: 12 of 40 greeted”.")
    left: list[Left] = Field(
        description="Who is still to greet: inner circle first, then by name; who joined since it opened after."
    )

    @classmethod
    def of(cls, campaign: Campaign, names: dict[str, str], today: date, locale: Locale) -> CampaignView:
        """`names`: of those left to greet, the ones to name (the digest names the first few only)."""
        w = window_of(campaign)
        return cls(
            campaign_id=campaign_id(campaign.season, campaign.year),
            **w.model_dump(),
            open=w.holds(today),
            total=campaign.total,
            greeted=campaign.greeted_count,
            progress=progress(campaign, locale),
            left=[Left(contact_id=c, name=names[c]) for c in campaign.left if c in names],
        )
