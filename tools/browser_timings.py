"""How long each page takes in Chromium as a fresh visitor feels it, next to a bare Streamlit page (issue 23).

    .venv/bin/python tools/browser_timings.py [--db URL] [--runs 5] [--pages NAME,...] [--json]

Starts the app (`python -m ui.serve`) on the store and the reference page (tools/reference_page.py: a bare Streamlit
page with one plotly chart, one pydeck map and one table, run with `streamlit run` from the project's folder, so the
same .streamlit/config.toml applies) on free ports. Every page a reader or the public opens (ui/registry.py, as
tools/bench.py lists them) is opened by its address, the internal ones signed in as the demo reader `demo-lasare`
(the browser holds the session cookie, as after a sign-in), at 390 px (a phone, 390×844) and 1280 px (1280×800).

Each visit is a fresh browser context (no cache, no cookies but the session's), timed from `page.goto` to the settled
page: the app connected, its run finished (Streamlit's "running" state gone), no placeholder or stale element left
(tests/browser.py's SETTLED), and everything it drew in place: every plotly chart on the page has its SVG, every
pydeck map and every st.dataframe its canvas. The condition is checked on every animation frame; no wait is a guessed
number of seconds (each has the test suite's ceiling). One untimed visit of each first (the servers warm, as for any
visitor after the first); then in each run the reference and the pages in turn at each width, so a change in the
machine's load falls on both. Per width: each page's median, its runs, and `ratio` = page median / reference median.

`phases_ms` (medians, milliseconds from the navigation's start, from the browser's performance timeline) say where a
visit's time goes: `html` the document received, `dom` its scripts run, `connected` the websocket up, `run_start` and
`run_end` the app's run (the server's work and the messages' transfer), `last_script` the last script file received
(the chart and map code is loaded when a page first draws one), `settled` the settled page; `long_tasks` the main
thread's tasks over 50 ms until then (rendering, parsing), in total.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser import CEILING_MS, SETTLED  # noqa: E402  (after the path is set)
from tests.support import CEILING_S, CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tools.bench import PAGES, URLS  # noqa: E402

READER = "demo-lasare"
REFERENCE = ROOT / "tools" / "reference_page.py"
#: The viewport's height at each width: a phone's (390×844), else a laptop's.
HEIGHTS = {390: 844}
DEFAULT_HEIGHT = 800
FLAGS = ["--server.address", "127.0.0.1", "--server.headless", "true", "--server.fileWatcherType", "none",
         "--browser.gatherUsageStats", "false"]  # fmt: skip

#: Everything the run drew is in place: each plotly chart shown has its SVG, each map and st.dataframe its canvas.
#: An element not shown (in a closed expander, whose content the browser does not lay out, or another tab) draws
#: only when it is opened, so it is not waited for.
DRAWN = """() => {
  const shown = (sel) => [...document.querySelectorAll(sel)]
    .filter((e) => e.checkVisibility({visibilityProperty: true}));
  return !!document.querySelector("[data-testid='stMain'] [data-testid='stElementContainer']")
    && shown("[data-testid='stPlotlyChart']").every((e) => e.querySelector('.js-plotly-plot .main-svg'))
    && shown("[data-testid='stDeckGlJsonChart']").every((e) => e.querySelector('canvas'))
    && shown("[data-testid='stDataFrame']").every((e) => e.querySelector('canvas'));
}"""
#: Settled and drawn; the moment it first holds is kept in the page (performance.now(), from the navigation).
READY = f"""() => {{
  const ready = ({SETTLED})() && ({DRAWN})();
  if (ready && window.__bt && window.__bt.settled === undefined) window.__bt.settled = performance.now();
  return ready;
}}"""
#: Installed before the page's own scripts: when the websocket connected and the run started and ended (the app's
#: data-test-* attributes), and the main thread's long tasks.
TIMELINE = """(() => {
  const bt = window.__bt = {longTasks: 0};
  new MutationObserver(() => {
    const app = document.querySelector("[data-testid='stApp']");
    if (!app) return;
    const now = performance.now(), run = app.dataset.testScriptState;
    if (bt.connected === undefined && app.dataset.testConnectionState === "CONNECTED") bt.connected = now;
    if (bt.runStart === undefined && run === "running") bt.runStart = now;
    if (bt.runStart !== undefined && bt.runEnd === undefined && run === "notRunning") bt.runEnd = now;
  }).observe(document, {subtree: true, attributes: true,
                        attributeFilter: ["data-test-script-state", "data-test-connection-state"]});
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (bt.settled === undefined) bt.longTasks += e.duration;
  }).observe({type: "longtask", buffered: true});
})();"""
PHASES = """() => {
  const nav = performance.getEntriesByType("navigation")[0] || {};
  const scripts = performance.getEntriesByType("resource").filter((r) => r.initiatorType === "script");
  const bt = window.__bt || {};
  return {html: nav.responseEnd, dom: nav.domContentLoadedEventEnd, connected: bt.connected, run_start: bt.runStart,
          run_end: bt.runEnd, last_script: Math.max(0, ...scripts.map((r) => r.responseEnd)), settled: bt.settled,
          long_tasks: bt.longTasks, scripts_kb: scripts.reduce((s, r) => s + r.encodedBodySize, 0) / 1024};
}"""
#: What the reference page must show once settled.
REFERENCE_PARTS = {
    "plotly chart": "[data-testid='stPlotlyChart'] .js-plotly-plot .main-svg",
    "deck canvas": "[data-testid='stDeckGlJsonChart'] canvas",
    "table": "[data-testid='stDataFrame'] canvas",
}


def _start(command: list[str], url: str, port: int, log: Path) -> tuple[subprocess.Popen[bytes], str]:
    proc = subprocess.Popen(  # noqa: S603 - our own servers, fixed arguments
        [sys.executable, "-m", *command, "--server.port", str(port), *FLAGS],
        cwd=ROOT, env={**os.environ, "INDICATORS_DB_URL": url}, stdout=log.open("wb"), stderr=subprocess.STDOUT,
    )  # fmt: skip
    return proc, f"http://127.0.0.1:{port}"


def _wait_healthy(proc: subprocess.Popen[bytes], base: str, log: Path) -> None:
    deadline = time.monotonic() + CEILING_S
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError):
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=1) as r:  # noqa: S310 - our server
                if r.read() == b"ok":
                    return
        if proc.poll() is not None:
            raise RuntimeError(f"the server at {base} exited: {log.read_text(errors='replace')[-2000:]}")
        time.sleep(0.2)
    raise RuntimeError(f"the server at {base} did not answer within {CEILING_S:.0f} s")


@contextlib.contextmanager
def servers(url: str) -> Iterator[tuple[str, str]]:
    """The app on the store and the reference page, each on a free port; both stopped on leaving, also on error."""
    from tools.bench import _free_port

    with tempfile.TemporaryDirectory(prefix="browser-timings-") as tmp:
        started: list[subprocess.Popen[bytes]] = []
        try:
            app, app_url = _start(["ui.serve"], url, _free_port(), Path(tmp) / "app.log")
            started.append(app)
            ref, ref_url = _start(["streamlit", "run", str(REFERENCE)], url, _free_port(), Path(tmp) / "ref.log")
            started.append(ref)
            _wait_healthy(app, app_url, Path(tmp) / "app.log")
            _wait_healthy(ref, ref_url, Path(tmp) / "ref.log")
            yield app_url, ref_url
        finally:
            for proc in started:
                proc.terminate()
            for proc in started:
                try:
                    proc.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()


def visit(browser: Any, address: str, width: int, token: str | None = None, user: str | None = None,
          reference: bool = False) -> tuple[float, dict[str, float]]:  # fmt: skip
    """One fresh visitor opening ``address`` at ``width``: milliseconds from ``page.goto`` to the settled page, and
    the phases of the browser's timeline. ``token`` is put in the session cookie; then the page must show ``user``
    signed in (RuntimeError when it showed the sign-in prompt or the public view instead)."""
    from ui.routes import COOKIE

    context = browser.new_context(viewport={"width": width, "height": HEIGHTS.get(width, DEFAULT_HEIGHT)})
    try:
        if token:
            host = address.split("//", 1)[1].split("/", 1)[0].split(":")[0]
            context.add_cookies([{"name": COOKIE, "value": token, "domain": host, "path": "/", "httpOnly": True,
                                  "secure": False, "sameSite": "Strict"}])  # fmt: skip
        context.add_init_script(TIMELINE)
        page = context.new_page()
        page.set_default_timeout(CEILING_MS)
        page.set_default_navigation_timeout(CEILING_MS)
        start = time.perf_counter()
        page.goto(address, wait_until="commit")
        page.wait_for_function(READY, polling="raf", timeout=CEILING_MS)
        elapsed = (time.perf_counter() - start) * 1000
        phases = {k: float(v) for k, v in page.evaluate(PHASES).items() if isinstance(v, int | float)}
        _check(page, address, user, reference)
        return elapsed, phases
    finally:
        context.close()


def _check(page: Any, address: str, user: str | None, reference: bool) -> None:
    """The page is the one asked for: no error box, no "Page not found", the reader signed in; the reference has
    its chart, map and table."""
    errors = page.locator("[data-testid='stException'], [data-testid='stAlertContentError']")
    if errors.count():
        raise RuntimeError(f"{address}: an error box: {errors.first.inner_text()[:500]}")
    if user is not None:  # signed out, an internal page shows the sign-in prompt, or is not found (the public's view)
        from indicators.base.i18n import t

        if page.get_by_text(t("auth.required", "sv")).count():
            raise RuntimeError(f"{address}: not signed in as {user}: the page showed the sign-in prompt")
        if not page.get_by_text(f"Inloggad som {user} (").count():
            raise RuntimeError(f"{address}: not signed in as {user}: the page showed the public's view")
    if page.get_by_text("Page not found").count():
        raise RuntimeError(f"{address}: Streamlit said 'Page not found'")
    if reference:
        for part, selector in REFERENCE_PARTS.items():
            if not page.locator(selector).first.is_visible():
                raise RuntimeError(f"{address}: the reference page has no visible {part}")


def _medians(samples: list[dict[str, float]]) -> dict[str, float]:
    keys = {k for s in samples for k in s}
    return {k: round(statistics.median(s[k] for s in samples if k in s)) for k in sorted(keys)}


def browser_timings(
    url: str,
    runs: int = 5,
    widths: tuple[int, ...] = (390, 1280),
    pages: list[str] | None = None,
    *,
    browser: Any = None,
    token: str | None = None,
    warm_up: bool = True,
) -> dict[str, Any]:
    """Every page (names of tools/bench.py's PAGES; all by default) and the reference, ``runs`` fresh visits each
    at each width, after one untimed visit of each. ``browser``: a Playwright Chromium to use (else Debian's is
    launched as the tests launch it); ``token``: a session token for the internal pages' cookie (else one is made
    for ``demo-lasare`` and ended after); ``warm_up=False`` leaves out the untimed visits (a quick check, not a
    measurement). RuntimeError when a page shows an error, or an internal page is not signed in.

    Returns ``{"runs", "reader", "widths": {"390": {"reference": {"median_ms", "runs_ms", "phases_ms"},
    "pages": {name: {"path", "address", "signed_in", "median_ms", "runs_ms", "ratio", "phases_ms"}},
    "max_ratio"}, ...}, "max_ratio"}``."""
    from playwright.sync_api import sync_playwright

    from indicators.storage import auth, db

    names = list(PAGES) if pages is None else pages
    unknown = [n for n in names if n not in PAGES]
    if unknown:
        raise ValueError(f"unknown pages {unknown}; known: {list(PAGES)}")
    internal = any(PAGES[n][1] for n in names)
    made = None
    if internal and token is None:
        made = token = db.run_write(lambda s: auth.start_session(s, auth.principal(s, READER)), url, data=False)
    times: dict[tuple[int, str], list[float]] = {}
    phases: dict[tuple[int, str], list[dict[str, float]]] = {}
    try:
        with servers(url) as (app_url, ref_url), contextlib.ExitStack() as stack:
            if browser is None:
                if not Path(CHROMIUM).exists():
                    raise RuntimeError(f"Debian's Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
                playwright = stack.enter_context(sync_playwright())
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                stack.callback(browser.close)

            def one(width: int, name: str) -> tuple[float, dict[str, float]]:
                if name == "":
                    return visit(browser, ref_url, width, reference=True)
                signed_in = PAGES[name][1] is not None
                return visit(browser, f"{app_url}/{URLS[name]}", width, token if signed_in else None,
                             READER if signed_in else None)  # fmt: skip

            # Untimed: the servers warm. An internal page not signed in fails here, at once.
            for name in [*names, ""] if warm_up else []:
                one(widths[0], name)
            for _ in range(runs):
                for width in widths:
                    for name in ["", *names]:  # "" is the reference
                        elapsed, phase = one(width, name)
                        times.setdefault((width, name), []).append(elapsed)
                        phases.setdefault((width, name), []).append(phase)
    finally:
        if made:
            db.run_write(lambda s: auth.end_session(s, made), url, data=False)
    out: dict[str, Any] = {"runs": runs, "reader": READER, "widths": {}}
    for width in widths:
        ref = statistics.median(times[(width, "")])
        per_page: dict[str, dict[str, Any]] = {}
        for name in names:
            median = statistics.median(times[(width, name)])
            per_page[name] = {
                "path": PAGES[name][0],
                "address": "/" + URLS[name],
                "signed_in": PAGES[name][1] is not None,
                "median_ms": round(median),
                "runs_ms": [round(t) for t in times[(width, name)]],
                "ratio": round(median / ref, 2),
                "phases_ms": _medians(phases[(width, name)]),
            }
        out["widths"][str(width)] = {
            "reference": {"median_ms": round(ref), "runs_ms": [round(t) for t in times[(width, "")]],
                          "phases_ms": _medians(phases[(width, "")])},
            "pages": per_page,
            "max_ratio": max((p["ratio"] for p in per_page.values()), default=0.0),
        }  # fmt: skip
    out["max_ratio"] = max((w["max_ratio"] for w in out["widths"].values()), default=0.0)
    return out


PHASE_COLUMNS = ("html", "connected", "run_start", "run_end", "last_script", "settled", "long_tasks")


def table(result: dict[str, Any]) -> str:
    """The result as plain-text tables, one per width."""
    lines = []
    for width, w in result["widths"].items():
        ref = w["reference"]
        runs = ", ".join(map(str, ref["runs_ms"]))
        lines.append(f"{width} px: median of {result['runs']} fresh visits, ms (reference {ref['median_ms']} ms: "
                     f"{runs}); phases: medians, ms from the navigation's start")  # fmt: skip
        head = f"{'page':14} {'median':>7} {'ratio':>6}  {'runs':24}" + "".join(f"{c:>12}" for c in PHASE_COLUMNS)
        lines.append(head)
        rows = [("reference", ref | {"ratio": 1.0})] + [
            (("" if p["signed_in"] else "public: ") + n.removeprefix("public_"), p) for n, p in w["pages"].items()
        ]
        for label, p in rows:
            phases = "".join(f"{p['phases_ms'].get(c, float('nan')):12.0f}" for c in PHASE_COLUMNS)
            runs = ", ".join(map(str, p["runs_ms"]))
            lines.append(f"{label:14} {p['median_ms']:7d} {p['ratio']:6.2f}  {runs:24}{phases}")
        lines.append("")
    lines.append(f"largest ratio: {result['max_ratio']:.2f} (target ≤ 1.0)")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", help="database URL (default: INDICATORS_DB_URL or the default store)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pages", help="some pages only: tools/bench.py's names, comma-separated (public_trends,map)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if args.db:
        os.environ["INDICATORS_DB_URL"] = args.db
    from indicators.base.config import settings

    pages = [name.strip() for name in args.pages.split(",")] if args.pages else None
    result = browser_timings(settings().db_url, runs=args.runs, pages=pages)
    print(json.dumps(result, ensure_ascii=False) if args.json else table(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
