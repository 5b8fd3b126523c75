"""The ``wedge`` command: the only layer that imports typer (docs/architecture.md).

``entry`` is the console script (it sets up the process before typer is imported);
``main`` holds the Typer application and registers the commands; ``common`` what
they share (exit codes, options, consoles, error mapping, output, progress);
``args`` the flag grammar; one module per command. This file imports nothing, so
that ``entry`` runs first.
"""
