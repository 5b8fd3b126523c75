"""The bundled scenarios: where they are and a cheap summary of each.

Kept free of numpy so that ``wedge list`` starts fast; the full validation of
each file is the loader's job (and the scenario tests'). The scenarios themselves:
docs/scenarios.md.
"""

from __future__ import annotations

import math
import tomllib
from pathlib import Path


def bundled_dir() -> Path:
    """The folder of bundled scenarios: package data when installed, else the repo's payoffs/."""
    package = Path(__file__).resolve().parent.parent  # wedge_cli/
    packaged = package / "payoffs"
    if packaged.is_dir():
        return packaged
    return package.parent / "payoffs"


def bundled_path(name: str) -> Path:
    """The file of a bundled scenario name (``us-europe`` or ``us_europe``); may not exist."""
    stem = name.lower().replace("-", "_")
    if stem.endswith(".toml"):
        stem = stem[:-5]
    return bundled_dir() / f"{stem}.toml"


def bundled_names() -> list[str]:
    """Names of the bundled scenarios, hyphenated (``us-russia-china``), sorted."""
    folder = bundled_dir()
    if not folder.is_dir():
        return []
    return sorted(p.stem.replace("_", "-") for p in folder.glob("*.toml"))


def summary(name: str) -> dict:
    """Title, players, form, size and parameter names of a bundled scenario, read with tomllib only.

    A normal-form game has a ``shape`` (strategies per player) and ``profiles``; a game
    tree (``[[nodes]]``) has ``form`` "tree", an empty shape, and ``nodes``: its decision
    and chance nodes (terminals are its outcomes).
    """
    with bundled_path(name).open("rb") as handle:
        data = tomllib.load(handle)
    players = data.get("players", [])
    tree = "nodes" in data
    shape = [] if tree else [len(p.get("strategies", [])) for p in players]
    return {
        "name": name,
        "title": data.get("title", ""),
        "form": "tree" if tree else "normal",
        "players": [p.get("name", "") for p in players],
        "shape": shape,
        "profiles": math.prod(shape) if shape else 0,
        "nodes": len(data.get("nodes", [])),
        "parameters": list(data.get("parameters", {})),
    }
