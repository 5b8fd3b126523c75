"""Small parameterised games whose thresholds are known analytically (shared by the sweep tests)."""

import textwrap


def two_by_two(param: str, lo: str, hi: str, rows: list[str], cols: list[str], a: str, b: str,
               names: tuple[str, str] = ("Row", "Col"), value: str | None = None) -> str:
    """A 2-player game with one parameter declared on [lo, hi]."""
    return textwrap.dedent(f"""\
        title = "test game"
        [parameters.{param}]
        value = {value if value is not None else lo}
        min = {lo}
        max = {hi}
        description = "the swept quantity"

        [[players]]
        name = "{names[0]}"
        strategies = {rows!r}

        [[players]]
        name = "{names[1]}"
        strategies = {cols!r}

        [payoffs]
        {names[0]} = {a}
        {names[1]} = {b}
        """).replace("'", '"')


#: Russia hedges once 7 * relief > 30: one threshold at relief = 30/7 (not on a grid of step 1).
RELIEF_30_7 = two_by_two(
    "relief", "0", "10", ["Engage", "Pressure"], ["StayWithChina", "Hedge"],
    '[[1, 1], [0, 0]]', '[[30, "7*relief"], [30, "7*relief"]]', names=("US", "Russia"))

#: Row's best strategy flips at t = 1/3, Col's at t = 7/20: two thresholds 1/60 apart, inside one
#: grid step of 0.1, with the regime (r1, c2) strictly between them.
NARROW = two_by_two(
    "t", "0", "1", ["r1", "r2"], ["c1", "c2"],
    '[["3*t - 1", "3*t - 1"], [0, 0]]', '[["20*t - 7", 0], ["20*t - 7", 0]]')

#: Matching pennies only for 1 < t < 2: the unique equilibrium is mixed there
#: (Row 1/2-1/2, Col plays c1 with probability 2 - t), pure outside.
MIXED_INTERVAL = two_by_two(
    "t", "0", "3", ["r1", "r2"], ["c1", "c2"],
    '[["t - 1", 0], [0, "2 - t"]]', '[[0, 1], [1, 0]]')

#: Row prefers r1 once t**2 > 2: an irrational threshold at sqrt(2).
SQRT2 = two_by_two(
    "t", "0", "3", ["r1", "r2"], ["c1", "c2"],
    '[["t**2", "t**2"], [2, 2]]', '[[1, 0], [0, 1]]')

#: A kink (max) puts the threshold at t = 5/2; not polynomial, so it is bisected.
KINK = two_by_two(
    "t", "0", "5", ["r1", "r2"], ["c1", "c2"],
    '[["max(t, 1)", "max(t, 1)"], [2.5, 2.5]]', '[[1, 0], [0, 1]]')

#: No declared range: --param t alone must fail with a hint.
NO_RANGE = textwrap.dedent("""\
    [parameters.t]
    value = 1

    [[players]]
    name = "Row"
    strategies = ["r1", "r2"]

    [[players]]
    name = "Col"
    strategies = ["c1", "c2"]

    [payoffs]
    Row = [["t", 0], [0, 1]]
    Col = [[1, 0], [0, 1]]
    """)
