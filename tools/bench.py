"""The benchmark: how each page's cost grows with the store, concurrent sessions, the import, memory.

    python -m indicators bench --scale malmo [--db URL] [--runs 10] [--servers N] [--json]

(`python -m indicators bench` runs this file: the pages are timed through Streamlit's AppTest, which the UI-free
domain package does not import.) The store must hold the scale (`python -m indicators demo --scale malmo`). The
bench builds a throwaway `sofielund` store for `small_ms` itself.

- `cold_ms`: a page's first run in a fresh process (empty caches, new connections, and the app's modules loaded by
  the run: the process has loaded only Streamlit; a signed-in page gets its user handed over, as after a restart
  with the sign-in cookie);
- `warm_ms`: the median of `--runs` later runs with the same filters; `small_ms`: the same on the `sofielund` store,
  the two stores' runs taken in turn; `ratio = warm_ms / small_ms`;
- `concurrent`: 20 sessions at once against `--servers` real app servers (`python -m ui.serve`; by default one per
  CPU core, as deploy/ sets them up; Streamlit runs each session in a thread, and a session stays on its server),
  rerunning pages over the websocket as browsers do: median and 95th percentile per page run;
  `concurrent_one_server`: the same against a single server;
- `import`: a generated 100,000-row CSV through the real import path (read, check, commit) as an editor, three
  times: the median run, with every run's rate;
- `reference`: the overview's latest values computed as a typical tutorial does (the whole figures table into
  pandas, filtered and grouped there) against ours (aggregated in SQL), both uncached;
- `publish`: the steering group publishes the newest period (its submitted figures approved first, untimed), with
  the disclosure audit, in a throwaway copy, after publishing the period before it (`first_publish_ms`: the first
  in the process, which loads the solver); and the whole public view rebuilt with the audit (`audit_all_ms`);
  `publish_sofielund` the same on the `sofielund` store;
- `sign_in_flood`: an editor's save (the form's write path) while 4 processes try made-up usernames from made-up
  addresses as fast as they can, against the idle latency on the same copy of the `sofielund` store (medians taken
  in turn), with the attempts the flood made (`--sign-in-flood` runs only this, on `--db`);
- `first_visit`: each page's first run on a freshly started app server, against its warm runs (`first_visits`);
- `actions`: sign-in, one figure's submit, approving 100 figures (`actions`); `targets`: each action against its
  target (``TARGETS_MS``), with saving a meeting (`meeting`) and publishing (`publish`);
- `import.raw`, `import.ratio_to_raw`: the same rows by the driver alone (`raw_rate`), and the real path's share of
  its rate;
- `browser`: each page in Chromium at 390 and 1280 px next to a bare Streamlit page (tools/browser_timings.py);
- `peak_rss_mb`: the largest resident memory of the app: the server under the concurrent sessions, or a page's
  cold process; `bench_process_rss_mb` is this process (the tutorial reference reads the whole table into it).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ui import registry  # noqa: E402  (after the path is set)

#: name → (page file, user to run it as, or None for the public): every page a reader or the public opens
#: (ui/registry.py), the reader's first.
PAGES: dict[str, tuple[str, str | None]] = {
    p.name: (p.path, "demo-lasare") for p in registry.PAGES if p.roles == registry.SIGNED_IN and p.guarded
} | {p.name: (p.path, None) for p in registry.PAGES if p.public}


def signed_in(url: str, username: str | None) -> dict[str, Any] | None:
    """What a page's session holds for the user (as the sign-in page leaves it), or None for the public."""
    if not username:
        return None
    from indicators.storage import auth, db

    with db.read_session(url) as session:
        who = auth.principal(session, username)
    return {"username": who.username, "role": who.role.value, "actor_code": who.actor_code}


def _app(url: str, page: str, user: dict[str, Any] | None) -> Any:
    os.environ["INDICATORS_DB_URL"] = url
    from streamlit.testing.v1 import AppTest

    # Setting session state before the run logs "missing ScriptRunContext" each time; it is expected here.
    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").setLevel(logging.ERROR)

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    if user:
        at.session_state["user"] = user
    return at.switch_page(page)


def run_page(url: str, page: str, username: str | None, user: dict[str, Any] | None = None) -> float:
    """One session opening the page's URL (router, filters, page); milliseconds. ``user`` if already looked up."""
    user = user or signed_in(url, username)
    at = _app(url, page, user)
    start = time.perf_counter()
    at.run()
    elapsed = (time.perf_counter() - start) * 1000
    if at.exception:
        raise RuntimeError(f"{page}: {at.exception[0].value}")
    if user and any(":material/lock:" in (w.icon or "") for w in at.warning):  # the page stopped at "sign in"
        raise RuntimeError(f"{page}: ran without its user, so it timed the sign-in prompt")
    return elapsed


def cold(url: str, page: str, username: str | None) -> float:
    """The page's first run in a fresh process. The user is looked up here and handed over, so that the fresh
    process has loaded Streamlit and nothing of the app (pandas, SQLAlchemy, the models) before the run: a signed-in
    page's first run pays for loading them as a public page's does (as after a restart, with the sign-in cookie)."""
    user = signed_in(url, username)
    command = [sys.executable, __file__, "--cold", page, "--db", url, *(["--user", json.dumps(user)] if user else [])]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, cwd=ROOT)  # noqa: S603 - this script
    if done.returncode:
        raise RuntimeError(done.stderr[-2000:])
    return float(done.stdout.strip().splitlines()[-1])


def warm(url: str, page: str, username: str | None, runs: int) -> float:
    run_page(url, page, username)  # fills the caches
    return statistics.median(run_page(url, page, username) for _ in range(runs))


def warm_pair(url: str, small: str, page: str, username: str | None, runs: int) -> tuple[float, float]:
    """The page's warm median on the scaled store and on the small one, their runs taken in turn, so that a change
    in the machine's load during the measurement falls on both sides of the ratio alike."""
    run_page(url, page, username)  # fills the caches
    run_page(small, page, username)
    big, little = [], []
    for _ in range(runs):
        big.append(run_page(url, page, username))
        little.append(run_page(small, page, username))
    return statistics.median(big), statistics.median(little)


#: The pages' addresses, as a browser asks for them over the websocket (the registry's; each start page at "").
URLS = {p.name: p.url for p in registry.PAGES if p.name in PAGES} | {"overview": "", "public_pledge": ""}


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start_server(url: str, port: int) -> subprocess.Popen[bytes]:
    return subprocess.Popen(  # noqa: S603 - our own server, fixed arguments
        [sys.executable, "-m", "ui.serve", "--server.port", str(port), "--server.address", "127.0.0.1",
         "--server.headless", "true", "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env={**os.environ, "INDICATORS_DB_URL": url}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


def _wait_healthy(port: int, server: subprocess.Popen[bytes], timeout: float = 300) -> float:
    """Wait until the server at ``port`` says it is healthy (``/_stcore/health``); seconds since the call."""
    import urllib.error
    import urllib.request

    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if server.poll() is not None:
            raise RuntimeError(f"the app server on port {port} ended with {server.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=5) as r:
                if r.read() == b"ok":
                    return time.perf_counter() - start
        except (OSError, urllib.error.URLError):
            pass
        time.sleep(0.05)
    raise RuntimeError(f"the app server on port {port} was not healthy after {timeout} s")


def _stop(servers: list[subprocess.Popen[bytes]]) -> None:
    for server in servers:
        server.terminate()
    for server in servers:
        server.wait(timeout=30)


async def _rerun(ws: Any, name: str) -> float:
    """One run of page ``name`` over the session's websocket, as a browser asks for it: milliseconds from the
    request to the server's "script finished"; a page that raised raises here with its message."""
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    msg = BackMsg()
    msg.rerun_script.page_name = URLS[name]
    start = time.perf_counter()
    await ws.send(msg.SerializeToString())
    while True:
        reply = ForwardMsg.FromString(await ws.recv())
        kind = reply.WhichOneof("type")
        if kind == "delta" and reply.delta.new_element.WhichOneof("type") == "exception":
            raise RuntimeError(f"{name}: {reply.delta.new_element.exception.message}")
        if kind == "delta" and PAGES[name][1] and ":material/lock:" in reply.delta.new_element.alert.icon:
            raise RuntimeError(f"{name}: ran without its user, so it timed the sign-in prompt")
        if kind == "script_finished" and reply.script_finished == ForwardMsg.FINISHED_SUCCESSFULLY:
            return (time.perf_counter() - start) * 1000


def run_async(coroutine: Any) -> Any:
    """``asyncio.run(coroutine)`` in a thread of its own: the caller may be inside a running event loop (a test
    after Playwright's synchronous browser, which keeps one running), where asyncio.run refuses to start."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def _connect(port: int, token: str | None) -> Any:
    from websockets.asyncio.client import connect

    headers = {"Cookie": f"medborgarlofte_session={token}"} if token else {}
    return connect(f"ws://127.0.0.1:{port}/_stcore/stream", subprotocols=["streamlit"],  # type: ignore[list-item]
                   additional_headers=headers, max_size=None)  # fmt: skip


def first_visits(url: str, runs: int = 10, pages: list[str] | None = None) -> dict[str, Any]:
    """What the first visitor of a freshly started app server waits for: for each page, a new server
    (`python -m ui.serve`) is started and waited for until it says it is healthy (`start_s`: as a proxy or systemd
    waits before sending anyone), then one browser session opens the page over the websocket (`first_visit_ms`,
    its first run: nothing cached in the process yet but what the server did before it said it was healthy) and
    runs it ``runs`` times more (`warm_ms`, the median); ``ratio = first_visit_ms / warm_ms``; then a second
    session opens it (`next_visit_ms`: any later visitor's first page). Internal pages as the demo reader, with the
    sign-in cookie, as after a restart."""

    from indicators.storage import auth, db

    token = db.run_write(lambda s: auth.start_session(s, auth.principal(s, "demo-lasare")), url, data=False)
    out: dict[str, Any] = {}
    try:
        for name, (_, user) in PAGES.items():
            if pages is not None and name not in pages:
                continue
            port = _free_port()
            server = _start_server(url, port)
            try:
                start_s = _wait_healthy(port, server)

                async def visit(name: str = name, port: int = port, user: str | None = user) -> list[float]:
                    async with _connect(port, token if user else None) as ws:
                        times = [await _rerun(ws, name) for _ in range(runs + 1)]
                    async with _connect(port, token if user else None) as ws:  # the next visitor
                        return [*times, await _rerun(ws, name)]

                times = run_async(visit())
            finally:
                _stop([server])
            first_ms, warm_ms = round(times[0], 1), round(statistics.median(times[1:-1]), 1)
            out[name] = {"first_visit_ms": first_ms, "warm_ms": warm_ms,  # the ratio of the figures shown
                         "ratio": round(first_ms / warm_ms, 2), "next_visit_ms": round(times[-1], 1),
                         "start_s": round(start_s, 2)}  # fmt: skip
            print(f"first visit, {name}: {out[name]}", file=sys.stderr, flush=True)
    finally:
        db.run_write(lambda s: auth.end_session(s, token), url, data=False)
    return {"pages": out, "worst_ratio": max(p["ratio"] for p in out.values())}


def concurrent_sessions(url: str, sessions: int = 20, rounds: int = 2, servers: int = 1) -> dict[str, Any]:
    """`sessions` browser sessions at once against `servers` real app servers (`python -m ui.serve` each; a session
    stays on one server, as behind the sticky proxy in deploy/), each session rerunning every page `rounds` times
    over Streamlit's websocket, as a browser does; half signed in as a viewer, half the public. Per-rerun
    milliseconds from the request to the server's "script finished"."""
    import asyncio

    from indicators.storage import auth, db

    ports = [_free_port() for _ in range(servers)]
    running = [_start_server(url, port) for port in ports]
    token = db.run_write(lambda s: auth.start_session(s, auth.principal(s, "demo-lasare")), url, data=False)
    try:
        for port, server in zip(ports, running, strict=True):
            _wait_healthy(port, server)
        times: list[float] = []
        by_page: dict[str, list[float]] = {}

        async def session(i: int) -> None:
            signed_in = i % 2 == 0
            names = [n for n, (_, user) in PAGES.items() if (user is not None) == signed_in]
            async with _connect(ports[(i // 2) % servers], token if signed_in else None) as ws:
                order = names[i % len(names) :] + names[: i % len(names)]
                for step, name in enumerate(order * (rounds + 1)):  # the first round warms the server's caches
                    elapsed = await _rerun(ws, name)
                    if step >= len(order):
                        times.append(elapsed)
                        by_page.setdefault(name, []).append(elapsed)

        async def everyone() -> None:
            await asyncio.gather(*(session(i) for i in range(sessions)))

        run_async(everyone())
        peaks = []
        for server in running:
            status = Path(f"/proc/{server.pid}/status").read_text()
            peaks.append(int(next(x for x in status.splitlines() if x.startswith("VmHWM")).split()[1]) // 1024)
    finally:
        _stop(running)
        db.run_write(lambda s: auth.end_session(s, token), url, data=False)
    times.sort()
    return {"sessions": sessions, "servers": servers, "runs": len(times), "p50_ms": round(statistics.median(times), 1),
            "p95_ms": round(times[int(0.95 * (len(times) - 1))], 1), "server_peak_rss_mb": max(peaks),
            "p50_ms_by_page": {k: round(statistics.median(v), 1) for k, v in by_page.items()}}  # fmt: skip


def _import_file(url: str, rows: int, editor: str) -> tuple[Any, bytes]:
    """The editor who imports, and a generated CSV of ``rows`` figures of that editor's actor's indicators (months
    before the demo's, so none is stored yet)."""
    from sqlalchemy import select

    from indicators.base.models import Indicator, Pledge
    from indicators.rules.periods import PeriodKind, periods_between
    from indicators.storage import auth, db

    with db.read_session(url) as session:
        who = auth.principal(session, editor)
        monthly = select(Indicator.code).where(
            Indicator.actor_code == who.actor_code,
            Indicator.frequency == "monthly",
            Indicator.unit.in_(("count", "persons", "hours", "sek")),  # type: ignore[attr-defined]
        )
        codes = list(session.execute(monthly).scalars())
        pledge = session.execute(select(Pledge).order_by(Pledge.start.desc())).scalars().first()  # type: ignore[attr-defined]
        areas = pledge.map_areas if pledge else []
    months = periods_between(PeriodKind.MONTH, dt.date(2000, 1, 1), dt.date(2015, 12, 1))  # before the demo's
    lines = ["indicator,area,period,value,source"]
    for code in codes:
        for area in areas:
            for month in months:
                if len(lines) > rows:
                    break
                lines.append(f"{code},{area},{month.code},{len(lines) % 97},bench")
    return who, "\n".join(lines[: rows + 1]).encode()


def import_rate(url: str, rows: int = 100_000, editor: str = "demo-pol") -> dict[str, float]:
    """A generated CSV of `rows` figures of one actor's indicators, read, checked and stored as that actor's editor,
    through the real import path (the file read, every row checked as the form checks it, the writer: versions,
    current pointers, an audit entry per figure; committed)."""
    from indicators.io import importer
    from indicators.storage import db, store

    who, data = _import_file(url, rows, editor)
    start = time.perf_counter()
    frame = importer.read_table(data, "bench.csv", 100 * 1_000_000)
    with db.read_session(url) as session:
        rules = store.rules(session)
    checked = importer.check(frame, rules, who)
    if checked.errors:
        raise RuntimeError(f"bench import refused: {checked.errors[:3]}")
    stored = db.run_write(lambda s: importer.commit(s, who, checked.figures, "bench.csv"), url)
    seconds = time.perf_counter() - start
    return {"rows": stored, "seconds": round(seconds, 3), "rows_per_s": round(stored / seconds)}


def raw_rate(url: str, rows: int = 100_000, editor: str = "demo-pol") -> dict[str, float]:
    """The same rows as :func:`import_rate` stored the fastest way the driver has, and nothing else: the figure
    rows made beforehand (untimed), then only the driver's ``executemany`` (SQLite) or ``COPY`` (PostgreSQL) into
    the figure table and the commit; no reading, no checks, no versions looked up, no pointers, no audit."""
    from indicators.io import importer
    from indicators.rules.periods import parse_period
    from indicators.storage import db, store

    who, data = _import_file(url, rows, editor)
    frame = importer.read_table(data, "bench.csv", 100 * 1_000_000)
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    table = [(r.indicator, r.area, r.period, parse_period(r.period).start, float(r.value), None, None, r.source, "",
              "", 1, None, who.username, now, "submitted", "", None, None)
             for r in frame.itertuples(index=False)]  # fmt: skip
    start = time.perf_counter()
    stored = db.run_write(lambda s: db.insert_rows(s, "figure", store.FIGURE_COLUMNS, table), url)
    seconds = time.perf_counter() - start
    return {"rows": stored, "seconds": round(seconds, 3), "rows_per_s": round(stored / seconds)}


#: Above this many figures the tutorial-way reference (the whole table into pandas) is not run.
REFERENCE_MAX_FIGURES = 3_000_000

#: The import is timed this many times; the median counts (this machine is shared and noisy).
IMPORT_RUNS = 3


def import_median(url: str, tmp: Path, runs: int, rows: int = 100_000, editor: str = "demo-pol") -> dict[str, Any]:
    """:func:`import_rate` and :func:`raw_rate` ``runs`` times each, taken in turn, each into a fresh copy of the
    store thrown away after (a file copy on SQLite, ``CREATE DATABASE … TEMPLATE`` on PostgreSQL), so every run
    stores the same new rows into the same store: the median run of each, every run's rows per second, and
    ``ratio_to_raw``, the real path's median rate over the raw one's."""
    from indicators.storage import db

    real: list[dict[str, float]] = []
    raw: list[dict[str, float]] = []
    for _ in range(runs):
        for measure, results in ((import_rate, real), (raw_rate, raw)):
            work_url = throwaway(url, tmp, "import")
            if db.is_sqlite(url):
                os.sync()  # the copy's gigabyte reaches the disk now, not during the timed import
            try:
                results.append(measure(work_url, rows, editor))
            finally:
                drop_throwaway(url, work_url)
            print(f"{measure.__name__}: {results[-1]}", file=sys.stderr, flush=True)
    middle = sorted(real, key=lambda r: r["rows_per_s"])[len(real) // 2]
    raw_middle = sorted(raw, key=lambda r: r["rows_per_s"])[len(raw) // 2]
    return middle | {"runs_rows_per_s": [r["rows_per_s"] for r in real],
                     "raw": raw_middle | {"runs_rows_per_s": [r["rows_per_s"] for r in raw]},
                     "ratio_to_raw": round(middle["rows_per_s"] / raw_middle["rows_per_s"], 2)}  # fmt: skip


def publish_timing(url: str, tmp: Path) -> dict[str, Any]:
    """Publishing with the disclosure audit, in a throwaway copy of the store: the steering group approves the
    submitted figures of the newest two periods (not timed), then publishes the older one (`first_publish_ms`: the
    first publication in this process, which loads the solver) and the newest (`publish_ms`: as a running server
    publishes; timed: the figures, the public view rebuilt where the period's figures add up, the attacker's audit
    where they do, what the release shows remembered); and the public view of every indicator rebuilt with the
    audit (`audit_all_ms`, as a catalogue load or a migration does)."""
    from sqlalchemy import select

    from indicators.base.models import CurrentFigure, Figure, Indicator, ReviewState, Role
    from indicators.rules import periods
    from indicators.storage import db, release, store
    from indicators.storage.store import Principal

    work_url = throwaway(url, tmp, "publish")
    steering = Principal("bench", Role.STEERING)
    try:
        with db.read_session(work_url) as session:
            pending = select(Figure.id, Figure.period).join(CurrentFigure, CurrentFigure.figure_id == Figure.id).where(
                Figure.review_state == ReviewState.SUBMITTED)  # fmt: skip
            rows = session.execute(pending).all()
            codes = list(session.execute(select(Indicator.code)).scalars())
        if not rows:
            return {"skipped": "no submitted figures to publish"}
        newest = sorted({p for _, p in rows}, key=periods.sort_key)[-2:]
        ids = [i for i, p in rows if p in newest]
        db.run_write(lambda s: store.approve_figures(s, steering, ids), work_url)
        out: dict[str, Any] = {"period": newest[-1], "figures": sum(p == newest[-1] for _, p in rows)}
        for name, period in zip(["first_publish_ms", "publish_ms"][-len(newest) :], newest, strict=True):

            def publish(session: db.Session, period: str = period) -> int:
                return store.publish_figures(session, steering, period=period)

            start = time.perf_counter()
            db.run_write(publish, work_url)
            out[name] = round((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        db.run_write(lambda s: release.refresh(s, codes), work_url)
        return out | {"indicators": len(codes), "audit_all_ms": round((time.perf_counter() - start) * 1000)}
    finally:
        drop_throwaway(url, work_url)


def meeting_timing(url: str, tmp: Path, code: str, runs: int = 3) -> dict[str, Any]:
    """Saving a steering-group meeting (`save_ms`, the median of ``runs`` saves through the page's write, in a
    throwaway copy) and reopening it (`reopen_ms`: the overview as that meeting saw it, median of ``runs``)."""
    from indicators.base.models import Role
    from indicators.read import overview, queries
    from indicators.storage import db, store
    from indicators.storage.store import Principal

    work_url = throwaway(url, tmp, "meeting")
    steering = Principal("bench", Role.STEERING)
    try:
        with db.read_session(work_url) as session:
            pledge = queries.pledge(session, code)
        assert pledge is not None
        area, until = pledge["map_areas"][0], pledge["end"]
        saves, opens, ids = [], [], []
        for i in range(runs):
            start = time.perf_counter()
            ids.append(db.run_write(lambda s, i=i: store.save_meeting(
                s, steering, code, f"Mätning {i + 1}", dt.date.today(), area, until), work_url))  # fmt: skip
            saves.append((time.perf_counter() - start) * 1000)
        for meeting_id in ids:
            start = time.perf_counter()
            with db.read_session(work_url) as session:
                overview.build(session, code, area, until, dt.date.today(), None, meeting_id)
            opens.append((time.perf_counter() - start) * 1000)
        return {"pledge": code, "save_ms": round(statistics.median(saves), 1),
                "reopen_ms": round(statistics.median(opens), 1)}  # fmt: skip
    finally:
        drop_throwaway(url, work_url)


#: What each action may take at the `malmo` scale (issue 23), in milliseconds.
TARGETS_MS = {"sign_in": 500, "submit_one": 300, "save_meeting": 1000, "publish": 3000, "approve_100": 1000}


def actions(url: str, tmp: Path, runs: int = 7, editor: str = "demo-pol", password: str = "") -> dict[str, Any]:
    """The slow actions users met, timed as their pages do them, in a throwaway copy of the store (medians of
    ``runs``): `sign_in_ms` (the sign-in page's :func:`auth.sign_in`: the throttle's read, argon2, the bookkeeping
    written), `submit_one_ms` (the report form's send of one figure: its plausibility check, then the figure
    validated against the catalogue and stored, each a new key), `approve_100_ms` (the review queue approving 100
    submitted figures at once). Saving a meeting and publishing are the ``meeting`` and ``publish`` parts. The
    editor signs in with ``password`` (the demo accounts' by default)."""
    from sqlalchemy import select

    from indicators.base.models import CurrentFigure, Figure, ReviewState, Role
    from indicators.rules.validation import validate_figure
    from indicators.storage import auth, db, store
    from indicators.storage.store import Principal
    from indicators.views import review

    work_url = throwaway(url, tmp, "actions")
    steering = Principal("bench", Role.STEERING)
    try:
        signs = []
        for _ in range(runs):
            start = time.perf_counter()
            who = auth.sign_in(work_url, editor, password or auth.DEMO_PASSWORD, client="127.0.0.1")
            signs.append((time.perf_counter() - start) * 1000)
        with db.read_session(work_url) as session:
            rules = store.rules(session)
            code = next(c for c, i in sorted(rules.indicators.items()) if i.actor_code == who.actor_code
                        and i.unit == "count" and i.frequency == "monthly")  # fmt: skip
            area = sorted(rules.areas)[0]
        submits = []
        for i in range(runs):
            raw = {"indicator": code, "area": area, "period": f"2015-{i + 1:02d}", "value": str(10 + i),
                   "source": "bench", "note": "", "n": "", "status": "", "evidence_url": ""}  # fmt: skip
            start = time.perf_counter()
            with db.read_session(work_url) as session:
                review.entry_warning(session, raw, "sv")
            db.run_write(
                lambda s, raw=raw: (
                    store.submit_figure(
                        s, by=who, figure=validate_figure(raw, store.rules(s)), expected_version=0
                    ).version
                ),
                work_url,
            )
            submits.append((time.perf_counter() - start) * 1000)
        with db.read_session(work_url) as session:
            pending = session.execute(
                select(Figure.id).join(CurrentFigure, CurrentFigure.figure_id == Figure.id)
                .where(Figure.review_state == ReviewState.SUBMITTED).order_by(Figure.id).limit(100 * 3)
            ).scalars().all()  # fmt: skip
        approvals = []
        for i in range(len(pending) // 100):
            batch = pending[i * 100 : (i + 1) * 100]
            start = time.perf_counter()
            db.run_write(lambda s, batch=batch: store.approve_figures(s, steering, batch), work_url)
            approvals.append((time.perf_counter() - start) * 1000)
        if not approvals:
            raise RuntimeError("no 100 submitted figures to approve: is this a generated store?")
        return {"sign_in_ms": round(statistics.median(signs), 1), "submit_one_ms": round(statistics.median(submits), 1),
                "approve_100_ms": round(statistics.median(approvals), 1), "runs": runs,
                "approve_runs": len(approvals)}  # fmt: skip
    finally:
        drop_throwaway(url, work_url)


def targets(result: dict[str, Any]) -> dict[str, Any]:
    """Each action's time against its target (``TARGETS_MS``), where the run measured it."""
    measured = {
        "sign_in": result.get("actions", {}).get("sign_in_ms"),
        "submit_one": result.get("actions", {}).get("submit_one_ms"),
        "approve_100": result.get("actions", {}).get("approve_100_ms"),
        "save_meeting": result.get("meeting", {}).get("save_ms"),
        "publish": result.get("publish", {}).get("publish_ms"),
    }
    return {name: {"ms": ms, "target_ms": TARGETS_MS[name], "holds": ms <= TARGETS_MS[name]}
            for name, ms in measured.items() if ms is not None}  # fmt: skip


def throwaway(url: str, tmp: Path, name: str) -> str:
    """A copy of the store at ``url`` to change freely: a file beside ``tmp``, or a PostgreSQL database made from
    it as a template."""
    from indicators.storage import db

    db.dispose_all()
    if not db.is_sqlite(url):
        return pg_database(url, f"_bench_{name}", template=True)
    copy = tmp / f"{name}.db"
    for leftover in (copy, copy.with_name(f"{name}.db-wal"), copy.with_name(f"{name}.db-shm")):
        leftover.unlink(missing_ok=True)
    shutil.copy(db.make_url(url).database or "", copy)
    return f"sqlite:///{copy}"


def drop_throwaway(url: str, work_url: str) -> None:
    from indicators.storage import db

    db.dispose_all()
    if not db.is_sqlite(url):
        pg_database(work_url, "", drop_only=True)


#: One attacker: made-up usernames from made-up addresses (so neither throttle holds them back: the worst case for
#: the store), as fast as it can until the deadline; prints "ready", then the number of attempts.
_FLOOD = """
import random, sys, time
sys.path.insert(0, sys.argv[4])
from indicators.storage import auth
url, until, seed = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
rng, attempts = random.Random(seed), 0
print("ready", flush=True)
while time.time() < until:
    try:
        auth.sign_in(url, f"okand-{rng.randrange(10**9)}", "fel-lösenord",
                     client=f"10.{seed}.{rng.randrange(256)}.{rng.randrange(256)}")
    except auth.SignInError:
        pass
    attempts += 1
print(attempts, flush=True)
"""


def sign_in_flood(url: str, tmp: Path, attackers: int = 4, saves: int = 30) -> dict[str, Any]:
    """An editor's save (one figure through the form's write path) while ``attackers`` processes try to sign in
    with made-up names as fast as they can, against the idle latency on the same copy of the store: the medians,
    taken in turn (idle, flooded, idle), and how many attempts the flood made."""
    from sqlalchemy import text

    from indicators.base.models import Role
    from indicators.rules.validation import validate_figure
    from indicators.storage import db, store
    from indicators.storage.store import Principal

    work_url = throwaway(url, tmp, "flood")
    editor = Principal("bench-editor", Role.EDITOR, "POL")
    try:
        with db.read_session(work_url) as session:
            rules = store.rules(session)
            code = next(c for c, i in sorted(rules.indicators.items()) if i.actor_code == "POL" and i.unit == "count")
            area = sorted(rules.areas)[0]
        figure = validate_figure({"indicator": code, "area": area, "period": "2024-01", "value": "7", "source": "POL"},
                                 rules)  # fmt: skip

        def save_ms() -> float:
            start = time.perf_counter()
            db.run_write(lambda s: store.submit_figure(s, by=editor, figure=figure), work_url)
            time.sleep(0.05)  # an editor's pace, not a loop: the flood gets its turns
            return (time.perf_counter() - start - 0.05) * 1000

        idle = [save_ms() for _ in range(saves // 2)]
        until = time.time() + 600
        flood = [subprocess.Popen([sys.executable, "-c", _FLOOD, work_url, str(until), str(i), str(ROOT)],  # noqa: S603
                                  stdout=subprocess.PIPE, text=True) for i in range(attackers)]  # fmt: skip
        try:
            for p in flood:
                assert p.stdout is not None and p.stdout.readline().strip() == "ready"
            time.sleep(1.0)  # every attacker past its first attempts
            began = time.time()
            flooded = [save_ms() for _ in range(saves)]
            seconds = time.time() - began
        finally:
            for p in flood:
                p.terminate()
        with db.read_session(work_url) as session:  # the attempts, from the store's own bookkeeping (one made-up
            attempts = int(session.execute(text(  # name each)
                "SELECT COUNT(*) FROM sign_in_throttle WHERE key LIKE 'user:okand-%'")).scalar() or 0)  # fmt: skip
        idle += [save_ms() for _ in range(saves - saves // 2)]
        idle_ms, flood_ms = statistics.median(idle), statistics.median(flooded)
        p95 = sorted(flooded)[int(0.95 * len(flooded))]
        return {"attackers": attackers, "idle_ms": round(idle_ms, 1), "flood_ms": round(flood_ms, 1),
                "ratio": round(flood_ms / idle_ms, 2), "flood_p95_ms": round(p95, 1), "attempts": attempts,
                "attempts_per_s": round(attempts / max(seconds, 1e-9), 1)}  # fmt: skip
    finally:
        drop_throwaway(url, work_url)


def reference(url: str, pledge: str, area: str, until: dt.date, runs: int = 3) -> dict[str, float]:
    """The overview's latest values, the tutorial way (everything into pandas) against ours (in SQL)."""
    import pandas as pd

    from indicators.read import queries
    from indicators.storage import db

    def naive() -> pd.DataFrame:
        with db.read_session(url) as session:
            figures = pd.read_sql("SELECT * FROM figure", session.connection())
            codes = queries.pledge_indicator_codes(session, pledge)
        rows = figures[figures["indicator_code"].isin(codes) & (figures["area_code"] == area)]
        rows = rows[pd.to_datetime(rows["period_start"]).dt.date <= until]
        newest = rows.sort_values(["period_start", "version"]).groupby(["indicator_code", "period"]).tail(1)
        return newest.sort_values("period_start").groupby("indicator_code").tail(1)

    def ours() -> pd.DataFrame:
        with db.read_session(url) as session:
            return queries.latest_values(session, pledge, area, until)

    naive_ms = statistics.median(_timed(naive) for _ in range(runs))
    ours_ms = statistics.median(_timed(ours) for _ in range(runs))
    return {"tutorial_ms": round(naive_ms, 1), "ours_ms": round(ours_ms, 1), "ratio": round(naive_ms / ours_ms, 1)}


def _timed(work: Any) -> float:
    start = time.perf_counter()
    work()
    return (time.perf_counter() - start) * 1000


def pg_database(like: str, suffix: str, template: bool = False, drop_only: bool = False) -> str:
    """A new, empty database beside ``like`` on the same PostgreSQL server, named like it plus ``suffix`` (dropped
    first if it is there), or a copy of ``like`` with ``template``; with ``drop_only``, ``like`` + ``suffix`` is
    dropped and nothing made. Returns its URL."""
    from sqlalchemy import create_engine, make_url, text

    parsed = make_url(like)
    name = f"{parsed.database}{suffix}"
    admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        if not drop_only:
            conn.execute(text(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{parsed.database}"' if template else "")))
    admin.dispose()
    return parsed.set(database=name).render_as_string(hide_password=False)


def small_store(directory: Path, like: str) -> str:
    """A throwaway `sofielund` store on the same kind of database as ``like``: a SQLite file, or a new database
    on the same PostgreSQL server."""
    from sqlalchemy import make_url

    url = f"sqlite:///{directory / 'sofielund.db'}"
    if make_url(like).get_backend_name() == "postgresql":
        url = pg_database(like, "_bench_small")
    subprocess.run(  # noqa: S603 - our own CLI
        [sys.executable, "-m", "indicators", "--db", url, "demo", "--scale", "sofielund"], check=True,
                   capture_output=True, cwd=ROOT, timeout=600)  # fmt: skip
    return url


#: The parts of the benchmark, in the order they run; ``--only`` picks some.
PARTS = (
    "pages",
    "first_visit",
    "concurrent",
    "reference",
    "import",
    "publish",
    "meeting",
    "actions",
    "flood",
    "browser",
)

#: How many times the browser part opens each page at each width (the median counts).
BROWSER_RUNS = 3


def bench(url: str, scale: str, runs: int, servers: int = 1, only: tuple[str, ...] = PARTS) -> dict[str, Any]:
    from sqlalchemy import func, select

    from indicators.base.models import Figure
    from indicators.io.scale import pledge_code
    from indicators.read import queries
    from indicators.storage import db
    from indicators.storage.db import safe_url

    with db.read_session(url) as session:
        if queries.pledge(session, pledge_code(scale)) is None:
            raise SystemExit(f"error: the store holds no {scale!r} data: run python -m indicators demo --scale {scale}")
        figures = int(session.execute(select(func.count()).select_from(Figure)).scalar() or 0)
        pledge = queries.pledge(session, pledge_code(scale))
    assert pledge is not None
    out: dict[str, Any] = {"scale": scale, "database": safe_url(url), "figures": figures}

    def done(name: str, result: Any) -> None:
        out[name] = result
        print(f"{name}: {json.dumps(result, ensure_ascii=False)}", file=sys.stderr, flush=True)

    peaks: list[int] = []
    with tempfile.TemporaryDirectory() as tmp:
        small = (
            small_store(Path(tmp), url) if scale != "sofielund" and {"pages", "publish", "flood"} & set(only) else url
        )
        if "pages" in only:
            pages: dict[str, dict[str, float]] = {}
            for name, (page, user) in PAGES.items():
                big_warm, small_warm = (
                    warm_pair(url, small, page, user, runs) if small != url else (warm(url, page, user, runs),) * 2
                )
                pages[name] = {"warm_ms": round(big_warm, 1), "cold_ms": round(cold(url, page, user), 1),
                               "small_ms": round(small_warm, 1), "ratio": round(big_warm / small_warm, 2)}  # fmt: skip
                print(f"{name}: {pages[name]}", file=sys.stderr, flush=True)
            out["pages"] = pages
        if "first_visit" in only:
            done("first_visit", first_visits(url))
        if "concurrent" in only:
            done("concurrent", concurrent_sessions(url, servers=servers))
            peaks.append(out["concurrent"]["server_peak_rss_mb"])
            if servers > 1:
                done("concurrent_one_server", concurrent_sessions(url, servers=1))
                peaks.append(out["concurrent_one_server"]["server_peak_rss_mb"])
        if "reference" in only:
            if figures <= REFERENCE_MAX_FIGURES:
                done("reference", reference(url, pledge["code"], pledge["map_areas"][0], pledge["end"]))
            else:  # the tutorial way would hold the whole table in this process's memory, three times over
                done(
                    "reference",
                    {"skipped": f"{figures} figures: more than {REFERENCE_MAX_FIGURES} to read into pandas"},
                )
        if "import" in only:
            done("import", import_median(url, Path(tmp), IMPORT_RUNS))
        if "publish" in only:
            done("publish", publish_timing(url, Path(tmp)))
            if small != url:
                done("publish_sofielund", publish_timing(small, Path(tmp)))
        if "meeting" in only:
            done("meeting", meeting_timing(url, Path(tmp), pledge["code"]))
        if "actions" in only:
            done("actions", actions(url, Path(tmp)))
        if "flood" in only:
            done("sign_in_flood", sign_in_flood(small, Path(tmp)))
        if "browser" in only:
            from tools.browser_timings import browser_timings

            done("browser", browser_timings(url, runs=BROWSER_RUNS))
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024  # the cold runs, the server
    mine = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024  # incl. the tutorial reference's whole table
    return out | {"targets": targets(out), "peak_rss_mb": max([children, *peaks]), "bench_process_rss_mb": mine}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", default="malmo")
    parser.add_argument("--db", help="database URL (default: INDICATORS_DB_URL or the default store)")
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--servers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--json", action="store_true")
    parser.add_argument(
        "--sign-in-flood",
        action="store_true",
        help="only: an editor's save latency, idle and while 4 processes flood the sign-in",
    )
    parser.add_argument("--only", help=f"comma-separated parts to run, of {','.join(PARTS)} (default: all)")
    parser.add_argument("--cold", help=argparse.SUPPRESS)
    parser.add_argument("--user", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    from indicators.base.config import settings

    url = args.db or settings().db_url
    if args.cold:
        print(run_page(url, args.cold, None, json.loads(args.user) if args.user else None))
        return 0
    if args.sign_in_flood:
        with tempfile.TemporaryDirectory() as tmp:
            print(json.dumps(sign_in_flood(url, Path(tmp)), ensure_ascii=False))
        return 0
    only = tuple(args.only.split(",")) if args.only else PARTS
    if set(only) - set(PARTS):
        parser.error(f"--only: unknown part {', '.join(sorted(set(only) - set(PARTS)))} (parts: {', '.join(PARTS)})")
    result = bench(url, args.scale, args.runs, args.servers, only)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        print(f"{'page':14} {'cold_ms':>8} {'warm_ms':>8} {'small_ms':>8} {'ratio':>6}")
        for name, p in result.get("pages", {}).items():
            print(f"{name:14} {p['cold_ms']:8.0f} {p['warm_ms']:8.0f} {p['small_ms']:8.0f} {p['ratio']:6.2f}")
        print(json.dumps({k: v for k, v in result.items() if k != "pages"}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
