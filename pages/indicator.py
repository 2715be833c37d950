"""Indikator: one indicator's definition and metadata, and the full history of every figure with corrections."""

from __future__ import annotations

import streamlit as st

from indicators.base.formatting import number
from indicators.base.i18n import localized
from indicators.read import queries
from indicators.render import tables
from indicators.rules.units import unit
from ui.auth import guard
from ui.common import demo_banner, lang, plain, query, tr

who = guard(__file__)  # first thing: internal pages are for signed-in users only

catalogue = query(queries.catalogue_rows)
codes = [r["code"] for r in catalogue]
names = {r["code"]: f"{r['code']} – {r['name_en'] if lang() == 'en' else r['name']}" for r in catalogue}
if st.session_state.get("indicator_code") not in codes:
    wanted = st.query_params.get("code")
    st.session_state["indicator_code"] = wanted if wanted in codes else codes[0]
code = st.selectbox(tr("indicator.choose"), codes, key="indicator_code", format_func=names.__getitem__)
ind = query(queries.indicator, code) if code else None
if ind is None:  # no indicator in the catalogue (or it was removed since the list was read)
    st.info(tr("app.no_pledge"))
    st.stop()
st.query_params["code"] = code

st.title(names[code])
demo_banner()
st.markdown(f"**{tr('indicator.definition')}:** {plain(localized(ind, 'definition', lang()))}")
if ind["explanation"]:
    st.markdown(f"**{tr('field.explanation')}:** {plain(localized(ind, 'explanation', lang()))}")
left, right = st.columns(2)
left.markdown(
    f"**{tr('col.level')}:** {tr('level.' + ind['level'])}  \n"
    f"**{tr('indicator.unit')}:** {unit(ind['unit']).label(lang())}  \n"
    f"**{tr('indicator.frequency')}:** {tr('frequency.' + ind['frequency'])}  \n"
    f"**{tr('indicator.direction')}:** {tr('direction.' + ind['direction'])}"
)
baseline = (
    f"{number(ind['baseline_value'], lang())} ({ind['baseline_period']})" if ind["baseline_value"] is not None else "–"
)
target = f"{number(ind['target_value'], lang())} ({ind['target_period']})" if ind["target_value"] is not None else "–"
right.markdown(
    f"**{tr('indicator.actor')}:** {ind['actor_code']}  \n"
    f"**{tr('col.source')}:** {ind['source']}  \n"
    f"**{tr('indicator.baseline')}:** {baseline}  \n"
    f"**{tr('col.target')}:** {target} {plain(localized(ind, 'target_note', lang()))}"
)
# The commitments it follows up, per pledge: the one chosen in the filters first (a renewal shares indicators).
chosen = st.session_state.get("pledge")
by_pledge: dict[str, list[dict[str, str]]] = {}
for c in sorted(ind["commitments"], key=lambda c: c["pledge"] != chosen):
    by_pledge.setdefault(c["pledge"], []).append(c)
for pledge_code, followed in by_pledge.items():
    found = query(queries.pledge, pledge_code)
    pledge_name = localized(found, "name", lang()) if found else pledge_code
    st.markdown(f"**{tr('indicator.commitments')}** ({plain(pledge_name)}):")
    st.markdown("\n".join(f"- **{c['code']}** ({c['actor_code']}): {plain(localized(c, 'text', lang()))}"
                           for c in followed))  # fmt: skip

changes = query(queries.definition_changes, code)
if len(changes):
    st.subheader(tr("indicator.changes"))
    st.caption(tr("indicator.changes_help"))
    st.dataframe(tables.definition_changes_table(changes, lang()), hide_index=True, width="stretch")

st.header(tr("indicator.history"))
st.caption(tr("indicator.history_help"))
st.dataframe(
    tables.history_table(query(queries.indicator_history, code), ind["unit"], lang(), ind["categories"]),
    hide_index=True,
    width="stretch",
)
st.caption(tr("legend.symbols"))
