"""Exact and numerical algebra with no game types: the tools the solvers build on.

``exact`` (fraction-free integer elimination, exact solves of small systems),
``lp`` (linear programmes: matrix games, weak improvement), ``polysys``
(multilinear polynomial systems for 3+ players). Nothing here knows what a
player or a strategy is; see docs/architecture.md for who may import it.
"""
