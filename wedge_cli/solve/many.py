"""Many games of one shape: batch what can be certified, solve the rest exactly.

The driver shared by ``wedge sweep`` and ``wedge robust``. It takes an array of payoff
tensors ``(N, n, k_1, ..., k_n)`` (or a function that evaluates them chunk by chunk) and
returns, per game, the :class:`Structure` of its equilibria, the same as solving each game
with :func:`wedge_cli.solve.solve`:

* 2 players: :func:`~wedge_cli.solve.batch.bimatrix_batch`;
* ``method="pure"``: :func:`~wedge_cli.solve.batch.pure_batch`;
* 3+ players: iterated strict dominance in one batch
  (:func:`~wedge_cli.solve.batch.dominance_batch`), then the reduced games: one profile
  left settles the game, two players left is a bimatrix batch, 2x2x2 is
  :func:`~wedge_cli.solve.batch.trimatrix_batch`;

and every game a batch flags *suspect* (ties, near-ties, ill-conditioned systems) or cannot
handle is solved exactly, one by one. The method is in docs/performance.md.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from wedge_cli.budget import Budget
from wedge_cli.model import Game, Player
from wedge_cli.solve import solve
from wedge_cli.solve.batch import BatchEquilibria, bimatrix_batch, dominance_batch, pure_batch, trimatrix_batch
from wedge_cli.solve.result import Solution

Support = tuple[tuple[int, ...], ...]

#: ``method`` values the batches can stand in for (others are solved one by one).
BATCH_METHODS = ("auto", "enumerate", "pure")


@dataclass(frozen=True)
class Structure:
    """What a game's equilibria are made of: their support profiles, and the solver's coverage.

    ``supports`` is sorted (pure profiles first) and without repeats; each is one tuple
    of strategy indices per player. ``pure_only`` and ``complete`` are those of the
    :class:`~wedge_cli.solve.result.Solution` it stands for.
    """

    supports: tuple[Support, ...]
    pure_only: bool
    complete: bool

    @property
    def pure(self) -> tuple[Support, ...]:
        return tuple(s for s in self.supports if all(len(x) == 1 for x in s))

    @property
    def mixed(self) -> tuple[Support, ...]:
        return tuple(s for s in self.supports if any(len(x) > 1 for x in s))


def sort_supports(supports) -> tuple[Support, ...]:
    """Support profiles without repeats, pure ones first, then in index order."""
    return tuple(sorted(set(supports), key=lambda s: (any(len(x) > 1 for x in s), s)))


def structure_of(solution: Solution) -> Structure:
    """The :class:`Structure` of one solved game."""
    return Structure(sort_supports(eq.support for eq in solution.equilibria),
                     bool(solution.pure_only), bool(solution.complete))


@dataclass
class Many:
    """Equilibria of ``n_games`` games of one shape.

    ``structures[g]`` is game ``g``'s :class:`Structure`. ``solutions`` holds the
    :class:`~wedge_cli.solve.result.Solution` of each game solved one by one on its
    full payoffs; ``batch`` the equilibria of the games a 2-player or pure batch
    certified (their rows; None when no such batch ran, e.g. 3-player games).
    """

    n_games: int
    structures: list[Structure]
    solutions: dict[int, Solution] = field(default_factory=dict)
    batch: BatchEquilibria | None = None


#: Solves game ``g`` exactly (the fallback), or returns None to leave it unsolved (its structure None);
#: default: its float payoffs with :func:`wedge_cli.solve.solve`.
SolveOne = Callable[[int], Solution | None]
#: Evaluates the payoffs of games ``start:stop`` (an array ``(stop - start, n, k_1, ..., k_n)``).
Evaluate = Callable[[int, int], np.ndarray]
#: Maps a support profile of a reduced game back to the full game's strategy indices.
Lift = Callable[[Support], Support]


def solve_many(payoffs: np.ndarray | Evaluate, players: Sequence[Player], *, n_games: int | None = None,
               method: str = "auto", budget: Budget | None = None, solve_one: SolveOne | None = None,
               what: str = "solving the games", chunk: int = 1 << 17,
               on_chunk: Callable[[int, int], None] | None = None) -> Many:
    """Every game's :class:`Structure`, batched where it is certified, exact elsewhere.

    ``payoffs`` is ``(N, n, k_1, ..., k_n)``, or a function ``(start, stop) -> array``
    called for chunks of ``chunk`` games (then give ``n_games``; ``on_chunk(stop, N)``
    reports progress). ``method`` is :func:`wedge_cli.solve.solve`'s; methods other
    than :data:`BATCH_METHODS` solve every game one by one. ``solve_one(g)`` solves
    game ``g`` exactly (e.g. from exact parameter values); without it a game is solved
    from its float payoffs (3+ players: its dominance-reduced game), ticking ``budget``
    with ``what`` once per game.
    """
    if callable(payoffs):
        evaluate = payoffs
        assert n_games is not None, "give n_games with an evaluating function"
    else:  # an array is one chunk
        array = payoffs
        n_games = chunk = len(array)

        def evaluate(start: int, stop: int) -> np.ndarray:
            return array[start:stop]
    players = tuple(players)
    out = Many(n_games, [None] * n_games)  # type: ignore[list-item]
    if not n_games:
        return out
    parts = []
    for start in range(0, n_games, chunk):
        stop = min(n_games, start + chunk)
        block = evaluate(start, stop)
        ctx = _Run(out, players, method, budget, solve_one, what, start)
        part = ctx.solve(np.asarray(block), np.arange(start, stop))
        if part is not None:
            parts.append(part)
        if on_chunk is not None:
            on_chunk(stop, n_games)
    if parts:
        out.batch = concat(parts, n_games)
    return out


@dataclass
class _Run:
    out: Many
    players: tuple[Player, ...]
    method: str
    budget: Budget | None
    solve_one: SolveOne | None
    what: str
    start: int

    def solve(self, payoffs: np.ndarray, games: np.ndarray) -> BatchEquilibria | None:
        """Fill ``out.structures[games]``; returns the 2-player or pure batch run on the full games."""
        if self.method not in BATCH_METHODS:
            self.exactly(payoffs, games, self.players, None)
            return None
        if self.method == "pure":
            batch = pure_batch(payoffs)
            self.from_batch(batch, payoffs, games, self.players, None, pure_only=payoffs.shape[1] != 1,
                            complete=payoffs.shape[1] == 1)
            return shifted(batch, self.start)
        if payoffs.shape[1] == 2:
            batch = bimatrix_batch(payoffs)
            self.from_batch(batch, payoffs, games, self.players, None)
            return shifted(batch, self.start)
        if self.method == "enumerate":  # 3+ players: solve() enumerates nothing, it chooses the solver
            self.exactly(payoffs, games, self.players, None)
            return None
        self.dominance(payoffs, games)
        return None

    def put(self, g: int, supports, pure_only: bool = False, complete: bool = True, lift: Lift | None = None) -> None:
        if lift is not None:
            supports = (lift(s) for s in supports)
        self.out.structures[g] = Structure(sort_supports(supports), pure_only, complete)

    def exactly(self, payoffs: np.ndarray, games: np.ndarray, players, lift: Lift | None) -> None:
        """Each game one by one: ``solve_one`` on the full game, else :func:`solve` on ``payoffs``
        (a reduced game when ``lift`` maps its supports back)."""
        for row, g in enumerate(games.tolist()):
            if self.solve_one is not None:
                solution = self.solve_one(g)
                if solution is None:  # the caller will solve it, if it needs it
                    continue
                self.out.solutions[g] = solution
                self.out.structures[g] = structure_of(solution)
                continue
            if self.budget is not None:
                self.budget.tick(self.what)
            solution = solve(Game(players, np.array(payoffs[row])), self.method,
                             budget=self.budget if self.budget is not None else Budget(None))
            if lift is None:
                self.out.solutions[g] = solution
            self.put(g, (eq.support for eq in solution.equilibria), bool(solution.pure_only),
                     bool(solution.complete), lift)

    def from_batch(self, batch: BatchEquilibria, payoffs: np.ndarray, games: np.ndarray, players,
                   lift: Lift | None, pure_only: bool = False, complete: bool = True) -> None:
        self.certified(batch_supports(batch), batch.suspect, payoffs, games, players, lift, pure_only, complete)

    def certified(self, found: list[set], suspect: np.ndarray, payoffs: np.ndarray, games: np.ndarray, players,
                  lift: Lift | None, pure_only: bool = False, complete: bool = True) -> None:
        """The games a batch certified get its supports; the ``suspect`` ones are solved one by one."""
        for row, g in enumerate(games.tolist()):
            if not suspect[row]:
                self.put(g, found[row], pure_only, complete, lift)
        rest = np.flatnonzero(suspect)
        if len(rest):
            self.exactly(payoffs[rest], games[rest], players, lift)

    def dominance(self, payoffs: np.ndarray, games: np.ndarray) -> None:
        """3+ players: iterated strict dominance in one batch, then the smaller games that are left.

        Strict dominance removes no strategy that any equilibrium uses, mixed or not, so
        the equilibria of a game are those of what survives. Supports found on a reduced
        game are mapped back to the original strategy indices.
        """
        alive = dominance_batch(payoffs)
        groups: dict[tuple[tuple[int, ...], ...], list[int]] = {}
        for row in range(len(payoffs)):
            groups.setdefault(tuple(tuple(np.flatnonzero(a[row]).tolist()) for a in alive), []).append(row)
        for keep, members in groups.items():
            rows = np.array(members)
            if all(len(k) == 1 for k in keep):
                for g in games[rows].tolist():
                    self.put(g, [tuple((k[0],) for k in keep)])
                continue
            sub = payoffs[rows][(slice(None), slice(None)) + np.ix_(*keep)]
            reduced = tuple(Player(pl.name, tuple(pl.strategies[i] for i in k)) for pl, k in zip(self.players, keep))
            varying = [p for p, k in enumerate(keep) if len(k) > 1]
            if len(varying) == 2:
                # the other players' axes have length 1: drop them (the lift gives them back)
                two = sub[:, varying].reshape((len(members), 2) + tuple(len(keep[p]) for p in varying))
                self.from_batch(bimatrix_batch(two), two, games[rows], tuple(reduced[p] for p in varying),
                                lifter(keep, varying))
            elif sub.shape[1:] == (3, 2, 2, 2):
                self.certified(*trimatrix_batch(sub), sub, games[rows], reduced, lifter(keep))
            else:
                self.exactly(sub, games[rows], reduced, lifter(keep))


def lifter(keep: Sequence[Sequence[int]], varying: Sequence[int] | None = None) -> Lift:
    """Maps a support of a reduced game back to the original strategy indices.

    ``keep[p]`` lists the strategies player ``p`` kept; with ``varying``, the reduced
    game is made of those players only and the others play their one strategy left.
    """
    def lift(support: Support) -> Support:
        if varying is not None:
            support = tuple(support[varying.index(p)] if p in varying else (0,) for p in range(len(keep)))
        return tuple(tuple(keep[p][i] for i in support[p]) for p in range(len(keep)))
    return lift


def batch_supports(batch: BatchEquilibria) -> list[set[Support]]:
    """The support profiles of each game's equilibria in a batch (suspect games: empty)."""
    found: list[set] = [set() for _ in range(batch.n_games)]
    for row, g in enumerate(batch.game):
        found[int(g)].add(tuple(tuple(int(j) for j in np.flatnonzero(s[row] > 0)) for s in batch.strategies))
    return found


def shifted(batch: BatchEquilibria, start: int) -> BatchEquilibria:
    """``batch`` with its ``game`` indices moved by ``start`` (a chunk's rows, numbered over all games)."""
    if not start:
        return batch
    return BatchEquilibria(batch.n_games, batch.game + start, batch.strategies, batch.payoffs, batch.regret,
                           batch.strict, batch.suspect, batch.tol)


def concat(parts: list[BatchEquilibria], n_games: int) -> BatchEquilibria:
    """One batch from chunks whose ``game`` indices are already global."""
    if len(parts) == 1 and parts[0].n_games == n_games:
        return parts[0]
    return BatchEquilibria(
        n_games=n_games,
        game=np.concatenate([p.game for p in parts]),
        strategies=tuple(np.concatenate([p.strategies[k] for p in parts]) for k in range(len(parts[0].strategies))),
        payoffs=np.concatenate([p.payoffs for p in parts]),
        regret=np.concatenate([p.regret for p in parts]),
        strict=np.concatenate([p.strict for p in parts]),
        suspect=np.concatenate([p.suspect for p in parts]),
        tol=np.concatenate([p.tol for p in parts]),
    )
