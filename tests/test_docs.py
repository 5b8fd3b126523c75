"""Golden docs: the worked-analysis pages are exactly what their templates generate."""

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("gen_docs", ROOT / "scripts" / "gen_docs.py")
gen_docs = importlib.util.module_from_spec(spec)
spec.loader.exec_module(gen_docs)

PAIRS = gen_docs.pairs()


def _render(template: Path) -> str:
    return gen_docs.render(template.read_text(encoding="utf-8"), template.name)


@pytest.fixture(scope="module")
def rendered() -> dict[Path, str]:
    """Every page, generated once, on all cores: the scenario pages run 3-player sweeps and are
    most of this file's time. Pages are independent, so a pool renders them; forkserver workers
    start clean (forked copies of the pytest process ran at half speed)."""
    import multiprocessing
    import os

    templates = [t for t, _ in PAIRS]
    workers = min(len(templates), os.cpu_count() or 1)
    if workers < 2:
        return {t: _render(t) for t in templates}
    with multiprocessing.get_context("forkserver").Pool(workers) as pool:
        return dict(zip(templates, pool.map(_render, templates, chunksize=1)))


@pytest.mark.slow  # runs every command of every page once (a third of the suite's time)
@pytest.mark.parametrize("template, page", PAIRS, ids=[str(p.relative_to(ROOT)) for _, p in PAIRS])
def test_generated_page_is_up_to_date(template, page, rendered):
    expected = rendered[template]
    assert page.exists(), f"{page} missing: run python scripts/gen_docs.py"
    assert page.read_text(encoding="utf-8") == expected, f"{page.name} is stale: run python scripts/gen_docs.py"


def test_render_runs_commands_and_shows_them():
    text = gen_docs.render("# t\n\n<!-- run-md: wedge solve us-europe --format markdown -->\n", "t.md")
    assert "$ wedge solve us-europe --format markdown" in text
    assert "| # | US | Europe |" in text
    with pytest.raises(RuntimeError, match="exited 3"):
        gen_docs.render("<!-- run: wedge solve no-such-game -->\n", "bad.md")
