"""The package's layers (docs/architecture.md): imports point down, never in a circle.

Read from the source with :mod:`ast`, so every import counts, including those inside
functions, and a new module is checked without anyone listing it. The runtime check that
core modules load neither typer nor rich is ``test_cli.test_core_modules_do_not_import_typer_or_rich``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "wedge_cli"

#: Lowest first. A module may import modules of its own layer or of a lower one. The
#: table is docs/architecture.md's; test_architecture_page_lists_every_layer keeps them equal.
LAYERS = [
    ("ground", ("errors", "model", "tree", "expr", "budget", "files")),
    ("formats", ("formats",)),
    ("algebra", ("algebra",)),
    ("solve", ("solve",)),
    ("analysis", ("analysis",)),
    ("sweep, robust", ("sweep", "robust")),
    ("text", ("text",)),
    ("report", ("report",)),
    ("render", ("render",)),
    ("api", ("api",)),
    ("cli", ("cli", "__main__")),
]
#: Third-party libraries only the top layers may import.
UI_LIBRARIES = {"typer": {"cli"}, "click": {"cli"}, "rich": {"cli", "render"}}


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def _layer(module: str) -> int | None:
    """The layer index of a wedge_cli module; None for the package's own __init__ (the lazy API face)."""
    parts = module.split(".")
    if len(parts) == 1:
        return None
    for index, (_, heads) in enumerate(LAYERS):
        if parts[1] in heads:
            return index
    raise AssertionError(f"{module} is in no layer: add it to LAYERS and docs/architecture.md")


def _target(name: str, imported: str | None, modules: dict[str, Path]) -> str:
    """The wedge_cli module an import statement loads: ``from a.b import c`` loads a.b.c when that is a module."""
    if imported is not None and f"{name}.{imported}" in modules:
        return f"{name}.{imported}"
    while name not in modules and "." in name:
        name = name.rsplit(".", 1)[0]
    return name


def _imports(module: str, modules: dict[str, Path] = MODULES):
    """(line, imported module or library, is_local, source line) for each import in ``module``."""
    path = modules[module]
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    tree = ast.parse(source, filename=str(path))
    local = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            local.update(id(n) for n in ast.walk(node) if isinstance(n, (ast.Import, ast.ImportFrom)))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [(alias.name, None) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{path}:{node.lineno}: relative import; write it absolute"
            names = [(node.module or "", alias.name) for alias in node.names]
        else:
            continue
        text = lines[node.lineno - 1]
        for name, imported in names:
            target = _target(name, imported, modules) if name.split(".")[0] == "wedge_cli" else name
            yield node.lineno, target, id(node) in local, text


def _upward(modules: dict[str, Path]) -> list[str]:
    upward = []
    for module in modules:
        mine = _layer(module)
        for line, target, _, _ in _imports(module, modules):
            if mine is None or target.split(".")[0] != "wedge_cli":
                continue
            theirs = _layer(target)
            if theirs is not None and theirs > mine:
                upward.append(f"{modules[module]}:{line}: {module} ({LAYERS[mine][0]}) imports "
                              f"{target} ({LAYERS[theirs][0]})")
    return upward


def _circles(modules: dict[str, Path]) -> list[str]:
    graph = {m: sorted({t for _, t, _, _ in _imports(m, modules) if t.split(".")[0] == "wedge_cli" and t != m})
             for m in modules}
    graph["wedge_cli"] = []  # the API face imports lazily by name (PEP 562), not by statement
    state: dict[str, int] = {}  # 1 while on the current path, 2 when done
    circles = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in graph.get(node, ()):
            if state.get(nxt) == 1:
                circles.append(" -> ".join(path[path.index(nxt):] + [nxt]))
            elif nxt not in state:
                visit(nxt, path + [nxt])
        state[node] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    return circles


def test_every_module_is_in_a_layer():
    assert len(MODULES) > 40
    for module in MODULES:
        _layer(module)


def test_imports_point_down_the_layers():
    upward = _upward(MODULES)
    assert not upward, "\n".join(upward)


def test_no_import_circles():
    circles = _circles(MODULES)
    assert not circles, "\n".join(circles)


def test_the_checks_catch_an_upward_import_and_a_circle(tmp_path):
    """The checks themselves can fail: a solver importing the report layer, two modules importing each other."""
    up = tmp_path / "up.py"
    up.write_text("from wedge_cli.report.solve import solve_report\n")
    one, two = tmp_path / "one.py", tmp_path / "two.py"
    one.write_text("from wedge_cli.solve.two import f\n")
    two.write_text("import wedge_cli.solve.one\n")
    modules = {**MODULES, "wedge_cli.solve.up": up, "wedge_cli.solve.one": one, "wedge_cli.solve.two": two}
    assert [line for line in _upward(modules) if "solve.up" in line]
    assert "wedge_cli.solve.one -> wedge_cli.solve.two -> wedge_cli.solve.one" in _circles(modules)


def test_function_local_imports_say_why_they_are_lazy():
    """No import hides in a function unless it must stay lazy, and then its line says why."""
    hidden = [f"{MODULES[m]}:{line}: {text.strip()}"
              for m in MODULES for line, _, is_local, text in _imports(m)
              if is_local and "# lazy:" not in text]
    assert not hidden, "function-local imports without a '# lazy: why' comment:\n" + "\n".join(hidden)


@pytest.mark.parametrize("library", sorted(UI_LIBRARIES))
def test_only_the_top_layers_import_the_terminal_libraries(library):
    allowed = {index for index, (_, heads) in enumerate(LAYERS) if set(heads) & UI_LIBRARIES[library]}
    bad = [f"{MODULES[m]}:{line}" for m in MODULES for line, target, _, _ in _imports(m)
           if target.split(".")[0] == library and _layer(m) not in allowed]
    assert not bad, f"{library} imported below its layers: {bad}"


def test_architecture_page_lists_every_layer():
    page = (PACKAGE.parent / "docs" / "architecture.md").read_text(encoding="utf-8")
    for name, heads in LAYERS:
        for head in heads:
            assert f"`{head}" in page, f"docs/architecture.md does not mention {head} (layer {name})"


def test_sweep_and_robust_do_not_import_each_other():
    """Peers on one layer: what both need (the batch-then-exact driver) lives below them, in solve/."""
    crossing = [f"{MODULES[m]}:{line}" for m in MODULES for line, target, _, _ in _imports(m)
                if {m.split(".")[1:2][0] if "." in m else "", target.split(".")[1] if target.count(".") else ""}
                == {"sweep", "robust"}]
    assert not crossing, crossing


def test_the_api_package_sits_between_render_and_cli():
    """Every module of api/ is on the api layer, above render and below cli; the check catches api importing cli."""
    names = [name for name, _ in LAYERS]
    api_modules = [m for m in MODULES if m.split(".")[1:2] == ["api"]]
    assert {"wedge_cli.api", "wedge_cli.api.loading", "wedge_cli.api.results", "wedge_cli.api.solving"} <= set(
        api_modules)
    assert {_layer(m) for m in api_modules} == {names.index("api")}
    assert names.index("render") < names.index("api") < names.index("cli")
    assert _layer("wedge_cli.api.solving") > _layer("wedge_cli.render.solve")


def test_the_checks_catch_the_api_importing_the_command_line(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("from wedge_cli.cli.common import warn\n")
    modules = {**MODULES, "wedge_cli.api.bad": bad}
    assert [line for line in _upward(modules) if "wedge_cli.api.bad (api) imports wedge_cli.cli.common (cli)" in line]


def test_api_modules_share_only_loading_and_results():
    """The API's cut by job: each function's module imports the shared two (loading, results), never another
    function's module, and the shared two import no function's module."""
    shared = {"wedge_cli.api.loading", "wedge_cli.api.results"}
    jobs = {m for m in MODULES if m.startswith("wedge_cli.api.")} - shared
    assert jobs >= {"wedge_cli.api.solving", "wedge_cli.api.sweeping", "wedge_cli.api.robustness"}
    crossing = [f"{MODULES[m]}:{line}: {target}" for m in jobs | shared for line, target, _, _ in _imports(m)
                if target in jobs and target != m]
    assert not crossing, crossing
