"""Resource hints: a page that draws a plotly chart or a pydeck map has the browser fetch that library's code
while it starts the app, not after the app has run and the chart arrives.

Streamlit loads the chart and map code (PlotlyChart, DeckGlJsonChart: 4,6 and 3 MB) only when a page first draws
one, and the map's only after the chart's has run, so a page with both waited for them one after the other. The
page's HTML (the same app for every address) gets ``<link rel="modulepreload">`` for the libraries the page at its
address draws, with the modules they import that Streamlit's own HTML does not preload already.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import streamlit

from ui import registry

ROOT = Path(__file__).resolve().parent.parent
STATIC = Path(streamlit.__file__).parent / "static"
#: What a page's code calls → the Streamlit component whose code it loads.
COMPONENTS = {"plotly_chart": "PlotlyChart", "pydeck_chart": "DeckGlJsonChart"}
_IMPORT = re.compile(rb"""(?:import|from)\s*["'](\./[\w.\-]+\.js)["']""")


@functools.cache
def _already() -> frozenset[str]:
    """The modules Streamlit's page preloads or loads itself."""
    page = (STATIC / "index.html").read_bytes()
    return frozenset(m.decode() for m in re.findall(rb'(?:href|src)="\./static/js/([\w.\-]+\.js)"', page))


@functools.cache
def _modules(component: str) -> tuple[str, ...]:
    """The component's module file and every module it imports (transitively), but what the page has already."""
    found = sorted((STATIC / "static" / "js").glob(f"{component}.*.js"))
    if len(found) != 1:
        return ()
    out: list[str] = []
    todo = [found[0].name]
    while todo:
        name = todo.pop()
        if name in out or name in _already():
            continue
        out.append(name)
        source = (STATIC / "static" / "js" / name).read_bytes()[:20_000]  # the static imports come first
        todo.extend(m.decode()[2:] for m in _IMPORT.findall(source))
    return tuple(out)


@functools.cache
def _drawn() -> dict[str, tuple[str, ...]]:
    """The components each page draws, by the page's address (its path without the leading slash): built once for
    the registry's pages, so an unknown address (anyone may ask for any) costs a lookup and keeps nothing."""
    out: dict[str, tuple[str, ...]] = {}
    for spec in registry.PAGES:
        source = (ROOT / spec.path).read_text(encoding="utf-8")
        out[spec.url] = tuple(c for call, c in COMPONENTS.items() if f"st.{call}(" in source)
    return out


def links(path: str) -> bytes:
    """The ``<link rel="modulepreload">`` elements for the page at the request path ``path``."""
    names = dict.fromkeys(m for c in _drawn().get(path.strip("/"), ()) for m in _modules(c))
    return "".join(f'<link rel="modulepreload" crossorigin href="./static/js/{n}">' for n in names).encode()
