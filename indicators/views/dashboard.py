"""The signed-in pages' views that read and draw in one step (cached as one read): the Trender chart and the Karta
map."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go
from sqlmodel import Session

from indicators.read import queries
from indicators.render import charts, maps


def indicator_trend(
    session: Session,
    code: str,
    area_codes: tuple[str, ...],
    pledge_code: str,
    event_types: tuple[str, ...],
    today: dt.date,
    lang: str = "sv",
) -> tuple[pd.DataFrame, go.Figure, str]:
    """Trender's chart of one indicator in some areas, with the pledge's events of some types up to today: the
    plotted points, the figure drawn from them and how to read it (built once per data version; a page reruns it
    many times)."""
    ind = queries.indicator(session, code)
    assert ind is not None
    points = charts.plotted(queries.series(session, [code], list(area_codes)), ind, lang)
    events = queries.activities(session, pledge_code, dt.date(1900, 1, 1), today, event_types)
    figure = charts.trend_figure(points, ind, queries.pledge(session, pledge_code), events, lang)
    return points, figure, charts.guide(figure, ind, lang)


def indicator_map(
    session: Session,
    code: str,
    period: str,
    area_codes: tuple[str, ...],
    activities: tuple[str, dt.date, dt.date, tuple[str, ...]],
    lang: str,
    basemap: bool,
) -> tuple[pd.DataFrame, maps.BuiltDeck]:
    """The Karta page's map: one indicator and period over the areas, with the activities (pledge, first and last
    day, types) on top; its rows (for the legend and the table) and the built deck, made once per data version."""
    ind = queries.indicator(session, code)
    assert ind is not None
    rows = maps.area_rows(queries.map_values(session, code, period, list(area_codes)), ind, lang, period)
    acts = queries.activities(session, *activities)
    return maps.built(rows, maps.choropleth(rows, ind, acts, basemap=basemap, lang=lang))
