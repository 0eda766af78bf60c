"""The README's walk-throughs run as written: every ```sh block of README.md, in order, in one bash
session (`set -euo pipefail`: a variable a block sets is there for the next), against
`python -m infra.local` as `make run` starts it, from a directory whose `.rapport/` is its state dir.

Only what names the machine changes: the API's address and the SMTP port (free ports here, not 3000
and 2525). A block marked `<!-- not run: why -->` just before its fence is left out.

A person types slower than the reactions run (within 0.2 s): `curl` runs `POST /_local/drain` before
each call, so what every command reads is what that person would read, whatever the machine's pace.
It also prints each answer's status, method and URL on stderr, to check that every call succeeded.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from dataclasses import dataclass, field

import pytest
from markdown_it import MarkdownIt

from infra.local.template import ROOT
from tests.e2e.conftest import LocalProcess

README = ROOT / "README.md"
NOT_RUN = re.compile(r"<!--\s*not run:.+?-->\s*$", re.DOTALL)
MARK = "@@@ block "
SCRIPT_TIMEOUT = 180  # seconds; the walk-throughs take about 20 on a quiet machine
PRELUDE = r"""set -euo pipefail
curl() {
  command curl -sf -o /dev/null -d "" "$RAPPORT_LOCAL/_local/drain" || { echo "cannot drain" >&2; return 1; }
  command curl -w '\n%{stderr}%{http_code} %{method} %{url_effective}\n' "$@"
}
"""


@dataclass
class Block:
    line: int  # where its fence opens in README.md, 1-based
    heading: str
    script: str


@dataclass
class Ran:
    """One block's output: the JSON documents it printed, and any other line."""

    block: Block
    documents: list = field(default_factory=list)
    lines: list[str] = field(default_factory=list)


def sh_blocks(markdown: str) -> list[Block]:
    """The ```sh fences in order, with the heading they are under, but those marked as not run."""
    blocks, heading, previous = [], "", None
    for token in MarkdownIt().parse(markdown):
        if token.type == "inline" and previous is not None and previous.type == "heading_open":
            heading = token.content
        if token.type == "fence" and token.info.strip() == "sh":
            marked = previous is not None and previous.type == "html_block" and NOT_RUN.match(previous.content)
            if not marked:
                blocks.append(Block(token.map[0] + 1, heading, token.content))
        if token.type != "inline":
            previous = token
        elif previous.type != "heading_open":
            previous = token
    return blocks


def on_this_machine(script: str, api: str, smtp_port: int) -> str:
    """The walk-throughs with this runtime's API address and SMTP port for the README's."""
    for written, here in (("http://127.0.0.1:3000", api), ('("127.0.0.1", 2525)', f'("127.0.0.1", {smtp_port})')):
        assert written in script, f"the README no longer has {written}: update this test"
        script = script.replace(written, here)
    return script


def outputs(stdout: str, blocks: list[Block]) -> list[Ran]:
    """Each block's output, in order."""
    parts = stdout.split("\n" + MARK)
    assert len(parts) == len(blocks) + 1, stdout
    ran = [Ran(block) for block in blocks]
    for result, part in zip(ran, parts[:-1], strict=True):
        for line in part.splitlines():
            if line.startswith(MARK) or not line.strip():
                continue
            try:
                result.documents.append(json.loads(line))
            except ValueError:
                result.lines.append(line)
    return ran


def under(ran: list[Ran], heading: str) -> list[Ran]:
    """The outputs of the blocks under this heading."""
    found = [result for result in ran if result.block.heading == heading]
    assert found, f"no block under {heading!r} in the README"
    return found


@pytest.fixture(scope="module")
def walked(tmp_path_factory):
    """Runs the README's blocks once; what they printed, what curl answered, and the runtime, still up."""
    home = tmp_path_factory.mktemp("readme")
    (home / "docs").symlink_to(ROOT / "docs")  # the sample files, where the README names them
    local = LocalProcess(home / ".rapport")
    try:
        blocks = sh_blocks(README.read_text())
        script = PRELUDE + "".join(
            f"{block.script}\nprintf '\\n{MARK}%s\\n' {number}\n" for number, block in enumerate(blocks)
        )
        done = subprocess.run(
            ["bash", "-c", on_this_machine(script, local.url, local.smtp_port)],
            cwd=home,
            env=os.environ | {"RAPPORT_LOCAL": local.url},
            capture_output=True,
            text=True,
            timeout=SCRIPT_TIMEOUT,
        )
        __import__("pathlib").Path("/tmp/readme-out.txt").write_text(done.stdout + "\n=====STDERR\n" + done.stderr)  # DEBUG
        assert done.returncode == 0, f"{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
        calls = [line.split(" ", 2) for line in done.stderr.splitlines() if re.match(r"\d{3} [A-Z]+ http", line)]
        yield outputs(done.stdout, blocks), calls, local
    finally:
        local.stop()


def test_every_call_of_the_walk_throughs_succeeds(walked):
    ran, calls, _ = walked
    failed = [call for call in calls if not call[0].startswith("2")]
    assert not failed, failed
