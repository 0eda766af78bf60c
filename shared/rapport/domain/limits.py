"""Limits on what a request can set off (codes texted, codes tried), counted over sliding windows.

Pure: the moments of the earlier attempts and the time come in; storage keeps the moments.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from rapport.domain.model import Model


@dataclass(frozen=True)
class Limit:
    count: int  # at most this many attempts...
    window: timedelta  # ...in any window this long


# SMS pumping: each text costs money and lands on someone's phone.
CODES_TEXTED = (Limit(3, timedelta(hours=1)), Limit(10, timedelta(days=1)))
# Guessing: a 6-digit code, 5 wrong tries per number an hour, whatever codes are sent meanwhile.
WRONG_CODES = (Limit(5, timedelta(hours=1)),)


class Attempts(Model):
    """The moments of one subject's recent attempts (a networker's or a number's), and the version
    read, so that two requests at once cannot both take the last attempt left."""

    times: list[datetime] = []
    version: int = 0  # 0: never stored

    def allowed_at(self, now: datetime, limits: tuple[Limit, ...]) -> datetime | None:
        """When one more attempt is allowed, if not now."""
        allowed = None
        for limit in limits:
            inside = sorted(t for t in self.times if t > now - limit.window)
            if len(inside) >= limit.count:
                at = inside[-limit.count] + limit.window  # the oldest that counts leaves the window
                allowed = max(allowed or at, at)
        return allowed

    def left(self, now: datetime, limit: Limit) -> int:
        return max(limit.count - sum(t > now - limit.window for t in self.times), 0)

    def plus(self, now: datetime, limits: tuple[Limit, ...]) -> Attempts:
        """With one more attempt now; moments older than every window are dropped."""
        longest = max(limit.window for limit in limits)
        kept = [t for t in self.times if t > now - longest]
        return Attempts(times=[*kept, now], version=self.version + 1)

    def expires_at(self, limits: tuple[Limit, ...]) -> datetime:
        """When none of these attempts counts any more (the item's TTL)."""
        return max(self.times) + max(limit.window for limit in limits)
