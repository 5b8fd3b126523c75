"""Numbers as text (wedge_cli.text.numbers): parameter values as a user wrote them, never rounded; shares never 0% when not 0."""

import json
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from wedge_cli.cli.main import app
from wedge_cli.text.numbers import parameter_text, share_text

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(("value", "text"), [
    (8, "8"), (0.0, "0"), (-0.0, "0"), (100.0, "100"), (2.5, "2.5"), (0.8, "0.8"), (1e-3, "0.001"),
    (0.3333, "0.3333"), (0.12345, "0.12345"),  # as typed: not rounded to 4 decimals
    (1 / 3, "1/3"), (-22 / 7, "-22/7"), (float(Fraction(1, 7919)), "1/7919"),  # a fraction, not 0.3333
    (3.14159265358979, "3.14159265358979"),  # neither: in full, never rounded
])
def test_parameter_text(value, text):
    assert parameter_text(value) == text


@given(st.fractions(max_denominator=10**6).filter(lambda q: abs(q) < 10**9))
def test_parameter_text_means_exactly_the_value(q):
    x = float(q)
    assert float(Fraction(parameter_text(x))) == x


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_parameter_text_round_trips_any_float(x):
    assert float(Fraction(parameter_text(x))) == x


def run(*args):
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_set_is_echoed_as_given_not_rounded():
    assert "at cut = 1/3, rearm_cost = 0.3333, " in run("solve", "us-europe", "--set", "cut=1/3",
                                                         "--set", "rearm_cost=0.3333")
    assert "1/3 (default 8)" in run("show", "us-europe", "--set", "cut=1/3")
    assert "at cut = 1/3, " in run("bargain", "us-europe", "--set", "cut=1/3")
    for fmt in ("table", "markdown"):
        assert "Parameter values used: cut = 1/3, " in run("explain", "us-europe", "--set", "cut=1/3", "--format", fmt)


def test_json_keeps_the_number():
    report = json.loads(run("solve", "us-europe", "--set", "cut=1/3", "--json"))
    assert report["parameters"]["cut"] == 1 / 3


def test_numbers_module_imports_nothing_heavy():
    code = ("import sys\nimport wedge_cli.text.numbers\n"
            "bad = [m for m in sys.modules if m.split('.')[0] in ('typer', 'rich', 'click', 'numpy')]\n"
            "assert not bad, bad\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr


def test_a_share_that_is_not_zero_never_prints_as_zero():
    assert share_text(1 / 40_000) == "<0.1%" and share_text(0) == "0.0%"
    assert share_text(1 - 1 / 40_000) == ">99.9%" and share_text(1) == "100.0%"
    assert share_text(0.25) == "25.0%"
