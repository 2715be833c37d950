"""Trend charts (plotly): the plotted table comes first, and the figure is drawn from exactly that table.

So the table view and the CSV download hold exactly what the chart shows. No streamlit here: pages and tests call
the same functions.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from indicators.base.formatting import date, interval, number
from indicators.base.i18n import N_, t
from indicators.base.models import DEMO_SOURCE
from indicators.render.html import text as html_text
from indicators.render.tables import period_label, value_with_unit
from indicators.rules.periods import parse_period
from indicators.rules.uncertainty import wilson
from indicators.rules.units import unit

_AXIS = {"gridcolor": "#EBF0F8", "linecolor": "#EBF0F8", "zerolinecolor": "#EBF0F8", "zerolinewidth": 2, "ticks": "",
         "automargin": True, "title": {"standoff": 15}}  # fmt: skip
#: What the charts use of plotly's "plotly_white" template, and no more: the named template also holds every trace
#: type's defaults, which plotly checks the first time a process draws (about 0.1 s of a fresh server's first page).
STYLE = {"layout": {"paper_bgcolor": "white", "plot_bgcolor": "white", "font": {"color": "#2a3f5f"},
                    "hoverlabel": {"align": "left"}, "xaxis": _AXIS, "yaxis": _AXIS}}  # fmt: skip

#: Behind the pledge period's label: the event lines drawn across it (a camera's date) run under the text, not
#: through it (a walk on a phone read "Löftesperiod" crossed by them). Not behind the target's and baseline's, which
#: sit where the trend's own points can be (a background would cover a point).
LABEL_BACKGROUND = "rgba(255, 255, 255, 0.85)"
NO_BREAK = "\u00a0"
#: How the pages show a chart: no toolbar (on a phone it covered the chart's title; the pages offer the figures as a
#: table and as files) and no plotly logo.
CONFIG = {"displaylogo": False, "displayModeBar": False}

#: Colour-blind-safe colours (Okabe–Ito) with a dash and a marker per series: never colour alone.
COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"]
DASHES = ["solid", "dash", "dot", "dashdot", "longdash", "longdashdot"]
MARKERS = ["circle", "square", "diamond", "triangle-up", "x", "cross", "star", "hexagon"]

PLOTTED_COLUMNS = ["indicator", "indicator_name", "area", "area_name", "period", "period_start", "period_end",
                   "x", "value", "unit", "n", "ci_low", "ci_high", "source", "review_state", "version"]  # fmt: skip


def plain(value: object) -> str:
    """User text as plotly shows it literally: plotly reads tags (<b>, <br>, <a href>, <span style>) in every text it
    draws, hover text included, and turns entities back into the characters."""
    return html_text(value)


def plotted(series: pd.DataFrame, ind: dict[str, Any], lang: str = "sv") -> pd.DataFrame:
    """The points a trend chart of one indicator draws: figures with a value (status codes are gaps), each at the
    middle of its period, with a 95 % interval for survey shares that carry n."""
    rows = series[(series["indicator_code"] == ind["code"]) & series["value"].notna()]
    survey = unit(ind["unit"]).needs_n
    out = []
    for r in rows.itertuples(index=False):
        period = parse_period(r.period)
        n = None if pd.isna(r.n) else int(r.n)
        low, high = (round(x, 2) for x in wilson(float(r.value), n)) if survey and n else (None, None)
        out.append(
            {
                "indicator": ind["code"],
                "indicator_name": ind["name_en"] if lang == "en" else ind["name_sv"],
                "area": r.area_code,
                "area_name": r.area_name,
                "period": r.period,
                "period_start": period.start,
                "period_end": period.end,
                "x": period.start + (period.end - period.start) / 2,
                "value": float(r.value),
                "unit": ind["unit"],
                "n": n,
                "ci_low": low,
                "ci_high": high,
                "source": r.source,
                "review_state": r.review_state,
                "version": int(r.version),
            }
        )
    return pd.DataFrame(out, columns=PLOTTED_COLUMNS)


def trend_figure(
    points: pd.DataFrame,
    ind: dict[str, Any],
    pledge: dict[str, Any] | None,
    events: pd.DataFrame | None = None,
    lang: str = "sv",
) -> go.Figure:
    """One indicator over time: a line per area, its interval band for survey shares, the baseline and target
    lines, the pledge period shaded, and events (e.g. cameras installed) as marked vertical lines."""
    u = unit(ind["unit"])
    fig = go.Figure()
    for i, (area, rows) in enumerate(points.groupby("area", sort=False)):
        colour, dash, marker = COLOURS[i % len(COLOURS)], DASHES[i % len(DASHES)], MARKERS[i % len(MARKERS)]
        demo = bool((rows["source"] == DEMO_SOURCE).any())
        name = plain(rows["area_name"].iloc[0]) + (f" ({t('demo.label', lang).lower()})" if demo else "")
        has_ci = rows["ci_low"].notna().any()
        custom = list(
            zip(
                [parse_period(p).label(lang) for p in rows["period"]],
                [value_with_unit(v, None, ind["unit"], lang, ind.get("categories")) for v in rows["value"]],
                ["" if pd.isna(n) else f"(n = {number(n, lang)})" for n in rows["n"]],
                [plain(x) for x in rows["source"]],
                strict=True,
            )
        )
        error: dict[str, Any] | None = None
        if has_ci:
            error = {
                "type": "data",
                "symmetric": False,
                "array": (rows["ci_high"] - rows["value"]).fillna(0).tolist(),
                "arrayminus": (rows["value"] - rows["ci_low"]).fillna(0).tolist(),
                "color": colour,
                "thickness": 1,
            }
        fig.add_trace(
            go.Scatter(
                x=[d.isoformat() for d in rows["x"]],
                y=rows["value"].tolist(),
                mode="lines+markers",
                name=name,
                legendgroup=area,
                line={"color": colour, "dash": dash, "width": 2.5},
                marker={"symbol": marker, "size": 8},
                error_y=error,
                customdata=custom,
                hovertemplate="<b>%{fullData.name}</b><br>%{customdata[0]}: %{customdata[1]} %{customdata[2]}<br>"
                + t("col.source", lang)
                + ": %{customdata[3]}<extra></extra>",
                meta={"area": area},
            )
        )
    if pledge is not None:
        fig.add_vrect(
            x0=pledge["start"].isoformat(),
            x1=pledge["end"].isoformat(),
            fillcolor="#888888",
            opacity=0.12,
            line_width=0,
            annotation_text=t("trends.pledge_period", lang),
            annotation_position="top left",
            annotation_bgcolor=LABEL_BACKGROUND,
        )
    if ind.get("baseline_value") is not None:
        fig.add_hline(
            y=ind["baseline_value"],
            line={"color": "#555555", "dash": "dot", "width": 1.5},
            annotation_text=_line_label(ind, "baseline", lang),
            annotation_position="bottom left",
            annotation_align="left",  # its lines under each other from the left, as the position is
        )  # fmt: skip
    if ind.get("target_value") is not None:
        fig.add_hline(
            y=ind["target_value"],
            line={"color": "#006400", "dash": "dash", "width": 2},
            annotation_text=_line_label(ind, "target", lang),
            annotation_position="top right",
            annotation_align="right",
        )  # fmt: skip
    for type_, rows in _events(events):
        label = t(f"activity.{type_}", lang)
        for day in rows["date"]:
            fig.add_vline(x=day.isoformat(), line={"color": "#7B3294", "width": 1, "dash": "dot"})
        fig.add_trace(
            go.Scatter(
                x=[d.isoformat() for d in rows["date"]],
                y=[0] * len(rows),
                mode="markers",
                name=label,
                marker={"symbol": "triangle-up", "size": 13, "color": "#7B3294"},
                customdata=list(
                    zip([date(d) for d in rows["date"]], [plain(a) for a in rows["actor_code"]], strict=True)
                ),
                hovertemplate=f"<b>{label}</b><br>%{{customdata[0]}} (%{{customdata[1]}})<extra></extra>",
                meta={"event": type_},
            )
        )
    y_title = f"{u.label(lang)}"
    fig.update_layout(
        title={"text": plain(f"{ind['code']} – {ind['name_en'] if lang == 'en' else ind['name_sv']}"), "x": 0},
        xaxis={"title": t("col.period", lang), "type": "date"},
        yaxis={"title": y_title, "rangemode": "tozero", "separatethousands": True},
        legend={"orientation": "h", "yanchor": "top", "y": -0.2, "title": {"text": t("col.area", lang)}},
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        hovermode="closest",
        showlegend=True,
        separators=", " if lang != "en" else ".,",
        template=STYLE,
        font={"size": 14},
    )
    fig.update_xaxes(**_time_ticks(points))
    if u.percent:
        fig.update_yaxes(ticksuffix=" %", range=[0, 100])
    categories = ind.get("categories")
    if u.categorical and isinstance(categories, dict) and categories:
        # a category's code is a label, not an amount: its ticks are the categories by name ("riskområde"), never
        # the half-steps between codes
        names = {int(c): str(name) for c, name in categories.items()}
        codes = sorted(names)
        fig.update_yaxes(tickvals=codes, ticktext=[plain(names[c]) for c in codes],
                         range=[codes[0] - 0.5, codes[-1] + 0.5], rangemode="normal", automargin=True)  # fmt: skip
    fig.update_traces(cliponaxis=False)  # a point on the axis's end (a share of 100 %) is drawn whole, not halved
    return fig


def _time_ticks(points: pd.DataFrame) -> dict[str, Any]:
    """The time axis's ticks in no language of plotly's own (it names months in English: "Oct 2022"): over 18 months
    or more, a label per year in the middle of its year, under a yearly figure's point (drawn mid-period); over less,
    a label per quarter as the period codes write months ("2022-04")."""
    if not len(points):
        return {}
    start, end = min(points["period_start"]), max(points["period_end"])
    if (end - start).days >= 540:
        return {"dtick": "M12", "tick0": "2000-01-01", "tickformat": "%Y", "ticklabelmode": "period"}
    return {"dtick": "M3", "tick0": "2000-01-01", "tickformat": "%Y-%m"}


def guide(
    figure: go.Figure, ind: dict[str, Any], lang: str = "sv", *, public: bool = False, hidden: bool = False
) -> str:
    """How to read one chart of :func:`trend_figure`, naming only what it draws: the areas' lines, the pledge
    period, the target and baseline lines where the indicator has them, a survey's margins, the events; where
    ``hidden``, that values hidden to protect individuals are left out (a walk read of target and baseline lines
    under a chart that had neither)."""
    drawn = {str(s.type) for s in figure.layout.shapes}
    parts = [t("pub.trends.guide.areas" if public else "trends.guide.points", lang)]
    if "rect" in drawn:
        parts.append(t("trends.guide.period", lang))
    if ind.get("target_value") is not None:
        parts.append(t("trends.guide.target", lang))
    if ind.get("baseline_value") is not None:
        parts.append(t("trends.guide.baseline", lang))
    if any(getattr(tr, "error_y", None) is not None and tr.error_y.array is not None for tr in figure.data):
        parts.append(t("trends.guide.survey", lang))
    if any(isinstance(tr.meta, dict) and "event" in tr.meta for tr in figure.data):
        parts.append(t("trends.guide.events", lang))
    if hidden:
        parts.append(t("pub.trends.guide.hidden", lang))
    return " ".join(parts)


#: A target's or baseline's label is drawn in lines of at most this many characters (a longer word, a value with
#: its unit, alone on its line): on a phone "Basvärde särskilt utsatt område (apr 2022)" on one line ran past the
#: chart's edge (a walk).
LINE_LABEL_CHARS = 26
LINE_LABELS = {"target": N_("trends.target"), "baseline": N_("trends.baseline")}


def _line_label(ind: dict[str, Any], which: str, lang: str) -> str:
    """The ``which`` ("target", "baseline") line's label as plotly draws it literally (a category's name is the
    store's text), in lines of whole words where it is long; a number with its unit ("1 234,5 per 100 000
    invånare") and the period ("apr 2022") are never broken, a category's name may be."""
    value = _reference(ind, f"{which}_value", lang)
    if not unit(str(ind["unit"])).categorical:
        value = value.replace(" ", NO_BREAK)
    period = period_label(ind.get(f"{which}_period"), lang).replace(" ", NO_BREAK)
    text = t(LINE_LABELS[which], lang, value=value, period=period)
    lines = textwrap.wrap(text, LINE_LABEL_CHARS, break_long_words=False, break_on_hyphens=False)
    return "<br>".join(plain(line) for line in lines) or plain(text)


def _reference(ind: dict[str, Any], key: str, lang: str) -> str:
    """A target or baseline as the indicator's values are said ("90,0 %", "160,0 timmar", a category's label)."""
    return value_with_unit(ind[key], None, ind["unit"], lang, ind.get("categories"))


def _events(events: pd.DataFrame | None) -> list[tuple[str, pd.DataFrame]]:
    """Events to mark, per activity type, oldest first."""
    if events is None or not len(events):
        return []
    return [(str(type_), rows.sort_values("date")) for type_, rows in events.groupby("type", sort=True)]


def table(
    points: pd.DataFrame, lang: str = "sv", categories: Mapping[str, Mapping[Any, str] | None] | None = None
) -> pd.DataFrame:
    """The plotted points as a readable table (the chart's table equivalent); a category indicator's values by their
    labels (``categories``: each indicator's own, by its code)."""
    if not len(points):
        return pd.DataFrame()
    units = [str(u) for u in points["unit"]]  # one table for several indicators: each row its own unit
    named = {code: {str(k): v for k, v in c.items()} for code, c in (categories or {}).items() if c}
    return pd.DataFrame(
        {
            t("col.indicator", lang): points["indicator"],
            t("col.area", lang): points["area_name"],
            t("col.period", lang): [period_label(p, lang) for p in points["period"]],
            t("col.value", lang): [
                value_with_unit(v, None, u, lang, named.get(str(code)))
                for v, u, code in zip(points["value"], units, points["indicator"], strict=True)
            ],
            t("col.n", lang): [number(n, lang) if not pd.isna(n) else "" for n in points["n"]],
            t("trends.interval", lang): [
                interval(*wilson(v, int(n)), u, lang) if not pd.isna(lo) else ""  # rounded once, as shown
                for v, n, lo, u in zip(points["value"], points["n"], points["ci_low"], units, strict=True)
            ],
            t("col.source", lang): [
                f"{s} ({t('demo.label', lang)})" if s == DEMO_SOURCE else s for s in points["source"]
            ],
        }
    )
