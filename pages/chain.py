"""Från problem till effekt: per problem of the lägesbild, the chain problem → commitments → actions (planned
against done) → outputs → effects, each with its status, and where the chain breaks."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from indicators.base.formatting import date
from indicators.base.i18n import localized
from indicators.read import plan
from indicators.rules import plan as plan_rule
from indicators.views import plan as plan_tables
from ui.auth import guard
from ui.common import demo_banner, lang, plain, query, require_pledge, tr
from ui.filters import current_area, until_date

who = guard(__file__)  # first thing: internal pages are for signed-in users only

pledge = require_pledge()
area, until = current_area(pledge), until_date()
language = lang()
st.title(tr("chain.title"))
demo_banner()
st.caption(tr("chain.caption", until=date(until)))
links = query(plan.chain, pledge["code"], until, area)
if not links:
    st.info(tr("chain.none"))
    st.stop()
st.dataframe(
    pd.DataFrame(
        {
            tr("chain.col.problem"): [f"{x.problem_code} {localized(x, 'text', language)}" for x in links],
            tr("chain.where"): [plan_tables.verdict_label(x.verdict, language) for x in links],
            tr("chain.col.work"): [plan_tables.status_label(x.work, language) for x in links],
            tr("chain.col.effect"): [tr(f"chain.effect.{x.effect}") for x in links],
        }
    ),
    hide_index=True,
    width="stretch",
)
for link in links:
    with st.expander(plain(f"{link.problem_code}. {localized(link, 'text', language)}")):
        st.markdown(plan_tables.chain_markdown(link, language))
with st.expander(tr("plan.rule_title")):
    st.markdown(tr(plan_rule.RULE_KEY))
    st.markdown(tr("chain.rule"))
