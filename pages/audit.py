"""Historik: the audit trail — every write with who, when, before and after — per indicator or per user."""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from indicators.base.formatting import date
from indicators.read import queries
from ui.auth import guard
from ui.common import lang, query, tr, trn

who = guard(__file__)  # first thing: the trail names people: steering and admin only

st.title(tr("audit.title"))
st.caption(tr("audit.help"))
by = st.radio(tr("audit.by"), ["indicator", "user"], key="au_by", horizontal=True,
              format_func={"indicator": tr("col.indicator"), "user": tr("audit.user")}.get)  # fmt: skip
if by == "indicator":
    catalogue = query(queries.catalogue_rows)
    names = {r["code"]: f"{r['code']} – {r['name_en'] if lang() == 'en' else r['name']}" for r in catalogue}
    code = st.selectbox(tr("col.indicator"), list(names), key="au_indicator", format_func=names.__getitem__)
    trail = query(queries.audit_trail, None, f"{code}/", 1000)
else:
    users = query(queries.usernames)
    user = st.selectbox(tr("audit.user"), users, key="au_user")
    trail = query(queries.audit_trail, user, None, 1000)


def shown(value: object) -> str:
    return (
        "" if value is None or (isinstance(value, float) and value != value) else json.dumps(value, ensure_ascii=False)
    )


st.dataframe(
    pd.DataFrame({
        tr("audit.at"): [date(x) for x in trail["at"]],
        tr("audit.user"): trail["username"],
        tr("audit.action"): trail["action"],
        tr("audit.key"): trail["entity_key"],
        tr("audit.before"): [shown(v) for v in trail["before"]],
        tr("audit.after"): [shown(v) for v in trail["after"]],
    }),
    hide_index=True, width="stretch", height=520,
)  # fmt: skip
st.caption(trn("audit.count", len(trail), count=len(trail)))
