"""Fuzzing the front door (issue 12): mutated bundled files and generated payoff expressions.

Whatever the input, a command must end with a known exit code (0 ok, 2 usage, 3 invalid
input, 4 too large), never with a traceback or an internal error (exit 1), never print
an escape byte, and never run for long. Hypothesis is derandomised so that CI sees the
same inputs on every run; each command runs in a forked child with a hard time limit,
so a hang fails the test instead of stalling the suite.
"""

from __future__ import annotations

import json
import os
import select
import signal
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from wedge_cli.cli.main import app

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = sorted((ROOT / "payoffs").glob("*.toml"))
ALLOWED = {0, 2, 3, 4}
SECONDS = 15  # per command; the inputs are small games that take milliseconds, so this is a hang


def test_the_time_limit_catches_a_hang(monkeypatch):
    """The guard itself: a command stuck in one long C-level operation is killed and reported."""
    import wedge_cli.formats.catalog

    monkeypatch.setattr(wedge_cli.formats.catalog, "bundled_names", lambda: [str(10 ** (10 ** 9))])
    start = time.monotonic()
    with pytest.raises(Hang, match="more than 1 s"):
        run_isolated(["list"], None, 1)
    assert time.monotonic() - start < 10

# no shrinking: a failing input is reported as found (shrinking a hang would cost SECONDS per try)
FUZZ = settings(max_examples=12, deadline=None, derandomize=True, database=None,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


class Hang(Exception):
    pass


def run_isolated(args: list[str], stdin: str | None, seconds: float) -> tuple[int, str, str]:
    """Run one command in a forked child and kill it after ``seconds``.

    A signal cannot stop one long C-level operation (say, a 100-million-digit
    power), so the time limit is enforced from outside. Fork is cheap here: the
    modules are already imported.
    """
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: run, report, and leave without running pytest's exit handlers
        os.close(read_end)
        try:
            result = CliRunner().invoke(app, args, input=stdin)
            payload = [result.exit_code, result.stdout, result.stderr]
        except BaseException as exc:  # noqa: BLE001 - reported to the parent as a failure
            payload = [-1, "", f"CliRunner raised {exc!r}"]
        with os.fdopen(write_end, "w", encoding="utf-8") as handle:
            handle.write(json.dumps(payload))
        os._exit(0)
    os.close(write_end)
    chunks, deadline = [], time.monotonic() + seconds
    with os.fdopen(read_end, "rb") as handle:
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([handle], [], [], left)[0]:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                raise Hang(f"wedge {' '.join(args)} ran for more than {seconds} s")
            chunk = os.read(handle.fileno(), 1 << 16)
            if not chunk:
                break
            chunks.append(chunk)
    os.waitpid(pid, 0)
    code, out, err = json.loads(b"".join(chunks).decode("utf-8"))
    return code, out, err


@pytest.fixture(scope="module", autouse=True)
def warm():
    """Run each fuzzed command once here, so that the forked children inherit the lazily
    imported modules (numpy, the solvers, rich) instead of importing them every time."""
    for args in (["check", "us-europe"], ["solve", "us-russia-china"], ["show", "us-europe"],
                 ["sweep", "us-europe", "--param", "cut=0:20:4"]):
        CliRunner().invoke(app, args)


def check_run(args: list[str], stdin: str | None = None) -> None:
    code, out, err = run_isolated(args, stdin, SECONDS)
    both = out + err
    assert code in ALLOWED, (args, code, err[-2000:])
    assert "Traceback" not in both and "internal error" not in both, both[-2000:]
    assert "\x1b" not in both, "an escape byte reached the terminal"


# A mutation: (kind, position as a fraction of the text, payload)
_PAYLOADS = st.sampled_from([
    "", "[", "]", "[[", "]]", '"', "'", "=", "\n", "#", ",", "{", "}", "0", "-1", "1e308", "1e-400", "1e99999",
    "0e99999999", "1/0", "9" * 40, "nan", "inf", "\\u001b[31m", "[bold]", "[/]", ":100:", "\t", "٣", "ｃｕｔ",
    "x" * 200, "__import__('os')", "**", "((((", "relief", "strategies", "players", "payoffs", "parameters",
    "min", "max", "value", "distribution", "sd", "notes", "\ufeff",
])
_MUTATION = st.tuples(st.sampled_from(["insert", "replace", "delete", "truncate", "duplicate"]),
                      st.floats(0, 1), st.integers(1, 40), _PAYLOADS)


def mutate(text: str, mutations) -> str:
    for kind, where, width, payload in mutations:
        i = int(where * len(text))
        if kind == "insert":
            text = text[:i] + payload + text[i:]
        elif kind == "replace":
            text = text[:i] + payload + text[i + width:]
        elif kind == "delete":
            text = text[:i] + text[i + width:]
        elif kind == "truncate":
            text = text[:i]
        else:
            text = text[:i] + text[i:i + width] + text[i:]
    return text


@pytest.mark.parametrize("path", BUNDLED, ids=[p.stem for p in BUNDLED])
@FUZZ
@given(mutations=st.lists(_MUTATION, min_size=1, max_size=4))
def test_mutated_bundled_files(path, mutations, tmp_path_factory):
    text = mutate(path.read_text(encoding="utf-8"), mutations)
    target = tmp_path_factory.mktemp("fuzz") / "game.toml"
    target.write_text(text, encoding="utf-8")
    check_run(["check", str(target)])
    check_run(["solve", str(target), "--method", "pure"])
    check_run(["show", "-"], stdin=text)


# Payoff expressions built from the grammar's pieces and some that are not in it.
_ATOMS = st.sampled_from(["t", "u", "0", "1", "2.5", "5/2", "1e3", "1e308", "1e-300", "1e400", "1e-99999999",
                          "0e99999999", "-0", "pi", "e", "sqrt(2)", "abs(t)", "min(t, u)", "max(t, 1)", "t**2",
                          "2**1000", "10**400", "nope", "t.real", "__class__", "'s'", "[1]", "lambda: 1"])
_OPS = st.sampled_from([" + ", " - ", " * ", " / ", " ** ", " % ", " // ", " < ", " and ", ""])


@st.composite
def expressions(draw, depth: int = 3) -> str:
    if depth == 0 or draw(st.booleans()):
        return draw(_ATOMS)
    left, right = draw(expressions(depth - 1)), draw(expressions(depth - 1))
    form = draw(st.sampled_from(["{l}{op}{r}", "({l}){op}({r})", "-{l}", "sqrt({l})", "exp({l})", "log({l})",
                                 "if_else({l}, {r}, 1)", "{l}{op}"]))
    return form.format(l=left, r=right, op=draw(_OPS))


GAME = '''title = "fuzz"
[parameters.t]
value = {t}
min = -10
max = 10
[parameters.u]
value = 1
[[players]]
name = "Row"
strategies = ["a", "b"]
[[players]]
name = "Col"
strategies = ["c", "d"]
[payoffs]
Row = [["{x}", 0], [1, "{y}"]]
Col = [[1, "{y}"], ["{x}", 0]]
'''


@pytest.mark.slow  # 30 generated files, each solved in a child process with a time limit
@settings(FUZZ, max_examples=30)
@example(x="1e-99999999", y="0e99999999", t="0")  # the 11-character hang of the issue, always tried
@given(x=expressions(), y=expressions(), t=st.sampled_from(["0", "3", "-2.5", "1e-9", "\"1/3\""]))
def test_generated_expressions(x, y, t, tmp_path_factory):
    text = GAME.format(x=x.replace('"', "'"), y=y.replace('"', "'"), t=t)
    target = tmp_path_factory.mktemp("expr") / "game.toml"
    target.write_text(text, encoding="utf-8")
    check_run(["check", str(target)])
    check_run(["solve", str(target)])
    check_run(["sweep", str(target), "--param", "t=-2:2:8"])
    check_run(["solve", str(target), "--set", f"t={x.split()[0]}"])
