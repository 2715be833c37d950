"""Vad har gjorts (public): each actor's commitments with their status in words and symbols and the date of the
actor's last update; the activities done, counted by type and on a map of the areas; "Ni sa – vi gjorde", what
residents raised and what was done about it; the newsletter."""

from __future__ import annotations

import functools

import pandas as pd
import streamlit as st

from indicators.base.config import settings
from indicators.base.formatting import date, number
from indicators.base.i18n import localized
from indicators.read import feedback, plan, published, queries
from indicators.render import maps, tables
from indicators.rules.periods import parse_period
from indicators.views import newsletter, public
from indicators.views import plan as plan_views
from ui.common import db_url, lang, plain, query, require_pledge, tr, trn
from ui.filters import current_area, until_date

pledge = require_pledge()
until = until_date()
span = published.activity_span(pledge, until)  # whole quarters only: totals never differ by a day

st.title(tr("nav.pub_done"), anchor=False)
st.markdown(tr("pub.done.lead", until=date(until)))
totals = query(published.activity_totals, pledge["code"], *span) if span else pd.DataFrame()
if len(totals) and totals["demo"].any():
    st.warning(tr("public.demo"), icon=":material/science:")

commitments = query(published.commitments, pledge["code"], until)
actors = query(queries.actor_summary, pledge["code"])
names = dict(zip(actors["code"], actors["name"], strict=True))
last = query(published.last_updates, pledge["code"])
counts = {s: int((commitments["status"].fillna("none") == s).sum()) for s in
          ("done", "ongoing", "not_started", "at_risk", "none")}  # fmt: skip
st.markdown(tr("public.status_counts", total=len(commitments), **counts))
st.caption(" · ".join(tables.commitment_label(s, lang()) for s in ("done", "ongoing", "not_started", "at_risk", None)))

for actor, own in commitments.groupby("actor_code", sort=False):
    st.header(plain(names.get(actor, actor)), divider="gray", anchor=False)
    st.caption(tr("pub.done.last_update", at=date(last[actor])[:10] if actor in last else "–"))
    lines = []
    for r in own.itertuples(index=False):
        state = r.status if isinstance(r.status, str) else None
        when = f" ({tr('commitments.reported', at=date(r.reported_at)[:10])})" if state else ""
        text = plain(localized(r, "text", lang()))
        lines.append(f"- **{tables.commitment_label(state, lang())}**{when} – {plain(r.code)}: {text}")
    st.markdown("\n".join(lines))

planned = query(plan.actions, pledge["code"], until, True)  # the public variant: published own work, whole quarters
if planned:
    st.header(tr("pub.plan.title"), anchor=False)
    st.markdown(tr("pub.plan.lead", through=date(max(a.through for a in planned))))
    st.table(plan_views.public_table(planned, names, lang()).set_index(tr("plan.col.action")))
    st.caption(tr("pub.plan.note"))

st.header(tr("public.activities"), anchor=False)
if span:
    st.markdown(tr("pub.done.activities_lead", start=date(span[0]), end=date(span[1])))
if not span or not len(totals):
    st.write(tr("public.no_activities"))
else:
    st.table(newsletter.activities_table(totals, lang()).set_index(tr("map.type")))
    st.caption(tr("pub.done.participants_help"))
    rows, deck = query(public.activity_map, pledge["code"], *span, lang(), settings().basemap)
    st.subheader(tr("pub.done.map"), anchor=False)
    st.pydeck_chart(deck, height=420, width="stretch")
    st.html(maps.legend_html(maps.legend(rows, public.ACTIVITY_KIND, lang()), tr("map.legend")))
    st.caption(tr("pub.done.map_help"))
    with st.expander(tr("public.as_table")):
        st.table(
            pd.DataFrame(
                {tr("col.area"): rows["name"], tr("public.activity_count"): [number(v, lang()) for v in rows["value"]]}
            ).set_index(tr("col.area"))
        )

st.header(tr("pub.feedback.title"), anchor=False)
st.markdown(tr("pub.feedback.lead"))
said = query(feedback.public_topics, pledge["code"])
if not len(said):
    st.write(tr("pub.feedback.none"))
else:
    if said["demo"].any():
        st.caption(tr("pub.feedback.demo"))
    st.html(newsletter.topics_html(said, lang()))
    for r in said.itertuples(index=False):
        demo = f" ({tr('demo.label').lower()})" if r.demo else ""
        st.subheader(plain(localized(r, "text", lang())) + demo, anchor=False)
        months = " – ".join(dict.fromkeys(parse_period(m).label(lang()) for m in (r.first_month, r.last_month) if m))
        count = int(r.mentions)
        areas = plain(", ".join(r.area_names))
        lines = [trn("pub.feedback.raised", count, count=count, span=months, areas=areas)] if count else []
        if isinstance(r.answer, str) and r.answer:
            lines.append(f"**{tr('pub.feedback.answer')}:** {plain(localized(r, 'answer', lang()))}")
            lines.append(
                f"**{tr('col.status')}:** {feedback.answer_label(r.answer_state, lang())} "
                f"({date(r.answered_on)}) · {tr('col.commitment')} {plain(r.commitment_code)}: "
                f"{plain(localized(r, 'commitment_text', lang()))}"
            )
        else:
            lines.append(f"**{tr('col.status')}:** {feedback.answer_label(None, lang())}")
        st.markdown("  \n".join(lines))

st.header(tr("letter.title"), anchor=False)
st.markdown(tr("pub.done.letter_lead"))
spans = published.activity_spans(pledge)
if not spans:
    st.caption(tr("letter.no_quarter"))
else:
    chosen = st.selectbox(tr("letter.choose"), spans, key="letter_span", format_func=functools.partial(
        tables.span_label, pledge_start=pledge["start"], lang=lang()))  # fmt: skip
    made_on_click = functools.partial(  # read and built only when a visitor asks
        newsletter.file_bytes, db_url(), pledge["code"], current_area(pledge), chosen[0], chosen[1], lang()
    )
    st.download_button(
        tr("letter.download"),
        data=made_on_click,
        file_name=f"informationsbrev-{chosen[0]}-{chosen[1]}.html",
        mime="text/html",
        icon=":material/download:",
        key="letter_download",
        on_click="ignore",  # no rerun: a rerun racing the click could drop the file being made
    )
    st.caption(tr("letter.print_help"))
