"""A digest as an email: plain text and HTML from templates, in the networker's locale."""

from __future__ import annotations

from email.message import EmailMessage
from functools import cache
from urllib.parse import quote

from babel.dates import format_date
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from rapport.delivery import texts
from rapport.delivery.digest import Digest
from rapport.domain.profile import Profile


@cache
def _templates() -> Environment:
    return Environment(
        loader=PackageLoader("rapport.delivery", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html.j2",), default_for_string=False),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def digest_email(profile: Profile, digest: Digest, sender: str) -> EmailMessage:
    locale = profile.locale
    unsubscribe_url = f"mailto:{sender}?subject={quote('unsubscribe ' + profile.networker_id)}"
    words = {
        "locale": locale.value,
        "subject": texts.text(locale, "subject"),
        "greeting": texts.text(locale, "greeting", name=profile.name),
        "intro": texts.counted(
            locale, "intro", digest.count, date=format_date(digest.local_date, "full", locale=locale)
        ),
        "overdue": texts.text(locale, "overdue"),
        "more": texts.counted(locale, "more", digest.more) if digest.more else "",
        "footer": texts.text(locale, "footer", time=profile.digest_time),
        "unsubscribe": texts.text(locale, "unsubscribe"),
        "unsubscribe_url": unsubscribe_url,
        "digest": digest,
    }
    message = EmailMessage()
    message["From"] = f"Rapport <{sender}>"
    message["To"] = profile.sign_in_email
    message["Subject"] = words["subject"]
    message["List-Unsubscribe"] = f"<{unsubscribe_url}>"
    message.set_content(_templates().get_template("digest.txt.j2").render(words))
    message.add_alternative(_templates().get_template("digest.html.j2").render(words), subtype="html")
    return message
