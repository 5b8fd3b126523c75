"""Issue 12, "a hostile world": numbers and names a payoff file or a command line may carry.

Every number that enters wedge (TOML values and strings, expressions, --set,
--param, --disagreement, .nfg) is bounded before it becomes exact, is written
with ASCII digits, and lies in the documented range; names compare exactly.
"""

import os
import subprocess
import sys
import textwrap
from fractions import Fraction
from pathlib import Path

import pytest
from typer.testing import CliRunner

from wedge_cli.cli import app

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
