"""`wedge export` on game trees: .efg and TOML round trips, and the reduced strategic form as .nfg."""

import json

from typer.testing import CliRunner

from test_tree_sweep import RATIFY
from wedge_cli.cli.common import ExitCode
from wedge_cli.cli.main import app
from wedge_cli.formats.toml_read import load, loads


def run(*args, input=None):
    return CliRunner().invoke(app, list(args), input=input)


def _spe(path, *extra):
    result = run("solve", path, "--json", *extra)
    assert result.exit_code == 0, result.stderr
    return [[p["actions"] for p in eq["path"]] for eq in json.loads(result.stdout)["equilibria"]]


def test_efg_and_back_to_toml_keep_the_tree_and_its_equilibria(tmp_path, write):
    path = write(RATIFY)
    efg = run("export", path, "--to", "efg", "--set", "scope=0.6")
    assert efg.exit_code == 0, efg.stderr
    assert efg.stdout.startswith("EFG 2 R")
    (tmp_path / "r.efg").write_text(efg.stdout)
    assert _spe(str(tmp_path / "r.efg")) == _spe(path, "--set", "scope=0.6") == [[["Sign", "Deliver", "Acquiesce"]]]
    back = run("export", str(tmp_path / "r.efg"), "--to", "toml")
    assert back.exit_code == 0, back.stderr
    again = loads(back.stdout, "back.toml")
    original = load(path).tree({"scope": "0.6"})
    assert [n.name for n in again.skeleton.nodes] == [n.name for n in original.skeleton.nodes]
    assert (again.tree().exact == original.exact).all()


def test_toml_export_keeps_parameters_and_expressions(write):
    result = run("export", write(RATIFY), "--to", "toml")
    assert result.exit_code == 0, result.stderr
    spec = loads(result.stdout, "t.toml")
    assert list(spec.parameters) == ["scope"]
    assert _spe_of(spec, "0.6") == _spe_of(loads(RATIFY, "r.toml"), "0.6")


def _spe_of(spec, scope):
    return spec.tree({"scope": scope}).exact.tolist()


def test_nfg_is_the_reduced_strategic_form_and_has_the_trees_nash_equilibria(tmp_path, write):
    path = write(RATIFY)
    nfg = run("export", path, "--to", "nfg", "--set", "scope=0.6")
    assert nfg.exit_code == 0, nfg.stderr
    (tmp_path / "r.nfg").write_text(nfg.stdout)
    game = load(str(tmp_path / "r.nfg"))
    assert [p.strategies for p in game.players] == [
        ("Sign", "Shelve"), ("Acquiesce/Acquiesce", "Acquiesce/Block", "Block/Acquiesce", "Block/Block"),
        ("Deliver", "Stall")]
    normal = json.loads(run("solve", str(tmp_path / "r.nfg"), "--json").stdout)["equilibria"]
    tree = json.loads(run("solve", path, "--json", "--set", "scope=0.6", "--concept", "nash").stdout)["equilibria"]
    pure = [eq for eq in normal if all(max(s.values()) == 1 for s in eq["strategies"].values())]
    assert len(pure) == len([eq for eq in tree if all(max(a.values()) == 1 for i in eq["behavior"].values()
                                                      for a in i.values())])


def test_efg_of_a_normal_form_game_is_refused_with_the_right_format():
    result = run("export", "us-europe", "--to", "efg")
    assert result.exit_code == ExitCode.INVALID_INPUT
    assert "--to efg writes game trees" in result.stderr and "--to nfg" in result.stderr and result.stdout == ""
