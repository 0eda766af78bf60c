from datetime import UTC, date, datetime, timedelta

import pytest

from rapport.delivery.digest import SHOWN, compose
from rapport.delivery.email import digest_email
from rapport.delivery.email_actions import ActionUrls
from rapport.delivery.schedule_expressions import digest_schedule
from rapport.domain.contact import Contact
from rapport.domain.profile import Channels, Profile, ProfileEmail
from rapport.domain.reminders import follow_ups

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


def contact(i: int, late_days: int, **fields) -> Contact:
    return Contact(
        contact_id=f"c{i}", name=f"Contact {i}", declared_stage="met", stage="met", circle="active",
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
    return follow_ups(contacts, day, locale)


def test_nothing_due_nothing_to_send():
    assert compose(profile(), [], date(2026, 2, 1)) is None
    assert compose(profile(), due([contact(1, late_days=-3)]), date(2026, 2, 1)) is None  # not due yet


def test_a_handful_shown_overdue_first_and_the_rest_counted():
    digest = compose(profile(), due([contact(i, late_days=i * 4) for i in range(SHOWN + 3)]), date(2026, 2, 1))
    assert len(digest.shown) == SHOWN and digest.more == 3 and digest.count == SHOWN + 3
    assert [d.contact.name for d in digest.shown[:2]] == ["Contact 7", "Contact 6"]
    assert digest.shown[0].status == "overdue"


@pytest.mark.parametrize(
    ("locale", "subject", "intro", "more"),
    [
        (
            "en",
            "Rapport: who to reach out to today",
            "8 people are waiting to hear from you on Sunday, February 1:",
            "and 3 more: see them all in Rapport.",
        ),
        (
            "fr",
            "Rapport\u202f: qui recontacter aujourd'hui",
            "8 personnes attendent de vos nouvelles ce dimanche 1er février\u202f:",
            "et 3 autres\u202f: retrouvez-les toutes dans Rapport.",
        ),
    ],
)
def test_the_email_speaks_the_networker_language(locale, subject, intro, more):
    who = profile(locale=locale)
    digest = compose(who, due([contact(i, late_days=i * 4) for i in range(8)], locale=locale), date(2026, 2, 1))
    message = digest_email(who, digest, "digest@rapport.example", URLS)
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert message["Subject"] == subject and message["To"] == "marie@example.com"
    assert message["List-Unsubscribe"] == f"<{URLS.unsubscribe}>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert intro in text and more in text and "Contact 7" in text
    assert intro.replace("'", "&#39;") in html


def test_names_are_escaped_in_the_html_part():
    who = profile()
    digest = compose(who, due([contact(1, late_days=1, company="<b>ACME</b>")]), date(2026, 2, 1))
    message = digest_email(who, digest, "digest@rapport.example", URLS)
    assert "&lt;b&gt;ACME&lt;/b&gt;" in message.get_body(("html",)).get_content()
    assert "(<b>ACME</b>)" in message.get_body(("plain",)).get_content()
    assert "One person is waiting" in message.get_body(("plain",)).get_content()


@pytest.mark.parametrize(
    ("locale", "done", "settings"),
    [
        ("en", "   Done: ", "Change when and how Rapport writes to you: "),
        ("fr", "   Fait\u202f: ", "vous écrit\u202f: "),
    ],
)
def test_each_line_has_its_links_and_the_footer_the_settings(locale, done, settings):
    who = profile(locale=locale)
    digest = compose(who, due([contact(1, late_days=3), contact(2, late_days=9)], locale=locale), date(2026, 2, 1))
    message = digest_email(who, digest, "digest@rapport.example", URLS)
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    for shown in digest.shown:
        line = URLS.line(shown.contact.contact_id, [shown.reminder_id])
        assert f"{done}{line.done}\n" in text and line.snooze in text and line.open in text
        assert f'href="{line.done}"' in html and f'href="{line.snooze}"' in html and f'href="{line.open}"' in html
    assert f"{settings}https://app.example/app/settings\n" in text
    assert 'href="https://app.example/app/settings"' in html and f'href="{URLS.unsubscribe}"' in html
