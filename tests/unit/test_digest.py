from datetime import UTC, date, datetime, timedelta

import pytest

from rapport.delivery.digest import compose
from rapport.delivery.email import digest_email
from rapport.delivery.email_actions import ActionUrls
from rapport.delivery.schedule_expressions import digest_schedule
from rapport.domain.contact import Contact
from rapport.domain.profile import Channels, Profile, ProfileEmail
from rapport.domain.ranking import rank
from rapport.domain.reminders import birthdays, follow_ups

NOW = datetime(2026, 1, 1, 9, tzinfo=UTC)
URLS = ActionUrls("n1", b"k" * 32, "https://api.example", "https://app.example", NOW)


def profile(**fields) -> Profile:
    values = {
        "networker_id": "n1",
        "name": "Marie",
        "emails": [ProfileEmail(address="marie@example.com", verified=True)],
        "created_at": NOW,
        "updated_at": NOW,
    }
    return Profile(**(values | fields))


def contact(i: int, late_days: int, circle: str = "active", **fields) -> Contact:
    return Contact(
        contact_id=f"c{i}", name=f"Contact {i}", declared_stage="met", stage="met", circle=circle,
        created_at=NOW, updated_at=NOW, next_follow_up_on=date(2026, 2, 1) - timedelta(days=late_days), **fields,
    )  # fmt: skip


def test_the_schedule_is_every_day_at_the_digest_time_in_the_networker_zone():
    wanted = digest_schedule(profile(digest_time="08:30", timezone="Europe/Paris"))
    assert (wanted.expression, wanted.timezone) == ("cron(30 8 * * ? *)", "Europe/Paris")
    assert digest_schedule(profile(digest_time="07:05")).expression == "cron(5 7 * * ? *)"


def test_no_schedule_when_every_channel_is_off():
    assert digest_schedule(profile(channels=Channels(email=False, sms=False))) is None
    assert digest_schedule(profile(channels=Channels(email=False, sms=True))) is not None


def due(contacts, day=date(2026, 2, 1), locale="en"):
    return rank(follow_ups(contacts, day, locale))


def test_nobody_named_nothing_to_send():
    assert compose(profile(), [], 0, date(2026, 2, 1)) is None
    assert compose(profile(), [], 3, date(2026, 2, 1)) is None  # the back-off named nobody today


def test_the_digest_counts_people_one_line_each():
    lines = due([contact(i, late_days=i * 4) for i in range(3)])
    digest = compose(profile(), lines, 4, date(2026, 2, 1))
    assert (len(digest.shown), digest.more, digest.count) == (3, 4, 7)
    assert [line.contact.name for line in digest.shown] == ["Contact 2", "Contact 1", "Contact 0"]


@pytest.mark.parametrize(
    ("locale", "subject", "intro", "line", "more"),
    [
        (
            "en",
            "Rapport: who to reach out to today",
            "8 people to reach out to on Sunday, February 1:",
            "1. Contact 7 — 58 days without news\n",
            "And 3 more people to reach out to, all in Today:\nhttps://app.example/app\n",
        ),
        (
            "fr",
            "Rapport\u202f: qui recontacter aujourd'hui",
            "8 personnes à contacter ce dimanche 1er février\u202f:",
            "1. Contact 7 — 58 jours sans nouvelles\n",
            "Et 3 autres personnes à contacter, toutes dans Aujourd’hui\u202f:\nhttps://app.example/app\n",
        ),
    ],
)
def test_the_email_speaks_the_networker_language(locale, subject, intro, line, more):
    who = profile(locale=locale)
    lines = due([contact(i, late_days=i * 4) for i in range(8)], locale=locale)
    digest = compose(who, lines[:5], 3, date(2026, 2, 1))
    message = digest_email(who, digest, "digest@rapport.example", URLS)
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert message["Subject"] == subject and message["To"] == "marie@example.com"
    assert message["List-Unsubscribe"] == f"<{URLS.unsubscribe}>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert intro in text and line in text and more in text and "Contact 3" in text and "Contact 2" not in text
    assert intro.replace("'", "&#39;") in html
    assert '<a href="https://app.example/app">' in html  # the rest is one click away, never a dead end


def test_a_person_with_several_reasons_is_one_line_with_all_of_them():
    who = profile(locale="fr")
    late = contact(1, late_days=46, circle="inner", birthday={"day": 1, "month": 2})
    lines = rank(
        follow_ups([late], date(2026, 2, 1), "fr") + birthdays([late], date(2026, 2, 1), date(2026, 2, 1), "fr")
    )
    message = digest_email(who, compose(who, lines, 0, date(2026, 2, 1)), "d@r.example", URLS)
    text = message.get_body(("plain",)).get_content()
    assert "Une personne à contacter ce dimanche 1er février\u202f:" in text
    assert "1. Contact 1 — 2 mois sans nouvelles, anniversaire aujourd'hui\n" in text
    assert "de vos nouvelles" not in text
    assert "https://app.example/app\n" not in text  # nobody else: no link to the rest


def test_names_are_escaped_in_the_html_part():
    who = profile()
    digest = compose(who, due([contact(1, late_days=1, company="<b>ACME</b>")]), 0, date(2026, 2, 1))
    message = digest_email(who, digest, "digest@rapport.example", URLS)
    assert "&lt;b&gt;ACME&lt;/b&gt;" in message.get_body(("html",)).get_content()
    assert "(<b>ACME</b>)" in message.get_body(("plain",)).get_content()
    assert "One person to reach out to" in message.get_body(("plain",)).get_content()


@pytest.mark.parametrize(
    ("locale", "done", "settings"),
    [
        ("en", "   Done: ", "Change when and how Rapport writes to you: "),
        ("fr", "   Fait\u202f: ", "vous écrit\u202f: "),
    ],
)
def test_each_line_has_its_links_and_the_footer_the_settings(locale, done, settings):
    who = profile(locale=locale)
    lines = due([contact(1, late_days=3), contact(2, late_days=9)], locale=locale)
    digest = compose(who, lines, 0, date(2026, 2, 1))
    message = digest_email(who, digest, "digest@rapport.example", URLS)
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    for shown in digest.shown:
        line = URLS.line(shown.contact_id, shown.reminder_ids)
        assert f"{done}{line.done}\n" in text and line.snooze in text and line.open in text
        assert f'href="{line.done}"' in html and f'href="{line.snooze}"' in html and f'href="{line.open}"' in html
    assert f"{settings}https://app.example/app/settings\n" in text
    assert 'href="https://app.example/app/settings"' in html and f'href="{URLS.unsubscribe}"' in html
