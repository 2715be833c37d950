"""A started server does the first visitor's waiting itself, before it says it is healthy.

A fresh app server process has loaded Streamlit and nothing else. Without this, its first visitor's page would pay
for loading pandas, SQLAlchemy, plotly, pydeck and the models (about a second), for opening the store, for the
pages' first reads and for plotly's and pydeck's first figures: a first page 2–3 s where a warm one takes 0,2 s.
:func:`lifespan` runs inside the server's start-up, after Streamlit's runtime has started and before the server
serves any request (its port is bound already: a request waits meanwhile; ``/_stcore/health`` answers ``ok`` only
once it is done, so a proxy or a restart script that asks sends nobody before):

1. :func:`preload`: every module ``app.py`` and the pages import, and a connection to the store;
2. :func:`warm_pages`: each page a visitor opens first run once in a session of the runtime itself, as a
   browser runs it (the router, the filters at their defaults, the page): the reads every visitor shares are in
   the caches, and every library has drawn its first figure. The public pages and the sign-in page run as the
   public (the session has no cookie). The internal pages a reader opens run as :data:`USER`, a reader that is in
   no store and can sign in nowhere: the server gives it only to the sessions it opens itself here, before it
   serves any request, and closes them before it does (:func:`user`), so no browser can ever be it. A reader
   writes nothing. A page that fails is logged, and the server starts all the same (its visitors see the error
   the page shows them).
"""

from __future__ import annotations

import ast
import asyncio
import importlib
import importlib.util
import logging
import time
from collections.abc import AsyncIterator, Iterable, Mapping
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.runtime import Runtime
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx
from streamlit.runtime.session_manager import ClientContext, SessionClient

from indicators.base.models import Role
from indicators.storage.store import Principal

ROOT = Path(__file__).resolve().parent.parent
LOG = logging.getLogger(__name__)

#: How long the module loading, or one page's run, may take: after that the server starts without the rest (a store
#: that does not answer keeps no server from starting).
PAGE_TIMEOUT_S = 120.0

#: Who the server's own sessions are on the internal pages: a reader (it can change nothing), by a name no account
#: can have (usernames are letters, digits and .-_).
USER = Principal("(serverns uppvärmning)", Role.VIEWER, None)

#: The ids of the sessions the server has open as :data:`USER`: only while it starts, before it serves any request.
_OWN: set[str] = set()


def user() -> Principal | None:
    """:data:`USER` in a session the server opened itself to warm up an internal page; None in every other."""
    ctx = get_script_run_ctx()
    return USER if ctx is not None and ctx.session_id in _OWN else None


def page_modules(root: Path = ROOT) -> list[str]:
    """The modules ``app.py`` and ``pages/*.py`` import (their ``import`` and ``from … import`` lines, and the
    modules imported by name from a package), sorted."""
    names: set[str] = set()
    for script in [root / "app.py", *sorted((root / "pages").glob("*.py"))]:
        for node in ast.walk(ast.parse(script.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.add(node.module)
                names.update(f"{node.module}.{a.name}" for a in node.names if _is_module(f"{node.module}.{a.name}"))
    return sorted(names)


def _is_module(name: str) -> bool:
    """Is ``name`` a module (``from indicators.read import queries``), not a name in one?"""
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:  # its parent is a module, not a package
        return False


#: What the pages load only when they draw: plotly's figure classes and its JSON writer, pydeck.
DRAWING = ("plotly.graph_objects", "plotly.io", "pydeck")


def preload(url: str) -> list[str]:
    """Import every module the pages use and open the store (its engine, one pooled connection); the names."""
    from indicators.storage import db

    names = [*page_modules(), *DRAWING]
    for name in names:
        importlib.import_module(name)
    db.data_version(url)
    return names


class _Context:
    """A browser's connection as the runtime sees it, for a session of the server's own: no cookie, no headers."""

    @property
    def headers(self) -> Iterable[tuple[str, str]]:
        return ()

    @property
    def cookies(self) -> Mapping[str, str]:
        return {}

    @property
    def remote_ip(self) -> str | None:
        return None


class _Client(SessionClient):
    """Takes the session's messages: notes when a run has finished and whether a page showed an exception."""

    def __init__(self) -> None:
        self._loop = asyncio.get_running_loop()
        self.finished = asyncio.Event()
        self.errors: list[str] = []
        self._context = _Context()

    def write_forward_msg(self, msg: ForwardMsg) -> None:
        kind = msg.WhichOneof("type")
        if kind == "delta" and msg.delta.new_element.WhichOneof("type") == "exception":
            self.errors.append(msg.delta.new_element.exception.message)
        elif kind == "script_finished" and msg.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
            self._loop.call_soon_threadsafe(self.finished.set)

    @property
    def client_context(self) -> ClientContext | None:
        return self._context


async def warm_pages(
    runtime: Runtime, paths: Iterable[str], signed_in: Iterable[str] = (), timeout: float = PAGE_TIMEOUT_S
) -> dict[str, float]:
    """Run each page (by its address path, ``""`` for the start page) once in a new session of ``runtime``, one
    after the other, on the server's event loop (a session belongs to it): ``paths`` as the public, ``signed_in`` as
    :data:`USER`; seconds per page. Each session is closed after its run."""
    out: dict[str, float] = {}
    for path, own in [*((p, False) for p in paths), *((p, True) for p in signed_in)]:
        client = _Client()
        session_id = runtime.connect_session(client=client, user_info={})
        if own:
            _OWN.add(session_id)
        try:
            msg = BackMsg()
            msg.rerun_script.page_name = path
            start = time.perf_counter()
            runtime.handle_backmsg(session_id, msg)
            try:
                await asyncio.wait_for(client.finished.wait(), timeout)
            except TimeoutError:  # a page that hangs once hangs again: the next ones are left too
                LOG.warning("warm-up: /%s did not finish in %s s; starting without the rest", path, timeout)
                break
            if client.errors:
                LOG.warning("warm-up: /%s showed an error: %s", path, client.errors[0])
            out[path] = time.perf_counter() - start
        finally:
            _OWN.discard(session_id)
            runtime.close_session(session_id)
    return out


def public_paths() -> list[str]:
    """What a visitor who is not signed in can open, by address path: the start page (``""``), each public page,
    and the sign-in page (every signed-in user's first page after a restart)."""
    from ui import registry

    return ["", *dict.fromkeys(p.url for p in registry.PAGES if p.public or p.name == "signin")]


def reader_paths() -> list[str]:
    """The internal pages every signed-in user may open (a reader's), by address path."""
    from ui import registry

    return [p.url for p in registry.PAGES if p.roles == registry.SIGNED_IN and p.guarded]


@asynccontextmanager
async def lifespan(app: Any) -> AsyncIterator[None]:
    """The server's start-up (``st.App(lifespan=...)``): preload, then run the public pages once, off the event
    loop; the server serves requests after."""
    from indicators.base.config import settings
    from ui.common import db_url

    start = time.perf_counter()
    try:
        names = await asyncio.wait_for(asyncio.to_thread(preload, db_url()), PAGE_TIMEOUT_S)
        config = settings()
        internal = [] if config.public_only else reader_paths()  # nobody signs in to a public-only server
        pages = await warm_pages(Runtime.instance(), public_paths(), internal) if config.warm_up else {}
        print(
            f"Warmed up in {time.perf_counter() - start:.1f} s: {len(names)} modules loaded, the store opened, "
            f"{len(pages)} pages run once.",
            flush=True,
        )
    except Exception:  # a server that could not warm up (a store that does not answer) still starts
        LOG.exception("warm-up failed; starting without it")
    yield
