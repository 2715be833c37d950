"""Åtaganden: per actor, every commitment with its text, the actor's own status and comment, its actions in the
åtgärdsplan (planned against done) and its indicators grouped by follow-up level with their current status. An
editor changes their own actor's actions here."""

from __future__ import annotations

import streamlit as st

from indicators.base.formatting import date
from indicators.base.i18n import localized
from indicators.base.models import ActionPer, Level, Role
from indicators.read import overview, plan, queries
from indicators.render import tables
from indicators.rules import plan as plan_rule
from indicators.storage import plan as plan_store
from indicators.views import plan as plan_tables
from ui.auth import guard
from ui.common import demo_banner, lang, plain, query, require_pledge, show_flash, tr, write
from ui.filters import chosen_levels, current_area, synced_select, until_date

who = guard(__file__)  # first thing: internal pages are for signed-in users only

pledge = require_pledge()

area, until = current_area(pledge), until_date()
st.title(tr("commitments.title"))
demo_banner()
actors = query(queries.actor_summary, pledge["code"])
names = dict(zip(actors["code"], actors["name"], strict=True))
options = ["all", *[c for c, n in zip(actors["code"], actors["commitments"], strict=True) if n]]
labels = {"all": tr("commitments.all_actors"), **{c: f"{names[c]} ({c})" for c in options[1:]}}
chosen = synced_select(tr("col.actor"), options, "actor", "all", labels.get, st)
commitments = query(queries.commitment_statuses, pledge["code"], until)
links = query(queries.commitment_indicators, pledge["code"])
assessed = query(overview.assessed_by_code, pledge["code"], area, until)
followed_by: dict[str, list[str]] = {}
for commitment_code, indicator_code in zip(links["commitment_code"], links["indicator_code"], strict=True):
    followed_by.setdefault(commitment_code, []).append(indicator_code)
last = query(queries.actor_last_update, pledge["code"])
language = lang()
name_col = "name_en" if language == "en" else "name_sv"
levels = [lv for lv in Level if lv.value in chosen_levels()]
actions = query(plan.actions, pledge["code"], until)
plan_of: dict[str, list[plan.ActionRow]] = {}
for a in actions:
    plan_of.setdefault(a.commitment_code, []).append(a)
if actions:
    st.subheader(tr("plan.title"))
    st.caption(tr("plan.caption", until=date(until)))
    by_actor = plan.by_actor(actions, dict(zip(actors["code"], actors["parent_code"], strict=True)))
    if chosen != "all":
        by_actor = by_actor[by_actor["actor_code"] == chosen]
    st.dataframe(plan_tables.actor_table(by_actor, names, language), hide_index=True, width="stretch")
    with st.expander(tr("plan.rule_title")):
        st.markdown(tr(plan_rule.RULE_KEY))

for actor in [c for c in options if c != "all" and chosen in ("all", c)]:
    own = commitments[commitments["actor_code"] == actor]
    st.header(f"{names[actor]} ({actor})")
    st.caption(tr("commitments.last_update", at=date(last[actor]) if actor in last else "–"))
    for c in own.itertuples(index=False):
        # One text element per part of the card (a page of many commitments stays quick to rerun).
        with st.container(border=True):
            state = c.status if isinstance(c.status, str) else None
            line = f"**{tr('commitments.own_status')}:** {tables.commitment_label(state, language)}"
            if state:
                reported = tr("commitments.reported", at=date(c.reported_at))
                line += f" · {tables.period_label(c.period, language)} · {reported}"
            text = plain(localized(c, "text", language))
            st.markdown(f"**{c.code}** · {tr(f'commitment_kind.{c.kind}')}\n\n{text}\n\n{line}")
            if isinstance(c.comment, str) and c.comment:
                st.caption(f"{tr('col.note')}: {plain(c.comment)}")
            own_plan = plan_of.get(c.code, [])
            if own_plan:
                lines = [
                    f"- {plan_tables.status_label(a.status, language)} · {plain(localized(a, 'text', language))}"
                    + (f" ({tr('demo.label').lower()})" if a.demo else "")
                    + f": {tr('plan.col.planned').lower()} {plan_tables.planned_amount(a.planned, a.unit, language)}, "
                    f"{tr('plan.col.done').lower()} {plan_tables.done_text(a, language)}"
                    + f" ({plain(a.area_name)}, {plan_tables.per_label(a.quantity, a.per, a.unit, language)})"
                    for a in own_plan
                ]
                st.markdown(f"*{tr('plan.in_plan')}*\n\n" + "\n".join(lines))
            parts = []
            for level in levels:
                rows = [assessed[k] for k in followed_by.get(c.code, []) if assessed[k]["level"] == level]
                if not rows:
                    continue
                items = []
                for r in rows:
                    value = tables.value_with_unit(
                        r["value"], r["status_code"], r["unit"], language, r.get("categories")
                    )
                    period = f" ({tables.period_label(r['period'], language)})" if isinstance(r["period"], str) else ""
                    demo = f" ({tr('demo.label').lower()})" if r["source"] == "demo" else ""
                    items.append(f"- {tables.status_label(r['status'], language)} · [{r['code']} – {r[name_col]}]"
                                 f"(indikator?code={r['code']}): {value}{period}{demo}")  # fmt: skip
                parts.append(f"*{tr(f'level_short.{level.value}')}*\n\n" + "\n".join(items))
            if parts:
                st.markdown("\n\n".join(parts))
st.caption(tr("legend.symbols"))
if actions:
    with st.expander(tr("plan.whole")):
        st.dataframe(plan_tables.action_table(actions, language, with_actor=True), hide_index=True, width="stretch")
        st.caption(tr("plan.not_final"))

# --- An editor changes their own actor's actions -------------------------------------------------------------------
mine = [a for a in actions if who.role is Role.EDITOR and a.actor_code == who.actor_code]
if mine:
    st.subheader(tr("plan.edit_title"))
    st.caption(tr("plan.edit_caption"))
    by_code = {a.code: a for a in mine}
    action_names = {k: f"{k} – {localized(v, 'text', language)[:80]}" for k, v in by_code.items()}
    code = st.selectbox(tr("plan.col.action"), list(by_code), key="plan_action", format_func=action_names.__getitem__)
    a = by_code[code]
    pers = [p.value for p in ActionPer]
    with st.form(f"plan_edit_{code}"):
        text = st.text_input(tr("plan.text"), a.text, max_chars=1000)
        contact = st.text_input(tr("plan.col.contact"), a.contact, max_chars=200, help=tr("plan.contact_help"))
        from_col, to_col = st.columns(2)
        start = from_col.date_input(tr("plan.start"), a.start, min_value=pledge["start"], max_value=pledge["end"],
                                 format="YYYY-MM-DD")  # fmt: skip
        end = to_col.date_input(tr("plan.end"), a.end, min_value=pledge["start"], max_value=pledge["end"],
                              format="YYYY-MM-DD")  # fmt: skip
        amount_col, per_col = st.columns(2)
        quantity = amount_col.number_input(tr("plan.quantity"), min_value=0.0, value=a.quantity, step=1.0,
                                           help=tr("plan.quantity_help", measure=a.indicator_code or "–"))  # fmt: skip
        per_names = {p: tr(f"plan.per.{p}", amount="…") for p in pers}
        per = per_col.selectbox(tr("plan.per_label"), pers, index=pers.index(a.per), format_func=per_names.__getitem__)
        hours_col, kronor_col = st.columns(2)
        hours = hours_col.number_input(tr("plan.hours_label"), min_value=0.0, value=a.hours, step=1.0)
        kronor = kronor_col.number_input(tr("plan.kronor_label"), min_value=0.0, value=a.kronor, step=1000.0)
        send = st.form_submit_button(tr("plan.save"), type="primary")
    if send:
        was = plan_tables.per_label(a.quantity, a.per, a.unit, language)
        write(
            lambda s: plan_store.save_action(s, who, pledge["code"], code, text=text, contact=contact, start=start,
                                             end=end, quantity=quantity, per=per, hours=hours, kronor=kronor),
            lambda changed: (tr("plan.saved", code=code, was=was,
                                now=plan_tables.per_label(quantity, per, a.unit, language))
                             if changed else tr("plan.unchanged", code=code)),
            "plan",
        )  # fmt: skip
    show_flash("plan")  # beside the form the editor used (the page reruns and keeps its place)
