"""Browser end-to-end: the built web app in Debian's Chromium, driven by Playwright, against the real
local runtime (the real handlers, moto provisioned from template.yaml) over real HTTP.

The runtime pumps in the background here, as under `make run`: the app sees reactions land as a
networker would. Each test signs in as an account of its own (any email is its own networker), so
tests share one runtime per module without seeing each other's data. Playwright's waits (`expect`)
are the only waiting: no sleeps.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from infra.local.runtime import Runtime
from infra.local.template import ROOT
from tests.e2e.conftest import http_request

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
LAPTOP = {"viewport": {"width": 1280, "height": 800}}
AXE = ROOT / "web" / "node_modules" / "axe-core" / "axe.min.js"

expect.set_options(timeout=10_000)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not (ROOT / "web" / "dist" / "index.html").is_file():
        pytest.fail("the web app is not built: `make test` builds it (web/dist)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


class Local:
    """The running runtime, spoken to as scripts do (`POST /_local/token`), beside the browser."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime
        self.url = runtime.url

    def token(self, email: str) -> str:
        reply = http_request(self.url, "POST", "/_local/token", json.dumps({"email": email}).encode())
        assert reply.status == 200, reply.body
        return reply.json["token"]

    def api(self, email: str, method: str, path: str, payload: object = None, headers: dict | None = None):
        """A call to the API as this networker; the JSON answer (asserting a 2xx)."""
        sent = {"Authorization": f"Bearer {self.token(email)}", **(headers or {})}
        body = None
        if payload is not None:
            body = json.dumps(payload).encode()
            sent["Content-Type"] = "application/json"
        reply = http_request(self.url, method, path, body, sent)
        assert 200 <= reply.status < 300, (reply.status, reply.body)
        return reply.json if reply.body else None

    def drain(self) -> None:
        self.runtime.drain()


@pytest.fixture(scope="module")
def local(tmp_path_factory) -> Iterator[Local]:
    runtime = Runtime(tmp_path_factory.mktemp("state"), port=0, smtp_port=0, background=True)
    runtime.start()
    try:
        yield Local(runtime)
    finally:
        runtime.stop()


def open_page(browser: Browser, local: Local, size: dict) -> Page:
    context = browser.new_context(base_url=local.url, locale="en-GB", timezone_id="Europe/Paris", **size)
    return context.new_page()


@pytest.fixture
def phone(browser, local) -> Iterator[Page]:
    page = open_page(browser, local, PHONE)
    yield page
    page.context.close()


@pytest.fixture
def laptop(browser, local) -> Iterator[Page]:
    page = open_page(browser, local, LAPTOP)
    yield page
    page.context.close()


def sign_in(page: Page, email: str) -> None:
    """Through the sign-in page, as a networker does: the app's PKCE round trip."""
    page.goto("/")
    page.get_by_role("button", name=re.compile("Sign in|Se connecter")).click()
    page.get_by_label("Email").fill(email)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Today|Aujourd’hui"))


def axe_violations(page: Page) -> list[dict]:
    """axe-core's serious and critical WCAG 2.1 AA violations on the page as it is now.

    Evaluated through the DevTools protocol, which the page's Content-Security-Policy does not
    govern (the app itself allows no inline script)."""
    page.evaluate(AXE.read_text() + "\n;0")
    found = page.evaluate(
        """async () => {
          const result = await axe.run(document, {
            runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
            resultTypes: ["violations"],
          });
          return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.map(n => n.target.join(" ")).slice(0, 5)}));
        }"""
    )
    return [violation for violation in found if violation["impact"] in ("serious", "critical")]


def no_sideways_scroll(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def screenshot(page: Page, name: str) -> None:
    """Kept under RAPPORT_SCREENSHOTS (the `make screenshots` target), else not taken."""
    import os

    folder = os.environ.get("RAPPORT_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=False)
