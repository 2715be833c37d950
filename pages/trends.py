"""Trender: indicators over time with baseline, target, the pledge period, several areas, survey intervals, events;
the table and the CSV of exactly what is plotted."""

from __future__ import annotations

import datetime as dt
import functools

import pandas as pd
import streamlit as st

from indicators.base.models import ActivityType
from indicators.read import queries
from indicators.render import charts, tables
from indicators.views import dashboard
from ui.auth import guard
from ui.common import built, demo_banner, lang, query, require_pledge, tr
from ui.filters import chosen_levels, current_area, synced_multiselect

who = guard(__file__)  # first thing: internal pages are for signed-in users only

pledge = require_pledge()

st.title(tr("trends.title"))
demo_banner()
codes = set(query(queries.pledge_indicator_codes, pledge["code"]))
catalogue = [r for r in query(queries.catalogue_rows) if r["code"] in codes and r["level"] in chosen_levels()]
if not catalogue:
    st.info(tr("map.no_indicators"))
    st.stop()
names = {r["code"]: f"{r['code']} – {r['name_en'] if lang() == 'en' else r['name']}" for r in catalogue}
effect = [r["code"] for r in catalogue if r["level"] == "effekt"]
chosen = synced_multiselect(tr("trends.indicators"), list(names), "trend_indicators", effect[:1] or list(names)[:1],
                            names.get)  # fmt: skip
areas = query(queries.areas)
area_names = dict(zip(areas["code"], areas["name"], strict=True))
area_options = [a for a in [*pledge["map_areas"], pledge["area_code"]] if a in area_names] + [
    a for a in areas["code"] if a not in pledge["map_areas"] and a != pledge["area_code"]
]
area_labels = {c: f"{area_names[c]} ({c})" for c in area_options}
chosen_areas = synced_multiselect(
    tr("trends.areas"), area_options, "trend_areas", [current_area(pledge)], area_labels.get
)
type_names = {a.value: tr(f"activity.{a.value}") for a in ActivityType}
event_types = synced_multiselect(tr("trends.events"), list(type_names), "trend_events", ["camera_installed"],
                                 type_names.get)  # fmt: skip
if not chosen or not chosen_areas:
    st.info(tr("trends.choose"))
    st.stop()

plotted = []
for code in chosen:
    points, figure, guide = built(dashboard.indicator_trend, code, tuple(chosen_areas), pledge["code"],
                                  tuple(event_types), dt.date.today(), lang())  # fmt: skip
    plotted.append(points)
    if not len(points):
        st.info(tr("trends.no_figures", indicator=names[code]))
        continue
    st.plotly_chart(figure, key=f"trend_{code}", config=charts.CONFIG)
    st.caption(guide)
    shown = set(points["area"])
    missing = [area_labels[a] for a in chosen_areas if a not in shown]
    if missing:
        st.caption(tr("trends.missing_areas", areas=", ".join(missing)))
    st.markdown(f"[{tr('map.indicator_link', code=code)}](indikator?code={code})")

everything = pd.concat([p for p in plotted if len(p)]) if any(len(p) for p in plotted) else pd.DataFrame()
if len(everything):
    if st.toggle(tr("trends.as_table"), key="trend_table"):
        categories = {r["code"]: r["categories"] for r in catalogue}  # a category by its label, as on the axis
        st.dataframe(charts.table(everything, lang(), categories), hide_index=True, width="stretch")
    st.download_button(
        tr("trends.download"),
        data=functools.partial(tables.csv_bytes, everything),  # made only when someone downloads
        file_name=f"trender-{'-'.join(chosen)}.csv",
        mime="text/csv",
        key="trend_csv",
        on_click="ignore",  # no rerun: a rerun racing the click could drop the file being made
    )
