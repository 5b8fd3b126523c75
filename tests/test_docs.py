"""Golden docs: the worked-analysis pages are exactly what their templates generate."""

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("gen_docs", ROOT / "scripts" / "gen_docs.py")
gen_docs = importlib.util.module_from_spec(spec)
spec.loader.exec_module(gen_docs)

PAIRS = gen_docs.pairs()


@pytest.mark.parametrize("template, page", PAIRS, ids=[str(p.relative_to(ROOT)) for _, p in PAIRS])
def test_generated_page_is_up_to_date(template, page):
    expected = gen_docs.render(template.read_text(encoding="utf-8"), template.name)
    assert page.exists(), f"{page} missing: run python scripts/gen_docs.py"
    assert page.read_text(encoding="utf-8") == expected, f"{page.name} is stale: run python scripts/gen_docs.py"


def test_render_runs_commands_and_shows_them():
    text = gen_docs.render("# t\n\n<!-- run-md: wedge solve us-europe --format markdown -->\n", "t.md")
    assert "$ wedge solve us-europe --format markdown" in text
    assert "| # | US | Europe |" in text
    with pytest.raises(RuntimeError, match="exited 3"):
        gen_docs.render("<!-- run: wedge solve no-such-game -->\n", "bad.md")
