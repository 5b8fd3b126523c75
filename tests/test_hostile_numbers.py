"""Issue 12, "a hostile world": numbers and names a payoff file or a command line may carry.

Every number that enters wedge (TOML values and strings, expressions, --set,
--param, --disagreement, .nfg) is bounded before it becomes exact, is written
with ASCII digits, and lies in the documented range; names compare exactly.
"""

import json
import os
import subprocess
import sys
import textwrap
from fractions import Fraction
from pathlib import Path

import pytest
from typer.testing import CliRunner

from wedge_cli.cli.main import app

ROOT = Path(__file__).resolve().parent.parent

GAME = textwrap.dedent('''\
    title = "hostile"

    [parameters.cut]
    value = 1
    min = 0
    max = 10

    [[players]]
    name = "A"
    strategies = ["x", "y"]

    [[players]]
    name = "B"
    strategies = ["l", "r"]

    [payoffs]
    A = [[PAYOFF, 0], [0, 1]]
    B = [[1, 0], [0, "cut"]]
    ''')


def game(payoff: str = "3") -> str:
    """The 2x2 game above with ``payoff`` (TOML text) as A's payoff at (x, l)."""
    return GAME.replace("PAYOFF", payoff)


def wedge(*args: str, input: str | None = None, timeout: float = 20) -> subprocess.CompletedProcess:
    """Run wedge in a fresh process: a regression that hangs fails here instead of hanging the suite."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    try:
        return subprocess.run([sys.executable, "-m", "wedge_cli", *args], input=input, capture_output=True,
                              text=True, cwd=ROOT, env=env, timeout=timeout)
    except subprocess.TimeoutExpired:
        pytest.fail(f"wedge {' '.join(args)} did not return within {timeout} s")


def python(code: str, timeout: float = 20) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    try:
        return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env,
                              timeout=timeout)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{code!r} did not return within {timeout} s")


@pytest.fixture
def runner():
    return CliRunner()


def invoke(runner, *args, input=None):
    return runner.invoke(app, list(args), input=input)


def refused(result, *words: str) -> None:
    """Exit 3, the words in the message on stderr, nothing on stdout, no traceback."""
    assert result.exit_code == 3, (result.exit_code, result.stdout, result.stderr)
    assert result.stdout == ""
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    for word in words:
        assert word in result.stderr, result.stderr


# ----------------------------------------------------------------------------
# 1. Huge decimal exponents are bounded before any exact conversion


@pytest.mark.parametrize("literal", ["1e-99999999", "0e99999999", "1e99999999", "2.5E+123456789"])
def test_huge_exponent_in_a_payoff_expression_is_refused_quickly(write, literal):
    path = write(game(f'"{literal}"'))
    result = wedge("check", path)
    assert result.returncode == 3, result.stderr
    assert f"{path}:17:8:" in result.stderr
    assert "exponent outside -1000..1000" in result.stderr or "too large" in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("args", [
    ["solve", "{path}", "--set", "cut=1e99999999"],
    ["solve", "{path}", "--set", "cut=1e-99999999"],
    ["sweep", "{path}", "--param", "cut=0:1e99999999:10"],
    ["sweep", "{path}", "--param", "cut=1e-99999999:1:10"],
    ["robust", "{path}", "--set", "cut=0e99999999"],
    ["bargain", "{path}", "--disagreement=1e99999999,0"],
    ["explain", "{path}", "--set", "cut=1e99999999"],
])
def test_huge_exponent_on_the_command_line_is_refused_quickly(write, args):
    path = write(game())
    result = wedge(*(a.format(path=path) for a in args))
    assert result.returncode == 3, result.stderr
    assert "99999999" in result.stderr and result.stdout == ""


def test_huge_exponent_in_nfg_is_refused_quickly(write):
    path = write('NFG 1 R "x" { "A" "B" } { 1 1 }\n1e-99999999 1\n', "g.nfg")
    result = wedge("check", path)
    assert result.returncode == 3 and "exponent outside" in result.stderr


def test_exact_number_bounds_the_exponent_before_converting():
    result = python(
        "from wedge_cli.model import exact_number\n"
        "from wedge_cli.expr import compile_expression\n"
        "from wedge_cli.errors import ExpressionError\n"
        "for text in ('1e-99999999', '0e99999999', '7E+99999999', '1e1_000_000'):\n"
        "    assert exact_number(text) is None, text\n"
        "    try:\n"
        "        compile_expression('cut + ' + text, ['cut'])\n"
        "    except ExpressionError as exc:\n"
        "        assert exc.col == 7 and ('exponent' in exc.message or 'too large' in exc.message), exc\n"
        "    else:\n"
        "        raise AssertionError(text)\n"
        "assert exact_number('1e-1000') == exact_number('1e1000') ** -1\n"
    )
    assert result.returncode == 0, result.stderr


def test_exponents_within_the_bound_still_read_exactly():
    from wedge_cli.model import exact_number, read_number

    assert read_number("1e-1000") == Fraction(1, 10**1000)
    assert read_number(" -2.5e+3 ") == -2500
    assert read_number("1_000") == 1000
    assert exact_number("5/2") == Fraction(5, 2)
    assert exact_number("1e1001") is None


# ----------------------------------------------------------------------------
# 2. The supported range: 0 and sizes 1e-15 to 1e15, refused beyond it at load time

BIG = "1" + "0" * 309  # a TOML integer above 10**308
HUGE = "7" * 4400  # past Python's 4300-digit limit for int()


def parameter_game(entry: str, payoff: str = "3") -> str:
    """The game with [parameters.cut] replaced by ``entry`` (TOML lines)."""
    return game(payoff).replace("value = 1\nmin = 0\nmax = 10\n", entry + "\n")


@pytest.mark.parametrize("payoff, line, col, words", [
    ('"1e308*10"', 17, 8, ["'1e308*10' is too large (about 1e309)"]),
    ('"1e-400"', 17, 8, ["'1e-400' is too small (about 1e-400)"]),
    ('"1e16"', 17, 8, ["'1e16' is too large"]),
    ('"2**0.5 * 1e15"', 17, 8, ["is too large (about 1.41421e+15)"]),
    ('"2**0.5 * 1e308 * 10"', 17, 8, ["'2**0.5 * 1e308 * 10' is not finite"]),
    (BIG, 17, 7, ["100000000000... (310 digits) is too large"]),
    (HUGE, 17, 7, ["more than 4300 digits"]),
    ("1e308", 17, 7, ["1e+308 is too large"]),
    ("-1.7e308", 17, 7, ["-1.7e+308 is too large"]),
    ("1e-16", 17, 7, ["1e-16 is too small"]),
    ("1e16", 17, 7, ["1e+16 is too large"]),
])
def test_payoffs_beyond_the_range_are_refused_at_load(runner, write, payoff, line, col, words):
    path = write(game(payoff))
    for command in (["check"], ["solve"], ["bargain"], ["explain"], ["export", "--to", "toml"]):
        result = invoke(runner, command[0], path, *command[1:])
        refused(result, f"{path}:{line}:{col}:", "wedge accepts 0 and numbers of size 1e-15 to 1e15"
                if "digits" not in words[0] else "", *words)
        assert "hint:" in result.stderr and "rescale" in result.stderr


@pytest.mark.parametrize("entry, line, words", [
    (f"value = {BIG}", 4, ["value 100000000000... (310 digits) is too large"]),
    (f"value = {HUGE}", 4, ["more than 4300 digits"]),
    ("value = 1e308", 4, ["value 1e+308 is too large"]),
    ("value = 1e-16", 4, ["value 1e-16 is too small"]),
    (f"value = 1\nmin = -{BIG}\nmax = 10", 5, ["min -10000000000... (311 digits) is too large"]),
    ("value = 1\nmin = -1.7e308\nmax = 1.7e308\ndistribution = \"uniform\"", 5, ["min -1.7e+308 is too large"]),
    ("value = 1\nmin = 0\nmax = 1e16", 6, ["max 1e+16 is too large"]),
    (f"value = 1\nmin = 0\nmax = 10\ndistribution = \"normal\"\nsd = {BIG}", 8, ["sd 100000000000..."]),
    ("value = 1\nmin = 0\nmax = 10\ndistribution = \"normal\"\nsd = 1e-300", 8, ["sd 1e-300 is too small"]),
])
def test_parameter_numbers_beyond_the_range_are_refused_at_load(runner, write, entry, line, words):
    path = write(parameter_game(entry))
    for command in ("check", "solve", "robust", "sweep"):
        args = [command, path] + (["--param", "cut=0:1:4"] if command == "sweep" else [])
        refused(invoke(runner, *args), f"{path}:{line}:", *words)


@pytest.mark.parametrize("args, words", [
    (["solve", "{path}", "--set", "cut=1e309"], ["--set cut=1e309: '1e309' is too large"]),
    (["solve", "{path}", "--set", "cut=1e16"], ["'1e16' is too large"]),
    (["solve", "{path}", "--set", "cut=-1/10000000000000000"], ["'-1/10000000000000000' is too small"]),
    (["robust", "{path}", "--set", "cut=1e308"], ["'1e308' is too large"]),
    (["explain", "{path}", "--set", "cut=1e309"], ["'1e309' is too large"]),
    (["sweep", "{path}", "--param", "cut=0:1e300:10"], ["STOP '1e300' is too large"]),
    (["sweep", "{path}", "--param", "cut=-1e16:0"], ["START '-1e16' is too large"]),
    (["bargain", "{path}", "--disagreement=1e309,0"], ["--disagreement '1e309,0': '1e309' is too large"]),
    (["bargain", "{path}", "--disagreement=0,-1e300"], ["'-1e300' is too large"]),
])
def test_command_line_numbers_beyond_the_range_are_refused(runner, write, args, words):
    path = write(game())
    refused(invoke(runner, *(a.format(path=path) for a in args)), "wedge accepts 0 and numbers", *words)


@pytest.mark.parametrize("payoffs, words", [
    ("1e308 1e308 -1e308 0 0 0 1 1", ["2:1:", "'1e308' is too large"]),
    ("1 1 -1e308 0 0 0 1 1", ["2:5:", "'-1e308' is too large"]),
    ("1 1 1e-1000 0 0 0 1 1", ["2:5:", "'1e-1000' is too small"]),
    ("1 1 1/10000000000000000 0 0 0 1 1", ["2:5:", "is too small"]),
])
def test_nfg_payoffs_beyond_the_range_are_refused(runner, write, payoffs, words):
    path = write('NFG 1 R "x" { "A" "B" } { 2 2 }\n' + payoffs + "\n", "g.nfg")
    for command in (["check"], ["solve"], ["bargain"], ["explain"], ["export", "--to", "toml"]):
        refused(invoke(runner, command[0], path, *command[1:]), *words)


def test_computed_payoffs_beyond_the_range_are_refused(runner, write):
    path = write(game('"cut * 1e15"'))
    assert invoke(runner, "solve", path).exit_code == 0  # 1e15 itself is fine
    refused(invoke(runner, "solve", path, "--set", "cut=2"), f"{path}:17:",
            "payoff of A at (x, l) = cut * 1e15 is 2e+15, larger than wedge accepts")
    refused(invoke(runner, "sweep", path, "--param", "cut=0:2:4"), "is 1.5e+15, larger than wedge accepts")



@pytest.mark.parametrize("payoff, exact", [
    ("1000000000000000", Fraction(10**15)),
    ("-1e15", Fraction(-(10**15))),
    ("1e-15", Fraction(1, 10**15)),
    ('"-1e-15"', Fraction(-1, 10**15)),
    ('"1/3"', Fraction(1, 3)),
    ('"0.1234567890123456789**16"', Fraction(1234567890123456789, 10**19) ** 16),
    ('"999999999999999.9999999999"', Fraction(9999999999999999999999999, 10**10)),
])
def test_numbers_inside_the_range_round_trip_through_toml_and_nfg(runner, write, payoff, exact):
    path = write(game(payoff))
    toml = invoke(runner, "export", path, "--to", "toml")
    assert toml.exit_code == 0, toml.stderr
    again = write(toml.stdout, "again.toml")
    nfg = invoke(runner, "export", again, "--to", "nfg")
    assert nfg.exit_code == 0, nfg.stderr
    from wedge_cli.formats.toml_read import load

    for source in (path, again):
        assert load(source).game().exact[0, 0, 0] == exact
    if len(str(exact)) <= 200:  # an .nfg token holds at most 200 characters
        assert load(write(nfg.stdout, "again.nfg")).game().exact[0, 0, 0] == exact


def test_parameters_at_the_edges_of_the_range_work(runner, write):
    entry = 'value = 1e15\nmin = -1e15\nmax = 1e15\ndistribution = "uniform"'
    path = write(parameter_game(entry, '"cut / 1e15"'))
    for args in (["check", path], ["solve", path, "--json"], ["robust", path, "--samples", "50", "--json"],
                 ["sweep", path, "--param", "cut=-1e15:1e15:4", "--json"],
                 ["solve", path, "--set", "cut=1e-15", "--json"], ["bargain", path, "--disagreement=0,-1e15"]):
        result = invoke(runner, *args)
        assert result.exit_code == 0, (args, result.stderr)


def _equilibria(game):
    from wedge_cli import solve

    return sorted(tuple(round(v, 9) for player in e["strategies"].values() for v in player.values())
                  for e in solve(game).equilibria)


@pytest.mark.parametrize("scale", ["1e15", "1e-15"])
@pytest.mark.parametrize("exact", [True, False])
def test_solutions_do_not_change_when_payoffs_are_scaled_to_the_edges_of_the_range(scale, exact):
    """Oracle: multiplying every payoff by a positive constant keeps every equilibrium.

    Float games at 1e15 used to fail in HiGHS (it refuses matrix entries of 1e15 and more).
    """
    import numpy as np

    from wedge_cli.model import Game

    rng = np.random.default_rng(12)
    for k in (2, 3, 4, 6):
        for _ in range(4):
            a, b = rng.integers(-5, 6, (2, k, k))
            a[0, 0] = 5  # the largest |payoff| is exactly 5: scaled, it is the edge of the range
            base = _equilibria(Game.from_arrays(a.tolist(), b.tolist()))
            factor = Fraction(scale) / 5
            scaled = Game.from_arrays((a * factor).tolist(), (b * factor).tolist())
            if not exact:
                scaled = Game(scaled.players, scaled.payoffs, None)
            assert _equilibria(scaled) == base, (k, a.tolist(), b.tolist())


def test_payoff_noise_beyond_the_range_is_refused(runner, write):
    path = write(game())
    refused(invoke(runner, "robust", path, "--payoff-noise", "1e308"), "--payoff-noise 1e+308 is too large")
    assert invoke(runner, "robust", path, "--payoff-noise", "1e15", "--samples", "20").exit_code == 0

# ----------------------------------------------------------------------------
# 3. ASCII digits only; names compare exactly


@pytest.mark.parametrize("payoffs, col, digit", [
    ("٣ 1 1 1 1 1 1 1", 1, "٣"),  # ARABIC-INDIC DIGIT THREE: float() reads it as 3
    ("1 1 ３ 1 1 1 1 1", 5, "３"),  # FULLWIDTH DIGIT THREE
    ("1 1 1 1 1 1 1 ۲/3", 15, "۲"),  # EXTENDED ARABIC-INDIC DIGIT TWO
    ("1 1 1 1 1 1 1 1e٣", 15, "٣"),
])
def test_nfg_payoffs_take_ascii_digits_only(runner, write, payoffs, col, digit):
    path = write('NFG 1 R "x" { "A" "B" } { 2 2 }\n' + payoffs + "\n", "g.nfg")
    refused(invoke(runner, "show", path), f"{path}:2:{col}:", f"non-ASCII digit {digit!r}", "digits 0-9")


@pytest.mark.parametrize("text, words", [
    ('NFG 1 R "x" { "A" "B" } { ٢ 2 }\n1 1 1 1 1 1 1 1\n', [":1:27:", "'٢' is not one of the digits 0-9"]),
    ('NFG 1 R "x" { "A" "B" } { { "a" } { "b" } }\n{ { "" 1, 1 } }\n١\n', [":3:1:", "'١' is not one of the digits"]),
])
def test_nfg_counts_and_outcome_indices_take_ascii_digits_only(runner, write, text, words):
    path = write(text, "g.nfg")
    refused(invoke(runner, "show", path), *words)


@pytest.mark.parametrize("args, words", [
    (["solve", "{path}", "--set", "cut=٣"], ["--set cut=٣: '٣' has the non-ASCII digit '٣'", "0-9"]),
    (["solve", "{path}", "--set", "cut=１.5"], ["non-ASCII digit '１'"]),
    (["sweep", "{path}", "--param", "cut=0:٣"], ["STOP '٣' has the non-ASCII digit"]),
    (["sweep", "{path}", "--param", "cut=0:3:١٠"], ["STEPS '١٠' is not a positive whole number"]),
    (["bargain", "{path}", "--disagreement=٠,0"], ["--disagreement '٠,0'"]),
    (["bargain", "{path}", "--disagreement=equilibrium:١"], ["there is no equilibrium '١'"]),
])
def test_command_line_numbers_take_ascii_digits_only(runner, write, args, words):
    path = write(game())
    refused(invoke(runner, *(a.format(path=path) for a in args)), *words)


@pytest.mark.parametrize("expression, col, message", [
    ('"ｃｕｔ + 1"', 1, "'ｃｕｔ' is not the parameter 'cut' (full-width letters); write it in ASCII"),
    ('"2 * 𝐜𝐮𝐭"', 5, "'𝐜𝐮𝐭' is not the parameter 'cut' (mathematical bold letters); write it in ASCII"),
    ('"1 + 𝑐ut"', 5, "'𝑐ut' is not the parameter 'cut' (mathematical italic letters)"),
    ('"ｍａｘ(cut, 1)"', 1, "'ｍａｘ' is not the function 'max' (full-width letters)"),
    ('"сut"', 1, "unknown parameter 'сut' (it has non-ASCII letters)"),  # Cyrillic es
    ('"cut + ٣"', 7, "'٣' is not one of the digits 0-9"),
    ('"cut + １"', 7, "'１' is not one of the digits 0-9"),
])
def test_expression_names_compare_exactly(runner, write, expression, col, message):
    path = write(game(expression))
    refused(invoke(runner, "check", path), f"{path}:17:{7 + col}:", message)


def test_compile_expression_does_not_normalise_names():
    from wedge_cli.errors import ExpressionError
    from wedge_cli.expr import compile_expression

    with pytest.raises(ExpressionError, match="'ｃｕｔ' is not the parameter 'cut'"):
        compile_expression("ｃｕｔ", ["cut"])
    with pytest.raises(ExpressionError, match="'ﬁx' is not the parameter 'fix' \\(a ligature\\)"):
        compile_expression("ﬁx", ["fix"])
    # a name Python keeps as written still works when it is a parameter's name exactly
    assert compile_expression("β * 2", ["β"]).evaluate({"β": 1.5}) == 3.0


# ----------------------------------------------------------------------------
# 4. A UTF-8 byte-order mark is accepted everywhere

BOM = "\ufeff"
NFG = 'NFG 1 R "bom" { "A" "B" } { 2 2 }\n3 1 0 0 0 0 1 2\n'


@pytest.mark.parametrize("kind", ["toml", "nfg"])
@pytest.mark.parametrize("via", ["file", "stdin"])
def test_a_byte_order_mark_is_ignored(runner, write, kind, via):
    text = game() if kind == "toml" else NFG
    plain = invoke(runner, "solve", write(text, f"plain.{kind}"), "--json")
    assert plain.exit_code == 0, plain.stderr
    if via == "file":
        path = Path(write("", f"bom.{kind}"))
        path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
        result = invoke(runner, "solve", str(path), "--json")
    else:
        result = invoke(runner, "solve", "-", "--json", input=BOM + text)
    assert result.exit_code == 0, result.stderr
    got, want = json.loads(result.stdout), json.loads(plain.stdout)
    assert got["equilibria"] == want["equilibria"] and got["game"]["players"] == want["game"]["players"]


def test_a_byte_order_mark_on_stdin_through_a_pipe():
    result = subprocess.run([sys.executable, "-m", "wedge_cli", "check", "-"], input=b"\xef\xbb\xbf" + NFG.encode(),
                            capture_output=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=20)
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode().startswith("<stdin>: valid (2 players, 2 x 2)")


def test_errors_after_a_byte_order_mark_keep_their_columns(runner, write):
    path = write(BOM + 'title = 3\n', "bad.toml")
    plain = write('title = 3\n', "plain.toml")
    refused(invoke(runner, "check", path), f"{path}:1:", "'title' must be a string")
    assert invoke(runner, "check", path).stderr.replace(path, "F") == invoke(runner, "check", plain).stderr.replace(
        plain, "F")


def test_load_text_and_loads_ignore_a_byte_order_mark():
    from wedge_cli.formats.toml_read import load_text, loads

    assert (loads(BOM + game()).game().exact == loads(game()).game().exact).all()
    assert load_text(BOM + NFG).game().exact[0, 0, 0] == 3


def test_python_overrides_beyond_the_range_raise_a_clear_error():
    from wedge_cli.errors import WedgeError
    from wedge_cli.formats.toml_read import load

    spec = load("us-europe")
    with pytest.raises(WedgeError, match="value of 'cut' = 1e400 is too large"):
        spec.game({"cut": "1e400"})  # used to raise OverflowError
    assert spec.game({"cut": Fraction(10**15)}).exact is not None
