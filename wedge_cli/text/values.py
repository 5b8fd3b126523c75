"""Parameter values for people: the text a user would have written for them.

A parameter's value comes from a file or ``--set`` as an exact rational (``1/3``,
``0.3333``, ``5/2``) and reaches the reports as a float. Printed with four decimals,
``--set cut=1/3`` came back as ``cut = 0.3333``: a different number, with ``=``.
:func:`value_text` undoes the float: a value with a short decimal is written as that
decimal (``0.3333`` stays ``0.3333``, ``5/2`` reads ``2.5``), one without as the
simplest fraction that is exactly that float (``1/3``). Kept free of numpy, so
``wedge list`` stays fast.
"""

from __future__ import annotations

import math
from fractions import Fraction

#: A decimal with more significant digits than this is not one a person typed.
MAX_DIGITS = 10
#: The largest denominator tried when looking for the fraction a float came from.
MAX_DENOMINATOR = 10**6


def value_text(x: float) -> str:
    """``8``, ``0.3333``, ``2.5``, ``1/3``, ``-22/7``: exact text for a parameter value.

    Never rounded: a float that is neither a short decimal nor a simple fraction is
    written in full (its shortest round-trip ``repr``).
    """
    x = float(x)
    if not math.isfinite(x):
        return repr(x)
    if x == 0:
        return "0"
    if x.is_integer() and abs(x) < 10**15:
        return str(int(x))
    text = repr(x)
    mantissa = text.split("e")[0].replace("-", "").replace(".", "").lstrip("0")
    if len(mantissa) <= MAX_DIGITS:
        return text
    q = Fraction(x).limit_denominator(MAX_DENOMINATOR)
    if float(q) == x:
        return str(q)
    return text


__all__ = ["value_text", "MAX_DIGITS", "MAX_DENOMINATOR"]
