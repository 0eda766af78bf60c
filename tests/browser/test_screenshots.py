"""The README's pictures: Today on a phone and a laptop, for a networker with a few relationships.
`make screenshots` keeps them in docs/screenshots/; in the suite the same pages are checked for size."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import LAPTOP, PHONE, no_sideways_scroll, open_page, screenshot, sign_in

EMAIL = "marie.dupont@example.com"
PEOPLE = [
    ("Claire Martin", "inner", 60, "Fonds Horizon", "Coffee at Loustic: she is raising a second fund"),
    ("Paul Durand", "active", 50, "Acme", "Lunch: his team is hiring two designers"),
    ("Léa Petit", "network", 100, None, "Call about the conference in March"),
]


@pytest.fixture(scope="module")
def marie(local):
    ago = lambda days: (datetime.now(UTC) - timedelta(days=days)).isoformat(timespec="seconds")  # noqa: E731
    for name, circle, days, company, summary in PEOPLE:
        contact = local.api(EMAIL, "POST", "/contacts", {"name": name, "circle": circle, "company": company})
        touch = {"kind": "coffee", "occurred_at": ago(days), "contact_ids": [contact["contact_id"]], "summary": summary}
        local.api(EMAIL, "POST", "/interactions", touch)
    local.drain()
    return EMAIL


@pytest.mark.parametrize("size, name", [(PHONE, "phone"), (LAPTOP, "laptop")])
def test_today_for_the_readme(browser, local, marie, size, name):
    page = open_page(browser, local, size)
    try:
        sign_in(page, marie)
        expect(page.locator("li.card.reminder").first).to_contain_text("Claire Martin")
        assert no_sideways_scroll(page)
        screenshot(page, f"today-{name}")
    finally:
        page.context.close()
