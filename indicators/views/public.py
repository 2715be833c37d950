"""The public pages' views: charts, maps and item lists built from what :mod:`indicators.read.published` returns,
read through the app's cache like any read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go
from sqlmodel import Session

from indicators.base.models import (
    DEMO_SOURCE,
    Level,
)
from indicators.read import published, queries
from indicators.render import charts, maps, tables


def area_choices(first: Sequence[str], with_figures: Iterable[str], names: Mapping[str, str]) -> list[str]:
    """The areas a visitor can choose on Utveckling: ``first`` (the area shown, then the pledge's own) in that order,
    then the other areas with figures by Swedish name (a city has a hundred); only areas with figures, each once."""
    has = set(with_figures)
    by_name = sorted(has, key=lambda c: (tables.swedish_order(str(names.get(c, c))), c))  # one order for equal names
    return list(dict.fromkeys(a for a in [*first, *by_name] if a in has))


def trend(
    session: Session, pledge_code: str, code: str, area_codes: tuple[str, ...], until: dt.date, lang: str
) -> tuple[pd.DataFrame | None, go.Figure | None, str]:
    """Utveckling's chart of one public indicator in some areas: its published series up to ``until`` as the
    public's table (None when there is none), the figure of its points (None when every figure is hidden) and how
    to read it, built once per data version."""
    ind = next(i for i in published.indicators(session, pledge_code) if i["code"] == code)
    data = published.series(published.figures(session, (code,), area_codes), [code], list(area_codes), until)
    points = charts.plotted(data, ind, lang)
    if not len(points):
        return tables.public_series_table(data, ind, lang) if len(data) else None, None, ""
    figure = charts.trend_figure(points, ind, queries.pledge(session, pledge_code), None, lang)
    hidden = bool(data["status_code"].isin(list(tables.HIDDEN_REASON)).any())  # left out of the chart, in the table
    return (
        tables.public_series_table(data, ind, lang),
        figure,
        charts.guide(figure, ind, lang, public=True, hidden=hidden),
    )


def latest_items(session: Session, pledge_code: str, area: str, until: dt.date, lang: str) -> dict[str, Any]:
    """Utveckling's first section: whether any shown figure is demo data, and per follow-up level the items the
    public reads (:func:`indicators.render.tables.public_items`; none when the level has no figure yet)."""
    assessed = published.latest_for_area(session, pledge_code, area, until)
    shown = assessed[assessed["period"].notna()]
    return {
        "demo": bool((assessed["source"] == DEMO_SOURCE).any()),
        "levels": {level.value: tables.public_items(shown[shown["level"] == level.value], lang) for level in Level},
    }


def indicator_map(
    session: Session, pledge_code: str, code: str, period: str, lang: str, basemap: bool
) -> tuple[pd.DataFrame, maps.BuiltDeck]:
    """The public map of one indicator and period over the pledge's areas: its rows (for the legend and the table)
    and the built deck, made once per data version (a city's polygons take longer to lay out than to reuse). The
    status beside each area is measured as the public's indicator says (its baseline only where the public sees it:
    a status measured from a hidden baseline told it, found by an attack)."""
    ind = next(i for i in published.indicators(session, pledge_code) if i["code"] == code)
    p = queries.pledge(session, pledge_code)
    assert p is not None
    map_areas = tuple(p["map_areas"])
    has = set(published.areas_with_figures(session, code))
    geo = tuple(a for a in map_areas if a in has)
    shown = published.figures(session, (code,), geo, period)
    shapes = published.area_shapes(session, map_areas)
    rows = maps.area_rows(published.map_values(shown, shapes, code, period), ind, lang, period)
    return maps.built(rows, maps.choropleth(rows, ind, basemap=basemap, lang=lang))


#: The activity map's "indicator": a count with no target (the map colours areas by how many activities).
ACTIVITY_KIND = {"code": "", "unit": "count", "direction": "context", "target_value": None, "baseline_value": None}


def activity_map(
    session: Session, pledge_code: str, start: dt.date, end: dt.date, lang: str, basemap: bool
) -> tuple[pd.DataFrame, maps.BuiltDeck]:
    """Activities between two days counted per area of the pledge's map, as map rows (for the legend and the
    table) and the built deck, made once per data version."""
    p = queries.pledge(session, pledge_code)
    assert p is not None
    counts = published.activity_counts(session, pledge_code, start, end).groupby("area_code")["activities"].sum()
    shapes = published.area_shapes(session, tuple(p["map_areas"]))
    values = shapes.assign(value=[float(counts.get(c, 0)) for c in shapes["code"]], status_code=None, n=None,
                           source="", review_state="published")  # fmt: skip
    rows = maps.area_rows(values, ACTIVITY_KIND, lang).assign(status_text="")
    return maps.built(rows, maps.choropleth(rows, ACTIVITY_KIND, basemap=basemap, lang=lang))
