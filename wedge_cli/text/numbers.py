"""Numbers for people: every way wedge writes a number in text, one function per way.

Tables, Markdown, the notebook ``repr`` of :mod:`wedge_cli.api` and the prose of
``wedge explain`` (the views of docs/cli.md) call these; none writes a number by itself:

- :func:`parameter_text`: a parameter value as a user would have written it
  (``0.3333`` stays ``0.3333``, ``1/3`` comes back as ``1/3``), never rounded;
- :func:`rounded_text`: a payoff or probability in a table, to 4 decimals;
- :func:`exact_or_rounded`: the exact text when the report has one, else that;
- :func:`share_text`: a share of samples or grid points, to 0.1%; :func:`share_interval_text`
  a confidence interval of one;
- :func:`index_text`: a sensitivity index (0 to 1), to 3 decimals;
- :func:`approximate_text`: a computed value that is not exact, to 10 significant digits;
- :func:`equation_text`: ``cut = 35/2`` or ``burden ≈ 0.625``;
- :func:`prose_number`, :func:`prose_percent`, :func:`prose_equation`: the numbers of
  the explanation, exact when a short decimal, else rounded and marked ("about 0.357").

A parameter's value comes from a file or ``--set`` as an exact rational and reaches
the reports as a float: :func:`parameter_text` undoes the float, so ``--set cut=1/3``
does not come back as ``cut = 0.3333``. Kept free of numpy, so ``wedge list`` stays fast.
"""

from __future__ import annotations

import math
from fractions import Fraction

#: A decimal with more significant digits than this is not one a person typed.
MAX_DIGITS = 10
#: The largest denominator tried when looking for the fraction a float came from.
MAX_DENOMINATOR = 10**6


def parameter_text(x: float) -> str:
    """``8``, ``0.3333``, ``2.5``, ``1/3``, ``-22/7``: exact text for a parameter value.

    A value with a short decimal is written as that decimal (``5/2`` reads ``2.5``), one
    without as the simplest fraction that is exactly that float (``1/3``). Never rounded:
    a float that is neither is written in full (its shortest round-trip ``repr``).
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


def rounded_text(x: float) -> str:
    """A payoff or probability in a table: up to 4 decimals, no trailing zeros, never ``-0``."""
    text = f"{x:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def exact_or_rounded(value: float, exact: str | None) -> str:
    """The exact text when there is one, else :func:`rounded_text` of the float."""
    return exact if exact is not None else rounded_text(value)


def share_text(x: float) -> str:
    """A share as a percentage to 0.1%; a share that is not 0 (or 1) never prints as 0.0% (or 100.0%)."""
    if 0 < x < 0.0005:
        return "<0.1%"
    if 0.9995 <= x < 1:
        return ">99.9%"
    return f"{100 * x:.1f}%"


def share_interval_text(interval) -> str:
    """A confidence interval of a share: ``12.5% – 20.0%``."""
    lo, hi = interval
    return f"{share_text(lo)} – {share_text(hi)}"


def index_text(x: float) -> str:
    """A sensitivity index between 0 and 1, to 3 decimals: ``0.412``."""
    return f"{x:.3f}"


def approximate_text(x: float) -> str:
    """A computed value with no exact form (a threshold found by bisection): 10 significant digits."""
    return f"{x:.10g}"


def equation_text(name: str, value: float, exact: str | None) -> str:
    """``cut = 35/2`` when the value is exact, ``burden ≈ 0.625`` (:func:`approximate_text`) when it is not."""
    return f"{name} = {exact}" if exact is not None else f"{name} ≈ {approximate_text(value)}"


def prose_number(x) -> str:
    """A number in a sentence: exact when it is a short decimal (``2.4``), else rounded with "about"."""
    q = x if isinstance(x, Fraction) else Fraction(float(x)).limit_denominator(10**9)
    text = _decimal(q, 4)
    if text is not None:
        return text
    return "about " + f"{float(q):.3f}".rstrip("0").rstrip(".")


def prose_equation(name: str, x, exact: bool = True) -> str:
    """``cut = 5`` or ``cut = 2/3`` for an exact value; ``cut ≈ 0.667`` for an approximate or rounded
    one (never ``cut = about 0.667``)."""
    text = prose_number(x)
    if not text.startswith("about "):
        return f"{name} {'=' if exact else '≈'} {text}"
    if exact and isinstance(x, Fraction) and x.denominator <= 1000:
        return f"{name} = {x}"
    return f"{name} ≈ {text.removeprefix('about ')}"


def prose_percent(p) -> str:
    """A probability in a sentence: exact when short (``37.5%``), else rounded (``about 35.7%``)."""
    q = p if isinstance(p, Fraction) else Fraction(float(p)).limit_denominator(10**9)
    text = _decimal(q * 100, 2)
    if text is not None:
        return text + "%"
    return "about " + f"{float(q * 100):.1f}".rstrip("0").rstrip(".") + "%"


def _decimal(q: Fraction, places: int) -> str | None:
    """``q`` as a decimal with at most ``places`` decimals, or None when it needs more."""
    scaled = q * 10**places
    if scaled.denominator != 1:
        return None
    sign = "-" if scaled < 0 else ""
    digits = str(abs(scaled.numerator)).rjust(places + 1, "0")
    whole, frac = digits[:-places], digits[-places:].rstrip("0")
    return sign + whole + ("." + frac if frac else "")


__all__ = ["MAX_DENOMINATOR", "MAX_DIGITS", "approximate_text", "equation_text", "exact_or_rounded", "index_text", "parameter_text",
           "prose_equation", "prose_number", "prose_percent", "rounded_text", "share_interval_text", "share_text"]
