"""Every key format of the single table, in one place (docs/data-model.md lists the access patterns).

One networker's items share the partition `NW#<networker_id>`, except each contact's touch log,
which gets a partition of its own so that listing one contact's touches reads nothing else.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, date, datetime

from rapport.domain.ids import time_prefix

PROFILE = "PROFILE"
CONTACT_PREFIX = "C#"
EMAIL_PREFIX = "E#"
INTERACTION_PREFIX = "I#"
TOUCH_PREFIX = "T#"
SEND_PREFIX = "S#"
BIRTHDAY_PREFIX = "B#"
MET_PREFIX = "M#"
REMINDER_PREFIX = "R#"
MEETING_PREFIX = "MT#"
MEETING_DAY_PREFIX = "MD#"
SHOWN = "SHOWN"  # what the digests showed, for the back-off: one item per networker
LINKEDIN_PREFIX = "LI#"
FORGOTTEN_PREFIX = "LD#"
TO_MEET_PREFIX = "TM#"

# Powertools idempotency records of the senders share one partition; their sort key is its hash.
IDEMPOTENCY_SENDS = "IDEMPOTENCY#sends"
IDEMPOTENCY_TEXTS = "IDEMPOTENCY#texts"  # and those of the texts received, acted on once


def networker(networker_id: str) -> str:
    return f"NW#{networker_id}"


def networker_id_of(pk: str) -> str | None:
    """The networker a partition belongs to; None for the shared ones (inbound addresses, confirmations)."""
    return pk.split("#", 2)[1] if pk.startswith("NW#") else None


def contact(contact_id: str) -> str:
    return f"{CONTACT_PREFIX}{contact_id}"


def contact_email(address: str) -> str:
    """Uniqueness guard: an address belongs to at most one contact of a networker."""
    return f"{EMAIL_PREFIX}{address}"


def linkedin(identity: str) -> str:
    """Uniqueness guard: a LinkedIn profile (or an imported row's identity) is at most one contact's."""
    return f"{LINKEDIN_PREFIX}{identity}"


def forgotten(identity: str) -> str:
    """An imported contact the networker deleted: importing the file again does not bring them back."""
    return f"{FORGOTTEN_PREFIX}{identity}"


def to_meet(priority_rank: int, contact_id: str) -> str:
    """A contact still to meet, by priority: the day's nudge reads the highest tier only."""
    return f"{to_meet_tier(priority_rank)}{contact_id}"


def to_meet_tier(priority_rank: int) -> str:
    return f"{TO_MEET_PREFIX}{priority_rank}#"


def interaction(interaction_id: str) -> str:
    return f"{INTERACTION_PREFIX}{interaction_id}"


def touch_log(networker_id: str, contact_id: str) -> str:
    return f"NW#{networker_id}#C#{contact_id}"


def idempotent_requests(networker_id: str) -> str:
    """Powertools idempotency records of one networker's creating requests (sort key `<route>#<hash of the key>`):
    a partition per networker, so nobody's Idempotency-Key can find another's answer."""
    return f"NW#{networker_id}#IDEMPOTENCY"


def touch(occurred_at: datetime, interaction_id: str) -> str:
    """Sorted by when it happened, so the newest touch is the last item of the partition."""
    return f"{TOUCH_PREFIX}{occurred_at.astimezone(UTC).isoformat(timespec='seconds')}#{interaction_id}"


def due(networker_id: str) -> str:
    return f"NW#{networker_id}"


def due_sort(next_follow_up_on: date, contact_id: str) -> str:
    return f"{next_follow_up_on.isoformat()}#{contact_id}"


def due_until(day: date) -> str:
    """Upper bound (inclusive of the whole day) for a due query."""
    return f"{day.isoformat()}#~"


def due_from(day: date) -> str:
    """Lower bound (the whole day included) for a due query."""
    return f"{day.isoformat()}#"


def send(local_date: date, channel: str, kind: str) -> str:
    """What was sent to a networker: at most one per local date, channel and kind of message."""
    return f"{SEND_PREFIX}{local_date.isoformat()}#{channel}#{kind}"


def birthday(month: int, day: int, contact_id: str) -> str:
    """A contact's birthday, by calendar day: the day's birthdays are one Query, every year."""
    return f"{birthday_on(month, day)}{contact_id}"


def birthday_on(month: int, day: int) -> str:
    return f"{BIRTHDAY_PREFIX}{month:02d}-{day:02d}#"


def met(on: date, contact_id: str) -> str:
    """When a contact was first met: a thank-you is due in the days after."""
    return f"{MET_PREFIX}{on.isoformat()}#{contact_id}"


def met_between(first: date, last: date) -> tuple[str, str]:
    return f"{MET_PREFIX}{first.isoformat()}#", f"{MET_PREFIX}{last.isoformat()}#~"


def met_parts(sort_key: str) -> tuple[date, str]:
    """(day, contact id) of a first-met marker's sort key."""
    day, contact_id = sort_key.removeprefix(MET_PREFIX).split("#")
    return date.fromisoformat(day), contact_id


def reminder(reminder_id: str) -> str:
    """What the networker did with a reminder (done, snoozed, dismissed)."""
    return f"{REMINDER_PREFIX}{reminder_id}"


def meeting(meeting_id: str) -> str:
    return f"{MEETING_PREFIX}{meeting_id}"


def meeting_day(starts_at: datetime, meeting_id: str) -> str:
    """Meetings by the (UTC) day they start: the ones around a date are one Query."""
    return f"{MEETING_DAY_PREFIX}{starts_at.astimezone(UTC).date().isoformat()}#{meeting_id}"


def meetings_between(first: date, last: date) -> tuple[str, str]:
    return f"{MEETING_DAY_PREFIX}{first.isoformat()}#", f"{MEETING_DAY_PREFIX}{last.isoformat()}#~"


# Email actions ---------------------------------------------------------------------------------------
ACTION_KEY = "ACTION_KEY"  # the networker's key signing their email actions (domain/email_actions.py)
USED_ACTION_PREFIX = "UA#"


def used_action(fingerprint: str) -> str:
    """A done or snooze link already used (by its token's fingerprint): a second click acts no more."""
    return f"{USED_ACTION_PREFIX}{fingerprint}"


# Inbound email ---------------------------------------------------------------------------------------
INBOUND = "IN"
CONFIRMATION = "EC"
MESSAGE_PREFIX = "MSG#"
QUARANTINE_PREFIX = "Q#"
SUGGESTION_PREFIX = "SG#"
UNROUTED = "UNROUTED"

# SMS ------------------------------------------------------------------------------------------------
PHONE_CODE = "PHONE_CODE"
PHONE = "PH"
SMS_DIGEST = "SMS_DIGEST"  # the numbered lines of the last SMS digest: what "done 1" refers to
SMS_HELP = "SMS_HELP"  # when the last "not understood" help was texted (at most one an hour)
# Limits (`domain.limits`): the moments of recent attempts, under the networker's partition or the number's.
CODES_TEXTED = "LIMIT#texted"  # codes texted: to a networker (NW#<id>), to a number (PH#<number>)
WRONG_CODES = "LIMIT#wrong"  # wrong codes typed for a number (PH#<number>)


def inbound_address(token: str) -> str:
    """Who owns an inbound address: a partition of its own, read by token (the mail knows nothing else)."""
    return f"{INBOUND}#{token}"


def email_confirmation(token: str) -> str:
    """A pending confirmation of one of a networker's addresses, read by the token in the link."""
    return f"{CONFIRMATION}#{token}"


def message(key: str) -> str:
    """An inbound message already logged (by `domain.inbound.message_key`): logged once however often it comes."""
    return f"{MESSAGE_PREFIX}{key}"


def quarantined(quarantine_id: str) -> str:
    return f"{QUARANTINE_PREFIX}{quarantine_id}"


def suggestion(address: str) -> str:
    return f"{SUGGESTION_PREFIX}{address}"


def unrouted(received_at: datetime, ses_message_id: str) -> str:
    """Mail to an inbound address nobody has (any more): kept for operators, by arrival."""
    return f"{received_at.astimezone(UTC).isoformat(timespec='seconds')}#{ses_message_id}"


def phone(number: str) -> str:
    """Whose verified phone is this (E.164): texts from it are that networker's commands."""
    return f"{PHONE}#{number}"


# Introductions ---------------------------------------------------------------------------------------
INTRODUCTION_PREFIX = "INTRO#"
OPEN_PAIR_PREFIX = "IP#"


def introduction(introduction_id: str) -> str:
    return f"{INTRODUCTION_PREFIX}{introduction_id}"


def open_pair(pair: str) -> str:
    """Held while an introduction between two contacts is open: the same pair is not introduced twice."""
    return f"{OPEN_PAIR_PREFIX}{pair}"


OPPORTUNITY_PREFIX = "OP#"


def opportunity(opportunity_id: str) -> str:
    """A help opportunity: one contact's offer meets another's need (the id is stable per pair and concept)."""
    return f"{OPPORTUNITY_PREFIX}{opportunity_id}"


# Meeting new people ----------------------------------------------------------------------------------
KNOWS_PREFIX = "KN#"
IMPORT_PREFIX = "IMP#"
IMPORT_REJECTED_PREFIX = "IMR#"
CAMPAIGN_PREFIX = "GC#"
REVIEW_PREFIX = "WR#"


def knows(first: str, second: str) -> str:
    """Two contacts who know each other: one item per pair, in id order (the link has no direction)."""
    return f"{KNOWS_PREFIX}{'#'.join(sorted((first, second)))}"


def import_job(import_id: str) -> str:
    return f"{IMPORT_PREFIX}{import_id}"


def import_rejected(import_id: str, first_row: int) -> str:
    """The rows one chunk of an import could not take (a chunk is written once, whatever the retries)."""
    return f"{import_rejections(import_id)}{first_row:06d}"


def import_rejections(import_id: str) -> str:
    return f"{IMPORT_REJECTED_PREFIX}{import_id}#"


def campaign(campaign_id: str) -> str:
    """A greetings season's campaign (`new_year-2027`): who to greet, who was greeted."""
    return f"{CAMPAIGN_PREFIX}{campaign_id}"


def review(week_last: date) -> str:
    """The weekly review of the week ending that day: its figures, and the streak the next one continues."""
    return f"{REVIEW_PREFIX}{week_last.isoformat()}"


def reviews_between(first: date, last: date) -> tuple[str, str]:
    return f"{REVIEW_PREFIX}{first.isoformat()}", f"{REVIEW_PREFIX}{last.isoformat()}"


def created_between(prefix: str, first: datetime, last: datetime) -> tuple[str, str]:
    """Bounds of the sort keys `<prefix><id>` of items whose time-ordered id (`domain.ids`) was drawn
    between two moments: what was created in a week is one range, not a read of everything."""
    return f"{prefix}{time_prefix(first)}", f"{prefix}{time_prefix(last)}~"


def import_file(networker_id: str, import_id: str) -> str:
    """The uploaded export, in the imports bucket: read again by each chunk, kept when it fails."""
    return f"{import_files(networker_id)}{import_id}"


# Imports (issue 16): the phone index, finding a contact by phone (a phone may be several contacts').
PHONE_INDEX_PREFIX = "PN#"


def phone_index(e164: str) -> str:
    """The contacts holding this number (`contact_ids`, a string set): a switchboard is many people's."""
    return f"{PHONE_INDEX_PREFIX}{e164}"


# Calendar feed -----------------------------------------------------------------------------------------
CALENDAR_FEED = "CF"


def calendar_feed(secret: str) -> str:
    """Whose calendar feed this secret opens: a partition of its own, named by the secret's SHA-256 so
    that the table never holds the secret outside the networker's own profile."""
    return f"{CALENDAR_FEED}#{hashlib.sha256(secret.encode()).hexdigest()}"


# Calendar sources (issue 17) ----------------------------------------------------------------------------
CALENDAR_PREFIX = "CAL#"
CALENDAR_EVENT_PREFIX = "CE#"
CALENDARS = "CALENDARS"  # the fingerprints of the networker's calendars: none twice, at most 10


def calendar(calendar_id: str) -> str:
    """One of the networker's calendars (a calendar source) and its state."""
    return f"{CALENDAR_PREFIX}{calendar_id}"


def calendar_event(calendar_id: str, occurrence_key: str) -> str:
    """What one occurrence of a calendar became (`domain.calendar_sources.occurrence_key`): a calendar's
    marks are one Query (`calendar_occurrences`)."""
    return f"{calendar_occurrences(calendar_id)}{occurrence_key}"


def calendar_occurrences(calendar_id: str) -> str:
    return f"{CALENDAR_EVENT_PREFIX}{calendar_id}#"


# Duplicates (issue 16) --------------------------------------------------------------------------------
NOT_DUPLICATE_PREFIX = "ND#"


def not_duplicate(pair_id: str) -> str:
    """A pair of contacts the networker said are two people (`domain.duplicates.pair_id`): not shown again."""
    return f"{NOT_DUPLICATE_PREFIX}{pair_id}"


# Account export (issue 16, item 7: GDPR art. 20) -----------------------------------------------------
ACCOUNT_EXPORT_PREFIX = "AX#"
EXPORT_RUNNING = "AX_RUNNING"  # the export under way: at most one per networker


def account_export(export_id: str) -> str:
    return f"{ACCOUNT_EXPORT_PREFIX}{export_id}"


def export_archive(networker_id: str, export_id: str) -> str:
    """The export's zip, in the exports bucket: downloadable until it expires (7 days)."""
    return f"{export_archives(networker_id)}{export_id}.zip"


def export_archives(networker_id: str) -> str:
    """The prefix of a networker's export zips in the exports bucket (`export_archive`)."""
    return f"exports/{networker_id}/"


# Account deletion ------------------------------------------------------------------------------------
CONFIRMATION_SENT_PREFIX = "ECS#"
# The senders' idempotency records (adapters/senders.py) are keyed by Powertools with a `key_prefix` of ours
# rather than the function's name, so that the records of a deleted networker's sends can be found again.
SENT_EMAIL_ONCE = "send-email"
SENT_SMS_ONCE = "send-sms"


def sent_once(prefix: str, send_key: dict) -> str:
    """The sort key Powertools' idempotency gives the record of one send (`SENT_EMAIL_ONCE` or `SENT_SMS_ONCE`,
    the send key as the senders hand it over): `<prefix>#<md5 of the key as JSON with sorted keys>`, as its
    `_get_hashed_idempotency_key` writes it (a test pins it against a real record)."""
    digest = hashlib.md5(json.dumps(send_key, sort_keys=True).encode(), usedforsecurity=False).hexdigest()
    return f"{prefix}#{digest}"


GONE = "GONE"


def gone(networker_id: str) -> str:
    """The tombstone of a deleted account (sort key `GONE`): its id alone, so that a token issued before the
    deletion opens no new account."""
    return f"GONE#{networker_id}"


def confirmation_sent(token: str) -> str:
    """In the networker's partition, the mark of a pending confirmation `EC#<token>`: found again when the
    account is deleted (the confirmation's own partition names the token only)."""
    return f"{CONFIRMATION_SENT_PREFIX}{token}"


def import_files(networker_id: str) -> str:
    """The prefix of every file a networker uploaded to the imports bucket (`import_file`)."""
    return f"imports/{networker_id}/"
