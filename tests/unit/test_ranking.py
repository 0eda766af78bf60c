"""The ranking: one line per person, by one score from all their reminders."""

from datetime import UTC, date, datetime, timedelta

from rapport.domain.contact import Contact
from rapport.domain.locale import Locale
from rapport.domain.ranking import due_in_order, in_order, rank
from rapport.domain.reminders import FoundHelp, birthdays, follow_ups, help_opportunities, meet_nudge
from rapport.domain.views import ContactView, due_list

TODAY = date(2026, 3, 2)
NOW = datetime(2026, 1, 1, tzinfo=UTC)


def person(contact_id: str, circle: str = "active", days_without_news: int | None = None, **fields) -> Contact:
    """A met contact last touched `days_without_news` ago (none: still to meet)."""
    met = days_without_news is not None
    stage = "met" if met else "to_meet"
    follow_up = None
    if met:
        ideal = {"inner": 14, "active": 30, "network": 90, "loose": 180}[circle]
        follow_up = TODAY - timedelta(days=days_without_news - ideal)
    return Contact(
        contact_id=contact_id, name=contact_id.title(), declared_stage=stage, stage=stage, circle=circle,
        created_at=NOW, updated_at=NOW, next_follow_up_on=follow_up, **fields,
    )  # fmt: skip


def helping(need: Contact, offer: str, opportunity_id: str = "op1", locale: Locale = Locale.FR):
    found = FoundHelp(
        opportunity_id=opportunity_id,
        need_contact=ContactView.of(need, TODAY),
        offer_name=offer,
        need_label="levée de fonds",
        sentence=f"{need.name} cherche « levée de fonds » ; {offer} propose « fundraising » : les présenter ?",
    )
    return help_opportunities([found], TODAY, locale)


def test_an_inner_friend_two_months_without_news_comes_before_help_and_a_person_to_meet():
    bruno, thomas = person("bruno", days_without_news=20), person("thomas")
    friend = person("anne", "inner", days_without_news=60)
    reminders = helping(bruno, "Chloé Roux") + [meet_nudge(thomas, None, TODAY, Locale.FR)]
    reminders += follow_ups([bruno, friend], TODAY, Locale.FR)

    lines = rank(reminders)

    assert [line.contact.name for line in lines] == ["Anne", "Bruno", "Thomas"]
    assert lines[0].reasons == ["2 mois sans nouvelles"] and lines[0].status == "overdue"
    assert [line.rank for line in lines] == [1, 2, 3]
    assert lines[-1].reasons == ["à rencontrer"]


def test_one_person_with_two_opportunities_is_one_line_with_every_reason():
    bruno = person("bruno", days_without_news=40)
    reminders = helping(bruno, "Chloé Roux", "op1") + helping(bruno, "Paul Durand", "op2")
    reminders += follow_ups([bruno], TODAY, Locale.FR)

    (line,) = rank(reminders)

    assert line.reminder_ids == ["follow_up.bruno.20260220", "help.op1.20260302", "help.op2.20260302"]
    assert line.kinds == ["follow_up", "help", "help"]
    assert line.reasons == [
        "40 jours sans nouvelles",
        "à présenter à Chloé Roux (levée de fonds)",
        "à présenter à Paul Durand (levée de fonds)",
    ]
    assert [r.reminder_id for r in in_order(reminders, [line])] == line.reminder_ids


def test_what_holds_only_today_comes_before_a_follow_up_just_due():
    late = person("paul", "network", days_without_news=95)
    birthday = person("zoe", "loose", days_without_news=10)
    reminders = follow_ups([late], TODAY, Locale.EN) + birthdays([birthday], TODAY, TODAY, Locale.EN)
    lines = rank(reminders)
    assert [(line.contact.name, line.reasons) for line in lines] == [
        ("Zoe", ["birthday today"]),
        ("Paul", ["3 months without news"]),
    ]


def test_closeness_weighs_lateness_and_ties_keep_their_order():
    people = [person(name, "active", days_without_news=40) for name in ("zed", "abel", "marc")]
    people.append(person("ines", "inner", days_without_news=16))  # closer, barely late: 4 x 1.1 > 3 x 1.3
    lines = rank(follow_ups(people, TODAY, Locale.EN))
    assert [line.contact.name for line in lines] == ["Ines", "Abel", "Marc", "Zed"]  # follow_ups sorts by name
    tied = rank(list(reversed(follow_ups(people[:3], TODAY, Locale.EN))))
    assert [line.contact.name for line in tied] == ["Zed", "Marc", "Abel"]  # stable: as given


def test_people_with_nothing_due_come_after_soonest_first():
    later = birthdays([person("zoe", days_without_news=1)], TODAY + timedelta(days=5), TODAY, Locale.EN)
    sooner = birthdays([person("yan", days_without_news=1)], TODAY + timedelta(days=2), TODAY, Locale.EN)
    due = follow_ups([person("abel", days_without_news=31)], TODAY, Locale.EN)
    lines = rank(later + sooner + due)
    assert [(line.contact.name, line.status, line.score > 0) for line in lines] == [
        ("Abel", "due", True),
        ("Yan", "ok", False),
        ("Zoe", "ok", False),
    ]
    assert lines[1].reasons == ["birthday in 2 days"]


def test_who_is_due_follows_the_same_order():
    people = [person("paul", "network", days_without_news=140), person("anne", "inner", days_without_news=30)]
    ordered = due_in_order(due_list(people, TODAY, Locale.EN))
    assert [d.contact.name for d in ordered] == ["Anne", "Paul"]  # the old order put the longest wait first


def test_an_overdue_inner_friend_comes_first_even_before_a_birthday_or_someone_much_later():
    """Barely overdue (22 days for at most 21), she still comes before an active contact's birthday today
    and an active contact four cadences late."""
    friend = person("anne", "inner", days_without_news=22)
    born = person("bruno", days_without_news=5, birthday={"day": TODAY.day, "month": TODAY.month})
    late = person("chloe", days_without_news=120)
    reminders = follow_ups([late, friend], TODAY, Locale.FR) + birthdays([born], TODAY, TODAY, Locale.FR)

    lines = rank(reminders)

    assert lines[0].contact.name == "Anne" and lines[0].status == "overdue"
    assert {line.contact.name for line in lines[1:]} == {"Bruno", "Chloe"}
    assert [d.contact.name for d in due_in_order(due_list([late, friend], TODAY, Locale.FR))] == ["Anne", "Chloe"]
