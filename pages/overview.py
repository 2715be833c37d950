"""Översikt: the pledge, its actors, and how many commitments and indicators each follow-up level has."""

from __future__ import annotations

import streamlit as st

from indicators.formatting import date
from indicators.models import Level
from ui.common import current_pledge, demo_banner, query, tr

pledge = current_pledge()
if pledge is None:
    st.info(tr("app.no_pledge"))
    st.stop()

st.title(pledge["name"])
st.caption(tr("overview.period", start=date(pledge["start"]), end=date(pledge["end"])))
demo_banner()
if pledge["summary"]:
    st.write(pledge["summary"])
st.markdown(f"**{tr('overview.signatories')}:** " + " · ".join(pledge["signatories"]))

st.header(tr("overview.levels"))
levels = query("level_summary", pledge["code"]).set_index("level")
for column, level in zip(st.columns(3), Level, strict=True):
    with column.container(border=True):
        st.subheader(tr(f"level_short.{level.value}"))
        st.caption(tr(f"level_question.{level.value}"))
        row = levels.loc[level.value]
        st.metric(tr("col.indicators"), int(row["indicators"]))
        st.write(tr("overview.level_counts", indicators=int(row["indicators"]), commitments=int(row["commitments"])))

st.header(tr("overview.actors"))
actors = query("actor_summary", pledge["code"])
names = dict(zip(actors["code"], actors["name"], strict=True))
table = actors.assign(parent_code=actors["parent_code"].map(lambda c: names.get(c, "") if c else ""))
st.dataframe(
    table[["code", "name", "parent_code", "commitments", "indicators"]].rename(
        columns={
            "code": "",
            "name": tr("col.actor"),
            "parent_code": tr("col.part_of"),
            "commitments": tr("col.commitments"),
            "indicators": tr("col.indicators"),
        }
    ),
    hide_index=True,
    width="stretch",
)
st.caption(tr("overview.source", source=pledge["source_document"]))
