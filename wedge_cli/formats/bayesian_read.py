"""Read the Bayesian normal form (players with types, a prior, payoffs per type profile) into a game tree.

A payoff file whose players have ``types`` is a Bayesian game in the short form analysts
write: strategies as in a normal-form file, a prior over the types (one ``prior`` list per
typed player when the types are independent, or one joint ``[prior]`` table), and the
usual payoffs once per type profile (``[payoffs.TYPE]`` tables or ``[[outcomes]]`` entries
with ``types``). :func:`read_bayesian` validates it with errors naming the file, the line
and the fix, and expands it into a :class:`~wedge_cli.tree.TreeSpec`: chance draws the
types first (one chance node per typed player in player order, or one joint node), then
the players choose in order, each knowing its own type and nothing else
(:mod:`wedge_cli.formats.bayesian_tree`), so every solver, sweep and writer of trees
applies unchanged. The format and the expansion: docs/format.md ("Bayesian games").
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from fractions import Fraction

import numpy as np

from wedge_cli.errors import GameTooLargeError, LoadError, suggest
from wedge_cli.formats.bayesian_tree import Prior, expand
from wedge_cli.formats.toml_fields import FieldReader, kind_of
from wedge_cli.formats.toml_lines import TomlLines
from wedge_cli.model import Parameter, Player, exact_number
from wedge_cli.tree import MAX_NODES, PROBABILITY_TOL, TreeSpec

BAYESIAN_KEYS = ("title", "description", "source", "scale", "parameters", "players", "prior", "payoffs", "outcomes")
BAYESIAN_PLAYER_KEYS = ("name", "strategies", "types", "prior", "description")
BAYESIAN_OUTCOME_KEYS = ("types", "profile", "payoffs", "note")
MAX_TYPES = 20
"""Most types one player may have (as many as strategies)."""

__all__ = ["BAYESIAN_KEYS", "BAYESIAN_OUTCOME_KEYS", "BAYESIAN_PLAYER_KEYS", "MAX_TYPES", "is_bayesian",
           "mixed_forms_error", "read_bayesian"]


def is_bayesian(data: Mapping) -> bool:
    """Whether a parsed TOML file is a Bayesian game: a player has ``types`` or ``prior``, or there is a ``[prior]``."""
    players = data.get("players")
    typed = isinstance(players, list) and any(
        isinstance(p, Mapping) and ("types" in p or "prior" in p) for p in players)
    return typed or "prior" in data


def mixed_forms_error(data: Mapping, lines: TomlLines, path: str) -> LoadError:
    """The error for a file with both ``[[nodes]]`` (a tree) and types or a prior (a Bayesian game)."""
    line = lines.of("prior") if "prior" in data else None
    players = data.get("players")
    for i, table in enumerate(players if isinstance(players, list) else []):
        for key in ("types", "prior"):
            if line is None and isinstance(table, Mapping) and key in table:
                line = lines.of("players", i, key)
    return LoadError("this file has [[nodes]] (a game tree) and types or a prior (a Bayesian game); a file is one "
                     "or the other", path=path, line=line,
                     hint="in a tree, draw the types at a chance node (probabilities = [...]) and hide them with "
                          "infoset labels; or remove [[nodes]] and give payoffs per type profile "
                          "(docs/format.md, 'Bayesian games')")


def read_bayesian(data: Mapping, lines: TomlLines, path: str) -> TreeSpec:
    """Validate a parsed Bayesian game and expand it into a tree; raises LoadError naming the line."""
    return _BayesianReader(dict(data), lines, path).build()


class _BayesianReader(FieldReader):
    def build(self) -> TreeSpec:
        data = self.data
        if "nodes" in data:
            raise mixed_forms_error(data, self.lines, self.path)
        self.unknown_keys(data, BAYESIAN_KEYS, what="the top level of a Bayesian game")
        players = self.strategy_players(BAYESIAN_PLAYER_KEYS)
        parameters = self.parameters()
        types = self.player_types(players)
        typed = tuple(i for i, t in enumerate(types) if t)
        profiles = tuple(itertools.product(*(range(len(types[i])) for i in typed)))
        self.check_size(players, types, typed)
        prior = self.joint_prior(players, types, typed, profiles, parameters) if "prior" in data else \
            self.independent_priors(players, types, typed, parameters)
        cells, where, notes, note_lines = self.payoffs(players, types, typed, profiles, parameters)
        raw = data["players"]
        spec = expand(players, types, prior, cells, where, notes, note_lines,
                      tuple(self.lines.of("players", i) for i in range(len(players))),
            parameters=parameters, title=self.text(data, "title"), description=self.text(data, "description"),
            source=self.text(data, "source"), unit=self.text(data, "scale"), path=self.path,
            player_descriptions=tuple(self.text(table, "description", "players", i) for i, table in enumerate(raw)))
        spec.tree()  # payoffs finite at the default values
        return spec

    # -- types

    def player_types(self, players: Sequence[Player]) -> list[tuple[str, ...]]:
        found: list[tuple[str, ...]] = []
        for i, table in enumerate(self.data["players"]):
            at = ("players", i)
            name = players[i].name
            raw = table.get("types")
            if raw is None:
                if "prior" in table:
                    raise self.error(f"player {name!r} has a prior but no types", *at, "prior",
                                     hint='add types = ["...", "..."], one name per entry of prior, or remove prior')
                found.append(())
                continue
            if not isinstance(raw, list) or not raw or not all(isinstance(t, str) for t in raw):
                raise self.error(f"player {name!r} needs types = [\"...\", ...], a non-empty list of names", *at,
                                 "types", hint='for example types = ["committed", "fickle"]')
            stripped = [t.strip() for t in raw]
            if any(not t for t in stripped):
                raise self.error(f"player {name!r} has an empty type name", *at, "types",
                                 hint="give every type a name")
            dupes = sorted({t for t in stripped if stripped.count(t) > 1})
            if dupes:
                raise self.error(f"player {name!r} has duplicate type {dupes[0]!r}", *at, "types",
                                 hint="give every type of a player a different name")
            if len(stripped) > MAX_TYPES:
                raise self.error(f"player {name!r} has {len(stripped)} types; the limit is {MAX_TYPES}", *at,
                                 "types", cls=GameTooLargeError, hint="merge similar types")
            found.append(tuple(stripped))
        if not any(found):
            raise self.error("a [prior] table, but no player has types", line=self.first_line("prior"),
                             hint='give the players whose type is private types = ["...", ...], or remove [prior]')
        return found

    def check_size(self, players: Sequence[Player], types: Sequence[tuple], typed: Sequence[int]) -> None:
        """Refuse a game whose tree would have more than :data:`~wedge_cli.tree.MAX_NODES` nodes."""
        sizes = [len(types[i]) for i in typed]
        n_profiles = math.prod(sizes)
        chance = 1 if "prior" in self.data else sum(math.prod(sizes[:d]) for d in range(len(sizes)))
        decisions = sum(n_profiles * math.prod(len(p.strategies) for p in players[:i]) for i in range(len(players)))
        strategy_profiles = math.prod(len(p.strategies) for p in players)
        total = chance + decisions + n_profiles * strategy_profiles
        if total > MAX_NODES:
            raise self.error(f"the game's tree would have {total:,} nodes ({n_profiles:,} type profiles x "
                             f"{strategy_profiles:,} strategy profiles), more than the limit of {MAX_NODES:,}",
                             "players", cls=GameTooLargeError, hint="use fewer types or strategies")

    def first_line(self, key: str) -> int | None:
        """The first line of top-level table ``key`` or of any table under it (``[prior.high]`` without ``[prior]``)."""
        found = [line for path, line in (*self.lines.tables.items(), *self.lines.keys.items()) if path[0] == key]
        return min(found, default=None)

    def types_text(self, players: Sequence[Player], types: Sequence[tuple], typed: Sequence[int],
                   profile: Sequence[int]) -> str:
        """``P2 is meet`` or ``A is high and B is low``: a type profile in words."""
        parts = [f"{players[i].name} is {types[i][t]}" for i, t in zip(typed, profile)]
        return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]

    # -- priors

    def independent_priors(self, players, types, typed, parameters) -> Prior:
        cells, lines = [], []
        for i in typed:
            at = ("players", i)
            name, names = players[i].name, types[i]
            example = "prior = [" + ", ".join(["0.5", "0.5"] if len(names) == 2 else ["..."] * len(names)) + "]"
            raw = self.data["players"][i].get("prior")
            if raw is None:
                raise self.error(f"player {name!r} has types but no prior", *at, "types",
                                 hint=f"add {example}, one probability per type ({', '.join(names)}), "
                                      "or give the joint distribution of the types in a [prior] table")
            if not isinstance(raw, list) or len(raw) != len(names):
                shown = f"{len(raw)} value{'' if len(raw) == 1 else 's'}" if isinstance(raw, list) else kind_of(raw)
                raise self.error(f"player {name!r}: prior must list {len(names)} probabilities, one per type "
                                 f"({', '.join(names)}), in the same order; found {shown}", *at, "prior",
                                 hint=f'for example {example}, or ["p", "1 - p"] with a parameter p')
            line = self.lines.of(*at, "prior")
            row = tuple(self.cell(value, parameters, line, f"prior of {name}'s type {t!r}")
                        for t, value in zip(names, raw))
            self.check_prior(row, [f"{t} = {_written(v)}" for t, v in zip(names, raw)], f"{name}'s types",
                             names, parameters, line)
            cells.append(row)
            lines.append(line)
        return Prior(tuple(cells), tuple(lines), None, None)

    def joint_prior(self, players, types, typed, profiles, parameters) -> Prior:
        raw = self.data["prior"]
        for i in range(len(players)):
            if "prior" in self.data["players"][i]:
                raise self.error(f"player {players[i].name!r} has a prior, and so does the [prior] table", "players",
                                 i, "prior", hint="give either one prior per player with types (independent types) "
                                                  "or the joint [prior] table, not both")
        owners = ", ".join(players[i].name for i in typed)
        if not isinstance(raw, dict):
            raise self.error("'prior' must be a table of probabilities, one per type profile", "prior",
                             hint=f"write [prior] then TYPE = probability, with one dotted name per player with "
                                  f"types ({owners}), e.g. {'.'.join(types[i][0] for i in typed)} = 0.25")

        def walk(table: dict, at: tuple[str, ...], depth: int) -> None:
            names = types[typed[depth]]
            for key, value in table.items():
                if key not in names:
                    raise self.error(f"[{'.'.join(at)}] names {key!r}, which is not a type of "
                                     f"{players[typed[depth]].name} ({', '.join(names)})", *at, key,
                                     hint=suggest(key, names))
                deeper = depth + 1 < len(typed)
                if deeper and not isinstance(value, dict):
                    raise self.error(f"[{'.'.join(at)}] gives {key} {kind_of(value)}, but a type profile names "
                                     f"{len(typed)} types, one per player with types ({owners})", *at, key,
                                     hint=f"write [{'.'.join((*at, key))}] then one probability per type of "
                                          f"{players[typed[depth + 1]].name}")
                if deeper:
                    walk(value, (*at, key), depth + 1)

        walk(raw, ("prior",), 0)
        cells, shown = [], []
        line = self.first_line("prior")
        for profile in profiles:
            names = [types[i][t] for i, t in zip(typed, profile)]
            value = raw
            for name in names:
                value = value.get(name) if isinstance(value, dict) else None
            if value is None:
                raise self.error(f"the [prior] table gives no probability for the type profile where "
                                 f"{self.types_text(players, types, typed, profile)}", line=line,
                                 hint=f"add {'.'.join(names)} = ... under [prior]; write 0 if it cannot happen")
            cells.append(self.cell(value, parameters, self.lines.of("prior", *names),
                                   f"prior of the type profile ({', '.join(names)})"))
            shown.append(f"{'/'.join(names)} = {_written(value)}")
        self.check_prior(cells, shown, "the type profiles", ["/".join(types[i][t] for i, t in zip(typed, p))
                                                              for p in profiles], parameters, line)
        return Prior(None, (), tuple(cells), line)

    def check_prior(self, cells: Sequence, shown: Sequence[str], what: str, names: Sequence[str],
                    parameters: Mapping[str, Parameter], line: int | None) -> None:
        """Refuse a prior with a negative probability, or not summing to 1 (exactly when rational), at the defaults."""
        env_q = {name: exact_number(p.value) for name, p in parameters.items()}
        env_f = {name: float(q) for name, q in env_q.items()}
        at_defaults = " at the parameters' values" if any(getattr(c, "names", None) for c in cells) else ""
        values = []
        for name, cell in zip(names, cells):
            if isinstance(cell, Fraction):
                value, q = float(cell), cell
            else:
                with np.errstate(all="ignore"):
                    value = float(cell.evaluate(env_f))
                q = cell.evaluate_exact(env_q)
            if not math.isfinite(value) or (q < 0 if q is not None else value < -PROBABILITY_TOL):
                raise self.error(f"the prior of {what}: {name} has probability {value:.6g}{at_defaults} "
                                 f"({', '.join(shown)}); probabilities must be between 0 and 1", line=line,
                                 hint="change the prior or the parameter's value so that it is not negative")
            values.append((value, q))
        if all(q is not None for _, q in values):
            total = sum((q for _, q in values), Fraction(0))
            wrong = total != 1
        else:
            total = sum(v for v, _ in values)
            wrong = abs(total - 1) > PROBABILITY_TOL
        if wrong:
            raise self.error(f"the prior of {what} sums to {total}{at_defaults} ({', '.join(shown)}), not 1",
                             line=line, hint='make it sum to 1 exactly, e.g. write the last probability as 1 minus '
                                             'the others: prior = ["p", "1 - p"]')

    # -- payoffs

    def payoffs(self, players, types, typed, profiles, parameters):
        """Cells per type profile (``cells[profile][(p, *strategies)]``), their lines, and the outcome notes."""
        shape = tuple(len(p.strategies) for p in players)
        cells = {tau: np.full((len(players), *shape), None, dtype=object) for tau in profiles}
        where: dict[tuple, dict] = {tau: {} for tau in profiles}
        origin: dict[tuple, dict] = {tau: {} for tau in profiles}
        raw = self.data.get("payoffs")
        if raw is not None:
            if not isinstance(raw, dict):
                raise self.error("'payoffs' must be a table with one table per type profile", "payoffs",
                                 hint=f"write [payoffs.{types[typed[0]][0]}] then PlayerName = [[...], [...]]")
            self.type_tables(raw, ("payoffs",), (), players, types, typed, parameters, cells, where, origin)
        notes, note_lines = self.outcomes(players, types, typed, parameters, cells, where, origin)
        for tau in profiles:
            missing = [idx for idx, cell in np.ndenumerate(cells[tau]) if cell is None]
            if not missing:
                continue
            when = self.types_text(players, types, typed, tau)
            names = [types[i][t] for i, t in zip(typed, tau)]
            listed = "[" + ", ".join(f'"{n}"' for n in names) + "]"
            if len(missing) == cells[tau].size:
                raise self.error(f"no payoffs for the type profile where {when}", line=self.first_line("payoffs"),
                                 hint=f"add a [payoffs.{'.'.join(names)}] table with one array per player, or "
                                      f"[[outcomes]] entries with types = {listed}")
            p, *profile = missing[0]
            shown = ", ".join(players[i].strategies[s] for i, s in enumerate(profile))
            raise self.error(
                f"no payoff for {players[p].name} at ({shown}) when {when}; {len(missing)} payoff(s) missing for "
                "this type profile", "payoffs", *names,
                hint=f"give {players[p].name} = [...] under [payoffs.{'.'.join(names)}] with the full shape "
                     f"{' x '.join(map(str, shape))}, or an [[outcomes]] entry with types = {listed}, profile = ["
                     + ", ".join(f'"{players[i].strategies[s]}"' for i, s in enumerate(profile))
                     + "] and payoffs = [...]")
        return cells, where, notes, note_lines

    def type_tables(self, table: dict, at: tuple[str, ...], tau: tuple[int, ...], players, types, typed,
                    parameters, cells, where, origin) -> None:
        """Walk ``[payoffs]`` down one level per typed player to the arrays of each type profile."""
        depth = len(tau)
        if depth == len(typed):
            when = " when " + self.types_text(players, types, typed, tau)
            self.array_payoffs(table, at, players, parameters, cells[tau], where[tau], origin[tau], when)
            return
        owner = players[typed[depth]]
        names = types[typed[depth]]
        for key, value in table.items():
            if key not in names:
                hint = suggest(key, names)
                if key in [p.name for p in players]:
                    hint = (f"payoffs depend on the types here: write [{'.'.join((*at, names[0]))}] then "
                            f"{key} = [[...], ...], one such table per type of {owner.name}")
                raise self.error(f"[{'.'.join(at)}] names {key!r}, which is not a type of {owner.name} "
                                 f"({', '.join(names)})", *at, key, hint=hint)
            if not isinstance(value, dict):
                rest = [players[i].name for i in typed[depth + 1:]]
                inner = f"one table per type of {rest[0]}" if rest else "one array per player"
                raise self.error(f"[{'.'.join((*at, key))}] must be a table ({inner}), not {kind_of(value)}",
                                 *at, key, hint=f"write [{'.'.join((*at, key))}] on a line of its own, then "
                                                + ("TYPE tables" if rest else "PlayerName = [[...], ...]"))
            self.type_tables(value, (*at, key), (*tau, names.index(key)), players, types, typed, parameters,
                             cells, where, origin)

    def outcomes(self, players, types, typed, parameters, cells, where, origin):
        """``[[outcomes]]`` entries with types, profile, payoffs and a note; returns notes and their lines."""
        raw = self.data.get("outcomes", [])
        if not isinstance(raw, list) or not all(isinstance(o, dict) for o in raw):
            raise self.error("'outcomes' must be an array of tables", "outcomes",
                             hint="write each outcome as [[outcomes]] with types = [...] and profile = [...]")
        owners = ", ".join(players[i].name for i in typed)
        example = "[" + ", ".join(f'"{types[i][0]}"' for i in typed) + "]"
        notes: dict[tuple, str] = {}
        entry_lines: dict[tuple, int | None] = {}
        seen: dict[tuple, int] = {}
        for k, table in enumerate(raw):
            at = ("outcomes", k)
            self.unknown_keys(table, BAYESIAN_OUTCOME_KEYS, *at, what=f"outcome {k + 1}")
            given = table.get("types")
            if given is None:
                raise self.error(f"outcome {k + 1} has no types: in a Bayesian game each outcome names its type "
                                 "profile", *at, hint=f"add types = {example}, one type per player with types "
                                                      f"({owners})")
            if not isinstance(given, list) or len(given) != len(typed) or not all(isinstance(t, str) for t in given):
                raise self.error(f"outcome {k + 1}: types must list {len(typed)} type name(s), one per player with "
                                 f"types ({owners})", *at, "types", hint=f"types = {example}")
            tau = []
            for i, name in zip(typed, given):
                if name.strip() not in types[i]:
                    raise self.error(f"outcome {k + 1}: {name!r} is not a type of {players[i].name}", *at, "types",
                                     hint=suggest(name, types[i]))
                tau.append(types[i].index(name.strip()))
            tau = tuple(tau)
            index = self.outcome_profile(table, players, k, at)
            profile = table["profile"]
            key = (tau, index)
            if key in seen:
                raise self.error(f"outcome {k + 1} repeats the types and profile of outcome {seen[key] + 1}",
                                 *at, "profile", hint="merge the two [[outcomes]] entries")
            seen[key] = k
            entry_lines[key] = self.lines.of(*at)
            note = self.text(table, "note", *at)
            if note:
                notes[key] = note
            payoffs = self.outcome_payoffs(table, players, k, at)
            if payoffs is None:
                continue
            pline = self.lines.of(*at, "payoffs")
            when = self.types_text(players, types, typed, tau)
            for p, value in enumerate(payoffs):
                cell_at = (p, *index)
                if cells[tau][cell_at] is not None:
                    raise self.error(
                        f"payoff of {players[p].name} at ({', '.join(profile)}) when {when} is given twice: in "
                        f"{origin[tau][cell_at]} (line {where[tau][cell_at]}) and in outcome {k + 1}",
                        *at, "payoffs", hint="keep only one of the two")
                cells[tau][cell_at] = self.cell(value, parameters, pline,
                                                f"outcome {k + 1} payoff of {players[p].name}")
                where[tau][cell_at] = pline
                origin[tau][cell_at] = f"outcome {k + 1}"
        return notes, entry_lines


def _written(value: object) -> str:
    """A prior entry as the file wrote it (a number as typed, an expression as its text)."""
    return value if isinstance(value, str) else repr(value)
