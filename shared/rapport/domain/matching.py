"""Help opportunities: a contact's need meets another contact's offer.

Pure: plain entries in, ranked :class:`Opportunity` items out; the time is an argument.

The score (0..100) multiplies four factors, each explained in the opportunity's ``reasons``:

- **label match strength** (:func:`label_match`, 0..1): what the two labels share once normalised
  (:func:`rapport.domain.labels.normalise`). A weighted Jaccard over the labels' concepts (weight 2)
  and the words outside any concept (weight 1). A shared concept puts the strength in 0.5..1, shared
  words alone in 0..0.5: a shared concept always beats shared words. No shared concept or word: no match.
- **freshness of the need** (1 -> 0.5): decays linearly from the day the need was noted, or last
  confirmed, to :data:`STALE_AFTER`. A stale need (:func:`is_stale`) never matches. Offers do not go stale.
- **closeness** of the two contacts: the mean of :data:`CLOSENESS` for each side's circle
  (inner 1, active 0.85, network 0.7, loose 0.55).
- **recent introductions** (spreading help): a contact introduced to someone less than
  :data:`INTRO_COOLDOWN` ago counts 0.5 (introduced today) rising linearly to 1; both sides multiply.

Opportunities come one per (need contact, offer contact) pair, the best of that pair's entries, ordered by
score (highest first) then need contact id, offer contact id and concept: the same input always gives the
same list, whatever the order of the entries.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING

from pydantic import ConfigDict, Field

from rapport.domain.model import Model
from rapport.domain.vocabulary import Circle

if TYPE_CHECKING:  # imported on use: building the synonyms costs the API's cold start, which never matches
    from rapport.domain.labels import Concepts

STALE_AFTER = timedelta(days=90)
"""A need not noted nor confirmed for longer than this is stale: it matches nothing until confirmed."""

INTRO_COOLDOWN = timedelta(days=30)
"""An introduction more recent than this lowers the score of a contact's next opportunities."""

CLOSENESS: dict[Circle, float] = {Circle.INNER: 1.0, Circle.ACTIVE: 0.85, Circle.NETWORK: 0.7, Circle.LOOSE: 0.55}

MATCHING_INPUTS = ("needs", "offers", "circle")
"""A contact's help opportunities depend on these of its fields (and on the other contacts')."""

_CONCEPT_WEIGHT = 2


def has_wishes(contact_fields: Mapping[str, object]) -> bool:
    """Whether a contact holds a need or an offer: one that holds neither is never matched (matching reads
    every contact, and most imported contacts hold none)."""
    return bool(contact_fields.get("needs") or contact_fields.get("offers"))


class EntryKind(StrEnum):
    NEED = "need"
    OFFER = "offer"


class Entry(Model):
    """One need or offer of a contact."""

    model_config = ConfigDict(frozen=True)

    contact_id: str
    kind: EntryKind
    label: str
    detail: str | None = None
    noted_at: datetime
    confirmed_at: datetime | None = None


class Standing(Model):
    """What matching needs to know about a contact besides its entries."""

    model_config = ConfigDict(frozen=True)

    closeness: Circle = Circle.NETWORK
    last_introduced_at: datetime | None = None


class LabelMatch(Model):
    """What two labels share, and how strongly they meet.

    ``concepts``: the shared concept keys, sorted. ``tokens``: the shared words outside those concepts,
    normalised and sorted. ``words``: the same words as the need's label wrote them (for display).
    """

    model_config = ConfigDict(frozen=True)

    strength: float = Field(gt=0, le=1)
    concepts: list[str]
    tokens: list[str]
    words: list[str]

    @property
    def labels_met(self) -> list[str]:
        """Human-readable: the concepts ("real estate"), then the words as the need wrote them."""
        return [concept.replace("_", " ") for concept in self.concepts] + self.words

    @property
    def key(self) -> str:
        """The first concept or, with no shared concept, the first normalised word: names an opportunity."""
        return self.concepts[0] if self.concepts else self.tokens[0]


class Opportunity(Model):
    """A suggestion: the offer contact could help the need contact."""

    model_config = ConfigDict(frozen=True)

    opportunity_id: str
    need_contact_id: str
    offer_contact_id: str
    need_label: str
    offer_label: str
    concept: str  # the concept key (or word) that names the opportunity; part of its id
    labels_met: list[str]
    score: int = Field(ge=0, le=100)
    reasons: list[str]


def opportunity_id(need_contact_id: str, offer_contact_id: str, concept: str) -> str:
    """Stable id of an opportunity: 32 hex characters of SHA-256 over the three values.

    The same pair of contacts meeting on the same concept always gets the same id, whatever the labels'
    wording ("levée de fonds" edited into "seed round" is still ``fundraising``), so an opportunity the
    networker dismissed can be recognised and never proposed again. The direction matters: A's need
    met by B's offer is not B's need met by A's offer. The values are JSON-encoded before hashing, so
    no choice of ids can make two different triples collide by concatenation.
    """
    payload = json.dumps([need_contact_id, offer_contact_id, concept], ensure_ascii=True)
    return hashlib.sha256(payload.encode()).hexdigest()[:32]


def _reference(entry: Entry) -> datetime:
    """When the entry was last known to be true: noted, or confirmed later."""
    if entry.confirmed_at is not None and entry.confirmed_at > entry.noted_at:
        return entry.confirmed_at
    return entry.noted_at


def is_stale(entry: Entry, now: datetime) -> bool:
    """A need noted (or last confirmed) more than :data:`STALE_AFTER` ago. Offers are never stale."""
    return entry.kind is EntryKind.NEED and now - _reference(entry) > STALE_AFTER


def label_match(need: Concepts, offer: Concepts) -> LabelMatch | None:
    """How a need's label meets an offer's label (see the module's documentation), or None."""
    concepts = need.concepts & offer.concepts
    shared = need.tokens & offer.tokens
    if concepts:
        # Words inside concept phrases on both sides are already counted by the concepts they made.
        shared = shared & (need.free_tokens | offer.free_tokens)
    if not concepts and not shared:
        return None
    met = _CONCEPT_WEIGHT * len(concepts) + len(shared)
    union = _CONCEPT_WEIGHT * len(need.concepts | offer.concepts) + len(need.free_tokens | offer.free_tokens | shared)
    jaccard = met / union
    strength = 0.5 + 0.5 * jaccard if concepts else 0.5 * jaccard
    tokens = sorted(shared)
    words = [need.display(token) for token in tokens]
    return LabelMatch(strength=strength, concepts=sorted(concepts), tokens=tokens, words=words)


def _days(delta: timedelta) -> int:
    return max(0, delta.days)


def _freshness(need: Entry, now: datetime) -> tuple[float, str]:
    age = max(timedelta(0), now - _reference(need))
    verb = "confirmed" if need.confirmed_at is not None and need.confirmed_at > need.noted_at else "noted"
    return 1 - 0.5 * min(1.0, age / STALE_AFTER), f"need {verb} {_days(age)} days ago"


def _intro_factor(side: str, standing: Standing, now: datetime) -> tuple[float, str | None]:
    if standing.last_introduced_at is None:
        return 1.0, None
    age = max(timedelta(0), now - standing.last_introduced_at)
    if age >= INTRO_COOLDOWN:
        return 1.0, None
    return 0.5 + 0.5 * (age / INTRO_COOLDOWN), f"{side} introduced to someone {_days(age)} days ago"


def _pair(need: Entry, offer: Entry, standings: Mapping[str, Standing], now: datetime) -> Opportunity | None:
    if need.contact_id == offer.contact_id or is_stale(need, now):
        return None
    from rapport.domain.labels import normalise

    match = label_match(normalise(need.label), normalise(offer.label))
    if match is None:
        return None
    need_standing = standings.get(need.contact_id, Standing())
    offer_standing = standings.get(offer.contact_id, Standing())
    freshness, fresh_reason = _freshness(need, now)
    closeness = (CLOSENESS[need_standing.closeness] + CLOSENESS[offer_standing.closeness]) / 2
    need_intro, need_intro_reason = _intro_factor("need side", need_standing, now)
    offer_intro, offer_intro_reason = _intro_factor("offer side", offer_standing, now)
    score = round(100 * match.strength * freshness * closeness * need_intro * offer_intro)
    reasons = [
        f"labels met: {', '.join(match.labels_met)}",
        fresh_reason,
        f"need side: {need_standing.closeness} circle",
        f"offer side: {offer_standing.closeness} circle",
    ]
    reasons += [reason for reason in (need_intro_reason, offer_intro_reason) if reason]
    return Opportunity(
        opportunity_id=opportunity_id(need.contact_id, offer.contact_id, match.key),
        need_contact_id=need.contact_id,
        offer_contact_id=offer.contact_id,
        need_label=need.label,
        offer_label=offer.label,
        concept=match.key,
        labels_met=match.labels_met,
        score=min(100, max(0, score)),
        reasons=reasons,
    )


def _rank(found: Iterable[Opportunity], min_score: int, limit: int | None) -> list[Opportunity]:
    best: dict[tuple[str, str], Opportunity] = {}
    for candidate in found:
        if candidate.score < min_score:
            continue
        pair = (candidate.need_contact_id, candidate.offer_contact_id)
        kept = best.get(pair)
        if kept is None or _tie_key(candidate) < _tie_key(kept):
            best[pair] = candidate
    ranked = sorted(best.values(), key=lambda o: (-o.score, o.need_contact_id, o.offer_contact_id, o.concept))
    return ranked if limit is None else ranked[:limit]


def _tie_key(opportunity: Opportunity) -> tuple[int, str, str, str]:
    return (-opportunity.score, opportunity.concept, opportunity.need_label, opportunity.offer_label)


def match(
    changed: Entry,
    others: Iterable[Entry],
    standings: Mapping[str, Standing],
    now: datetime,
    *,
    min_score: int = 1,
    limit: int | None = None,
) -> list[Opportunity]:
    """The opportunities a changed need or offer opens with the other contacts' offers or needs.

    ``others`` may hold any entries: those of the changed entry's own contact and those of the same kind
    are skipped (a contact is never paired with itself; a need only meets an offer). ``standings`` maps
    contact ids to their circle and last introduction (a contact missing counts as network, never
    introduced). Opportunities scoring under ``min_score`` are dropped; ``limit`` keeps the best.
    """
    if changed.kind is EntryKind.NEED:
        pairs = ((changed, other) for other in others if other.kind is EntryKind.OFFER)
    else:
        pairs = ((other, changed) for other in others if other.kind is EntryKind.NEED)
    found = (_pair(need, offer, standings, now) for need, offer in pairs)
    return _rank((o for o in found if o is not None), min_score, limit)
