"""Åtagandestatus: an editor reports, per commitment and period, how their actor's commitment stands."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from indicators.base.formatting import date
from indicators.base.i18n import localized
from indicators.base.models import CommitmentState
from indicators.read import queries
from indicators.render.tables import period_label
from indicators.rules.periods import PeriodKind, parse_period, periods_between
from indicators.storage import store
from ui.auth import guard
from ui.common import lang, query, require_pledge, show_flash, tr, write

who = guard(__file__)  # first thing: only editors report status, for their own actor

pledge = require_pledge()
st.title(tr("status.title"))
show_flash()
today = dt.date.today()
statuses = query(queries.commitment_statuses, pledge["code"], today)
own = statuses[statuses["actor_code"] == who.actor_code]
if not len(own):
    st.info(tr("status.none"))
    st.stop()
state_names = {s.value: tr(f"commitment_state.{s.value}") for s in CommitmentState}
texts = [localized(r, "text", lang()) for r in own.itertuples(index=False)]
st.dataframe(
    pd.DataFrame({
        tr("col.code"): own["code"],
        tr("col.commitment"): texts,
        tr("col.status"): [state_names.get(s, tr("rollup.not_reported")) if isinstance(s, str) else
                           tr("rollup.not_reported") for s in own["status"]],
        tr("col.period"): [period_label(p, lang()) if isinstance(p, str) else "" for p in own["period"]],
        tr("col.note"): own["comment"].fillna(""),
        tr("commitments.reported", at=""): [date(x) if x is not None and x == x else "" for x in own["reported_at"]],
    }),
    hide_index=True, width="stretch",
)  # fmt: skip
quarters = [q.code for q in periods_between(PeriodKind.QUARTER, pledge["start"], today)][::-1]
names = {c: f"{c} – {t[:90]}" for c, t in zip(own["code"], texts, strict=True)}
with st.form("status", clear_on_submit=False):
    commitment = st.selectbox(tr("col.commitment"), list(names), key="st_commitment", format_func=names.__getitem__)
    period = st.selectbox(tr("col.period"), quarters, key="st_period",
                          format_func={q: parse_period(q).label(lang()) for q in quarters}.__getitem__)  # fmt: skip
    state = st.radio(tr("col.status"), list(state_names), key="st_state", format_func=state_names.get,
                     horizontal=True)  # fmt: skip
    comment = st.text_area(tr("col.note"), key="st_comment", max_chars=2000, help=tr("status.comment_help"))
    send = st.form_submit_button(tr("status.save"), type="primary")
if send:
    raw = {"commitment": commitment, "period": period, "status": state, "comment": comment}
    write(
        lambda s: store.report_status(s, who, raw),
        lambda _: tr("status.saved", code=commitment, state=state_names[state]),
    )
