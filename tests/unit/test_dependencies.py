"""The layer ships the same versions the tests ran with."""

from pathlib import Path

ROOT = Path(__file__).parents[2]


def pins(path: Path) -> dict[str, str]:
    lines = [line.strip() for line in path.read_text().splitlines()]
    return {
        name.lower().replace("_", "-"): version
        for name, _, version in (line.partition("==") for line in lines if line and not line.startswith("#"))
    }


def test_layer_requirements_are_pinned_as_in_the_lock():
    lock, layer = pins(ROOT / "requirements.lock"), pins(ROOT / "shared" / "requirements.txt")
    assert layer, "shared/requirements.txt lists the layer's dependencies"
    assert {name: lock.get(name) for name in layer} == layer
