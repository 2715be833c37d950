"""The shared filters (pledge, area, period) in session state and the URL, so a pasted link reproduces the view."""

from __future__ import annotations

import datetime as dt
from typing import Any

import streamlit as st

from indicators.periods import PeriodKind, parse_period, period_containing, periods_between
from ui.common import lang, query, tr


def _synced_select(label: str, options: list[str], key: str, default: str, fmt: Any) -> str:
    """A sidebar select whose value also lives in ?key=... of the URL."""
    if st.session_state.get(key) not in options:
        wanted = st.query_params.get(key)
        st.session_state[key] = wanted if wanted in options else default
    st.sidebar.selectbox(label, options, key=key, format_func=fmt)
    st.query_params[key] = st.session_state[key]
    return str(st.session_state[key])


def shared_filters() -> None:
    """Pledge, area and the period figures count up to; called by app.py before the page runs."""
    pledges = query("pledges")
    if not len(pledges):
        return
    names = dict(zip(pledges["code"], pledges["name"], strict=True))
    code = _synced_select(tr("app.pledge"), list(pledges["code"]), "pledge", pledges["code"].iloc[0], names.get)
    pledge = query("pledge", code)
    areas = query("areas")
    area_names = dict(zip(areas["code"], areas["name"], strict=True))
    options = [a for a in [*pledge["map_areas"], pledge["area_code"]] if a in area_names]
    focus = [a for a in pledge["map_areas"] if areas.set_index("code").loc[a, "parent_code"] == pledge["area_code"]]
    labels = {c: f"{area_names[c]} ({c})" for c in options}
    _synced_select(tr("app.area"), options, "area", (focus or options)[0], labels.get)
    today = dt.date.today()
    quarters = [q.code for q in periods_between(PeriodKind.QUARTER, pledge["start"], max(pledge["end"], today))]
    default = period_containing(PeriodKind.QUARTER, pledge["end"]).code
    quarter_labels = {q: parse_period(q).label(lang()) for q in quarters}
    _synced_select(tr("app.until"), quarters[::-1], "until", default, quarter_labels.get)


def until_date() -> dt.date:
    """The last day whose figures count: the end of the chosen quarter, but never after today."""
    code = st.session_state.get("until")
    end = parse_period(code).end if code else dt.date.today()
    return min(end, dt.date.today())


def current_area(pledge: dict[str, Any]) -> str:
    """The chosen area; the pledge's first focus area when the router has not run."""
    return str(st.session_state.get("area") or (pledge["map_areas"] or [pledge["area_code"]])[0])
