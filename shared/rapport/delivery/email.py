"""A digest as an email: plain text and HTML from templates, in the networker's locale."""

from __future__ import annotations

from datetime import datetime
from email.message import EmailMessage
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_time
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from rapport.delivery.digest import NAMES_LEFT, Digest, today_url
from rapport.delivery.email_actions import ActionUrls
from rapport.delivery.words import WORDS, counted, say
from rapport.domain.calendar_sources import problem_words
from rapport.domain.greetings import CampaignView
from rapport.domain.interaction import Interaction
from rapport.domain.locale import Locale
from rapport.domain.meeting import Brief
from rapport.domain.profile import CalendarNotice, Confirmation, Profile
from rapport.domain.wording import KIND_NAMES, spoken_date


@cache
def _templates() -> Environment:
    return Environment(
        loader=PackageLoader("rapport.delivery", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html.j2",), default_for_string=False),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def digest_email(profile: Profile, digest: Digest, sender: str, urls: ActionUrls) -> EmailMessage:
    """The digest, each line with its links (done, snooze a week, open), the footer with the settings and a
    one-click unsubscribe (RFC 8058)."""
    locale, unsubscribe = profile.locale, urls.unsubscribe
    day = spoken_date(digest.local_date, locale)
    words: dict[str, Any] = {
        "locale": locale.value,
        "subject": say(locale, "subject"),
        "greeting": say(locale, "greeting", name=profile.name),
        "intro": counted(locale, "intro", digest.count, date=day)
        if digest.count
        else say(locale, "intro_none" if digest.campaigns else "intro_calendars", date=day),  # a season, a calendar
        "more": counted(locale, "more", digest.more) if digest.more else "",
        "open_today": say(locale, "open_today"),
        "today_url": today_url(urls.app_url),  # Today, where every line is
        "footer": say(locale, "footer", time=profile.digest_time),
        "unsubscribe": say(locale, "unsubscribe"),
        "unsubscribe_url": unsubscribe,
        "settings": say(locale, "settings"),
        "settings_url": urls.settings,
        "colon": say(locale, "colon"),
        "actions": {key: say(locale, f"action_{key}") for key in ("done", "snooze", "open")},
        "links": [urls.line(line.contact_id, line.reminder_ids) for line in digest.shown],
        "digest": digest,
        "campaigns": [_campaign(locale, campaign) for campaign in digest.campaigns],
        "calendars": [_calendar(profile, notice) for notice in digest.calendars],
    }
    return _message(profile, sender, words["subject"], "digest", words, unsubscribe)


def _calendar(profile: Profile, notice: CalendarNotice) -> str:
    """A calendar not read for days, since when and why, in the networker's words."""
    since = spoken_date(notice.since.astimezone(ZoneInfo(profile.timezone)).date(), profile.locale)
    reason = problem_words(notice.code, profile.locale)
    return say(profile.locale, "calendar_failing", name=notice.name, date=since, reason=reason)


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
    if unsubscribe_url:  # RFC 8058: the mail client POSTs "List-Unsubscribe=One-Click" to it
        message["List-Unsubscribe"] = f"<{unsubscribe_url}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
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
            names=names, date=spoken_date(starts.date(), locale), time=time, place=place
        ),
        "meeting": brief.meeting,
        "people": brief.people,
        "touches": {
            contact_id: [_touch_line(locale, touch, zone, starts.year) for touch in touches]
            for contact_id, touches in brief.last_touches.items()
        },
        "questions": brief.questions,
    }
    return _message(profile, sender, values["subject"], "brief", values)


def _touch_line(locale: Locale, touch: Interaction, zone: ZoneInfo, this_year: int) -> str:
    """ "Friday, January 1, coffee: the summary" / "vendredi 1er janvier, café : le résumé"."""
    day = touch.occurred_at.astimezone(zone).date()
    line = f"{spoken_date(day, locale, with_year=day.year != this_year)}, {KIND_NAMES[locale][touch.kind]}"
    return say(locale, "brief_touch", line=line, summary=touch.summary) if touch.summary else line


def confirmation_email(profile: Profile, confirmation: Confirmation, link: str, sender: str) -> EmailMessage:
    """The link that proves an address added to the profile is the networker's: sent to that address."""
    locale, address = profile.locale, confirmation.address
    expiry = confirmation.expires_at.astimezone(ZoneInfo(profile.timezone))
    values: dict[str, Any] = {
        "locale": locale.value,
        "subject": say(locale, "confirm_subject", address=address),
        "greeting": say(locale, "greeting", name=profile.name),
        "intro": say(locale, "confirm_intro", address=address),
        "expiry": say(locale, "confirm_expiry", date=spoken_date(expiry.date(), locale)),
        "button": say(locale, "confirm_button", address=address),
        "link": link,
    }
    return _message(profile, sender, values["subject"], "confirmation", values, to=address)


def account_export_url(app_url: str, export_id: str) -> str:
    """The export's page in the web app: it shows the export and downloads it with a fresh link."""
    return f"{app_url.rstrip('/')}/app/settings/export/{export_id}"


def account_export_email(profile: Profile, link: str, expires_at: datetime, sender: str) -> EmailMessage:
    """An account export is ready: the link to its page, and until when its zip is kept."""
    locale = profile.locale
    expiry = expires_at.astimezone(ZoneInfo(profile.timezone))
    values: dict[str, Any] = {
        "locale": locale.value,
        "subject": say(locale, "export_subject"),
        "greeting": say(locale, "greeting", name=profile.name),
        "intro": say(locale, "export_intro"),
        "expiry": say(locale, "export_expiry", date=spoken_date(expiry.date(), locale)),
        "button": say(locale, "export_button"),
        "link": link,
    }
    return _message(profile, sender, values["subject"], "account_export", values)
