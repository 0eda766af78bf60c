"""The layers of docs/architecture.md, kept: every import of the code is one its layer's row allows,
and no module imports itself back through others.

The table is read from the document, so the document and this test cannot disagree: to let a layer
import something new, change its row (and say why in the same commit).
"""

from __future__ import annotations

import ast
import graphlib
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARCHITECTURE = ROOT / "docs" / "architecture.md"
EVERYTHING = "*"


@dataclass(frozen=True)
class Layer:
    where: str  # as the table writes it: shared/rapport/domain/, functions/<name>/, infra/
    allowed: frozenset[str]  # module prefixes; the standard library and the layer itself always are

    def holds(self, path: Path) -> bool:
        pattern = re.escape(self.where).replace(re.escape("<name>"), "[^/]+")
        return re.match(pattern + ("" if self.where.endswith(".py") else "/?"), path.as_posix()) is not None

    def allows(self, module: str) -> bool:
        return EVERYTHING in self.allowed or any(module == a or module.startswith(a + ".") for a in self.allowed)


def read_layers(text: str) -> list[Layer]:
    """The rows of the table under "## Layers of the code": `where` | what | may import."""
    section = text.split("## Layers of the code", 1)[1].split("\n## ", 1)[0]
    layers = []
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")] if line.startswith("|") else []
        if len(cells) != 3 or not cells[0].startswith("`"):
            continue
        where = re.findall(r"`([^`]+)`", cells[0])[0]
        allowed = re.findall(r"`([^`]+)`", cells[2]) or ([EVERYTHING] if "everything" in cells[2] else [])
        layers.append(Layer(where, frozenset(allowed)))
    return layers


LAYERS = read_layers(ARCHITECTURE.read_text())


def module_name(path: Path) -> str:
    """rapport.storage.keys for shared/rapport/storage/keys.py; functions.api.app for functions/api/app.py."""
    parts = list(path.with_suffix("").parts)
    if parts[0] == "shared":
        parts = parts[1:]
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def sources() -> dict[str, Path]:
    paths = [*(ROOT / "shared" / "rapport").rglob("*.py"), *(ROOT / "functions").rglob("*.py")]
    found = {module_name(p.relative_to(ROOT)): p.relative_to(ROOT) for p in sorted(paths)}
    del found["rapport"]  # the package's docstring (test_the_package_root_imports_nothing)
    return found


SOURCES = sources()


def imported(module: str, path: Path) -> set[str]:
    """Every module the file imports, at its top or lazily in a function, TYPE_CHECKING included.
    `from package import module` is an import of that module (not of the package's __init__)."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse((ROOT / path).read_text(), str(path))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            submodules = {f"{source}.{alias.name}" for alias in node.names} & SOURCES.keys()
            found |= submodules if len(submodules) == len(node.names) else {source, *submodules}
    if module.startswith("functions."):  # a function's own modules import each other by bare name
        siblings = {m.rpartition(".")[2]: m for m in SOURCES if m.rpartition(".")[0] == package}
        found = {siblings.get(name.partition(".")[0], name) for name in found}
    return found - {"__future__"}


def layer_of(path: Path) -> Layer:
    held = [layer for layer in LAYERS if layer.holds(path)]
    assert held, f"{path} is in no layer of docs/architecture.md"
    return max(held, key=lambda layer: len(layer.where))


def third_party_or_ours(module: str) -> bool:
    return module.partition(".")[0] not in sys.stdlib_module_names


def test_the_table_is_read():
    wheres = {layer.where for layer in LAYERS}
    assert {"shared/rapport/domain/", "shared/rapport/services/", "functions/<name>/"} <= wheres
    for layer in LAYERS:
        assert layer.where == "functions/<name>/" or (ROOT / layer.where).exists(), f"{layer.where} is not in the tree"


def test_a_row_allows_only_what_it_names():
    domain = Layer("shared/rapport/domain/", frozenset({"pydantic", "rapport.domain"}))
    assert domain.holds(Path("shared/rapport/domain/contact.py"))
    assert not domain.holds(Path("shared/rapport/domainx/contact.py"))
    assert domain.allows("pydantic.fields") and domain.allows("rapport.domain.model")
    assert not domain.allows("boto3") and not domain.allows("pydantic_core") and not domain.allows("rapport.storage")
    handlers = Layer("functions/<name>/", frozenset())
    assert handlers.holds(Path("functions/api/app.py")) and not handlers.holds(Path("infra/local/gateway.py"))


def test_the_package_root_imports_nothing():
    path = Path("shared/rapport/__init__.py")
    assert imported("rapport", path) == set()


def test_every_module_of_the_layer_is_in_a_row():
    packages = {p.parent for p in SOURCES.values() if p.parts[0] == "shared"}
    for package in packages:
        if package.as_posix() != "shared/rapport":
            layer_of(package / "__init__.py")


@pytest.mark.parametrize("module", sorted(SOURCES))
def test_imports_follow_the_layer_table(module: str):
    path = SOURCES[module]
    layer = layer_of(path)
    own = module.rpartition(".")[0] if layer.where.startswith("functions/") else module_name(Path(layer.where))
    outside = {
        name
        for name in imported(module, path)
        if third_party_or_ours(name) and name != own and not name.startswith(own + ".")
    }
    refused = sorted(name for name in outside if not layer.allows(name))
    assert not refused, f"{path} ({layer.where}) imports {refused}: allow it in docs/architecture.md or move the code"


def test_no_import_cycle():
    graph = {m: {i for i in imported(m, p) if i in SOURCES and i != m} for m, p in SOURCES.items()}
    try:
        graphlib.TopologicalSorter(graph).prepare()
    except graphlib.CycleError as cycle:
        pytest.fail(f"an import cycle: {' -> '.join(cycle.args[1])}")
