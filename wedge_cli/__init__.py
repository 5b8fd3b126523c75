"""wedge: a game-theory calculator for geopolitical scenarios.

The public API, for notebooks and scripts (``docs/python.md``): the same
objects and steps as the ``wedge`` commands.

>>> import wedge_cli
>>> result = wedge_cli.solve("us-europe", set={"cut": 15})  # wedge solve us-europe --set cut=15
>>> len(result.equilibria), result.to_dict()["schema"]
(3, 'wedge.solve/1')

Names are imported on first use (PEP 562), so ``import wedge_cli`` stays cheap:
the ``wedge`` command reads :data:`__version__` at start-up and ``wedge list``
never loads numpy.
"""

import importlib as _importlib
import sys as _sys
import types as _types

__version__ = "0.1.0"

__all__ = [
    "Game", "GameSpec", "InvalidGameError", "LoadError", "RobustResult", "SolveResult", "SweepResult",
    "Tree", "TreeRobustResult", "TreeSolveResult", "TreeSpec", "TreeSweepResult", "WedgeError", "load", "robust",
    "solve", "sweep",
]

#: The module each public name comes from.
_SOURCES = {
    "Game": "model", "GameSpec": "model",
    "InvalidGameError": "errors", "LoadError": "errors", "WedgeError": "errors",
    "RobustResult": "api", "SolveResult": "api", "SweepResult": "api", "TreeSolveResult": "api",
    "TreeRobustResult": "api", "TreeSweepResult": "api",
    "Tree": "tree", "TreeSpec": "tree",
    "load": "api", "robust": "api", "solve": "api", "sweep": "api",
}


def __getattr__(name):
    if name not in _SOURCES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(_importlib.import_module(f"{__name__}.{_SOURCES[name]}"), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted({*__all__, "__version__", *(n for n in globals() if not n.startswith("_"))})


class _Package(_types.ModuleType):
    """This package, keeping ``solve``, ``sweep`` and ``robust`` the API functions.

    They share their names with the modules that implement them (the packages ``solve/``,
    ``sweep/`` and ``robust/``). Importing one of those binds the module on the
    package, which would hide the function or not depending on import order;
    that binding is refused here, so ``wedge_cli.solve`` is always the function
    and the modules are imported by full name (``from wedge_cli.solve import ...``,
    ``importlib.import_module("wedge_cli.robust.run")``).
    """

    def __setattr__(self, name, value):
        if isinstance(value, _types.ModuleType) and _SOURCES.get(name) == "api":
            return
        super().__setattr__(name, value)


_sys.modules[__name__].__class__ = _Package
