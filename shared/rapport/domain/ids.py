"""Identifiers: time-ordered (so lists come back in creation order) and unguessable."""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import datetime

# What Cognito issues as `sub`: a UUID. Anything else (a `#` above all) could reach into another key.
_NETWORKER_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def is_networker_id(value: str) -> bool:
    return _NETWORKER_ID.fullmatch(value) is not None


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
