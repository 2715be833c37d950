"""Karta: one indicator and period as a choropleth of the areas, activity points on top, the same data as tables."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from indicators.base.config import settings
from indicators.base.formatting import number
from indicators.base.models import ActivityType
from indicators.read import queries
from indicators.render import maps
from indicators.rules.periods import parse_period
from indicators.views import dashboard
from ui.auth import guard
from ui.common import demo_banner, lang, query, require_pledge, tr
from ui.filters import chosen_levels, synced_multiselect, synced_select, until_date

who = guard(__file__)  # first thing: internal pages are for signed-in users only

pledge = require_pledge()

st.title(tr("map.title"))
demo_banner()
areas = query(queries.areas)
known = set(areas["code"])
geo_areas = [a for a in pledge["map_areas"] if a in known]
codes = set(query(queries.pledge_indicator_codes, pledge["code"]))
catalogue = [r for r in query(queries.catalogue_rows) if r["code"] in codes and r["level"] in chosen_levels()]
if not catalogue:
    st.info(tr("map.no_indicators"))
    st.stop()
names = {r["code"]: f"{r['code']} – {r['name_en'] if lang() == 'en' else r['name']}" for r in catalogue}
left, right = st.columns([3, 2])
code = synced_select(tr("col.indicator"), list(names), "map_indicator", next(iter(names)), names.get, left)
ind = query(queries.indicator, code)
assert ind is not None  # the code is one of the catalogue's
until = until_date()
choices = query(queries.indicator_periods, code, geo_areas)
ended = [p for p in choices if parse_period(p).end <= until] or choices
if not choices:
    st.info(tr("map.no_figures"))
    st.stop()
period = synced_select(
    tr("col.period"), choices, "map_period", ended[0], {p: parse_period(p).label(lang()) for p in choices}.get, right
)

with st.expander(tr("map.activities"), expanded=True):
    type_names = {a.value: tr(f"activity.{a.value}") for a in ActivityType}
    types = synced_multiselect(
        tr("map.activity_types"), list(type_names), "map_types", list(type_names), type_names.get
    )
    start_default = max(pledge["start"], until - dt.timedelta(days=365))
    span = st.date_input(tr("map.activity_period"), value=(start_default, until), key="map_span", format="YYYY-MM-DD")
    start, end = (span[0], span[-1]) if isinstance(span, tuple) and span else (start_default, until)
acts = query(queries.activities, pledge["code"], start, end, tuple(types))

rows, deck = query(dashboard.indicator_map, code, period, tuple(geo_areas), (pledge["code"], start, end, tuple(types)),
                   lang(), settings().basemap)  # fmt: skip
st.subheader(f"{names[code]} · {parse_period(period).label(lang())}")
st.pydeck_chart(deck, height=520, width="stretch")
st.html(maps.legend_html(maps.legend(rows, ind, lang()), tr("map.legend")))
if len(acts):
    st.html(maps.activity_legend_html(maps.activity_legend(acts, types, lang()), tr("map.activities")))
st.caption(tr("map.help"))

st.subheader(tr("map.table"))
st.dataframe(maps.table(rows, lang()), hide_index=True, width="stretch")
st.caption(tr("legend.symbols"))
st.markdown(f"[{tr('map.indicator_link', code=code)}](indikator?code={code})")

st.subheader(tr("map.activity_table", count=len(acts)))
if len(acts):
    st.dataframe(
        acts.assign(
            type=[type_names.get(x, x) for x in acts["type"]],
            participants=[number(x, lang()) for x in acts["participants"]],
            hours=[number(x, lang()) for x in acts["hours"]],
            source=[tr("demo.label") if s == "demo" else s for s in acts["source"]],
        )[["date", "type", "actor_code", "commitment_code", "area_code", "participants", "hours", "source"]].rename(
            columns={
                "date": tr("map.date"), "type": tr("map.type"), "actor_code": tr("col.actor"),
                "commitment_code": tr("col.commitment"), "area_code": tr("col.area"),
                "participants": tr("col.participants"), "hours": tr("col.hours"), "source": tr("col.source"),
            }
        ),
        hide_index=True, width="stretch",
    )  # fmt: skip
