"""Output for pipes and files (issue 11): compact JSON, JSON lines, no padding, whole files or none."""

import csv
import importlib
import io
import json

import pytest
from typer.testing import CliRunner

from wedge_cli.cli.common import ExitCode
from wedge_cli.cli.main import app


@pytest.fixture
def runner():
    return CliRunner()


def run(runner, *args):
    return runner.invoke(app, list(args))


@pytest.mark.parametrize("args", [
    ["solve", "us-europe"], ["show", "us-europe"], ["check", "us-europe"], ["list"],
    ["export", "us-europe", "--to", "toml"], ["bargain", "us-europe"], ["explain", "us-europe"],
    ["robust", "us-europe", "--samples", "200"], ["sweep", "us-europe", "--param", "cut=0:20:10"],
])
def test_every_json_command_is_compact_when_piped_and_indents_on_request(runner, args):
    compact = run(runner, *args, "--json")
    indented = run(runner, *args, "--json", "--indent")
    assert compact.exit_code == 0 and indented.exit_code == 0, compact.stderr + indented.stderr
    assert compact.stdout.count("\n") == 1 and compact.stdout.startswith('{"schema":"wedge.')
    assert indented.stdout.startswith('{\n  "schema": "wedge.')
    assert json.loads(compact.stdout) == json.loads(indented.stdout)


@pytest.mark.parametrize("args", [
    ["solve", "us-russia-china"], ["show", "us-europe"], ["list"], ["robust", "us-europe", "--samples", "200"],
    ["sweep", "us-europe", "--param", "cut=0:20:10"], ["explain", "us-europe"], ["check", "us-europe"],
])
def test_tables_off_a_terminal_have_no_trailing_padding(runner, args):
    out = run(runner, *args).stdout
    assert out.strip()
    assert all(line == line.rstrip() for line in out.splitlines()), [ln for ln in out.splitlines() if ln != ln.rstrip()]


def test_robust_jsonl_streams_one_sample_per_line(runner):
    result = run(runner, "robust", "us-europe", "--samples", "300", "--seed", "4", "--format", "jsonl")
    assert result.exit_code == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [d["sample"] for d in lines] == list(range(1, 301))
    summary = json.loads(run(runner, "robust", "us-europe", "--samples", "300", "--seed", "4", "--json").stdout)
    assert set(lines[0]["values"]) == {"cut", "rearm_cost", "deterrence_value", "pivot_value", "us_stake"}
    # the lines add up to the summary's outcome counts
    counts = {}
    for d in lines:
        for o in d["outcomes"]:
            key = json.dumps(o["support"], sort_keys=True)
            counts[key] = counts.get(key, 0) + 1
    assert counts == {json.dumps(o["support"], sort_keys=True): o["count"] for o in summary["outcomes"]}


def test_samples_out_jsonl_and_csv_hold_the_same_draws(runner, tmp_path):
    lines_path, csv_path = tmp_path / "draws.jsonl", tmp_path / "draws.csv"
    for path in (lines_path, csv_path):
        result = run(runner, "robust", "us-europe", "--samples", "120", "--seed", "2", "--samples-out", str(path))
        assert result.exit_code == 0, result.stderr
    lines = [json.loads(line) for line in lines_path.read_text().splitlines()]
    rows = list(csv.DictReader(io.StringIO(csv_path.read_text())))
    assert len(lines) == len(rows) == 120
    for d, row in zip(lines, rows):
        assert d["sample"] == int(row["sample"])
        assert all(d["values"][k] == float(row[k]) for k in d["values"])
        assert len(d["outcomes"]) == len(row["equilibria"].split(" | "))
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary file left


def test_an_interrupted_robust_run_leaves_no_half_file(runner, tmp_path, monkeypatch):
    robust_module = importlib.import_module("wedge_cli.robust.run")  # wedge_cli.robust is the API function
    target = tmp_path / "draws.csv"
    target.write_text("the previous run\n")
    real = robust_module.run

    def interrupted(*args, on_chunk=None, **kwargs):
        def chunk_then_stop(*a):
            on_chunk(*a)
            raise KeyboardInterrupt

        return real(*args, on_chunk=chunk_then_stop, **kwargs)

    monkeypatch.setattr(robust_module, "run", interrupted)
    result = run(runner, "robust", "us-europe", "--samples", "50000", "--samples-out", str(target))
    assert result.exit_code == ExitCode.INTERRUPTED
    assert target.read_text() == "the previous run\n"
    assert [p.name for p in tmp_path.iterdir()] == ["draws.csv"]


def test_export_output_is_replaced_whole(runner, tmp_path):
    target = tmp_path / "game.toml"
    result = run(runner, "export", "us-europe", "--to", "toml", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    assert target.read_text() == run(runner, "export", "us-europe", "--to", "toml").stdout
    missing = run(runner, "export", "us-europe", "--to", "toml", "-o", str(tmp_path / "no" / "game.toml"))
    assert missing.exit_code == ExitCode.INVALID_INPUT and "cannot write" in missing.stderr
    assert missing.stdout == ""


def test_forecast_scales_one_timed_solve_by_points_and_lines(monkeypatch):
    from wedge_cli.sweep import forecast as forecast
    from wedge_cli.formats.toml_read import load
    from wedge_cli.sweep.axis import parse_axis

    ticks = iter(range(10**6))
    monkeypatch.setattr(forecast.time, "perf_counter", lambda: next(ticks) * 0.01)  # every solve takes 0.01 s
    spec = load("us-russia-china")
    axes = [parse_axis("relief=0:30:40", spec), parse_axis("distrust=0:1:20", spec)]
    expected = 0.01 * (forecast.GRID_FACTOR * 41 * 21 + forecast.LINE_FACTOR * (41 + 21))
    assert forecast.sweep_seconds(spec, axes) == pytest.approx(expected)
    one = [parse_axis("relief=0:30:40", spec)]
    assert forecast.sweep_seconds(spec, one) == pytest.approx(0.01 * forecast.GRID_FACTOR * 41)


def test_forecast_is_none_for_batched_sweeps():
    from wedge_cli.sweep.forecast import sweep_seconds
    from wedge_cli.formats.toml_read import load
    from wedge_cli.sweep.axis import parse_axis

    spec = load("us-europe")
    assert sweep_seconds(spec, [parse_axis("cut=0:20:5000", spec)]) is None
    three = load("us-russia-china")
    assert sweep_seconds(three, [parse_axis("relief=0:30:5000", three)], method="pure") is None


# ------------------------------------------------------------ the process (issue 12)

ROOT = __import__("pathlib").Path(__file__).resolve().parent.parent


def _wedge(*args, **kwargs):
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-m", "wedge_cli", *args], capture_output=True, text=True, timeout=120,
                          cwd=ROOT, **kwargs)


@pytest.mark.parametrize("args", [["solve", "us-europe", "--json"], ["show", "us-europe"],
                                  ["sweep", "us-europe", "--param", "cut=0:20:20000", "--format", "jsonl"]])
def test_a_full_disk_on_stdout_is_exit_3_with_a_message(args):
    import subprocess
    import sys

    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "wedge_cli", *args], stdout=full, stderr=subprocess.PIPE,
                              text=True, timeout=120, cwd=ROOT)
    assert done.returncode == ExitCode.INVALID_INPUT, done.stderr
    assert done.stderr.startswith("error: cannot write the output: No space left on device")
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr


def test_a_file_size_limit_leaves_no_partial_samples_file(tmp_path):
    import resource

    target = tmp_path / "draws.csv"
    target.write_text("old\n")

    def limit():
        resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))

    done = _wedge("robust", "us-europe", "--samples", "20000", "--samples-out", str(target), preexec_fn=limit)
    assert done.returncode == ExitCode.INVALID_INPUT, done.stderr
    assert f"cannot write {target}: File too large" in done.stderr and done.stdout == ""
    assert target.read_text() == "old\n" and [p.name for p in tmp_path.iterdir()] == ["draws.csv"]


def test_ctrl_c_while_starting_exits_130_without_a_traceback():
    """SIGINT arrives while the command modules are still being imported."""
    code = (
        "import builtins, os, signal\n"
        "from wedge_cli.cli import entry\n"
        "real = builtins.__import__\n"
        "def importing(name, *args, **kwargs):\n"
        "    if name == 'wedge_cli.cli.main':\n"
        "        os.kill(os.getpid(), signal.SIGINT)\n"
        "    return real(name, *args, **kwargs)\n"
        "builtins.__import__ = importing\n"
        "entry.run()\n"
    )
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", code, "list"], capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert done.returncode == 130
    assert done.stderr == "" and done.stdout == ""


def test_robust_distribution_errors_name_the_file(runner, write):
    path = write(
        'title = "t"\n[parameters.a]\nvalue = 0\nmin = 0\nmax = 1e-12\nsd = 1\ndistribution = "normal"\n'
        '[[players]]\nname = "R"\nstrategies = ["a", "b"]\n[[players]]\nname = "C"\nstrategies = ["c", "d"]\n'
        '[payoffs]\nR = [["a", 0], [0, 1]]\nC = [[1, 0], [0, 1]]\n')
    result = run(runner, "robust", str(path), "--samples", "10")
    assert result.exit_code == ExitCode.INVALID_INPUT
    assert result.stderr.startswith(f"error: {path}:2: parameter 'a': a normal distribution")


# ------------------------------------------------------------ plots (issue 12)


def test_svg_and_png_plots_are_byte_for_byte_reproducible(runner, tmp_path):
    for suffix in ("svg", "png"):
        first, second = tmp_path / f"a.{suffix}", tmp_path / f"b.{suffix}"
        for target in (first, second):
            result = run(runner, "sweep", "us-europe", "--param", "cut=0:20:10", "--plot", str(target))
            assert result.exit_code == 0, result.stderr
        assert first.read_bytes() == second.read_bytes(), suffix
    assert b"<dc:date>" not in (tmp_path / "a.svg").read_bytes()


def test_a_failed_plot_leaves_the_old_file(runner, tmp_path, monkeypatch):
    from matplotlib.figure import Figure

    target = tmp_path / "map.png"
    target.write_bytes(b"old picture")

    def half_then_full_disk(self, handle, **kwargs):
        handle.write(b"\x89PNG half")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Figure, "savefig", half_then_full_disk)
    result = run(runner, "sweep", "us-europe", "--param", "cut=0:20:10", "--plot", str(target))
    assert result.exit_code == ExitCode.INVALID_INPUT
    assert f"cannot write {target}: No space left on device" in result.stderr
    assert target.read_bytes() == b"old picture" and [p.name for p in tmp_path.iterdir()] == ["map.png"]


def test_a_plot_into_a_missing_folder_fails_before_sweeping(runner, tmp_path, monkeypatch):
    sweep_module = importlib.import_module("wedge_cli.sweep.core")
    monkeypatch.setattr(sweep_module, "sweep", lambda *a, **k: pytest.fail("swept although the plot cannot be written"))
    result = run(runner, "sweep", "us-europe", "--param", "cut", "--plot", str(tmp_path / "no" / "map.png"))
    assert result.exit_code == ExitCode.INVALID_INPUT and "does not exist" in result.stderr


def test_sigkill_at_any_moment_leaves_the_old_file_or_the_whole_new_one(tmp_path):
    """Kill `robust --samples-out` at 8 moments spread over its run: the target is never partial."""
    import random
    import signal
    import subprocess
    import sys
    import time

    target = tmp_path / "draws.jsonl"
    old = "old\n"
    complete = _wedge("robust", "us-europe", "--samples", "3000", "--samples-out", str(target))
    assert complete.returncode == 0, complete.stderr
    whole = target.read_text()
    assert len(whole.splitlines()) == 3000
    rng = random.Random(7)
    outcomes = set()
    for _ in range(8):
        target.write_text(old)
        child = subprocess.Popen([sys.executable, "-m", "wedge_cli", "robust", "us-europe", "--samples", "3000",
                                  "--samples-out", str(target)], cwd=ROOT, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.0, 1.2))
        child.send_signal(signal.SIGKILL)
        child.wait()
        text = target.read_text()
        assert text in (old, whole)
        outcomes.add(text == whole)
        for leftover in tmp_path.glob(".draws.jsonl.*"):  # a killed process cannot clean up its temporary file
            leftover.unlink()
    assert False in outcomes  # at least one kill landed before the rename


def test_python_warnings_print_once_without_internal_paths(runner, monkeypatch):
    import warnings as python_warnings

    import wedge_cli.report.solve

    real = wedge_cli.report.solve.solve_report

    def noisy(*args, **kwargs):
        for _ in range(3):
            python_warnings.warn("overflow encountered in multiply", RuntimeWarning)
        return real(*args, **kwargs)

    monkeypatch.setattr(wedge_cli.report.solve, "solve_report", noisy)
    result = run(runner, "solve", "us-europe")
    assert result.exit_code == 0
    assert result.stderr.count("warning: RuntimeWarning: overflow encountered in multiply") == 1
    assert ".py:" not in result.stderr and "warnings.warn" not in result.stderr


def test_a_write_failing_at_any_point_leaves_the_old_file(runner, tmp_path, monkeypatch):
    """Fault injection at every write of `robust --samples-out` and `export -o`."""
    import errno

    import wedge_cli.files

    real_fdopen = wedge_cli.files.os.fdopen

    class Failing:
        def __init__(self, handle, fail_at):
            self.handle, self.fail_at, self.writes = handle, fail_at, 0

        def write(self, data):
            self.writes += 1
            if self.writes == self.fail_at:
                raise OSError(errno.ENOSPC, "No space left on device")
            return self.handle.write(data)

        def __getattr__(self, name):
            return getattr(self.handle, name)

    cases = [(["robust", "us-europe", "--samples", "40", "--samples-out"], "draws.csv", 41),
             (["export", "us-europe", "--to", "toml", "-o"], "game.toml", 1)]
    for args, name, writes in cases:
        target = tmp_path / name
        for fail_at in range(1, writes + 1):
            target.write_text("old\n")
            monkeypatch.setattr(wedge_cli.files.os, "fdopen",
                                lambda *a, fail_at=fail_at, **k: Failing(real_fdopen(*a, **k), fail_at))
            result = run(runner, *args, str(target))
            assert result.exit_code == ExitCode.INVALID_INPUT, (name, fail_at, result.stderr)
            assert f"cannot write {target}: No space left on device" in result.stderr
            assert target.read_text() == "old\n"
            assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary file left
        monkeypatch.setattr(wedge_cli.files.os, "fdopen", real_fdopen)
