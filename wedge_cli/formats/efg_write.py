"""Write a game tree as a Gambit extensive-form (``.efg``) file, and say what Gambit would refuse.

:func:`write_efg` writes ``EFG 2 R`` text that :func:`~wedge_cli.formats.efg_read.read_efg`
reads back to the same tree: players, nodes in preorder, information sets (members,
labels, actions), chance probabilities and payoffs exactly. :func:`gambit_problems` lists
what Gambit 16.7 (pygambit) would refuse in that text. What is written and why:
docs/efg.md.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from fractions import Fraction

from wedge_cli.formats.nfg_write import gambit_number, quote  # the same numbers and strings as .nfg files
from wedge_cli.tree import CHANCE, TERMINAL, Skeleton, Tree, TreeSpec

__all__ = ["gambit_problems", "write_efg"]


def _number(value: object) -> str:
    """An exact number as ``p/q`` (or an integer); a float as its shortest decimal."""
    return gambit_number(value, "payoff or probability", ".efg")


def _probabilities(exact: Sequence[Fraction] | None, floats: Sequence[float]) -> list[str]:
    """A chance move's probabilities: exact when known, else decimals whose exact sum is 1.

    Floats are written as their shortest decimals, except the last, which is written as
    the exact rational 1 minus the others (as written), so that the file's probabilities
    sum to exactly 1 and read back without complaint.
    """
    if exact is not None:
        return [_number(q) for q in exact]
    texts = [_number(float(v)) for v in floats[:-1]]
    rest = 1 - sum((Fraction(t) for t in texts), Fraction(0))
    return [*texts, _number(max(rest, Fraction(0)))]


def _infoset_numbers(skeleton: Skeleton) -> list[int]:
    """Each infoset's number in the file: its own when unique and positive for its player, else 1, 2, ..."""
    numbers_by_player: dict[int | None, list[int]] = {}
    for info in skeleton.infosets:
        numbers_by_player.setdefault(info.player, []).append(info.number)
    keep = {player: len(set(found)) == len(found) and min(found) >= 1 for player, found in numbers_by_player.items()}
    out, counts = [], Counter()
    for info in skeleton.infosets:
        counts[info.player] += 1
        out.append(info.number if keep[info.player] else counts[info.player])
    return out


def _terminal_label(skeleton: Skeleton, outcomes: Sequence, node) -> str:
    """A terminal's label; "" when it only repeats its outcome's name (a TOML tree names terminals so)."""
    if node.outcome is not None and node.outcome < len(outcomes) and node.name == outcomes[node.outcome].name:
        return ""
    return node.name


def write_efg(tree: TreeSpec | Tree, values: Mapping[str, float | str | Fraction] | None = None) -> str:
    """The Gambit ``.efg`` text (``EFG 2 R``) of a tree.

    Parameters
    ----------
    tree : TreeSpec or Tree
        A spec is evaluated at its default parameter values with ``values`` applied
        (``.efg`` files hold numbers, not parameters); its ``description`` becomes the
        file's comment.
    values : mapping, optional
        Parameter values replacing the defaults (only with a TreeSpec).

    Returns
    -------
    str
        The file text, ending with a newline. Payoffs and probabilities are exact
        (``3/2``) where rational, else shortest decimals (a chance move's last
        probability is then written as 1 minus the others, exactly). Each outcome is
        described where it first appears and referred to by number after that; each
        information set likewise. Outcomes on nodes that are not terminal are kept
        there (Gambit adds them up along the path, as wedge does).

    Raises
    ------
    WedgeError
        From :meth:`TreeSpec.tree`: unknown parameters, payoffs out of range,
        probabilities that are negative or do not sum to 1.
    """
    if isinstance(tree, TreeSpec):
        comment = tree.description
        concrete = tree.tree(values)
        title = tree.title
    else:
        if values:
            raise ValueError("values apply to a TreeSpec; a Tree holds numbers already")
        concrete, comment, title = tree, "", tree.title
    skeleton = concrete.skeleton
    players = skeleton.players
    payoffs = concrete.exact if concrete.exact is not None else concrete.payoffs
    numbers_in_file = _infoset_numbers(skeleton)
    quoted: dict[str, str] = {}

    def quote_once(text: str) -> str:  # labels repeat a lot in large trees
        found = quoted.get(text)
        if found is None:
            found = quoted[text] = quote(text)
        return found

    lines = [f"EFG 2 R {quote(title)} {{ {' '.join(quote(p) for p in players)} }}", quote(comment), ""]
    described_infosets: set[int] = set()
    described_outcomes: set[int] = set()
    for node in skeleton.nodes:
        if node.kind == TERMINAL:
            parts = ["t", quote_once(_terminal_label(skeleton, concrete.outcomes, node))]
        else:
            k = node.infoset
            info = skeleton.infosets[k]
            if node.kind == CHANCE:
                parts = ["c", quote_once(node.name), str(numbers_in_file[k])]
            else:
                parts = ["p", quote_once(node.name), str(info.player + 1), str(numbers_in_file[k])]
            if k not in described_infosets:
                described_infosets.add(k)
                if node.kind == CHANCE:
                    probs = _probabilities(concrete.exact_probabilities[k], concrete.probabilities[k])
                    listed = " ".join(f"{quote_once(a)} {p}" for a, p in zip(info.actions, probs))
                else:
                    listed = " ".join(quote_once(a) for a in info.actions)
                parts += [quote_once(info.label), "{", listed, "}"]
        j = node.outcome
        if j is None:
            parts.append("0")
        else:
            parts.append(str(j + 1))
            if j not in described_outcomes:
                described_outcomes.add(j)
                row = ", ".join(_number(v) for v in payoffs[j])
                parts += [quote_once(concrete.outcomes[j].name if j < len(concrete.outcomes) else ""), "{", row, "}"]
        lines.append(" ".join(parts))
    return "\n".join(lines) + "\n"


def _label_problem(label: str) -> str | None:
    """Why Gambit 16.7 would refuse ``label`` as a player, node, infoset, action or outcome label."""
    if any(not (0x20 <= ord(c) < 0x7F) for c in label):
        return "has characters other than printable ASCII"
    if label != label.strip(" ") or "  " in label:
        return "begins or ends with a space or has two spaces in a row"
    if "\\\\" in quote(label):
        return "has a backslash before a quote, another backslash or the end, which Gambit misreads"
    return None


def gambit_problems(tree: TreeSpec | Tree) -> list[str]:
    """What Gambit 16.7 (pygambit) would refuse in :func:`write_efg`'s text for ``tree``.

    wedge reads every such file back unchanged; Gambit 16.7 accepts only labels of
    printable ASCII without leading, trailing or doubled spaces, node labels that are
    unique in the tree, and information-set labels unique for their player (empty labels
    may repeat). Use this to warn before exporting.
    """
    skeleton = tree.skeleton
    outcomes = tree.outcomes
    problems = []

    def check(what: str, label: str) -> None:
        reason = _label_problem(label) if label else None
        if reason:
            problems.append(f"{what} {label!r} {reason}")

    for player in skeleton.players:
        check("player name", player)
    labels = []
    for node in skeleton.nodes:
        label = _terminal_label(skeleton, outcomes, node) if node.kind == TERMINAL else node.name
        check("node label", label)
        if label:
            labels.append(label)
    problems += [f"node label {label!r} is used {n} times; Gambit wants node labels unique"
                 for label, n in Counter(labels).items() if n > 1]
    seen: Counter = Counter()
    for info in skeleton.infosets:
        who = "chance" if info.player is None else skeleton.players[info.player]
        check(f"information set label of {who}", info.label)
        for action in info.actions:
            check(f"action of {who}", action)
        if info.label:
            seen[(who, info.label)] += 1
    problems += [f"information set label {label!r} of {who} is used {n} times; Gambit wants them unique for a player"
                 for (who, label), n in seen.items() if n > 1]
    for outcome in outcomes:
        check("outcome label", outcome.name)
    return problems
