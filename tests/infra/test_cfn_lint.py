"""template.yaml passes cfn-lint with nothing to report: no error, no warning, no informational finding.

cfn-lint runs the SAM transform itself, so this covers the resources SAM generates too.
Same check by hand: .venv/bin/cfn-lint --include-checks I -- template.yaml
"""

from __future__ import annotations

from pathlib import Path

from cfnlint.api import ManualArgs, lint_file

TEMPLATE_PATH = Path(__file__).resolve().parents[2] / "template.yaml"


def test_template_has_no_cfn_lint_findings():
    findings = lint_file(TEMPLATE_PATH, config=ManualArgs(include_checks=["I"], regions=["us-east-1"]))

    report = "\n".join(
        f"  {m.rule.id} line {m.linenumber} ({m.path_string}): {m.message}"
        for m in sorted(findings, key=lambda m: m.linenumber)
    )
    assert not findings, (
        f"cfn-lint found {len(findings)} issue(s) in template.yaml (E=error, W=warning, I=informational):\n{report}"
    )
