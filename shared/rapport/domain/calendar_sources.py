"""Calendar sources: a networker's calendars, read by their secret iCalendar address, and what each
occurrence read from them became (its mark). Pure.

The address is a secret: stored sealed (`adapters/secrets.py`), shown again only masked. A source's state
says how the last read went; its error is said in the networker's words (`problem_words`).
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from enum import StrEnum

from pydantic import Field

from rapport.domain.calendar_fetching import FetchProblem
from rapport.domain.locale import Locale
from rapport.domain.model import Model

MAX_CALENDARS = 10  # per networker

# Why a calendar could not be read: the fetch's problems and the reading's (`domain.calendar_events.CalendarProblem`,
# named here by their values: importing it would bring icalendar into `GET /me`; tests/unit keeps them equal).
FETCH_PROBLEMS = tuple(problem.value for problem in FetchProblem)
READ_PROBLEMS = ("not_a_calendar", "broken", "too_complex")
PROBLEMS = FETCH_PROBLEMS + READ_PROBLEMS


class CalendarSource(Model):
    """One of a networker's calendars, and how its last read went."""

    calendar_id: str
    url_encrypted: str  # the address, sealed (KMS, base64): in clear only while a request or a sync holds it
    url_masked: str  # what the networker sees of it again (`calendar_urls.masked`)
    url_fingerprint: str  # the same calendar is not added twice (`calendar_urls.fingerprint`)
    name: str | None = None  # the calendar's own (X-WR-CALNAME)
    added_at: datetime
    etag: str | None = None  # for the next conditional GET
    last_modified: str | None = None
    content_hash: str | None = None  # sha256 of the last body read: the same body is not read twice
    synced_at: datetime | None = None  # last read and found changed (or first read)
    events_seen: int = 0
    touches_logged: int = 0  # touches the sync logged from it, ever
    error_code: str | None = None  # one of PROBLEMS while it fails
    error_since: datetime | None = None  # its first failure in a row
    error_told: bool = False  # the digest said it fails (once)
    # The soonest end of an occurrence ahead that makes something once ended (set by the sync,
    # `calendar_sync.next_ending`): until then a calendar whose events did not change is not read, nor its marks.
    next_ending_at: datetime | None = None
    version: int = 1


class MarkState(StrEnum):
    PLANNED = "planned"  # upcoming, with contacts: a planned meeting
    LOGGED = "logged"  # ended, with contacts: a touch logged
    SEEN = "seen"  # nothing to make of it (no contact), strangers counted once
    LEFT = "left"  # the networker had done it already (a meeting held by hand): nothing made


class Mark(Model):
    """What one occurrence of a calendar became, so that the next sync makes it once, and undoes it when the
    occurrence goes. It holds what a planned meeting needs to become a touch once it has ended."""

    occurrence_key: str  # `occurrence_key(uid, recurrence_id)`
    state: MarkState
    starts_at: datetime
    ends_at: datetime
    contact_ids: list[str] = Field(default_factory=list)
    summary: str | None = None
    fingerprint: str  # of what the touch or meeting was made from: a moved occurrence differs
    meeting_id: str | None = None
    interaction_id: str | None = None


class CalendarSyncRequest(Model):
    """A message on the calendar sync queue: read this networker's calendars (one, or all when absent)."""

    networker_id: str
    calendar_id: str | None = None
    scheduled_time: datetime | None = None  # the schedule's, when it came from it


def address_context(networker_id: str, calendar_id: str) -> dict[str, str]:
    """The encryption context a calendar's address is sealed under (`adapters/secrets.py`): it opens for this
    networker's calendar only."""
    return {"networker_id": networker_id, "calendar_id": calendar_id}


def occurrence_key(uid: str, recurrence_id: str | None) -> str:
    """One occurrence's key among a calendar's marks: its UID and RECURRENCE-ID, hashed (a UID can be long
    and hold anything)."""
    return hashlib.sha256(f"{uid}\x00{recurrence_id or ''}".encode()).hexdigest()[:32]


_WORDS = {
    Locale.EN: {
        "not_found": (
            "The calendar’s address answers “not found”: it was probably reset. "
            "Copy the new secret address from your calendar app."
        ),
        "forbidden": (
            "The calendar’s address refuses access: it was probably reset or made private. "
            "Copy the new secret address from your calendar app."
        ),
        "server_error": "The calendar’s server fails for now. Rapport tries again every hour.",
        "too_large": (
            "The calendar is too large to read (over 10 MB). Publish a smaller calendar, or only its recent events."
        ),
        "timeout": "The calendar’s server takes too long to answer. Rapport tries again every hour.",
        "unreachable": "The calendar’s server cannot be reached. Rapport tries again every hour.",
        "private_address": "The calendar’s address leads to a private network, which Rapport does not read.",
        "too_many_redirects": "The calendar’s address sends Rapport elsewhere too many times.",
        "not_https": "The calendar’s address is not secure (https): Rapport does not read it.",
        "not_a_calendar": (
            "The address does not give a calendar (an iCalendar file). Check that you copied the iCal address."
        ),
        "broken": "The calendar’s file is broken and cannot be read.",
        "too_complex": "The calendar has too many events or repetitions to read.",
        "unknown": "The calendar could not be read.",
    },
    Locale.FR: {
        "not_found": (
            "L’adresse de l’agenda répond «\u202fintrouvable\u202f»\u202f: elle a sans doute été réinitialisée. "
            "Copiez la nouvelle adresse secrète depuis votre application d’agenda."
        ),
        "forbidden": (
            "L’adresse de l’agenda en refuse l’accès\u202f: elle a sans doute été réinitialisée ou rendue privée. "
            "Copiez la nouvelle adresse secrète depuis votre application d’agenda."
        ),
        "server_error": "Le serveur de l’agenda est en panne pour l’instant. Rapport réessaie toutes les heures.",
        "too_large": (
            "L’agenda est trop gros pour être lu (plus de 10\u202fMo). "
            "Publiez un agenda plus petit, ou seulement ses événements récents."
        ),
        "timeout": "Le serveur de l’agenda met trop de temps à répondre. Rapport réessaie toutes les heures.",
        "unreachable": "Le serveur de l’agenda est injoignable. Rapport réessaie toutes les heures.",
        "private_address": "L’adresse de l’agenda mène à un réseau privé, que Rapport ne lit pas.",
        "too_many_redirects": "L’adresse de l’agenda renvoie Rapport ailleurs trop de fois.",
        "not_https": "L’adresse de l’agenda n’est pas sécurisée (https)\u202f: Rapport ne la lit pas.",
        "not_a_calendar": (
            "L’adresse ne donne pas d’agenda (un fichier iCalendar). Vérifiez que vous avez copié l’adresse iCal."
        ),
        "broken": "Le fichier de l’agenda est abîmé et ne peut pas être lu.",
        "too_complex": "L’agenda a trop d’événements ou de répétitions pour être lu.",
        "unknown": "L’agenda n’a pas pu être lu.",
    },
}


def problem_words(code: str, locale: Locale) -> str:
    """Why a calendar cannot be read, in the networker's language (an unknown code: a general sentence)."""
    words = _WORDS[Locale(locale)]
    return words.get(code, words["unknown"])
