"""The current time, for the edges only: handlers read it and pass it down; the domain never calls it.

Tests freeze it and the local runtime moves it forward (`advance`) or runs it faster (`set_speed`),
which is how a test lives through a month in seconds. In Lambda it is the system clock.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

_frozen: datetime | None = None
_offset = timedelta(0)
_speed = 1.0
_speed_since: datetime | None = None  # system time from which the clock runs at `_speed`


def _system_now() -> datetime:
    return datetime.now(UTC)


def _read(system: datetime) -> datetime:
    if _frozen is not None:
        return _frozen
    if _speed == 1.0 or _speed_since is None:
        return system + _offset
    return system + _offset + (system - _speed_since) * (_speed - 1.0)


def now() -> datetime:
    return _read(_system_now())


def offset() -> timedelta:
    """How far the clock has been moved ahead of the system clock (zero in Lambda)."""
    system = _system_now()
    return _read(system) - system


def speed() -> float:
    """How many seconds the clock runs per second of the system clock (1 in Lambda)."""
    return _speed


def set_speed(factor: float) -> None:
    """Run the clock `factor` times faster than the system clock from now on (`advance` still jumps).

    A frozen clock stays frozen; the speed applies once it is no longer frozen."""
    global _offset, _speed, _speed_since
    if isinstance(factor, bool) or not isinstance(factor, int | float) or not math.isfinite(factor) or factor <= 0:
        raise ValueError(f"the clock's speed must be a positive number, not {factor!r}")
    system = _system_now()
    _offset = _read(system) - system if _frozen is None else _offset
    _speed, _speed_since = float(factor), system


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
    global _frozen, _offset, _speed, _speed_since
    _frozen, _offset, _speed, _speed_since = None, timedelta(0), 1.0, None
