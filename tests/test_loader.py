from fractions import Fraction

import numpy as np
import pytest

from wedge_cli.formats.assignments import parse_assignments
from wedge_cli.formats.toml_read import load, loads, resolve
from wedge_cli.model import ExpressionError, GameTooLargeError, LoadError, WedgeError

from conftest import US_EUROPE


def test_array_form_with_expression_and_notes():
    spec = loads(US_EUROPE, "g.toml")
    assert [p.name for p in spec.players] == ["US", "Europe"]
    assert spec.shape == (2, 2)
    game = spec.game()
    assert game.exact[0, 1, 0] == Fraction(24, 5)  # 4 + 8/10
    assert game.exact[1, 0, 1] == 4
    assert spec.notes == {(1, 1): "Nobody pays."}
    assert spec.parameters["cut"].description.startswith("Cut")
    assert spec.game({"cut": "15"}).exact[0, 1, 0] == Fraction(11, 2)


def test_outcome_form_equals_array_form():
    text = '''
title = "t"
[[players]]
name = "A"
strategies = ["x", "y"]
[[players]]
name = "B"
strategies = ["l", "r"]
[[outcomes]]
profile = ["x", "l"]
payoffs = [1, 2]
[[outcomes]]
profile = ["x", "r"]
payoffs = [0, "3/2"]
[[outcomes]]
profile = ["y", "l"]
payoffs = [5, 0.1]
[[outcomes]]
profile = ["y", "r"]
payoffs = [-1, 7]
note = "why"
'''
    game = loads(text, "o.toml").game()
    assert game.exact[1, 0, 1] == Fraction(3, 2)
    assert game.exact[1, 1, 0] == Fraction(1, 10)
    assert game.exact[0, 1, 1] == -1
    assert np.allclose(game.payoffs[0], [[1, 0], [5, -1]])


def test_parameter_shorthand():
    text = US_EUROPE.replace('[parameters.cut]\nvalue = 8\nmin = 0\nmax = 20\n', '[parameters]\ncut = 8\n')
    text = text.replace('description = "Cut to US military spending in Europe, % over five years"\n', '', 1)
    spec = loads(text, "s.toml")
    assert spec.parameters["cut"].value == 8
    assert spec.parameters["cut"].min is None


def test_three_players():
    text = '''
[[players]]
name = "A"
strategies = ["a1", "a2"]
[[players]]
name = "B"
strategies = ["b1", "b2"]
[[players]]
name = "C"
strategies = ["c1", "c2", "c3"]
[payoffs]
A = [[[1,2,3],[4,5,6]],[[7,8,9],[10,11,12]]]
B = [[[0,0,0],[0,0,0]],[[0,0,0],[0,0,0]]]
C = [[[1,1,1],[1,1,1]],[[1,1,1],[1,1,1]]]
'''
    game = loads(text, "3.toml").game()
    assert game.shape == (2, 2, 3)
    assert game.payoffs[0, 1, 0, 2] == 9


def error_of(text: str) -> WedgeError:
    with pytest.raises(WedgeError) as info:
        loads(text, "bad.toml")
    return info.value


def test_invalid_toml_names_line_and_column():
    err = error_of('title = "x"\nplayers = [\n  {name = "A" strategies = []}\n]\n')
    assert isinstance(err, LoadError)
    assert err.path == "bad.toml" and err.line == 3 and err.col is not None
    assert "invalid TOML" in err.message


def test_unknown_top_level_key_suggests():
    err = error_of('playres = 3\n' + US_EUROPE)
    assert "unknown key 'playres' in the top level" in err.message
    assert err.hint == "did you mean 'players'?"
    assert err.line == 1


def test_wrong_shape_says_expected():
    err = error_of(US_EUROPE.replace('Europe = [[2, 4], [3, 1]]', 'Europe = [[2, 4, 5], [3, 1]]'))
    assert "has 3 entries; expected 2" in err.message
    assert "Rearm, FreeRide" in err.message
    assert err.line == 21


def test_unknown_strategy_in_profile():
    err = error_of(US_EUROPE.replace('profile = ["Retrench", "FreeRide"]', 'profile = ["Retrench", "Freeride"]'))
    assert "'Freeride' is not a strategy of Europe" in err.message
    assert err.hint == "did you mean 'FreeRide'?"
    assert err.line == 24


def test_payoff_given_twice():
    err = error_of(US_EUROPE + 'payoffs = [0, 1]\n')
    assert "given twice" in err.message and "[payoffs]" in err.message


def test_missing_payoffs():
    err = error_of(US_EUROPE.replace('Europe = [[2, 4], [3, 1]]\n', ''))
    assert "no payoff for Europe at (Maintain, Rearm)" in err.message
    assert "4 payoff(s) missing" in err.message


def test_duplicate_names():
    err = error_of(US_EUROPE.replace('name = "Europe"', 'name = "US"'))
    assert "duplicate player name 'US'" in err.message and err.line == 16
    err = error_of(US_EUROPE.replace('["Rearm", "FreeRide"]', '["Rearm", "Rearm"]'))
    assert "duplicate strategy 'Rearm'" in err.message


@pytest.mark.parametrize("bad", ["inf", "nan", "-inf"])
def test_non_finite_numbers(bad):
    err = error_of(US_EUROPE.replace('Europe = [[2, 4], [3, 1]]', f'Europe = [[2, {bad}], [3, 1]]'))
    assert "finite" in err.message and err.line == 21


def test_boolean_payoff_rejected():
    err = error_of(US_EUROPE.replace('Europe = [[2, 4], [3, 1]]', 'Europe = [[2, true], [3, 1]]'))
    assert "not a boolean" in err.message


def test_expression_error_located_in_file():
    err = error_of(US_EUROPE.replace('"4 + cut/10"', '"4 + cutt/10"'))
    assert isinstance(err, ExpressionError)
    assert "unknown parameter 'cutt'" in err.message
    assert err.hint and "'cut'" in err.hint
    assert err.line == 20
    line = US_EUROPE.replace('"4 + cut/10"', '"4 + cutt/10"').splitlines()[19]
    assert line[err.col - 1:].startswith("cutt")


def test_hostile_expression_rejected():
    err = error_of(US_EUROPE.replace('"4 + cut/10"', '"9**9**9"'))
    assert isinstance(err, ExpressionError)
    err = error_of(US_EUROPE.replace('"4 + cut/10"', '"__import__(\'os\').system(\'true\')"'))
    assert isinstance(err, ExpressionError)


def test_payoff_not_finite_at_defaults():
    err = error_of(US_EUROPE.replace('"4 + cut/10"', '"4 / (cut - 8)"'))
    assert "not finite" in err.message and err.line == 20


def test_parameter_errors():
    err = error_of(US_EUROPE.replace("min = 0", "min = 30"))
    assert "min 30 is greater than max 20" in err.message
    err = error_of(US_EUROPE.replace("value = 8", "value = nan"))
    assert "finite number" in err.message and err.line == 6
    err = error_of(US_EUROPE.replace("value = 8", "vaule = 8"))
    assert err.hint == "did you mean 'value'?"
    err = error_of(US_EUROPE.replace("[parameters.cut]", "[parameters.max]"))
    assert "reserved" in err.message


def test_one_player_and_too_many_strategies():
    one = 'title="x"\n[[players]]\nname = "A"\nstrategies = ["a"]\n'
    assert "at least 2 players" in error_of(one).message
    many = ", ".join(f'"s{i}"' for i in range(21))
    with pytest.raises(GameTooLargeError):
        loads(US_EUROPE.replace('["Maintain", "Retrench"]', f"[{many}]"), "big.toml")


def test_profile_length_and_payoffs_length():
    err = error_of(US_EUROPE.replace('profile = ["Retrench", "FreeRide"]', 'profile = ["Retrench"]'))
    assert "profile must list 2 strategy names" in err.message
    text = US_EUROPE.replace('Europe = [[2, 4], [3, 1]]\n', 'Europe = [[2, 4], [3, 1]]\n')
    err = error_of(text.replace('note = "Nobody pays."', 'payoffs = [1]'))
    assert "payoffs must list 2 values" in err.message


def test_unknown_player_in_payoffs():
    err = error_of(US_EUROPE.replace("Europe = [[", "Eruope = [["))
    assert "unknown player 'Eruope'" in err.message and err.hint == "did you mean 'Europe'?"


def test_resolve_and_load_file(write):
    path = write(US_EUROPE)
    assert load(path).title == "US–Europe burden sharing"
    with pytest.raises(LoadError) as info:
        resolve("no-such-scenario-anywhere")
    assert "wedge list" in info.value.hint or "did you mean" in info.value.hint


def test_non_utf8_and_huge_files(write, tmp_path):
    bad = tmp_path / "bin.toml"
    bad.write_bytes(b"title = \"\xff\xfe\"\n")
    with pytest.raises(LoadError, match="not UTF-8"):
        load(str(bad))
    huge = tmp_path / "huge.toml"
    huge.write_bytes(b"#" * 6_000_000)
    with pytest.raises(LoadError, match="limited to"):
        load(str(huge))


def test_stdin_text():
    spec = load("-", stdin_text=US_EUROPE)
    assert spec.path == "<stdin>" and spec.shape == (2, 2)


def test_parse_assignments():
    spec = loads(US_EUROPE, "g.toml")
    values, warnings = parse_assignments(["cut=5/2"], spec)
    assert values == {"cut": "5/2"} and warnings == []
    assert spec.game(values).exact[0, 1, 0] == Fraction(17, 4)
    _, warnings = parse_assignments(["cut=25"], spec)
    assert warnings and "outside its declared range" in warnings[0]
    with pytest.raises(WedgeError) as info:
        parse_assignments(["cutt=3"], spec)
    assert info.value.hint == "did you mean 'cut'?"
    for bad in ["cut", "cut=", "cut=abc", "cut=inf", "cut=nan"]:
        with pytest.raises(WedgeError):
            parse_assignments([bad], spec)


def test_distributions_validated():
    text = US_EUROPE.replace("max = 20\n", 'max = 20\ndistribution = "normal"\nsd = 2\n')
    p = loads(text, "d.toml").parameters["cut"]
    assert (p.distribution, p.sd) == ("normal", 2.0)
    cases = {
        'distribution = "gaussian"': "unknown distribution",
        'distribution = "normal"': "needs sd",
        'distribution = "uniform"\nsd = 1': "only used by",
        'distribution = "normal"\nsd = -1': "positive finite",
    }
    for extra, message in cases.items():
        err = error_of(US_EUROPE.replace("max = 20\n", f"max = 20\n{extra}\n"))
        assert message in err.message, extra
        assert err.line is not None
    err = error_of(US_EUROPE.replace("min = 0\nmax = 20\n", 'distribution = "uniform"\n'))
    assert "needs min and max" in err.message


def test_distribution_survives_toml_export():
    from wedge_cli.formats.toml_write import write_toml

    text = US_EUROPE.replace("max = 20\n", 'max = 20\ndistribution = "triangular"\n')
    again = loads(write_toml(loads(text, "a.toml")), "b.toml")
    assert again.parameters["cut"].distribution == "triangular"
