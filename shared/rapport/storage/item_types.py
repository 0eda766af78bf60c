"""Item types: the `type` attribute every item of the table carries, written only from here.

The stream's changes are told apart by it (`storage/changes.py`), reactions are registered per item type
(`services/reactions.py`) and the stream mapping's filter in `template.yaml` lets through only the types
that have reactions. Idempotency records (Powertools) carry no type.
"""

from __future__ import annotations

from enum import StrEnum


class ItemType(StrEnum):
    # a networker's account
    PROFILE = "profile"
    EMAIL_CONFIRMATION = "email_confirmation"  # a link to confirm an address, until used or expired
    PHONE = "phone"  # a verified number's claim
    PHONE_CODE = "phone_code"  # the code texted to verify a number
    LIMIT = "limit"  # attempts counted against a limit (codes texted, wrong codes)
    INBOUND_ADDRESS = "inbound_address"  # log+<token>@ -> the networker
    ACTION_KEY = "action_key"  # the key signing the networker's email actions
    USED_ACTION = "used_action"  # an email action used (done, snooze work once), until it expires
    # contacts and what is derived from them
    CONTACT = "contact"
    CONTACT_EMAIL = "contact_email"  # an address claimed by one contact
    CONTACT_LINKEDIN = "contact_linkedin"  # a LinkedIn identity claimed by one contact
    FORGOTTEN = "forgotten"  # an imported contact deleted: not imported again
    BIRTHDAY = "birthday"  # a contact's birthday, by calendar day
    TO_MEET = "to_meet"  # a contact still to meet, by priority
    MET = "met"  # a contact first met, by day
    KNOWS = "knows"  # a link between two contacts
    OPPORTUNITY = "opportunity"  # a help opportunity kept
    # touches
    INTERACTION = "interaction"
    TOUCH = "touch"  # an interaction seen from one participant
    # planning and delivery
    MEETING = "meeting"
    MEETING_DAY = "meeting_day"  # a meeting, by the day it starts
    REMINDER = "reminder"
    INTRODUCTION = "introduction"
    OPEN_PAIR = "open_pair"  # at most one open introduction per pair of contacts
    CAMPAIGN = "campaign"  # a greetings campaign
    REVIEW = "review"  # a weekly review sent
    SEND = "send"  # a send record: this delivery went out
    SHOWN = "shown"  # what the digests showed, for the back-off
    SMS_DIGEST = "sms_digest"  # the last SMS digest's lines, for replies
    SMS_HELP = "sms_help"  # when the last "not understood" help was texted
    # inbound mail and imports
    INBOUND_MESSAGE = "inbound_message"
    QUARANTINED = "quarantined"
    UNROUTED = "unrouted"
    SUGGESTION = "suggestion"  # someone seen in mail who is not a contact
    IMPORT = "import"
    IMPORT_REJECTED = "import_rejected"
    # imports (issue 16)
    PHONE_INDEX = "phone_index"  # the contacts holding a phone number
    # calendar feed
    CALENDAR_FEED = "calendar_feed"  # CF#<hash of the secret> -> the networker
    # calendar sources (issue 17)
    CALENDAR = "calendar"  # one of the networker's calendars, read by its secret address
    CALENDAR_SET = "calendar_set"  # the fingerprints of the networker's calendars (none twice, at most 10)
    CALENDAR_EVENT = "calendar_event"  # what one occurrence of a calendar became (a mark)
    # duplicates (issue 16)
    NOT_DUPLICATE = "not_duplicate"  # a pair of contacts dismissed as duplicates
    # account export (issue 16, item 7)
    ACCOUNT_EXPORT = "account_export"  # a job writing the networker's zip
    EXPORT_RUNNING = "export_running"  # which export is under way (at most one)
    # account deletion
    CONFIRMATION_SENT = "confirmation_sent"  # in the networker's partition: an `EC#<token>` of theirs
    GONE = "gone"  # a deleted account's tombstone: its id, until the last token issued to it has expired
