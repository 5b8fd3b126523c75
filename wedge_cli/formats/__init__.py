"""Readers and writers of game files, and the catalogue of bundled scenarios.

``toml_read`` (wedge's payoff files, docs/format.md) with ``toml_fields`` (what its
game, tree and Bayesian readers share), ``tree_read`` (game trees, ``[[nodes]]``),
``bayesian_read`` (Bayesian games: players with types) with ``bayesian_tree`` (their
expansion into a tree), and ``toml_lines`` (where each key sits, for messages),
``toml_write`` and ``tree_write`` (the same format
back), ``assignments`` (``--set NAME=VALUE`` on a game), ``nfg_read`` with ``nfg_lexer``
and ``nfg_write`` (Gambit's strategic form), ``efg_read`` and ``efg_write`` (Gambit's
extensive form, docs/efg.md), ``catalog`` (the bundled scenarios), ``schema`` (the payoff
files' JSON Schema). Kept apart from the model, as QuantEcon keeps its file readers: each
reader returns a :class:`~wedge_cli.model.GameSpec` or a :class:`~wedge_cli.tree.TreeSpec`
and raises the errors of :mod:`wedge_cli.errors` with file, line and fix.
"""
