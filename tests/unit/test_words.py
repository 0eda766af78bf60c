"""Words a native speaker would write, everywhere Rapport writes, in French and English.

Every message kind is rendered for a French and an English networker with rich data (a first of the
month, every kind of touch and reminder, a greetings season), and every word table is read raw, with
the web app's messages: French puts a no-break space before : ; ? ! and inside « », writes "1er" and
names kinds in French; English puts no space before a colon; nothing is left as a {placeholder} and
no message names an API path. SMS texts stay within GSM-7 instead (plain spaces, no « »).
"""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest

from functions.api import pages
from rapport.delivery import calendar_feed, introduction_drafts, review_email, sms, sms_replies, words
from rapport.delivery.digest import compose
from rapport.delivery.email import account_export_email, brief_email, confirmation_email, digest_email
from rapport.delivery.email_actions import ActionUrls
from rapport.domain import account_archive, greetings, imports, links, meeting, ranking, reminders, views, wording
from rapport.domain.contact import Contact, Wish
from rapport.domain.goals import WeeklyGoals
from rapport.domain.greetings import Campaign, CampaignView, Season, window
from rapport.domain.interaction import Interaction, Source
from rapport.domain.introductions import Introduction, IntroductionStatus
from rapport.domain.locale import Locale
from rapport.domain.meeting import Brief, Meeting, questions
from rapport.domain.profile import Confirmation, Profile, ProfileEmail
from rapport.domain.review import Actuals, cooling, week_ending
from rapport.domain.review import compose as review_of
from rapport.domain.sms_commands import Reason
from rapport.domain.views import ContactView
from rapport.domain.vocabulary import Circle, Direction, Kind, Stage
from rapport.services import opportunities

ROOT = Path(__file__).resolve().parents[2]
FIRST = date(2027, 1, 1)  # a Friday, the first of the month: "vendredi 1er janvier"
NOW = datetime(2027, 1, 1, 17, tzinfo=UTC)  # 18:00 in Paris
ZONE = "Europe/Paris"
SENDER = "digest@rapport.example"
URLS = ActionUrls("n1", b"k" * 32, "https://api.example", "https://app.example", NOW)

NBSP = "\u202f\u00a0"  # narrow (the one Rapport writes) or ordinary no-break space
FRENCH_MONTHS = "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
ENGLISH_KINDS = re.compile(r"\b(coffee|lunch|call|video[ _]call|meeting|event|greetings?|help|email)\b", re.I)
API_PATHS = re.compile(r"\b(GET|POST|PUT|PATCH|DELETE) /")


# --- The rules -----------------------------------------------------------------------------------------------


def french_faults(text: str, texted: bool = False) -> list[str]:
    text = re.sub(r"https?://\S+", "", text)  # an address is no word
    faults = []
    if texted:
        faults += [f"outside GSM-7: {c!r}" for c in sorted(set(text) - sms.GSM7 - sms.GSM7_EXTENSION)]
        faults += [f"no space before {m!r}" for m in re.findall(r"\S[:;?!](?=\s|$)", text)]
    else:
        faults += [f"no no-break space before {m!r}" for m in re.findall(rf"[^{NBSP}][:;?!](?=\s|$)", text)]
        faults += [f"no no-break space in {m!r}" for m in re.findall(rf"«[^{NBSP}]|[^{NBSP}]»", text)]
        faults += [f"English quotes {m!r}" for m in re.findall(r"[“”\"]", text)]
    faults += [f"{m!r}: the first is 1er" for m in re.findall(rf"\b1 (?:{FRENCH_MONTHS})\b", text)]
    faults += [f"English kind {m!r}" for m in ENGLISH_KINDS.findall(re.sub(r"\{[^}]*\}", "", text))]
    return faults


def english_faults(text: str) -> list[str]:
    return [f"space before {m!r}" for m in re.findall(rf"[\s{NBSP}][:;?!]", text)] + [
        f"French quotes {m!r}" for m in re.findall("[«»]", text)
    ]


def faults(text: str, locale: Locale, texted: bool = False, rendered: bool = True) -> list[str]:
    found = french_faults(text, texted) if locale is Locale.FR else english_faults(text)
    if rendered:
        found += [f"unresolved {m}" for m in re.findall(r"\{\w*\}", text)]
    return found + [f"an API path: {m}" for m in API_PATHS.findall(text)]


class _Text(HTMLParser):
    """The words of an HTML part, without its tags and styles."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_words(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return "".join(parser.parts)


def email_words(message) -> list[str]:
    plain = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    return [message["Subject"], plain, html_words(html)]


# --- Rich data -----------------------------------------------------------------------------------------------


def profile(locale: Locale) -> Profile:
    return Profile(
        networker_id="n1", name="Marie", emails=[ProfileEmail(address="marie@example.com", verified=True)],
        timezone=ZONE, locale=locale, created_at=NOW, updated_at=NOW,
    )  # fmt: skip


def contact(contact_id: str, name: str, **fields) -> Contact:
    values = {
        "declared_stage": Stage.MET, "stage": Stage.MET, "circle": Circle.ACTIVE, "company": "Acme",
        "created_at": NOW - timedelta(days=400), "updated_at": NOW,
    }  # fmt: skip
    return Contact(contact_id=contact_id, name=name, **(values | fields))


ANNE = contact("a1", "Anne Leroy", circle=Circle.INNER, next_follow_up_on=FIRST - timedelta(days=60),
               last_touch_at=NOW - timedelta(days=80), birthday={"day": 1, "month": 1})  # fmt: skip
BRUNO = contact("b2", "Bruno Petit", next_follow_up_on=FIRST - timedelta(days=2),
                last_touch_at=NOW - timedelta(days=40), title="CFO", how_we_met="Salon VivaTech",
                needs=[Wish(label="levée de fonds", noted_at=NOW)],
                offers=[Wish(label="recrutement", noted_at=NOW)])  # fmt: skip
CHLOE = contact("c3", "Chloé Roux", declared_stage=Stage.TO_MEET, first_met_at=NOW - timedelta(hours=3),
                last_touch_at=NOW - timedelta(hours=3), next_follow_up_on=FIRST + timedelta(days=3))  # fmt: skip
DAVID = contact("d4", "David Morel", declared_stage=Stage.TO_MEET, stage=Stage.TO_MEET, why="il connaît les fonds")
PEOPLE = {c.contact_id: c for c in (ANNE, BRUNO, CHLOE, DAVID)}
HELD = Meeting(meeting_id="m1", contact_ids=["b2"], starts_at=NOW - timedelta(hours=5), place="Café de Flore",
               goal="parler de sa levée", created_at=NOW, updated_at=NOW)  # fmt: skip
MADE = Introduction(
    introduction_id="i1", contact_ids=["a1", "b2"], reason="Anne recrute", status=IntroductionStatus.MADE,
    created_at=NOW, made_at=datetime(2026, 12, 1, 10, tzinfo=UTC), follow_up_due_on=FIRST, updated_at=NOW,
)  # fmt: skip


def every_reminder(locale: Locale) -> list[reminders.Reminder]:
    found = opportunities._SENTENCE[locale].format(
        need="Bruno Petit", offer="Chloé Roux", need_label="levée de fonds", offer_label="recrutement"
    )
    step = links.Step(contact_id="b2", name="Bruno Petit", closeness=links.Closeness.CLOSE)
    path = links.Path(score=60, first_hop_health=80, steps=[step])
    help_found = reminders.FoundHelp(
        opportunity_id="o1",
        need_contact=ContactView.of(BRUNO, FIRST),
        offer_name="Chloé Roux",
        need_label="levée de fonds",
        sentence=found,
    )
    return [
        *reminders.follow_ups([ANNE, BRUNO], FIRST, locale),
        *reminders.upcoming_follow_ups([CHLOE], FIRST, locale),
        *reminders.thank_yous([CHLOE], [HELD.model_copy(update={"held": True})], PEOPLE, NOW, ZONE, locale),
        *reminders.birthdays([ANNE], FIRST, FIRST, locale),
        *reminders.birthdays([ANNE], FIRST + timedelta(days=1), FIRST, locale),
        *reminders.birthdays([ANNE], FIRST + timedelta(days=5), FIRST, locale),
        *reminders.unconfirmed_meetings([HELD], PEOPLE, NOW, ZONE, locale),
        *reminders.intro_follow_ups([MADE], PEOPLE, FIRST, FIRST, ZONE, locale),
        *reminders.help_opportunities([help_found], FIRST, locale),
        reminders.meet_nudge(DAVID, path, FIRST, locale),
        reminders.meet_nudge(DAVID, None, FIRST, locale),
    ]


def every_line(locale: Locale) -> list[ranking.Line]:
    """Every reminder as the digest names them: ranked, one line per person."""
    return ranking.rank(reminders.for_the_digest(every_reminder(locale)))


def campaigns(locale: Locale) -> list[CampaignView]:
    season = Campaign(**window(Season.NEW_YEAR, 2027).model_dump(), contact_ids=["a1", "b2", "c3", "d4", "e5"],
                      greeted=["a1"], opened_at=NOW)  # fmt: skip
    names = {"b2": "Bruno Petit", "c3": "Chloé Roux", "d4": "David Morel", "e5": "Emma Blanc"}
    return [CampaignView.of(season, names, FIRST, locale)]


def every_email(locale: Locale) -> list:
    who = profile(locale)
    digest = compose(who, every_line(locale), 2, FIRST, campaigns(locale))
    season_alone = compose(who, [], 0, FIRST, campaigns(locale))
    touches = [
        Interaction(
            interaction_id=f"t{i}",
            kind=kind,
            direction=Direction.MUTUAL,
            contact_ids=["b2"],
            occurred_at=NOW - timedelta(days=31 * i),
            summary="sa levée de fonds" if i % 2 else None,
            source=Source.API,
            created_at=NOW,
        )  # fmt: skip
        for i, kind in enumerate(Kind)
    ]
    coming = HELD.model_copy(update={"starts_at": NOW + timedelta(hours=1)})
    brief = Brief(meeting=coming, people=[BRUNO, DAVID], last_touches={"b2": touches, "d4": []},
                  questions=questions(coming, [BRUNO, DAVID], locale, first_time=True))  # fmt: skip
    link = Confirmation(token="t", address="marie@work.example", expires_at=NOW + timedelta(days=1))
    week = week_ending(FIRST)
    cooled = cooling([contact("k1", "Karim Haddad", circle=Circle.INNER, last_touch_at=NOW - timedelta(days=21),
                              next_follow_up_on=FIRST - timedelta(days=7))], week)  # fmt: skip
    actuals = Actuals(new_people=1, touches=7, help_given=2, introductions=1)
    with_goals = review_of("n1", week, WeeklyGoals(new_people=2, touches=5), actuals, 2, cooled, [CHLOE], FIRST)
    without_goals = review_of("n1", week, WeeklyGoals(), actuals, None, [], [], FIRST)
    return [
        digest_email(who, digest, SENDER, URLS),
        digest_email(who, season_alone, SENDER, URLS),
        brief_email(who, brief, SENDER),
        confirmation_email(who, link, "https://rapport.example/confirm?token=t", SENDER),
        account_export_email(who, "https://app.example/app/settings/export/x1", NOW + timedelta(days=7), SENDER),
        review_email.review_email(who, with_goals, SENDER),
        review_email.review_email(who, without_goals, SENDER),
    ]


def every_draft(locale: Locale) -> list[str]:
    first = introduction_drafts.Party(name="Anne Leroy", email="anne@example.com", company="Acme", title="CTO")
    second = introduction_drafts.Party(name="Bruno Petit", company="Orbit")
    drafts = [
        introduction_drafts.ask_draft(first, second, "Bruno lève des fonds", "Marie", locale, ["recrutement"]),
        introduction_drafts.introduction_draft(first, second, "Bruno lève des fonds", "Marie", locale, ["recrutement"]),
    ]
    return [text for d in drafts for text in (d.subject, d.body)]


def every_text(locale: Locale) -> list[str]:
    """What Rapport texts, with names and dates within GSM-7 (one outside makes the text UCS-2, not a fault)."""
    digest = compose(profile(locale), every_line(locale), 2, FIRST, campaigns(locale))
    reasons: list[Reason] = ["empty", "too_long", "not_a_command", "bad_number", "bad_duration", "bad_name"]
    candidates = [sms_replies.Candidate("Anne Leroy", "Acme"), sms_replies.Candidate("Anne Petit")]
    return [
        sms.digest_sms(profile(locale), digest, "https://app.example/app"),
        sms.phone_code_sms(locale, "123456"),
        sms_replies.done(["Anne Leroy", "Bruno Petit"], locale),
        sms_replies.snoozed(["Anne Leroy"], FIRST, locale),
        sms_replies.dismissed(["Anne Leroy"], locale),
        *(sms_replies.logged(kind, "Anne Leroy", locale) for kind in Kind),
        sms_replies.unknown_number(7, 3, locale),
        sms_replies.unknown_number(7, 0, locale),
        *(sms_replies.ambiguous_name(kind, candidates, locale) for kind in Kind),
        sms_replies.unknown_name("Zorro", locale),
        sms_replies.opted_out(locale),
        sms_replies.opted_in(locale),
        sms_replies.help_text(locale),
        *(sms_replies.not_understood(reason, locale) for reason in reasons),
    ]


def every_calendar_text(locale: Locale) -> list[str]:
    """The calendar feed's names, summaries and descriptions, with every kind of event."""
    import icalendar

    coming = HELD.model_copy(update={"starts_at": NOW + timedelta(days=2)})
    raw = calendar_feed.calendar(profile(locale), list(PEOPLE.values()), [coming], [MADE], NOW)
    feed = icalendar.Calendar.from_ical(raw)
    said = [str(feed["x-wr-calname"]), str(feed["x-wr-caldesc"])]
    return said + [str(e[name]) for e in feed.walk("VEVENT") for name in ("summary", "description") if name in e]


def every_page(locale: Locale) -> list[str]:
    said = [html_words(pages.confirmed("marie@work.example", locale))]
    return said + ([html_words(pages.confirmation_failed("Unknown link"))] if locale is Locale.FR else [])


# --- The word tables, raw ------------------------------------------------------------------------------------


def tables(locale: Locale) -> dict[str, str]:
    """Every word of Rapport's own tables in `locale`, by where it comes from."""
    said = {
        **{f"words.{k}": v for k, v in words.WORDS[locale].items()},
        **{f"review_email.{k}": v for k, v in review_email.WORDS[locale].items()},
        **{f"introduction_drafts.{k}": v for k, v in introduction_drafts._WORDS[locale].items()},
        **{f"reminders.{k}": v for k, v in reminders._WORDS[locale].items()},
        **{f"views.{k}": v for k, v in views._REASONS[locale].items()},
        **{f"meeting.{k}": v for k, v in meeting._QUESTIONS[locale].items()},
        **{f"wording.{k}": v for k, v in wording.KIND_NAMES[locale].items()},
        **{f"greetings.{s}": greetings.season_name(s, locale) for s in Season},
        "opportunities": opportunities._SENTENCE[locale],
        "imports": imports._CONNECTED[locale],
        **{f"account_archive.{k}": v for k, v in account_archive._WORDS[locale].items()},
        **{f"account_archive.items.{k}": v for k, v in account_archive._ITEM_TYPES[locale].items()},
    }
    return said


def text_tables(locale: Locale) -> dict[str, str]:
    return {
        **{f"sms.{k}": v for k, v in sms._WORDS[locale].items()},
        **{f"sms_replies.{k}": v for k, v in sms_replies._WORDS[locale].items()},
        **{f"sms_replies.touch.{k}": v for k, v in sms_replies.TOUCHES[locale].items()},
    }


def web_messages() -> dict[Locale, dict[str, str]]:
    """The web app's messages (every `defineMessages` of web/src), by locale: "file:key" -> text."""
    said: dict[Locale, dict[str, str]] = {Locale.EN: {}, Locale.FR: {}}
    for path in sorted((ROOT / "web" / "src").rglob("*.ts*")):
        source = path.read_text()
        if "defineMessages({" not in source:
            continue
        for block in source.split("defineMessages({")[1:]:
            for locale in Locale:
                start = re.search(rf"\b{locale.value}: \{{", block)
                assert start, f"{path}: no {locale.value} messages"
                for key, text in re.findall(r'(\w+):\s*"((?:[^"\\]|\\.)*)"', _braced(block, start.end())):
                    said[locale][f"{path.name}:{key}"] = json.loads(f'"{text}"')
    return said


def _braced(source: str, start: int) -> str:
    """The source from `start` to the brace closing the one just before it (braces in strings skipped)."""
    depth, quoted, i = 1, False, start
    while depth:
        c = source[i]
        if quoted and c == "\\":
            i += 1
        elif c == '"':
            quoted = not quoted
        elif not quoted:
            depth += {"{": 1, "}": -1}.get(c, 0)
        i += 1
    return source[start : i - 1]


# --- The tests -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("locale", list(Locale))
def test_every_email_follows_the_rules(locale):
    found = {}
    for message in every_email(locale):
        for i, text in enumerate(email_words(message)):
            if wrong := faults(text, locale):
                found[f"{message['Subject']} (part {i})"] = wrong
    assert not found


@pytest.mark.parametrize("locale", list(Locale))
def test_every_draft_page_and_reason_follows_the_rules(locale):
    said = (
        every_draft(locale)
        + every_page(locale)
        + [text for r in every_reminder(locale) for text in (r.reason, r.short_reason)]
    )
    said += [c.progress for c in campaigns(locale)]
    said += every_calendar_text(locale)
    contents = account_archive.Contents(
        items={"contact": 4, "touch": 12, "new_kind": 1}, contacts=4, calendar=True, mails=2
    )
    said.append(account_archive.readme(locale, NOW, contents))
    assert {text: wrong for text in said if (wrong := faults(text, locale))} == {}


@pytest.mark.parametrize("locale", list(Locale))
def test_every_text_message_follows_the_rules(locale):
    assert {text: wrong for text in every_text(locale) if (wrong := faults(text, locale, texted=True))} == {}


@pytest.mark.parametrize("locale", list(Locale))
def test_every_word_table_follows_the_rules(locale):
    found = {key: faults(text, locale, rendered=False) for key, text in tables(locale).items()}
    found |= {key: faults(text, locale, texted=True, rendered=False) for key, text in text_tables(locale).items()}
    assert {key: wrong for key, wrong in found.items() if wrong} == {}


def test_the_feed_and_the_account_deletion_write_the_typographic_apostrophe():
    """Their words are in `words.py` with the emails'; French writes ’ there, not a straight one."""
    said = [v for k, v in words.WORDS[Locale.FR].items() if k.startswith(("feed_", "deletion_"))]
    said += every_calendar_text(Locale.FR)
    assert len(said) > 12 and [t for t in said if "'" in t] == []
    assert "d’ici quelques minutes" in words.say(Locale.FR, "deletion_under_way")


def test_every_web_app_message_follows_the_rules():
    said = web_messages()
    assert len(said[Locale.FR]) > 300 and said[Locale.FR].keys() == said[Locale.EN].keys()
    found = {key: faults(text, locale, rendered=False) for locale in Locale for key, text in said[locale].items()}
    assert {key: wrong for key, wrong in found.items() if wrong} == {}


def test_the_kinds_are_named_as_the_web_app_names_them():
    said = web_messages()
    for locale in Locale:
        web = {kind: said[locale][f"kinds.ts:{kind.value}"].lower() for kind in Kind}
        assert web == {kind: name.lower() for kind, name in wording.KIND_NAMES[locale].items()}


@pytest.mark.parametrize(
    ("day", "en", "fr"),
    [
        (date(2027, 1, 1), "Friday, January 1", "vendredi 1er janvier"),
        (date(2026, 12, 12), "Saturday, December 12", "samedi 12 décembre"),
        (date(2021, 3, 1), "Monday, March 1, 2021", "lundi 1er mars 2021"),
    ],
)
def test_one_way_to_write_a_day(day, en, fr):
    with_year = day.year != 2026 and day.year != 2027
    assert wording.spoken_date(day, Locale.EN, with_year) == en
    assert wording.spoken_date(day, Locale.FR, with_year) == fr


@pytest.mark.parametrize(
    ("text", "locale", "wrong"),
    [
        ("Votre objectif: un café", Locale.FR, True),
        ("Votre objectif : un café", Locale.FR, True),
        ("Votre objectif\u202f: un café", Locale.FR, False),
        ("Il cherche « des fonds »", Locale.FR, True),
        ("vendredi 1 janvier", Locale.FR, True),
        ("le 12 décembre, coffee", Locale.FR, True),
        ("Fixez des objectifs avec PATCH /me", Locale.FR, True),
        ("Bonjour {name}", Locale.FR, True),
        ("Fait : Anne.", Locale.FR, False),  # texted: plain spaces
        ("Your goal : a coffee", Locale.EN, True),
        ("Your goal: a coffee on Friday, January 1", Locale.EN, False),
    ],
)
def test_the_rules_catch_what_they_are_for(text, locale, wrong):
    assert bool(faults(text, locale, texted=text.startswith("Fait"))) is wrong
