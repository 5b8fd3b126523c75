"""Readers and writers of game files, and the catalogue of bundled scenarios.

``toml_read`` (wedge's payoff files, docs/format.md), ``toml_write`` (the same
format back), ``nfg_read``, ``nfg_lexer`` and ``nfg_write`` (Gambit's strategic
form), ``catalog`` (the bundled
scenarios), ``schema`` (the payoff files' JSON Schema). Kept apart from the
model, as QuantEcon keeps its file readers: each reader returns a
:class:`~wedge_cli.model.GameSpec` and raises the errors of
:mod:`wedge_cli.errors` with file, line and fix.
"""
