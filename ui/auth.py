"""Who is signed in: a plain :class:`~indicators.store.Principal` kept in session state (never an ORM object).

Every non-public page calls :func:`require_user` first thing: a page file opened by its URL around the router
still refuses the public and the wrong roles. The domain package checks again on every write.
"""

from __future__ import annotations

import json
import time

import streamlit as st
import streamlit.components.v1 as components

from indicators import auth, db
from indicators.config import is_loopback, settings
from indicators.models import Role
from indicators.store import Principal
from ui.common import db_url, tr

INTERNAL = (Role.VIEWER, Role.EDITOR, Role.STEERING, Role.ADMIN)


COOKIE = "medborgarlofte_session"


def _set_cookie(token: str) -> None:
    """Keep the session token in a cookie of this site, so that a reload or a pasted link stays signed in.

    Streamlit cannot set cookies from Python; a zero-height component (same origin) does it in the browser. It is a
    session cookie (gone when the browser closes), SameSite=Strict; the store keeps only the token's hash."""
    value = f"{COOKIE}={token}; path=/; SameSite=Strict" if token else f"{COOKIE}=; path=/; max-age=0; SameSite=Strict"
    components.html(f"<script>parent.document.cookie = {json.dumps(value)};</script>", height=0)


def _cookie() -> str | None:
    """The session token from this browser's cookie (a string of the expected shape, or None)."""
    token = st.context.cookies.get(COOKIE)
    return token if isinstance(token, str) and 20 <= len(token) <= 100 else None


def exposed() -> bool:
    """Does this server listen beyond this machine? Then the demo password is refused and the demo accounts unnamed."""
    return not is_loopback(st.get_option("server.address"))


def _resume(token: str) -> Principal | None:
    """The user of a stored sign-in session, kept alive; None when it has ended. Bookkeeping, not data: no cache is
    thrown away for it."""
    return db.run_write(lambda s: auth.resume_session(s, token, settings().session_idle_minutes), db_url(), data=False)


def _restore() -> Principal | None:
    """A new browser session (a reload, a pasted link) picks up a live sign-in from the cookie."""
    token = _cookie()
    if not token:
        return None
    who = _resume(token)
    if who is not None:
        _remember(who, token)
    return who


def current_user() -> Principal | None:
    """The signed-in user of this browser session, or None for the public. Signs out after the idle time, or when
    an admin has disabled the account or changed its role since sign-in."""
    if settings().public_only:  # nobody signs in to a public-only server
        return None
    user = st.session_state.get("user")
    if not isinstance(user, dict):
        return _restore()
    now = time.time()
    idle = settings().session_idle_minutes * 60
    last = float(st.session_state.get("last_seen", now))
    who = Principal(str(user["username"]), Role(user["role"]), user.get("actor_code"))
    if now - last > idle:
        sign_out(tr("auth.expired", minutes=settings().session_idle_minutes))
        return None
    with db.read_session(db_url()) as session:
        if not auth.still_active(session, who):
            sign_out(tr("auth.revoked"))
            return None
    token = st.session_state.get("session_token")
    if token and now - float(st.session_state.get("touched", 0)) > auth.TOUCH_SECONDS:
        # Keep the stored session alive while the user works (a reload then resumes it), and notice a sign-out
        # made in another tab.
        if _resume(token) is None:
            sign_out(tr("auth.revoked"))
            return None
        st.session_state["touched"] = now
    st.session_state["last_seen"] = now
    return who


def sign_out(reason: str = "") -> None:
    """End the session here and in the store (the cookie no longer signs anyone in), and clear the cookie."""
    token = st.session_state.pop("session_token", None) or _cookie()
    if token:
        db.run_write(lambda s: auth.end_session(s, token), db_url(), data=False)
        st.session_state["clear_cookie"] = True
    for key in ("user", "last_seen"):
        st.session_state.pop(key, None)
    if reason:
        st.session_state["auth_notice"] = reason


def _remember(who: Principal, token: str) -> None:
    st.session_state["user"] = {"username": who.username, "role": who.role.value, "actor_code": who.actor_code}
    st.session_state["session_token"] = token
    st.session_state["last_seen"] = st.session_state["touched"] = time.time()


def signed_in(who: Principal) -> None:
    """After a right password: a new session token in the store and in the browser's cookie."""
    token = db.run_write(lambda s: auth.start_session(s, who), db_url(), data=False)
    _remember(who, token)
    st.session_state["set_cookie"] = True


def sync_cookie() -> None:
    """Called by the router on every run: writes or clears the cookie after a sign-in or sign-out. The request is
    repeated until a run finishes (a page switch can cut a run short before the browser gets it); see
    :func:`cookie_synced`."""
    if st.session_state.get("set_cookie") and st.session_state.get("session_token"):
        _set_cookie(str(st.session_state["session_token"]))
    elif st.session_state.get("clear_cookie"):
        _set_cookie("")


def cookie_synced() -> None:
    """Called by the router after the page ran to its end: the cookie request has reached the browser."""
    st.session_state.pop("set_cookie", None)
    st.session_state.pop("clear_cookie", None)


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
