"""A digest as an email: plain text and HTML from templates, in the networker's locale."""

from __future__ import annotations

from email.message import EmailMessage
from functools import cache
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_time
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from rapport.delivery.digest import NAMES_LEFT, Digest
from rapport.delivery.words import WORDS, counted, say
from rapport.domain.greetings import CampaignView
from rapport.domain.locale import Locale
from rapport.domain.meeting import Brief
from rapport.domain.profile import Confirmation, Profile


@cache
def _templates() -> Environment:
    return Environment(
        loader=PackageLoader("rapport.delivery", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html.j2",), default_for_string=False),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def digest_email(profile: Profile, digest: Digest, sender: str, app_url: str) -> EmailMessage:
    locale = profile.locale
    unsubscribe_url = f"mailto:{sender}?subject={quote('unsubscribe ' + profile.networker_id)}"
    day = format_date(digest.local_date, "full", locale=locale)
    words: dict[str, Any] = {
        "locale": locale.value,
        "subject": say(locale, "subject"),
        "greeting": say(locale, "greeting", name=profile.name),
        "intro": counted(locale, "intro", digest.count, date=day)
        if digest.count
        else say(locale, "intro_none", date=day),  # sent for a greetings season alone
        "more": counted(locale, "more", digest.more) if digest.more else "",
        "open_today": say(locale, "open_today"),
        "today_url": f"{app_url.rstrip('/')}/app",  # Today, where every line is
        "footer": say(locale, "footer", time=profile.digest_time),
        "unsubscribe": say(locale, "unsubscribe"),
        "unsubscribe_url": unsubscribe_url,
        "digest": digest,
        "campaigns": [_campaign(locale, campaign) for campaign in digest.campaigns],
    }
    return _message(profile, sender, words["subject"], "digest", words, unsubscribe_url)


def _campaign(locale: Locale, campaign: CampaignView) -> dict:
    """Its progress line, and the first few still to greet (the rest counted)."""
    names = [left.name for left in campaign.left[:NAMES_LEFT]]
    more = campaign.total - campaign.greeted - len(names)
    if not names:
        left = ""
    elif more:
        left = counted(locale, "left_more", more, names=", ".join(names))
    else:
        left = say(locale, "left", names=", ".join(names))
    return {"progress": campaign.progress, "left": left}


def _message(
    profile: Profile,
    sender: str,
    subject: str,
    template: str,
    values: dict[str, Any],
    unsubscribe_url: str | None = None,
    to: str | None = None,
) -> EmailMessage:
    message = EmailMessage()
    message["From"] = f"Rapport <{sender}>"
    message["To"] = to or profile.sign_in_email
    message["Subject"] = subject
    if unsubscribe_url:
        message["List-Unsubscribe"] = f"<{unsubscribe_url}>"
    message.set_content(_templates().get_template(f"{template}.txt.j2").render(values))
    message.add_alternative(_templates().get_template(f"{template}.html.j2").render(values), subtype="html")
    return message


def brief_email(profile: Profile, brief: Brief, sender: str) -> EmailMessage:
    """The meeting brief, a while before the meeting."""
    locale, zone = profile.locale, ZoneInfo(profile.timezone)
    words = WORDS[locale]
    starts = brief.meeting.starts_at.astimezone(zone)
    names = ", ".join(person.name for person in brief.people)
    time = format_time(starts, "short", locale=locale)
    place = words["brief_place"].format(place=brief.meeting.place) if brief.meeting.place else ""
    values: dict[str, Any] = {
        "locale": locale.value,
        "words": words,
        "subject": words["brief_subject"].format(names=names, time=time),
        "greeting": say(locale, "greeting", name=profile.name),
        "intro": words["brief_intro"].format(
            names=names, date=format_date(starts, "full", locale), time=time, place=place
        ),
        "meeting": brief.meeting,
        "people": brief.people,
        "touches": brief.last_touches,
        "touch_dates": {
            t.interaction_id: format_date(t.occurred_at.astimezone(zone), "medium", locale)
            for touches in brief.last_touches.values()
            for t in touches
        },
        "questions": brief.questions,
    }
    return _message(profile, sender, values["subject"], "brief", values)


def confirmation_email(profile: Profile, confirmation: Confirmation, link: str, sender: str) -> EmailMessage:
    """The link that proves an address added to the profile is the networker's: sent to that address."""
    locale, address = profile.locale, confirmation.address
    expiry = confirmation.expires_at.astimezone(ZoneInfo(profile.timezone))
    values: dict[str, Any] = {
        "locale": locale.value,
        "subject": say(locale, "confirm_subject", address=address),
        "greeting": say(locale, "greeting", name=profile.name),
        "intro": say(locale, "confirm_intro", address=address),
        "expiry": say(locale, "confirm_expiry", date=format_date(expiry, "long", locale=locale)),
        "button": say(locale, "confirm_button", address=address),
        "link": link,
    }
    return _message(profile, sender, values["subject"], "confirmation", values, to=address)
