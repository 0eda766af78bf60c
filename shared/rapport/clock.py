"""The current time, for the edges only: handlers read it and pass it down; the domain never calls it.

Tests freeze it and the local runtime moves it forward (`advance`), which is how a test lives
through a month in seconds. In Lambda it is the system clock.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

_frozen: datetime | None = None
_offset = timedelta(0)


def now() -> datetime:
    return _frozen if _frozen is not None else datetime.now(UTC) + _offset


def offset() -> timedelta:
    """How far the clock has been moved ahead of the system clock (zero in Lambda)."""
    return now() - datetime.now(UTC) if _frozen is not None else _offset


def freeze(at: datetime) -> None:
    global _frozen
    _frozen = at.astimezone(UTC)


def advance(by: timedelta) -> None:
    global _frozen, _offset
    if _frozen is not None:
        _frozen += by
    else:
        _offset += by


def reset() -> None:
    global _frozen, _offset
    _frozen, _offset = None, timedelta(0)
