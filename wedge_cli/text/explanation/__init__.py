"""The sections of ``wedge explain`` (docs/cli.md), one module per section.

``prose`` (the Section type and sentence helpers), ``view`` (exact-or-float access to the
game), then ``game``, ``stable``, ``dominance``, ``efficiency``, ``shape``, ``bargaining``
and ``notes``; :func:`wedge_cli.text.explain.explain` puts them together, with the
``thresholds`` section of a sweep.
"""
