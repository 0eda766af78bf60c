"""Running pumps until nothing moves, the way both event source mappings are drained."""

from __future__ import annotations

from typing import NamedTuple, Protocol, TypeVar

DRAIN_LIMIT = 10_000  # batches in one drain: more means a reaction keeps feeding its own source

Counts = TypeVar("Counts", bound=NamedTuple)  # what one pump() moved; its first field counts items


class Pump(Protocol[Counts]):
    mapping: object  # has `.function`, the logical id it feeds

    def pump(self) -> Counts: ...


def drain(pumps: list[Pump[Counts]], source: str) -> dict[str, Counts]:
    """Pump every source until none has anything pending; per function, the sum of what it was handed."""
    totals: dict[str, Counts] = {}
    for _ in range(DRAIN_LIMIT):
        moved = False
        for pump in pumps:
            counts = pump.pump()
            if counts[0]:
                moved = True
                total = totals.get(pump.mapping.function)
                if total is not None:
                    counts = type(counts)(*map(sum, zip(total, counts, strict=True)))
                totals[pump.mapping.function] = counts
        if not moved:
            return totals
    raise RuntimeError(f"{source} still not drained after {DRAIN_LIMIT} batches: does a reaction keep feeding them?")
