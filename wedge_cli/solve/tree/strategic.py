"""The reduced strategic form of a tree, and back: mixed strategies over plans to behaviour (Kuhn).

A *plan* of a player chooses an action at each of its information sets that its own
earlier choices do not rule out (an infoset after the player's own "Shelve" is not
planned by a plan that shelves). The reduced strategic form has one strategy per plan;
two plans that differ only where the player's own moves exclude play would be
duplicates in the full strategic form and are merged here. Strategies are labelled by
their actions joined with ``/``, in the order of the player's information sets in the
tree ("Sign/Deliver"); when two labels would read alike, unplanned information sets are
written ``*`` so that every position names one information set (Gambit's style).

Needs perfect recall: a player's information set then follows one sequence of its own
(infoset, action) choices, which is what makes plans and Kuhn's theorem work.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from wedge_cli.errors import GameTooLargeError, WedgeError
from wedge_cli.model import MAX_PROFILES, Game, GameSpec, Player
from wedge_cli.tree import DECISION, Tree, recall_problem

__all__ = ["MAX_PLANS", "MAX_REDUCED_CELLS", "NO_MOVE", "ReducedForm", "behavior_from_mixed", "check_recall",
           "plan_count", "reduced_form"]

MAX_PLANS = 10_000
"""Most reduced strategies one player may have."""

MAX_REDUCED_CELLS = 20_000_000
"""Most (strategy profile x terminal) pairs the reduced form may take to compute."""

NO_MOVE = "(no move)"
"""The one strategy of a player who never moves."""


@dataclass(frozen=True, eq=False)
class ReducedForm:
    """A tree's reduced strategic form.

    ``game`` is a :class:`~wedge_cli.model.Game` (exact when the tree is rational),
    usable by the normal-form solvers and writers. ``plans[p][s]`` maps each information
    set player ``p``'s strategy ``s`` plans to the action index it takes there.
    """

    game: Game
    plans: tuple[tuple[Mapping[int, int], ...], ...]

    @property
    def labels(self) -> tuple[tuple[str, ...], ...]:
        """Each player's strategy labels (``"Sign/Deliver"``), as in ``game``."""
        return tuple(player.strategies for player in self.game.players)

    def spec(self) -> GameSpec:
        """The form as a :class:`~wedge_cli.model.GameSpec` (no parameters), for writers such as ``.nfg``."""
        return GameSpec.from_game(self.game)


def check_recall(tree: Tree) -> None:
    """Raise :class:`WedgeError` naming the reason when the tree does not have perfect recall."""
    problem = recall_problem(tree.skeleton)
    if problem is not None:
        raise WedgeError(f"this tree does not have perfect recall: {problem}",
                         hint="solvers of trees need perfect recall; give the player separate information sets "
                              "for what it can tell apart")


def own_sequences(tree: Tree) -> list[tuple[int, int] | None]:
    """For each infoset, the last (infoset, action) of its own player before it, or None (perfect recall assumed)."""
    nodes, infosets = tree.nodes, tree.infosets
    n = tree.n_players
    last: list[tuple | None] = [None] * len(nodes)
    last[0] = (None,) * n
    parent: list[tuple[int, int] | None] = [None] * len(infosets)
    for i, node in enumerate(nodes):
        here = last[i]
        if node.kind != DECISION:
            for c in node.children:
                last[c] = here
            continue
        k = node.infoset
        p = infosets[k].player
        parent[k] = here[p]
        for j, c in enumerate(node.children):
            last[c] = here[:p] + ((k, j),) + here[p + 1:]
    return parent


def _player_infosets(tree: Tree) -> list[list[int]]:
    """Each player's decision infosets, ordered by their first node in preorder."""
    out: list[list[int]] = [[] for _ in tree.players]
    for k in sorted(range(len(tree.infosets)), key=lambda k: min(tree.infosets[k].nodes)):
        info = tree.infosets[k]
        if info.player is not None:
            out[info.player].append(k)
    return out


def _forest(tree: Tree) -> tuple[list[list[int]], dict[tuple[int, int], list[int]], list[list[int]]]:
    """Per player its root infosets, the infosets following each own (infoset, action), and all its infosets."""
    parent = own_sequences(tree)
    mine = _player_infosets(tree)
    roots: list[list[int]] = [[] for _ in tree.players]
    after: dict[tuple[int, int], list[int]] = {}
    for p, ks in enumerate(mine):
        for k in ks:
            if parent[k] is None:
                roots[p].append(k)
            else:
                after.setdefault(parent[k], []).append(k)
    return roots, after, mine


def plan_count(tree: Tree) -> tuple[int, ...]:
    """How many reduced strategies each player has (exact integers, computed without listing them)."""
    roots, after, mine = _forest(tree)
    counts: dict[int, int] = {}
    for ks in mine:
        for k in reversed(ks):
            counts[k] = sum(math.prod(counts[h] for h in after.get((k, a), ()))
                            for a in range(len(tree.infosets[k].actions)))
    return tuple(math.prod(counts[k] for k in roots[p]) for p in range(tree.n_players))


def _plans(tree: Tree) -> list[list[dict[int, int]]]:
    roots, after, mine = _forest(tree)
    below: dict[int, list[tuple[tuple[int, int], ...]]] = {}
    for ks in mine:
        for k in reversed(ks):
            found = []
            for a in range(len(tree.infosets[k].actions)):
                for combo in itertools.product(*(below[h] for h in after.get((k, a), ()))):
                    found.append(((k, a),) + tuple(pair for part in combo for pair in part))
            below[k] = found
    out = []
    for p in range(tree.n_players):
        plans = [dict(pair for part in combo for pair in part)
                 for combo in itertools.product(*(below[k] for k in roots[p]))]
        out.append(plans)
    return out


def _labels(tree: Tree, p: int, plans: list[dict[int, int]], mine: list[int]) -> tuple[str, ...]:
    if not mine:
        return (NO_MOVE,)
    infosets = tree.infosets
    short = tuple("/".join(infosets[k].actions[plan[k]] for k in mine if k in plan) for plan in plans)
    if len(set(short)) == len(short):
        return short
    return tuple("/".join(infosets[k].actions[plan[k]] if k in plan else "*" for k in mine) for plan in plans)


def reduced_form(tree: Tree, max_profiles: int = MAX_PROFILES) -> ReducedForm:
    """The reduced strategic form of a tree with perfect recall.

    Payoffs are expected payoffs (chance averaged out), exact when the tree is rational.

    Raises
    ------
    WedgeError
        The tree does not have perfect recall (the message says where).
    GameTooLargeError
        A player would have more than :data:`MAX_PLANS` strategies, the form more than
        ``max_profiles`` profiles, or computing it more than :data:`MAX_REDUCED_CELLS`
        steps; the message gives the size and the limit.
    """
    check_recall(tree)
    counts = plan_count(tree)
    profiles = math.prod(counts)
    shown = " x ".join(f"{c:,}" for c in counts)
    terminals = tree.skeleton.terminals
    if max(counts) > MAX_PLANS or profiles > max_profiles or profiles * len(terminals) > MAX_REDUCED_CELLS:
        raise GameTooLargeError(
            f"the reduced strategic form of this tree would have {shown} strategies ({profiles:,} profiles, "
            f"{len(terminals):,} terminals); the limits are {MAX_PLANS:,} strategies per player, {max_profiles:,} "
            f"profiles and {MAX_REDUCED_CELLS:,} profile-terminal pairs",
            hint="solve the tree for subgame-perfect equilibria (the default concept), which needs no strategic form")
    roots, after, mine = _forest(tree)
    plans = _plans(tree)
    n = tree.n_players
    shape = tuple(len(ps) for ps in plans)
    exact = tree.is_exact
    floats = np.zeros((n, *shape))
    exacts = np.full((n, *shape), Fraction(0), dtype=object) if exact else None
    pay, pay_exact = tree.terminal_payoffs()
    nodes, infosets = tree.nodes, tree.infosets
    for row, t in enumerate(terminals):
        chance_f, chance_q = 1.0, Fraction(1)
        needed: list[list[tuple[int, int]]] = [[] for _ in range(n)]
        for i, a in tree.skeleton.path(t):
            k = nodes[i].infoset
            player = infosets[k].player
            if player is None:
                chance_f *= tree.probabilities[k][a]
                if exact:
                    chance_q *= tree.exact_probabilities[k][a]
            else:
                needed[player].append((k, a))
        if (chance_q == 0) if exact else (chance_f == 0):
            continue
        index = np.ix_(*[[s for s, plan in enumerate(plans[p]) if all(plan.get(k) == a for k, a in needed[p])]
                         for p in range(n)])
        for p in range(n):
            floats[(p, *index)] += chance_f * pay[row, p]
            if exacts is not None:
                exacts[(p, *index)] += chance_q * pay_exact[row, p]
    if exacts is not None:
        floats = exacts.astype(float)
    players = tuple(Player(name, _labels(tree, p, plans[p], mine[p])) for p, name in enumerate(tree.players))
    game = Game(players, floats + 0.0, exacts, tree.title)
    return ReducedForm(game, tuple(tuple(ps) for ps in plans))


def behavior_from_mixed(tree: Tree, form: ReducedForm, strategies: Sequence[Sequence[float]],
                        exact: Sequence[Sequence[Fraction]] | None = None
                        ) -> tuple[list, list | None, list[int]]:
    """Behaviour strategies equivalent to a mixed profile over plans (Kuhn's theorem).

    At a player's information set ``k`` reached by its own sequence ``seq``, the
    probability of action ``a`` is the weight of the plans that follow ``seq`` and take
    ``a`` at ``k``, over the weight of those that follow ``seq``. When no plan in the
    support follows ``seq`` (the player's own moves rule ``k`` out), the strategy says
    nothing there: such infosets are returned in the third list, with their behaviour
    None, for the caller to complete (:func:`wedge_cli.solve.tree.credibility.complete`
    fills in a best reply). Chance infosets carry the chance probabilities.

    Returns the float behaviour, the exact behaviour (when ``exact`` is given and the
    tree is rational, else None) and the unplanned infosets.
    """
    parent = own_sequences(tree)
    infosets = tree.infosets
    use_exact = exact is not None
    floats: list = [None] * len(infosets)
    exacts: list | None = [None] * len(infosets) if use_exact else None
    sequence: dict[int, tuple[tuple[int, int], ...]] = {}
    open_: list[int] = []
    for k in sorted(range(len(infosets)), key=lambda k: min(infosets[k].nodes)):
        info = infosets[k]
        if info.player is None:
            floats[k] = tuple(float(x) for x in tree.probabilities[k])
            if exacts is not None:
                exacts[k] = tuple(tree.exact_probabilities[k]) if tree.exact_probabilities[k] else None
            continue
        before = parent[k]
        sequence[k] = (sequence[before[0]] + (before,)) if before is not None else ()
        p = info.player
        plans = form.plans[p]
        weights = exact[p] if use_exact else strategies[p]
        follow = [s for s, plan in enumerate(plans) if weights[s] > 0 and all(plan.get(h) == a for h, a in sequence[k])]
        mass = sum((weights[s] for s in follow), Fraction(0) if use_exact else 0.0)
        if not follow or mass == 0:
            open_.append(k)
            continue
        taken = [sum((weights[s] for s in follow if plans[s].get(k) == a), Fraction(0) if use_exact else 0.0)
                 for a in range(len(info.actions))]
        if use_exact:
            exacts[k] = tuple(x / mass for x in taken)
            floats[k] = tuple(float(x) for x in exacts[k])
        else:
            floats[k] = tuple(float(x / mass) + 0.0 for x in taken)
    return floats, exacts, open_
