"""The payoff-file JSON Schema agrees with the loader, which is the truth.

Every file the loader accepts must validate (bundled scenarios, the games other tests use, the
writer's output, hand-written forms, random mutations); the structural mistakes the loader
rejects must be rejected by the schema too; the schema's keys and limits are the loader's.
"""

from __future__ import annotations

import ast
import json
import keyword
import os
import shutil
import subprocess
import sys
import sysconfig
import textwrap
import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft7Validator, Draft202012Validator
from typer.testing import CliRunner

import sweep_games
from conftest import US_EUROPE
from wedge_cli import expr
from wedge_cli.formats import toml_read as loader
from wedge_cli.formats import bayesian_read, toml_fields, tree_read
from wedge_cli.formats.catalog import bundled_dir
from wedge_cli.cli.common import ExitCode
from wedge_cli.cli.main import app
from wedge_cli.errors import ExpressionError, WedgeError
from wedge_cli.model import DISTRIBUTIONS, MAX_PLAYERS, MAX_STRATEGIES
from wedge_cli.formats.schema import SCHEMA_FILE, schema, schema_text
from wedge_cli.formats.toml_write import write_toml
from wedge_cli.formats.tree_write import write_tree_toml

ROOT = Path(__file__).resolve().parent.parent
TESTS = Path(__file__).resolve().parent
SCHEMA = schema()
VALIDATOR = Draft202012Validator(SCHEMA)
#: taplo's validator (jsonschema-rs without its 2020-12 feature) reads schemas as draft 7.
DRAFT7 = Draft7Validator(SCHEMA)
DEFS = SCHEMA["$defs"]


def errors_of(data: dict) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in VALIDATOR.iter_errors(data)]


def accepted_by_loader(text: str) -> bool:
    try:
        loader.loads(text, "fixture.toml")
    except WedgeError:
        return False
    return True


# ---------------------------------------------------------------- valid files

BUNDLED = sorted(bundled_dir().glob("*.toml"))
NFG = sorted((TESTS / "data" / "nfg").glob("*.nfg"))


def _test_file_texts() -> dict[str, str]:
    """TOML games written in the other test files (string literals and the helper modules' games)
    that the loader accepts, keyed by where they come from."""
    found: dict[str, str] = {}
    for path in sorted(TESTS.glob("*.py")):
        if path.name == Path(__file__).name:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and "players" in node.value:
                text = textwrap.dedent(node.value)
                if accepted_by_loader(text):
                    found.setdefault(text, f"{path.name}:{node.lineno}")
    for module in (sweep_games,):
        for name, value in vars(module).items():
            if isinstance(value, str) and "players" in value and accepted_by_loader(value):
                found.setdefault(value, f"{module.__name__}.{name}")
    return {where: text for text, where in found.items()}


TEST_FILE_TEXTS = _test_file_texts()

def _players(n: int, strategies: str = '["s", "t"]') -> str:
    return "".join(f'[[players]]\nname = "P{i}"\nstrategies = {strategies}\n' for i in range(n))


PLAYERS_AB = '''
[[players]]
name = "A"
strategies = ["x", "y"]
[[players]]
name = "B"
strategies = ["l", "r"]
'''

PAYOFFS_AB = "[payoffs]\nA = [[1, 2], [3, 4]]\nB = [[4, 3], [2, 1]]\n"

TREE = """
title = "Entry"
[parameters]
prior = 0.5
[[players]]
name = "Entrant"
description = "A newcomer"
[[players]]
name = "Incumbent"
[[nodes]]
id = "entry"
player = "Entrant"
actions = { In = "chance", Out = "out" }
note = "enter or not"
[[nodes]]
id = "chance"
probabilities = ["prior", "1 - prior"]
actions = { Strong = "fight_s", Weak = "fight_w" }
[[nodes]]
id = "fight_s"
player = "Incumbent"
infoset = "unsure"
actions = { Fight = "war", Yield = "peace" }
[[nodes]]
id = "fight_w"
player = "Incumbent"
infoset = "unsure"
actions = { Fight = "war", Yield = "peace" }
[[outcomes]]
id = "war"
payoffs = [-1, "-1 - prior"]
note = "a fight"
[[outcomes]]
id = "peace"
payoffs = [1, 1]
[[outcomes]]
id = "out"
payoffs = [0, 2]
"""

BAYES = """
[parameters]
p = { value = 0.25, min = 0, max = 1 }
[[players]]
name = "Sender"
strategies = ["Bold", "Meek"]
types = ["tough", "soft"]
prior = ["p", "1 - p"]
[[players]]
name = "Receiver"
strategies = ["Fight", "Yield"]
[payoffs.tough]
Sender = [[1, 2], [0, 1]]
Receiver = [[0, 1], ["p", 1]]
[payoffs.soft]
Sender = [[0, 2], [1, 3]]
Receiver = [[1, 0], [1, 0]]
"""


#: Forms the loader accepts that the other tests' games may not show.
VALID = {
    "a game tree with chance and an information set": TREE,
    "a one-player tree": TREE.replace('[[players]]\nname = "Incumbent"\n', '').replace('player = "Incumbent"', 'player = "Entrant"').replace('[-1, "-1 - prior"]', '[-1]').replace('[1, 1]', '[1]').replace('[0, 2]', '[0]'),
    "shorthand parameter and float payoffs": '[parameters]\nk = 2.5\n' + PLAYERS_AB
    + '[payoffs]\nA = [[1.5, "k"], [0, -1]]\nB = [[0, 1], [1, 0]]\n',
    "parameter with every key": textwrap.dedent('''\
        [parameters.k]
        value = 2
        min = 0
        max = 4
        description = "d"
        basis = "b"
        distribution = "normal"
        sd = 0.5
        ''') + PLAYERS_AB + '[payoffs]\nA = [[1, "k"], [0, 0]]\nB = [[0, 1], [1, 0]]\n',
    "uniform and triangular and fixed distributions": textwrap.dedent('''\
        [parameters]
        u = { value = 1, min = 0, max = 2, distribution = "uniform" }
        t = { value = 2, min = 0, max = 2, distribution = "triangular" }
        f = { value = 9, distribution = "fixed" }
        ''') + PLAYERS_AB + '[payoffs]\nA = [["u", "t"], ["f", 0]]\nB = [[0, 1], [1, 0]]\n',
    "outcome form only, exact strings, notes and descriptions": textwrap.dedent('''\
        title = "t"
        description = "what"
        source = "where"
        scale = "ordinal"
        [[players]]
        name = "A"
        strategies = ["x", "y"]
        description = "player A"
        [[players]]
        name = "B"
        strategies = ["l"]
        [[outcomes]]
        profile = ["x", "l"]
        payoffs = ["5/2", -1]
        note = "why"
        [[outcomes]]
        profile = ["y", "l"]
        payoffs = [" 2 ", 1e3]
        '''),
    "array form with notes-only outcomes": PLAYERS_AB + PAYOFFS_AB + '[[outcomes]]\nprofile = ["x", "l"]\nnote = "why"\n',
    "empty [payoffs] table beside outcomes": '[[players]]\nname = "A"\nstrategies = ["x"]\n[[players]]\nname = "B"\n'
    + 'strategies = ["l"]\n[payoffs]\n[[outcomes]]\nprofile = ["x", "l"]\npayoffs = [0, 0]\n',
    "six players, one strategy each": _players(6, '["s"]') + "[payoffs]\n" + "".join(
        f"P{i} = [[[[[[{i}]]]]]]\n" for i in range(6)),
    "three players, outcome form": '\n'.join(
        f'[[players]]\nname = "{p}"\nstrategies = ["{p}1", "{p}2"]' for p in "ABC") + '\n' + ''.join(
        f'[[outcomes]]\nprofile = ["A{a}", "B{b}", "C{c}"]\npayoffs = [{a}, {b}, "{c} * 2"]\n'
        for a in (1, 2) for b in (1, 2) for c in (1, 2)),
    "four players, array form": '\n'.join(
        f'[[players]]\nname = "{p}"\nstrategies = ["s", "t"]' for p in "ABCD") + '\n[payoffs]\n' + ''.join(
        f'{p} = [[[[1, 0], [0, 1]], [[0, 1], [1, 0]]], [[[1, 0], [0, 1]], [[0, 1], [1, 0]]]]\n' for p in "ABCD"),
    "inline tables for players": 'players = [{ name = "A", strategies = ["x"] }, { name = "B", strategies = ["l"] }]\n'
    + '[payoffs]\nA = [[1]]\nB = [[2]]\n',
    "a Bayesian game with a prior per player": BAYES,
    "a Bayesian game with a joint prior in dotted keys and outcomes with types": BAYES.replace('prior = ["p", "1 - p"]\n', "").replace(
        'strategies = ["Fight", "Yield"]\n', 'strategies = ["Fight", "Yield"]\ntypes = ["calm", "angry"]\n').replace(
        "[payoffs.tough]\nSender = [[1, 2], [0, 1]]\nReceiver = [[0, 1], [\"p\", 1]]\n[payoffs.soft]\n"
        "Sender = [[0, 2], [1, 3]]\nReceiver = [[1, 0], [1, 0]]\n",
        "[prior]\ntough.calm = \"p\"\ntough.angry = 0\nsoft.calm = 0.5\nsoft.angry = \"0.5 - p\"\n" + "".join(
            f'[[outcomes]]\ntypes = ["{a}", "{b}"]\nprofile = ["{s}", "{r}"]\npayoffs = [1, "2 * p"]\n'
            for a in ("tough", "soft") for b in ("calm", "angry") for s in ("Bold", "Meek") for r in ("Fight", "Yield"))),
    "expression with functions, powers and odd whitespace": '[parameters]\nx = 2\n' + PLAYERS_AB
    + '[payoffs]\nA = [["max(0, x - 1)", "abs(-x)"], ["x**0.5", "\\tmin(x, 1_000, .5e1)\\n"]]\n'
    + 'B = [["-x**2", "+(x)"], ["(x)/(x+1)", "2."]]\n',
}


def _writer_outputs() -> dict[str, str]:
    """The TOML the writers make of every bundled scenario (trees: the tree writer) and every .nfg fixture."""
    sources = [*(str(p) for p in BUNDLED), *(str(p) for p in NFG)]
    out = {}
    for source in sources:
        spec = loader.load(source)
        out[Path(source).name] = write_tree_toml(spec) if hasattr(spec, "skeleton") else write_toml(spec)
    return out


WRITER_OUTPUTS = _writer_outputs()


def test_fixtures_were_found():
    """The collections below are not empty by accident (a broken collector would pass every test)."""
    assert len(BUNDLED) >= 6 and {p.name for p in BUNDLED} == {p.name for p in (ROOT / "payoffs").glob("*.toml")}
    assert len(TEST_FILE_TEXTS) >= 15, sorted(TEST_FILE_TEXTS)
    assert len(NFG) >= 5 and len(WRITER_OUTPUTS) == len(BUNDLED) + len(NFG)
    for name, text in VALID.items():
        assert accepted_by_loader(text), name


@pytest.mark.parametrize("path", BUNDLED, ids=[p.name for p in BUNDLED])
def test_bundled_scenarios_validate(path):
    assert errors_of(tomllib.loads(path.read_text(encoding="utf-8"))) == []


@pytest.mark.parametrize("text", list(TEST_FILE_TEXTS.values()), ids=list(TEST_FILE_TEXTS))
def test_games_of_the_other_tests_validate(text):
    assert errors_of(tomllib.loads(text)) == []


@pytest.mark.parametrize("text", list(VALID.values()), ids=list(VALID))
def test_every_form_the_loader_accepts_validates(text):
    assert errors_of(tomllib.loads(text)) == []


@pytest.mark.parametrize("text", list(WRITER_OUTPUTS.values()), ids=list(WRITER_OUTPUTS))
def test_writer_output_validates(text):
    assert errors_of(tomllib.loads(text)) == []


# ---------------------------------------------------------------- invalid files

#: (TOML text, part of the loader's message): structural mistakes a schema can see.
INVALID = {
    "tree player with strategies": (TREE.replace('name = "Incumbent"', 'name = "Incumbent"\nstrategies = ["F"]'),
                                    "players move at nodes"),
    "tree with [payoffs]": (TREE + "[payoffs]\nEntrant = [1]\n", "unknown key 'payoffs'"),
    "tree outcome with a profile": (TREE.replace('id = "out"', 'id = "out"\nprofile = ["In"]'), "has a profile"),
    "tree outcome without payoffs": (TREE.replace('payoffs = [0, 2]\n', ''), "has no payoffs"),
    "node without actions": (TREE.replace('actions = { In = "chance", Out = "out" }\n', ''), "needs actions"),
    "node with player and probabilities": (TREE.replace('id = "entry"\n', 'id = "entry"\nprobabilities = [1, 0]\n'),
                                           "not both"),
    "chance node with an infoset": (TREE.replace('id = "chance"\n', 'id = "chance"\ninfoset = "x"\n'),
                                    "has an infoset"),
    "node id with a space": (TREE.replace('id = "entry"', 'id = "the entry"'), "is not a valid id"),
    "unknown node key": (TREE.replace('note = "enter or not"', 'notes = "enter or not"'), "unknown key 'notes'"),
    "Bayesian game with [[nodes]]": (BAYES + '[[nodes]]\nid = "n"\nplayer = "Sender"\nactions = { a = "o" }\n',
                                     "a file is one or the other"),
    "Bayesian outcome without types": (BAYES + '[[outcomes]]\nprofile = ["Bold", "Fight"]\nnote = "n"\n',
                                       "outcome 1 has no types"),
    "Bayesian prior not a list": (BAYES.replace('prior = ["p", "1 - p"]', 'prior = "p"'), "prior must list 2"),
    "Bayesian player with a prior and no types": (BAYES.replace('strategies = ["Fight", "Yield"]\n',
                                                                'strategies = ["Fight", "Yield"]\nprior = [1]\n'),
                                                  "has a prior but no types"),
    "Bayesian outcome with types in a normal-form file": (
        US_EUROPE.replace('profile = ["Retrench", "FreeRide"]', 'types = ["a"]\nprofile = ["Retrench", "FreeRide"]'),
        "unknown key 'types' in outcome 1"),
    "unknown top-level key": ("playres = 3\n" + US_EUROPE, "unknown key 'playres' in the top level"),
    "title not a string": (US_EUROPE.replace('title = "US–Europe burden sharing"', "title = 3"),
                           "'title' must be a string"),
    "no players": ('title = "t"\n[payoffs]\nA = [[1]]\n', "no players"),
    "players not an array of tables": ('players = ["A", "B"]\n[payoffs]\n', "'players' must be an array of tables"),
    "one player": ('[[players]]\nname = "A"\nstrategies = ["a"]\n[payoffs]\nA = [1]\n', "at least 2 players"),
    "seven players": (_players(7) + "[payoffs]\n", "wedge handles at most 6"),
    "player without strategies": (US_EUROPE.replace('strategies = ["Rearm", "FreeRide"]\n', ""),
                                  "player 'Europe' needs strategies"),
    "empty strategies": (US_EUROPE.replace('["Rearm", "FreeRide"]', "[]"), "player 'Europe' needs strategies"),
    "strategy not a string": (US_EUROPE.replace('["Rearm", "FreeRide"]', '["Rearm", 2]'),
                              "player 'Europe' needs strategies"),
    "blank strategy name": (US_EUROPE.replace('["Rearm", "FreeRide"]', '["Rearm", "  "]'),
                            "empty strategy name"),
    "duplicate strategy": (US_EUROPE.replace('["Rearm", "FreeRide"]', '["Rearm", "Rearm"]'),
                           "duplicate strategy 'Rearm'"),
    "21 strategies": (US_EUROPE.replace('["Rearm", "FreeRide"]', "[" + ", ".join(f'"s{i}"' for i in range(21)) + "]"),
                      "has 21 strategies; the limit is 20"),
    "player without name": (US_EUROPE.replace('name = "Europe"\n', ""), "missing 'name'"),
    "blank player name": (US_EUROPE.replace('name = "Europe"', 'name = " "'), "player name is empty"),
    "player name not a string": (US_EUROPE.replace('name = "Europe"', "name = 7"), "'name' must be a string"),
    "unknown player key": (US_EUROPE.replace('name = "Europe"', 'name = "Europe"\nstrategy = "x"'),
                           "unknown key 'strategy' in player 2"),
    "parameters not a table": (US_EUROPE.replace("[parameters.cut]\nvalue = 8\nmin = 0\nmax = 20\n"
                                                 'description = "Cut to US military spending in Europe, % over five '
                                                 'years"\n', "parameters = 8\n"),
                               "'parameters' must be a table"),
    "parameter name with a digit first": (US_EUROPE.replace("[parameters.cut]", '[parameters."2cut"]'),
                                          "parameter name '2cut' is not a valid name"),
    "parameter name a keyword": (US_EUROPE.replace("[parameters.cut]", "[parameters.lambda]"),
                                 "parameter name 'lambda' is not a valid name"),
    "parameter name reserved": (US_EUROPE.replace("[parameters.cut]", "[parameters.abs]"),
                                "parameter name 'abs' is reserved"),
    "parameter a string": ('[parameters]\ncut = "8"\n' + PLAYERS_AB + PAYOFFS_AB,
                           "parameter 'cut' must be a number or a table"),
    "parameter a boolean": ('[parameters]\ncut = true\n' + PLAYERS_AB + PAYOFFS_AB,
                            "parameter 'cut' must be a number or a table"),
    "parameter without value": (US_EUROPE.replace("value = 8\n", ""), "parameter 'cut' has no value"),
    "parameter value a string": (US_EUROPE.replace("value = 8", 'value = "5/2"'), "value must be a finite number"),
    "parameter min a boolean": (US_EUROPE.replace("min = 0", "min = false"), "min must be a finite number"),
    "unknown parameter key": (US_EUROPE.replace("value = 8", "vaule = 8"), "unknown key 'vaule' in parameter 'cut'"),
    "unknown distribution": (US_EUROPE.replace("value = 8", 'value = 8\ndistribution = "gaussian"'),
                             "unknown distribution 'gaussian'"),
    "uniform without a range": (US_EUROPE.replace("min = 0\nmax = 20\n", 'distribution = "uniform"\n'),
                                "a uniform distribution needs min and max"),
    "normal without sd": (US_EUROPE.replace("value = 8", 'value = 8\ndistribution = "normal"'),
                          "a normal distribution needs sd"),
    "sd without normal": (US_EUROPE.replace("value = 8", 'value = 8\nsd = 1'),
                          'sd is only used by distribution = "normal"'),
    "sd not positive": (US_EUROPE.replace("value = 8", 'value = 8\ndistribution = "normal"\nsd = 0'),
                        "sd must be a positive finite number"),
    "payoffs not a table": ("payoffs = [[1, 2], [3, 4]]\n" + PLAYERS_AB, "'payoffs' must be a table"),
    "payoff array too shallow for 3 players": (_players(3) + "[payoffs]\n" + "".join(
        f"P{i} = [[1, 2], [3, 4]]\n" for i in range(3)), "expected a list at entry [0][0]"),
    "payoff array too deep for 2 players": (PLAYERS_AB + "[payoffs]\nA = [[[1], [2]], [[3], [4]]]\n",
                                            "nest too deeply"),
    "payoff a boolean": (US_EUROPE.replace("Europe = [[2, 4], [3, 1]]", "Europe = [[2, true], [3, 1]]"),
                         "must be a number or a quoted expression, not a boolean"),
    "payoff a table": (US_EUROPE.replace("Europe = [[2, 4], [3, 1]]", "Europe = [[2, {v = 4}], [3, 1]]"),
                       "must be a number or a quoted expression, not a table"),
    "payoff row empty": (US_EUROPE.replace("Europe = [[2, 4], [3, 1]]", "Europe = [[], [3, 1]]"),
                         "has 0 entries; expected 2"),
    "outcomes a table": (US_EUROPE.replace("[[outcomes]]", "[outcomes]"), "'outcomes' must be an array of tables"),
    "outcome without profile": (US_EUROPE.replace('profile = ["Retrench", "FreeRide"]\n', ""),
                                "outcome 1: profile must list 2 strategy names"),
    "profile too short": (US_EUROPE.replace('profile = ["Retrench", "FreeRide"]', 'profile = ["Retrench"]'),
                          "profile must list 2 strategy names"),
    "profile entry not a string": (US_EUROPE.replace('profile = ["Retrench", "FreeRide"]', 'profile = ["Retrench", 1]'),
                                   "profile must list 2 strategy names"),
    "outcome payoffs too long": (US_EUROPE.replace('note = "Nobody pays."', "payoffs = [1, 2, 3]").replace(
        "Europe = [[2, 4], [3, 1]]\n", ""), "payoffs must list 2 values"),
    "outcome payoffs not an array": (US_EUROPE.replace('note = "Nobody pays."', "payoffs = 1").replace(
        "Europe = [[2, 4], [3, 1]]\n", ""), "payoffs must list 2 values"),
    "unknown outcome key": (US_EUROPE.replace('note = "Nobody pays."', 'notes = "Nobody pays."'),
                            "unknown key 'notes' in outcome 1"),
    "note not a string": (US_EUROPE.replace('note = "Nobody pays."', "note = 1"), "'note' must be a string"),
    "no payoffs anywhere": (PLAYERS_AB, "no payoff for A at (x, l)"),
    "outcomes without payoffs and no [payoffs]": (PLAYERS_AB + '[[outcomes]]\nprofile = ["x", "l"]\nnote = "n"\n',
                                                  "no payoff for A at (x, l)"),
    "datetime where a string belongs": (US_EUROPE.replace('source = "The European Factor"', "source = 2024-01-01"),
                                        "'source' must be a string, not date"),
}

#: Payoff expressions the loader rejects whose text the schema's pattern already rules out.
INVALID_EXPRESSIONS = {
    "empty": "",
    "blank": "   ",
    "caret power": "cut ^ 2",
    "percent": "cut % 3",
    "comparison": "cut > 3",
    "string inside": "'cut'",
    "non-ASCII letter": "cut + é",
    "too long": "1 + " * 300 + "1",
}


@pytest.mark.parametrize("text, message", list(INVALID.values()), ids=list(INVALID))
def test_structural_mistakes_are_rejected_by_loader_and_schema(text, message):
    with pytest.raises(WedgeError) as info:
        loader.loads(text, "bad.toml")
    assert not isinstance(info.value, ExpressionError)
    assert message in info.value.message
    errors = errors_of(tomllib.loads(text))
    assert errors, "the schema accepts a file the loader rejects"
    assert not any("'outcomes' is a required property" in e for e in errors) or "no payoffs" in message \
        or "no payoff for" in message, errors


@pytest.mark.parametrize("expression", list(INVALID_EXPRESSIONS.values()), ids=list(INVALID_EXPRESSIONS))
def test_bad_expressions_are_rejected_by_loader_and_schema(expression):
    text = US_EUROPE.replace('"4 + cut/10"', json.dumps(expression))
    with pytest.raises(ExpressionError):
        loader.loads(text, "bad.toml")
    assert errors_of(tomllib.loads(text))


def test_loader_quirk_player_description_is_not_checked():
    """The loader never reads a player's description, so it accepts any value and so does the schema.

    If the loader starts checking it (as it checks every other description), this fails: then give
    the schema's player description "type": "string" and move this case to INVALID.
    """
    text = US_EUROPE.replace('name = "Europe"', 'name = "Europe"\ndescription = 1')
    assert accepted_by_loader(text)
    assert errors_of(tomllib.loads(text)) == []


GOOD_TEXTS = [*(p.read_text(encoding="utf-8") for p in BUNDLED), *TEST_FILE_TEXTS.values(), *VALID.values(),
              *WRITER_OUTPUTS.values()]
BAD_TEXTS = {**{name: text for name, (text, _) in INVALID.items()},
             **{f"expression {name}": US_EUROPE.replace('"4 + cut/10"', json.dumps(e))
                for name, e in INVALID_EXPRESSIONS.items()}}
ALL_TEXTS = [*GOOD_TEXTS, *BAD_TEXTS.values()]


def test_draft7_reading_gives_the_same_verdicts():
    """taplo validates as draft 7: the schema must mean the same there (no 2019+ keywords that matter)."""
    for text in ALL_TEXTS:
        data = tomllib.loads(text)
        assert DRAFT7.is_valid(data) == VALIDATOR.is_valid(data), text[:200]



#: Where taplo and jsonschema disagree, and why: taplo hands TOML dates to the validator as strings.
TAPLO_DIFFERS = {"datetime where a string belongs"}


def test_taplo_gives_the_same_verdicts(tmp_path):
    """The editors' validator itself (taplo, as in Even Better TOML) accepts and rejects the same files."""
    taplo = shutil.which("taplo") or shutil.which("taplo", path=sysconfig.get_path("scripts"))
    if taplo is None:
        pytest.skip("taplo is not installed (it comes with pip install '.[test]')")
    schema_path = tmp_path / SCHEMA_FILE
    schema_path.write_text(schema_text(), encoding="utf-8")
    cases = {**{f"good {i}": text for i, text in enumerate(GOOD_TEXTS)}, **BAD_TEXTS}
    disagree = set()
    for i, (name, text) in enumerate(cases.items()):
        path = tmp_path / f"case{i}.toml"
        path.write_text(text, encoding="utf-8")
        result = subprocess.run([taplo, "check", "--no-auto-config", "--colors", "never",
                                 "--schema", schema_path.as_uri(), str(path)], capture_output=True, text=True)
        if (result.returncode == 0) != VALIDATOR.is_valid(tomllib.loads(text)):
            disagree.add(name)
    assert disagree == TAPLO_DIFFERS


# ---------------------------------------------------------------- the schema itself

def test_schema_is_valid_draft_2020_12():
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["$id"] and SCHEMA["title"] and SCHEMA["description"]


def _described_schemas(node, path="#"):
    """Yield (path, schema) for every schema that documents a key or a reusable definition.

    ``if``/``then``/``else`` branches only narrow keys described elsewhere, so they are skipped.
    """
    if isinstance(node, dict):
        for keyword_ in ("properties", "patternProperties", "$defs"):
            for name, sub in node.get(keyword_, {}).items():
                yield f"{path}/{keyword_}/{name}", sub
        for keyword_ in ("additionalProperties", "items", "propertyNames"):
            if isinstance(node.get(keyword_), dict):
                yield f"{path}/{keyword_}", node[keyword_]
        for key, value in node.items():
            if key not in ("if", "then", "else", "enum", "const", "default", "x-taplo", "required"):
                yield from _described_schemas(value, f"{path}/{key}")
    elif isinstance(node, list):
        for i, item in enumerate(node):
            yield from _described_schemas(item, f"{path}/{i}")


def test_every_key_and_definition_has_a_description():
    found = list(_described_schemas(SCHEMA))
    assert len(found) > 30
    missing = [path for path, sub in found if "$ref" not in sub and not sub.get("description")]
    assert missing == []
    for path, sub in found:  # a reference must point to a described definition
        if "$ref" in sub:
            assert set(sub) == {"$ref"}, f"{path}: keywords beside $ref are ignored in draft 7"
            assert DEFS[sub["$ref"].removeprefix("#/$defs/")]["description"]


def test_schema_keys_are_the_loaders_keys():
    """Adding a key to the loader and not the schema (or back) breaks this test."""
    assert tuple(SCHEMA["properties"]) == loader.TOP_KEYS + ("nodes", "prior")
    assert set(SCHEMA["properties"]) == set(loader.TOP_KEYS) | set(tree_read.TREE_KEYS) | set(
        bayesian_read.BAYESIAN_KEYS)
    assert tuple(DEFS["bayesian_player"]["properties"]) == bayesian_read.BAYESIAN_PLAYER_KEYS
    assert tuple(DEFS["bayesian_outcome"]["properties"]) == bayesian_read.BAYESIAN_OUTCOME_KEYS
    assert tuple(DEFS["tree_player"]["properties"]) == tree_read.TREE_PLAYER_KEYS
    assert tuple(DEFS["node"]["properties"]) == tree_read.NODE_KEYS
    assert tuple(DEFS["tree_outcome"]["properties"]) == tree_read.TREE_OUTCOME_KEYS
    assert DEFS["node"]["properties"]["id"]["pattern"] == tree_read.NODE_ID.pattern
    assert tuple(DEFS["parameter_table"]["properties"]) == toml_fields.PARAMETER_KEYS
    assert tuple(DEFS["player"]["properties"]) == loader.PLAYER_KEYS
    assert tuple(DEFS["outcome"]["properties"]) == loader.OUTCOME_KEYS
    assert SCHEMA["additionalProperties"] is False
    assert all(DEFS[name]["additionalProperties"] is False
               for name in ("parameter_table", "player", "outcome", "tree_player", "node", "tree_outcome",
                            "bayesian_player", "bayesian_outcome"))


def test_schema_limits_are_the_loaders_limits():
    assert tuple(DEFS["parameter_table"]["properties"]["distribution"]["enum"]) == DISTRIBUTIONS
    assert SCHEMA["properties"]["players"]["maxItems"] == MAX_PLAYERS
    assert DEFS["player"]["properties"]["strategies"]["maxItems"] == MAX_STRATEGIES
    assert all(DEFS[f"array_{d}d"]["maxItems"] == MAX_STRATEGIES for d in range(1, MAX_PLAYERS + 1))
    assert DEFS["outcome"]["properties"]["profile"]["maxItems"] == MAX_PLAYERS
    typed = DEFS["bayesian_player"]["properties"]
    assert typed["types"]["maxItems"] == typed["prior"]["maxItems"] == bayesian_read.MAX_TYPES
    assert DEFS["bayesian_outcome"]["properties"]["types"]["maxItems"] == MAX_PLAYERS
    names = SCHEMA["properties"]["parameters"]["propertyNames"]
    assert set(names["not"]["enum"]) == set(keyword.kwlist) | toml_fields.RESERVED_NAMES
    assert names["pattern"] == toml_fields.IDENTIFIER.pattern
    assert DEFS["expression"]["maxLength"] == expr.MAX_LENGTH
    # one exact-depth rule per number of players the loader allows (arrays, or a Bayesian game's tables of them)
    depths = [[ref["$ref"] for ref in rule["then"]["properties"]["payoffs"]["additionalProperties"]["anyOf"]]
              for rule in SCHEMA["allOf"] if "players" in rule["if"].get("properties", {})]
    assert depths == [[f"#/$defs/array_{n}d", f"#/$defs/typed_{n}d"] for n in range(2, MAX_PLAYERS + 1)]


# ---------------------------------------------------------------- properties against the loader

_TOKENS = ["x", "cut", "min", "max", "abs", "1", "0.5", ".5", "2.", "1e-3", "1_000", "+", "-", "*", "/", "**",
           "(", ")", ",", " ", "\t", "\n", "é", "^", "%", "=", "[", "'", "#", "\u00a0", "x1"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_TOKENS), min_size=0, max_size=12))
def test_expression_pattern_accepts_whatever_the_loader_compiles(tokens):
    text = "".join(tokens)
    try:
        expr.compile_expression(text, {"x", "cut"})
    except ExpressionError:
        return
    assert Draft202012Validator(DEFS["expression"]).is_valid(text), text


def _toml(data: dict) -> str:
    """Data as TOML: one ``key = inline value`` line per top-level key (enough for random mutations)."""

    def value(v) -> str:
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, (int, float)):
            return repr(v)
        if isinstance(v, str):
            return json.dumps(v, ensure_ascii=False)
        if isinstance(v, list):
            return "[" + ", ".join(value(x) for x in v) + "]"
        return "{" + ", ".join(f"{json.dumps(k)} = {value(x)}" for k, x in v.items()) + "}"

    return "".join(f"{json.dumps(k)} = {value(v)}\n" for k, v in data.items())


_SEEDS = [tomllib.loads(US_EUROPE), tomllib.loads(VALID["three players, outcome form"]),
          tomllib.loads(VALID["parameter with every key"])]
_VALUES = st.sampled_from([0, -2, 1.5, float("inf"), "x", "", "1/2", "cut", True, [], {}, ["a"], ["Maintain", "Rearm"],
                           [1, 2], [[1, 2], [3, 4]], {"value": 1}, {"name": "C", "strategies": ["c"]}, "normal"])


def _mutate(data, draw):
    """Replace, delete or add one entry somewhere in ``data`` (a deep copy)."""
    data = json.loads(json.dumps(data))
    node = data
    while True:
        keys = list(node) if isinstance(node, dict) else list(range(len(node)))
        if not keys:
            break
        key = draw(st.sampled_from(keys))
        child = node[key]
        if isinstance(child, (dict, list)) and child and draw(st.booleans()):
            node = child
            continue
        action = draw(st.sampled_from(["replace", "delete", "add"]))
        if action == "replace":
            node[key] = draw(_VALUES)
        elif action == "delete":
            del node[key]
        elif isinstance(node, dict):
            node[draw(st.sampled_from(["title", "note", "sd", "min", "basis", "description", "extra", "zz"]))] = draw(
                _VALUES)
        else:
            node.append(draw(_VALUES))
        break
    return data


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_schema_never_rejects_what_the_loader_accepts(data):
    """Random one-entry mutations of valid games: the schema may miss mistakes, never invent them."""
    seed = data.draw(st.sampled_from(_SEEDS))
    mutated = _mutate(seed, data.draw)
    text = _toml(mutated)
    if accepted_by_loader(text):
        assert errors_of(tomllib.loads(text)) == [], text


def test_mutation_helper_round_trips():
    for seed in _SEEDS:
        assert tomllib.loads(_toml(seed)) == seed
        assert accepted_by_loader(_toml(seed))


# ---------------------------------------------------------------- wedge schema

@pytest.fixture
def runner():
    return CliRunner()


def test_schema_command_prints_the_file(runner):
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0, result.stderr
    packaged = (ROOT / "wedge_cli" / "formats" / "schema" / SCHEMA_FILE).read_text(encoding="utf-8")
    assert result.stdout == packaged == schema_text()
    assert json.loads(result.stdout) == SCHEMA
    assert result.stderr == ""


@pytest.mark.parametrize("flag", ["-o", "--output"])
def test_schema_command_writes_the_file(runner, tmp_path, flag):
    target = tmp_path / "payoffs.schema.json"
    target.write_text("old", encoding="utf-8")
    result = runner.invoke(app, ["schema", flag, str(target)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert target.read_text(encoding="utf-8") == schema_text()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["payoffs.schema.json"]  # no temporary file left
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask


def test_schema_command_dash_means_stdout(runner):
    result = runner.invoke(app, ["schema", "-o", "-"])
    assert result.exit_code == 0 and result.stdout == schema_text()


def test_schema_command_missing_folder_is_exit_3(runner, tmp_path):
    target = tmp_path / "no" / "such" / "schema.json"
    result = runner.invoke(app, ["schema", "-o", str(target)])
    assert result.exit_code == ExitCode.INVALID_INPUT == 3
    assert result.stdout == ""
    assert "does not exist" in result.stderr and str(target.parent) in result.stderr
    assert "hint: create it first" in result.stderr
    assert not (tmp_path / "no").exists()


def test_schema_command_into_a_folder_is_exit_3(runner, tmp_path):
    result = runner.invoke(app, ["schema", "-o", str(tmp_path)])
    assert result.exit_code == 3 and result.stdout == ""
    assert "is a folder" in result.stderr


def test_schema_written_by_the_command_validates_a_scenario(runner, tmp_path):
    """The file users wire into their editor is the one the tests above check."""
    target = tmp_path / "payoffs.schema.json"
    assert runner.invoke(app, ["schema", "-o", str(target)]).exit_code == 0
    written = json.loads(target.read_text(encoding="utf-8"))
    assert Draft202012Validator(written).is_valid(tomllib.loads(BUNDLED[0].read_text(encoding="utf-8")))


def test_schema_module_is_core_and_the_command_is_light():
    """wedge_cli.formats.schema imports no CLI library; 'wedge schema' loads neither numpy nor the loader."""
    code = ("import sys\nimport wedge_cli.formats.schema\n"
            "assert not [m for m in sys.modules if m.split('.')[0] in ('typer', 'rich', 'click')]\n"
            "from wedge_cli.cli.main import app\n"
            "try:\n    app(['schema'])\nexcept SystemExit as e:\n    assert not e.code, e.code\n"
            "bad = [m for m in sys.modules if m.split('.')[0] == 'numpy' or m == 'wedge_cli.formats.toml_read']\n"
            "assert not bad, bad[:5]\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == SCHEMA
