"""The ``wedge`` command: the only layer that imports typer.

``entry`` is the console script (it sets up the process before typer is
imported); ``main`` holds the Typer application and the commands; the other
modules add commands to it. This file imports nothing, so that ``entry`` runs
first.
"""
