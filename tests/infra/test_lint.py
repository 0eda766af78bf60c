"""The code stays as ruff and mypy (pyproject.toml) want it: lint, format and types."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[2]


def ruff(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ruff", *args], cwd=ROOT, capture_output=True, text=True)


def test_ruff_lint_is_clean():
    result = ruff("check", "--no-cache", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_is_clean():
    result = ruff("format", "--no-cache", "--check", ".")
    assert result.returncode == 0, "run `.venv/bin/ruff format .`\n" + result.stdout


def test_mypy_is_clean():
    """The types hold ([tool.mypy] in pyproject.toml: strict for the domain and the services)."""
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-incremental"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
