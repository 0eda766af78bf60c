"""A calendar that has not been read for days, said in the digest (email and SMS, English and French)."""

from datetime import UTC, date, datetime

from rapport.delivery.digest import compose
from rapport.delivery.email import digest_email
from rapport.delivery.email_actions import ActionUrls
from rapport.delivery.sms import digest_sms, segments
from rapport.domain.locale import Locale
from rapport.domain.profile import CalendarNotice, Profile, ProfileEmail

NOW = datetime(2026, 11, 20, 9, tzinfo=UTC)
URLS = ActionUrls("n1", b"k" * 32, "https://api.example", "https://app.example", NOW)
NOTICE = CalendarNotice(calendar_id="cal1", name="Perso", since=datetime(2026, 11, 17, 8, tzinfo=UTC), code="not_found")


def profile(**fields) -> Profile:
    values = {
        "networker_id": "n1",
        "name": "Marie",
        "emails": [ProfileEmail(address="marie@example.com", verified=True)],
        "created_at": NOW,
        "updated_at": NOW,
        "calendar_notices": [NOTICE],
    }
    return Profile(**(values | fields))


def text_of(message) -> str:
    return message.get_body(("plain",)).get_content()


def test_a_failing_calendar_alone_is_worth_a_digest():
    digest = compose(profile(), [], 0, date(2026, 11, 20))
    assert digest is not None and digest.calendars == [NOTICE] and digest.count == 0
    assert compose(profile(calendar_notices=[]), [], 0, date(2026, 11, 20)) is None


def test_the_email_says_which_calendar_since_when_and_why_in_english():
    text = text_of(digest_email(profile(), compose(profile(), [], 0, date(2026, 11, 20)), "r@x", URLS))
    assert "one of your calendars needs you" in text
    assert "Your calendar “Perso” has not been read since Tuesday, November 17." in text
    assert "it was probably reset" in text


def test_the_email_says_it_in_french_with_french_typography():
    fr = profile(locale=Locale.FR, timezone="Europe/Paris")
    text = text_of(digest_email(fr, compose(fr, [], 0, date(2026, 11, 20)), "r@x", URLS))
    assert "Votre agenda «\u202fPerso\u202f» n’a pas pu être lu depuis le mardi 17 novembre." in text
    assert "l’un de vos agendas a besoin de vous\u202f:" in text


def test_the_sms_says_it_last_within_gsm_7():
    for locale, words in ((Locale.EN, "Your calendar Perso has not been read since 11/17"), (Locale.FR, "17/11")):
        texting = profile(locale=locale)
        text = digest_sms(texting, compose(texting, [], 0, date(2026, 11, 20)), "https://app.example/app")
        assert words in text.splitlines()[-1]
        assert segments(text).encoding == "GSM-7"
