"""Logga in: username and password (argon2 in the store; repeated failures make that name and address wait)."""

from __future__ import annotations

import streamlit as st

from indicators.base.config import settings
from indicators.io.demo import DEMO_PASSWORD
from indicators.read import queries
from indicators.storage import auth
from ui.auth import NOTICES, client_address, current_user, exposed, notice_text, sign_out, signed_in
from ui.common import db_url, lang, query, tr

st.title(tr("auth.title"))
if settings().public_only:  # opened by its file's URL on a public-only server: there is nothing to sign in to
    st.info(tr("auth.public_only"))
    st.stop()
notice = st.session_state.pop("auth_notice", None)
if not notice and st.query_params.get("notice") in NOTICES:  # after the cookie route, in a new browser session
    notice = notice_text(str(st.query_params["notice"]))
if notice:
    st.info(notice)
who = current_user()
if who is not None and st.session_state.pop("just_signed_in", False):
    st.switch_page("pages/overview.py")
if who is not None:
    st.success(tr("auth.signed_in_as", user=who.username, role=tr(f"role.{who.role.value}")))
    if st.button(tr("auth.sign_out"), key="signin_sign_out"):
        sign_out()
        st.rerun()
    st.stop()

with st.form("sign_in", clear_on_submit=True):  # the password does not stay in the session
    username = st.text_input(tr("auth.username"), key="signin_username", autocomplete="username")
    password = st.text_input(tr("auth.password"), type="password", key="signin_password",
                             autocomplete="current-password")  # fmt: skip
    submitted = st.form_submit_button(tr("auth.sign_in"), type="primary")
if submitted:
    st.session_state.pop("signin_password", None)  # used once, then gone from the session
    if not username or not password:
        st.error(tr("auth.fill_in"))
    else:
        try:
            who = auth.sign_in(db_url(), username, password, exposed=exposed(), client=client_address())
        except auth.SignInError as exc:
            st.error(tr("auth.failed", reason=exc.text(lang())))
        else:
            signed_in(who)
            st.session_state["just_signed_in"] = True
            st.rerun()
st.caption(tr("auth.help"))
demo_accounts = [] if exposed() else query(queries.demo_accounts)  # named on a server of this machine only
if demo_accounts:
    st.info(tr("auth.demo_accounts", names=", ".join(demo_accounts), password=DEMO_PASSWORD), icon=":material/science:")
