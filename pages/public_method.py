"""Så följer vi upp (public): the three follow-up levels with examples from this pledge, how figures are checked
and published, how often, and what the symbols and the hidden values mean."""

from __future__ import annotations

from collections import Counter

import pandas as pd
import streamlit as st

from indicators.base.formatting import FIGURE_SYMBOLS, number
from indicators.base.models import Level
from indicators.read import published
from indicators.rules import plan as plan_rule
from indicators.rules import status
from indicators.rules.disclosure_audit import SHARE_BAND
from ui.common import lang, plain, query, require_pledge, tr, trn

pledge = require_pledge()
inds = query(published.indicators, pledge["code"])
name = "name_en" if lang() == "en" else "name_sv"

st.title(tr("nav.pub_method"), anchor=False)
st.markdown(tr("pub.method.lead"))

st.header(tr("overview.levels"), anchor=False)
for i, level in enumerate(Level, start=1):
    mine = [ind for ind in inds if ind["level"] == level.value]
    st.subheader(f"{i}. {tr(f'level.{level.value}')}", anchor=False)
    st.markdown(f"**{tr(f'level_question.{level.value}')}** {tr(f'pub.method.{level.value}')}")
    if mine:
        st.markdown(trn("pub.method.examples", len(mine), count=len(mine)))
        st.markdown("\n".join(f"- {plain(ind[name])} ({plain(ind['code'])})" for ind in mine[:4]))

st.header(tr("pub.method.checked"), anchor=False)
st.markdown(tr("pub.method.checked_text"))

st.header(tr("pub.method.how_often"), anchor=False)
frequencies = Counter(ind["frequency"] for ind in inds)
st.table(
    pd.DataFrame(
        {
            tr("pub.method.frequency"): [tr(f"frequency.{f}") for f in frequencies],
            tr("pub.method.indicators"): [number(c, lang()) for c in frequencies.values()],
        }
    ).set_index(tr("pub.method.frequency"))
)
st.markdown(tr("pub.method.how_often_text"))

st.header(tr("pub.method.symbols"), anchor=False)
st.table(
    pd.DataFrame(
        {
            tr("pub.method.symbol"): list(FIGURE_SYMBOLS),
            tr("pub.method.meaning"): [tr(key) for key in FIGURE_SYMBOLS.values()],
        }
    ).set_index(tr("pub.method.symbol"))
)
st.markdown(tr("pub.method.disclosure", band=number(SHARE_BAND, lang())))
st.markdown(tr("pub.method.activities"))
st.header(tr("pub.method.status_rule"), anchor=False)
st.markdown(tr("pub.method.status"))
st.markdown(status.rule_text(lang()))
st.markdown(tr(plan_rule.RULE_KEY))
