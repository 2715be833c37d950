"""Aktiviteter: an editor records what their actor did, where and when (the resources-and-activities level)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from indicators.base.formatting import date, number
from indicators.base.i18n import localized
from indicators.base.models import ActivityType
from indicators.read import queries
from indicators.storage import store
from ui.auth import guard
from ui.common import lang, query, require_pledge, show_flash, tr, write
from ui.filters import current_area

who = guard(__file__)  # first thing: only editors record activities, for their own actor

pledge = require_pledge()
st.title(tr("activities.title"))
show_flash()
st.caption(tr("activities.help"))
areas = query(queries.areas)
area_names = dict(zip(areas["code"], areas["name"], strict=True))
options = [a for a in [*pledge["map_areas"], pledge["area_code"]] if a in area_names]
commitments = query(queries.commitment_statuses, pledge["code"], dt.date.today())
own = commitments[commitments["actor_code"] == who.actor_code]
commitment_names = {"": tr("activities.no_commitment"),
                    **{r.code: f"{r.code} – {localized(r, 'text', lang())[:80]}"
                       for r in own.itertuples(index=False)}}  # fmt: skip
type_names = {a.value: tr(f"activity.{a.value}") for a in ActivityType}

round_ = st.session_state.setdefault("act_round", 0)  # new keys after a save: an empty form
default_area = current_area(pledge)
with st.form(f"activity_{round_}", clear_on_submit=False):
    left, right = st.columns(2)
    type_ = left.selectbox(
        tr("map.type"), list(type_names), key=f"act_type_{round_}", format_func=type_names.__getitem__
    )
    when = right.date_input(tr("map.date"), value=dt.date.today(), key=f"act_date_{round_}", format="YYYY-MM-DD",
                            max_value=dt.date.today())  # fmt: skip
    area = left.selectbox(
        tr("col.area"),
        options,
        key=f"act_area_{round_}",
        format_func=area_names.__getitem__,
        index=options.index(default_area) if default_area in options else 0,
    )
    commitment = right.selectbox(tr("col.commitment"), list(commitment_names), key=f"act_commitment_{round_}",
                                 format_func=commitment_names.__getitem__)  # fmt: skip
    hours = left.text_input(tr("col.hours"), key=f"act_hours_{round_}", placeholder="2,5")
    participants = right.text_input(tr("col.participants"), key=f"act_participants_{round_}", placeholder="12")
    lon = left.text_input(
        tr("activities.lon"), key=f"act_lon_{round_}", placeholder="13,0151", help=tr("activities.point_help")
    )
    lat = right.text_input(
        tr("activities.lat"), key=f"act_lat_{round_}", placeholder="55,5832", help=tr("activities.point_help")
    )
    description = st.text_area(tr("activities.description"), key=f"act_description_{round_}", max_chars=2000)
    send = st.form_submit_button(tr("activities.save"), type="primary")
if send:
    raw = {"type": type_, "date": when, "area": area, "commitment": commitment, "hours": hours,
           "participants": participants, "lon": lon, "lat": lat, "description": description}  # fmt: skip
    write(
        lambda s: store.record_activity(s, who, raw),
        lambda _: tr("activities.saved", type=type_names.get(type_ or "", ""), date=date(when)),
        then=lambda _: st.session_state.update(act_round=round_ + 1),
    )

st.subheader(tr("activities.recent"))
recent = query(queries.activities, pledge["code"], dt.date(1900, 1, 1), dt.date.today(), None)
recent = recent[recent["actor_code"] == who.actor_code]
if len(recent):
    st.page_link("pages/map.py", label=tr("activities.on_map"), icon=":material/map:")
    st.dataframe(
        pd.DataFrame({
            tr("map.date"): [date(d) for d in recent["date"]],
            tr("map.type"): [type_names.get(t, t) for t in recent["type"]],
            tr("col.area"): [area_names.get(a, a) for a in recent["area_code"]],
            tr("col.commitment"): recent["commitment_code"].fillna(""),
            tr("col.participants"): [number(x, lang()) for x in recent["participants"]],
            tr("col.hours"): [number(x, lang()) for x in recent["hours"]],
            tr("activities.description"): recent["description"],
        }).head(200),
        hide_index=True, width="stretch",
    )  # fmt: skip
else:
    st.info(tr("activities.none"))
