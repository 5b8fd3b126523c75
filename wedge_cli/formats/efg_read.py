"""Read Gambit extensive-form (``.efg``) files into a :class:`~wedge_cli.tree.TreeSpec`.

:func:`read_efg` parses the format Gambit 16 reads and writes (``EFG 2 R`` and the older
``EFG 2 D``), with file, line, column and a fix in every error. What wedge reads, writes
and refuses: docs/efg.md. The grammar, from Gambit's manual ("The extensive game (.efg)
file format") and its parser (``src/games/file.cc``)::

    EFG 2 R "title" { "Player 1" "Player 2" }          header: title, player names
    "optional comment"
    c "node" 1 "infoset" { "Heads" 1/2 "Tails" 1/2 } 0 chance: infoset number, actions
                                                        with probabilities, outcome
    p "node" 1 1 "infoset" { "Up" "Down" } 0          personal: player, infoset number,
                                                        actions, outcome
    t "node" 1 "outcome" { 3, -1 }                     terminal: outcome, payoffs

Nodes come in preorder, each followed by the subtrees of its actions. The description of
an information set (its label and actions) and of an outcome (its label and payoffs) may
be left out where it appears again; a repeated description must match the first. Outcome
0 is the null outcome (nobody gets anything). An outcome may sit on any node; a player's
payoff at a terminal is the sum over the outcomes on its path.

As Gambit 16.7 does, empty or repeated player names and action labels within one
information set get unique names (``""`` becomes ``_1``; ``x``, ``x`` become ``x_1``,
``x_2``); names are first stripped of surrounding spaces, as everywhere in wedge. Node,
information-set and outcome labels are kept as written. Numbers are exact: ``0.5`` and
``1/2`` are both the Fraction 1/2.

Reading is fast and bounded: the whole text is tokenised by one regular expression, the
node count is checked against :data:`~wedge_cli.tree.MAX_NODES` before anything is
built, and the parser is a loop (no recursion), so a deep tree cannot overflow the stack.
"""

from __future__ import annotations

import bisect
import gc
import re
from array import array
from collections import Counter
from collections.abc import Sequence
from fractions import Fraction

from wedge_cli.errors import GameTooLargeError, LoadError, WedgeError
from wedge_cli.formats.nfg_lexer import MAX_TOKEN, Lexer, Numbers, Token
from wedge_cli.model import MAX_PLAYERS
from wedge_cli.tree import CHANCE, DECISION, MAX_NODES, TERMINAL, InfoSet, Node, Outcome, Skeleton, TreeSpec

__all__ = ["EFG_MAX_BYTES", "is_efg_text", "normalize_labels", "read_efg"]

EFG_MAX_BYTES = 32_000_000
"""Largest ``.efg`` file read, in bytes (a tree of :data:`~wedge_cli.tree.MAX_NODES` nodes fits)."""

FORMAT_HINT = ('a Gambit .efg file starts with  EFG 2 R "title" { "Player 1" "Player 2" }  followed by its '
               'nodes in preorder, e.g.  p "" 1 1 "" { "Up" "Down" } 0  and  t "" 1 "win" { 1, -1 }')
_NODE_HINT = {
    "p": 'a personal node is  p "label" PLAYER INFOSET "infoset label" { "action" "action" } OUTCOME  (the '
         "infoset label and actions may be left out where the infoset appears again)",
    "c": 'a chance node is  c "label" INFOSET "infoset label" { "action" 1/2 "action" 1/2 } OUTCOME  (the '
         "infoset label and actions may be left out where the infoset appears again)",
    "t": 'a terminal node is  t "label" OUTCOME "outcome label" { payoff payoff ... }  (the outcome label and '
         "payoffs may be left out where the outcome appears again; 0 is the null outcome)",
}
_OUTCOME_HINT = ('an outcome is a number, then (the first time) its label and payoffs: 1 "win" { 3, -1 }; '
                 "0 is the null outcome, worth 0 to everybody")

_WS = " \t\n\r\f\v"  # Gambit's lexer splits on ASCII whitespace only
_TOKEN = re.compile(r'"(?:[^"\\]++|\\.)*+"|[{},]|[^' + _WS + r'{},"]++|"', re.DOTALL)
_UNESCAPE = re.compile(r'\\(["\\])')
_INTEGER = re.compile(r"\+?[0-9]+\Z")
_PAD = 4
_HEADER = re.compile(r"[" + _WS + r"]*EFG[" + _WS + r"]+[0-9]")


def is_efg_text(text: str) -> bool:
    """Whether ``text`` (without a byte-order mark) starts like a Gambit ``.efg`` file: ``EFG`` and a version.

    ``EFG = 1`` (a TOML key) does not.
    """
    return _HEADER.match(text) is not None


def normalize_labels(labels: Sequence[str]) -> list[str]:
    """Gambit 16.7's unique, non-empty names: ``""`` -> ``_1``; ``x``, ``x`` -> ``x_1``, ``x_2``.

    A label that is unique and non-empty is kept; every other one gets ``label_n`` with the
    next ``n`` not already in use (so ``x``, ``x``, ``x_1`` become ``x_2``, ``x_3``, ``x_1``).
    """
    if len(set(labels)) == len(labels) and all(labels):
        return list(labels)
    counts = Counter(labels)
    used = set(labels)
    visited: Counter = Counter()
    out = []
    for label in labels:
        if label and counts[label] == 1:
            out.append(label)
            continue
        while True:
            visited[label] += 1
            candidate = f"{label}_{visited[label]}"
            if candidate not in used:
                break
        used.add(candidate)
        out.append(candidate)
    return out


def read_efg(text: str, path: str = "<string>") -> TreeSpec:
    """Parse a Gambit ``.efg`` file's text into a tree.

    Parameters
    ----------
    text : str
        The file's text (a leading byte-order mark is ignored).
    path : str
        Named in error messages and kept as ``TreeSpec.path``.

    Returns
    -------
    TreeSpec
        Without parameters: payoffs and chance probabilities are exact Fractions;
        ``InfoSet.number`` is the file's infoset number, ``Node.name`` the node label,
        ``Outcome.name`` the outcome label, ``description`` the file's comment.

    Raises
    ------
    LoadError
        Malformed input, with line, column and a fix.
    GameTooLargeError
        More than :data:`~wedge_cli.tree.MAX_NODES` nodes or
        :data:`~wedge_cli.model.MAX_PLAYERS` players.
    WedgeError
        Chance probabilities that are negative or do not sum to 1.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    # Reading builds many small objects that all live on: pausing the cyclic garbage
    # collector meanwhile saves its repeated scans of them (a fifth of the time).
    paused = gc.isenabled()
    gc.disable()
    try:
        return _Parser(text, path).parse()
    finally:
        if paused:
            gc.enable()


class _Parser:
    def __init__(self, text: str, path: str) -> None:
        self.text = text
        self.path = path
        self.tokens: list[str] = _TOKEN.findall(text)
        self.n = len(self.tokens)
        self.tokens.extend([""] * _PAD)  # reading past the end finds "", which no token is
        self.starts: array | None = None
        self.newlines: array | None = None
        self.numbers = Numbers(Lexer(text, path))
        self.i = 0

    # -- locations and errors

    def _offsets(self) -> tuple[array, array]:
        if self.starts is None:  # 8 bytes a token: a list of ints would take four times as much
            self.starts = array("q", (m.start() for m in _TOKEN.finditer(self.text)))
            self.newlines = array("q", (m.start() for m in re.finditer("\n", self.text)))
        return self.starts, self.newlines

    def where(self, i: int) -> tuple[int, int]:
        """Line and column (1-based) of token ``i`` (the end of the file past the last token)."""
        starts, newlines = self._offsets()
        pos = starts[i] if i < self.n else len(self.text.rstrip(_WS))
        line = bisect.bisect_left(newlines, pos)
        return line + 1, pos - (newlines[line - 1] + 1 if line else 0) + 1

    def line_of(self, i: int) -> int:
        return self.where(i)[0]

    def error(self, i: int, message: str, hint: str | None = None, cls: type = LoadError) -> WedgeError:
        line, col = self.where(i)
        return cls(message, path=self.path, line=line, col=col, hint=hint)

    def describe(self, i: int) -> str:
        if i >= self.n:
            return "the end of the file"
        token = self.tokens[i]
        if token == '"':
            return "an unterminated string"
        if token[0] == '"':
            shown = self.string(i)
            return f"the string {shown if len(shown) <= 30 else shown[:27] + '...'!r}"
        if token in "{},":
            return f"'{token}'"
        return repr(token if len(token) <= 30 else token[:27] + "...")

    def expected(self, i: int, what: str, hint: str | None = None) -> WedgeError:
        if self.tokens[i] == '"':
            return self.error(i, "unterminated string: no closing '\"' before the end of the file",
                              'close the string with a double quote; write a quote inside a string as \\"')
        return self.error(i, f"expected {what}, found {self.describe(i)}", hint)

    # -- tokens

    def peek(self, i: int) -> str:
        return self.tokens[i]

    def is_string(self, i: int) -> bool:
        token = self.tokens[i]
        return token[:1] == '"' and len(token) >= 2

    def string(self, i: int) -> str:
        token = self.tokens[i][1:-1]
        return _UNESCAPE.sub(r"\1", token) if "\\" in token else token

    def expect_string(self, i: int, what: str, hint: str | None = None) -> str:
        if not self.is_string(i):
            raise self.expected(i, f"{what} (a quoted string)", hint)
        return self.string(i)

    def expect(self, i: int, char: str, what: str, hint: str | None = None) -> None:
        if self.peek(i) != char:
            raise self.expected(i, what, hint)

    def integer(self, i: int, what: str, hint: str, low: int = 0) -> int:
        token = self.tokens[i]
        if token.isdigit() and token.isascii() and len(token) < 20 and int(token) >= low:
            return int(token)  # the usual case, quickly
        if not _INTEGER.match(token) or len(token) > MAX_TOKEN:
            raise self.expected(i, what, hint)
        value = int(token)
        if value < low:
            raise self.error(i, f"{what} {value} is out of range: it must be at least {low}", hint)
        return value

    def number(self, i: int, what: str) -> Fraction:
        token = self.peek(i)
        cached = self.numbers.cache.get(token)
        if cached is not None:
            return cached
        if not token or token[0] in '"{},' or len(token) > MAX_TOKEN:
            shown = f"a token of {len(token)} characters" if len(token) > MAX_TOKEN else self.describe(i)
            raise self.error(i, f"expected {what}, found {shown}",
                             "numbers are written like 3, -1.5, 1e-3 or 3/2, with no spaces inside")
        line, col = self.where(i)
        return self.numbers.parse(Token("word", token, line, col), what)

    # -- the file

    def parse(self) -> TreeSpec:
        players, title, comment = self.header()
        self.players = players
        tokens = self.tokens
        n_nodes = tokens.count("p") + tokens.count("c") + tokens.count("t")
        if n_nodes > MAX_NODES:
            raise self.error(self.i, f"the tree has {n_nodes:,} nodes, more than the limit of {MAX_NODES:,}",
                             "split the game into smaller trees", cls=GameTooLargeError)
        self.body()
        self.check_probabilities()
        self.tokens = []  # no longer needed: free them before the nodes are built
        return self.build(players, title, comment)

    def header(self) -> tuple[list[str], str, str]:
        tokens = self.tokens
        if not self.n:
            raise self.error(0, "empty file: no Gambit game found", FORMAT_HINT)
        if tokens[0] != "EFG":
            what = ("a strategic-form .nfg file, not an extensive-form .efg file" if tokens[0] == "NFG"
                    else f"{self.describe(0)}, not 'EFG'")
            raise self.error(0, f"bad header: the file starts with {what}", FORMAT_HINT)
        version = self.peek(1)
        if version != "2":
            hint = ("files of Gambit's first format (before 1998) must be opened and saved again by a Gambit of "
                    "that time; " if version == "1" else "") + FORMAT_HINT
            raise self.error(1, f"bad header: EFG version {self.describe(1)}; only version 2 is read", hint)
        if self.peek(2) not in ("R", "D"):
            raise self.error(2, f"bad header: expected the data type R or D after 'EFG 2', found {self.describe(2)}",
                             FORMAT_HINT)
        title = self.expect_string(3, "the game's title", FORMAT_HINT)
        self.expect(4, "{", "'{' before the player names", FORMAT_HINT)
        i = 5
        names: list[str] = []
        while self.is_string(i):
            names.append(self.string(i).strip())
            i += 1
        self.expect(i, "}", "a player name (a quoted string) or '}' after the player names", FORMAT_HINT)
        if not names:
            raise self.error(i, "the game has no players; wedge needs at least one",
                             'name the players in the header: { "Player 1" "Player 2" }')
        if len(names) > MAX_PLAYERS:
            raise self.error(4, f"the game has {len(names)} players; wedge handles at most {MAX_PLAYERS}",
                             "merge or drop players", cls=GameTooLargeError)
        i += 1
        comment = ""
        if self.is_string(i):
            comment = self.string(i)
            i += 1
        self.i = i
        return normalize_labels(names), title, comment

    def body(self) -> None:
        """Read the nodes in preorder, each followed by its children's subtrees."""
        self.kinds: list[str] = []
        self.parents: list[int | None] = []
        self.children: list[list[int]] = []
        self.node_infoset: list[int | None] = []
        self.node_outcome: list[int | None] = []
        self.labels: list[str] = []
        self.node_tokens: list[int] = []
        # infosets in order of first appearance
        self.infoset_index: dict[tuple[int, int], int] = {}  # (player number, 0 for chance; infoset number)
        self.info_player: list[int | None] = []
        self.info_number: list[int] = []
        self.info_label: list[str] = []
        self.info_actions: list[tuple[str, ...]] = []
        self.info_probs: list[tuple[Fraction, ...]] = []
        self.info_token: list[int] = []
        self.info_nodes: list[list[int]] = []
        self.outcome_index: dict[int, int] = {}
        self.outcomes: list[tuple[tuple[Fraction, ...], str, int]] = []  # payoffs, label, token
        pending: list[list[int]] = []  # [node, children still to read]
        i = self.i
        if i >= self.n:
            raise self.expected(i, "the root node ('p', 'c' or 't')", FORMAT_HINT)
        while True:
            parent = None
            if pending:
                parent = pending[-1][0]
            index = len(self.kinds)
            i, actions = self.node(i, parent)
            if parent is not None:
                self.children[parent].append(index)
                pending[-1][1] -= 1
            if actions:
                pending.append([index, actions])
            while pending and pending[-1][1] == 0:
                pending.pop()
            if not pending:
                break
            if i >= self.n:
                node = pending[-1][0]
                raise self.error(i, f"the file ends inside the tree: the node on line "
                                    f"{self.line_of(self.node_tokens[node])} has "
                                    f"{len(self.info_actions[self.node_infoset[node]])} actions, but only "
                                    f"{len(self.children[node])} subtrees follow it",
                                 "every action needs its subtree (at least a terminal node 't'), in preorder")
        if i < self.n:
            raise self.error(i, f"text after the end of the tree: the root's subtree is complete, but "
                                f"{self.describe(i)} follows",
                             "a node has exactly one subtree per action, in preorder; check the action counts of "
                             "the nodes above, or remove the extra text")

    def node(self, i: int, parent: int | None) -> tuple[int, int]:
        """Read the node at token ``i``; return the next token and its number of children."""
        kind = self.peek(i)
        if kind not in _NODE_HINT:
            raise self.expected(i, "a node: 'p' (a player moves), 'c' (chance) or 't' (terminal)",
                                _NODE_HINT["p"])
        hint = _NODE_HINT[kind]
        index = len(self.kinds)
        self.kinds.append(kind)
        self.parents.append(parent)
        self.children.append([])
        self.node_tokens.append(i)
        self.labels.append(self.expect_string(i + 1, "the node's label", hint))
        i += 2
        k = None
        if kind == "p":
            player = self.integer(i, "the number of the player who moves", hint, low=1)
            if player > len(self.players):
                raise self.error(i, f"player {player} does not exist: the game has {len(self.players)} "
                                    f"players ({', '.join(self.players)})",
                                 f"use a player number from 1 to {len(self.players)}")
            number = self.integer(i + 1, "the information set's number", hint, low=1)
            i, k = self.infoset(i + 2, player, number, hint)
        elif kind == "c":
            number = self.integer(i, "the chance information set's number", hint, low=1)
            i, k = self.infoset(i + 1, 0, number, hint)
        self.node_infoset.append(k)
        if k is not None:
            self.info_nodes[k].append(index)
        i = self.outcome(i, index)
        return i, (len(self.info_actions[k]) if k is not None else 0)

    def infoset(self, i: int, player: int, number: int, hint: str) -> tuple[int, int]:
        """Read an infoset reference and its optional description; return the next token and the infoset."""
        key = (player, number)
        known = self.infoset_index.get(key)
        if not self.is_string(i):
            if known is None:
                who = self.who(player, number)
                if self.peek(i) == '"':
                    raise self.expected(i, "")
                raise self.error(i, f"{who} is used before it is described: expected its label and actions, "
                                    f"found {self.describe(i)}",
                                 "describe an information set (label and actions) where it first appears; " + hint)
            return i, known
        at = i
        label = self.string(i)
        self.expect(i + 1, "{", "'{' before the actions", hint)
        i += 2
        actions: list[str] = []
        probs: list[Fraction] = []
        while self.peek(i) != "}":
            name = self.expect_string(i, "an action label or '}'", hint)
            actions.append(name.strip())
            i += 1
            if player == 0:
                probs.append(self.number(i, f"the probability of action {name!r}"))
                i += 1
        if not actions:
            raise self.error(i, f"{self.who(player, number)} has no actions",
                             "a node that is not terminal needs at least one action; use 't' for a terminal node")
        i += 1
        actions = normalize_labels(actions)
        if known is not None:
            self.same_infoset(at, known, self.who(player, number), label, actions, probs)
            return i, known
        k = len(self.info_player)
        self.infoset_index[key] = k
        self.info_player.append(player - 1 if player else None)
        self.info_number.append(number)
        self.info_label.append(label)
        self.info_actions.append(tuple(actions))
        self.info_probs.append(tuple(probs))
        self.info_token.append(at)
        self.info_nodes.append([])
        return i, k

    @staticmethod
    def who(player: int, number: int) -> str:
        return f"chance information set {number}" if player == 0 else f"information set {number} of player {player}"

    def same_infoset(self, at: int, k: int, who: str, label: str, actions: list[str],
                     probs: list[Fraction]) -> None:
        first = f"on line {self.line_of(self.info_token[k])}"
        hint = "describe it the same way each time, or leave the description out where it appears again"
        if label != self.info_label[k]:
            raise self.error(at, f"{who} is labelled {label!r} here but {self.info_label[k]!r} {first}", hint)
        if tuple(actions) != self.info_actions[k]:
            raise self.error(at, f"{who} has actions {actions} here but {list(self.info_actions[k])} {first}",
                             hint + "; if the nodes differ, give them different information set numbers")
        if tuple(probs) != self.info_probs[k]:
            shown = ", ".join(str(p) for p in probs)
            before = ", ".join(str(p) for p in self.info_probs[k])
            raise self.error(at, f"{who} has probabilities {shown} here but {before} {first}", hint)

    def outcome(self, i: int, node: int) -> int:
        """Read a node's outcome number and its optional description; return the next token."""
        number = self.integer(i, "the outcome's number (0 for none)", _OUTCOME_HINT)
        i += 1
        if not self.is_string(i):
            if number == 0:
                self.node_outcome.append(None)
                return i
            j = self.outcome_index.get(number)
            if j is None:
                if self.peek(i) == '"':
                    raise self.expected(i, "")
                raise self.error(i - 1, f"outcome {number} is used before it is described: expected its label "
                                        f"and payoffs, found {self.describe(i)}",
                                 "describe an outcome (label and payoffs) where it first appears: "
                                 f'{number} "label" {{ ' + " ".join("0" for _ in self.players) + " }")
            self.node_outcome.append(j)
            return i
        if number == 0:
            raise self.error(i - 1, "outcome 0 is the null outcome: it cannot have a label or payoffs",
                             "number the outcome from 1, or remove its label and payoffs")
        at = i
        label = self.string(i)
        self.expect(i + 1, "{", "'{' before the payoffs", _OUTCOME_HINT)
        i += 2
        n = len(self.players)
        payoffs = []
        for p in range(n):
            if self.peek(i) == "}":
                raise self.error(i, f"outcome {number} has {p} payoff{'s' if p != 1 else ''}; expected {n}, one "
                                    f"per player ({', '.join(self.players)})", _OUTCOME_HINT)
            payoffs.append(self.number(i, f"the payoff of player {self.players[p]!r}"))
            i += 1
            if self.peek(i) == ",":
                i += 1
        if self.peek(i) != "}":
            if self.peek(i) not in ("", '"') and self.peek(i)[0] not in '"{},':
                raise self.error(i, f"outcome {number} has more than {n} payoffs; expected {n}, one per player "
                                    f"({', '.join(self.players)})", _OUTCOME_HINT)
            raise self.expected(i, "'}' after the payoffs", _OUTCOME_HINT)
        i += 1
        j = self.outcome_index.get(number)
        if j is None:
            j = len(self.outcomes)
            self.outcome_index[number] = j
            self.outcomes.append((tuple(payoffs), label, at))
        else:
            first_payoffs, first_label, first_at = self.outcomes[j]
            hint = "describe it the same way each time, or leave the description out where it appears again"
            if label != first_label:
                raise self.error(at, f"outcome {number} is labelled {label!r} here but {first_label!r} on line "
                                     f"{self.line_of(first_at)}", hint)
            if tuple(payoffs) != first_payoffs:
                raise self.error(at, f"outcome {number} has payoffs {', '.join(map(str, payoffs))} here but "
                                     f"{', '.join(map(str, first_payoffs))} on line {self.line_of(first_at)}",
                                 hint + "; if they differ, give them different outcome numbers")
        self.node_outcome.append(j)
        return i

    # -- the spec

    def build(self, players: list[str], title: str, comment: str) -> TreeSpec:
        starts, newlines = self._offsets()
        kinds = {"p": DECISION, "c": CHANCE, "t": TERMINAL}
        empty: tuple = ()
        nodes = []
        for index, kind in enumerate(self.kinds):
            k = self.node_infoset[index]
            line = bisect.bisect_left(newlines, starts[self.node_tokens[index]]) + 1
            nodes.append(Node(kinds[kind], self.parents[index], tuple(self.children[index]),
                              self.info_actions[k] if k is not None else empty, k, self.node_outcome[index],
                              self.labels[index], "", line))
        infosets = tuple(InfoSet(self.info_player[k], self.info_actions[k], tuple(self.info_nodes[k]),
                                 self.info_label[k], self.info_number[k]) for k in range(len(self.info_player)))
        skeleton = Skeleton(tuple(players), tuple(nodes), infosets, len(self.outcomes))
        outcomes = tuple(Outcome(payoffs, label, "", bisect.bisect_left(newlines, starts[at]) + 1)
                         for payoffs, label, at in self.outcomes)
        return TreeSpec(skeleton=skeleton, outcomes=outcomes, probabilities=tuple(self.info_probs),
                        title=title, description=comment, path=self.path,
                        probability_lines=tuple(self.line_of(t) for t in self.info_token))

    def check_probabilities(self) -> None:
        """Each chance move's probabilities are not negative and sum to exactly 1 (what TreeSpec.tree checks)."""
        for k, probs in enumerate(self.info_probs):
            if self.info_player[k] is not None:
                continue
            shown = ", ".join(f"{a} = {p}" for a, p in zip(self.info_actions[k], probs))
            who = f"chance information set {self.info_number[k]}"
            if self.info_label[k]:
                who += f" ({self.info_label[k]!r})"
            for action, p in zip(self.info_actions[k], probs):
                if p < 0:
                    raise self.error(self.info_token[k], f"the probability of {action!r} at {who} is {p} "
                                                         f"({shown}); probabilities must be between 0 and 1",
                                     "make every probability of a chance move 0 or more")
            total = sum(probs, Fraction(0))
            if total != 1:
                raise self.error(self.info_token[k], f"the probabilities at {who} sum to {total} ({shown}), not 1",
                                 "make them sum to exactly 1; write thirds as 1/3, not 0.333333")
