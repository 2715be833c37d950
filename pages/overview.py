"""Översikt: per follow-up level what stands where, per actor its commitments, what is overdue, what changed."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from indicators import status, tables
from indicators.formatting import date
from indicators.models import Level
from ui.common import current_pledge, demo_banner, lang, query, tr
from ui.filters import current_area, until_date

pledge = current_pledge()
if pledge is None:
    st.info(tr("app.no_pledge"))
    st.stop()

area, until = current_area(pledge), until_date()
st.title(pledge["name"])
st.caption(tr("overview.period", start=date(pledge["start"]), end=date(pledge["end"])))
demo_banner()
if pledge["summary"]:
    st.write(pledge["summary"])
st.markdown(f"**{tr('overview.signatories')}:** " + " · ".join(pledge["signatories"]))

st.header(tr("overview.levels"))
levels = query("level_summary", pledge["code"]).set_index("level")
assessed = status.assess_latest(query("latest_values", pledge["code"], area, until))
counts = status.level_counts(assessed)
for column, level in zip(st.columns(3), Level, strict=True):
    with column.container(border=True):
        st.subheader(tr(f"level_short.{level.value}"))
        st.caption(tr(f"level_question.{level.value}"))
        row = levels.loc[level.value]
        st.metric(tr("col.indicators"), int(row["indicators"]))
        st.write(tr("overview.level_counts", indicators=int(row["indicators"]), commitments=int(row["commitments"])))
        st.write(tr("overview.status_counts", **counts[level.value]))
with st.expander(tr("overview.rule")):
    st.markdown(status.RULE_EN if lang() == "en" else status.RULE_SV)

st.subheader(tr("overview.latest"))
st.dataframe(
    tables.latest_table(assessed, lang()),
    hide_index=True,
    width="stretch",
    column_config={tr("col.link"): st.column_config.LinkColumn(tr("col.link"), display_text="→")},
)
st.caption(tr("legend.symbols"))

st.header(tr("overview.actors"))
actors = query("actor_summary", pledge["code"])
names = dict(zip(actors["code"], actors["name"], strict=True))
parents = dict(zip(actors["code"], actors["parent_code"], strict=True))
rollup = status.actor_rollup(query("commitment_statuses", pledge["code"], until), parents).set_index("actor_code")
table = actors.assign(
    parent_code=actors["parent_code"].map(lambda c: names.get(c, "") if c else ""),
    **{key: actors["code"].map(lambda c, k=key: int(rollup[k].get(c, 0)) if k in rollup else 0) for key in
       ("on_track", "behind", "not_reported")},
)  # fmt: skip
st.dataframe(
    table[["code", "name", "parent_code", "commitments", "indicators", "on_track", "behind", "not_reported"]].rename(
        columns={
            "code": "",
            "name": tr("col.actor"),
            "parent_code": tr("col.part_of"),
            "commitments": tr("col.commitments"),
            "indicators": tr("col.indicators"),
            "on_track": tr("rollup.on_track"),
            "behind": tr("rollup.behind"),
            "not_reported": tr("rollup.not_reported"),
        }
    ),
    hide_index=True,
    width="stretch",
)

st.header(tr("overview.overdue"))
st.caption(tr("overview.overdue_help"))
overdue = query("overdue_figures", pledge["code"], area, dt.date.today())
if len(overdue):
    for actor, rows in overdue.groupby("actor_code", sort=False):
        with st.expander(f"{names.get(actor, actor)}: {len(rows)}"):
            st.dataframe(
                rows.rename(columns={"code": tr("col.code"), "name_sv": tr("col.indicator"), "period": tr("col.period"),
                                     "due": tr("col.due")})[[tr("col.code"), tr("col.indicator"), tr("col.period"),
                                                             tr("col.due")]],
                hide_index=True, width="stretch",
            )  # fmt: skip
else:
    st.success(tr("overview.overdue_none"))

st.header(tr("overview.changed"))
since = st.date_input(tr("overview.changed"), value=dt.date.today() - dt.timedelta(days=30), key="changed_since",
                      label_visibility="collapsed", format="YYYY-MM-DD")  # fmt: skip
changed = query("changed_since", pledge["code"], dt.datetime.combine(since, dt.time(), tzinfo=dt.UTC))
new = int((changed["version"] == 1).sum()) if len(changed) else 0
st.write(tr("overview.changed_count", new=new, corrected=len(changed) - new))
if len(changed):
    st.dataframe(changed, hide_index=True, width="stretch")
st.caption(tr("overview.source", source=pledge["source_document"]))
