"""``sweep``: regimes over a parameter and the exact thresholds between them, as ``wedge sweep`` finds them.

A normal-form game is swept over one parameter or mapped over two (:class:`SweepResult`,
``wedge.sweep/1``); a game tree over one, by backward induction at every point
(:class:`TreeSweepResult`, ``wedge.tree_sweep/1``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from wedge_cli.api.loading import Assignments, GameLike, fixed_values, prepare
from wedge_cli.api.results import Result, count_text, pandas, warning_lines
from wedge_cli.errors import WedgeError
from wedge_cli.model import GameSpec
from wedge_cli.report.sweep import sweep_report
from wedge_cli.report.tree_sweep import tree_sweep_report
from wedge_cli.sweep.axis import parse_axes
from wedge_cli.sweep.core import sweep as run_sweep
from wedge_cli.sweep.result import SweepResult as SweepRun
from wedge_cli.sweep.tree import TreeSweep, sweep_tree
from wedge_cli.text import labels as text
from wedge_cli.text.numbers import exact_or_rounded
from wedge_cli.tree import TreeSpec


@dataclass(frozen=True, eq=False, repr=False)
class SweepResult(Result):
    """What :func:`sweep` found: regimes of equilibria and the thresholds between them.

    Attributes
    ----------
    result
        The sweep's own :class:`wedge_cli.sweep.result.SweepResult` (exact
        Fractions, the point table, equilibrium objects).

    The other attributes are parts of :meth:`to_dict` (keys of
    ``wedge.sweep/1``, see ``docs/json.md``).

    Examples
    --------
    >>> result = sweep("us-russia-china", "relief=0:30:30")
    >>> [t["exact"] for t in result.thresholds]
    ['35/2']
    """

    result: SweepRun
    _report: dict

    @property
    def spec(self) -> GameSpec:
        """The game as loaded."""
        return self.result.spec

    @property
    def regimes(self) -> list[dict]:
        """One dict per regime: ``from``, ``to`` (exact text in ``from_exact``, ``to_exact``), ``label``, ..."""
        return self._part("regimes")

    @property
    def thresholds(self) -> list[dict]:
        """One dict per threshold: ``parameter``, ``value``, ``exact``, ``before``, ``after``, ``change``, ..."""
        return self._part("thresholds")

    @property
    def points(self) -> list[dict]:
        """One dict per grid point when ``points=True`` was given, else empty."""
        return self._part("points")

    def to_frame(self, rows: str = "regimes"):
        """A table of the sweep, in the order of ``to_dict()[rows]``.

        Parameters
        ----------
        rows
            ``"regimes"``: ``label``, ``"<parameter> from"`` and ``"<parameter> to"``
            for each swept parameter (2-D: the region's bounding box), ``points``
            (grid points in it), ``equilibria`` (how many); 1-D adds ``range``
            (``"[0, 35/2)"``).
            ``"thresholds"``: ``parameter``, ``value``, ``exact``, ``method``,
            ``before``, ``after``, ``change``, and in 2-D both parameters' values
            (where on the map the threshold lies).
            ``"points"``: each swept parameter's value, ``regime`` (its row in
            ``"regimes"``; missing at a threshold), ``label``, ``equilibria``,
            ``solved_exactly``, ``degenerate`` (needs ``points=True``).

        Needs pandas (``pip install 'wedge-cli[pandas]'``).
        """
        if rows not in ("regimes", "thresholds", "points"):
            raise ValueError(f"rows must be 'regimes', 'thresholds' or 'points', not {rows!r}")
        pd = pandas()
        r = self._report
        names = [a["name"] for a in r["swept"]]
        if rows == "regimes":
            table = []
            for regime in r["regimes"]:
                row = {"range": text.range_text(regime)} if len(names) == 1 else {}
                row["label"] = regime["label"]
                for name in names:
                    lo, hi = regime["bounds"].get(name, (None, None))
                    row |= {f"{name} from": lo, f"{name} to": hi}
                row |= {"points": regime["points"], "equilibria": len(regime["equilibria"])}
                table.append(row)
            columns = (["range"] if len(names) == 1 else []) + ["label"]
            columns += [f"{name} {end}" for name in names for end in ("from", "to")] + ["points", "equilibria"]
        elif rows == "thresholds":
            keys = ["parameter", "value", "exact", "method", "before", "after", "change"]
            axes = names if len(names) == 2 else []  # 2-D: where on the map, both coordinates
            table = [{k: t[k] for k in keys}
                     | {n: t["value"] if n == t["parameter"] else t["where"].get(n) for n in axes}
                     for t in r["thresholds"]]
            columns = keys + axes
        else:
            if not r["points"]:  # a sweep has at least one point: they were left out
                raise ValueError("this sweep has no points: call sweep(..., points=True) to keep them")
            table = [{**p["values"], "regime": p["regime"], "label": p["label"],
                      "equilibria": len(p["equilibria"]), "solved_exactly": p["solved_exactly"],
                      "degenerate": p["degenerate"]} for p in r["points"]]
            columns = [*names, "regime", "label", "equilibria", "solved_exactly", "degenerate"]
            # a point exactly at a threshold is in no regime: missing, not NaN in a float column
            return pd.DataFrame(table, columns=columns).astype({"regime": "Int64"})
        return pd.DataFrame(table, columns=columns)

    def _summary(self) -> str:
        r = self._report
        return f"{count_text(len(r['regimes']), 'regime')} of {' x '.join(a['name'] for a in r['swept'])}"

    def _lines(self) -> list[str]:
        r = self._report
        lines = []
        if self.result.fixed:  # the values given with set=; the rest are the file's
            lines.append("  with " + ", ".join(f"{k} = {v}" for k, v in self.result.fixed.items()))
        for k, regime in enumerate(r["regimes"], start=1):
            where = text.range_text(regime) if r["dimensions"] == 1 else count_text(regime["points"], "grid point")
            lines.append(f"  {k}. {where}: {regime['label']}")
        if r["dimensions"] == 1:
            lines.extend(f"  {line}" for line in text.threshold_lines(r))
        else:  # one per grid line crossed: too many to read here
            lines.append(f"  {count_text(len(r['thresholds']), 'threshold')} on grid lines "
                         "(.thresholds, .to_frame('thresholds'))")
        return lines + warning_lines(r)


@dataclass(frozen=True, eq=False, repr=False)
class TreeSweepResult(Result):
    """What :func:`sweep` found in a game tree: regimes of one subgame-perfect plan and the thresholds.

    ``result`` is the sweep's own :class:`wedge_cli.sweep.tree.TreeSweep` (exact
    Fractions, the plan at every grid point); the rest are parts of :meth:`to_dict`
    (``wedge.tree_sweep/1``, docs/json.md).

    Examples
    --------
    >>> result = sweep("two-level-ratification-sequential", "scope")
    >>> [t["exact"] for t in result.thresholds]
    ['1/4', '1/2', '5/8']
    """

    result: TreeSweep
    _report: dict

    _untitled = "game tree"

    @property
    def regimes(self) -> list[dict]:
        """One dict per regime: ``from``, ``to`` (exact in ``from_exact``, ``to_exact``), ``plan``, ``paths``, ``label``."""
        return self._part("regimes")

    @property
    def thresholds(self) -> list[dict]:
        """One dict per threshold: ``value``, ``exact``, ``method`` and the ``flips`` (node, player, before, after)."""
        return self._part("thresholds")

    def to_frame(self, rows: str = "regimes"):
        """``"regimes"``: ``from``, ``to``, ``label`` (the path of play); ``"thresholds"``: one row per flip
        (``value``, ``exact``, ``node``, ``player``, ``before``, ``after``). Needs pandas."""
        pd = pandas()
        if rows == "regimes":
            return pd.DataFrame([{"from": r["from_exact"] or r["from"], "to": r["to_exact"] or r["to"],
                                  "label": r["label"]} for r in self._report["regimes"]],
                                columns=["from", "to", "label"])
        if rows == "thresholds":
            keys = ["node", "player", "before", "after"]
            return pd.DataFrame([{"value": t["value"], "exact": t["exact"], **{k: f[k] for k in keys}}
                                 for t in self._report["thresholds"] for f in t["flips"]],
                                columns=["value", "exact", *keys])
        raise ValueError(f"rows must be 'regimes' or 'thresholds', not {rows!r}")

    def _summary(self) -> str:
        r = self._report
        return f"{count_text(len(r['regimes']), 'regime')} of {r['swept']['name']}"

    def _lines(self) -> list[str]:
        r = self._report
        lines = [f"  {k}. {exact_or_rounded(g['from'], g['from_exact'])} to "
                 f"{exact_or_rounded(g['to'], g['to_exact'])}: {g['label']}"
                 for k, g in enumerate(r["regimes"], start=1)]
        for t in r["thresholds"]:
            lines += [f"  {f['change']}" for f in t["flips"]]
        return lines


def sweep(game: GameLike, param: str | Sequence[str], *, set: Assignments = None, method: str = "auto",
          points: bool = False, concept: str | None = None) -> SweepResult | TreeSweepResult:
    """Regimes of equilibria over one parameter (or a 2-D map over two), as ``wedge sweep`` finds them;
    of a game tree, regimes of one subgame-perfect plan (:class:`TreeSweepResult`).

    Parameters
    ----------
    game
        A :class:`~wedge_cli.model.GameSpec` or anything :func:`load` reads.
    param
        As ``--param``: ``"NAME"`` (its declared range), ``"NAME=START:STOP"``
        or ``"NAME=START:STOP:STEPS"`` (``STEPS`` equal steps, default 100); a
        list of two for a 2-D map (default 50 steps per axis).
    set
        Values of the other parameters, as in :func:`solve`.
    method
        ``auto`` (default), ``enumerate`` or ``pure``.
    points
        Keep every grid point in the result (``--points``); the regimes and
        thresholds do not depend on it.
    concept
        Game trees, as ``--concept``: ``"spe"`` or ``"pbe"`` (the pure perfect
        Bayesian equilibria, exact thresholds); None (default): ``"pbe"`` where
        a player moves without seeing a chance move, else ``"spe"``.

    Returns
    -------
    SweepResult or TreeSweepResult
        A :class:`TreeSweepResult` for a game tree.

    Raises
    ------
    WedgeError
        Unknown parameter, bad range, a parameter both swept and set, too
        many points.

    Examples
    --------
    >>> result = sweep("us-russia-china", "relief=0:30:30", set={"distrust": "2/5"})
    >>> [t["exact"] for t in result.thresholds]
    ['35/3', '25', '85/3']
    """
    spec, overrides, _ = prepare(game, set)
    axes = parse_axes([param] if isinstance(param, str) else list(param), spec)
    if isinstance(spec, TreeSpec):
        if len(axes) != 1 or method != "auto":
            raise WedgeError("a game tree is swept one parameter at a time, by backward induction",
                             hint="give one param and leave method out")
        tree_result = sweep_tree(spec, axes[0], fixed_values(overrides), concept=concept)
        return TreeSweepResult(tree_result, tree_sweep_report(tree_result, include_points=points))
    if concept is not None:
        raise WedgeError(f"concept={concept!r} is for game trees; a normal-form game's sweep follows its Nash "
                         "equilibria", hint="leave out concept=")
    result = run_sweep(spec, axes, overrides, method=method)
    return SweepResult(result, sweep_report(result, include_points=points))
