"""The back-off: what the digest names each day, from the ranked lines and what it showed before."""

from datetime import UTC, date, datetime, timedelta

from rapport.domain.backoff import Shown, choose
from rapport.domain.contact import Contact
from rapport.domain.locale import Locale
from rapport.domain.ranking import Line, rank
from rapport.domain.reminders import FoundHelp, birthdays, follow_ups, help_opportunities, meet_nudge
from rapport.domain.views import ContactView

START = date(2026, 3, 2)
NOW = datetime(2026, 1, 1, tzinfo=UTC)


def person(name: str, circle: str = "active", late: int | None = None, touched: date | None = None) -> Contact:
    """Met and `late` days past their follow-up date, or still to meet (ids are hex, as drawn)."""
    stage = "to_meet" if late is None else "met"
    return Contact(
        contact_id=name.encode().hex(), name=name.title(), declared_stage=stage, stage=stage, circle=circle,
        created_at=NOW, updated_at=NOW, next_follow_up_on=None if late is None else START - timedelta(days=late),
        last_touch_at=datetime(touched.year, touched.month, touched.day, 12, tzinfo=UTC) if touched else None,
    )  # fmt: skip


FRIEND = person("anne", "inner", late=46)  # two months without news
BRUNO = person("bruno", "active", late=1)
THOMAS = person("thomas")


def help_for(need: Contact, day: date, opportunity_id: str = "0a1"):
    found = FoundHelp(
        opportunity_id=opportunity_id, need_contact=ContactView.of(need, day), offer_name="Chloé",
        need_label="levée de fonds", sentence="…",
    )  # fmt: skip
    return help_opportunities([found], day, Locale.FR)


def lines_on(day: date, *people: Contact, helped: Contact | None = BRUNO, meet: Contact | None = THOMAS) -> list[Line]:
    reminders = follow_ups([p for p in people if p.next_follow_up_on], day, Locale.FR)
    reminders += help_for(helped, day) if helped else []
    reminders += [meet_nudge(meet, None, day, Locale.FR)] if meet else []
    return rank(reminders)


def two_weeks(*people: Contact, size: int = 5, **kwargs) -> list[list[str]]:
    shown, named = Shown(), []
    for offset in range(14):
        day = START + timedelta(days=offset)
        chosen = choose(lines_on(day, *people, **kwargs), shown, day, size)
        shown = chosen.shown
        named.append([line.contact.name for line in chosen.lines])
    return named


def test_fourteen_days_the_friend_first_nobody_two_days_running_the_person_to_meet_at_most_four_times():
    named = two_weeks(FRIEND, BRUNO)
    assert named[0] == ["Anne", "Bruno", "Thomas"]
    assert named == [
        ["Anne", "Bruno", "Thomas"],
        [],  # nobody comes back before two days, and nothing is new: nothing sent
        ["Anne", "Bruno", "Thomas"],
        [],
        [],
        [],
        ["Anne", "Bruno"],  # the second pause is four days; Thomas was named twice this week already
        [],  # Thomas alone could come back, but he is not overdue and not new: nothing sent
        [],
        [],
        [],
        [],
        [],
        ["Anne", "Bruno", "Thomas"],  # a week after the third showing
    ]
    for today, tomorrow in zip(named, named[1:], strict=False):
        assert not set(today) & set(tomorrow)
    assert sum("Thomas" in day for day in named) <= 4


def test_an_opportunity_is_named_twice_in_all():
    shown = Shown()
    said = []
    for offset in range(30):
        day = START + timedelta(days=offset)
        chosen = choose(lines_on(day, FRIEND, meet=None), shown, day, 5)
        shown = chosen.shown
        said += [r for line in chosen.lines for r in line.kinds if r == "help"]
    assert len(said) == 2


def test_acting_starts_a_person_afresh():
    first = choose(lines_on(START, FRIEND, helped=None, meet=None), Shown(), START, 5)
    day3 = START + timedelta(days=3)
    # Anne's follow-up was done (gone) but a birthday two days later brings her back at once.
    birthday = rank(birthdays([FRIEND], day3, day3, Locale.FR))
    again = choose(birthday, first.shown, day3, 5)
    assert [line.reasons for line in again.lines] == [["anniversaire aujourd'hui"]]
    assert again.shown.people[FRIEND.contact_id].times == 1

    # Named again on day 2 (second showing: four days of pause), then touched on day 3: back on day 4.
    day2, day4 = START + timedelta(days=2), START + timedelta(days=4)
    shown = choose(lines_on(day2, FRIEND, helped=None, meet=None), first.shown, day2, 5).shown
    assert choose(lines_on(day4, FRIEND, helped=None, meet=None), shown, day4, 5).lines == []
    touched = person("anne", "inner", late=46, touched=START + timedelta(days=3))
    back = choose(lines_on(day4, touched, helped=None, meet=None), shown, day4, 5)
    assert [line.contact.name for line in back.lines] == ["Anne"]
    assert back.shown.people[FRIEND.contact_id].times == 1


def test_a_new_reason_only_today_comes_the_next_day_too():
    first = choose(lines_on(START, FRIEND, helped=None, meet=None), Shown(), START, 5)
    tomorrow = START + timedelta(days=1)
    lines = rank(follow_ups([FRIEND], tomorrow, Locale.FR) + birthdays([FRIEND], tomorrow, tomorrow, Locale.FR))
    chosen = choose(lines, first.shown, tomorrow, 5)
    assert [line.reasons for line in chosen.lines] == [["2 mois sans nouvelles", "anniversaire aujourd'hui"]]


def test_the_budget_names_the_first_people_and_counts_the_rest():
    crowd = [person(f"p{i}", "network", late=i) for i in range(8)]
    chosen = choose(lines_on(START, *crowd, helped=None, meet=None), Shown(), START, 3)
    assert [line.contact.name for line in chosen.lines] == ["P7", "P6", "P5"] and chosen.more == 5


def test_composed_again_the_same_day_it_names_the_same_people_and_keeps_nothing_new():
    first = choose(lines_on(START, FRIEND, BRUNO), Shown(), START, 2)
    again = choose(lines_on(START, FRIEND, BRUNO), first.shown, START, 2)
    assert [line.contact.name for line in again.lines] == ["Anne", "Bruno"] and again.more == 1
    assert again.shown == first.shown


def test_nothing_due_nothing_kept():
    chosen = choose([], Shown(), START, 5)
    assert (chosen.lines, chosen.more, chosen.shown) == ([], 0, Shown())


def test_a_line_snoozed_comes_back_afresh_when_the_snooze_ends():
    """Bruno, due but not overdue, named on day 0 and snoozed a week: out of the lines meanwhile (his
    showing forgotten, even on days nothing is sent), he is named again on day 7, not held back as
    "shown and not acted on"."""
    shown = choose(lines_on(START, BRUNO, helped=None, meet=None), Shown(), START, 5).shown
    for offset in range(1, 7):
        day = START + timedelta(days=offset)
        chosen = choose([], shown, day, 5)
        assert chosen.lines == []
        shown = chosen.shown
    assert BRUNO.contact_id not in shown.people
    day7 = START + timedelta(days=7)
    back = choose(lines_on(day7, BRUNO, helped=None, meet=None), shown, day7, 5)
    assert [line.contact.name for line in back.lines] == ["Bruno"]
