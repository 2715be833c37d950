"""Den offentliga översikten: the pledge and its latest published figures of public indicators, with disclosure
control. Anyone may read it; nothing unpublished reaches it. (The full public view is built on this.)"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from indicators import disclosure
from indicators.config import settings
from indicators.formatting import date, figure
from indicators.models import Level
from indicators.tables import period_label
from ui.common import lang, plain, query, require_pledge, tr
from ui.filters import current_area, until_date

pledge = require_pledge()

st.title(pledge["name"])
st.caption(tr("overview.period", start=date(pledge["start"]), end=date(pledge["end"])))
if pledge["summary"]:
    st.markdown(plain(pledge["summary"]))
st.markdown(f"**{tr('overview.signatories')}:** " + " · ".join(plain(s) for s in pledge["signatories"]))

area = current_area(pledge)
areas = query("areas")
area_name = dict(zip(areas["code"], areas["name"], strict=True)).get(area, area)
latest = disclosure.protect(query("latest_values", pledge["code"], area, until_date(), None, True))
st.header(tr("public.latest", area=area_name))
st.caption(tr("public.latest_help"))
name = "name_en" if lang() == "en" else "name_sv"
for level in Level:
    rows = latest[(latest["level"] == level.value) & latest["period"].notna()]
    st.subheader(tr(f"level_short.{level.value}"))
    st.caption(tr(f"level_question.{level.value}"))
    if not len(rows):
        st.write(tr("public.none_yet"))
        continue
    st.dataframe(
        pd.DataFrame(
            {
                tr("col.indicator"): rows[name],
                tr("col.period"): [period_label(p, lang()) for p in rows["period"]],
                tr("col.value"): [
                    figure(None if pd.isna(v) else float(v), s if isinstance(s, str) else None, u, lang())
                    for v, s, u in zip(rows["value"], rows["status_code"], rows["unit"], strict=True)
                ],
                tr("col.source"): [tr("demo.label") if s == "demo" else s for s in rows["source"]],
            }
        ),
        hide_index=True,
        width="stretch",
    )
st.caption(tr("legend.symbols"))
if (latest["source"] == "demo").any():
    st.warning(tr("public.demo"), icon=":material/science:")
if not settings().public_only:
    st.page_link("pages/signin.py", label=tr("public.for_actors"), icon=":material/login:")
