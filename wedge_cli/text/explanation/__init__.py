"""The sections of ``wedge explain`` (docs/cli.md), one module per section.

``prose`` (the Section type and sentence helpers), ``view`` (exact-or-float access to the
game), then ``game``, ``stable``, ``dominance``, ``efficiency``, ``shape``, ``bargaining``
and ``notes``; :func:`wedge_cli.text.explain.explain` puts them together, with the
``thresholds`` section of a sweep.

Game trees: ``tree`` (backward induction, for perfect information; it hands the rest on),
``beliefs`` (perfect Bayesian equilibria, where a player moves without seeing a chance
move), with ``signals`` (the wording for signalling games) and ``assessment`` (one
equilibrium as those read it).
"""
