"""A help opportunity item (`OPP#<opportunity id>`): found by the stream reaction, maybe dismissed."""

from __future__ import annotations

from pydantic_core import to_jsonable_python

from rapport.domain.matching import Opportunity

# Stored under the domain's name (the table is the stored format: a domain rename must come here).
FOUND = (
    "opportunity_id",
    "need_contact_id",
    "offer_contact_id",
    "need_label",
    "offer_label",
    "concept",
    "labels_met",
    "score",
    "reasons",
)
KEPT = (*FOUND, "found_at", "dismissed_at")


def to_item(found: Opportunity) -> dict:
    return to_jsonable_python({name: getattr(found, name) for name in FOUND})


def kept_fields(item: dict) -> dict:
    """The attributes a kept opportunity is read from (storage.opportunities.KeptOpportunity)."""
    return {name: item[name] for name in KEPT if name in item}
