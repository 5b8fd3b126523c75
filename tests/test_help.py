"""Every command's help shows its source text verbatim: no bracketed words eaten as markup."""

import re

import pytest
import typer.main
from typer.testing import CliRunner

from wedge_cli.cli.main import app

COMMAND = typer.main.get_command(app)
BOX = re.compile(r"[│╭╮╰╯─┃]")


def _source(text: str) -> str:
    """What a help string must show: its text with rich's escapes (a backslash before '[') undone."""
    return _flat(text.replace("\\[", "["))


def _flat(text: str) -> str:
    """Help as one line: box borders and wrapping removed, runs of spaces squeezed."""
    return " ".join(BOX.sub(" ", text).split())


def _help(args: list[str]) -> str:
    result = CliRunner().invoke(app, [*args, "--help"], env={"COLUMNS": "400", "NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    return _flat(result.stdout)


@pytest.mark.parametrize("name", sorted(COMMAND.commands))
def test_every_option_help_is_shown_verbatim(name):
    command = COMMAND.commands[name]
    shown = _help([name])
    helps = [p.help for p in command.params if getattr(p, "help", None)]
    assert helps, f"{name} has no documented options"
    for text in helps:
        assert _source(text) in shown, f"wedge {name} --help garbles: {text!r}"


@pytest.mark.parametrize("name", sorted(COMMAND.commands))
def test_every_command_description_is_shown_verbatim(name):
    doc = COMMAND.commands[name].help or ""
    shown = _help([name])
    for paragraph in doc.split("\n\n"):
        if paragraph.strip():
            assert _source(paragraph) in shown, f"wedge {name} --help garbles: {paragraph!r}"


def test_bracketed_words_survive_in_sweep_help():
    shown = _help(["sweep"])
    assert "declared [min, max]" in shown
    assert "pip install 'wedge-cli[plot]'" in shown and "pip install '.[plot]'" in shown


@pytest.mark.parametrize("name", sorted(COMMAND.commands))
def test_json_help_names_only_options_that_exist(name):
    options = {opt for p in COMMAND.commands[name].params for opt in getattr(p, "opts", [])}
    for p in COMMAND.commands[name].params:
        if "--json" in getattr(p, "opts", []) and "--format" in (p.help or ""):
            assert "--format" in options, f"wedge {name}: --json help mentions --format, which it lacks"
