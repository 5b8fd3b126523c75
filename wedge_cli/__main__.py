from wedge_cli.entry import run

run()
