"""The first visitor after a restart waits no longer than the next (ui/warmup.py): a server loads what the pages
use, opens the store and runs the pages once before it says it is healthy; and the reader it runs the internal
pages as is nobody a browser can be."""

from __future__ import annotations

import importlib
import sys

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from indicators.base.config import ROOT
from tests.support import AppServer, app_test
from ui import registry, warmup

sys.path.insert(0, str(ROOT / "tools"))

import bench  # a tool beside the package, not part of it


def test_the_warm_up_loads_what_the_pages_import() -> None:
    names = warmup.page_modules()
    assert {"streamlit", "pandas", "indicators.read.queries", "ui.common", "ui.auth"} <= set(names)
    for name in names:  # every one is a module that imports (a name the pages import from a module is not listed)
        importlib.import_module(name)


def test_the_warm_up_runs_every_page_a_first_visitor_opens() -> None:
    public = warmup.public_paths()
    assert public[0] == "" and {p.url for p in registry.PAGES if p.public} <= set(public)
    assert "logga-in" in public  # a signed-in user's first page after a restart
    assert set(warmup.reader_paths()) == {u for n, u in bench.URLS.items() if bench.PAGES[n][1]} - {""} | {"oversikt"}


def test_no_session_of_a_browser_is_the_warm_up_reader() -> None:
    """Outside the server's own start-up sessions there is no warm-up user: an internal page opened without a
    sign-in stops at the sign-in prompt."""
    assert warmup.user() is None
    at = app_test(None).switch_page("pages/overview.py")
    at.run()
    assert any(":material/lock:" in (w.icon or "") for w in at.warning)


async def _pages_offered(port: int, path: str) -> set[str]:
    """The pages the app's navigation offers a browser without a cookie that opens ``path`` (their addresses)."""
    async with bench._connect(port, None) as ws:
        msg = BackMsg()
        msg.rerun_script.page_name = path
        await ws.send(msg.SerializeToString())
        offered: set[str] = set()
        while True:
            reply = ForwardMsg.FromString(await ws.recv())
            kind = reply.WhichOneof("type")
            if kind == "navigation":
                offered = {page.url_pathname for page in reply.navigation.app_pages}
            if kind == "script_finished":
                return offered


def test_a_started_server_has_run_its_pages_before_it_says_it_is_healthy(store_url: str) -> None:
    app = AppServer(store_url, env={"INDICATORS_WARM_UP": "1"}).start()  # returns once /_stcore/health says ok
    try:
        log = app.log.read_text()
        pages = len(warmup.public_paths()) + len(warmup.reader_paths())
        assert f"modules loaded, the store opened, {pages} pages run once" in log, log
        assert "warm-up failed" not in log and "showed an error" not in log, log
        # The server's own reader is gone with its start-up: a browser without a cookie is the public, offered the
        # public pages and the sign-in page, and no internal page; opening an internal page's address lists that one
        # page alone, so that its guard asks the visitor to sign in (in Swedish, not Streamlit's "Page not found").
        offered = bench.run_async(_pages_offered(app.port, "utveckling"))
        assert {"utveckling", "logga-in"} <= offered
        assert not offered & set(warmup.reader_paths())
        offered = bench.run_async(_pages_offered(app.port, "karta"))
        assert {"utveckling", "logga-in"} <= offered
        assert offered & set(warmup.reader_paths()) == {"karta"}
    finally:
        app.stop()


def test_the_bench_times_a_first_visit_against_a_fresh_server(store_url: str) -> None:
    """`first_visits` starts a server per page, waits for it to be healthy, opens the page over the websocket as a
    browser does (signed in with the cookie for an internal page: had that failed, the page would have stopped at
    the sign-in prompt, which the bench refuses to time) and runs it again."""
    result = bench.first_visits(store_url, runs=2, pages=["overview", "public_trends"])
    assert set(result["pages"]) == {"overview", "public_trends"}
    for page in result["pages"].values():
        assert page["first_visit_ms"] > 0 and page["warm_ms"] > 0 and page["next_visit_ms"] > 0
        assert page["ratio"] == round(page["first_visit_ms"] / page["warm_ms"], 2)
    assert result["worst_ratio"] == max(p["ratio"] for p in result["pages"].values())
