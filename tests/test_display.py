"""User text reaches the terminal verbatim: no markup, no emoji, no escape sequences, in every renderer."""

import pytest
from typer.testing import CliRunner

from wedge_cli.cli.main import app
from wedge_cli.text.display import for_markdown, markdown_text, visible

ESC = "\x1b"
# TOML basic strings: \u001b is the escape character, so "\u001b[2J" would clear the screen
HOSTILE_GAME = r'''
title = "Test [v2] game [bold]x[/] \u001b[2J | :x: end"
description = "Weight [in points], see [1] [link=file:///etc/passwd]here[/link]"

[parameters.weight]
value = 2
min = 0
max = 4
distribution = "uniform"
description = "Weight [in points], see [1] | [red]loud[/red] \u001b]0;pwned\u0007"
basis = "[draft] [2023]"

[[players]]
name = "Red [blue]"
strategies = ["Strike [air]", "[bold]Hit"]

[[players]]
name = "B|ue \u001b[31m"
strategies = ["[/]Hold", "[link=file:///etc/passwd]Go[/link]"]

[[outcomes]]
profile = ["Strike [air]", "[/]Hold"]
payoffs = ["weight", 1]
note = "note [x] :100:"

[[outcomes]]
profile = ["Strike [air]", "[link=file:///etc/passwd]Go[/link]"]
payoffs = [0, 0]
note = "n"

[[outcomes]]
profile = ["[bold]Hit", "[/]Hold"]
payoffs = [0, 0]
note = "n"

[[outcomes]]
profile = ["[bold]Hit", "[link=file:///etc/passwd]Go[/link]"]
payoffs = [1, "weight"]
note = "n"
'''

NAMES = ["Red [blue]", "Strike [air]", "[bold]Hit", "[/]Hold", "[link=file:///etc/passwd]Go[/link]"]
COMMANDS = [
    ["solve"], ["solve", "--format", "markdown"],
    ["show"], ["show", "--format", "markdown"],
    ["check"],
    ["sweep", "--param", "weight=0:4:4"], ["sweep", "--param", "weight=0:4:4", "--format", "markdown"],
    ["sweep", "--param", "weight=0:4:4", "--format", "csv"],
    ["bargain"], ["bargain", "--format", "markdown"],
    ["robust", "--samples", "200"],
    ["explain"], ["explain", "--format", "markdown"],
]


@pytest.fixture
def hostile(write):
    return write(HOSTILE_GAME, "hostile.toml")


def _run(args):
    return CliRunner().invoke(app, args, env={"COLUMNS": "500", "NO_COLOR": "1"})


@pytest.mark.parametrize("args", COMMANDS, ids=[" ".join(c) for c in COMMANDS])
def test_every_command_shows_user_text_verbatim(hostile, args):
    result = _run([args[0], hostile, *args[1:]])
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert ESC not in out and ESC not in result.stderr and "\x07" not in out
    assert "\u274c" not in out and "\U0001f4af" not in out  # no :x: or :100: emoji
    markdown = "markdown" in args
    for name in NAMES:
        if args[0] in ("check",):
            continue
        assert (markdown_text(name) if markdown else name) in out, f"{name!r} lost in wedge {' '.join(args)}"
    if args[0] in ("solve", "show", "sweep", "bargain", "robust") and "csv" not in args:
        player = markdown_text("B|ue \x1b[31m") if markdown else "B|ue \\x1b[31m"
        assert player in out


def test_title_keeps_its_brackets_and_shows_the_escape(hostile):
    out = _run(["show", hostile]).stdout
    assert "Test [v2] game [bold]x[/] \\x1b[2J | :x: end" in out
    assert "Weight [in points], see [1] | [red]loud[/red] \\x1b]0;pwned\\x07" in out


def test_json_keeps_the_exact_strings(hostile):
    import json

    report = json.loads(_run(["show", hostile, "--json"]).stdout)
    assert report["game"]["players"][1]["name"] == "B|ue \x1b[31m"


def test_an_error_message_with_a_line_number_is_not_an_emoji(tmp_path):
    lines = ["# padding"] * 99 + ['title = "t"', "bogus_key = 1"]
    path = tmp_path / "bad.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = _run(["check", str(path)])
    assert result.exit_code == 3
    assert "\U0001f4af" not in result.stderr


def test_visible_writes_control_characters_out():
    assert visible("a\x1b[2Jb\x07\x9b\n\t") == "a\\x1b[2Jb\\x07\\x9b\n\t"
    assert visible("plain [bold] text") == "plain [bold] text"


def test_markdown_escapes_table_syntax_everywhere_in_a_report():
    report = {"players": [{"name": "A|B"}], "A|B": ["x<y", "back\\slash"]}
    assert for_markdown(report) == {"players": [{"name": "A\\|B"}], "A\\|B": ["x\\<y", "back\\\\slash"]}
