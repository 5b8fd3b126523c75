"""``wedge.tree_sweep/1``: a sweep of a game tree, its regimes of one subgame-perfect plan and
the thresholds between them, each naming the nodes whose choice flips (docs/json.md)."""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from wedge_cli.algebra.polynomials import format_polynomial
from wedge_cli.report.common import fraction, json_number, schema
from wedge_cli.sweep.tree import TreeMap, TreeSweep
from wedge_cli.text.numbers import equation_text, parameter_text
from wedge_cli.solve.tree.batch import plan_paths
from wedge_cli.text.trees import mover_name, node_label, path_text

__all__ = ["tree_map_report", "tree_point_dicts", "tree_sweep_report"]


def _plan_dict(skeleton, columns, choices) -> dict:
    """``{node: {"player": mover, "action": action}}`` for every decision node, in preorder."""
    return {node_label(skeleton, node): {"player": mover_name(skeleton, node),
                                         "action": skeleton.nodes[node].actions[choices[j]]}
            for j, node in enumerate(columns)}


def _off_path(skeleton, columns, choices) -> list[dict]:
    """The plan's choices at decision nodes the path of play does not reach: the threats and promises it rests on."""
    choice = dict(zip(columns, choices))
    reached = set()
    stack = [0]
    while stack:
        node = stack.pop()
        reached.add(node)
        here = skeleton.nodes[node]
        if node in choice:
            stack.append(here.children[choice[node]])
        else:
            stack.extend(here.children)
    return [{"node": node_label(skeleton, node), "player": mover_name(skeleton, node),
             "action": skeleton.nodes[node].actions[choices[j]]}
            for j, node in enumerate(columns) if node not in reached]


def _flip_dict(skeleton, flip, name: str, value: float, exact: Fraction | None) -> dict:
    node = skeleton.nodes[flip.node]
    before, after = node.actions[flip.before], node.actions[flip.after]
    who = mover_name(skeleton, flip.node)
    return {
        "node": node_label(skeleton, flip.node),
        "player": who,
        "before": before,
        "after": after,
        "change": f"{who} switches from {before} to {after} at {node_label(skeleton, flip.node)} "
                  f"when {equation_text(name, value, fraction(exact))}",
    }


def _point_payoffs(result: TreeSweep, i: int) -> dict | None:
    """Each player's expected payoff at grid point ``i`` under the point's plan (None when the sweep has none)."""
    if result.grid_payoffs is None or not np.isfinite(result.grid_payoffs[i]).all():
        return None
    return {p: json_number(v) for p, v in zip(result.spec.players, result.grid_payoffs[i])}


def _point_several(result: TreeSweep, i: int) -> bool:
    return bool(result.grid_several is not None and result.grid_several[i])


def tree_point_dicts(result: TreeSweep):
    """One object per grid point, lazily: the swept value, the plan's path of play (the grid's own solve),
    each player's expected payoff under that plan, and whether the point has other subgame-perfect equilibria."""
    skeleton = result.spec.skeleton
    name = result.axis.name
    if result.grid_choices is None:  # solved point by point: each grid value's regime
        report = tree_sweep_report(result)["regimes"]
        for i, value in enumerate(result.grid):
            regime = next((r for r in report if r["from"] <= value <= r["to"]), report[-1])
            yield {"values": {name: json_number(value)}, "label": regime["label"], "plan": {},
                   "payoffs": _point_payoffs(result, i), "several_equilibria": _point_several(result, i)}
        return
    labels: dict[tuple[int, ...], str] = {}
    for i, (value, row) in enumerate(zip(result.grid, result.grid_choices)):
        choices = tuple(int(c) for c in row)
        if choices not in labels:
            labels[choices] = " or ".join(path_text(p) for p in plan_paths(skeleton, result.nodes, choices))
        yield {"values": {name: json_number(value)}, "label": labels[choices],
               "plan": _plan_dict(skeleton, result.nodes, choices),
               "payoffs": _point_payoffs(result, i), "several_equilibria": _point_several(result, i)}


def _unreached_dicts(skeleton, unreached) -> list[dict]:
    """``[{"player", "infoset", "action"}]``: an equilibrium's choices where its path never goes."""
    return [{"player": skeleton.players[skeleton.infosets[k].player], "infoset": skeleton.infoset_key(k),
             "action": skeleton.infosets[k].actions[a]} for k, a in unreached]


def equilibrium_label(paths, kind: str | None, verdict: bool | None, unreached: list[dict] = ()) -> str:
    """``pooling (fails the intuitive criterion): weak → Quiche → Not or strong → Quiche → Not; off the path
    Receiver: Duel at after_beer``."""
    head = kind or "equilibrium"
    if verdict is False:
        head += " (fails the intuitive criterion)"
    text = f"{head}: " + " or ".join(path_text(p) for p in paths)
    if unreached:
        text += "; off the path " + ", ".join(f"{u['player']}: {u['action']} at {u['infoset']}" for u in unreached)
    return text


def _equilibria_dicts(skeleton, regime) -> list[dict]:
    """A PBE regime's equilibria: ``{"kind", "intuitive", "paths", "off_path", "label"}`` each."""
    return [{"kind": kind, "intuitive": verdict, "paths": [list(p) for p in eq],
             "off_path": _unreached_dicts(skeleton, unreached),
             "label": equilibrium_label(eq, kind, verdict, _unreached_dicts(skeleton, unreached))}
            for eq, (kind, verdict, unreached) in zip(regime.paths, regime.kinds)]


def pbe_label(skeleton, regime) -> str:
    """A regime of perfect Bayesian equilibria: each one's label, or that there is none in pure strategies."""
    if not regime.paths:
        return "no pure perfect Bayesian equilibrium"
    return " | ".join(equilibrium_label(eq, kind, verdict, _unreached_dicts(skeleton, unreached))
                      for eq, (kind, verdict, unreached) in zip(regime.paths, regime.kinds))


def _pbe_changes(before: dict, after: dict, name: str, threshold) -> list[dict]:
    """What changes at a threshold of a PBE sweep: the equilibria that appear and disappear, in words."""
    where = equation_text(name, threshold.value, fraction(threshold.exact))
    old = [eq["label"] for eq in before["equilibria"]]
    new = [eq["label"] for eq in after["equilibria"]]
    out = []
    for label in old:
        if label not in new:
            out.append({"node": None, "player": None, "before": label, "after": None,
                        "change": f"this equilibrium disappears when {where}: {label}"})
    for label in new:
        if label not in old:
            out.append({"node": None, "player": None, "before": None, "after": label,
                        "change": f"this equilibrium appears when {where}: {label}"})
    if not out:  # same paths and kinds, different off-path choices
        out.append({"node": None, "player": None, "before": before["label"], "after": after["label"],
                    "change": f"the perfect Bayesian equilibria change off the path when {where}"})
    return out


def tree_sweep_report(result: TreeSweep, include_points: bool = False) -> dict:
    """``wedge.tree_sweep/1``: regimes (each with its plan and paths of play) and thresholds.

    A regime runs ``from`` ``to`` with one plan: the action chosen at every decision node,
    on the path of play or off it (what makes the plan credible). A threshold lists the
    ``flips``: the nodes whose choice changes there, as the parameter rises.
    """
    spec, axis = result.spec, result.axis
    skeleton = spec.skeleton
    name = axis.name
    regimes = []
    for r in result.regimes:
        if r.kinds is not None:  # perfect Bayesian equilibria: each one's paths and kind
            paths = [p for eq in r.paths for p in eq]
            label = pbe_label(skeleton, r)
            plan, off = {}, []
        elif r.paths is not None:  # information sets of several nodes: the equilibria's paths, no single plan
            paths = [p for eq in r.paths for p in eq]
            label = " | ".join(" or ".join(path_text(p) for p in eq) for eq in r.paths)
            plan, off = {}, []
        else:
            paths = plan_paths(skeleton, result.nodes, r.choices)
            label = " or ".join(path_text(p) for p in paths)
            plan, off = _plan_dict(skeleton, result.nodes, r.choices), _off_path(skeleton, result.nodes, r.choices)
        regimes.append({
            "from": json_number(r.start),
            "to": json_number(r.stop),
            "from_exact": fraction(r.exact_start),
            "to_exact": fraction(r.exact_stop),
            "plan": plan,
            "paths": [list(p) for p in paths],
            "equilibrium_paths": None if r.paths is None else [[list(p) for p in eq] for eq in r.paths],
            "equilibria": None if r.kinds is None else _equilibria_dicts(skeleton, r),
            "label": label,
            "off_path": off,
        })
    thresholds = []
    for k, t in enumerate(result.thresholds):
        flips = [_flip_dict(skeleton, f, name, t.value, t.exact) for f in t.flips]
        if result.concept == "pbe" and k + 1 < len(regimes):
            flips = _pbe_changes(regimes[k], regimes[k + 1], name, t)
        elif not flips and k + 1 < len(regimes):  # solved point by point: the sets of paths either side
            flips = [{"node": None, "player": None, "before": regimes[k]["label"], "after": regimes[k + 1]["label"],
                      "change": f"the subgame-perfect paths change from {regimes[k]['label']} to "
                                f"{regimes[k + 1]['label']} near {name} = {t.value:.10g}"}]
        thresholds.append({
            "parameter": name,
            "value": json_number(t.value),
            "exact": fraction(t.exact),
            "algebraic": None if t.poly is None else f"root of {format_polynomial(t.poly, name)} near {t.value:.12g}",
            "method": "exact" if t.certified else "bisection",
            "flips": flips,
        })
    return {
        "schema": schema("tree_sweep"),
        "game": {"title": spec.title, "form": "tree", "players": list(spec.players),
                 "nodes": len(skeleton.nodes)},
        "concept": result.concept,
        "dimensions": 1,
        "swept": {"name": name, "description": spec.parameters[name].description,
                  "start": json_number(axis.start), "stop": json_number(axis.stop), "steps": axis.steps,
                  "exact": {"start": str(axis.start), "stop": str(axis.stop)}},
        "fixed": {k: json_number(v) for k, v in result.fixed.items() if k != name},
        "fixed_text": {k: parameter_text(float(v)) if not isinstance(v, Fraction) else str(v)
                       for k, v in result.fixed.items() if k != name},
        "exact": bool(result.exact),
        "points_listed": bool(include_points),
        "points": list(tree_point_dicts(result)) if include_points else [],
        "regimes": regimes,
        "thresholds": thresholds,
        "warnings": [dict(w) for w in result.warnings],
    }


def _axis_dict(spec, axis) -> dict:
    return {"name": axis.name, "description": spec.parameters[axis.name].description,
            "start": json_number(axis.start), "stop": json_number(axis.stop), "steps": axis.steps,
            "exact": {"start": str(axis.start), "stop": str(axis.stop)},
            "values": [json_number(v) for v in axis.values()]}


def tree_map_report(result: TreeMap) -> dict:
    """``wedge.tree_sweep/1`` with ``dimensions`` 2: the plan's regime at every grid point (``map[i][j]``:
    first parameter's value i, second's j) and the exact thresholds along every grid line."""
    spec = result.spec
    skeleton = spec.skeleton
    names = [a.name for a in result.axes]
    regimes = []
    for k, choices in enumerate(result.plans if result.sets is None else [()] * len(result.sets)):
        where = result.regime_of == k
        rows, cols = np.nonzero(where)
        x, y = (a.values() for a in result.axes)
        if result.sets is not None and result.sets[k].kinds is None:  # subgame perfect, line by line
            equilibria = None
            paths = [p for eq in result.sets[k].paths for p in eq]
            label = " | ".join(" or ".join(path_text(p) for p in eq) for eq in result.sets[k].paths)
            plan, off = {}, []
        elif result.sets is not None:
            equilibria = result.sets[k]
            paths = [p for eq in equilibria.paths for p in eq]
            plan, label, off = {}, pbe_label(skeleton, equilibria), []
        else:
            equilibria = None
            paths = plan_paths(skeleton, result.nodes, choices)
            plan, label = _plan_dict(skeleton, result.nodes, choices), " or ".join(path_text(p) for p in paths)
            off = _off_path(skeleton, result.nodes, choices)
        regimes.append({
            "plan": plan,
            "paths": [list(p) for p in paths],
            "equilibria": None if equilibria is None else _equilibria_dicts(skeleton, equilibria),
            "label": label,
            "off_path": off,
            "points": int(where.sum()),
            "bounds": {names[0]: [json_number(x[rows.min()]), json_number(x[rows.max()])],
                       names[1]: [json_number(y[cols.min()]), json_number(y[cols.max()])]},
        })
    thresholds = []
    for c in result.crossings:
        t = c.threshold
        thresholds.append({
            "parameter": c.parameter,
            "value": json_number(t.value),
            "exact": fraction(t.exact),
            "where": {k: json_number(v) for k, v in c.where.items()},
            "where_exact": {k: str(v) for k, v in c.where.items()},
            "algebraic": None if t.poly is None else f"root of {format_polynomial(t.poly, c.parameter)} near {t.value:.12g}",
            "method": "exact" if t.certified else "bisection",
            "flips": [_flip_dict(skeleton, f, c.parameter, t.value, t.exact) for f in t.flips],
        })
    return {
        "schema": schema("tree_sweep"),
        "game": {"title": spec.title, "form": "tree", "players": list(spec.players), "nodes": len(skeleton.nodes)},
        "concept": result.concept,
        "dimensions": 2,
        "swept": [_axis_dict(spec, a) for a in result.axes],
        "fixed": {k: json_number(v) for k, v in result.fixed.items() if k not in names},
        "fixed_text": {k: str(v) if isinstance(v, Fraction) else parameter_text(float(v))
                       for k, v in result.fixed.items() if k not in names},
        "regimes": regimes,
        "map": [[int(k) for k in row] for row in result.regime_of],
        "thresholds": thresholds,
        "warnings": [dict(w) for w in result.warnings],
    }
