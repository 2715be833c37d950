"""House rules that keep the code base in shape: the domain package is UI-free, every message exists."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from indicators.base.i18n import LANGUAGES, has

ROOT = Path(__file__).resolve().parent.parent


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_the_domain_package_never_imports_streamlit() -> None:
    """indicators/ must run without the UI framework: no module imports streamlit, directly or by name."""
    offenders = [
        str(p.relative_to(ROOT))
        for p in (ROOT / "indicators").rglob("*.py")
        if any(name == "streamlit" or name.startswith("streamlit.") for name in _imports(p))
    ]
    assert offenders == []


def test_every_message_key_used_in_the_app_exists_in_both_languages() -> None:
    """Pages ask the one catalogue for text: each key they use is there, in Swedish and English."""
    used: set[str] = set()
    for path in [ROOT / "app.py", *(ROOT / "pages").glob("*.py"), *(ROOT / "ui").glob("*.py")]:
        used.update(re.findall(r"""\btr\(\s*["']([a-z_]+\.[a-z_.]+)["']""", path.read_text(encoding="utf-8")))
    assert used, "no message keys found: did the helper's name change?"
    missing = sorted(k for k in used if not has(k, "sv"))
    assert missing == []
    untranslated = sorted(k for k in used for lang in LANGUAGES if not has(k, lang))
    assert untranslated == []


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
