"""Granska: the steering group approves or returns submitted figures, and publishes approved ones per period."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from indicators.base.formatting import date, figure
from indicators.read import queries
from indicators.render.tables import period_label
from indicators.rules.periods import sort_key
from indicators.storage import store
from ui.auth import guard
from ui.common import lang, query, show_flash, tr, trn, write

who = guard(__file__)  # first thing: only the steering group reviews and publishes

st.title(tr("review.title"))
show_flash()
if st.session_state.pop("rv_returned", False):  # emptied before the field is drawn: then the browser empties it too
    st.session_state["rv_comment"] = ""
st.caption(tr("review.help"))
actors = query(queries.actors)
actor_names = {"": tr("commitments.all_actors"), **dict(zip(actors["code"], actors["name"], strict=True))}
actor = st.selectbox(tr("col.actor"), list(actor_names), key="rv_actor", format_func=actor_names.__getitem__)
queue = query(queries.figures_in_review, ("submitted",), actor or None, None)
st.subheader(tr("review.queue", count=len(queue)))
if len(queue):
    categorical = set(queue[queue["unit"] == "category"]["indicator_code"])  # shown by their labels, as everywhere
    labels = {c: (query(queries.indicator, c) or {}).get("categories") for c in sorted(categorical)}
    table = pd.DataFrame({
        "choose": False,
        "figure_id": queue["figure_id"],
        tr("col.code"): queue["indicator_code"],
        tr("col.indicator"): queue["name_en" if lang() == "en" else "name_sv"],
        tr("col.area"): queue["area_code"],
        tr("col.period"): [period_label(p, lang()) for p in queue["period"]],
        tr("col.value"): [figure(None if pd.isna(v) else float(v), s if isinstance(s, str) else None, u, lang(),
                                 labels.get(c))
                          for v, s, u, c in zip(queue["value"], queue["status_code"], queue["unit"],
                                                queue["indicator_code"], strict=True)],
        tr("col.version"): queue["version"],
        tr("col.note"): queue["note"],
        tr("col.entered_by"): queue["entered_by"],
        tr("col.entered_at"): [date(x) for x in queue["entered_at"]],
    }).head(1000)  # fmt: skip
    chosen = st.data_editor(
        table, key=f"rv_grid_{actor}", hide_index=True, width="stretch", height=380,
        disabled=[c for c in table.columns if c != "choose"],
        column_config={"choose": st.column_config.CheckboxColumn(tr("review.choose")), "figure_id": None},
    )  # fmt: skip
    ids = [int(i) for i in chosen[chosen["choose"]]["figure_id"]]
    everything = st.checkbox(tr("review.all", count=len(table)), key="rv_all")
    if everything:
        ids = [int(i) for i in table["figure_id"]]
    left, right = st.columns(2)
    approve = left.button(tr("review.approve", count=len(ids)), key="rv_approve", type="primary", disabled=not ids)
    comment = right.text_input(tr("review.comment"), key="rv_comment", help=tr("review.comment_help"))
    reject = right.button(tr("review.return", count=len(ids)), key="rv_return", disabled=not ids)
    if approve:  # an approval carries no comment: the comment is the reason for a return only
        write(lambda s: store.approve_figures(s, who, ids), lambda n: trn("review.done_approve", n, count=n))
    if reject:
        write(
            lambda s: store.return_figures(s, who, ids, comment),
            lambda n: trn("review.done_return", n, count=n),
            then=lambda _: st.session_state.update(rv_returned=True),
        )
else:
    st.success(tr("review.empty"))

st.subheader(tr("review.publish_title"))
approved = query(queries.figures_in_review, ("approved",), None, None)
periods = sorted(set(approved["period"]), key=sort_key, reverse=True)  # newest first, a year before its months
period_names = {"": tr("review.all_periods"), **{p: period_label(p, lang()) for p in periods}}
period = st.selectbox(tr("col.period"), list(period_names), key="rv_period", format_func=period_names.__getitem__)
count = int((approved["period"] == period).sum()) if period else len(approved)
st.caption(tr("review.publish_help"))
sure = st.checkbox(trn("review.publish_confirm", count, count=count), key="rv_publish_sure", disabled=not count)
if st.button(trn("review.publish", count, count=count), key="rv_publish", disabled=not (count and sure)):
    write(
        lambda s: store.publish_figures(s, who, period or None),
        lambda published: trn("review.published_done", published, count=published),
        then=lambda _: st.session_state.pop("rv_publish_sure", None),
    )
