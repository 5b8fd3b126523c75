"""What the n-player enumeration returns (``docs/nplayer.md``)."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np


@dataclass(frozen=True)
class NPlayerResult:
    """The equilibria found by :func:`enumerate_equilibria`.

    Attributes
    ----------
    profiles
        Verified mixed profiles (one probability vector per player, entries off
        the support exactly 0.0), deduplicated, pure ones first.
    exact
        For each profile, the exact rational profile when it was certified
        exactly (rational games only), else None.
    closed_forms
        For each profile, closed-form strings per probability (``"1/3"``,
        ``"1/2 + sqrt(5)/10"``) when it was certified exactly, else None.
    components
        Groups of profile indices that lie on one continuum of equilibria
        (the extreme points of a component); isolated equilibria are
        singletons. Every index appears in exactly one group.
    complete
        True only when the method guarantees that every isolated equilibrium
        and every extreme point of every continuum was found.
    degenerate
        Tied best replies or a support profile with infinitely many solutions.
    notes
        Plain sentences: continua, what could not be certified, limits hit.
    kept
        Per player, the strategies left after iterated strict dominance (the
        others were removed before solving).
    """

    profiles: list[tuple[np.ndarray, ...]]
    exact: list[tuple[tuple[Fraction, ...], ...] | None]
    closed_forms: list[tuple[tuple[str, ...], ...] | None]
    components: list[tuple[int, ...]]
    complete: bool
    degenerate: bool
    notes: list[str]
    kept: tuple[tuple[int, ...], ...]

