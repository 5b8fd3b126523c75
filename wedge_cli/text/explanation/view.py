"""Exact-or-float access to a game for the explanation: payoffs, names, notes, expected
payoffs against a mix and a player's best deviation, so each section reads a game one way.

Exact fractions are used whenever the game has them (docs/solver.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

import numpy as np

from wedge_cli.model import Game, GameSpec
from wedge_cli.text.explanation.prose import join
from wedge_cli.text.numbers import prose_number, prose_percent


class GameView:
    """Exact-or-float access to a game's payoffs, names and notes."""

    def __init__(self, spec: GameSpec, game: Game) -> None:
        self.spec = spec
        self.game = game
        self.exact = game.exact is not None
        self.u = game.exact if self.exact else game.payoffs
        self.players = game.players
        self.n = game.n_players

    def payoff(self, p: int, profile: Sequence[int]):
        v = self.u[(p, *profile)]
        return v if self.exact else float(v)

    def profile(self, profile: Sequence[int]) -> str:
        return "(" + ", ".join(self.players[i].strategies[s] for i, s in enumerate(profile)) + ")"

    def payoffs_text(self, values: Sequence) -> str:
        return join([f"{p.name} {prose_number(v)}" for p, v in zip(self.players, values)])

    def note(self, profile: Sequence[int]) -> str | None:
        return self.spec.notes.get(tuple(int(s) for s in profile))

    def against(self, p: int, s: int, mix: Sequence[Sequence]):
        """Player ``p``'s expected payoff from pure ``s`` against the others' mixed strategies ``mix``."""
        supports = [[j for j, w in enumerate(mix[q]) if w] if q != p else [s] for q in range(self.n)]
        total = Fraction(0) if self.exact else 0.0
        for profile in np.ndindex(*(len(x) for x in supports)):
            prof = [supports[q][i] for q, i in enumerate(profile)]
            weight = Fraction(1) if self.exact else 1.0
            for q in range(self.n):
                if q != p:
                    weight *= mix[q][prof[q]]
            total += weight * self.payoff(p, prof)
        return total

    def mix_of(self, eq) -> list[list]:
        if self.exact and eq.exact is not None:
            return [list(v) for v in eq.exact]
        return [[float(w) for w in v] for v in eq.strategies]

    def eq_payoffs(self, eq) -> list:
        if self.exact and eq.exact_payoffs is not None:
            return list(eq.exact_payoffs)
        return [float(v) for v in eq.payoffs]


def best_deviation(view: GameView, p: int, mix: Sequence[Sequence]) -> tuple[int, object] | None:
    """Player ``p``'s best strategy outside its support, and its payoff; None if it uses all."""
    support = {j for j, w in enumerate(mix[p]) if w}
    options = [(view.against(p, s, mix), s) for s in range(len(mix[p])) if s not in support]
    if not options:
        return None
    value, s = max(options, key=lambda t: (t[0], -t[1]))
    return s, value


def strategy_words(view: GameView, player: int, by) -> str:
    names = view.players[player].strategies
    if len(by) == 1:
        return names[by[0][0]]
    return "mixing " + join([f"{names[s]} ({prose_percent(w)})" for s, w in by])
