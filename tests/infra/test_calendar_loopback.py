"""Calendars on this computer (http://127.0.0.1) are read by the local runtime only: the template never lets
the functions fetch a loopback address; the local runtime does, for the two functions that take an address."""

from __future__ import annotations

from infra.local.provision import LOOPBACK_CALENDARS
from infra.local.template import ROOT


def test_the_template_never_allows_loopback_calendars():
    assert "CALENDARS_ALLOW_LOOPBACK_HTTP" not in (ROOT / "template.yaml").read_text()


def test_the_local_runtime_allows_them_for_the_api_and_the_calendar_sync_only():
    assert LOOPBACK_CALENDARS == {"ApiFunction", "CalendarSyncFunction"}
