"""The README's walk-throughs run as written: every ```sh block of README.md, in order, in one bash
session (`set -euo pipefail`; a variable one block sets is there for the next), from a directory whose
`.rapport/` is the state dir of a local Rapport started as `make run` starts it (the real handlers,
pumping in the background), and what each promises is checked on what it printed.

A block marked `<!-- not run: why -->` just before its fence is left out. Only what names the
machine changes: the API's address and the SMTP port (free ports here, not 3000 and 2525), and the
day. The runtime lives in this process, its clock moved to the next 10 December before the first
request: so the greetings walk-through ("live until 2 January") is three weeks of digests whatever
day the test runs, not up to a year's (minutes). `date` in the blocks reads that clock, as it reads
the machine's under `make run`.

A person types slower than the reactions run (within 0.2 s): `curl` runs `POST /_local/drain` before
each call, so what each command reads is what that person would read, whatever the machine's pace.
It also prints each answer's status, method and URL on stderr: every call must succeed.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime

import pytest
from markdown_it import MarkdownIt

from infra.local.runtime import Runtime
from infra.local.template import ROOT
from rapport import clock
from tests.e2e.conftest import http_request

README = ROOT / "README.md"
NOT_RUN = re.compile(r"<!--\s*not run:.+?-->\s*$", re.DOTALL)
MARK = "@@@ block "
SCRIPT_TIMEOUT = 300  # seconds; about 30 on a quiet machine
PRELUDE = r"""set -euo pipefail
curl() {
  command curl -sf -o /dev/null -d "" "$RAPPORT_LOCAL/_local/drain" || { echo "cannot drain" >&2; return 1; }
  command curl -w '\n%{stderr}%{http_code} %{method} %{url_effective}\n' "$@"
}
date() {
  command date -d "$(command curl -sf "$RAPPORT_LOCAL/_local/clock" | python3 -c 'import json,sys
print(json.load(sys.stdin)["now"])')" "$@"
}
"""
PHONE = "+33612345678"


@dataclass
class Block:
    line: int  # where its fence opens in README.md, 1-based
    heading: str  # the heading it is under
    script: str


@dataclass
class Ran:
    """One block's output: the JSON documents it printed, one a line, and the other lines."""

    block: Block
    documents: list = field(default_factory=list)
    lines: list[str] = field(default_factory=list)


def sh_blocks(markdown: str) -> list[Block]:
    """The ```sh fences in order, but those marked as not run."""
    blocks, heading = [], ""
    tokens = MarkdownIt().parse(markdown)
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            heading = tokens[index + 1].content
        elif token.type == "fence" and token.info.strip() == "sh":
            before = tokens[index - 1] if index else None
            if before is None or before.type != "html_block" or not NOT_RUN.match(before.content):
                blocks.append(Block(token.map[0] + 1, heading, token.content))
    return blocks


def on_this_machine(script: str, api: str, smtp_port: int, calendar_port: int) -> str:
    """The walk-throughs with this runtime's API address and SMTP port, and a free port for the calendar's
    server, for the README's."""
    for written, here in (
        ("http://127.0.0.1:3000", api),
        ('("127.0.0.1", 2525)', f'("127.0.0.1", {smtp_port})'),
        ("http.server 8001 ", f"http.server {calendar_port} "),
        ("127.0.0.1:8001/", f"127.0.0.1:{calendar_port}/"),
    ):
        assert written in script, f"the README no longer has {written}: update this test"
        script = script.replace(written, here)
    return script


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def outputs(stdout: str, blocks: list[Block]) -> list[Ran]:
    """Each block's output, in order."""
    parts = stdout.split("\n" + MARK)
    assert len(parts) == len(blocks) + 1, stdout
    ran = [Ran(block) for block in blocks]
    for result, part in zip(ran, parts, strict=False):
        for line in part.splitlines():
            if not line.strip() or re.fullmatch(r"\d+", line):  # the number after a mark
                continue
            try:
                result.documents.append(json.loads(line))
            except ValueError:
                result.lines.append(line)
    return ran


def next_december_10(now: datetime) -> datetime:
    """10:00 UTC on the next 10 December: 11:00 in Paris, after that day's digest."""
    moment = now.replace(month=12, day=10, hour=10, minute=0, second=0, microsecond=0)
    return moment if moment >= now else moment.replace(year=now.year + 1)


@dataclass
class Walk:
    ran: list[Ran]
    calls: list[tuple[str, str, str]]  # status, method, URL of each call, in order
    runtime: Runtime

    def under(self, heading: str) -> list[Ran]:
        found = [result for result in self.ran if result.block.heading == heading]
        assert found, f"no block under {heading!r} in the README"
        return found

    def get(self, path: str) -> object:
        reply = http_request(self.runtime.url, "GET", path, headers={"Authorization": f"Bearer {self.runtime.token}"})
        assert reply.status == 200, reply.body
        return reply.json


@pytest.fixture(scope="module")
def walk(tmp_path_factory) -> Iterator[Walk]:
    """The README's blocks, run once; the runtime stays up for the tests to read."""
    home = tmp_path_factory.mktemp("readme")
    (home / "docs").symlink_to(ROOT / "docs")  # the sample files, where the README names them
    runtime = Runtime(home / ".rapport", port=0, smtp_port=0, background=True)
    runtime.start()
    try:
        runtime.advance(next_december_10(clock.now()) - clock.now())  # nobody's schedule yet: at once
        blocks = sh_blocks(README.read_text())
        script = PRELUDE + "".join(f"{block.script}\nprintf '\\n{MARK}%s\\n' {n}\n" for n, block in enumerate(blocks))
        done = subprocess.run(
            ["bash", "-c", on_this_machine(script, runtime.url, runtime.smtp_port, free_port())],
            cwd=home,
            env=os.environ | {"RAPPORT_LOCAL": runtime.url},
            capture_output=True,
            text=True,
            timeout=SCRIPT_TIMEOUT,
        )
        assert done.returncode == 0, f"{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
        calls = [tuple(line.split(" ", 2)) for line in done.stderr.splitlines() if re.match(r"\d{3} [A-Z]+ http", line)]
        yield Walk(outputs(done.stdout, blocks), calls, runtime)
    finally:
        runtime.stop()


def test_blocks_marked_not_run_are_left_out():
    markdown = (
        "# A\n\n```sh\necho one\n```\n\n<!-- not run: it blocks -->\n```sh\nmake run\n```\n\n"
        "## B\n\n```sh\necho two\n```\n\n```\nnot sh\n```\n"
    )
    assert [(b.line, b.heading, b.script) for b in sh_blocks(markdown)] == [
        (3, "A", "echo one\n"),
        (14, "B", "echo two\n"),
    ]


def test_every_call_of_the_walk_throughs_succeeds(walk):
    written = sum(ran.block.script.count("curl ") for ran in walk.ran)
    assert len(walk.calls) >= written > 30  # each once at least (now() twice)
    assert [call for call in walk.calls if not call[0].startswith("2")] == []


def test_try_it_claire_is_met_and_the_next_morning_digest_asks_to_thank_her(walk):
    (ran,) = walk.under("Try it")
    _, me, touch, claire, due, _, outbox = ran.documents
    assert (me["timezone"], me["locale"], me["region"]) == ("Europe/Paris", "fr", "FR")
    assert touch["kind"] == "coffee" and touch["contact_ids"] == [claire["contact_id"]]
    assert claire["stage"] == "met" and claire["last_touch_at"] == touch["occurred_at"] and claire["next_follow_up_on"]
    assert "items" in due
    digests = [item["text"] for item in outbox["items"] if "qui recontacter" in (item["subject"] or "")]
    assert "1. Claire Martin" in digests[0] and "remerciement" in digests[0]


def test_the_email_is_logged_as_a_touch_and_nothing_waits(walk):
    (ran,) = walk.under("Log touches by email")
    touches, quarantine, suggestions = ran.documents
    latest = touches["items"][0]
    assert (latest["kind"], latest["source"], latest["subject"]) == ("email", "email", "Lunch?")
    assert [touch["kind"] for touch in touches["items"]] == ["email", "coffee"]
    assert quarantine["items"] == [] and suggestions["items"] == []


def test_marie_and_paul_are_matched_and_introduced(walk):
    (ran,) = walk.under("Help your network")
    *_, opportunities, asked, accepted, made = ran.documents
    (match,) = opportunities["items"]
    assert (match["need_contact_name"], match["offer_contact_name"]) == ("Marie", "Paul")
    assert [step["status"] for step in (asked, accepted, made)] == ["asked", "accepted", "made"]
    assert asked["draft"]["body"] and made["follow_up_due_on"]
    for contact_id in made["contact_ids"]:
        assert walk.get(f"/contacts/{contact_id}")["stage"] == "met"  # the introduction is a touch with both


def test_the_sms_digest_is_answered_and_a_touch_logged_by_text(walk):
    (ran,) = walk.under("Answer your digest by SMS")
    *_, verified, settings, _, answered, logged = ran.documents
    assert verified["phone"] == PHONE and settings["channels"] == {"email": True, "sms": True}
    (reply,) = answered["replies"]
    assert reply.startswith("Fait : ")
    (reply,) = logged["replies"]
    assert "Marie" in reply
    texts = [item["text"] for item in walk.get("/_local/outbox")["items"] if item["recipient"] == PHONE]
    assert any(text.startswith("1. ") or "\n1. " in text for text in texts)  # the digest texted, numbered


def test_the_warm_path_and_the_linkedin_import(walk):
    paths, imported = walk.under("Meet new people on purpose")
    (_, found) = paths.documents
    assert [step["name"] for step in found["paths"][0]["steps"]] == ["Paul"]
    (job,) = imported.documents
    assert (job["status"], job["created"], job["merged"], job["skipped"], job["rejected"]) == ("done", 3, 1, 0, 0)


def test_the_address_book_completes_claire_and_adds_two(walk):
    (ran,) = walk.under("Your address book, in and out")
    (job,) = ran.documents
    assert (job["format"], job["status"], job["created"], job["merged"], job["skipped"]) == ("vcard", "done", 2, 1, 0)


def test_the_address_book_goes_out_as_vcards_and_a_csv(walk):
    (ran,) = walk.under("Your address book, in and out")
    assert ran.lines[:2] == ["BEGIN:VCARD", "VERSION:3.0"]
    assert ran.lines[2].startswith('\ufeff"Nom","E-mails","Téléphones","Entreprise","Poste","Anniversaire"')


def test_claire_is_greeted_in_the_new_year_campaign(walk):
    (ran,) = walk.under("Greetings seasons")
    _, _, before, touch, after = ran.documents
    assert touch["kind"] == "greeting"
    campaign = [c for c in before["items"] if c["season"] == "new_year"][0]
    again = [c for c in after["items"] if c["campaign_id"] == campaign["campaign_id"]][0]
    assert campaign["open"] and again["greeted"] == campaign["greeted"] + 1
    assert "Claire Martin" in [person["name"] for person in campaign["left"]]
    assert "Claire Martin" not in [person["name"] for person in again["left"]]


def test_the_weekly_review_is_printed_from_an_outbox_with_texts_in_it(walk):
    """The snippet reads the outbox, where a text has no subject; and the week holds a touch logged by text."""
    (ran,) = walk.under("Weekly goals and review")
    settings, _ = ran.documents
    assert (settings["review_day"], settings["review_time"]) == ("friday", "17:30")
    review = "\n".join(ran.lines)
    assert "Voici votre semaine" in review
    sent = walk.get("/_local/outbox")["items"]
    printed = [item for item in sent if "votre semaine" in (item["subject"] or "")][-1]
    assert any(item["subject"] is None and item["time"] < printed["time"] for item in sent)
    (helping,) = walk.under("Help your network")
    *_, opportunities, _, _, _ = helping.documents
    marie = opportunities["items"][0]["need_contact_id"]
    by_text = [t for t in walk.get(f"/contacts/{marie}/interactions")["items"] if t["source"] == "sms"]
    assert by_text and by_text[0]["occurred_at"] < printed["time"]


def test_the_calendar_logs_the_coffee_once_suggests_hugo_and_takes_it_back_when_cancelled(walk):
    (ran,) = walk.under("Meetings logged from your calendar")
    added, _, listed, touches, claire, suggestions, _, after = ran.documents
    assert added["address"].startswith("http://127.0.0.1:") and added["synced_at"] is None
    (calendar,) = listed["calendars"]
    assert (calendar["touches_logged"], calendar["events_seen"], calendar["error"]) == (1, 1, None)
    from_calendar = [t for t in touches["items"] if t["source"] == "calendar"]  # read twice, logged once
    assert [(t["kind"], t["summary"]) for t in from_calendar] == [("meeting", "Coffee with Claire")]
    assert claire["last_touch_at"] == from_calendar[0]["occurred_at"] and claire["next_follow_up_on"]
    assert [s["email"] for s in suggestions["items"]] == ["hugo.petit@example.org"]
    assert [t for t in after["items"] if t["source"] == "calendar"] == []
    assert len(after["items"]) == len(touches["items"]) - 1


def test_the_account_export_downloads_a_zip_of_everything(walk):
    (ran,) = walk.under("Take all your data out")
    listed = " ".join(ran.lines)
    for name in ("README.txt", "contacts.vcf", "calendar.ics", "items/contact.json", "items/interaction.json"):
        assert name in listed, (name, ran.lines)
    assert "mails/" in listed  # the walk-through's email to the inbound address, as received


def people_created(markdown: str) -> list[tuple[str, str]]:
    """(variable, name) of each contact a walk-through creates into a shell variable, in order."""
    created = re.compile(r"^(\w+)=\$\(curl [^\n]*?-X POST \$API/contacts\s*(?:\\\n\s*)?-d '(\{.*?\})'", re.M | re.S)
    script = "".join(block.script for block in sh_blocks(markdown))
    return [(variable, json.loads(body)["name"]) for variable, body in created.findall(script)]


def test_each_person_of_the_walk_throughs_has_a_variable_of_their_own():
    people = people_created(README.read_text())
    variables, names = [v for v, _ in people], [n for _, n in people]
    assert len(people) >= 4 and len(set(variables)) == len(variables) and len(set(names)) == len(names), people
    assert all(variable == name.split()[0].upper() for variable, name in people), people  # $CLAIRE is Claire


def test_a_variable_reused_for_a_second_person_is_caught():
    markdown = (
        '```sh\nCLAIRE=$(curl -s -X POST $API/contacts \\\n  -d \'{"name": "Claire Martin"}\' | x)\n```\n'
        '```sh\nCLAIRE=$(curl -s -H "$J" -X POST $API/contacts -d \'{"name": "Claire"}\' | x)\n```\n'
    )
    assert people_created(markdown) == [("CLAIRE", "Claire Martin"), ("CLAIRE", "Claire")]
