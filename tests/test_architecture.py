"""House rules that keep the code base in shape: the domain package is UI-free, every message exists."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from indicators.i18n import MESSAGES

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
    missing = sorted(k for k in used if k not in MESSAGES)
    assert missing == []
    untranslated = sorted(k for k, v in MESSAGES.items() if not v.get("sv") or not v.get("en"))
    assert untranslated == []
