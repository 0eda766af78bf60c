"""The inbound routes' own schemas."""

from __future__ import annotations

from rapport.domain.inbound import Quarantined, Suggestion
from rapport.domain.model import Model


class QuarantineList(Model):
    items: list[Quarantined]


class SuggestionList(Model):
    items: list[Suggestion]
