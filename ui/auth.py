"""Who is signed in: a plain :class:`~indicators.storage.store.Principal` kept in session state (never an ORM object).

Every non-public page calls :func:`require_user` first thing: a page file opened by its URL around the router
still refuses the public and the wrong roles. The domain package checks again on every write.
"""

from __future__ import annotations

import json
import time
import urllib.parse

import streamlit as st

from indicators.base.config import is_loopback, settings
from indicators.base.models import Role
from indicators.storage import auth, db
from indicators.storage.store import Principal
from ui import warmup
from ui.common import db_url, tr, trn
from ui.routes import BEGIN, COOKIE, END

INTERNAL = (Role.VIEWER, Role.EDITOR, Role.STEERING, Role.ADMIN)


def _navigate(path: str) -> None:
    """Send the browser to one of the server's session routes (``ui.routes``), so the route's answer (a cookie,
    then back to the app) reaches the browser. A script in the page itself: a component's frame may not move the
    page."""
    st.html(f"<script>window.location.replace({json.dumps(path)});</script>", unsafe_allow_javascript=True)


def _cookie() -> str | None:
    """The session token from this browser's cookie (a string of the expected shape, or None). The cookie is
    HttpOnly: the server reads it from the request; no page script can."""
    token = st.context.cookies.get(COOKIE)
    return token if isinstance(token, str) and 20 <= len(token) <= 100 else None


def client_address() -> str:
    """Where a sign-in comes from, for slowing repeated failures: the browser's address; behind a proxy on this
    machine (deploy/), the address that proxy puts last in X-Forwarded-For (what a browser sends there itself comes
    before it, so it can neither dodge its own waits nor make another address wait). A header from anyone else is
    ignored."""
    peer = _peer()  # None on this machine
    forwarded = str(st.context.headers.get("X-Forwarded-For") or "").split(",")[-1].strip()
    if forwarded and (peer is None or is_loopback(peer)):
        return forwarded[:100]
    return (peer or "")[:100]


def exposed() -> bool:
    """Could this visitor be anyone but someone at this machine? Then the published demo password is refused and
    the demo accounts are not named. True when the server listens beyond this machine, and for every visitor who
    comes from elsewhere or through a proxy (even one on this machine, which forwards others' requests)."""
    if not is_loopback(st.get_option("server.address")):
        return True
    forwarded = st.context.headers.get("X-Forwarded-For") or st.context.headers.get("Forwarded")
    peer = _peer()  # None when the browser is on this machine
    return bool(forwarded) or not (peer is None or is_loopback(peer))


def _peer() -> str | None:
    """The address of the browser's connection (None on this machine, and wherever the server cannot tell)."""
    peer = st.context.ip_address
    return peer if isinstance(peer, str) and peer else None


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
    own = warmup.user()  # the server warming up its internal pages before it listens
    if own is not None:
        return own
    user = st.session_state.get("user")
    if not isinstance(user, dict):
        return _restore()
    now = time.time()
    idle = settings().session_idle_minutes * 60
    last = float(st.session_state.get("last_seen", now))
    who = Principal(str(user["username"]), Role(user["role"]), user.get("actor_code"))
    if now - last > idle:
        sign_out("expired")
        return None
    token = st.session_state.get("session_token")
    with db.read_session(db_url()) as session:
        if not auth.still_active(session, who):
            sign_out("revoked")
            return None
        # Every run: a sign-out in another tab (or an admin ending the account's sessions) ends this one at once.
        if token and not auth.session_alive(session, token, settings().session_idle_minutes):
            sign_out("revoked")
            return None
    if token and now - float(st.session_state.get("touched", 0)) > auth.TOUCH_SECONDS:
        _resume(token)  # keep the stored session alive while the user works (a reload then resumes it)
        st.session_state["touched"] = now
    st.session_state["last_seen"] = now
    return who


#: Why a user was signed out, as the sign-in page says it (the code travels in the address across the cookie route).
NOTICES = ("expired", "revoked")


def notice_text(code: str) -> str:
    return (
        trn("auth.expired", settings().session_idle_minutes, minutes=settings().session_idle_minutes)
        if code == "expired"
        else tr("auth.revoked")
    )


def sign_out(notice: str = "") -> None:
    """End the session here and in the store (the cookie then signs no one in, in any tab), and have the browser
    delete the cookie through the server's route; ``notice`` ("expired", "revoked") says why on the sign-in page."""
    token = st.session_state.pop("session_token", None) or _cookie()
    back = f"/logga-in?notice={notice}" if notice in NOTICES else "/"
    if token:
        db.run_write(lambda s: auth.end_session(s, token), db_url(), data=False)
        st.session_state["navigate"] = f"{END}?next={urllib.parse.quote(back, safe='')}"
    for key in ("user", "last_seen"):
        st.session_state.pop(key, None)
    if notice in NOTICES:
        st.session_state["auth_notice"] = notice_text(notice)


def _remember(who: Principal, token: str | None) -> None:
    st.session_state["user"] = {"username": who.username, "role": who.role.value, "actor_code": who.actor_code}
    if token:
        st.session_state["session_token"] = token
    st.session_state["last_seen"] = st.session_state["touched"] = time.time()


def signed_in(who: Principal) -> None:
    """After a right password: this session is signed in, and the browser is sent through the route that sets the
    HttpOnly session cookie (with a one-time code), so a reload or a pasted link stays signed in."""
    code = db.run_write(lambda s: auth.start_handoff(s, who), db_url(), data=False)
    _remember(who, None)
    st.session_state["navigate"] = f"{BEGIN}?code={code}&next=/"


def sync_cookie() -> None:
    """Called by the router on every run: after a sign-in or sign-out, sends the browser through the session route
    (repeated until a run finishes: a page switch can cut a run short before the browser gets it; see
    :func:`cookie_synced`)."""
    target = st.session_state.get("navigate")
    if target:
        _navigate(str(target))


def cookie_synced() -> None:
    """Called by the router after the page ran to its end: the browser has been sent on its way."""
    st.session_state.pop("navigate", None)


def guard(page_file: str) -> Principal:
    """First thing on every non-public page, ``who = guard(__file__)``: :func:`require_user` with the roles the page
    registry (:mod:`ui.registry`) gives the page."""
    from ui import registry

    return require_user(*(registry.spec(page_file).roles or ()))


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
