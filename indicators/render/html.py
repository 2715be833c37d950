"""HTML from Jinja2 templates (``indicators/render/templates/``), escaped by Jinja: every value a template prints is
escaped unless it is markup a template made (autoescape), and a name a template uses but is not given is an error
(StrictUndefined). The meeting report, the newsletter and the map legends are templates; nothing here or in the
views escapes by hand. A catalogue text written in markdown goes through the ``markdown`` filter
(:func:`inline_markdown`), never printed as it is.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

import pandas as pd
from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape

from indicators.base.formatting import date
from indicators.base.i18n import localized, t

TEMPLATES = Path(__file__).resolve().parent / "templates"


def _cell(value: Any) -> str:
    """A table cell's text: empty for a missing value (a list or any other non-scalar is written as it is)."""
    return "" if pd.api.types.is_scalar(value) and pd.isna(value) else str(value)


#: The inline markdown the message catalogue uses (the pages show its texts with ``st.markdown``): ``**strong**``,
#: ``*emphasis*`` and ```code```.
_INLINE = re.compile(r"\*\*(.+?)\*\*|\*(.+?)\*|`(.+?)`")
_STRONG, _EMPHASIS, _CODE = Markup("<strong>{}</strong>"), Markup("<em>{}</em>"), Markup("<code>{}</code>")


def inline_markdown(text: str) -> Markup:
    """A catalogue text's inline markdown as HTML, everything else escaped: a printed page shows what the pages show
    (**Målet nått** in bold), never the asterisks."""
    parts, last = [], 0
    for found in _INLINE.finditer(text):
        strong, emphasis, code = found.groups()
        tag, inner = (_STRONG, strong) if strong else (_EMPHASIS, emphasis) if emphasis else (_CODE, code)
        parts += [escape(text[last : found.start()]), tag.format(inner)]  # format escapes the inner text
        last = found.end()
    parts.append(escape(text[last:]))
    return Markup("").join(parts)


@pass_context
def _localized(context: Context, row: Any, field: str) -> str:
    """``local(p, 'summary')`` in a template: a catalogue text in the template's language
    (:func:`indicators.base.i18n.localized`)."""
    return localized(row, field, str(context["lang"]))


@functools.cache
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    env.filters["cell"] = _cell
    env.filters["markdown"] = inline_markdown
    env.globals.update(date=date, zip=zip, local=_localized)
    return env


def render(name: str, lang: str = "sv", **context: Any) -> str:
    """The template ``name`` filled in, with ``lang``, ``t`` (a message in ``lang``) and ``date`` at hand."""

    def tr(key: str, **values: object) -> str:
        return t(key, lang, **values)

    return environment().get_template(name).render(lang=lang, t=tr, **context)


def text(value: object) -> str:
    """Text as HTML text (``&``, ``<``, ``>`` and quotes as entities), for what reads entities back into characters:
    plotly draws its labels from HTML-like text, so user text passed this way shows as typed."""
    return str(Markup.escape(str(value)))


def figures_table(frame: pd.DataFrame, caption: str, numeric: tuple[str, ...] = ()) -> str:
    """A table of figures for a public page (``templates/data_table.html.j2``): ``caption`` names it, the first
    column heads each row, the ``numeric`` columns are right-aligned, a column empty in every row is left out (a
    count has no n, nothing hidden needs no reason); every value escaped."""
    kept = [i for i in range(frame.shape[1]) if i == 0 or (frame.iloc[:, i].map(_cell) != "").any()]  # by position:
    return render("data_table.html.j2", frame=frame.iloc[:, kept], caption=caption, numeric=numeric)  # names may repeat
