"""Identifiers: time-ordered (so lists come back in creation order) and unguessable."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime


def new_id(at: datetime) -> str:
    """48 bits of milliseconds then 80 random bits, as 32 lowercase hex characters."""
    return f"{time_prefix(at)}{secrets.token_hex(10)}"


def derived_id(at: datetime, seed: str) -> str:
    """Time-ordered like `new_id`, but the same for the same moment and seed: an act retried (a text
    acted on again) makes the same item, while lists by creation still find it where it belongs."""
    return f"{time_prefix(at)}{hashlib.sha256(seed.encode()).hexdigest()[:20]}"


def time_prefix(at: datetime) -> str:
    """The first 12 characters of the ids drawn at that moment: a range of ids is a range of time."""
    return f"{int(at.timestamp() * 1000):012x}"
