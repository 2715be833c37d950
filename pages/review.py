"""Granska: the steering group approves or returns submitted figures, and publishes approved ones per period."""

from __future__ import annotations

import streamlit as st

from indicators.base.models import Level
from indicators.read import queries
from indicators.render.tables import period_label
from indicators.rules.periods import sort_key
from indicators.storage import store
from indicators.views import review
from ui.auth import guard
from ui.common import Unchanged, lang, query, show_flash, tr, trn, write

who = guard(__file__)  # first thing: only the steering group reviews and publishes

st.title(tr("review.title"))
show_flash()
if st.session_state.pop("rv_returned", False):  # emptied before the field is drawn: then the browser empties it too
    st.session_state["rv_comment"] = ""
if st.session_state.pop("rv_published", False):  # likewise the confirmation: the next publish is confirmed anew
    st.session_state["rv_publish_sure"] = False
st.caption(tr("review.help"))
everything = query(review.queue, lang())
waiting = everything.everything
levels = {lv.value: tr(f"level_short.{lv.value}") for lv in Level}
actors = query(queries.actors)
area_rows = query(queries.areas)
choices = {
    "actor": dict(zip(actors["code"], actors["name"], strict=True)),
    "indicator": {c: f"{c} – {n}" for c, n in zip(waiting["indicator_code"],
                                                 waiting["name_en" if lang() == "en" else "name_sv"], strict=True)},
    "area": dict(zip(area_rows["code"], area_rows["name"], strict=True)),
    "period": {p: period_label(p, lang()) for p in sorted(set(waiting["period"]), key=sort_key, reverse=True)},
    "level": levels,
}  # fmt: skip
columns = {"actor": "actor_code", "indicator": "indicator_code", "area": "area_code", "period": "period",
           "level": "level"}  # fmt: skip
labels = {"actor": "col.actor", "indicator": "col.indicator", "area": "col.area", "period": "col.period",
          "level": "col.level"}  # fmt: skip
chosen: dict[str, str] = {}
for column, key in zip(st.columns(len(review.FILTERS)), review.FILTERS, strict=True):
    present = [c for c in choices[key] if c in set(waiting[columns[key]])]  # only what is waiting
    widget = "rv_actor" if key == "actor" else f"rv_by_{key}"
    kept = st.session_state.get(widget)
    if kept and kept not in present:  # worked through: the choice stays (an empty list), never silently "all"
        present.append(kept)
    named = {"": tr("review.all_of"), **{c: choices[key].get(c) or period_label(c, lang()) for c in present}}
    chosen[key] = column.selectbox(tr(labels[key]), list(named), key=widget, format_func=named.__getitem__)
shown = query(review.queue, lang(), chosen) if any(chosen.values()) else everything
# What the last run put on screen (its filters and figure versions), before this run draws the list anew: "approve
# all shown" approves exactly that set, never a version sent or corrected since.
seen = st.session_state.get("rv_seen")
st.session_state["rv_seen"] = (sorted(chosen.items()), list(shown.ids))
st.subheader(tr("review.queue", count=len(shown.ids)))
if shown.unusual:
    st.warning(trn("review.unusual", shown.unusual, count=shown.unusual), icon=":material/warning:")
if len(shown.ids):
    # One form: ticking rows reruns nothing; the choice is sent with the button.
    with st.form("rv_form", border=False):
        picked = st.data_editor(
            shown.table, key="rv_grid", hide_index=True, width="stretch",
            height=min(36 * (len(shown.table) + 1) + 4, 600),
            disabled=[c for c in shown.table.columns if c != "choose"],
            # The name narrowed, so the value, its history and the plausibility warning fit beside it at 1440 px.
            column_config={"choose": st.column_config.CheckboxColumn(tr("review.choose")), "figure_id": None,
                           tr("col.indicator"): st.column_config.TextColumn(tr("col.indicator"), width="medium")},
        )  # fmt: skip
        comment = st.text_input(tr("review.comment"), key="rv_comment", help=tr("review.comment_help"))
        # Approving a set with values far outside their history asks that they were looked at (for this set only).
        odd_seen = not shown.unusual or st.checkbox(
            trn("review.unusual_seen", shown.unusual, count=shown.unusual),
            key=f"rv_unusual_seen_{hash(tuple(shown.ids))}",
        )
        one, every, back = st.columns(3)
        approve = one.form_submit_button(tr("review.approve_chosen"), key="rv_approve", type="primary")
        approve_all = every.form_submit_button(trn("review.approve_shown", len(shown.ids), count=len(shown.ids)),
                                               key="rv_approve_all")  # fmt: skip
        reject = back.form_submit_button(tr("review.return_chosen"), key="rv_return")
    ids = [int(i) for i in picked[picked["choose"]]["figure_id"]]
    if approve_all:  # the whole set on screen, after seeing it (narrowed by the filters above)
        ids = list(seen[1]) if seen and seen[0] == sorted(chosen.items()) else []
    if approve_all and set(ids) != set(shown.ids):
        st.warning(tr("review.changed_since_seen"), icon=":material/sync_problem:")  # nothing approved: look again
    elif approve_all and not odd_seen:
        st.warning(trn("review.unusual_first", shown.unusual, count=shown.unusual), icon=":material/warning:")
    elif (approve or reject) and not ids:
        st.warning(tr("review.none_chosen"))
    elif approve or approve_all:  # an approval carries no comment: the comment is the reason for a return only
        write(lambda s: store.approve_figures(s, who, ids), lambda n: trn("review.done_approve", n, count=n))
    elif reject:
        write(
            lambda s: store.return_figures(s, who, ids, comment),
            lambda n: trn("review.done_return", n, count=n),
            then=lambda _: st.session_state.update(rv_returned=True),
        )
elif any(chosen.values()) and len(everything.ids):  # nothing left in this choice, more elsewhere
    st.success(trn("review.empty_chosen", len(everything.ids), count=len(everything.ids)))
else:
    st.success(tr("review.empty"))

st.subheader(tr("review.publish_title"))
show_flash("publish")  # beside the button, where a phone's screen is
approved = query(queries.figures_in_review, ("approved",), None, None)
periods = sorted(set(approved["period"]), key=sort_key, reverse=True)  # newest first, a year before its months
period_names = {"": tr("review.all_periods"), **{p: period_label(p, lang()) for p in periods}}
period = st.selectbox(tr("col.period"), list(period_names), key="rv_period", format_func=period_names.__getitem__)
count = int((approved["period"] == period).sum()) if period else len(approved)
# The confirmation holds for the choice and the number it was given for. Another member's publishing (or approving)
# changes them, and a period published by someone else falls back to "Alla perioder": publishing then would put out
# figures this member never chose, so a changed choice is confirmed anew.
seen = (period, count)
pressed = bool(st.session_state.get("rv_publish"))  # the click, whatever the button is drawn as in this run
if st.session_state.get("rv_publish_for") != seen:
    st.session_state["rv_publish_sure"] = False
if not count:
    st.info(tr("review.nothing_to_publish"))
else:
    st.caption(tr("review.publish_help"))
    st.checkbox(trn("review.publish_confirm", count, count=count), key="rv_publish_sure",
                on_change=lambda: st.session_state.update(rv_publish_for=seen))  # fmt: skip
sure = bool(count and st.session_state.get("rv_publish_sure"))
clicked = st.button(trn("review.publish", count, count=count), key="rv_publish", disabled=not sure) if count else False
if pressed and not sure:  # pressed on a page drawn before the choice changed under it: nothing is published
    st.warning(tr("review.publish_changed"), icon=":material/sync_problem:")
elif clicked:
    write(
        lambda s: store.publish_figures(s, who, period or None, expected=count),  # exactly what was confirmed
        lambda published: (
            trn("review.published_done", published, count=published)
            if published
            else Unchanged(tr("review.published_none"))  # another member published them a moment before
        ),
        where="publish",
        then=lambda _: st.session_state.update(rv_published=True),
    )
