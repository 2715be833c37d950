"""Routes served beside the app: two so the sign-in cookie is set by the server and never readable by page script, and
the open data's files (:mod:`ui.opendata`).

Streamlit cannot set a cookie from a page run (the page talks over a websocket). After a right password the page
sends the browser to ``/_session/begin?code=…`` with a one-time code (valid for a minute, kept only as its hash);
this route trades it for a new session token and sets it as ``HttpOnly; SameSite=Strict`` (and ``Secure`` over
HTTPS), then sends the browser back to the app, whose next run picks the sign-in up from the cookie. "Logga ut"
goes through ``/_session/end``, which ends the session in the store and deletes the cookie.
Every response also carries headers that keep the app out of other sites' frames and stop content sniffing.
"""

from __future__ import annotations

from typing import Any

from starlette.middleware import Middleware
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from indicators.base.config import settings
from indicators.storage import auth, db
from ui import opendata

COOKIE = "medborgarlofte_session"
BEGIN, END = "/_session/begin", "/_session/end"


def _secure(request: Request) -> bool:
    """Over HTTPS (directly, or behind the proxy in deploy/ that says so): the cookie is sent over HTTPS only."""
    return request.url.scheme == "https" or request.headers.get("x-forwarded-proto", "").lower() == "https"


def _back(request: Request) -> str:
    """Where to send the browser afterwards: a path of this site only (never another host)."""
    target = request.query_params.get("next", "/")
    return target if target.startswith("/") and not target.startswith(("//", "/\\")) else "/"


def _from_elsewhere(request: Request) -> bool:
    """A navigation another site started (browsers say so in Sec-Fetch-Site): it may neither sign the browser in
    (with the attacker's own code: "login CSRF") nor out."""
    return request.headers.get("sec-fetch-site", "").lower() in ("cross-site", "same-site")


def begin(request: Request) -> Response:
    """Trade a one-time code for a session token in an HttpOnly cookie."""
    if _from_elsewhere(request):
        return RedirectResponse("/", status_code=303)
    code = request.query_params.get("code", "")
    token = db.run_write(lambda s: auth.complete_handoff(s, code), settings().db_url, data=False) if code else None
    response = RedirectResponse(_back(request), status_code=303)
    if token:
        response.set_cookie(COOKIE, token, path="/", httponly=True, samesite="strict", secure=_secure(request))
    return response


def end(request: Request) -> Response:
    """End the browser's session in the store (every tab using it) and delete its cookie."""
    if _from_elsewhere(request):
        return RedirectResponse("/", status_code=303)
    token = request.cookies.get(COOKIE, "")
    if token:
        db.run_write(lambda s: auth.end_session(s, token), settings().db_url, data=False)
    response = RedirectResponse(_back(request), status_code=303)
    response.delete_cookie(COOKIE, path="/", httponly=True, samesite="strict", secure=_secure(request))
    return response


class SecurityHeaders(BaseHTTPMiddleware):
    """No framing by other sites, no content-type sniffing, no referrer to other sites."""

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        response = await call_next(request)
        response.headers.setdefault("X-Frame-Options", "SAMEORIGIN")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response


ROUTES: list[Any] = [Route(BEGIN, begin, methods=["GET"]), Route(END, end, methods=["GET"]), *opendata.ROUTES]
MIDDLEWARE = [Middleware(SecurityHeaders), Middleware(opendata.FeedLinks)]
