"""Mixed probabilities at a regime's ends belong to the equilibrium itself, even when two share a support."""

import json

import pytest
from typer.testing import CliRunner

from wedge_cli.cli.main import app
from wedge_cli.text.numbers import rounded_text as fmt

#: Three players, two strategies each. A is indifferent iff q = r, B iff r = p, so at a
#: fully mixed equilibrium p = q = r = x, and C is indifferent iff x**2 - t*x + 1/10 = 0:
#: two distinct fully mixed equilibria with the same support for every t in [7/10, 1].
TWIN_MIXED = """\
title = "twin mixed"
[parameters.t]
value = 0.8
min = 0.7
max = 1
description = "the swept quantity"

[[players]]
name = "A"
strategies = ["a1", "a2"]

[[players]]
name = "B"
strategies = ["b1", "b2"]

[[players]]
name = "C"
strategies = ["c1", "c2"]

[[outcomes]]
profile = ["a1", "b1", "c1"]
payoffs = [0, 0, "11/10 - t"]
[[outcomes]]
profile = ["a1", "b1", "c2"]
payoffs = [1, -1, 0]
[[outcomes]]
profile = ["a1", "b2", "c1"]
payoffs = [-1, 0, "1/10 - t/2"]
[[outcomes]]
profile = ["a1", "b2", "c2"]
payoffs = [0, 0, 0]
[[outcomes]]
profile = ["a2", "b1", "c1"]
payoffs = [0, 1, "1/10 - t/2"]
[[outcomes]]
profile = ["a2", "b1", "c2"]
payoffs = [0, 0, 0]
[[outcomes]]
profile = ["a2", "b2", "c1"]
payoffs = [0, 0, "1/10"]
[[outcomes]]
profile = ["a2", "b2", "c2"]
payoffs = [0, 0, 0]
"""

ARGS = ("--param", "t=0.7:1:6")


def _prob(eq: dict, player: str, strategy: str) -> str:
    return eq["exact"][player][strategy] if eq["exact"] is not None else fmt(eq["strategies"][player][strategy])


def _end_words(regime: dict, index: int) -> str:
    """What the JSON says equilibrium ``index`` does between the regime's ends, every player and strategy."""
    a, b = (end["equilibria"][index] for end in regime["ends"])
    players = []
    for p, strategies in a["support"].items():
        players.append(f"{p} " + ", ".join(f"{s} {_prob(a, p, s)}→{_prob(b, p, s)}" for s in strategies))
    return "; ".join(players)


@pytest.fixture
def sweep(write):
    path = write(TWIN_MIXED)
    runner = CliRunner()

    def _run(*extra):
        result = runner.invoke(app, ["sweep", path, *ARGS, *extra], env={"COLUMNS": "300"})
        assert result.exit_code == 0, result.stderr
        return result.stdout

    return _run


def _twins(report: dict) -> tuple[dict, list[int]]:
    (regime,) = report["regimes"]
    full = {p: [f"{p.lower()}1", f"{p.lower()}2"] for p in ("A", "B", "C")}
    twins = [k for k, eq in enumerate(regime["equilibria"]) if eq["support"] == full]
    assert len(twins) == 2  # the case in point: two mixed equilibria with one support
    assert all(not end["limit"] for end in regime["ends"])
    return regime, twins


@pytest.mark.parametrize("fmt_args", [(), ("--format", "markdown")], ids=["table", "markdown"])
def test_twin_mixed_equilibria_show_their_own_end_probabilities(sweep, fmt_args):
    regime, twins = _twins(json.loads(sweep("--json")))
    words = [_end_words(regime, k) for k in twins]
    assert words[0] != words[1]
    at = " and ".join(fmt(end["value"]) for end in regime["ends"])
    out = sweep(*fmt_args)
    for w in words:
        assert f"mixed: {w} (at {at})" in out
