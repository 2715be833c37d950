"""Åtaganden: per actor, every commitment with its text, the actor's own status and comment, and its indicators
grouped by follow-up level with their current status."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from indicators.base.formatting import date, figure
from indicators.base.i18n import localized
from indicators.base.models import Level
from indicators.read import overview, queries
from indicators.render import tables
from ui.auth import guard
from ui.common import demo_banner, lang, plain, query, require_pledge, tr
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
            parts = []
            for level in levels:
                rows = [assessed[k] for k in followed_by.get(c.code, []) if assessed[k]["level"] == level]
                if not rows:
                    continue
                items = []
                for r in rows:
                    value = figure(
                        None if pd.isna(r["value"]) else float(r["value"]),
                        r["status_code"] if isinstance(r["status_code"], str) else None,
                        r["unit"],
                        language,
                    )
                    period = f" ({tables.period_label(r['period'], language)})" if isinstance(r["period"], str) else ""
                    demo = f" ({tr('demo.label').lower()})" if r["source"] == "demo" else ""
                    items.append(f"- {tables.status_label(r['status'], language)} · [{r['code']} – {r[name_col]}]"
                                 f"(indikator?code={r['code']}): {value}{period}{demo}")  # fmt: skip
                parts.append(f"*{tr(f'level_short.{level.value}')}*\n\n" + "\n".join(items))
            if parts:
                st.markdown("\n\n".join(parts))
st.caption(tr("legend.symbols"))
