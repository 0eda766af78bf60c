"""A greetings campaign as the networker reads it, and in the digest (email and SMS)."""

from datetime import UTC, date, datetime

import pytest

from rapport.delivery.digest import compose
from rapport.delivery.email import digest_email
from rapport.delivery.email_actions import ActionUrls
from rapport.delivery.sms import MAX_SEGMENTS, digest_sms, segments
from rapport.domain.contact import Contact
from rapport.domain.followup import Status
from rapport.domain.greetings import Campaign, CampaignView, Season, window
from rapport.domain.locale import Locale
from rapport.domain.profile import Profile, ProfileEmail
from rapport.domain.ranking import rank
from rapport.domain.reminders import Reminder, ReminderKind, reminder_id
from rapport.domain.views import ContactView

TODAY_URL = "https://app.example/app"
NOW = datetime(2027, 1, 2, 8, tzinfo=UTC)
TODAY = date(2027, 1, 2)
URLS = ActionUrls("n1", b"k" * 32, "https://api.example", "https://app.example", NOW)


def profile(locale: str) -> Profile:
    email = [ProfileEmail(address="marie@example.com", verified=True)]
    return Profile(networker_id="n1", name="Marie", emails=email, locale=locale, created_at=NOW, updated_at=NOW)


def campaign(total: int, greeted: int, season=Season.NEW_YEAR, year=2027) -> Campaign:
    ids = [f"c{i:02}" for i in range(total)]
    w = window(season, year)
    return Campaign(
        season=season, year=year, opens_on=w.opens_on, closes_on=w.closes_on,
        contact_ids=ids, greeted=ids[:greeted], opened_at=NOW,
    )  # fmt: skip


def names(total: int, name="Person {i}") -> dict[str, str]:
    return {f"c{i:02}": name.format(i=i) for i in range(total)}


def view(total: int, greeted: int, locale="fr", name="Person {i}") -> CampaignView:
    return CampaignView.of(campaign(total, greeted), names(total, name), TODAY, locale)


def due(name: str) -> Reminder:
    contact_id = name.encode().hex()  # one person per name
    contact = Contact(
        contact_id=contact_id, name=name, declared_stage="met", stage="met", circle="active",
        created_at=NOW, updated_at=NOW,
    )  # fmt: skip
    return Reminder(
        reminder_id=reminder_id(ReminderKind.FOLLOW_UP, contact_id, TODAY), kind=ReminderKind.FOLLOW_UP,
        contact=ContactView.of(contact, TODAY), due_on=TODAY, status=Status.OVERDUE, reason="It has been a while",
        short_reason="a while without news",
    )  # fmt: skip


# The view


def test_the_view_counts_and_names_who_is_left_in_the_campaign_order():
    seen = view(5, 2, locale="en")
    assert (seen.campaign_id, seen.open, seen.total, seen.greeted) == ("new_year-2027", True, 5, 2)
    assert seen.progress == "New Year greetings: 2 of 5 greeted"
    assert [(p.contact_id, p.name) for p in seen.left] == [(f"c0{i}", f"Person {i}") for i in (2, 3, 4)]


def test_a_contact_deleted_since_the_campaign_opened_no_longer_counts():
    deleted = campaign(5, 2).model_copy(update={"gone": ["c00", "c03"]})  # one greeted, one not
    seen = CampaignView.of(deleted, names(5), TODAY, Locale.FR)
    assert (seen.total, seen.greeted, [p.contact_id for p in seen.left]) == (3, 1, ["c02", "c04"])
    assert seen.progress == "Les vœux\u202f: 1 sur 3 salué"


def test_a_campaign_is_open_on_the_days_of_its_season_only():
    assert not CampaignView.of(campaign(1, 0), names(1), date(2027, 2, 1), Locale.EN).open
    assert CampaignView.of(campaign(1, 0), names(1), date(2027, 1, 31), Locale.EN).open


# compose


def test_a_campaign_with_people_left_is_worth_a_digest_alone():
    digest = compose(profile("fr"), [], 0, TODAY, [view(40, 12)])
    assert digest is not None and digest.count == 0 and digest.campaigns[0].greeted == 12


def test_nothing_due_and_nobody_left_to_greet_sends_nothing():
    assert compose(profile("fr"), [], 0, TODAY, [view(3, 3)]) is None
    assert compose(profile("fr"), [], 0, TODAY, [view(0, 0)]) is None
    assert compose(profile("fr"), [], 0, TODAY) is None


def test_a_finished_campaign_is_told_with_what_is_due_and_an_empty_one_is_not():
    digest = compose(profile("fr"), rank([due("Claire")]), 0, TODAY, [view(3, 3), view(0, 0)])
    assert [c.progress for c in digest.campaigns] == ["Les vœux\u202f: 3 sur 3 salués"]


# The email


@pytest.mark.parametrize(
    ("locale", "intro", "block"),
    [
        (
            "en",
            "Nobody is waiting to hear from you on Saturday, January 2; here is where your greetings stand:",
            "New Year greetings: 12 of 40 greeted\nStill to greet: Person 12, Person 13, Person 14 and 25 more.\n",
        ),
        (
            "fr",
            "Personne n'attend de vos nouvelles ce samedi 2 janvier\u202f; voici où en sont vos salutations\u202f:",
            "Les vœux\u202f: 12 sur 40 salués\nEncore à saluer\u202f: Person 12, Person 13, Person 14 et 25 autres.\n",
        ),
    ],
)
def test_the_email_tells_the_season_alone(locale, intro, block):
    message = digest_email(
        profile(locale), compose(profile(locale), [], 0, TODAY, [view(40, 12, locale)]), "d@r.example", URLS
    )
    text = message.get_body(("plain",)).get_content()
    assert f"{intro}\n\n{block}\n--" in text
    html = message.get_body(("html",)).get_content()
    assert "<ol>" not in html and "Person 14" in html


@pytest.mark.parametrize(
    ("left", "line"),
    [
        (1, "Encore à saluer\u202f: Person 2."),
        (4, "Encore à saluer\u202f: Person 2, Person 3, Person 4 et une autre personne."),
    ],
)
def test_the_email_names_three_and_counts_the_rest(left, line):
    digest = compose(profile("fr"), rank([due("Claire")]), 0, TODAY, [view(2 + left, 2)])
    text = digest_email(profile("fr"), digest, "d@r.example", URLS).get_body(("plain",)).get_content()
    open_link = f"   Ouvrir\u202f: https://app.example/app/contacts/{digest.shown[0].contact_id}"
    assert "1. Claire — a while without news\n" in text
    assert f"{open_link}\n\nLes vœux\u202f: 2 sur {2 + left} salués\n{line}\n" in text


def test_names_are_escaped_in_the_html_part():
    digest = compose(profile("en"), [], 0, TODAY, [view(2, 0, "en", name="<b>{i}</b>")])
    html = digest_email(profile("en"), digest, "d@r.example", URLS).get_body(("html",)).get_content()
    assert "&lt;b&gt;0&lt;/b&gt;" in html and "<b>0</b>" not in html


# The SMS


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        (
            "en",
            "Rapport: nobody to reach out to today\nNew Year greetings: 0 of 5 greeted\n"
            "Still to greet: Person 0, Person 1, Person 2 +2 more",
        ),
        (
            "fr",
            "Rapport : personne à contacter aujourd'hui\nLes voeux : 0 sur 5 salué\n"
            "Encore à saluer : Person 0, Person 1, Person 2 +2 autres",
        ),
    ],
)
def test_the_sms_tells_the_season_in_gsm7_words(locale, expected):
    text = digest_sms(profile(locale), compose(profile(locale), [], 0, TODAY, [view(5, 0, locale)]), TODAY_URL)
    assert text == expected and segments(text).encoding == "GSM-7"


@pytest.mark.parametrize("season", list(Season))
def test_every_season_name_of_the_sms_is_gsm7(season):
    for locale in ("en", "fr"):
        w = window(season, 2027)
        one = Campaign(
            season=season, year=2027, opens_on=w.opens_on, closes_on=w.closes_on,
            contact_ids=["c00"], opened_at=NOW,
        )  # fmt: skip
        digest = compose(profile(locale), [], 0, w.opens_on, [CampaignView.of(one, names(1), w.opens_on, locale)])
        assert segments(digest_sms(profile(locale), digest, TODAY_URL)).encoding == "GSM-7"


def test_the_season_comes_after_the_numbered_lines_unnumbered():
    text = digest_sms(
        profile("fr"), compose(profile("fr"), rank([due("Claire Martin")]), 0, TODAY, [view(3, 1)]), TODAY_URL
    )
    assert text.splitlines() == [
        "Rapport : 1 à contacter aujourd'hui",
        "1. Claire Martin - a while without news",
        "Les voeux : 1 sur 3 salué",
        "Encore à saluer : Person 1, Person 2",
    ]


def test_who_is_left_to_greet_goes_before_a_reminder_does():
    long = "Bartholomew Featherstonehaugh-Cholmondeley {i}"
    reminders = [due(long.format(i=i)) for i in range(3)]
    text = digest_sms(
        profile("en"), compose(profile("en"), rank(reminders), 0, TODAY, [view(9, 0, "en", name=long)]), TODAY_URL
    )
    lines = text.splitlines()
    assert segments(text).parts <= MAX_SEGMENTS
    assert lines[-1] == "New Year greetings: 0 of 9 greeted"  # the names did not fit with the reminders
    assert [line for line in lines if line[0].isdigit()] == [
        f"{i + 1}. {long.format(i=i)} - a while without news" for i in range(3)
    ]
