"""Utveckling (public): the latest published figures of the public indicators, level by level; one indicator over
time with its explanation, source and uncertainty, as a chart, a table and a map; the open-data downloads."""

from __future__ import annotations

import functools

import streamlit as st

from indicators.base.config import settings
from indicators.base.i18n import N_, localized
from indicators.io import export
from indicators.read import published, queries
from indicators.render import charts, html, maps, tables
from indicators.rules.periods import parse_period
from indicators.views import public
from ui import opendata
from ui.common import built, lang, open_data_addresses, plain, query, require_pledge, tr
from ui.filters import current_area, synced_multiselect, synced_select, until_date

pledge = require_pledge()
area, until = current_area(pledge), until_date()
areas = query(queries.areas)
area_names = dict(zip(areas["code"], areas["name"], strict=True))
inds = query(published.indicators, pledge["code"])

st.title(tr("nav.pub_trends"), anchor=False)
st.markdown(tr("pub.trends.lead", area=area_names.get(area, area)))
latest = query(public.latest_items, pledge["code"], area, until, lang())
if latest["demo"]:
    st.warning(tr("public.demo"), icon=":material/science:")

st.header(tr("pub.trends.latest"), anchor=False)
for level, items in latest["levels"].items():
    st.subheader(tr(f"level_short.{level}"), anchor=False)
    st.caption(tr(f"level_question.{level}"))
    if not items:
        st.write(tr("public.none_yet"))
        continue
    lines = []
    for i in items:
        extra = "".join(f" · {plain(i[k])}" for k in ("change", "status") if i[k])
        lines.append(f"- **{plain(i['name'])}**: {plain(i['value'])}{extra}")
    st.markdown("\n".join(lines))
st.caption(tr("legend.symbols"))

st.header(tr("pub.trends.one"), anchor=False)
with_figures = set(query(published.indicators_with_figures))
with_data = [i for i in inds if i["code"] in with_figures]
if not with_data:
    st.info(tr("public.none_yet"))
    st.stop()
name = "name_en" if lang() == "en" else "name_sv"
labels = {i["code"]: f"{i['code']} – {i[name]}" for i in with_data}
effects = [i["code"] for i in with_data if i["level"] == "effekt"]
code = synced_select(tr("col.indicator"), list(labels), "pub_indicator", (effects or list(labels))[0], labels.get, st)
ind = next(i for i in with_data if i["code"] == code)
if ind["explanation"]:
    st.markdown(f"**{plain(localized(ind, 'explanation', lang()))}**")
st.markdown(f"{tr('pub.trends.definition')}: {plain(localized(ind, 'definition', lang()))}")
st.markdown(f"{tr('col.source')}: {plain(ind['source'])}")
st.markdown(f"{tr('pub.trends.uncertainty')}: {tr(published.uncertainty_key(ind['unit']))}")

has = set(query(published.areas_with_figures, code))
area_options = public.area_choices([area, *pledge["map_areas"], pledge["area_code"]], has, area_names)
area_labels = {c: area_names.get(c, c) for c in area_options}
if area not in has:  # said, not silently another area: some indicators are measured for the city or region only
    st.caption(tr("pub.trends.area_without", area=area_names.get(area, area), indicator=code))
chosen = synced_multiselect(tr("trends.areas"), area_options, "pub_areas", area_options[:1], area_labels.get)
table, figure, guide = built(public.trend, pledge["code"], code, tuple(chosen), until, lang())
if figure is not None:
    st.plotly_chart(figure, key="pub_trend", config=charts.CONFIG)
    st.caption(guide)
elif table is not None:
    st.info(tr("pub.trends.all_hidden"))
with st.expander(tr("public.as_table"), expanded=figure is None):
    if table is not None:
        numeric = (tr("col.value"), tr("col.n"), tr("trends.interval"))
        st.html(html.figures_table(table, tr("pub.trends.table_caption", indicator=labels[code]), numeric))
    else:
        st.write(tr("trends.choose"))

geo = [a for a in pledge["map_areas"] if a in has]
if geo:
    st.subheader(tr("pub.trends.map"), anchor=False)
    choices = query(published.periods_with_figures, code, tuple(geo), until) or query(
        published.periods_with_figures, code, tuple(geo), None
    )
    period = synced_select(tr("col.period"), choices, "pub_period", choices[0],
                           {p: parse_period(p).label(lang()) for p in choices}.get, st)  # fmt: skip
    rows, deck = query(public.indicator_map, pledge["code"], code, period, lang(), settings().basemap)
    st.pydeck_chart(deck, height=420, width="stretch")
    st.html(maps.legend_html(maps.legend(rows, ind, lang()), tr("map.legend")))
    st.caption(tr("pub.trends.map_help"))
    with st.expander(tr("public.as_table")):
        caption = tr("pub.trends.map_table_caption", indicator=labels[code], period=parse_period(period).label(lang()))
        areas_table = tables.public_map_table(rows, ind, lang())
        st.html(html.figures_table(areas_table, caption, (tr("col.value"), tr("col.n"))))

st.header(tr("pub.trends.download"), anchor=False)
st.markdown(tr("pub.trends.download_lead"))
for name, label in (
    ("figurer.csv", N_("pub.trends.download_csv")),
    ("figurer.xlsx", N_("pub.trends.download_xlsx")),
    ("figurer.json", N_("pub.trends.download_json")),
    ("figurer-sdmx.csv", N_("pub.trends.download_sdmx")),
):
    made_on_click = functools.partial(opendata.made, pledge["code"], name)  # made when asked for, kept per version
    st.download_button(tr(label), data=made_on_click, file_name=name, mime=export.FILES[name].split(";")[0],
                       key=f"pub_download_{name}", icon=":material/download:", on_click="ignore")  # fmt: skip
st.download_button(tr("pub.trends.download_zip"), data=functools.partial(opendata.folder_zip, pledge["code"]),
                   file_name=f"medborgarlofte-{pledge['code']}.zip", mime="application/zip", key="pub_download_zip",
                   icon=":material/download:", on_click="ignore")  # fmt: skip
st.markdown(tr("pub.trends.download_addresses", **open_data_addresses(pledge["code"])))
