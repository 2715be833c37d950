"""The shared filters (pledge, area, period, level) in session state and the URL, so a pasted link reproduces the
view; and the same URL-synced widgets for the pages' own choices."""

from __future__ import annotations

import datetime as dt
from typing import Any

import streamlit as st

from indicators.base.i18n import localized
from indicators.base.models import Level
from indicators.read import queries
from indicators.rules.periods import PeriodKind, parse_period, period_containing, periods_between
from ui.common import lang, query, tr


def synced_value(options: list[str], key: str, default: str, unset: str | None = None) -> str:
    """The value of a URL-synced select (:func:`synced_select`), known before its widget is drawn: the session's if
    it is still an option, else the URL's, else ``default``; kept in ?key=... of the URL (left out of the URL while
    it is ``unset``)."""
    if st.session_state.get(key) not in options:
        wanted = st.query_params.get(key)
        st.session_state[key] = wanted if wanted in options else default
    value = str(st.session_state[key])
    if value != unset:
        st.query_params[key] = value
    elif key in st.query_params:
        del st.query_params[key]
    return value


def synced_select(
    label: str, options: list[str], key: str, default: str, fmt: Any, where: Any = st.sidebar, unset: str | None = None
) -> str:
    """A select whose value also lives in ?key=... of the URL (in the sidebar unless ``where`` says otherwise; not
    in the URL while it is ``unset``)."""
    synced_value(options, key, default, unset)
    where.selectbox(label, options, key=key, format_func=fmt)
    return synced_value(options, key, default, unset)


def synced_multiselect(label: str, options: list[str], key: str, default: list[str], fmt: Any) -> list[str]:
    """A multiselect whose values also live in ?key=a,b of the URL. A choice none of whose values is offered any
    more (the areas of another indicator: Södra Sofielund chosen, then shootings, counted for Malmö only) becomes the
    default, not an empty chart; a choice the visitor emptied stays empty."""
    if key not in st.session_state:
        wanted = [v for v in (st.query_params.get(key) or "").split(",") if v in options]
        st.session_state[key] = wanted or [d for d in default if d in options]
    else:
        before = list(st.session_state[key])
        kept = [v for v in before if v in options]
        st.session_state[key] = kept if kept or not before else [d for d in default if d in options]
    chosen = st.multiselect(label, options, key=key, format_func=fmt, placeholder=tr("filters.choose_many"))
    st.query_params[key] = ",".join(chosen)
    return list(chosen)


def shared_filters(public: bool = False) -> None:
    """Pledge, area and the period figures count up to; called by app.py before the page runs. The pledge is the
    one whose period includes today, else the newest; "Siffror till och med" is the newest quarter with figures
    (with published figures, for the ``public``), else the pledge's last quarter; for a running pledge never a
    quarter before it began (then today's); the quarters offered run to today's, never into the future."""
    today = dt.date.today()
    pledges = query(queries.pledges_in_order, today)
    if not pledges:
        return
    names = {p["code"]: localized(p, "name", lang()) for p in pledges}
    code = synced_select(tr("app.pledge"), list(names), "pledge", pledges[0]["code"], names.get)
    pledge = query(queries.pledge, code)
    if pledge is None:  # removed since the list was read
        return
    areas = query(queries.areas)
    area_names = dict(zip(areas["code"], areas["name"], strict=True))
    options = [a for a in [*pledge["map_areas"], pledge["area_code"]] if a in area_names]
    parents = dict(zip(areas["code"], areas["parent_code"], strict=True))
    focus = [a for a in pledge["map_areas"] if parents.get(a) == pledge["area_code"]]
    labels = {c: f"{area_names[c]} ({c})" for c in options}
    synced_select(tr("app.area"), options, "area", (focus or options)[0], labels.get)
    newest = query(queries.newest_figure_end, code, "public_figure" if public else "current_figure")
    last = min(newest or pledge["end"], today)
    if pledge["start"] <= today <= pledge["end"] and last < pledge["start"]:
        last = today  # a pledge that runs now and has no figures of its own yet: now (older figures still show)
    quarters = [q.code for q in periods_between(PeriodKind.QUARTER, min(pledge["start"], last), today)]
    default = period_containing(PeriodKind.QUARTER, last).code
    quarter_labels = {q: parse_period(q).label(lang()) for q in quarters}
    synced_select(tr("app.until"), quarters[::-1], "until", default, quarter_labels.get)
    levels = ["all", *(level.value for level in Level)]
    level_labels = {"all": tr("app.all_levels"), **{v: tr(f"level_short.{v}") for v in levels[1:]}}
    synced_select(tr("app.level"), levels, "level", "all", level_labels.get)


def until_date() -> dt.date:
    """The last day whose figures count: the end of the chosen quarter, but never after today."""
    code = st.session_state.get("until")
    end = parse_period(code).end if code else dt.date.today()
    return min(end, dt.date.today())


def chosen_levels() -> list[str]:
    """The follow-up levels to show: the one chosen, or all three."""
    level = st.session_state.get("level") or st.query_params.get("level")
    return [level] if level in {lv.value for lv in Level} else [lv.value for lv in Level]


def current_area(pledge: dict[str, Any]) -> str:
    """The chosen area; when the router has not run, the area the filters open at: the pledge's first own sub-area
    (a map area inside the pledge's area), else its first map area, else its area."""
    chosen = st.session_state.get("area")
    if chosen:
        return str(chosen)
    areas = query(queries.areas)
    parents = dict(zip(areas["code"], areas["parent_code"], strict=True))
    own = [a for a in pledge["map_areas"] if parents.get(a) == pledge["area_code"]]
    return str((own or pledge["map_areas"] or [pledge["area_code"]])[0])
