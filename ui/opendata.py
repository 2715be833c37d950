"""The open data served by the app itself, where residents, data people and dataportal.se's harvester fetch it:

    /oppna-data/katalog.rdf                 the DCAT-AP-SE catalogue (RDF/XML)
    /oppna-data/flode.atom                  the Atom feed of what the public can newly see
    /oppna-data/<file>                      every pledge's figures together (figurer.csv, .xlsx, .json,
                                            figurer-sdmx.csv, datapackage.json)
    /oppna-data/<pledge code>/<file>        one pledge's

Each file is made from the store when first asked for and kept until the store's data version changes (a publication,
a correction), so a harvester's daily visit costs one read; nothing here can write. The same files as
``python -m indicators export DIR --public``. Every HTML page of the app also names the feed and the catalogue in its
``<head>`` (``<link rel="alternate">``), so a feed reader or a harvester finds them from any page's address.
"""

from __future__ import annotations

import functools
import hashlib
import html
import threading

from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from indicators.base.config import settings
from indicators.io import export, feed
from indicators.read import queries
from indicators.storage import db

#: Made files kept per (store, data version, address, pledge, file): a few folders' worth.
_KEPT = 24


@functools.lru_cache(maxsize=8)
def _pledges(url: str, version: int) -> frozenset[str]:
    with db.read_session(url) as session:
        return frozenset(p["code"] for p in queries.pledges_in_order(session))


_LOCKS: dict[tuple[object, ...], threading.Lock] = {}
_LOCKS_LOCK = threading.Lock()


def made(pledge: str | None, name: str) -> bytes:
    """One open-data file of the current store (``pledge`` None: every pledge's together), made once per data version:
    a second visitor asking while it is being made waits for it instead of making it again (so a crowd asking for a
    large workbook costs one build)."""
    config = settings()
    key = (config.db_url, db.data_version(config.db_url), config.public_url, pledge, name)
    with _LOCKS_LOCK:
        lock = _LOCKS.setdefault(key, threading.Lock())
        if len(_LOCKS) > 4 * _KEPT:  # forget the locks of older versions (a waiting thread keeps its own)
            for old in [k for k in _LOCKS if k[1] != key[1]]:
                del _LOCKS[old]
    with lock:
        return _made(*key)


def folder_zip(pledge: str | None) -> bytes:
    """A folder's files as one ZIP, from :func:`made`."""
    config = settings()
    with db.read_session(config.db_url) as session:
        when = export.data_time(session)
    return export.zipped({name: made(pledge, name) for name in export.FILES}, when)


@functools.lru_cache(maxsize=_KEPT)
def _made(url: str, version: int, base: str, pledge: str | None, name: str) -> bytes:
    from indicators.io import dcat  # rdflib: loaded when the catalogue is first asked for, not by a page

    config = settings().model_copy(update={"public_url": base})
    with db.read_session(url) as session:
        if name == export.CATALOGUE:
            return dcat.catalogue(session, config)
        if name == export.FEED:
            return feed.atom(session, config)
        return export.folder(session, pledge, base, names=(name,))[name]


def _media_type(name: str) -> str:
    if name == export.CATALOGUE:
        return export.CATALOGUE_TYPE + "; charset=utf-8"
    if name == export.FEED:
        return export.FEED_TYPE + "; charset=utf-8"
    return export.FILES[name]


def serve(request: Request) -> Response:
    """One open-data file, or 404 for a name or pledge there is none of."""
    pledge = request.path_params.get("pledge")
    name = request.path_params["name"]
    config = settings()
    top = name in (export.CATALOGUE, export.FEED)
    if (top and pledge is not None) or not (top or name in export.FILES) or (
            pledge is not None and pledge not in _pledges(config.db_url, db.data_version(config.db_url))):  # fmt: skip
        return PlainTextResponse("Filen finns inte. Öppna data: " + export.PATH + "/katalog.rdf", status_code=404)
    body = made(pledge, name)
    tag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    headers = {"ETag": tag, "Cache-Control": "public, max-age=300", "Access-Control-Allow-Origin": "*"}
    if name.endswith((".csv", ".xlsx")):
        headers["Content-Disposition"] = f'attachment; filename="{name}"'
    if request.headers.get("if-none-match") == tag:
        return Response(status_code=304, headers=headers)
    return Response(body, media_type=_media_type(name), headers=headers)


def head_links() -> bytes:
    """The ``<link rel="alternate">`` elements naming the feed and the catalogue."""
    base = export.PATH
    feed_title = html.escape(feed.TITLE)
    return (f'<link rel="alternate" type="{export.FEED_TYPE}" title="{feed_title}" '
            f'href="{base}/{export.FEED}">'
            f'<link rel="alternate" type="{export.CATALOGUE_TYPE}" title="Öppna data (DCAT-AP-SE)" '
            f'href="{base}/{export.CATALOGUE}">').encode()  # fmt: skip


class FeedLinks(BaseHTTPMiddleware):
    """Adds :func:`head_links` to the ``<head>`` of the app's HTML page (Streamlit has no setting for it)."""

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        if request.method == "GET" and "text/html" in request.headers.get("accept", ""):
            # a page (2 kB): asked for uncompressed from the app, so its <head> can be read and added to
            request.scope["headers"] = [(k, v) for k, v in request.scope["headers"] if k != b"accept-encoding"]
        response = await call_next(request)
        if (request.method != "GET" or not response.headers.get("content-type", "").startswith("text/html")
                or response.headers.get("content-encoding")):  # fmt: skip
            return response
        body = b"".join([chunk async for chunk in response.body_iterator])  # type: ignore[attr-defined]
        if b"</head>" in body:
            body = body.replace(b"</head>", head_links() + b"</head>", 1)
        out = Response(body, status_code=response.status_code)
        out.raw_headers = [(k, v) for k, v in response.headers.raw if k.lower() != b"content-length"]
        out.raw_headers.append((b"content-length", str(len(body)).encode()))
        return out


ROUTES = [Route(export.PATH + "/{name}", serve, methods=["GET"]),
          Route(export.PATH + "/{pledge}/{name}", serve, methods=["GET"])]  # fmt: skip
