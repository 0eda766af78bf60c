from datetime import UTC, date, datetime, timedelta

import pytest

from rapport.delivery.review_email import WORDS, review_email
from rapport.domain.contact import DEFAULT_CADENCE, Contact
from rapport.domain.goals import WeeklyGoals
from rapport.domain.locale import Locale
from rapport.domain.profile import Profile, ProfileEmail
from rapport.domain.review import Actuals, Review, compose, cooling, week_ending
from rapport.domain.vocabulary import Circle, Stage

NOW = datetime(2026, 2, 8, 18, tzinfo=UTC)
WEEK = week_ending(date(2026, 2, 8))
SENDER = "review@rapport.example"


def profile(**fields) -> Profile:
    values = {
        "networker_id": "n1",
        "name": "Marie",
        "emails": [ProfileEmail(address="marie@example.com", verified=True)],
        "timezone": "Europe/Paris",
        "created_at": NOW,
        "updated_at": NOW,
    }
    return Profile(**(values | fields))


def contact(contact_id: str, name: str, circle=Circle.ACTIVE, last_touch_at=None, **fields) -> Contact:
    next_on = last_touch_at.date() + timedelta(days=DEFAULT_CADENCE[circle].ideal_days) if last_touch_at else None
    return Contact(
        contact_id=contact_id, name=name, declared_stage=Stage.MET, stage=Stage.MET, circle=circle,
        created_at=NOW, updated_at=NOW, last_touch_at=last_touch_at, next_follow_up_on=next_on, **fields,
    )  # fmt: skip


def review(goals=None, previous_streak=1, cooled=(), unplanned=(), new_people=3) -> Review:
    goals = goals if goals is not None else WeeklyGoals(new_people=2, touches=10)
    week = Actuals(new_people=new_people, touches=7, help_given=2, introductions=1)
    return compose("n1", WEEK, goals, week, previous_streak, list(cooled), list(unplanned), WEEK.last)


def cooled(name: str, company: str | None = None) -> list:
    """A contact of the inner circle touched 21 days ago: due since this week (health 75 to 50)."""
    c = contact("cool", name, Circle.INNER, datetime(2026, 1, 18, 12, tzinfo=UTC), company=company)
    return cooling([c], WEEK)


def newcomer(name: str, company: str | None = None) -> Contact:
    met = datetime(2026, 2, 4, 23, 30, tzinfo=UTC)  # 00:30 on 5 February in Paris
    return contact("new", name, last_touch_at=met, first_met_at=met, company=company)


def parts(message) -> tuple[str, str]:
    return message.get_body(("plain",)).get_content(), message.get_body(("html",)).get_content()


def test_the_english_review():
    message = review_email(
        profile(), review(cooled=cooled("Dora", "Acme"), unplanned=[newcomer("Nina", "Orbit")]), SENDER
    )
    text, html = parts(message)
    assert message["Subject"] == "Rapport: your week (Monday, February 2 – Sunday, February 8)"
    assert message["To"] == "marie@example.com" and message["From"] == f"Rapport <{SENDER}>"
    for line in (
        "Hello Marie,",
        "New people met: 3 of 2 — met",
        "Touches: 7 of 10 — missed",
        "Help given: 2",
        "Introductions made: 1",
        "Missed this week: a new streak starts next week.",
        "Dora (Acme): health 50/100 (a week ago: 75)",
        "Nina (Orbit), first met on Thursday, February 5",
        "A thank-you or a next step",
    ):
        assert line in text and line in html, line
    assert 'lang="en"' in html


def test_the_french_review():
    who = profile(locale=Locale.FR)
    message = review_email(who, review(cooled=cooled("Dora"), unplanned=[newcomer("Nina")]), SENDER)
    text, html = parts(message)
    assert message["Subject"] == "Rapport\u202f: votre semaine (du lundi 2 février au dimanche 8 février)"
    for line in (
        "Bonjour Marie,",
        "Nouvelles rencontres\u202f: 3 sur 2 — atteint",
        "Échanges\u202f: 7 sur 10 — manqué",
        "Coups de main donnés\u202f: 2",
        "Mises en relation\u202f: 1",
        "Dora\u202f: santé 50/100 (il y a une semaine\u202f: 75)",
        "Nina, première rencontre le jeudi 5 février",
    ):
        assert line in text and line in html, line
    assert "Objectifs manqués cette semaine" in text
    assert 'lang="fr"' in html


@pytest.mark.parametrize(
    ("locale", "previous", "expected"),
    [
        (Locale.EN, 1, "2 weeks on target in a row"),
        (Locale.EN, 0, "1 week on target"),
        (Locale.EN, None, "1 week on target"),
        (Locale.FR, 1, "2 semaines d'affilée dans les objectifs"),
        (Locale.FR, 0, "1 semaine dans les objectifs"),
    ],
)
def test_the_streak_line(locale, previous, expected):
    on_target = WeeklyGoals(touches=5)
    text, html = parts(review_email(profile(locale=locale), review(on_target, previous), SENDER))
    assert expected in text and expected.replace("'", "&#39;") in html


@pytest.mark.parametrize("locale", list(Locale))
def test_without_goals_the_actuals_alone_and_how_to_set_goals(locale):
    text, html = parts(review_email(profile(locale=locale), review(WeeklyGoals(), previous_streak=3), SENDER))
    words = WORDS[locale]
    assert words["no_goals"] in text and words["no_goals"].replace("'", "&#39;") in html
    assert "PATCH" not in text and ("Réglages" if locale is Locale.FR else "Settings") in text  # the web app's
    colon = "\u202f:" if locale is Locale.FR else ":"
    assert f"{words['touches']}{colon} 7\n" in text
    assert "—" not in text and "—" not in html  # no verdict without a target


@pytest.mark.parametrize("locale", list(Locale))
def test_friendly_empty_states(locale):
    words = WORDS[locale]
    text, html = parts(review_email(profile(locale=locale), review(new_people=0), SENDER))
    for key in ("no_cooling", "nobody_new"):
        assert words[key] in text and words[key].replace("'", "&#39;") in html
    assert words["unplanned_hint"] not in text
    text, _ = parts(review_email(profile(locale=locale), review(new_people=2), SENDER))
    assert words["all_planned"] in text and words["nobody_new"] not in text


def test_names_are_escaped_in_the_html_part_only():
    message = review_email(
        profile(), review(cooled=cooled("<Bob & Co>"), unplanned=[newcomer("Ann", "<b>ACME</b>")]), SENDER
    )
    text, html = parts(message)
    assert "&lt;Bob &amp; Co&gt;: health 50/100" in html and "<Bob & Co>" not in html
    assert "Ann (&lt;b&gt;ACME&lt;/b&gt;)" in html and "<b>ACME</b>" not in html
    assert "<Bob & Co>: health 50/100" in text and "Ann (<b>ACME</b>)" in text


def test_the_review_goes_to_the_sign_in_address():
    who = profile(
        emails=[ProfileEmail(address="first@example.com", verified=True), ProfileEmail(address="b@x.io", verified=True)]
    )
    assert review_email(who, review(), SENDER)["To"] == "first@example.com"
