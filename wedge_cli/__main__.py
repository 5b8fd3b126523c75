from wedge_cli.cli.entry import run

run()
