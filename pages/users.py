"""Användare: the admin adds users, disables or enables them and sets passwords (as the CLI's `users` does)."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from indicators.base.formatting import date
from indicators.base.models import Role, utcnow
from indicators.read import queries
from indicators.rules.accounts import AccountState, account_state
from indicators.storage import auth, db
from ui.auth import guard
from ui.common import db_url, plain, query, show_flash, tr, write

who = guard(__file__)  # first thing: only the admin manages users

st.title(tr("users.title"))
show_flash()


def status_text(user: auth.UserRow) -> str:
    """The status column: the account's state now, as the CLI's `users list` says it."""
    match account_state(user["disabled"], user["locked_until"], utcnow()):
        case AccountState.DISABLED:
            return tr("users.disabled")
        case AccountState.WAITING:
            return tr("users.locked")
        case _:
            return tr("users.active")


with db.read_session(db_url()) as session:
    users = auth.users(session)
st.dataframe(
    pd.DataFrame({
        tr("auth.username"): [u["username"] for u in users],
        tr("users.role"): [tr(f"role.{u['role']}") for u in users],
        tr("col.actor"): [u["actor_code"] or "" for u in users],
        tr("col.status"): [status_text(u) for u in users],
        tr("users.created"): [date(u["created_at"]) for u in users],
    }),
    hide_index=True, width="stretch",
)  # fmt: skip
actors = query(queries.actors)
actor_names = {"": "–", **dict(zip(actors["code"], actors["name"], strict=True))}
roles = {r.value: tr(f"role.{r.value}") for r in Role}


round_ = st.session_state.setdefault("us_round", 0)  # new keys after a success: an empty form


def done(work: Callable[[db.Session], object], message: str) -> None:
    write(work, lambda _: message, then=lambda _: st.session_state.update(us_round=round_ + 1))


add, manage = st.tabs([tr("users.add"), tr("users.manage")], key="us_tab")
with add, st.form(f"add_user_{round_}"):
    name = st.text_input(tr("auth.username"), key=f"us_name_{round_}")
    role = st.selectbox(tr("users.role"), list(roles), key=f"us_role_{round_}", format_func=roles.__getitem__)
    actor = st.selectbox(
        tr("users.actor"), list(actor_names), key=f"us_actor_{round_}", format_func=actor_names.__getitem__
    )
    first = st.text_input(tr("auth.password"), type="password", key=f"us_pw1_{round_}", autocomplete="new-password")
    second = st.text_input(tr("users.again"), type="password", key=f"us_pw2_{round_}", autocomplete="new-password")
    if st.form_submit_button(tr("users.add"), type="primary"):
        if first != second:
            st.error(tr("users.differ"))
        else:
            done(lambda s: auth.add_user(s, who, name, first, role, actor or None), tr("users.added", name=plain(name)))
with manage:
    names = [u["username"] for u in users]
    if names:
        target = st.selectbox(tr("auth.username"), names, key="us_target")
        left, right = st.columns(2)
        if left.button(tr("users.disable"), key="us_disable"):
            done(lambda s: auth.set_disabled(s, who, target, True), tr("users.disabled_done", name=target))
        if right.button(tr("users.enable"), key="us_enable"):
            done(lambda s: auth.set_disabled(s, who, target, False), tr("users.enabled_done", name=target))
        with st.form("password", clear_on_submit=True):
            new = st.text_input(tr("users.new_password"), type="password", key="us_new", autocomplete="new-password")
            if st.form_submit_button(tr("users.set_password")):
                done(lambda s: auth.set_password(s, who, target, new), tr("users.password_done", name=target))
