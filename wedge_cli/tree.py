"""Game trees: the shape of an extensive-form game, parametric and concrete.

No I/O here (readers: :mod:`wedge_cli.formats.tree_read` for TOML,
:mod:`wedge_cli.formats.efg_read` for Gambit ``.efg``). Conventions:

* Nodes are held in **preorder**: the root is node 0, a node's children follow it, and
  every child has a larger index than its parent, so a loop over
  ``reversed(range(n))`` visits children before parents (backward induction).
* A node is a decision node (``kind == DECISION``: a player moves), a chance node
  (``CHANCE``) or a terminal (``TERMINAL``). ``children[i]`` follows ``actions[i]``.
* Every decision and chance node belongs to an :class:`InfoSet`. A decision infoset has
  a ``player`` (index into ``players``); a chance infoset has ``player`` None and one
  probability per action. Nodes of one infoset share its player and action names.
* An :class:`Outcome` is a payoff vector, one entry per player, attached to a node.
  Usually only terminals have one; Gambit's format lets any node have one, and a
  terminal's payoff is then the sum of the outcomes on its path
  (:meth:`Tree.terminal_payoffs`). A terminal without an outcome pays 0 to everyone
  in ``.efg`` files; the TOML reader refuses one ("missing payoff").
* Probabilities and payoffs in a :class:`TreeSpec` are cells as in
  :class:`~wedge_cli.model.GameSpec`: a Fraction, a float or a compiled expression
  over the parameters. A :class:`Tree` holds numbers only, floats plus exact Fractions
  when every one is rational.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from wedge_cli.errors import GameTooLargeError, InvalidGameError, WedgeError
from wedge_cli.model import MAX_MAGNITUDE, MAX_PLAYERS, Parameter, check_range, exact_number

DECISION = "decision"
CHANCE = "chance"
TERMINAL = "terminal"

MAX_NODES = 1_000_000
"""Most nodes a tree may have (a larger one is refused with exit 4)."""

PROBABILITY_TOL = 1e-9
"""How far from 1 the float sum of a chance node's probabilities may be when they are not all rational."""

__all__ = [
    "CHANCE", "DECISION", "MAX_NODES", "TERMINAL", "InfoSet", "Node", "Outcome", "Skeleton", "Tree", "TreeSpec",
    "recall_problem",
]


@dataclass(frozen=True)
class Node:
    """One node. ``name`` is its id in a TOML file, its label in an ``.efg`` file ("" if none)."""

    kind: str
    parent: int | None
    children: tuple[int, ...] = ()
    actions: tuple[str, ...] = ()
    infoset: int | None = None
    outcome: int | None = None
    name: str = ""
    note: str = ""
    line: int | None = None


@dataclass(frozen=True)
class InfoSet:
    """Nodes a player cannot tell apart (or one chance move).

    ``player`` is None for chance. ``label`` is the name written in the file ("" if
    none). ``number`` is the infoset's number in an ``.efg`` file, counted per player
    (per chance for chance infosets), from 1; for a TOML file its position, counted
    the same way.
    """

    player: int | None
    actions: tuple[str, ...]
    nodes: tuple[int, ...]
    label: str = ""
    number: int = 0


@dataclass(frozen=True)
class Outcome:
    """A payoff vector: ``payoffs[p]`` for player ``p`` (cells in a spec, floats in a tree)."""

    payoffs: tuple
    name: str = ""
    note: str = ""
    line: int | None = None


@dataclass(frozen=True, eq=False)
class Skeleton:
    """Everything about a tree except its numbers: players, nodes, infosets, outcome names."""

    players: tuple[str, ...]
    nodes: tuple[Node, ...]
    infosets: tuple[InfoSet, ...]
    n_outcomes: int = 0

    def __post_init__(self) -> None:
        check_skeleton(self)

    @property
    def n_players(self) -> int:
        return len(self.players)

    @property
    def terminals(self) -> tuple[int, ...]:
        """The terminal nodes, in preorder."""
        return tuple(i for i, node in enumerate(self.nodes) if node.kind == TERMINAL)

    def path(self, node: int) -> list[tuple[int, int]]:
        """``(node, action index)`` pairs from the root down to ``node`` (exclusive)."""
        steps = []
        while self.nodes[node].parent is not None:
            parent = self.nodes[node].parent
            steps.append((parent, self.nodes[parent].children.index(node)))
            node = parent
        return steps[::-1]

    def subtree_end(self, node: int) -> int:
        """One past the last node of ``node``'s subtree (preorder makes it a range)."""
        end = node + 1
        stack = list(self.nodes[node].children)
        while stack:
            child = stack.pop()
            end = max(end, child + 1)
            stack.extend(self.nodes[child].children)
        return end

    def infoset_key(self, index: int) -> str:
        """How JSON names infoset ``index``: its label when non-empty and unique for its player, else ``#N``."""
        info = self.infosets[index]
        if info.label and sum(1 for other in self.infosets
                              if other.player == info.player and other.label == info.label) == 1:
            return info.label
        return f"#{info.number}"


def check_skeleton(skeleton: Skeleton) -> None:
    """Raise :class:`InvalidGameError` unless ``skeleton`` is a well-formed tree in preorder."""
    nodes, infosets = skeleton.nodes, skeleton.infosets
    if not 1 <= len(skeleton.players) <= MAX_PLAYERS:
        raise InvalidGameError(f"a tree needs 1 to {MAX_PLAYERS} players; this one has {len(skeleton.players)}")
    if len(nodes) > MAX_NODES:
        raise GameTooLargeError(f"the tree has {len(nodes):,} nodes, more than the limit of {MAX_NODES:,}",
                                hint="split the game into smaller trees")
    if not nodes or nodes[0].parent is not None:
        raise InvalidGameError("a tree needs a root: node 0 without a parent")
    for i, node in enumerate(nodes):
        if node.kind not in (DECISION, CHANCE, TERMINAL):
            raise InvalidGameError(f"node {i} has kind {node.kind!r}; expected decision, chance or terminal")
        if i and (node.parent is None or not 0 <= node.parent < i or i not in nodes[node.parent].children):
            raise InvalidGameError(f"node {i} is not a child of a node before it (nodes must be in preorder)")
        if len(node.children) != len(node.actions):
            raise InvalidGameError(f"node {i} has {len(node.children)} children and {len(node.actions)} actions")
        if node.kind == TERMINAL:
            if node.children or node.infoset is not None:
                raise InvalidGameError(f"terminal node {i} has children or an infoset")
        else:
            if not node.children:
                raise InvalidGameError(f"{node.kind} node {i} has no actions")
            if node.infoset is None or not 0 <= node.infoset < len(infosets):
                raise InvalidGameError(f"{node.kind} node {i} has no infoset")
            if any(c <= i or nodes[c].parent != i for c in node.children):
                raise InvalidGameError(f"the children of node {i} do not point back to it")
        if node.outcome is not None and not 0 <= node.outcome < skeleton.n_outcomes:
            raise InvalidGameError(f"node {i} has outcome {node.outcome}; there are {skeleton.n_outcomes}")
    for k, info in enumerate(infosets):
        if info.player is not None and not 0 <= info.player < len(skeleton.players):
            raise InvalidGameError(f"infoset {k} has player {info.player}")
        if not info.nodes:
            raise InvalidGameError(f"infoset {k} has no nodes")
        for i in info.nodes:
            node = nodes[i]
            if node.infoset != k:
                raise InvalidGameError(f"node {i} is listed in infoset {k} but belongs to {node.infoset}")
            if (node.kind == CHANCE) != (info.player is None):
                raise InvalidGameError(f"node {i} is a {node.kind} node in a "
                                       f"{'chance' if info.player is None else 'decision'} infoset")
            if node.actions != info.actions:
                raise InvalidGameError(f"node {i} has actions {list(node.actions)}, its infoset "
                                       f"{list(info.actions)}: nodes of one information set have the same actions")
        if len(set(info.actions)) != len(info.actions):
            raise InvalidGameError(f"infoset {k} repeats an action name: actions at a node must differ")


def recall_problem(skeleton: Skeleton) -> str | None:
    """Why the tree does not have perfect recall, in words, or None when it has.

    Perfect recall: for each player, every node of one of its infosets is reached
    through the same sequence of that player's own (infoset, action) choices; so a
    player never forgets what it knew or did.
    """
    nodes, infosets = skeleton.nodes, skeleton.infosets
    seen: dict[int, tuple] = {}
    for k, info in enumerate(infosets):
        if info.player is None:
            continue
        for i in info.nodes:
            own = tuple((nodes[p].infoset, a) for p, a in skeleton.path(i)
                        if infosets[nodes[p].infoset].player == info.player)
            if k in seen and seen[k] != own:
                who = skeleton.players[info.player]
                return (f"{who} cannot tell apart nodes of information set {skeleton.infoset_key(k)!r} that follow "
                        f"different moves of its own, so it would forget what it did or knew")
            seen.setdefault(k, own)
    return None


def _number(cell, env_f, env_q, rational: bool) -> tuple[float, Fraction | None]:
    """A cell's float value and exact value (None when not rational or not known exactly)."""
    if isinstance(cell, Fraction):
        return float(cell), cell
    if isinstance(cell, (int, float)):
        return float(cell), exact_number(cell)
    value = float(cell.evaluate(env_f))
    exact = None
    if rational and all(name in env_q for name in cell.names):
        exact = cell.evaluate_exact(env_q)
    return value, exact


@dataclass(frozen=True, eq=False)
class Tree:
    """A concrete game tree: the skeleton and its numbers.

    ``payoffs`` has shape ``(n_outcomes, n_players)``; ``exact`` the same as an object
    array of Fractions when every payoff is rational, else None. ``probabilities[k]``
    holds chance infoset ``k``'s probabilities (an empty tuple for decision infosets);
    ``exact_probabilities[k]`` the same as Fractions, or None when any is irrational.
    """

    skeleton: Skeleton
    payoffs: np.ndarray
    exact: np.ndarray | None
    probabilities: tuple[tuple[float, ...], ...]
    exact_probabilities: tuple[tuple[Fraction, ...] | None, ...]
    outcomes: tuple[Outcome, ...] = ()
    title: str = ""

    @property
    def players(self) -> tuple[str, ...]:
        return self.skeleton.players

    @property
    def nodes(self) -> tuple[Node, ...]:
        return self.skeleton.nodes

    @property
    def infosets(self) -> tuple[InfoSet, ...]:
        return self.skeleton.infosets

    @property
    def n_players(self) -> int:
        return self.skeleton.n_players

    @property
    def is_exact(self) -> bool:
        """Every payoff and every chance probability is rational."""
        return self.exact is not None and all(
            q is not None for k, q in enumerate(self.exact_probabilities) if self.infosets[k].player is None)

    def terminal_payoffs(self) -> tuple[np.ndarray, np.ndarray | None]:
        """Each terminal's payoffs, summed over the outcomes on its path: floats and exact (or None).

        Rows follow :attr:`Skeleton.terminals`; shape ``(n_terminals, n_players)``.
        """
        nodes = self.nodes
        n = self.n_players
        total = np.zeros((len(nodes), n))
        exact = np.full((len(nodes), n), Fraction(0), dtype=object) if self.exact is not None else None
        for i, node in enumerate(nodes):
            if node.parent is not None:
                total[i] = total[node.parent]
                if exact is not None:
                    exact[i] = exact[node.parent]
            if node.outcome is not None:
                total[i] = total[i] + self.payoffs[node.outcome]
                if exact is not None:
                    exact[i] = exact[i] + self.exact[node.outcome]
        rows = list(self.skeleton.terminals)
        return total[rows], (exact[rows] if exact is not None else None)


@dataclass(frozen=True, eq=False)
class TreeSpec:
    """A parametric tree as written in a file.

    ``outcomes[j].payoffs`` and ``probabilities[k]`` hold cells (Fraction, float or
    compiled expression); ``probability_lines[k]`` the file line of chance infoset
    ``k``'s probabilities, for messages.
    """

    skeleton: Skeleton
    outcomes: tuple[Outcome, ...]
    probabilities: tuple[tuple, ...]
    parameters: Mapping[str, Parameter] = field(default_factory=dict)
    title: str = ""
    description: str = ""
    source: str = ""
    unit: str = ""
    path: str | None = None
    probability_lines: tuple[int | None, ...] = ()
    player_descriptions: tuple[str, ...] = ()

    @property
    def players(self) -> tuple[str, ...]:
        return self.skeleton.players

    @property
    def n_players(self) -> int:
        return self.skeleton.n_players

    def parameter_values(self, overrides: Mapping[str, float] | None = None) -> dict[str, float]:
        """Default values with ``overrides`` applied."""
        values = {name: float(p.value) for name, p in self.parameters.items()}
        for name, v in (overrides or {}).items():
            if name not in values:
                raise WedgeError(f"unknown parameter {name!r}", path=self.path)
            values[name] = float(v)
        return values

    def _line(self, k: int) -> int | None:
        return self.probability_lines[k] if k < len(self.probability_lines) else None

    def _where(self, k: int) -> str:
        info = self.skeleton.infosets[k]
        name = self.skeleton.nodes[info.nodes[0]].name
        return f"chance node {name!r}" if name else f"chance information set {info.number}"

    def tree(self, overrides: Mapping[str, float | str | Fraction] | None = None) -> Tree:
        """Evaluate every payoff and probability at the defaults plus ``overrides``.

        Raises
        ------
        WedgeError
            A payoff that is not finite or too large; chance probabilities that are
            negative or do not sum to 1 (exactly when they are rational, else within
            :data:`PROBABILITY_TOL`), naming the file and line.
        """
        overrides = dict(overrides or {})
        env_f: dict[str, float] = {}
        env_q: dict[str, Fraction] = {}
        for name in overrides:
            if name not in self.parameters:
                raise WedgeError(f"unknown parameter {name!r}", path=self.path)
        for name, p in self.parameters.items():
            raw = overrides.get(name, p.value)
            q = exact_number(raw)
            if q is not None and name in overrides:
                check_range(q, f"value of {name!r} =")
            env_f[name] = float(q) if q is not None else float(raw)
            if q is not None:
                env_q[name] = q
        rational = True
        n = self.n_players
        floats = np.empty((len(self.outcomes), n))
        exact = np.empty((len(self.outcomes), n), dtype=object)
        with np.errstate(all="ignore"):
            for j, outcome in enumerate(self.outcomes):
                for p, cell in enumerate(outcome.payoffs):
                    value, q = _number(cell, env_f, env_q, rational)
                    if not math.isfinite(value) or abs(value) > MAX_MAGNITUDE:
                        what = "is not finite" if not math.isfinite(value) else f"is {value:.6g}, larger than 1e15"
                        name = f"outcome {outcome.name!r}" if outcome.name else f"outcome {j + 1}"
                        raise WedgeError(f"payoff of {self.players[p]} at {name} = {getattr(cell, 'source', cell)} "
                                         f"{what} at these parameter values", path=self.path, line=outcome.line,
                                         hint="change the parameter value (--set) or the expression")
                    floats[j, p] = value
                    exact[j, p] = q
                    rational = rational and q is not None
            probabilities, exact_probabilities = [], []
            for k, cells in enumerate(self.probabilities):
                if self.skeleton.infosets[k].player is not None:
                    probabilities.append(())
                    exact_probabilities.append(())
                    continue
                values = [_number(cell, env_f, env_q, True) for cell in cells]
                probabilities.append(tuple(v for v, _ in values))
                qs = tuple(q for _, q in values)
                exact_probabilities.append(qs if all(q is not None for q in qs) else None)
                self._check_probabilities(k, cells, values)
        outcomes = tuple(Outcome(tuple(floats[j]), o.name, o.note, o.line) for j, o in enumerate(self.outcomes))
        return Tree(self.skeleton, floats, exact if rational else None, tuple(probabilities),
                    tuple(exact_probabilities), outcomes, self.title)

    def _check_probabilities(self, k: int, cells: Sequence, values: Sequence[tuple[float, Fraction | None]]) -> None:
        info = self.skeleton.infosets[k]
        shown = ", ".join(f"{a} = {getattr(c, 'source', c)}" for a, c in zip(info.actions, cells))
        for action, (value, q) in zip(info.actions, values):
            if not math.isfinite(value) or (q < 0 if q is not None else value < -PROBABILITY_TOL):
                raise WedgeError(f"the probability of {action!r} at {self._where(k)} is {value:.6g} ({shown}); "
                                 "probabilities must be between 0 and 1", path=self.path, line=self._line(k),
                                 hint="change the expression or the parameter values (--set) so that it is not negative")
        if all(q is not None for _, q in values):
            total = sum((q for _, q in values), Fraction(0))
            wrong = total != 1
        else:
            total = sum(v for v, _ in values)
            wrong = abs(total - 1) > PROBABILITY_TOL
        if wrong:
            raise WedgeError(f"the probabilities at {self._where(k)} sum to {total} ({shown}), not 1",
                             path=self.path, line=self._line(k),
                             hint="make them sum to 1, e.g. write the last one as 1 minus the others")

    def batch(self, values: Mapping[str, np.ndarray], size: int | None = None
              ) -> tuple[np.ndarray, list[np.ndarray | None]]:
        """Payoffs and chance probabilities at many parameter vectors at once.

        ``values`` maps parameters to 1-D arrays of one length N. Returns the payoffs,
        shape ``(N, n_outcomes, n_players)``, and for each infoset ``k`` an array of
        shape ``(N, n_actions)`` of its probabilities (None for decision infosets).
        Probabilities are not checked here; a caller checks them (negative or not
        summing to 1 within :data:`PROBABILITY_TOL`) before using them.
        """
        lengths = {len(np.atleast_1d(v)) for v in values.values()} | ({size} if size is not None else set())
        if len(lengths) > 1:
            raise ValueError("all swept parameter arrays must have the same length")
        count = lengths.pop() if lengths else 1
        env: dict[str, float | np.ndarray] = {name: float(p.value) for name, p in self.parameters.items()}
        env.update({name: np.asarray(v, dtype=float) for name, v in values.items()})

        def column(cell) -> np.ndarray:
            if isinstance(cell, (Fraction, int, float)):
                return np.full(count, float(cell))
            return np.broadcast_to(np.asarray(cell.evaluate(env), dtype=float), (count,))

        with np.errstate(all="ignore"):
            payoffs = np.empty((count, len(self.outcomes), self.n_players))
            for j, outcome in enumerate(self.outcomes):
                for p, cell in enumerate(outcome.payoffs):
                    payoffs[:, j, p] = column(cell)
            probabilities: list[np.ndarray | None] = []
            for k, cells in enumerate(self.probabilities):
                if self.skeleton.infosets[k].player is not None:
                    probabilities.append(None)
                else:
                    probabilities.append(np.stack([column(c) for c in cells], axis=1))
        return payoffs, probabilities


def tree_from_numbers(skeleton: Skeleton, payoffs: Sequence[Sequence], probabilities: Sequence[Sequence],
                      outcomes: Sequence[Outcome] = (), title: str = "") -> Tree:
    """A :class:`Tree` from plain numbers (ints, floats, Fractions, ``"p/q"`` strings).

    ``payoffs[j]`` is outcome ``j``'s vector; ``probabilities[k]`` chance infoset ``k``'s
    probabilities (``()`` for decision infosets). For tests and readers that hold numbers.
    """
    outcomes = tuple(outcomes) or tuple(Outcome(tuple(row)) for row in payoffs)
    spec = TreeSpec(skeleton, tuple(Outcome(tuple(exact_number(v) if exact_number(v) is not None else float(v)
                                                   for v in row), o.name, o.note, o.line)
                                    for row, o in zip(payoffs, outcomes)),
                    tuple(tuple(exact_number(v) if exact_number(v) is not None else float(v) for v in row)
                          for row in probabilities), title=title)
    return spec.tree()
