"""``wedge robust``: Monte Carlo over parameter distributions (registered on the main app)."""

from __future__ import annotations

import csv
import sys
import time
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from .cli import FormatOpt, Format, GameArg, JsonOpt, SetOpt, _emit, _exact, _handles_errors, _load, _pick_format, app


class RobustMethod(str, Enum):
    auto = "auto"
    pure = "pure"


@app.command()
@_handles_errors
def robust(
    game: GameArg,
    samples: Annotated[int, typer.Option("--samples", "-n", help="Number of parameter draws.")] = 10_000,
    seed: Annotated[int, typer.Option("--seed", help="Random seed: the same seed gives the same numbers.")] = 0,
    payoff_noise: Annotated[float, typer.Option(
        "--payoff-noise", metavar="FRACTION",
        help="Also move every payoff by up to this fraction of its player's payoff range (0.1 = 10%).")] = 0.0,
    samples_out: Annotated[Optional[Path], typer.Option(
        "--samples-out", metavar="FILE.csv", help="Write every sample (parameters and equilibria) as CSV.")] = None,
    set_: SetOpt = None,
    method: Annotated[RobustMethod, typer.Option("--method", "-m", help=(
        "Equilibria counted in each draw: auto (all of them, as in 'wedge solve': mixed included for 2 and "
        "3 players) or pure (pure equilibria only; faster for 3-player games)."))] = RobustMethod.auto,
    as_json: JsonOpt = False,
    fmt: FormatOpt = Format.table,
) -> None:
    """How robust is a conclusion? Share of random parameter draws in which each outcome is an equilibrium.

    Parameters with distribution = "uniform" | "triangular" | "normal" in the payoff file are drawn;
    --set fixes a parameter; --payoff-noise perturbs every payoff.

    Examples:

      wedge robust us-europe --samples 20000 --seed 1

      wedge robust us-russia-china --payoff-noise 0.1 --json

      wedge robust my_game.toml --set cut=8 --samples-out draws.csv

      wedge robust us-russia-china --samples 100000 --method pure
    """
    from .report import robust_report
    from .robust import run as run_robust

    spec, overrides, values = _load(game, set_)
    fixed = {k: float(_exact(v)) for k, v in overrides.items()}
    writer, handle = None, None
    progress = _progress(samples)
    try:
        if samples_out is not None:
            try:
                handle = samples_out.open("w", newline="", encoding="utf-8")
            except OSError as exc:
                from .errors import WedgeError

                raise WedgeError(f"cannot write {samples_out}: {exc.strerror}",
                                 hint="check the folder exists and is writable") from None
            writer = csv.writer(handle)
            writer.writerow(["sample", *spec.parameters, "equilibria"])
        counter = {"row": 0}

        def on_chunk(done, drawn, structures):
            if writer is not None:
                names = list(spec.parameters)
                for i, structure in enumerate(structures):
                    counter["row"] += 1
                    label = " | ".join(_support_text(spec, s) for s in sorted(structure))
                    writer.writerow([counter["row"], *(repr(float(drawn[n][i])) for n in names), label])
            progress(done)

        result = run_robust(spec, samples, seed, fixed=fixed, payoff_noise=payoff_noise, method=method.value,
                            on_chunk=on_chunk)
    finally:
        progress(None)
        if handle is not None:
            handle.close()
    _emit(robust_report(result), _pick_format(fmt, as_json), "robust_view", "robust_markdown")


def _support_text(spec, support) -> str:
    return ", ".join(
        p.strategies[s[0]] if len(s) == 1 else "{" + "+".join(p.strategies[j] for j in s) + "}"
        for p, s in zip(spec.players, support)
    )


def _progress(total: int):
    """A rich progress bar on stderr, shown only on a terminal and after about a second."""
    state = {"bar": None, "task": None, "start": time.perf_counter()}

    def update(done: int | None) -> None:
        if done is None:
            if state["bar"] is not None:
                state["bar"].stop()
            return
        if state["bar"] is None:
            if not sys.stderr.isatty() or time.perf_counter() - state["start"] < 1.0:
                return
            from rich.progress import Progress

            from .cli import _consoles

            state["bar"] = Progress(console=_consoles()[1], transient=True)
            state["task"] = state["bar"].add_task("sampling", total=total)
            state["bar"].start()
        state["bar"].update(state["task"], completed=done)

    return update
