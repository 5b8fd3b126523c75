"""``robust``: how often each outcome holds across random draws of the parameters, as ``wedge robust`` finds it.

Of a normal-form game, the share of draws in which each outcome is an equilibrium
(:class:`RobustResult`, ``wedge.robust/1``); of a game tree, how often each path of play
is the subgame-perfect one (:class:`TreeRobustResult`, ``wedge.tree_robust/1``).
"""

from __future__ import annotations

from dataclasses import dataclass

from wedge_cli.api.loading import Assignments, GameLike, fixed_values, prepare
from wedge_cli.api.results import Result, pandas, parameters_text, player_names, support_text
from wedge_cli.errors import WedgeError
from wedge_cli.model import GameSpec
from wedge_cli.report.robust import robust_report
from wedge_cli.report.tree_robust import tree_robust_report
from wedge_cli.robust.run import RobustResult as RobustRun
from wedge_cli.robust.run import run as run_robust
from wedge_cli.robust.tree import TreeRobustResult as TreeRobustRun
from wedge_cli.robust.tree import run_tree
from wedge_cli.text import labels as text
from wedge_cli.text.numbers import rounded_text, share_text
from wedge_cli.tree import TreeSpec


@dataclass(frozen=True, eq=False, repr=False)
class RobustResult(Result):
    """What :func:`robust` found: how often each outcome is an equilibrium across random draws.

    Attributes
    ----------
    result
        The Monte Carlo's own :class:`wedge_cli.robust.run.RobustResult`.

    The other attributes are parts of :meth:`to_dict` (keys of
    ``wedge.robust/1``, see ``docs/json.md``).

    Examples
    --------
    >>> result = robust("us-europe", samples=200)
    >>> result.outcomes[0]["profile"], 0 < result.outcomes[0]["share"] <= 1
    ({'US': 'Retrench', 'Europe': 'Rearm'}, True)
    """

    result: RobustRun
    _report: dict

    @property
    def spec(self) -> GameSpec:
        """The game as loaded."""
        return self.result.spec

    @property
    def outcomes(self) -> list[dict]:
        """One dict per outcome, most frequent first: ``profile``, ``support``, ``count``, ``share``, ``ci``."""
        return self._part("outcomes")

    @property
    def unique_share(self) -> float:
        """Share of draws with exactly one equilibrium."""
        return self._report["unique_share"]

    @property
    def sensitivity(self) -> list[dict]:
        """First-order index of each uncertain parameter, largest first."""
        return self._part("sensitivity")

    def to_frame(self):
        """One row per outcome, in the order of ``to_dict()["outcomes"]``.

        Columns: ``outcome`` (in words), each player's strategy (``{A, B}`` for
        a mixed support), ``pure``, ``count``, ``share``, ``ci_low``, ``ci_high``
        (95% Wilson interval). Needs pandas (``pip install 'wedge-cli[pandas]'``).
        """
        players = player_names(self._report)
        rows = [{"outcome": text.outcome_label(o), **{p: support_text(o["support"][p]) for p in players},
                 "pure": o["profile"] is not None, "count": o["count"], "share": o["share"],
                 "ci_low": o["ci"][0], "ci_high": o["ci"][1]} for o in self._report["outcomes"]]
        columns = ["outcome", *players, "pure", "count", "share", "ci_low", "ci_high"]
        return pandas().DataFrame(rows, columns=columns)

    def _summary(self) -> str:
        r = self._report
        noise = f", payoff noise {rounded_text(r['payoff_noise'])}" if r["payoff_noise"] else ""
        return f"{r['samples']} samples (seed {r['seed']}{noise})"

    def _lines(self) -> list[str]:
        r = self._report
        lines = [f"  uncertain: {', '.join(u['name'] for u in r['uncertain']) or 'none'}"]
        if r["fixed"]:
            lines.append(f"  fixed: {parameters_text(r['fixed'])}")
        for o in r["outcomes"]:
            lo, hi = o["ci"]
            lines.append(f"  {share_text(o['share']):>6}  {text.outcome_label(o)} "
                         f"({share_text(lo)} – {share_text(hi)})")
        lines.append(f"  unique equilibrium in {share_text(r['unique_share'])} of samples")
        return lines


@dataclass(frozen=True, eq=False, repr=False)
class TreeRobustResult(Result):
    """What :func:`robust` found in a game tree: how often each path of play is the subgame-perfect one.

    ``result`` is the run's own :class:`wedge_cli.robust.tree.TreeRobustResult`; :meth:`to_dict`
    is ``wedge.tree_robust/1`` (docs/json.md).

    Examples
    --------
    >>> result = robust("two-level-ratification-sequential", samples=500)
    >>> sum(p["count"] for p in result.paths)
    500
    """

    result: TreeRobustRun
    _report: dict

    _untitled = "game tree"

    @property
    def paths(self) -> list[dict]:
        """One dict per path of play: ``path``, ``label``, ``count``, ``share``, ``ci``; most frequent first."""
        return self._part("paths")

    def to_frame(self):
        """One row per path: ``label``, ``count``, ``share``, ``ci_low``, ``ci_high``. Needs pandas."""
        return pandas().DataFrame([{"label": p["label"], "count": p["count"], "share": p["share"],
                                    "ci_low": p["ci"][0], "ci_high": p["ci"][1]} for p in self._report["paths"]],
                                  columns=["label", "count", "share", "ci_low", "ci_high"])

    def _summary(self) -> str:
        r = self._report
        return f"{r['samples']:,} samples (seed {r['seed']})"

    def _lines(self) -> list[str]:
        return [f"  {share_text(p['share'])}  {p['label']}" for p in self._report["paths"]]


def robust(game: GameLike, *, samples: int = 10_000, seed: int = 0, payoff_noise: float = 0.0,
           set: Assignments = None, method: str = "auto") -> RobustResult | TreeRobustResult:
    """Share of random parameter draws in which each outcome is an equilibrium, as ``wedge robust`` finds it;
    of a game tree, how often each path of play is the subgame-perfect one (:class:`TreeRobustResult`).

    Parameters with ``distribution = "uniform" | "triangular" | "normal"`` in
    the payoff file are drawn; ``set`` fixes a parameter.

    Parameters
    ----------
    game
        A :class:`~wedge_cli.model.GameSpec`, a :class:`~wedge_cli.model.Game`
        (with ``payoff_noise``), or anything :func:`load` reads.
    samples
        Number of draws.
    seed
        Random seed: the same seed gives the same numbers.
    payoff_noise
        Also move every payoff by up to this fraction of its player's payoff
        range (0.1 = 10%).
    set
        Parameters to fix, as in :func:`solve`.
    method
        ``auto`` (all equilibria, as :func:`solve`) or ``pure``; a tree takes ``auto`` only.

    Returns
    -------
    RobustResult or TreeRobustResult
        A :class:`TreeRobustResult` for a game tree.

    Raises
    ------
    WedgeError
        Nothing uncertain, a bad number of samples or noise, an unknown method.
    TypeError
        ``samples`` or ``seed`` is not a whole number.

    Examples
    --------
    >>> result = robust("us-europe", samples=200, set={"cut": 8})
    >>> result.to_dict()["fixed"]
    {'cut': 8.0}
    """
    for name, value in (("samples", samples), ("seed", seed)):
        if not isinstance(value, int) or isinstance(value, bool):
            raise TypeError(f"{name} must be a whole number, not {value!r}")
    spec, overrides, _ = prepare(game, set)
    fixed = {name: float(value) for name, value in fixed_values(overrides).items()}
    if isinstance(spec, TreeSpec):
        if method != "auto":
            raise WedgeError(f"method={method!r} is for normal-form games; a tree is solved by backward induction",
                             hint="leave method out")
        tree_result = run_tree(spec, samples, seed, fixed=fixed, payoff_noise=float(payoff_noise))
        return TreeRobustResult(tree_result, tree_robust_report(tree_result))
    result = run_robust(spec, samples, seed, fixed=fixed, payoff_noise=float(payoff_noise), method=method)
    return RobustResult(result, robust_report(result))
