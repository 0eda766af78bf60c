"""docs/glossary.md's words not to use stay out of the code's module names: one idea, one name."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def retired_words() -> dict[str, str]:
    """Each single word of a row's last column ("not"), without its parenthesis, to the row's word."""
    retired = {}
    for line in (ROOT / "docs" / "glossary.md").read_text().splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 4 or cells[0] in ("word", "---"):
            continue
        for word in re.sub(r"\([^)]*\)", "", cells[3]).split(","):
            if re.fullmatch(r"[a-z]+", word.strip()):
                retired[word.strip()] = cells[0]
    return retired


def module_words() -> dict[str, Path]:
    paths = [*(ROOT / "shared" / "rapport").rglob("*.py"), *(ROOT / "functions").rglob("*.py")]
    words = {}
    for path in paths:
        relative = path.relative_to(ROOT)
        for part in [*relative.parts[:-1], relative.stem]:
            for word in part.split("_"):
                words[word] = relative
    return words


def test_the_glossary_is_read():
    retired = retired_words()
    assert retired["network"] == "link" and retired["holiday"] == "greetings season"


def test_module_names_use_the_glossary():
    retired, words = retired_words(), module_words()
    used = {w: words[w] for w in words if w in retired or w.removesuffix("s") in retired}
    assert not used, {w: f"{path}: say {retired.get(w, retired.get(w.removesuffix('s')))}" for w, path in used.items()}
