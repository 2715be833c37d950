"""The open data served by the app itself, where residents, data people and dataportal.se's harvester fetch it:

    /oppna-data/katalog.rdf                 the DCAT-AP-SE catalogue (RDF/XML)
    /oppna-data/flode.atom                  the Atom feed of what the public can newly see
    /oppna-data/<file>                      every pledge's figures together (figurer.csv, .xlsx, .json,
                                            figurer-sdmx.csv, datapackage.json)
    /oppna-data/<pledge code>/<file>        one pledge's

Each file is made from the store when first asked for, in a child process (one at a time: a city's every figure takes
minutes and gigabytes to make as JSON or a workbook, and the pages must not wait for it), and kept on disk until the
store's data version changes (a publication, a correction), so a harvester's daily visit costs one read and a large
file is streamed, never held in memory; nothing here can write. The same files as
``python -m indicators export DIR --public``. Every HTML page of the app also names the feed and the catalogue in its
``<head>`` (``<link rel="alternate">``), so a feed reader or a harvester finds them from any page's address.
"""

from __future__ import annotations

import atexit
import concurrent.futures
import functools
import hashlib
import html
import multiprocessing
import os
import shutil
import stat
import tempfile
import threading
import time
from pathlib import Path

from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response
from starlette.routing import Route

from indicators.base.config import settings
from indicators.io import export, feed
from indicators.read import published, queries
from indicators.storage import db
from ui import preload

#: Where made files are kept, by store, address, data version and pledge: on disk, so a large file (a city's every
#: figure is hundreds of megabytes as JSON) is streamed to each visitor and never held in the server's memory.
CACHE = Path(tempfile.gettempdir()) / f"medborgarlofte-oppna-data-{os.getuid()}"
_LOCKS: dict[tuple[object, ...], threading.Lock] = {}
_LOCKS_LOCK = threading.Lock()
_POOL: concurrent.futures.ProcessPoolExecutor | None = None


@functools.lru_cache(maxsize=8)
def _pledges(url: str, version: int) -> frozenset[str]:
    with db.read_session(url) as session:
        return frozenset(p["code"] for p in queries.pledges_in_order(session))


def _pool() -> concurrent.futures.ProcessPoolExecutor:
    """One process that makes the files, one at a time, each in a fresh child: the making (seconds to minutes at a
    city's scale, and its memory) never stalls the server's pages, and its memory goes when it is done."""
    global _POOL
    with _LOCKS_LOCK:
        if _POOL is None:
            _POOL = concurrent.futures.ProcessPoolExecutor(
                max_workers=1, mp_context=multiprocessing.get_context("spawn"), max_tasks_per_child=1,
                initializer=_end_with, initargs=(os.getpid(),),
            )  # fmt: skip
            atexit.register(_POOL.shutdown, wait=True, cancel_futures=True)  # before the interpreter tears down
        return _POOL


def _end_with(server: int) -> None:
    """In the child: end when the server has ended (killed, it runs no exit handler, and the child would wait for
    work for ever)."""

    def watch() -> None:
        while os.getppid() == server:
            time.sleep(1)
        os._exit(0)

    threading.Thread(target=watch, daemon=True, name="ends-with-the-server").start()


def build(url: str, base: str, pledge: str | None, name: str, dest: str) -> None:
    """Make one file into ``dest`` (in the child process), and its ETag beside it; atomically (a reader never sees
    half a file)."""
    from indicators.io import dcat  # rdflib: loaded when the catalogue is first asked for, not by a page

    config = settings().model_copy(update={"public_url": base, "db_url": url})
    with db.read_session(url) as session:
        if name == export.CATALOGUE:
            body = dcat.catalogue(session, config)
        elif name == export.FEED:
            body = feed.atom(session, config)
        else:
            body = export.folder(session, pledge, base, names=(name,))[name]
    target = Path(dest)
    target.parent.mkdir(parents=True, exist_ok=True)
    for path, raw in ((target.with_name(target.name + ".etag"), hashlib.sha256(body).hexdigest()[:32].encode()),
                      (target, body)):  # fmt: skip
        part = path.with_name(f".{path.name}.{os.getpid()}")
        part.write_bytes(raw)
        part.replace(path)


@functools.lru_cache(maxsize=1)
def _cache_root() -> Path:
    """:data:`CACHE`, this user's own (mode 0700); where another user made it first (the temporary folder is shared),
    a new private folder instead, so nobody else can put a file there for the server to hand out."""
    try:
        CACHE.mkdir(mode=0o700, exist_ok=True)
        found = CACHE.lstat()
        if found.st_uid == os.getuid() and stat.S_ISDIR(found.st_mode):  # ours (not a link): ours alone
            if found.st_mode & 0o077:
                CACHE.chmod(0o700)
            return CACHE
    except OSError:
        pass
    return Path(tempfile.mkdtemp(prefix="medborgarlofte-oppna-data-"))


@functools.lru_cache(maxsize=8)
def _store(url: str, base: str) -> str:
    """The store's folder in :data:`CACHE`: its URL, the address, and its own random key (a new store at an old URL,
    as a test or a `restore --force` makes, never finds the old store's files)."""
    with db.read_session(url) as session:
        key = published.store_key(session)
    return hashlib.sha256(f"{url}\n{base}\n{key}".encode()).hexdigest()[:24]


def made_path(pledge: str | None, name: str) -> Path:
    """One open-data file of the current store (``pledge`` None: every pledge's together), made once per data
    version, on disk: a second visitor asking while it is being made waits for it instead of making it again."""
    config = settings()
    version = db.data_version(config.db_url)
    store = _store(config.db_url, config.public_url)
    path = _cache_root() / store / str(version) / (pledge or "_alla") / name
    if path.exists():
        return path
    key = (store, version, pledge, name)
    with _LOCKS_LOCK:
        lock = _LOCKS.setdefault(key, threading.Lock())
    with lock:
        if not path.exists():
            _make(config.db_url, config.public_url, pledge, name, str(path))
            _forget_older(_cache_root() / store, version, key)
    return path


def _make(url: str, base: str, pledge: str | None, name: str, dest: str) -> None:
    """:func:`build` in the file maker; a maker whose child ended abruptly (killed, or the executor's own race when
    a child ends after its one task on a busy machine) is unusable for good, so it is replaced and the file made
    in a fresh one: one lost child never stops every later download until the server restarts."""
    for last in (False, True):
        pool = _pool()
        try:
            pool.submit(build, url, base, pledge, name, dest).result()
            return
        except concurrent.futures.BrokenExecutor:
            _drop(pool)  # also after the second try: the next request starts with a working maker
            if last:
                raise


def _drop(pool: concurrent.futures.ProcessPoolExecutor) -> None:
    """Forget a broken file maker (the next :func:`_pool` makes a new one)."""
    global _POOL
    with _LOCKS_LOCK:
        if _POOL is pool:
            _POOL = None
    pool.shutdown(wait=False, cancel_futures=True)


def _forget_older(store: Path, version: int, key: tuple[object, ...]) -> None:
    """Remove the files of every other data version (a visitor still reading one keeps it open) and their locks."""
    for folder in store.iterdir():
        if folder.name != str(version):
            shutil.rmtree(folder, ignore_errors=True)
    with _LOCKS_LOCK:
        for old in [k for k in _LOCKS if k[0] == key[0] and k[1] != version]:
            del _LOCKS[old]


def made(pledge: str | None, name: str) -> bytes:
    """:func:`made_path`'s file as bytes (the page's download buttons)."""
    return made_path(pledge, name).read_bytes()


def folder_zip(pledge: str | None) -> bytes:
    """A folder's files as one ZIP, from :func:`made`."""
    config = settings()
    with db.read_session(config.db_url) as session:
        when = export.data_time(session)
    return export.zipped({name: made(pledge, name) for name in export.FILES}, when)


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
    path = made_path(pledge, name)
    tag = '"' + path.with_name(path.name + ".etag").read_text() + '"'
    headers = {"ETag": tag, "Cache-Control": "public, max-age=300", "Access-Control-Allow-Origin": "*"}
    if name.endswith((".csv", ".xlsx")):
        headers["Content-Disposition"] = f'attachment; filename="{name}"'
    asked = {t.strip().removeprefix("W/") for t in request.headers.get("if-none-match", "").split(",")}
    if tag in asked or "*" in asked:
        return Response(status_code=304, headers=headers)
    return FileResponse(path, media_type=_media_type(name), headers=headers)


def head_links() -> bytes:
    """The ``<link rel="alternate">`` elements naming the feed and the catalogue."""
    base = export.PATH.lstrip("/")  # relative to the page (every page is one level deep): right behind a proxy's prefix
    feed_title = html.escape(feed.TITLE)
    return (f'<link rel="alternate" type="{export.FEED_TYPE}" title="{feed_title}" '
            f'href="{base}/{export.FEED}">'
            f'<link rel="alternate" type="{export.CATALOGUE_TYPE}" title="Öppna data (DCAT-AP-SE)" '
            f'href="{base}/{export.CATALOGUE}">').encode()  # fmt: skip


class FeedLinks(BaseHTTPMiddleware):
    """Adds :func:`head_links` to the ``<head>`` of the app's HTML page (Streamlit has no setting for it)."""

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        if request.method in ("GET", "HEAD") and "text/html" in request.headers.get("accept", ""):
            # a page (2 kB): asked for uncompressed from the app, so its <head> can be read and added to
            request.scope["headers"] = [(k, v) for k, v in request.scope["headers"] if k != b"accept-encoding"]
        response = await call_next(request)
        if not response.headers.get("content-type", "").startswith("text/html") or response.headers.get(
                "content-encoding"):  # fmt: skip
            return response
        if request.method == "HEAD":  # the length the GET's page has (Streamlit's page always has its </head>)
            if "content-length" in response.headers:
                extra = len(head_links()) + len(preload.links(request.url.path))
                response.headers["content-length"] = str(int(response.headers["content-length"]) + extra)
            return response
        if request.method != "GET":
            return response
        body = b"".join([chunk async for chunk in response.body_iterator])  # type: ignore[attr-defined]
        if b"</head>" in body:
            body = body.replace(b"</head>", head_links() + preload.links(request.url.path) + b"</head>", 1)
        out = Response(body, status_code=response.status_code)
        out.raw_headers = [(k, v) for k, v in response.headers.raw if k.lower() != b"content-length"]
        out.raw_headers.append((b"content-length", str(len(body)).encode()))
        return out


def index(request: Request) -> Response:
    """``/oppna-data/``: what is there, for a person who opens the folder's address."""
    base = settings().public_url + export.PATH
    with db.read_session(settings().db_url) as session:
        pledges = [p["code"] for p in queries.pledges_in_order(session)]
    lines = [
        f"Öppna data (CC0-1.0). Datakatalog (DCAT-AP-SE): {base}/{export.CATALOGUE}",
        f"Nyhetsflöde (Atom): {base}/{export.FEED}",
        "",
        "Alla löften tillsammans:",
        *(f"  {base}/{name}" for name in export.FILES),
        *(line for code in pledges for line in ("", f"{code}:", *(f"  {base}/{code}/{n}" for n in export.FILES))),
    ]
    return PlainTextResponse("\n".join(lines) + "\n")


ROUTES = [Route(export.PATH, index, methods=["GET"]), Route(export.PATH + "/", index, methods=["GET"]),
          Route(export.PATH + "/{name}", serve, methods=["GET"]),
          Route(export.PATH + "/{pledge}/{name}", serve, methods=["GET"])]  # fmt: skip
