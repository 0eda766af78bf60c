"""What the API shows: contacts with the figures derived when read, and who is due and why."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime

from pydantic import ConfigDict, Field

from rapport.domain import followup
from rapport.domain.contact import Birthday, Cadence, Contact, Wish
from rapport.domain.followup import Status
from rapport.domain.locale import Locale
from rapport.domain.model import Model
from rapport.domain.vocabulary import Circle, Priority, Stage


class ContactView(Model):
    # A contact as the networker sees it (the API, the digests): what they wrote, what was derived, and the
    # figures of the day. Its own fields, mapped in `of`: a field of `Contact` renamed or added changes nothing
    # shown until it is added here. (A comment, not a docstring: a docstring would be the schema's description.)

    model_config = ConfigDict(json_schema_mode_override="serialization")

    contact_id: str
    name: str
    emails: list[str] = []
    phones: list[str] = []
    company: str | None = None
    title: str | None = None
    how_we_met: str | None = None
    tags: list[str] = []
    needs: list[Wish] = []
    offers: list[Wish] = []
    birthday: Birthday | None = None
    notes: str | None = None
    linkedin_url: str | None = None
    why: str | None = None
    priority: Priority = Priority.NORMAL
    origin: str | None = None
    import_id: str | None = Field(default=None, description="The LinkedIn import that added them.")
    circle: Circle
    cadence: Cadence | None = None
    created_at: datetime
    updated_at: datetime
    version: int = 1
    stage: Stage
    last_touch_at: datetime | None = None
    first_met_at: datetime | None = None
    next_follow_up_on: date | None = None
    help_given: int = Field(default=0, description="Help touches where you helped them.")
    help_received: int = Field(default=0, description="Help touches where they helped you.")
    cadence_in_force: Cadence = Field(description="The cadence in force: the override, or the circle's default.")
    health: int | None = Field(
        description="0 to 100 from time since the last touch against the cadence; null while to meet."
    )
    status: Status | None = Field(description="ok, due (from the ideal date) or overdue (past the maximum).")
    days_since_last_touch: int | None

    @classmethod
    def of(cls, contact: Contact, today: date) -> ContactView:
        days = followup.days_since_last_touch(contact, today)
        cadence = contact.effective_cadence
        return cls(
            contact_id=contact.contact_id,
            name=contact.name,
            emails=contact.emails,
            phones=contact.phones,
            company=contact.company,
            title=contact.title,
            how_we_met=contact.how_we_met,
            tags=contact.tags,
            needs=contact.needs,
            offers=contact.offers,
            birthday=contact.birthday,
            notes=contact.notes,
            linkedin_url=contact.linkedin_url,
            why=contact.why,
            priority=contact.priority,
            origin=contact.origin,
            import_id=contact.import_id,
            circle=contact.circle,
            cadence=contact.cadence,
            created_at=contact.created_at,
            updated_at=contact.updated_at,
            version=contact.version,
            stage=contact.stage,
            last_touch_at=contact.last_touch_at,
            first_met_at=contact.first_met_at,
            next_follow_up_on=contact.next_follow_up_on,
            help_given=contact.help_given,
            help_received=contact.help_received,
            cadence_in_force=cadence,
            health=followup.health(cadence, days),
            status=followup.status(contact, today),
            days_since_last_touch=days,
        )


class DueContact(Model):
    contact: ContactView
    status: Status
    reason: str = Field(description="Why, in the networker's language.")


_REASONS = {
    Locale.EN: {
        Status.DUE: "{days} days since the last touch; ideally every {ideal} days",
        Status.OVERDUE: "{days} days since the last touch; at most {max} days wanted",
    },
    Locale.FR: {
        Status.DUE: "{days} jours depuis le dernier échange\u202f; idéalement tous les {ideal} jours",
        Status.OVERDUE: "{days} jours depuis le dernier échange\u202f; au plus {max} jours souhaités",
    },
}


def due_list(contacts: list[Contact], today: date, locale: Locale) -> list[DueContact]:
    """Overdue first, then the longest waiting."""
    due = []
    for contact in contacts:
        view = ContactView.of(contact, today)
        if view.status not in (Status.DUE, Status.OVERDUE):
            continue
        cadence = view.cadence_in_force
        reason = _REASONS[locale][view.status].format(
            days=view.days_since_last_touch, ideal=cadence.ideal_days, max=cadence.max_days
        )
        due.append(DueContact(contact=view, status=view.status, reason=reason))
    due.sort(key=lambda d: (d.status is not Status.OVERDUE, -(d.contact.days_since_last_touch or 0), d.contact.name))
    return due


class ContactFilter(Model):
    stage: Stage | None = None
    circle: Circle | None = None
    tag: str | None = None
    q: str | None = None

    def matches(self, contact: Contact) -> bool:
        if self.stage and contact.stage is not self.stage:
            return False
        if self.circle and contact.circle is not self.circle:
            return False
        if self.tag and self.tag.strip().lower() not in contact.tags:
            return False
        if self.q:
            haystack = " ".join([contact.name, contact.company or "", *contact.emails])
            return _fold(self.q) in _fold(haystack)
        return True


def _fold(text: str) -> str:
    """Case- and accent-insensitive form: 'Hélène' finds 'helene'."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()


def by_name(contacts: list[Contact], name: str) -> list[Contact]:
    """The contacts a name typed in a hurry means: those named exactly so (case and accents aside), else
    those whose name holds every word typed ("marie" finds Marie Dupont and Marie Durand)."""
    wanted = _fold(name)
    exact = [c for c in contacts if _fold(c.name) == wanted]
    if exact or not wanted:
        return exact
    words = wanted.split()
    return [c for c in contacts if all(word in _fold(c.name).split() for word in words)]
