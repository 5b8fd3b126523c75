"""One perfect Bayesian equilibrium of a tree as the words of ``wedge explain`` read it.

:class:`TreeView` holds what every sentence needs about the tree (names, own payoffs,
subgame roots, the signalling roles); :class:`PlayView` one equilibrium of
:func:`wedge_cli.solve.tree.solve_tree`: its pure choices, every node's expected payoffs
under it, what each action at an information set is worth to the mover under a belief,
how likely play is to reach a node and which move keeps it away. Exact fractions when the
tree is rational (:meth:`Tree.is_exact <wedge_cli.tree.Tree.is_exact>`), floats otherwise;
:func:`number_text` writes either.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from wedge_cli.solve.tree.signalling import Signalling, signalling_structure
from wedge_cli.solve.tree.subgames import nearest_roots, subgame_roots
from wedge_cli.solve.tree.values import node_numbers
from wedge_cli.text.explanation.prose import join, plural, sentence
from wedge_cli.text.numbers import prose_number
from wedge_cli.text.trees import mover_name, node_label, path_text
from wedge_cli.tree import CHANCE, TERMINAL, Tree, TreeSpec

__all__ = ["PlayView", "TreeView", "belief_words", "number_text", "quote"]


def number_text(x) -> str:
    """A payoff or probability: the exact fraction (``29/10``, ``-1/2``) when rational, else rounded prose."""
    if isinstance(x, (Fraction, int)) and not isinstance(x, bool):
        return str(x)
    return prose_number(float(x))


def quote(notes: Sequence[str]) -> str:
    """`` The file's note here: “...”`` for each distinct non-empty note, or the empty string."""
    said = list(dict.fromkeys(n for n in notes if n))
    return "".join(f" The file's note here: “{n}”" for n in said)


class TreeView:
    """What every sentence needs about the tree: names, own payoffs, subgame roots, the signalling roles."""

    def __init__(self, spec: TreeSpec, tree: Tree) -> None:
        self.spec = spec
        self.tree = tree
        self.skeleton = tree.skeleton
        self.exact = tree.is_exact
        self.own, _ = node_numbers(tree, self.exact, scaled=False)
        self.zero = Fraction(0) if self.exact else 0.0
        self.nearest = nearest_roots(self.skeleton, subgame_roots(self.skeleton))
        self.structure: Signalling | None = signalling_structure(tree)
        self.names = [*spec.parameters, *tree.players, *(a for n in tree.nodes for a in n.actions)]

    def where(self, k: int) -> str:
        """An information set's id as JSON gives it; for an unnamed one-node set, its node's id."""
        info = self.tree.infosets[k]
        key = self.skeleton.infoset_key(k)
        return node_label(self.skeleton, info.nodes[0]) if key.startswith("#") and len(info.nodes) == 1 else key

    def history(self, node: int) -> str:
        """``If First plays In and chance gives a``; at the root, ``At the start``."""
        steps = []
        for parent, a in self.skeleton.path(node):
            here = self.tree.nodes[parent]
            action = here.actions[a]
            steps.append(f"chance gives {action}" if here.kind == CHANCE
                         else f"{mover_name(self.skeleton, parent)} plays {action}")
        return f"If {join(steps)}" if steps else "At the start"

    def route(self, node: int, start: int = 0) -> str:
        """The moves from ``start`` (an ancestor) down to ``node``: ``In → a``."""
        steps = self.skeleton.path(node)
        parents = [p for p, _ in steps]
        steps = steps[parents.index(start):] if start in parents else steps
        return path_text([self.tree.nodes[p].actions[a] for p, a in steps])

    def prior(self, k: int) -> tuple:
        return tuple(self.tree.exact_probabilities[k]) if self.exact else tuple(self.tree.probabilities[k])

    def say(self, text: str) -> str:
        return sentence(text, self.names)


class PlayView:
    """One equilibrium: its pure choices, every node's expected payoffs under it, its beliefs (exact when rational)."""

    def __init__(self, game: TreeView, eq) -> None:
        self.game = game
        self.eq = eq
        tree = game.tree
        exact = game.exact and eq.exact is not None
        self.rows = eq.exact if exact else eq.behavior
        self.beliefs = eq.exact_beliefs if exact and eq.exact_beliefs is not None else eq.beliefs
        self.payoffs = eq.exact_payoffs if exact and eq.exact_payoffs is not None else eq.payoffs
        self.choice = {k: max(range(len(row)), key=row.__getitem__) for k, row in enumerate(self.rows)
                       if tree.infosets[k].player is not None}
        self.values = self._values()

    def _values(self) -> list[tuple]:
        nodes = self.game.tree.nodes
        zero = tuple(self.game.zero for _ in self.game.tree.players)
        val: list = [None] * len(nodes)
        for i in range(len(nodes) - 1, -1, -1):
            node = nodes[i]
            own = self.game.own[i] or zero
            if node.kind == TERMINAL:
                val[i] = tuple(own)
                continue
            row = self.rows[node.infoset]
            val[i] = tuple(o + sum(p * val[c][q] for p, c in zip(row, node.children) if p)
                           for q, o in enumerate(own))
        return val

    def worth(self, k: int, belief: Sequence) -> list:
        """What each action at infoset ``k`` gives its mover, expected under ``belief``, the rest of the play as planned."""
        tree = self.game.tree
        info = tree.infosets[k]
        i = info.player
        own = [self.game.own[x][i] if self.game.own[x] is not None else 0 for x in info.nodes]
        return [sum((b * (o + self.values[tree.nodes[x].children[a]][i]) for b, x, o in zip(belief, info.nodes, own)),
                    self.game.zero)
                for a in range(len(info.actions))]

    def reach(self, node: int, start: int) -> tuple:
        """``(probability, blocker)`` of play going from ``start`` to ``node``; ``blocker`` is the first
        step the equilibrium never takes, ``(node, action)``, or None."""
        steps = self.game.skeleton.path(node)
        parents = [p for p, _ in steps]
        w = 1
        for p, a in steps[parents.index(start):] if start in parents else steps:
            q = self.rows[self.game.tree.nodes[p].infoset][a]
            if q == 0:
                return 0, (p, a)
            w = w * q
        return w, None

    def blockers_text(self, blockers: Sequence[tuple]) -> str:
        """Why play never gets somewhere: ``First plays Out rather than In or Side``, ``chance never gives b``."""
        untaken: dict[int, list[int]] = {}
        for node, a in blockers:
            if a not in untaken.setdefault(node, []):
                untaken[node].append(a)
        words = []
        for node, actions in sorted(untaken.items()):
            here = self.game.tree.nodes[node]
            labels = join([here.actions[a] for a in actions], "or")
            if here.kind == CHANCE:
                words.append(f"chance never gives {labels}")
            else:
                chosen = here.actions[self.choice[here.infoset]]
                words.append(f"{mover_name(self.game.skeleton, node)} plays {chosen} rather than {labels}")
        return join(words)

    def gives(self, k: int, worth: Sequence, first: int | None = None) -> str:
        """``D gives it 1 and U 0``: the action ``first`` (default: the one chosen) first."""
        labels = self.game.tree.infosets[k].actions
        first = self.choice[k] if first is None else first
        order = [first] + [a for a in range(len(labels)) if a != first]
        head = f"{labels[first]} gives it {number_text(worth[first])}"
        rest = [f"{labels[a]} {number_text(worth[a])}" for a in order[1:]]
        tied = [labels[a] for a in order[1:] if worth[a] == worth[first]]
        return join([head, *rest]) + (f" ({join(tied)} {plural(len(tied), 'is', 'are')} worth as much)" if tied else "")

    def outcome(self) -> list[str]:
        """The path of play and its expected payoffs, with the file's notes on the outcomes reached."""
        game = self.game
        steps = [s for s in self.eq.path if (s.exact if s.exact is not None and game.exact else s.probability) > 0]
        payoffs = join([f"{p} {number_text(v)}" for p, v in zip(game.tree.players, self.payoffs)])
        if len(steps) == 1:
            text = f"Play: {path_text(steps[0].actions)}, with payoffs {payoffs}."
        else:
            paths = [f"{path_text(s.actions)} (probability "
                     f"{number_text(s.exact if s.exact is not None and game.exact else s.probability)})" for s in steps]
            text = f"Play: {join(paths, 'or')}; expected payoffs {payoffs}."
        out = [text]
        for s in steps:
            outcome = game.tree.nodes[s.terminal].outcome
            if outcome is not None and game.spec.outcomes[outcome].note:
                out.append(f"The file's note on {path_text(s.actions)}: “{game.spec.outcomes[outcome].note}”")
        return out

    def sequential(self) -> str | None:
        if not self.eq.off_path:
            return None
        if self.eq.sequential is True:
            return "It is also a sequential equilibrium (Kreps & Wilson): the belief it needs off the path " \
                   "is one that small mistakes could lead to."
        if self.eq.sequential is False:
            return ("It is not a sequential equilibrium (Kreps & Wilson): no belief that small mistakes could lead "
                    "to supports it (nodes reached through the same mistakes keep the odds chance gives them, and "
                    "a node that needs more mistakes than another gets no weight). It rests on a belief that "
                    "no slip of the hand explains.")
        return ("Whether it is also a sequential equilibrium is not decided: the beliefs it needs pass the two "
                "tests wedge applies (beliefs that small mistakes could lead to), which does not prove it.")


def belief_words(names: Sequence[str], belief: Sequence) -> str:
    """``at_a 1/2, at_b 1/2 and side 0``."""
    return join([f"{n} {number_text(p)}" for n, p in zip(names, belief)])
