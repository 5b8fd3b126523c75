"""``wedge robust``: how robust a conclusion is, by Monte Carlo over parameter distributions (docs/robust.md)."""

from __future__ import annotations

import csv
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from wedge_cli.cli.args import fixed_values, load_game, usage_error
from wedge_cli.cli.common import (BudgetOpt, Concept, Format, GameArg, IndentOpt, JsonOpt, Progress, SetOpt, emit,
                                  json_line, report_warnings)
from wedge_cli.files import AtomicFile


class RobustMethod(str, Enum):
    auto = "auto"
    pure = "pure"


class RobustFormat(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    markdown = "markdown"


def robust_command(
    game: GameArg,
    samples: Annotated[int, typer.Option("--samples", "-n", help="Number of parameter draws.")] = 10_000,
    seed: Annotated[int, typer.Option("--seed", help="Random seed: the same seed gives the same numbers.")] = 0,
    payoff_noise: Annotated[float, typer.Option(
        "--payoff-noise", metavar="FRACTION",
        help="Also move every payoff by up to this fraction of its player's payoff range (0.1 = 10%).")] = 0.0,
    samples_out: Annotated[Optional[Path], typer.Option(
        "--samples-out", metavar="FILE.csv|FILE.jsonl",
        help="Write every sample (parameters and equilibria): CSV, or JSON lines when the name ends in .jsonl.")] = None,
    set_: SetOpt = None,
    method: Annotated[RobustMethod, typer.Option("--method", "-m", help=(
        "Equilibria counted in each draw: auto (all of them, as in 'wedge solve': mixed included for 2 and "
        "3 players) or pure (pure equilibria only; faster for 3-player games)."))] = RobustMethod.auto,
    as_json: JsonOpt = False,
    fmt: Annotated[RobustFormat, typer.Option("--format", "-f", help=(
        "table: outcome shares. json: wedge.robust/1. jsonl: every sample as one JSON object per line, "
        "streamed as it is drawn (no summary). markdown: for reports."))] = RobustFormat.table,
    indent: IndentOpt = None,
    budget: BudgetOpt = None,
    concept: Annotated[Optional[Concept], typer.Option(
        "--concept", help=(
            "Game trees: spe counts each draw's subgame-perfect path; pbe its set of pure perfect Bayesian "
            "equilibria, and how often each one exists (the default when a player moves without seeing a chance "
            "move, as in 'wedge solve'). Normal-form games: leave it out."))] = None,
) -> None:
    """How robust is a conclusion? Share of random parameter draws in which each outcome is an equilibrium.

    Parameters with distribution = "uniform" | "triangular" | "normal" in the payoff file are drawn;
    --set fixes a parameter; --payoff-noise perturbs every payoff.

    Examples:

      wedge robust us-europe --samples 20000 --seed 1

      wedge robust us-russia-china --payoff-noise 0.1 --json

      wedge robust my_game.toml --set cut=8 --samples-out draws.csv

      wedge robust us-europe --format jsonl | head -3

      wedge robust us-russia-china --samples 100000 --method pure

    On a game tree: the share of draws in which each path of play is the subgame-perfect one:

      wedge robust two-level-ratification-sequential --samples 20000

    On a signalling game: how often each perfect Bayesian equilibrium exists:

      wedge robust reassurance --samples 2000
    """
    from wedge_cli.report.robust import robust_report, robust_sample_dict  # lazy: keeps numpy off the start-up path
    from wedge_cli.robust.run import run  # lazy: keeps numpy off the start-up path

    spec, overrides, values = load_game(game, set_, trees=True)
    fixed = {k: float(v) for k, v in fixed_values(overrides).items()}
    if hasattr(spec, "skeleton"):  # a game tree (TreeSpec): shares of subgame-perfect paths
        if method is not RobustMethod.auto:
            usage_error(f"--method {method.value} is for normal-form games; a tree is solved by backward induction",
                        hint="leave --method out")
        if concept is Concept.nash:
            usage_error("--concept nash is not counted by wedge robust: a tree's draws are counted by their "
                        "subgame-perfect (spe) or perfect Bayesian (pbe) equilibria",
                        hint="use --concept spe or --concept pbe, or leave it out")
        _robust_tree(spec, samples, seed, payoff_noise, samples_out, fixed, as_json, fmt, indent, budget,
                     None if concept is None else concept.value)
        return
    if concept is not None:
        usage_error(f"--concept {concept.value} is for game trees; a normal-form game's draws are counted by their "
                    "Nash equilibria", hint="leave out --concept")
    sinks = []
    if fmt is RobustFormat.jsonl and not as_json:
        sinks.append(_JsonLines(sys.stdout, robust_sample_dict))
    progress = Progress(sys.stderr.isatty())
    with AtomicFile(samples_out) as handle:
        if handle is not None:
            sinks.append(_JsonLines(handle, robust_sample_dict) if samples_out.suffix.lower() == ".jsonl" else _CsvRows(handle, spec))
        counter = {"row": 0}

        def on_chunk(done, drawn, structures):
            for i, structure in enumerate(structures):
                counter["row"] += 1
                for sink in sinks:
                    sink.write(spec, counter["row"], {n: drawn[n][i] for n in spec.parameters}, structure)
            progress("sampling", done, samples)

        try:
            result = run(spec, samples, seed, fixed=fixed, payoff_noise=payoff_noise, method=method.value,
                         on_chunk=on_chunk, budget=budget)
        finally:
            progress.close()
    if fmt is RobustFormat.jsonl and not as_json:
        return
    shown = Format.json if as_json else Format(fmt.value)
    emit(robust_report(result), shown, "tables.robust_view", "tables.robust_markdown", indent)


class _JsonLines:
    """Samples as JSON lines (``sample_dict``: the report's ``robust_sample_dict``), written as they are drawn."""

    def __init__(self, handle, sample_dict) -> None:
        self.handle = handle
        self.sample_dict = sample_dict

    def write(self, spec, row: int, values: dict, structure) -> None:
        self.handle.write(json_line(self.sample_dict(spec, row, values, structure)))


class _CsvRows:
    """Samples as CSV rows: sample, every parameter, and the equilibria in words."""

    def __init__(self, handle, spec) -> None:
        self.writer = csv.writer(handle)
        self.writer.writerow(["sample", *spec.parameters, "equilibria"])

    def write(self, spec, row: int, values: dict, structure) -> None:
        label = " | ".join(_support_text(spec, s) for s in sorted(structure))
        self.writer.writerow([row, *(repr(float(values[n])) for n in spec.parameters), label])


def _support_text(spec, support) -> str:
    return ", ".join(
        p.strategies[s[0]] if len(s) == 1 else "{" + "+".join(p.strategies[j] for j in s) + "}"
        for p, s in zip(spec.players, support)
    )



def _robust_tree(spec, samples, seed, payoff_noise, samples_out, fixed, as_json, fmt, indent, budget,
                 concept: str | None = None) -> None:
    """``wedge robust TREE``: the share of draws in which each path of play is the subgame-perfect one."""
    from wedge_cli.report.tree_robust import path_label, tree_robust_report, tree_sample_dict  # lazy: numpy
    from wedge_cli.robust.tree import run_tree  # lazy: keeps numpy off the start-up path

    sinks: list = []
    if fmt is RobustFormat.jsonl and not as_json:
        sinks.append(_JsonLines(sys.stdout, tree_sample_dict))
    progress = Progress(sys.stderr.isatty())
    with AtomicFile(samples_out) as handle:
        if handle is not None:
            if samples_out.suffix.lower() == ".jsonl":
                sinks.append(_JsonLines(handle, tree_sample_dict))
            else:
                writer = csv.writer(handle)
                writer.writerow(["sample", *spec.parameters, "path"])
                sinks.append(_TreeCsvRows(writer, path_label))
        counter = {"row": 0}

        def on_chunk(done, drawn, paths):
            for i, path in enumerate(paths):
                counter["row"] += 1
                for sink in sinks:
                    sink.write(spec, counter["row"], {n: drawn[n][i] for n in spec.parameters}, path)
            progress("sampling", done, samples)

        try:
            result = run_tree(spec, samples, seed, fixed=fixed, payoff_noise=payoff_noise, on_chunk=on_chunk,
                              budget=budget, concept=concept)
        finally:
            progress.close()
    if fmt is RobustFormat.jsonl and not as_json:
        return
    report = tree_robust_report(result)
    report_warnings(report)
    shown = Format.json if as_json else Format(fmt.value)
    emit(report, shown, "tables.tree_robust_view", "tables.tree_robust_markdown", indent)


class _TreeCsvRows:
    """Draws of a tree as CSV rows: sample, every parameter, and the path of play in words."""

    def __init__(self, writer, label) -> None:
        self.writer, self.label = writer, label

    def write(self, spec, row: int, values: dict, path) -> None:
        self.writer.writerow([row, *(repr(float(values[n])) for n in spec.parameters), self.label(path)])
