"""Identifiers: time-ordered (so lists come back in creation order) and unguessable."""

from __future__ import annotations

import secrets
from datetime import datetime


def new_id(at: datetime) -> str:
    """48 bits of milliseconds then 80 random bits, as 32 lowercase hex characters."""
    return f"{int(at.timestamp() * 1000):012x}{secrets.token_hex(10)}"
