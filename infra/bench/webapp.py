"""Figure 9: the web app. The JavaScript the first screen loads (gzipped, against the 100 KB budget)
and Today's time to content on the local runtime (the median of 20 loads, against one second)."""

from __future__ import annotations

import gzip
import re
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from infra.local.runtime import Runtime
from infra.local.template import ROOT

DIST = ROOT / "web" / "dist"
FIRST_SCREEN_BUDGET = 100 * 1024
LOADS = 20
EMAIL = "bench@example.com"


def first_screen_javascript() -> float:
    """Bytes of JavaScript (gzipped) that index.html loads before the first screen, over the budget."""
    print("\n== 9a. The web app's first screen: JavaScript loaded, gzipped ==")
    index = (DIST / "index.html").read_text()
    scripts = re.findall(r'<script[^>]+src="([^"]+)"', index) + re.findall(
        r'rel="modulepreload"[^>]*href="([^"]+)"', index
    )
    sizes = {src: len(gzip.compress((DIST / src.lstrip("/")).read_bytes(), 9)) for src in dict.fromkeys(scripts)}
    for src, size in sizes.items():
        print(f"  {src}: {size:,} bytes gzipped")
    total = sum(sizes.values())
    print(f"  total {total:,} bytes, budget {FIRST_SCREEN_BUDGET:,}: {total / FIRST_SCREEN_BUDGET:.2f} of it")
    return total / FIRST_SCREEN_BUDGET


def today_time_to_content() -> float:
    """Median seconds from navigation to Today's first reminder, signed in, over 20 loads; ratio to 1 s."""
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM, CHROMIUM_FLAGS, PHONE, Local, sign_in

    print(f"\n== 9b. Today's time to content on the local runtime, median of {LOADS} loads (phone size) ==")
    with tempfile.TemporaryDirectory() as state, Runtime(Path(state), port=0, smtp_port=0) as runtime:
        local = Local(runtime)
        when = (datetime.now(UTC) - timedelta(days=40)).isoformat(timespec="seconds")
        for n in range(12):
            contact = local.api(EMAIL, "POST", "/contacts", {"name": f"Contact {n}", "circle": "inner"})
            local.api(
                EMAIL,
                "POST",
                "/interactions",
                {"kind": "call", "occurred_at": when, "contact_ids": [contact["contact_id"]]},
            )
        local.drain()
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
            page = browser.new_context(base_url=local.url, **PHONE).new_page()
            sign_in(page, EMAIL)
            timings = []
            for _ in range(LOADS):
                started = time.perf_counter()
                page.goto("/")
                page.locator("li.card.reminder").first.wait_for()
                timings.append(time.perf_counter() - started)
            browser.close()
    median = statistics.median(timings)
    print(
        f"  median {median * 1000:.0f} ms (min {min(timings) * 1000:.0f}, max {max(timings) * 1000:.0f}), 12 reminders"
    )
    return median / 1.0
