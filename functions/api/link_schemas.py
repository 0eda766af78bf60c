"""The knows routes' own schemas."""

from __future__ import annotations

from rapport.domain.model import Model
from rapport.services.links import Known


class KnownList(Model):
    items: list[Known]
