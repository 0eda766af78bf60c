from datetime import UTC, date, datetime, timedelta

import pytest
from pydantic import ValidationError

from rapport.domain.contact import Contact
from rapport.domain.followup import local_date
from rapport.domain.greetings import (
    DEFAULT_SEASONS,
    Campaign,
    Season,
    SeasonSetting,
    campaign_id,
    greets,
    joins,
    open_campaign,
    open_on,
    progress,
    season_name,
    to_greet,
    window,
)
from rapport.domain.locale import Locale
from rapport.domain.vocabulary import Circle, Kind, Stage

NOW = datetime(2026, 1, 2, 8, tzinfo=UTC)
ALL = [Circle.INNER, Circle.ACTIVE, Circle.NETWORK, Circle.LOOSE]


def contact(contact_id: str, name: str, circle=Circle.NETWORK, stage=Stage.MET) -> Contact:
    return Contact(
        contact_id=contact_id, name=name, declared_stage=stage, stage=stage, circle=circle,
        created_at=NOW, updated_at=NOW,
    )  # fmt: skip


def campaign(total: int, greeted: int, season=Season.NEW_YEAR) -> Campaign:
    ids = [f"c{i}" for i in range(total)]
    w = window(season, 2026)
    return Campaign(
        season=season, year=2026, opens_on=w.opens_on, closes_on=w.closes_on,
        contact_ids=ids, greeted=ids[:greeted], opened_at=NOW,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("season", "opens_on", "closes_on"),
    [
        (Season.NEW_YEAR, date(2028, 1, 1), date(2028, 1, 31)),
        (Season.YEAR_END, date(2028, 12, 15), date(2028, 12, 31)),
        (Season.BACK_TO_WORK, date(2028, 9, 1), date(2028, 9, 30)),
    ],
)
def test_each_season_has_its_window(season, opens_on, closes_on):
    w = window(season, 2028)
    assert (w.season, w.year, w.opens_on, w.closes_on) == (season, 2028, opens_on, closes_on)


EVERY = [SeasonSetting(season=s, circles=[Circle.INNER]) for s in Season]


@pytest.mark.parametrize(
    ("day", "seasons"),
    [
        (date(2026, 1, 1), [Season.NEW_YEAR]),
        (date(2026, 1, 31), [Season.NEW_YEAR]),
        (date(2026, 2, 1), []),
        (date(2026, 8, 31), []),
        (date(2026, 9, 1), [Season.BACK_TO_WORK]),
        (date(2026, 9, 30), [Season.BACK_TO_WORK]),
        (date(2026, 12, 14), []),
        (date(2026, 12, 15), [Season.YEAR_END]),
        (date(2026, 12, 31), [Season.YEAR_END]),
    ],
)
def test_open_on_finds_the_seasons_whose_window_holds_the_day(day, seasons):
    found = open_on(EVERY, day)
    assert [setting.season for setting, _ in found] == seasons
    assert all(w.year == day.year and w.opens_on <= day <= w.closes_on for _, w in found)


def test_only_the_seasons_set_are_open():
    assert open_on(DEFAULT_SEASONS, date(2026, 12, 20)) == []
    assert open_on([], date(2026, 1, 10)) == []
    [(setting, w)] = open_on(DEFAULT_SEASONS, date(2026, 1, 10))
    assert setting.circles == [Circle.INNER, Circle.ACTIVE, Circle.NETWORK] and w == window(Season.NEW_YEAR, 2026)


def test_a_setting_drops_repeated_circles_and_refuses_nonsense():
    setting = SeasonSetting.model_validate({"season": "year_end", "circles": ["active", "inner", "active"]})
    assert setting.circles == [Circle.ACTIVE, Circle.INNER]
    for bad in (
        {"season": "new_year", "circles": []},
        {"season": "new_year"},
        {"season": "easter", "circles": ["inner"]},
        {"season": "new_year", "circles": ["friends"]},
        {"season": "new_year", "circles": ["inner"], "channel": "sms"},
    ):
        with pytest.raises(ValidationError):
            SeasonSetting.model_validate(bad)


def test_to_greet_keeps_met_contacts_of_the_circles_inner_first_then_by_name():
    contacts = [
        contact("c1", "zoé", Circle.NETWORK),
        contact("c2", "Alain", Circle.NETWORK),
        contact("c3", "Yves", Circle.INNER),
        contact("c4", "Bea", Circle.ACTIVE, stage=Stage.TO_MEET),  # never met: no greeting round
        contact("c5", "Anne", Circle.LOOSE),  # circle not greeted
        contact("c7", "alain", Circle.NETWORK),
        contact("c6", "Chloé", Circle.ACTIVE),
    ]
    assert to_greet(contacts, [Circle.NETWORK, Circle.ACTIVE, Circle.INNER]) == ["c3", "c6", "c2", "c7", "c1"]
    assert to_greet(contacts, [Circle.LOOSE]) == ["c5"]
    assert to_greet([], ALL) == []


def test_a_campaign_opens_with_those_already_greeted_in_the_window():
    setting = SeasonSetting(season=Season.NEW_YEAR, circles=[Circle.INNER, Circle.ACTIVE])
    contacts = [contact("c1", "Anne", Circle.INNER), contact("c2", "Bob", Circle.ACTIVE), contact("c3", "Eve")]
    opened = open_campaign(setting, window(Season.NEW_YEAR, 2026), contacts, {"c2", "c3", "gone"}, NOW)
    assert (opened.season, opened.year, opened.opens_on, opened.closes_on) == (
        Season.NEW_YEAR, 2026, date(2026, 1, 1), date(2026, 1, 31),
    )  # fmt: skip
    assert opened.contact_ids == ["c1", "c2"] and opened.greeted == ["c2"]  # c3 is not in a greeted circle
    assert (opened.total, opened.greeted_count, opened.left, opened.done) == (2, 1, ["c1"], False)
    assert opened.opened_at == NOW
    assert campaign_id(opened.season, opened.year) == "new_year-2026"


def test_a_contact_met_in_the_circles_joins_once():
    setting = SeasonSetting(season=Season.NEW_YEAR, circles=[Circle.INNER])
    opened = open_campaign(setting, window(Season.NEW_YEAR, 2026), [contact("c1", "Anne", Circle.INNER)], set(), NOW)
    assert joins(opened, setting, contact("c2", "Bob", Circle.INNER))
    assert not joins(opened, setting, contact("c1", "Anne", Circle.INNER))  # in already
    assert not joins(opened, setting, contact("c3", "Eve", Circle.ACTIVE))  # not a circle greeted
    assert not joins(opened, setting, contact("c4", "Bea", Circle.INNER, stage=Stage.TO_MEET))  # never met


def greet(c: Campaign, contact_ids: list[str]) -> Campaign:
    return Campaign.model_validate(c.model_dump() | {"greeted": [*c.greeted, *contact_ids]})


def test_greeted_stays_sorted_unique_and_among_the_contacts():
    c = greet(campaign(4, 0), ["c3", "c1", "c3"])
    assert c.greeted == ["c1", "c3"] and c.left == ["c0", "c2"] and not c.done
    c = greet(c, ["c1", "c0", "c2"])
    assert c.greeted == ["c0", "c1", "c2", "c3"] and c.done and c.left == []
    with pytest.raises(ValidationError):
        greet(c, ["someone"])


def test_an_empty_campaign_is_done():
    assert campaign(0, 0).done


def test_only_a_greeting_on_a_day_of_the_window_counts():
    w = window(Season.YEAR_END, 2026)
    assert greets(Kind.GREETING, date(2026, 12, 15), w)
    assert greets(Kind.GREETING, date(2026, 12, 31), w)
    assert not greets(Kind.GREETING, date(2026, 12, 14), w)
    assert not greets(Kind.GREETING, date(2027, 1, 1), w)
    assert not greets(Kind.MESSAGE, date(2026, 12, 20), w)


def test_season_names_in_both_languages():
    assert [season_name(s, Locale.EN) for s in Season] == [
        "New Year greetings", "Season's greetings", "Back-to-work catch-ups",
    ]  # fmt: skip
    assert [season_name(s, Locale.FR) for s in Season] == ["Les vœux", "Les fêtes de fin d'année", "La rentrée"]


@pytest.mark.parametrize(
    ("total", "greeted", "en", "fr"),
    [
        (40, 12, "New Year greetings: 12 of 40 greeted", "Les vœux\u202f: 12 sur 40 salués"),
        (1, 1, "New Year greetings: 1 of 1 greeted", "Les vœux\u202f: 1 sur 1 salué"),
        (3, 0, "New Year greetings: 0 of 3 greeted", "Les vœux\u202f: 0 sur 3 salué"),
    ],
)
def test_progress_in_both_languages(total, greeted, en, fr):
    assert progress(campaign(total, greeted), Locale.EN) == en
    assert progress(campaign(total, greeted), Locale.FR) == fr
    assert progress(campaign(total, greeted), "fr") == fr  # a locale read as plain text works too


def test_les_voeux_all_through_january_in_paris():
    """A campaign opened on 2 January; greetings logged until 31 January (Paris time) count, not after."""
    zone = "Europe/Paris"
    contacts = [contact(f"c{i}", f"Contact {i}", Circle.ACTIVE) for i in range(5)]
    setting = DEFAULT_SEASONS[0]
    opened_at = datetime(2026, 1, 2, 6, tzinfo=UTC)
    [(found, w)] = open_on([setting], local_date(opened_at, zone))
    # On 1 January, c0 got wishes: before the campaign opened, in its window.
    current = open_campaign(found, w, contacts, {"c0"}, opened_at)
    assert progress(current, Locale.FR) == "Les vœux\u202f: 1 sur 5 salué"
    greetings = [
        ("c1", datetime(2026, 1, 2, 9, tzinfo=UTC), Kind.GREETING),
        ("c2", datetime(2026, 1, 15, 9, tzinfo=UTC), Kind.MESSAGE),  # not a greeting
        ("c3", datetime(2026, 1, 31, 22, 30, tzinfo=UTC), Kind.GREETING),  # 23:30 in Paris, 31 January
        ("c4", datetime(2026, 1, 31, 23, 30, tzinfo=UTC), Kind.GREETING),  # 00:30 in Paris, 1 February
    ]
    for contact_id, at, kind in greetings:
        if greets(kind, local_date(at, zone), w):
            current = greet(current, [contact_id])
    assert current.greeted == ["c0", "c1", "c3"] and current.left == ["c2", "c4"]
    assert progress(current, Locale.FR) == "Les vœux\u202f: 3 sur 5 salués"
    assert progress(current, Locale.EN) == "New Year greetings: 3 of 5 greeted"
    assert open_on([setting], date(2026, 2, 1)) == []
    assert open_on([setting], w.closes_on + timedelta(days=1)) == []
