"""Everything ``wedge solve`` says about a solved game beyond its equilibria, computed once.

:func:`analyse` runs the dominance analysis, the security levels, the properties of
each equilibrium and the 2x2 classification for a :class:`~wedge_cli.solve.Solution`;
the report layer turns the :class:`Summary` into JSON and computes nothing itself.
The ideas are explained in docs/concepts.md.
"""

from __future__ import annotations

from dataclasses import dataclass

from wedge_cli.analysis.classify import Classification, classify
from wedge_cli.analysis.properties import EquilibriumProperties, SecurityLevel, equilibrium_properties, security_levels
from wedge_cli.solve.dominance import DominanceAnalysis, dominance_analysis


@dataclass(frozen=True)
class Summary:
    """What a solved game means: the parts of ``wedge.solve/1`` beyond the equilibria."""

    dominance: DominanceAnalysis
    #: each player's security (maxmin) level, in player order
    security: tuple[SecurityLevel, ...]
    #: one entry per equilibrium of the solution, in its order
    properties: tuple[EquilibriumProperties, ...]
    #: the 2x2 type; None unless the game is 2x2
    classification: Classification | None


def analyse(solution, budget=None) -> Summary:
    """Dominance, security levels, equilibrium properties and classification of a solution.

    ``budget``: a :class:`wedge_cli.budget.Budget` for the dominance analysis and the
    security levels (None: none).
    """
    game = solution.game
    dominance = dominance_analysis(game, solution.tol, budget=budget)
    security = security_levels(game, budget)
    properties = equilibrium_properties(solution, security)
    return Summary(dominance, security, properties, classify(game))
