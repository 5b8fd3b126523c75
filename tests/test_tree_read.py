"""The TOML tree reader: structure in preorder, and an error naming the line for each mistake."""

from __future__ import annotations

import textwrap
from fractions import Fraction

import pytest

from wedge_cli.errors import GameTooLargeError, WedgeError
from wedge_cli.formats.toml_read import from_dict, loads
from wedge_cli.tree import CHANCE, DECISION, TERMINAL, TreeSpec, recall_problem

HEAD = """
[parameters]
prior = { value = 0.25, min = 0, max = 1 }
[[players]]
name = "US"
[[players]]
name = "Russia"
"""

SIGNAL = HEAD + """
[[nodes]]
id = "nature"
probabilities = ["prior", "1 - prior"]
actions = { Committed = "us_c", Fickle = "us_f" }
note = "is the US committed?"
[[nodes]]
id = "us_c"
player = "US"
actions = { Offer = "russia_c", Wait = "quiet" }
[[nodes]]
id = "us_f"
player = "US"
actions = { Offer = "russia_f", Wait = "quiet" }
[[nodes]]
id = "russia_c"
player = "Russia"
infoset = "after_offer"
actions = { Realign = "lasting", Hedge = "hedged" }
[[nodes]]
id = "russia_f"
player = "Russia"
infoset = "after_offer"
actions = { Realign = "betrayed", Hedge = "hedged" }
[[outcomes]]
id = "lasting"
payoffs = [3, 2]
note = "a reset that lasts"
[[outcomes]]
id = "betrayed"
payoffs = [1, "-1 - prior"]
[[outcomes]]
id = "hedged"
payoffs = [0, 1]
[[outcomes]]
id = "quiet"
payoffs = [0, 0]
"""


def _error(text: str, cls=WedgeError) -> WedgeError:
    with pytest.raises(cls) as info:
        loads(textwrap.dedent(text), "game.toml")
    return info.value


def test_a_file_with_nodes_is_a_tree_in_preorder():
    spec = loads(SIGNAL, "game.toml")
    assert isinstance(spec, TreeSpec)
    nodes = spec.skeleton.nodes
    assert [n.name for n in nodes] == ["nature", "us_c", "russia_c", "lasting", "hedged", "quiet",
                                       "us_f", "russia_f", "betrayed", "hedged", "quiet"]
    assert [n.kind for n in nodes[:3]] == [CHANCE, DECISION, DECISION]
    assert nodes[3].kind == TERMINAL and nodes[3].note == "a reset that lasts"
    assert all(nodes[c].parent == i for i, n in enumerate(nodes) for c in n.children)
    assert nodes[0].note == "is the US committed?"
    # one information set for Russia's two nodes, one for each US node, one for chance
    russia = [k for k, info in enumerate(spec.skeleton.infosets) if info.player == 1]
    assert len(russia) == 1 and spec.skeleton.infosets[russia[0]].nodes == (2, 7)
    assert spec.skeleton.infoset_key(russia[0]) == "after_offer"
    assert recall_problem(spec.skeleton) is None


def test_chance_probabilities_are_exact_and_follow_parameters():
    spec = loads(SIGNAL, "game.toml")
    tree = spec.tree({"prior": "2/5"})
    assert tree.exact_probabilities[0] == (Fraction(2, 5), Fraction(3, 5))
    assert tree.is_exact
    payoffs, exact = tree.terminal_payoffs()
    betrayed = list(spec.skeleton.terminals).index(8)
    assert exact[betrayed][1] == Fraction(-7, 5)
    batch_payoffs, batch_probabilities = spec.batch({"prior": [0.1, 0.5]})
    assert batch_payoffs.shape == (2, 4, 2)
    assert batch_probabilities[0].tolist() == [[0.1, 0.9], [0.5, 0.5]]
    assert batch_probabilities[1] is None


def test_from_dict_reads_trees_too():
    import tomllib

    spec = from_dict(tomllib.loads(SIGNAL))
    assert isinstance(spec, TreeSpec) and len(spec.skeleton.nodes) == 11


@pytest.mark.parametrize("old, new, message, line", [
    ('probabilities = ["prior", "1 - prior"]', 'probabilities = ["prior", "1 - 2 * prior"]',
     "sum to 3/4", 11),
    ('probabilities = ["prior", "1 - prior"]', 'probabilities = ["prior - 1", "2 - prior"]',
     "probabilities must be between 0 and 1", 11),
    ('probabilities = ["prior", "1 - prior"]', 'probabilities = ["prior"]', "must list 2 values", 11),
    ('actions = { Realign = "betrayed", Hedge = "hedged" }', 'actions = { Hedge = "hedged", Realign = "betrayed" }',
     "has actions ['Hedge', 'Realign']", 31),
    ('id = "russia_f"\nplayer = "Russia"', 'id = "russia_f"\nplayer = "US"', "has nodes of Russia", 30),
    ('actions = { Offer = "russia_f", Wait = "quiet" }', 'actions = { Offer = "russia_c", Wait = "quiet" }',
     "'russia_c' is reached twice", 21),
    ('payoffs = [0, 0]\n', 'payoffs = [0]\n', "must list 2 values", 44),
    ('[[outcomes]]\nid = "quiet"\npayoffs = [0, 0]\n', '[[outcomes]]\nid = "quiet"\n', "has no payoffs", 42),
    ('Wait = "quiet" }\n[[nodes]]\nid = "russia_c"', 'Wait = "quite" }\n[[nodes]]\nid = "russia_c"',
     "leads to 'quite', which is no node", 21),
    ('player = "US"\nactions = { Offer = "russia_c"', 'player = "USA"\nactions = { Offer = "russia_c"',
     "player 'USA' is not one of", 16),
])
def test_mistakes_are_named_with_their_line(old, new, message, line):
    assert SIGNAL.count(old) == 1, old
    error = _error(SIGNAL.replace(old, new))
    assert message in error.message
    assert error.path == "game.toml" and error.line == line
    assert error.hint


def test_an_unreached_node_and_an_unreached_outcome_are_refused():
    extra = SIGNAL + '[[nodes]]\nid = "orphan"\nplayer = "US"\nactions = { A = "quiet", B = "quiet" }\n'
    error = _error(extra)
    assert "'orphan' is never reached" in error.message and error.line == 45
    extra = SIGNAL + '[[outcomes]]\nid = "spare"\npayoffs = [1, 1]\n'
    error = _error(extra)
    assert "'spare' is never reached" in error.message and error.line == 45


def test_a_loop_back_to_the_root_is_refused():
    error = _error(SIGNAL.replace('Hedge = "hedged" }\n[[outcomes]]', 'Hedge = "nature" }\n[[outcomes]]'))
    assert "'nature' is reached twice" in error.message


def test_probabilities_are_checked_at_set_values_too():
    spec = loads(SIGNAL.replace('"1 - prior"', '"0.75"'), "game.toml")  # sums to 1 at prior = 0.25 only
    with pytest.raises(WedgeError, match="sum to 6/5"):
        spec.tree({"prior": "9/20"})


def test_normal_form_keys_in_a_tree_file_get_a_hint():
    error = _error(SIGNAL.replace('name = "US"', 'name = "US"\nstrategies = ["A", "B"]'))
    assert "players move at nodes" in error.message
    error = _error(SIGNAL + "[payoffs]\nUS = [1]\n")
    assert "[[outcomes]]" in error.hint


def test_a_chance_node_with_a_player_is_refused():
    error = _error(SIGNAL.replace('id = "nature"\n', 'id = "nature"\nplayer = "US"\n'))
    assert "not both" in error.message and error.line == 9


def test_a_tree_over_the_node_limit_is_too_large(monkeypatch):
    from wedge_cli.formats import tree_read

    monkeypatch.setattr(tree_read, "MAX_NODES", 5)
    error = _error(SIGNAL, GameTooLargeError)
    assert "more than 5 nodes" in error.message


def test_imperfect_recall_is_detected():
    forgetful = HEAD + """
[[nodes]]
id = "first"
player = "US"
actions = { L = "second_l", R = "second_r" }
[[nodes]]
id = "second_l"
player = "US"
infoset = "forgot"
actions = { a = "x", b = "y" }
[[nodes]]
id = "second_r"
player = "US"
infoset = "forgot"
actions = { a = "z", b = "w" }
[[outcomes]]
id = "x"
payoffs = [1, 0]
[[outcomes]]
id = "y"
payoffs = [0, 0]
[[outcomes]]
id = "z"
payoffs = [0, 1]
[[outcomes]]
id = "w"
payoffs = [2, 0]
"""
    spec = loads(forgetful, "game.toml")
    assert "forget" in recall_problem(spec.skeleton)
