"""A calendar failing for days, removed before the digest says so: the digest does not tell about a calendar
the networker has already removed."""

from __future__ import annotations

from datetime import timedelta

from tests.integration.conftest import NOW
from tests.integration.test_calendar_sync import server, world  # noqa: F401


def test_a_failing_calendar_removed_before_the_digest_is_not_said(world):  # noqa: F811
    calendar_id = world.add("/gone.ics")  # nothing served there: 404
    world.sync()
    world.sync(NOW + timedelta(days=2))
    assert world.store.profiles.get(world.nid).calendar_notices  # for the next digest
    assert world.api.delete(f"/me/calendars/{calendar_id}").status == 204
    assert world.store.profiles.get(world.nid).calendar_notices == []
