"""What each equilibrium is like: efficiency, selection criteria, welfare, security.

For a verified :class:`~wedge_cli.solve.Solution` this module computes, per
equilibrium:

* **Pareto efficiency** among all pure outcomes (no pure outcome gives every
  player at least as much and someone more) and among the listed equilibria;
* **payoff dominance** (Harsanyi & Selten 1988, *A General Theory of
  Equilibrium Selection in Games*, MIT Press, Section 3.9): every player gets
  strictly more than in every other listed equilibrium (equilibria with
  exactly the same payoffs do not count against it);
* **risk dominance** (Harsanyi & Selten 1988, Section 3.9; for 2x2 games with
  two strict equilibria): the equilibrium with the larger product of the two
  players' losses from deviating unilaterally; on a tie neither is;
* **welfare**: the total of the players' payoffs (only meaningful when their
  scales are comparable) and each player's gain over its security level;
* the **security level** (maxmin value) of each player: the most it can
  guarantee itself whatever the others do, with a mixed strategy that does it.
  In every Nash equilibrium each player gets at least its security level
  (its equilibrium payoff is a best reply value, which is at least its
  minmax, which is at least its maxmin), so ``at_least_security`` is a check
  that always holds for verified equilibria.

Rational games are compared exactly; float games with the solution's
tolerance ``tol`` (``x`` beats ``y`` only when ``x > y + tol``).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from wedge_cli.algebra.lp import matrix_game
from wedge_cli.budget import COSTS, Budget
from wedge_cli.model import Game


@dataclass(frozen=True)
class SecurityLevel:
    """A player's maxmin value and a mixed strategy that guarantees it.

    ``strategy`` is ``((strategy index, weight), ...)`` over its support;
    ``exact`` and the weights are Fractions for rational games.
    """

    player: int
    value: float
    exact: Fraction | None
    strategy: tuple[tuple[int, Fraction | float], ...]


def player_matrix(game: Game, player: int, exact: bool = True) -> list[list]:
    """The player's payoffs with its strategies as rows and the others' profiles as columns.

    Columns run over the others' profiles in file order (last player fastest).
    Fractions when ``exact`` and the game is rational, else floats.
    """
    payoffs = game.exact if (exact and game.exact is not None) else game.payoffs
    u = np.moveaxis(payoffs[player], player, 0)
    return u.reshape(u.shape[0], -1).tolist()


def security_levels(game: Game, budget=None) -> tuple[SecurityLevel, ...]:
    """Each player's security (maxmin) level in mixed strategies.

    Against several opponents the worst case is taken over their joint pure
    profiles: a player's payoff is linear in each opponent's mixed strategy,
    so independent mixing cannot push it below the worst pure profile.
    The value is that of the zero-sum matrix game of the player's payoffs
    (:func:`wedge_cli.algebra.lp.matrix_game`), exact for rational games.

    ``budget`` (a :class:`wedge_cli.budget.Budget`, None for none) refuses games whose
    linear programs would not fit (:data:`wedge_cli.budget.COSTS` ``lp_payoff``: a
    6-player game of 10^6 profiles takes 30 s) and is checked between players.
    """
    budget = budget if budget is not None else Budget(None)
    what = "the security levels (a linear program per player over the others' profiles)"
    budget.require(COSTS["lp_payoff"] * game.payoffs.size, what, hint="remove dominated or irrelevant strategies")
    out = []
    for p in range(game.n_players):
        budget.tick(what, p, game.n_players)
        value = matrix_game(player_matrix(game, p))
        exact = Fraction(value.value) if value.exact else None
        out.append(SecurityLevel(p, float(value.value), exact,
                                 tuple((s, w) for s, w in enumerate(value.row) if w > 0)))
    return tuple(out)


@dataclass(frozen=True)
class RiskComparison:
    """Harsanyi-Selten risk dominance between the two strict equilibria of a 2x2 game.

    ``equilibria``: their indices in the solution; ``losses[k][p]``: what
    player ``p`` loses by deviating alone from equilibrium ``k``;
    ``products[k]``: the product of the two losses; ``dominant``: the index
    (into the solution) of the risk-dominant one, None when the products tie.
    """

    equilibria: tuple[int, int]
    losses: tuple[tuple[Fraction | float, Fraction | float], tuple[Fraction | float, Fraction | float]]
    products: tuple[Fraction | float, Fraction | float]
    dominant: int | None


def risk_comparison(solution) -> RiskComparison | None:
    """Risk dominance for a 2x2 game with exactly two strict equilibria, else None.

    In a 2x2 game two strict equilibria differ in both players' strategies,
    so at equilibrium ``(i, j)`` player 1's only deviation is to ``1 - i`` and
    player 2's to ``1 - j``; the deviation losses are
    ``u1(i, j) - u1(1 - i, j)`` and ``u2(i, j) - u2(i, 1 - j)``.
    """
    game = solution.game
    if game.shape != (2, 2):
        return None
    strict = [k for k, eq in enumerate(solution.equilibria) if eq.strict]
    if len(strict) != 2:
        return None
    payoffs = game.exact if game.exact is not None else game.payoffs
    losses = []
    for k in strict:
        (i,), (j,) = solution.equilibria[k].support
        losses.append((payoffs[0][i, j] - payoffs[0][1 - i, j], payoffs[1][i, j] - payoffs[1][i, 1 - j]))
    products = (losses[0][0] * losses[0][1], losses[1][0] * losses[1][1])
    tol = 0 if game.exact is not None else solution.tol * max(1.0, float(max(map(abs, products))))
    if products[0] > products[1] + tol:
        dominant = strict[0]
    elif products[1] > products[0] + tol:
        dominant = strict[1]
    else:
        dominant = None
    return RiskComparison((strict[0], strict[1]), (tuple(losses[0]), tuple(losses[1])), products, dominant)


@dataclass(frozen=True)
class EquilibriumProperties:
    """Selection and welfare properties of one equilibrium (see the module docstring).

    Attributes
    ----------
    strict
        Every player's strategy is its unique best reply.
    pareto_efficient
        No pure outcome gives every player at least as much and someone more.
    pareto_among_equilibria
        No other listed equilibrium does.
    dominated_by
        The pure profiles that Pareto-dominate it (empty when efficient).
    payoff_dominant
        Every player gets strictly more than in every other listed
        equilibrium with different payoffs.
    risk_dominant
        True/False for the two strict equilibria of a 2x2 game that has
        exactly two; None otherwise (not applicable).
    welfare, exact_welfare
        Total payoff (Fraction when exact).
    gain_over_security
        Payoff minus security level, per player.
    at_least_security
        Per player: the payoff is at least the security level.
    """

    strict: bool
    pareto_efficient: bool
    pareto_among_equilibria: bool
    dominated_by: tuple[tuple[int, ...], ...]
    payoff_dominant: bool
    risk_dominant: bool | None
    welfare: float
    exact_welfare: Fraction | None
    gain_over_security: tuple[float, ...]
    at_least_security: tuple[bool, ...]


class _Compare:
    """``>=`` and ``>`` on payoff vectors, exact or within ``tol``."""

    def __init__(self, tol: float | None) -> None:
        self.tol = tol  # None: exact

    def ge(self, a, b) -> bool:
        return a >= b if self.tol is None else a >= b - self.tol

    def gt(self, a, b) -> bool:
        return a > b if self.tol is None else a > b + self.tol

    def equal(self, x, y) -> bool:
        return all(self.ge(a, b) and self.ge(b, a) for a, b in zip(x, y))

    def pareto_dominates(self, y, x) -> bool:
        """``y`` gives everyone at least ``x`` and someone more."""
        return all(self.ge(b, a) for a, b in zip(x, y)) and any(self.gt(b, a) for a, b in zip(x, y))


def _eq_payoffs(game: Game, eq) -> tuple:
    if game.exact is not None and eq.exact_payoffs is not None:
        return tuple(eq.exact_payoffs)
    return tuple(float(v) for v in eq.payoffs)


def outcome_payoffs(game: Game) -> dict[tuple[int, ...], tuple]:
    """Every pure profile's payoff vector (Fractions for rational games), in file order."""
    payoffs = game.exact if game.exact is not None else game.payoffs
    return {idx: tuple(payoffs[(p, *idx)] if game.exact is not None else float(payoffs[(p, *idx)])
                       for p in range(game.n_players))
            for idx in np.ndindex(*game.shape)}


def pareto_efficient_outcomes(game: Game, tol: float = 0.0) -> list[tuple[int, ...]]:
    """The pure profiles that no other pure profile Pareto-dominates, in file order."""
    cmp = _Compare(None if game.exact is not None else tol)
    outcomes = outcome_payoffs(game)
    return [idx for idx, x in outcomes.items()
            if not any(cmp.pareto_dominates(y, x) for jdx, y in outcomes.items() if jdx != idx)]


def equilibrium_properties(solution, security: tuple[SecurityLevel, ...] | None = None) -> tuple[EquilibriumProperties, ...]:
    """The properties of every equilibrium of a solution, in the solution's order.

    Parameters
    ----------
    solution
        A :class:`wedge_cli.solve.Solution`.
    security
        Precomputed :func:`security_levels` (computed when None).
    """
    game = solution.game
    exact = game.exact is not None
    cmp = _Compare(None if exact else solution.tol)
    security = security if security is not None else security_levels(game)
    outcomes = outcome_payoffs(game)
    vectors = [_eq_payoffs(game, eq) for eq in solution.equilibria]
    risk = risk_comparison(solution)
    out = []
    for k, (eq, x) in enumerate(zip(solution.equilibria, vectors)):
        dominated_by = tuple(idx for idx, y in outcomes.items() if cmp.pareto_dominates(y, x))
        among = not any(cmp.pareto_dominates(y, x) for j, y in enumerate(vectors) if j != k)
        payoff_dominant = all(cmp.equal(x, y) or all(cmp.gt(a, b) for a, b in zip(x, y))
                              for j, y in enumerate(vectors) if j != k)
        risk_dominant = None
        if risk is not None and k in risk.equilibria:
            risk_dominant = risk.dominant == k
        sec = [s.exact if (exact and s.exact is not None) else s.value for s in security]
        gains = [a - b for a, b in zip(x, sec)]
        total = sum(x, Fraction(0)) if exact else float(sum(x))
        out.append(EquilibriumProperties(
            strict=bool(eq.strict),
            pareto_efficient=not dominated_by,
            pareto_among_equilibria=among,
            dominated_by=dominated_by,
            payoff_dominant=payoff_dominant,
            risk_dominant=risk_dominant,
            welfare=float(total),
            exact_welfare=total if exact else None,
            gain_over_security=tuple(float(g) for g in gains),
            at_least_security=tuple(cmp.ge(a, b) for a, b in zip(x, sec)),
        ))
    return tuple(out)
