"""The greetings routes' own schemas."""

from __future__ import annotations

from rapport.domain.greetings import CampaignView
from rapport.domain.model import Model


class CampaignList(Model):
    items: list[CampaignView]
