"""Löftet (public): the pledge in plain Swedish – who promised what, for which period, and why."""

from __future__ import annotations

import streamlit as st

from indicators.base.config import settings
from indicators.base.formatting import date
from indicators.base.i18n import in_language_list, localized
from indicators.read import plan, published, queries
from indicators.views import plan as plan_tables
from ui.auth import current_user
from ui.common import lang, plain, query, require_pledge, tr
from ui.filters import until_date

pledge = require_pledge()

st.title(plain(localized(pledge, "name", lang())), anchor=False)
st.markdown(f"**{tr('pub.pledge.lead')}**")
st.markdown(tr("overview.period", start=date(pledge["start"]), end=date(pledge["end"])))
every = query(queries.pledges_in_order)


def show(code: str) -> None:
    """Open another pledge here (same tab): its own area and newest period, as a link to it would."""
    st.session_state["pledge"] = code
    for key in ("area", "until"):
        st.session_state.pop(key, None)


if len(every) > 1:  # a city's pledges, year after year: the running ones first, then the earlier ones
    with st.expander(tr("pub.pledge.all", count=len(every)), expanded=False):
        for p in every:
            marks = [tr("pub.pledge.running")] if p["running"] else []
            shown = p["code"] == pledge["code"]
            st.button(
                f"{plain(localized(p, 'name', lang()))} ({date(p['start'])} – {date(p['end'])})"
                + "".join(f" · {m}" for m in [*marks, *([tr("pub.pledge.shown")] if shown else [])]),
                key=f"show_pledge_{p['code']}",
                on_click=show,
                args=(p["code"],),
                disabled=shown,
                type="tertiary",
                icon=":material/check:" if shown else ":material/arrow_forward:",
            )
if pledge["summary"]:
    st.markdown(plain(localized(pledge, "summary", lang())))
st.markdown(tr("pub.pledge.see"))
st.page_link("pages/public_done.py", label=tr("nav.pub_done"), icon=":material/task_alt:")
st.page_link("pages/public_trends.py", label=tr("nav.pub_trends"), icon=":material/monitoring:")
st.page_link("pages/public_method.py", label=tr("nav.pub_method"), icon=":material/rule:")

st.header(tr("pub.pledge.who"), anchor=False)
st.markdown("\n".join(f"- {plain(s)}" for s in pledge["signatories"]))

if pledge["problem_picture"]:
    st.header(tr("pub.pledge.why"), anchor=False)
    st.markdown(tr("pub.pledge.why_lead"))
    problems = in_language_list(pledge["problem_picture"], pledge["problem_picture_en"], lang())
    st.markdown("\n".join(f"- {plain(s)}" for s in problems))

st.header(tr("pub.pledge.what"), anchor=False)
st.markdown(tr("pub.pledge.what_lead"))
actors = query(queries.actor_summary, pledge["code"])
commitments = query(published.commitments, pledge["code"], pledge["end"])
names = dict(zip(actors["code"], actors["name"], strict=True))
for actor, own in commitments.groupby("actor_code", sort=False):
    st.subheader(plain(names.get(actor, actor)), anchor=False)
    for kind in ("general", "specific"):
        rows = own[own["kind"] == kind]
        if len(rows):
            st.markdown(f"*{tr(f'commitment_kind.{kind}')}*")
            st.markdown("\n".join(f"- **{plain(r.code)}** {plain(localized(r, 'text', lang()))}"
                                   for r in rows.itertuples(index=False)))  # fmt: skip

links = query(plan.chain, pledge["code"], until_date(), public=True)
if links:  # the chain in plain words: the problems, what was promised, what was done, how it went
    st.header(tr("pub.pledge.chain"), anchor=False)
    st.markdown(tr("pub.pledge.chain_lead"))
    for link in links:
        with st.expander(plain(f"{link.problem_code}. {localized(link, 'text', lang())}")):
            st.markdown(plan_tables.chain_markdown(link, lang(), public=True))
    st.caption(tr("pub.pledge.chain_note"))

st.header(tr("pub.pledge.follow"), anchor=False)
if pledge["follow_up_channels"]:
    st.markdown(tr("pub.pledge.follow_lead"))
    channels = in_language_list(pledge["follow_up_channels"], pledge["follow_up_channels_en"], lang())
    st.markdown("\n".join(f"- {plain(c)}" for c in channels))
else:  # a pledge file without its channels: this service is the way to follow it
    st.markdown(tr("pub.pledge.follow_here"))
if pledge["source_document"]:
    st.caption(tr("overview.source", source=plain(pledge["source_document"])))
if not settings().public_only and current_user() is None:
    st.page_link("pages/signin.py", label=tr("public.for_actors"), icon=":material/login:")
