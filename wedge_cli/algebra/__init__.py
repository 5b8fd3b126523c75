"""Exact and numerical algebra with no game types: the tools the solvers build on.

``exact`` (fraction-free integer elimination, exact solves and null spaces),
``polynomials`` (integer polynomials: determinants, interpolation, real roots,
for the sweep's exact thresholds), ``quadratic`` (numbers a + b*sqrt(d), for
3-player equilibria in closed form), ``lp`` (linear programmes: matrix games,
weak improvement), ``polysys`` (multilinear polynomial systems for 3+ players).
Nothing here knows what a player or a strategy is (docs/architecture.md).
"""
