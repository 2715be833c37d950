"""House rules that keep the code base in shape: every page registered and guarded, the domain package's layers
(and that it never imports streamlit) kept. Messages: tests/test_i18n.py."""

from __future__ import annotations

import ast
from pathlib import Path

from indicators.base.i18n import LANGUAGES, has

ROOT = Path(__file__).resolve().parent.parent


def test_every_page_is_registered_and_every_guarded_page_checks_its_user_first() -> None:
    """One registry (ui/registry.py) lists every page: each file in pages/ is in it, its title and section exist in
    both languages, its address is its own, and each page that is not public calls ``guard(__file__)`` as its first
    statement after the imports, so the roles live in one place."""
    from ui import registry

    files = {f"pages/{p.name}" for p in (ROOT / "pages").glob("*.py")}
    assert files == {p.path for p in registry.PAGES}
    urls = {p.url: p.path for p in registry.PAGES}
    assert len(urls) == len(files)  # one address per file (the sign-in page is listed twice, at one address)
    for page in registry.PAGES:
        assert all(has(page.title, lang) and (not page.section or has(page.section, lang)) for lang in LANGUAGES), page
    for page in (p for p in registry.PAGES if p.guarded):
        body = [n for n in ast.parse((ROOT / page.path).read_text(encoding="utf-8")).body
                if not isinstance(n, ast.Import | ast.ImportFrom) and not (
                    isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant))]  # fmt: skip
        first = ast.unparse(body[0])
        assert first == "who = guard(__file__)", (page.path, first)


def test_the_domain_packages_layers_hold() -> None:
    """`lint-imports` keeps the contracts in pyproject.toml: each layer of indicators/ imports only those below it
    (README, "Layout"), nothing imports streamlit, and storing or reading loads no chart or map library."""
    import subprocess
    import sys

    run = subprocess.run([str(Path(sys.executable).parent / "lint-imports"), "--no-cache"], cwd=ROOT,
                         capture_output=True, text=True, timeout=300)  # fmt: skip
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert "0 broken" in run.stdout
