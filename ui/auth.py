"""Who is signed in: a plain :class:`~indicators.store.Principal` kept in session state (never an ORM object).

Every non-public page calls :func:`require_user` first thing: a page file opened by its URL around the router
still refuses the public and the wrong roles. The domain package checks again on every write.
"""

from __future__ import annotations

import time

import streamlit as st

from indicators import auth, db
from indicators.config import settings
from indicators.models import Role
from indicators.store import Principal
from ui.common import db_url, tr

INTERNAL = (Role.VIEWER, Role.EDITOR, Role.STEERING, Role.ADMIN)


def current_user() -> Principal | None:
    """The signed-in user of this browser session, or None for the public. Signs out after the idle time, or when
    an admin has disabled the account or changed its role since sign-in."""
    user = st.session_state.get("user")
    if not isinstance(user, dict):
        return None
    now = time.time()
    idle = settings().session_idle_minutes * 60
    last = float(st.session_state.get("last_seen") or now)
    who = Principal(str(user["username"]), Role(user["role"]), user.get("actor_code"))
    if now - last > idle:
        sign_out(tr("auth.expired", minutes=settings().session_idle_minutes))
        return None
    with db.read_session(db_url()) as session:
        if not auth.still_active(session, who):
            sign_out(tr("auth.revoked"))
            return None
    st.session_state["last_seen"] = now
    return who


def sign_out(reason: str = "") -> None:
    for key in ("user", "last_seen"):
        st.session_state.pop(key, None)
    if reason:
        st.session_state["auth_notice"] = reason


def signed_in(who: Principal) -> None:
    st.session_state["user"] = {"username": who.username, "role": who.role.value, "actor_code": who.actor_code}
    st.session_state["last_seen"] = time.time()


def require_user(*roles: Role) -> Principal:
    """First thing on every non-public page: the signed-in user if their role may see the page; otherwise a
    message and a link to sign in, and the page stops here (no form is drawn)."""
    who = current_user()
    if who is None:
        st.warning(tr("auth.required"), icon=":material/lock:")
        st.page_link("pages/signin.py", label=tr("auth.sign_in"), icon=":material/login:")
        st.stop()
    if who.role not in (roles or INTERNAL):
        st.error(tr("auth.forbidden", role=tr(f"role.{who.role.value}")), icon=":material/block:")
        st.stop()
    return who
