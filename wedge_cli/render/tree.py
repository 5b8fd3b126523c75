"""The views of game trees (docs/cli.md): ``wedge solve TREE``'s equilibria, ``wedge show TREE``'s
drawing of the tree in the terminal, their Markdown, and ``wedge show TREE --plot`` (matplotlib).

Takes the ``wedge.solve/1`` and ``wedge.show/1`` dicts of :mod:`wedge_cli.report.tree`, so a
person reads what ``--json`` gives a machine. Every name comes from a user's file and is
put in :class:`~rich.text.Text` objects, never read as markup. In the drawings ``●`` marks
an action on the path of play of the first equilibrium (the first subgame-perfect one by
default) and ``○`` the action it takes where play does not go.
"""

from __future__ import annotations

from pathlib import Path

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from rich.tree import Tree as RichTree

from wedge_cli.budget import MAX_TABLE_ROWS
from wedge_cli.errors import GameTooLargeError, WedgeError
from wedge_cli.files import AtomicFile
from wedge_cli.render.plot import VERBATIM, FORMATS, require_matplotlib
from wedge_cli.text.labels import mix_text, more_rows_line, parameters_line
from wedge_cli.text.numbers import exact_or_rounded, rounded_text

__all__ = ["MAX_PLOT_NODES", "plot_tree", "tree_markdown", "tree_solve_markdown", "tree_solve_view", "tree_view"]

ON_PATH = "●"
OFF_PATH = "○"
PATH_STYLE = "bold green"

#: Most information sets (or ends of a path) named per player in one line of the solve view, unless ``--all``.
MAX_LISTED = 12

#: Most nodes ``--plot`` draws: beyond it the labels cannot be read in any picture.
MAX_PLOT_NODES = 400


# ------------------------------------------------------------------ words shared by the views


def _players(report: dict) -> list[str]:
    return list(report["game"]["players"])


def infoset_labels(report: dict) -> dict[str, dict[str, str]]:
    """``{player: {infoset_key: label}}``: a one-node information set is called by its node, others by their key."""
    return {player: {s["key"]: s["nodes"][0] if len(s["nodes"]) == 1 else s["key"] for s in sets}
            for player, sets in report["game"]["infosets"].items()}


def payoff_text(values: dict, exact: dict | None, players: list[str]) -> str:
    """``6, 9/5, 2``: payoffs in player order, exact when the report has them."""
    return ", ".join(exact_or_rounded(values[p], exact[p] if exact else None) for p in players)


def path_text(eq: dict, limit: int | None = MAX_LISTED) -> str:
    """``Sign → Deliver → Acquiesce``; with several terminals reached, each with its probability
    (the first ``limit`` of them, and how many there are)."""
    steps = eq["path"]
    if len(steps) == 1:
        return " → ".join(steps[0]["actions"]) or "(the root is terminal)"
    shown = steps if limit is None else steps[:limit]
    text = "; ".join(" → ".join(s["actions"]) + f" ({exact_or_rounded(s['probability'], s['exact'])})" for s in shown)
    return text + (f"; ... {len(steps) - len(shown):,} more ends" if len(shown) < len(steps) else "")


def strategy_text(eq: dict, player: str, labels: dict[str, str], limit: int | None = MAX_LISTED) -> str:
    """One player's behaviour strategy: ``Sign``, or ``Acquiesce at congress_after_delivery, (Acquiesce 1/2,
    Block 1/2) at ...`` when it moves at several information sets (the first ``limit`` of them).

    ``labels`` is the player's part of :func:`infoset_labels`."""
    behavior = eq["behavior"][player]
    parts = []
    for key, probs in behavior.items():
        if limit is not None and len(parts) == limit:
            parts.append(f"... {len(behavior) - limit:,} more information sets (--all or --json)")
            break
        exact = eq["exact"][player][key] if eq["exact"] else None
        what = mix_text(probs, exact)
        if len(labels) > 1:
            what = (what if "," not in what else f"({what})") + f" at {labels[key]}"
        parts.append(what)
    return ", ".join(parts) or "(never moves)"


def is_pure(eq: dict) -> bool:
    return all(x in (0, 1) for sets in eq["behavior"].values() for probs in sets.values() for x in probs.values())


def kind_text(eq: dict, concept: str = "spe") -> str:
    """``pure, subgame perfect``; for perfect Bayesian equilibria ``pure, pooling, fails the intuitive criterion``."""
    kind = "pure" if is_pure(eq) else "mixed"
    if concept != "pbe":
        return kind + (", subgame perfect" if eq["subgame_perfect"] else ", not subgame perfect")
    parts = [kind] + ([eq["kind"]] if eq.get("kind") else [])
    if eq.get("intuitive") is not None:
        parts.append("intuitive" if eq["intuitive"] else "fails the intuitive criterion")
    return ", ".join(parts)


def threat_text(t: dict, labels: dict[str, dict[str, str]]) -> str:
    """``Congress would Block at congress_after_delivery, but Acquiesce pays 3/2 more``."""
    where = labels.get(t["player"], {}).get(t["infoset"], t["infoset"])
    gain = exact_or_rounded(t["gain"], t.get("exact_gain"))
    return f"{t['player']} would {t['planned']} at {where}, but {t['better']} pays {gain} more there"


def tie_text(t: dict) -> str:
    actions = " and ".join(t["actions"]) if len(t["actions"]) == 2 else ", ".join(t["actions"])
    return f"{t['player']} is indifferent between {actions} at {t['node']}"


def solve_caption(report: dict) -> str:
    """``the only subgame-perfect equilibrium``, ``all 4 Nash equilibria (3 not subgame perfect)``, ..."""
    n = len(report["equilibria"])
    kind = {"spe": "subgame-perfect equilibri", "pbe": "perfect Bayesian equilibri"}.get(report["concept"],
                                                                                       "Nash equilibri")
    kind += "um" if n == 1 else "a"
    if report["concept"] == "pbe" and report["degenerate"] and any(w["code"] == "mixed_searched"
                                                                   for w in report["warnings"]):
        kind = "extreme " + kind  # continua of mixed equilibria: their extreme points are listed
    text = (f"the only {kind}" if n == 1 else f"all {n} {kind}") if report["complete"] else f"{n} {kind} found"
    if report["concept"] == "nash" and n:
        not_spe = sum(1 for eq in report["equilibria"] if not eq["subgame_perfect"])
        text += f", {not_spe} not subgame perfect" if not_spe else ", all subgame perfect"
    return text if report["complete"] else text + " (not guaranteed complete)"


def solve_lines(report: dict, shown: list[dict], limit: int | None = MAX_LISTED) -> list[tuple[str, str]]:
    """The lines under the equilibria table: each equilibrium's strategies and threats, ties, subgames.

    ``limit``: most information sets named per player, threats per equilibrium and ties (None: all)."""
    players = _players(report)
    labels = infoset_labels(report)
    lines: list[tuple[str, str]] = []
    for i, eq in enumerate(shown, start=1):
        lines.append(("", f"{i}. " + "; ".join(f"{p}: {strategy_text(eq, p, labels[p], limit)}" for p in players)))
        threats = eq["not_credible"] if limit is None else eq["not_credible"][:limit]
        lines.extend(("yellow", f"   not credible: {threat_text(t, labels)}") for t in threats)
        supports = eq["off_path_beliefs"] if limit is None else eq["off_path_beliefs"][:limit]
        lines.extend(("", f"   off the path: {b['text']}") for b in supports)
    ties = report["ties"] if limit is None else report["ties"][:limit]
    for t in ties:
        lines.append(("dim", f"tie: {tie_text(t)}: each choice there gives an equilibrium, and mixing between "
                             "them gives more"))
    if len(ties) < len(report["ties"]):
        lines.append(("dim", more_rows_line(len(ties), len(report["ties"]), "ties")))
    roots = report["subgames"]
    imperfect = any(len(s["nodes"]) > 1 for sets in report["game"]["infosets"].values() for s in sets)
    if imperfect and len(roots) > 1:  # with perfect information every decision node starts one: not news
        named = roots if limit is None else roots[:limit]
        lines.append(("dim", f"{len(roots):,} subgames, at " + ", ".join(named) + (", ..." if len(named) < len(roots)
                                                                                   else "")))
    if report["parameters"]:
        lines.append(("dim", parameters_line(report["parameters"])))
    return lines


# ------------------------------------------------------------------ wedge solve TREE


def tree_solve_view(report: dict, max_rows: int | None = MAX_TABLE_ROWS) -> RenderableType:
    """The equilibria of a tree: a table (path, payoffs, kind), then each one's strategies and threats."""
    players = _players(report)
    limit = None if max_rows is None else MAX_LISTED
    title = report["game"]["title"] or "game tree"
    n = len(report["equilibria"])
    table = Table(title=f"{title}: {solve_caption(report)}",
                  caption=f"payoffs under each player's name; method {report['method']}", title_justify="left")
    table.add_column("#", justify="right")
    table.add_column("path of play")
    for name in players:
        table.add_column(name, justify="right")
    table.add_column("type")
    shown = report["equilibria"] if max_rows is None else report["equilibria"][:max_rows]
    for i, eq in enumerate(shown, start=1):
        pays = [exact_or_rounded(eq["payoffs"][p], eq["exact_payoffs"][p] if eq["exact_payoffs"] else None)
                for p in players]
        table.add_row(str(i), path_text(eq, limit), *pays, kind_text(eq, report["concept"]))
    if n == 0:
        table.add_row("-", "no equilibrium found", *[""] * (len(players) + 1))
    parts: list[RenderableType] = [table]
    if len(shown) < n:
        parts.append(Text(more_rows_line(len(shown), n, "equilibria"), style="dim"))
    parts.extend(Text(line, style=style) for style, line in solve_lines(report, shown, limit))
    return Group(*parts)


def tree_solve_markdown(report: dict, max_rows: int | None = MAX_TABLE_ROWS) -> str:
    """The equilibria of a tree as a Markdown table and a list (the report is made Markdown-safe by the caller)."""
    players = _players(report)
    limit = None if max_rows is None else MAX_LISTED
    lines = ["| # | path of play | " + " | ".join(f"{p} payoff" for p in players) + " | type |",
             "|---|---|" + "---|" * (len(players) + 1)]
    shown = report["equilibria"] if max_rows is None else report["equilibria"][:max_rows]
    for i, eq in enumerate(shown, start=1):
        pays = [exact_or_rounded(eq["payoffs"][p], eq["exact_payoffs"][p] if eq["exact_payoffs"] else None)
                for p in players]
        lines.append(f"| {i} | {path_text(eq, limit)} | " + " | ".join(pays) + f" | {kind_text(eq, report['concept'])} |")
    if len(shown) < len(report["equilibria"]):
        lines.extend(["", more_rows_line(len(shown), len(report["equilibria"]), "equilibria")])
    extra = solve_lines(report, shown, limit)
    if extra:
        lines.append("")
        lines.extend(f"- {line.strip()}" for _, line in extra)
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------ wedge show TREE


def _chosen(report: dict) -> dict[tuple[str, str], dict[str, float]]:
    """``{(player, infoset_key): {action: probability}}`` of the marked equilibrium (empty without one)."""
    eq = report["equilibrium"]
    if eq is None:
        return {}
    return {(p, key): probs for p, sets in eq["behavior"].items() for key, probs in sets.items()}


def _multi(report: dict) -> set[tuple[str | None, str]]:
    """The (player, infoset key) of information sets with several nodes (``None`` for chance)."""
    multi = {(player, s["key"]) for player, sets in report["game"]["infosets"].items() for s in sets
             if len(s["nodes"]) > 1}
    return multi | {(None, s["key"]) for s in report["game"]["chance"] if len(s["nodes"]) > 1}


def _node_head(node: dict, multi: set[tuple[str | None, str]]) -> list[tuple[str, str]]:
    """Who moves at a node, its name and its information set when that has several nodes."""
    who = node["player"] if node["player"] is not None else "chance"
    head = [(who, "bold"), (f" ({node['name'] or node['key']}", "")]
    if (node["player"], node["infoset"]) in multi:
        head.append((f", information set {node['infoset']}", "magenta"))
    head.append((")", ""))
    return head


def _edge(node: dict, a: int, child: dict, chosen: dict, players: list[str], multi: set) -> Text:
    """One action and the node it leads to: ``● Sign → Russia (russia_moves)``, ``○ Block → ...: -12/5, -3, 1/2``."""
    action = node["actions"][a]
    probs = chosen.get((node["player"], node["infoset"])) if node["player"] is not None else None
    played = probs.get(action["action"], 0) if probs else 0
    marker = ON_PATH if action["on_path"] else (OFF_PATH if played > 0 else " ")
    style = PATH_STYLE if action["on_path"] else ""
    parts: list[tuple[str, str]] = [(f"{marker} ", style), (action["action"], style)]
    if action["probability"] is not None:  # chance
        parts.append((f" ({exact_or_rounded(action['probability'], action['exact'])})", "cyan"))
    elif 0 < played < 1:
        parts.append((f" (plays {rounded_text(played)})", "cyan"))
    parts.append((" → ", "dim"))
    if child["kind"] == "terminal":
        parts.append((f"{child['outcome'] or child['name'] or child['key']}: ", ""))
        parts.append((payoff_text(child["payoffs"], child["exact_payoffs"], players), style or "bold"))
    else:
        parts.extend(_node_head(child, multi))
    return Text.assemble(*parts)


def tree_rows(report: dict, max_rows: int | None = MAX_TABLE_ROWS) -> list[tuple[int, Text]]:
    """The drawn tree as ``(depth, line)`` in preorder: the root (depth 0), then each action
    followed by the subtree it leads to. At most ``max_rows`` lines (the first branches in full)."""
    players = _players(report)
    nodes = report["nodes"]
    multi = _multi(report)
    root = nodes[0]
    if root["kind"] == "terminal":
        return [(0, Text(payoff_text(root["payoffs"], root["exact_payoffs"], players), style="bold"))]
    index = {node["key"]: i for i, node in enumerate(nodes)}
    chosen = _chosen(report)
    limit = len(nodes) if max_rows is None else max(1, max_rows)
    rows = [(0, Text.assemble(*_node_head(root, multi)))]
    stack = [(0, 0, 1)]  # (node, its next action, depth of its actions): no recursion on deep trees
    # preorder: line k is node k, so a report listing its first nodes only has every one drawn here
    while stack and len(rows) < min(limit, len(nodes)):
        i, a, depth = stack.pop()
        node = nodes[i]
        if a >= len(node["actions"]):
            continue
        stack.append((i, a + 1, depth))
        c = index[node["actions"][a]["child"]]
        rows.append((depth, _edge(node, a, nodes[c], chosen, players, multi)))
        if nodes[c]["kind"] != "terminal":
            stack.append((c, 0, depth + 1))
    return rows


def legend_lines(report: dict, shown: int) -> list[str]:
    """The lines under a drawn tree: payoff order, what the marks mean, information sets, parameters."""
    players = _players(report)
    lines = [f"payoffs: {', '.join(players)}"]
    eq = report["equilibrium"]
    if eq is not None:
        which = "subgame-perfect equilibrium" if report["concept"] == "spe" else "Nash equilibrium"
        lines.append(f"{ON_PATH} the path of play of the first {which} (payoffs {payoff_text(eq['payoffs'], eq['exact_payoffs'], players)}); "
                     f"{OFF_PATH} its choice where play does not go; wedge solve lists every one")
    for player, sets in report["game"]["infosets"].items():
        for s in sets:
            if len(s["nodes"]) > 1:
                lines.append(f"information set {s['key']}: {player} cannot tell apart " + ", ".join(s["nodes"]))
    for s in report["game"]["chance"]:
        if len(s["nodes"]) > 1:
            lines.append(f"chance information set {s['key']}: " + ", ".join(s["nodes"]))
    total = report["game"]["nodes"]
    if shown < total:
        lines.append(more_rows_line(shown, total, "nodes"))
    if report["parameters"]:
        lines.append(parameters_line({p["name"]: p["value"] for p in report["parameters"]}))
    return lines


def tree_view(report: dict, max_rows: int | None = MAX_TABLE_ROWS) -> RenderableType:
    """The tree drawn with indentation: who moves, each action and where it leads, chance
    probabilities, information sets, payoffs at the ends, the equilibrium path marked."""
    rows = tree_rows(report, max_rows)
    top = RichTree(rows[0][1], guide_style="dim")
    branches = [top]
    for depth, line in rows[1:]:
        del branches[depth:]
        branches.append(branches[depth - 1].add(line))
    heading = Text(report["game"]["title"] or "game tree", style="bold")
    return Group(heading, top, *(Text(line, style="dim") for line in legend_lines(report, len(rows))))


def tree_markdown(report: dict, max_rows: int | None = MAX_TABLE_ROWS) -> str:
    """The tree as a nested Markdown list (the report is made Markdown-safe by the caller)."""
    rows = tree_rows(report, max_rows)
    lines = [f"**{report['game']['title'] or 'game tree'}**", ""]
    lines.extend("  " * depth + "- " + line.plain.strip() for depth, line in rows)
    lines.append("")
    lines.extend(f"- {line}" for line in legend_lines(report, len(rows)))
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------ wedge show TREE --plot


def tree_layout(report: dict) -> tuple[list[float], list[int]]:
    """``(x, depth)`` of each node: leaves one unit apart in preorder, a parent above the middle of its children."""
    nodes = report["nodes"]
    index = {node["key"]: i for i, node in enumerate(nodes)}
    children = [[index[a["child"]] for a in node["actions"]] for node in nodes]
    depth = [0] * len(nodes)
    for i in range(len(nodes)):  # preorder: parents before children
        for c in children[i]:
            depth[c] = depth[i] + 1
    x = [0.0] * len(nodes)
    leaf = 0
    for i, kids in enumerate(children):
        if not kids:
            x[i] = float(leaf)
            leaf += 1
    for i in range(len(nodes) - 1, -1, -1):  # children after parents: a reverse pass places parents
        if children[i]:
            x[i] = (x[children[i][0]] + x[children[i][-1]]) / 2
    return x, depth


def plot_tree(report: dict, path: str | Path) -> Path:
    """Draw the tree of a ``wedge.show/1`` tree report to ``path`` (``.png`` or ``.svg``, by the suffix).

    Decision nodes are circles labelled with the mover, chance nodes squares; each edge
    carries its action (and chance probability); the ends carry the payoffs, in player
    order; the path of play of the report's equilibrium is drawn thick; nodes of one
    information set are joined by a dashed line.

    Raises
    ------
    WedgeError
        Unsupported suffix, matplotlib missing, or the file cannot be written.
    GameTooLargeError
        More than :data:`MAX_PLOT_NODES` nodes.
    """
    path = Path(path)
    if path.suffix.lower() not in FORMATS:
        raise WedgeError(f"cannot plot to {str(path)!r}: the file name must end in .png or .svg",
                         hint="for example --plot tree.png or --plot tree.svg")
    nodes = report["nodes"]
    total = report["game"]["nodes"]
    if total > MAX_PLOT_NODES:
        raise GameTooLargeError(f"--plot draws trees of up to {MAX_PLOT_NODES} nodes; this one has {total:,}",
                                hint="wedge show draws it in the terminal (--all for every node)")
    require_matplotlib()
    import matplotlib  # lazy: matplotlib is an optional extra, imported only for --plot
    from matplotlib.figure import Figure  # lazy: matplotlib is an optional extra

    players = _players(report)
    x, depth = tree_layout(report)
    index = {node["key"]: i for i, node in enumerate(nodes)}
    leaves = sum(1 for node in nodes if node["kind"] == "terminal")
    levels = max(depth) + 1
    fig = Figure(figsize=(min(40.0, max(6.0, 1.3 * leaves)), min(30.0, max(3.0, 1.6 * levels))))
    ax = fig.add_subplot()
    ax.set_axis_off()
    for i, node in enumerate(nodes):
        for action in node["actions"]:
            c = index[action["child"]]
            on = action["on_path"]
            ax.plot([x[i], x[c]], [-depth[i], -depth[c]], color="#e15759" if on else "#555555",
                    linewidth=2.6 if on else 1.0, zorder=1)
            label = action["action"]
            if action["probability"] is not None:
                label += f" ({exact_or_rounded(action['probability'], action['exact'])})"
            dx = x[c] - x[i]  # the label beside its edge, on the outer side, so siblings' labels do not meet
            ax.text((x[i] + x[c]) / 2 + (0.06 if dx > 0 else -0.06 if dx < 0 else 0), -(depth[i] + depth[c]) / 2,
                    label, ha="left" if dx > 0 else "right" if dx < 0 else "center", va="center", fontsize=8,
                    zorder=3, **VERBATIM)
        if node["kind"] == "terminal":
            ax.plot([x[i]], [-depth[i]], marker="o", markersize=3, color="black", zorder=2)
            ax.text(x[i], -depth[i] - 0.12, payoff_text(node["payoffs"], node["exact_payoffs"], players).replace(", ", "\n"),
                    ha="center", va="top", fontsize=8, **VERBATIM)
        else:
            chance = node["kind"] == "chance"
            ax.plot([x[i]], [-depth[i]], marker="s" if chance else "o", markersize=9,
                    color="#bab0ac" if chance else "#4e79a7", zorder=2)
            ax.text(x[i], -depth[i] + 0.14, "chance" if chance else node["player"], ha="center", va="bottom",
                    fontsize=9, fontweight="bold", **VERBATIM)
    for group in [s for sets in report["game"]["infosets"].values() for s in sets] + report["game"]["chance"]:
        if len(group["nodes"]) > 1:
            members = sorted((index[k] for k in group["nodes"]), key=lambda i: x[i])
            ax.plot([x[i] for i in members], [-depth[i] for i in members], linestyle="--", color="#b07aa1",
                    linewidth=1.2, zorder=0)
    ax.set_xlim(min(x) - 0.7, max(x) + 0.7)
    ax.set_ylim(-(levels - 1) - 0.2 - 0.16 * len(players), 0.45)
    title = report["game"]["title"] or "game tree"
    ax.set_title(title, fontsize=11, **VERBATIM)
    legend = f"payoffs: {', '.join(players)} (top to bottom)"
    if report["equilibrium"] is not None:
        legend += "; thick: the path of play of the first " + (
            "subgame-perfect equilibrium" if report["concept"] == "spe" else "Nash equilibrium")
    fig.text(0.5, 0.01, legend, ha="center", va="bottom", fontsize=8, **VERBATIM)
    kind = path.suffix.lower()[1:]
    metadata = {"Date": None} if kind == "svg" else {"Software": None}  # the same tree gives the same bytes
    with AtomicFile(path, binary=True) as handle, matplotlib.rc_context({"svg.hashsalt": "wedge"}):
        fig.savefig(handle, format=kind, dpi=120, bbox_inches="tight", metadata=metadata)
    return path
