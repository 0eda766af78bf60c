"""The introduction and help opportunity routes' own schemas."""

from __future__ import annotations

from rapport.domain.introductions import Introduction
from rapport.domain.model import Model
from rapport.services.opportunities import OpportunityView


class OpportunityList(Model):
    items: list[OpportunityView]


class IntroductionList(Model):
    items: list[Introduction]
