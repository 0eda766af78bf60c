"""The pieces of the month of digests (`make bench`, figure 10): the networkers' habits, the reading of a
digest and the figures, without the runtime (the bench runs the month)."""

from __future__ import annotations

from datetime import date, timedelta

from infra.bench.month_habits import (
    DAYS,
    FRIEND_DAYS,
    START,
    Digest,
    acted_on,
    figures,
    networker,
    people_named,
)
from rapport.domain.vocabulary import Circle, Stage

NAMES = ["Anne Martin", "Anne Martinez", "Bruno Petit", "Chloé Roux", "Élise Faure"]


def test_the_people_named_in_todays_email_are_those_of_its_numbered_lines():
    text = (
        "Bonjour,\n\n5 personnes attendent de vos nouvelles ce lundi 2 février 2026 :\n\n"
        "1. Bruno Petit (Acme), en retard\n"
        "   Bruno Petit cherche « levée de fonds » ; Chloé Roux propose « fundraising »\n"
        "2. Anne Martinez\n   Demandez à Anne Martin de vous présenter Anne Martinez\n"
        "3. Bruno Petit (Acme), en retard\n   Il y a 40 jours\n\n"
        "Les vœux : 1 sur 3 salué\nEncore à saluer : Élise Faure\n--\nRapport, le 1er janvier"
    )
    assert people_named(text, NAMES) == ["Bruno Petit", "Anne Martinez", "Bruno Petit"]


def test_one_line_per_person_with_its_reasons_is_read_the_same():
    text = (
        "1. Anne Martin — 2 mois sans nouvelles, anniversaire jeudi\n"
        "2) Chloé Roux — cherche « a CTO » : Bruno Petit peut aider\n"
        "Et 3 autres dans Rapport : https://app.example/app"
    )
    assert people_named(text, NAMES) == ["Anne Martin", "Chloé Roux"]


def test_a_text_digest_is_read_and_a_line_naming_nobody_known_is_kept_as_it_is():
    text = "Rapport: 3 to reach out to today\n1. Élise Faure (overdue)\n2. Someone Else\n+1 more"
    assert people_named(text, NAMES) == ["Élise Faure", "Someone Else"]
    assert people_named("Rapport: nobody to reach out to today", NAMES) == []


def test_a_networker_is_always_the_same_with_names_recognised_in_any_wording():
    first, again = networker(7), networker(7)
    assert first.names == again.names and first.digest_time == again.digest_time
    names = first.names
    assert len(set(names)) == len(names) == 29
    assert not [a for a in names for b in names if a != b and a in b]  # no name inside another
    assert {n.split()[0] for n in names}.__len__() == len(names)  # first names unique too


def test_a_networker_holds_every_kind_of_line_a_digest_can_name():
    person = networker(0)
    drafts = {a.draft.name: (a.draft, a.days_since_added) for a in person.acquaintances}
    inner = [(d, days) for d, days in drafts.values() if d.circle is Circle.INNER]
    assert max(days for _, days in inner) == FRIEND_DAYS  # the friend two months without news
    assert {d.circle for d, _ in drafts.values()} == set(Circle)
    assert len([d for d, _ in drafts.values() if d.stage is Stage.TO_MEET]) == 2
    needs = [w.label for d, _ in drafts.values() for w in d.needs]
    offers = [w.label for d, _ in drafts.values() for w in d.offers]
    assert needs and len(needs) == len(offers)
    birthdays = [d.birthday for d, _ in drafts.values() if d.birthday]
    month = {START.date() + timedelta(days=n) for n in range(DAYS)}
    assert len(birthdays) == 2 and all(date(2026, b.month, b.day) in month for b in birthdays)


def test_half_the_networkers_act_and_some_have_the_digest_by_text():
    people = [networker(i) for i in range(100)]
    assert len([p for p in people if p.acts]) == 50
    by_text = [p for p in people if p.sms]
    assert 0 < len(by_text) < 50 and {p.acts for p in by_text} == {True, False}
    assert {p.timezone for p in people} == {"Europe/Paris", "America/New_York"}


def test_the_digest_moment_is_the_local_digest_time_in_utc():
    person = networker(1)
    person.timezone, person.digest_time = "America/New_York", "08:30"
    assert person.digest_moment(date(2026, 2, 2)) == "2026-02-02T13:30:00Z"


def test_an_acting_networker_acts_on_the_first_lines_on_most_days_and_the_others_never():
    acting, ignoring = networker(0), networker(1)
    named = ["Anne Martin", "Bruno Petit", "Anne Martin", "Chloé Roux"]
    days = [START.date() + timedelta(days=n) for n in range(DAYS)]
    done = [acted_on(acting, day, named) for day in days]
    assert 0 < len([d for d in done if d]) < DAYS
    assert all(set(d) <= {"Anne Martin", "Bruno Petit"} for d in done)
    assert {action for d in done for action in d.values()} == {"touch", "done", "snooze"}
    assert acted_on(acting, days[0], named) == done[0]  # the same day, the same choice
    assert not any(acted_on(ignoring, day, named) for day in days)


def test_the_figures_count_repeats_not_acted_on_and_who_comes_first():
    people = [networker(0), networker(4)]  # the second has the digest by text
    a, b, c = people[0].names[:3]
    x = people[1].names[0]
    day = START.date()
    digests = [
        Digest(0, day, "email", [a, b, a], overdue_inner={b}, acted={a}),
        Digest(0, day + timedelta(days=1), "email", [a, b, c], overdue_inner={b}),  # b again, not acted on
        Digest(0, day + timedelta(days=3), "email", [c], overdue_inner=set()),  # not the next day
        Digest(4, day, "sms", [x, "Someone Else"], overdue_inner={x}),
    ]
    found = figures(digests, people, emails=6, texts=8, days=15)
    assert found.repeats == 1
    assert (found.with_overdue_inner, found.overdue_inner_first) == (3, 1)
    assert (found.people_median, found.people_max) == (2, 3)
    assert found.unknown_lines == 1
    assert found.emails == 6 * 2 / 2 and found.digest_emails == 3 * 2 / 2
    assert found.texts == 8 * 2 / 2 and found.texts_by_text == 8 * 2
