"""Every bundled scenario loads, lints clean, solves, and matches its golden JSON.

Golden files live in tests/golden/; refresh them on purpose with
``WEDGE_UPDATE_GOLDEN=1 python -m pytest tests/test_scenarios.py`` and review the diff.
"""

import json
import math
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from wedge_cli.formats.catalog import bundled_names, summary
from wedge_cli.cli.main import app
from wedge_cli.analysis.lint import lint
from wedge_cli.formats.toml_read import load

GOLDEN = Path(__file__).resolve().parent / "golden"
NAMES = bundled_names()


def test_flagship_scenarios_are_bundled():
    assert {"us-russia-china", "us-europe"} <= set(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_scenario_is_valid_and_lint_clean(name):
    spec = load(name)
    assert lint(spec) == []
    assert spec.title and spec.description and spec.source
    s = summary(name)
    if hasattr(spec, "skeleton"):  # a game tree
        assert s["form"] == "tree" and s["players"] == list(spec.players) and s["shape"] == []
        assert s["nodes"] == sum(1 for n in spec.skeleton.nodes if n.kind != "terminal")
    else:
        assert s["form"] == "normal" and s["players"] == [p.name for p in spec.players]
        assert s["shape"] == list(spec.shape)
    assert s["parameters"] == list(spec.parameters)
    for p in spec.parameters.values():
        assert p.min <= p.value <= p.max and p.description and p.scale


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("command", ["solve", "show"])
def test_scenario_golden_json(name, command):
    result = CliRunner().invoke(app, [command, name, "--json"])
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    path = GOLDEN / f"{name}.{command}.json"
    if os.environ.get("WEDGE_UPDATE_GOLDEN"):
        path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    assert _same(report, json.loads(path.read_text(encoding="utf-8")))


def _same(got, want, where: str = "") -> bool:
    """Equal JSON, except that floats may differ in their last bits (BLAS builds differ in rounding:
    a regret of 3.9e-16 against 3.6e-16); every key, string, integer and exact fraction must match."""
    if isinstance(want, float) and isinstance(got, (int, float)) and not isinstance(got, bool):
        assert math.isclose(got, want, rel_tol=1e-9, abs_tol=1e-12), f"{where}: {got} != {want}"
        return True
    assert type(got) is type(want), f"{where}: {got!r} != {want!r}"
    if isinstance(want, dict):
        assert list(got) == list(want), f"{where}: keys {list(got)} != {list(want)}"
        return all(_same(got[k], want[k], f"{where}/{k}") for k in want)
    if isinstance(want, list):
        assert len(got) == len(want), f"{where}: {len(got)} items != {len(want)}"
        return all(_same(g, w, f"{where}[{i}]") for i, (g, w) in enumerate(zip(got, want)))
    assert got == want, f"{where}: {got!r} != {want!r}"
    return True
