"""Safe arithmetic on named parameters: payoffs written as strings such as ``"4 + cut/10"``.

The face of the package (re-exports only): :mod:`~wedge_cli.expr.syntax` (the grammar and
its limits), :mod:`~wedge_cli.expr.compiler` (the whitelist walk and the closures),
:mod:`~wedge_cli.expr.exact` (bounded exact arithmetic), :mod:`~wedge_cli.expr.expression`
(:func:`compile_expression`, :class:`Expression`) and :mod:`~wedge_cli.expr.polynomial`
(exact polynomial structure for sweeps). What a payoff file may write: docs/format.md.
"""

from wedge_cli.expr.exact import MAX_EXACT_BITS
from wedge_cli.expr.expression import Expression, compile_expression
from wedge_cli.expr.polynomial import MAX_POLY_DEGREE, Poly, affine_coefficients, polynomial_coefficients
from wedge_cli.expr.syntax import MAX_DEPTH, MAX_EXPONENT, MAX_LENGTH, MAX_NODES

__all__ = [
    "MAX_DEPTH", "MAX_EXACT_BITS", "MAX_EXPONENT", "MAX_LENGTH", "MAX_NODES", "MAX_POLY_DEGREE",
    "Expression", "Poly", "affine_coefficients", "compile_expression", "polynomial_coefficients",
]
