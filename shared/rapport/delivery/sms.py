"""A digest as a text message: segments counted as carriers bill them, quiet hours respected. Pure."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Literal, NamedTuple

from rapport.delivery.digest import NAMES_LEFT, Digest
from rapport.domain.greetings import CampaignView, Season
from rapport.domain.locale import Locale
from rapport.domain.profile import Profile

# GSM 03.38 (3GPP TS 23.038, section 6.2.1) default alphabet in code order, 0x00 to 0x7F, without
# 0x1B (the escape to the extension table). 0x09 is the capital Ç: many tables wrongly put ç there.
GSM7 = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅå"
    "Δ_ΦΓΛΩΠΨΣΘΞÆæßÉ"
    " !\"#¤%&'()*+,-./"
    "0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§"
    "¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
# Its extension table (section 6.2.1.1): the escape then the character, so two septets each.
GSM7_EXTENSION = frozenset("\f^{}\\[~]|€")

_TYPOGRAPHY = str.maketrans({"\u202f": " ", "\u00a0": " ", "«": '"', "»": '"', "’": "'"})
MAX_SEGMENTS = 2  # a digest costs at most two messages and still reads as one on the phone
_ELLIPSIS = "..."  # not "…", which is outside GSM-7 and would make the whole text UCS-2

# Rapport's own words stay within GSM-7 in both languages (no ç, ê, œ, curly apostrophe, nor the
# narrow no-break space of French typography), so that only a name can turn a text into UCS-2.
_WORDS = {
    Locale.EN: {
        "header": "Rapport: {count} to reach out to today",
        "header_none": "Rapport: nobody to reach out to today",
        "rest_one": "+1 more: {url}",
        "rest_many": "+{count} more: {url}",
        "more_one": "+1 more",
        "more_many": "+{count} more",
        "progress_one": "{season}: {greeted} of {total} greeted",
        "progress_many": "{season}: {greeted} of {total} greeted",
        "left": "Still to greet: {names}",
        "calendar": "Your calendar {name} has not been read since {date}: see your settings",
        "date": "%m/%d",
        Season.NEW_YEAR: "New Year greetings",
        Season.YEAR_END: "Season's greetings",
        Season.BACK_TO_WORK: "Back-to-work catch-ups",
    },
    Locale.FR: {
        "header": "Rapport : {count} à contacter aujourd'hui",
        "header_none": "Rapport : personne à contacter aujourd'hui",
        "rest_one": "+1 autre : {url}",
        "rest_many": "+{count} autres : {url}",
        "more_one": "+1 autre",
        "more_many": "+{count} autres",
        "progress_one": "{season} : {greeted} sur {total} salué",  # 0 and 1 in the singular, as in the email
        "progress_many": "{season} : {greeted} sur {total} salués",
        "left": "Encore à saluer : {names}",
        "calendar": "Votre agenda {name} n'a pas pu etre lu depuis le {date} : voir vos réglages",  # ê: not GSM-7
        "date": "%d/%m",
        Season.NEW_YEAR: "Les voeux",  # not "vœux": œ is outside GSM-7
        Season.YEAR_END: "Les fetes de fin d'année",  # nor ê
        Season.BACK_TO_WORK: "La rentrée",
    },
}


class Segments(NamedTuple):
    encoding: Literal["GSM-7", "UCS-2"]
    parts: int  # what carriers bill
    units: int  # septets in GSM-7, UTF-16 code units in UCS-2


def segments(text: str) -> Segments:
    """How many messages a carrier sends and bills for `text`.

    One character outside GSM-7 makes the whole text UCS-2. A single message holds 160 septets or
    70 code units; a concatenated one loses room to its header and holds 153 or 67 per segment.
    """
    if all(c in GSM7 or c in GSM7_EXTENSION for c in text):
        return _packed("GSM-7", [2 if c in GSM7_EXTENSION else 1 for c in text], single=160, per_segment=153)
    return _packed("UCS-2", [len(c.encode("utf-16-le")) // 2 for c in text], single=70, per_segment=67)


def _packed(encoding: Literal["GSM-7", "UCS-2"], sizes: list[int], single: int, per_segment: int) -> Segments:
    """A character never straddles two segments (an escape and its character, a surrogate pair):
    when it does not fit in what is left of a segment, it starts the next one, as senders split them."""
    units = sum(sizes)
    if units <= single:
        return Segments(encoding, 1, units)
    count, room = 1, per_segment
    for size in sizes:
        if size > room:
            count, room = count + 1, per_segment
        room -= size
    return Segments(encoding, count, units)


def digest_sms(profile: Profile, digest: Digest, today_url: str) -> str:
    """The digest in the networker's language, in at most MAX_SEGMENTS segments.

    One numbered line per person with their most pressing reason ("1. Anne Martin - 2 mois sans nouvelles"):
    the number is what the networker answers ("fait 1"), and it acts on every reminder of the line. Lines
    that do not fit are dropped from the end and counted with the link to Today ("+3 autres : https://...");
    a name is never cut, except the first one when it cannot fit even alone (its reason goes first).
    """
    words = _WORDS[profile.locale]
    lines = [_line(number, line.contact.name, line.reasons[0]) for number, line in enumerate(digest.shown, 1)]
    # The greetings season comes last, unnumbered; who is left to greet goes before a person does.
    named, bare = _seasons(words, digest.campaigns, names=True), _seasons(words, digest.campaigns, names=False)
    for kept in range(len(lines), 0 if lines else -1, -1):
        for seasons in (named, bare):
            text = _text(words, digest, lines[:kept], seasons, today_url)
            if _fits(text):
                return text
    return _shortened(words, digest, bare, today_url)


def _shortened(words: dict[str, str], digest: Digest, seasons: list[str], today_url: str) -> str:
    """The first line alone without its reason, its name cut until the text fits; the number is kept."""
    name = _one_line(digest.shown[0].contact.name)
    for cut in range(len(name), 0, -1):
        shown = name if cut == len(name) else name[:cut].rstrip() + _ELLIPSIS
        text = _text(words, digest, [_line(1, shown, "")], seasons, today_url)
        if _fits(text):
            return text
    return _text(words, digest, [_line(1, _ELLIPSIS, "")], seasons, today_url)


def _text(words: dict[str, str], digest: Digest, lines: list[str], seasons: list[str], today_url: str) -> str:
    more = digest.count - len(lines)
    tail = [words["rest_one" if more == 1 else "rest_many"].format(count=more, url=today_url)] if more else []
    header = words["header"].format(count=digest.count) if digest.count else words["header_none"]
    return "\n".join([header, *lines, *tail, *seasons, *_calendars(words, digest)])


def _calendars(words: dict, digest: Digest) -> list[str]:
    """The calendars not read for days, last, each on a line: the date in figures (a month's name could leave
    GSM-7), the name cut."""
    return [
        words["calendar"].format(name=_one_line(notice.name)[:40], date=notice.since.strftime(words["date"]))
        for notice in digest.calendars
    ]


def _seasons(words: dict, campaigns: list[CampaignView], names: bool) -> list[str]:
    """Each campaign's progress in Rapport's GSM-7 words, then (`names`) the first few still to greet."""
    said = []
    for campaign in campaigns:
        progress = words["progress_one" if campaign.greeted <= 1 else "progress_many"]
        said.append(progress.format(season=words[campaign.season], greeted=campaign.greeted, total=campaign.total))
        left = [_one_line(left.name) for left in campaign.left[:NAMES_LEFT]]
        if names and left:
            more = campaign.total - campaign.greeted - len(left)
            tail = " " + words["more_one" if more == 1 else "more_many"].format(count=more) if more else ""
            said.append(words["left"].format(names=", ".join(left)) + tail)
    return said


def _line(number: int, name: str, reason: str) -> str:
    name = _one_line(name)
    return f"{number}. {name} - {_texted(reason)}" if reason else f"{number}. {name}"


def _texted(words: str) -> str:
    """A reason as the email says it, in GSM-7's characters where French typography has its own: the narrow
    no-break space, « », the curly apostrophe (each would make the whole text UCS-2)."""
    for french, plain in (("«\u202f", '"'), ("\u202f»", '"'), ("« ", '"'), (" »", '"')):
        words = words.replace(french, plain)
    return _one_line(words.translate(_TYPOGRAPHY))


def _one_line(name: str) -> str:
    """A line break in a name would pass for another numbered line."""
    return " ".join(name.split())


def _fits(text: str) -> bool:
    return segments(text).parts <= MAX_SEGMENTS


def quiet_until(local_now: datetime, start: time = time(21, 0), end: time = time(8, 0)) -> datetime | None:
    """None when a text may be sent at `local_now`; otherwise when the quiet hours end, in its zone.

    The quiet hours run from `start` (included) to `end` (excluded), past midnight when start > end;
    start == end means none. The end is built as a wall time of its day, so a clock change during
    the night still gives `end` on the clock, not an hour early or late.
    """
    if local_now.utcoffset() is None:
        raise ValueError("local_now must be time-zone aware: quiet hours are the networker's local time")
    now = local_now.time()
    quiet = start <= now < end if start <= end else (now >= start or now < end)
    if not quiet:
        return None
    day = local_now.date() if now < end else local_now.date() + timedelta(days=1)
    return datetime.combine(day, end, tzinfo=local_now.tzinfo)


def phone_code_sms(locale: Locale, code: str) -> str:
    """One GSM-7 segment, the code first (phones show it in the notification)."""
    if locale is Locale.FR:
        return f"{code} est votre code Rapport. Il expire dans 10 minutes."
    return f"{code} is your Rapport code. It expires in 10 minutes."
