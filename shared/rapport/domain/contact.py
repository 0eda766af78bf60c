"""Contacts: the people in the networker's orbit, their circle and cadence."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Annotated

from pydantic import ConfigDict, Field, StringConstraints, field_validator, model_validator

from rapport.domain.fields import Email, Label, LinkedInUrl, LongText, Name, PhoneText, ShortText, unique
from rapport.domain.model import Model
from rapport.domain.patch import Patch, not_null
from rapport.domain.vocabulary import Circle, Priority, Stage


class Cadence(Model):
    """The ideal and the maximum number of days between two touches."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    ideal_days: int = Field(ge=1, le=3650)
    max_days: int = Field(ge=1, le=3650)

    @model_validator(mode="after")
    def _max_not_below_ideal(self) -> Cadence:
        if self.max_days < self.ideal_days:
            raise ValueError("max_days must be at least ideal_days")
        return self


DEFAULT_CADENCE = {
    Circle.INNER: Cadence(ideal_days=14, max_days=21),
    Circle.ACTIVE: Cadence(ideal_days=30, max_days=45),
    Circle.NETWORK: Cadence(ideal_days=90, max_days=135),
    Circle.LOOSE: Cadence(ideal_days=180, max_days=270),
}


class Birthday(Model):
    model_config = ConfigDict(extra="forbid", frozen=True)

    day: int = Field(ge=1, le=31)
    month: int = Field(ge=1, le=12)
    year: int | None = Field(default=None, ge=1900, le=2100)

    @model_validator(mode="after")
    def _is_a_real_day(self) -> Birthday:
        try:
            date(self.year or 2000, self.month, self.day)  # 2000 is a leap year: 29 February is fine
        except ValueError:
            raise ValueError("is not a day of the calendar") from None
        return self


Why = Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)]
WishLabel = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
WishDetail = Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)]


class WishInput(Model):
    """A need (what they look for) or an offer (what they can help with), as the networker notes it."""

    model_config = ConfigDict(extra="forbid")

    label: WishLabel = Field(description="In a few words: “a CTO”, “levée de fonds”, “a flat in Lyon”.")
    detail: WishDetail | None = None
    confirmed: bool = Field(default=False, description="Still true: a need is stale after 90 days unless confirmed.")


class Wish(Model):
    """A need or an offer as kept: when it was noted, and last confirmed."""

    label: str
    detail: str | None = None
    noted_at: datetime
    confirmed_at: datetime | None = None


def wish_inputs(values: Sequence[WishInput | str] | None) -> list[WishInput] | None:
    """A plain string is a label alone; the same label twice (case aside) is noted once, the last wins."""
    if values is None:
        return None
    by_label = {w.label.casefold(): w for w in map(_wish_input, values)}
    return list(by_label.values())


def _wish_input(value: WishInput | str) -> WishInput:
    return WishInput(label=value) if isinstance(value, str) else value


class _Editable(Model):
    """What the networker writes about a contact (create and patch share the rules)."""

    model_config = ConfigDict(extra="forbid")

    @field_validator("emails", "tags", check_fields=False)
    @classmethod
    def _no_repeats(cls, values: list[str] | None) -> list[str] | None:
        return None if values is None else unique(values)

    _wishes = field_validator("needs", "offers", check_fields=False)(lambda cls, values: wish_inputs(values))


class ContactCreate(_Editable):
    name: Name
    emails: list[Email] = Field(default_factory=list, max_length=20)
    phones: list[PhoneText] = Field(default_factory=list, max_length=10)
    company: ShortText | None = None
    title: ShortText | None = None
    how_we_met: LongText | None = None
    tags: list[Label] = Field(default_factory=list, max_length=50)
    needs: list[WishInput | WishLabel] = Field(default_factory=list, max_length=50)
    offers: list[WishInput | WishLabel] = Field(default_factory=list, max_length=50)
    birthday: Birthday | None = None
    notes: LongText | None = None
    linkedin_url: LinkedInUrl | None = Field(default=None, description="Their LinkedIn profile: one contact per URL.")
    stage: Stage = Stage.MET
    why: Why | None = Field(default=None, description="To meet: why, a goal in a sentence.")
    priority: Priority = Field(default=Priority.NORMAL, description="To meet: the digest nudges the highest first.")
    origin: ShortText | None = Field(default=None, description="Where they came from: an event, a talk, LinkedIn.")
    circle: Circle = Circle.NETWORK
    cadence: Cadence | None = Field(default=None, description="Overrides the circle's default cadence.")


class ContactPatch(_Editable, Patch):
    """Only the fields sent change; null clears an optional field."""

    _not_null = field_validator("name", "stage", "priority", "circle", "emails", "phones", "tags", "needs", "offers")(
        not_null
    )

    name: Name | None = None
    emails: list[Email] | None = Field(default=None, max_length=20)
    phones: list[PhoneText] | None = Field(default=None, max_length=10)
    company: ShortText | None = None
    title: ShortText | None = None
    how_we_met: LongText | None = None
    tags: list[Label] | None = Field(default=None, max_length=50)
    needs: list[WishInput | WishLabel] | None = Field(
        default=None, max_length=50, description="The whole list: labels kept keep their noted date."
    )
    offers: list[WishInput | WishLabel] | None = Field(default=None, max_length=50)
    birthday: Birthday | None = None
    notes: LongText | None = None
    linkedin_url: LinkedInUrl | None = None
    stage: Stage | None = None
    why: Why | None = None
    priority: Priority | None = None
    origin: ShortText | None = None
    circle: Circle | None = None
    cadence: Cadence | None = None


class Contact(Model):
    """A contact: what the networker wrote, plus what the stream reaction derived. Its stored shape is
    storage's (`rapport.storage.shapes.contact`), what the API shows is `rapport.domain.views.ContactView`."""

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
    declared_stage: Stage  # the stage the networker set; a real conversation makes it met
    why: str | None = None
    priority: Priority = Priority.NORMAL
    origin: str | None = None
    import_id: str | None = None  # the LinkedIn import that added them
    import_key: str | None = None  # who they were in that import (the row's identity)
    merged_ids: list[str] = []  # the contacts merged into this one (domain.duplicates): a merge retried finds it
    merged_identities: list[str] = []  # their LinkedIn identities and import keys: a re-import finds this one
    circle: Circle
    cadence: Cadence | None = None
    created_at: datetime
    updated_at: datetime
    version: int = 1
    # Derived downstream of the stream (rapport.domain.followup):
    stage: Stage
    last_touch_at: datetime | None = None
    first_met_at: datetime | None = None
    next_follow_up_on: date | None = None
    help_given: int = 0  # help touches where the networker helped them
    help_received: int = 0  # help touches where they helped the networker

    @property
    def effective_cadence(self) -> Cadence:
        return self.cadence or DEFAULT_CADENCE[self.circle]

    @property
    def imported_as(self) -> set[str]:
        """Who this contact was in imports: the row that added it (or first filled its blanks), and the
        identities of the contacts merged into it."""
        return {i for i in (self.import_key, *self.merged_identities) if i}

    @property
    def identities(self) -> set[str]:
        """Who this contact is among LinkedIn profiles and imported rows: its URL and who it was in imports;
        each a claim of storage's, which a re-import finds."""
        return self.imported_as | ({self.linkedin_url} if self.linkedin_url else set())


def noted(inputs: Sequence[WishInput | str], before: list[Wish], now: datetime) -> list[Wish]:
    """The wishes as kept after an edit: a label already there keeps when it was noted (and is confirmed
    now if said so); a new one is noted now."""
    kept = {wish.label.casefold(): wish for wish in before}
    wishes = []
    for entry in map(_wish_input, inputs):  # the fields take plain labels too
        old = kept.get(entry.label.casefold())
        confirmed_at = now if entry.confirmed else (old.confirmed_at if old else None)
        wishes.append(
            Wish(
                label=entry.label, detail=entry.detail, noted_at=old.noted_at if old else now, confirmed_at=confirmed_at
            )
        )
    return wishes


def learn(before: list[Wish], heard: Sequence[WishInput | str], now: datetime) -> list[Wish]:
    """Wishes heard in a touch added to those kept: a new label is noted now, one heard again is
    confirmed now (it is not stale) and keeps when it was first noted."""
    kept = {wish.label.casefold(): wish for wish in before}
    for entry in map(_wish_input, heard):
        old = kept.get(entry.label.casefold())
        kept[entry.label.casefold()] = Wish(
            label=entry.label,
            detail=entry.detail or (old.detail if old else None),
            noted_at=old.noted_at if old else now,
            confirmed_at=now if old else None,
        )
    return list(kept.values())
