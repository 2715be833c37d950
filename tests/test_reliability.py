"""Nothing lost under load and faults: concurrent writers, an import killed mid-write, a server killed mid-submit,
backups taken while writes go on."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page
from sqlalchemy import text

from indicators.io import backup
from indicators.rules.periods import PeriodKind, periods_between
from indicators.storage import db
from indicators.storage.store import SYSTEM, Principal
from tests.support import ROOT, AppServer

PROCESSES, PER_PROCESS = 8, 500
SOFIELUND_AREAS = ["SOFIELUND", "BID_SOFIELUND", "11316", "11317", "11318", "11319", "11320", "11322"]


def _keys(count: int, areas: list[str], codes: tuple[str, ...] = ("I01", "I02")) -> list[tuple[str, str, str]]:
    """`count` distinct (indicator, area, month) keys of the police's monthly indicators, newest first and all
    before the demo data's years (2019 on), so that each is a first version."""
    months = periods_between(PeriodKind.MONTH, dt.date(1990, 1, 1), dt.date(2018, 12, 1))[::-1]
    out = [(code, area, m.code) for m in months for code in codes for area in areas]
    assert len(out) >= count, f"only {len(out)} keys"
    return out[:count]


def _submit_many(url: str, keys: list[list[str]], start_at: float) -> dict[str, object]:
    """One process: every key through the form's path (validation, then one unit of work per figure)."""
    from indicators.base.models import Role
    from indicators.rules.validation import validate_figure
    from indicators.storage import db, store

    who = Principal("pol", Role.EDITOR, "POL")
    with db.read_session(url) as session:
        rules = store.rules(session)
    errors: list[str] = []
    time.sleep(max(0.0, start_at - time.time()))  # every process starts at the same moment
    began = time.perf_counter()
    for i, (code, area, period) in enumerate(keys):
        raw = {"indicator": code, "area": area, "period": period, "value": str(i % 90), "source": "samtidigt-test"}
        try:
            figure = validate_figure(raw, rules)
            db.run_write(lambda s, f=figure: store.submit_figure(s, by=who, figure=f), url)
        except Exception as exc:  # noqa: BLE001 - a user would have seen it: the test reports every one
            errors.append(f"{code}/{area}/{period}: {type(exc).__name__}: {exc}")
    return {"seconds": time.perf_counter() - began, "errors": errors}


def test_eight_processes_submitting_500_figures_each_lose_nothing(store_url: str) -> None:
    """8 processes × 500 figures through the domain write path at once: all 4,000 stored, each exactly once, and no
    error (such as "database is locked") reaches any of them."""
    keys = _keys(PROCESSES * PER_PROCESS, SOFIELUND_AREAS)
    db.dispose_all()
    start_at = time.time() + 6  # time for every process to start, import and connect first
    # Plain `python -c` processes, not multiprocessing: a spawned child would re-run whatever module the parent
    # last ran as __main__ (after AppTest, the app itself).
    code = (
        "import json, sys; from tests.test_reliability import _submit_many; "
        "print(json.dumps(_submit_many(sys.argv[1], json.loads(sys.argv[2]), float(sys.argv[3]))))"
    )
    procs = [subprocess.Popen([sys.executable, "-c", code, store_url,
                               json.dumps(keys[p * PER_PROCESS : (p + 1) * PER_PROCESS]), str(start_at)],
                              cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for p in range(PROCESSES)]  # fmt: skip
    runs = []
    for proc in procs:
        out, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err[-2000:]
        runs.append(json.loads(out.strip().splitlines()[-1]))
    elapsed = max(float(r["seconds"]) for r in runs)  # type: ignore[arg-type]
    errors = [e for r in runs for e in r["errors"]]  # type: ignore[attr-defined]
    assert errors == []
    with db.read_session(store_url) as s:
        stored = s.execute(text("SELECT indicator_code, area_code, period, version FROM figure "
                                "WHERE source = 'samtidigt-test'")).all()  # fmt: skip
        audited = list(s.execute(text("SELECT entity_key FROM audit_entry WHERE action = 'figure.submit' "
                                      "AND username = 'pol'")).scalars())  # fmt: skip
    assert len(stored) == PROCESSES * PER_PROCESS
    assert {(c, a, p) for c, a, p, _ in stored} == set(keys)  # every key, each exactly once ...
    assert {v for *_, v in stored} == {1}  # ... as a first version: no retry stored a figure twice
    wanted = {f"{c}/{a}/{p}" for c, a, p in keys}
    assert sorted(k for k in audited if k in wanted) == sorted(wanted)  # one audit entry for each
    print(f"\n{db.make_url(store_url).get_backend_name()}: {PROCESSES}×{PER_PROCESS} figures in {elapsed:.1f} s "
          f"({PROCESSES * PER_PROCESS / elapsed:.0f} figures/s)")  # fmt: skip


# --- Crashes ---------------------------------------------------------------------------------------------------------


def _city_store(url: str, monkeypatch: pytest.MonkeyPatch) -> tuple[str, ...]:
    """A small `malmo`-scale store (136 areas, 24 generated indicators for 2020, four per actor); returns the
    police's monthly indicators whose values may be any whole number from 0 to 96."""
    from indicators.io import scale
    from indicators.storage import store

    monkeypatch.setitem(scale.SCALES, "malmo", scale.Scale("malmo", 24, 0, 2020, 1, 0.0))
    db.run_write(lambda s: scale.generate(s, "malmo"), url)
    with db.read_session(url) as s:
        rules = store.rules(s)
    units = ("count", "persons", "hours", "sek", "per_1000")
    return tuple(sorted(code for code, ind in rules.indicators.items()
                        if ind.actor_code == "POL" and ind.frequency == "monthly" and ind.unit in units))  # fmt: skip


def _big_csv(path: Path, url: str, rows: int, codes: tuple[str, ...]) -> Path:
    with db.read_session(url) as s:
        areas = list(s.execute(text("SELECT code FROM area WHERE parent_code = 'MALMO' ORDER BY code")).scalars())
    lines = ["indicator,area,period,value,source"]
    lines += [f"{c},{a},{p},{i % 97},krasch-test" for i, (c, a, p) in enumerate(_keys(rows, areas, codes))]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _count(url: str, where: str) -> int:
    with db.read_session(url) as s:
        return int(s.execute(text(f"SELECT COUNT(*) FROM figure WHERE {where}")).scalar() or 0)


def test_an_import_killed_mid_write_leaves_a_sound_store_without_any_of_it(
    empty_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A 100,000-row import killed with SIGKILL while it writes: the store passes its integrity check, holds none
    of the import, and the same import then succeeds."""
    store_url = empty_url
    codes = _city_store(store_url, monkeypatch)
    csv = _big_csv(tmp_path / "stor.csv", store_url, 100_000, codes)
    before = _count(store_url, "1 = 1")
    command = [sys.executable, "-m", "indicators", "--db", store_url, "import", str(csv), "--as", "demo-pol"]
    proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if db.is_sqlite(store_url):
        wal = Path(store_url.removeprefix("sqlite:///") + "-wal")
        writing = lambda: wal.exists() and wal.stat().st_size > 4_000_000  # noqa: E731 - rows are being written
    else:

        def writing() -> bool:
            with db.read_session(store_url) as s:
                return bool(s.execute(text("SELECT COUNT(*) FROM pg_stat_activity WHERE query LIKE 'COPY figure%' "
                                           "AND state = 'active'")).scalar())  # fmt: skip

    deadline = time.monotonic() + 120
    while not writing():
        assert proc.poll() is None, f"the import ended before it was killed: {proc.communicate()}"
        assert time.monotonic() < deadline, "the import never started writing"
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    assert proc.wait(30) == -signal.SIGKILL
    db.dispose_all()
    with db.read_session(store_url) as s:
        if db.is_sqlite(store_url):
            assert s.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        assert s.execute(text("SELECT COUNT(*) FROM audit_entry WHERE entity_key = 'stor.csv'")).scalar() == 0
    assert _count(store_url, "source = 'krasch-test'") == 0
    assert _count(store_url, "1 = 1") == before
    again = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    assert "stored 100000 figures" in again.stdout
    assert _count(store_url, "source = 'krasch-test'") == 100_000


@pytest.mark.browser
@pytest.mark.pg_pass
def test_a_server_killed_during_a_submit_keeps_every_acknowledged_figure(
    page: Page, need_chromium: None, store_url: str, artifacts: Path
) -> None:
    """A figure the page said was saved survives the server being killed; the one in flight is stored whole or not
    at all, and the store stays sound."""
    from tests.browser import fill_one_figure, send_one_figure, sign_in, wait_for_app

    server = AppServer(store_url).start()
    try:
        page.set_viewport_size({"width": 1280, "height": 1100})
        sign_in(page, server, "pol")
        page.get_by_role("link", name="Rapportera").click()
        wait_for_app(page)
        before = _count(store_url, "entered_by = 'pol'")
        fill_one_figure(page, 0, "12")
        send_one_figure(page)  # acknowledged (confirmed first when far outside this indicator's history here)
        fill_one_figure(page, 1, "13")
        page.get_by_role("button", name="Skicka in").click()
        assert server.proc is not None
        server.proc.send_signal(signal.SIGKILL)  # while the second submit is in flight
        server.proc.wait(10)
    finally:
        server.stop()
    db.dispose_all()
    with db.read_session(store_url) as s:
        if db.is_sqlite(store_url):
            assert s.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        mine = s.execute(text("SELECT f.value, f.version, "
                              "(SELECT COUNT(*) FROM audit_entry a WHERE a.username = 'pol' AND a.entity_key = "
                              "f.indicator_code || '/' || f.area_code || '/' || f.period "
                              "AND CAST(a.after AS TEXT) LIKE '%\"version\": ' || f.version || ',%'), "
                              "(SELECT c.figure_id FROM current_figure c WHERE c.indicator_code = f.indicator_code "
                              "AND c.area_code = f.area_code AND c.period = f.period) = f.id "
                              "FROM figure f WHERE f.entered_by = 'pol' ORDER BY f.id")).all()  # fmt: skip
    new = mine[before:]
    assert [v for v, *_ in new][:1] == [12.0]  # the acknowledged figure is there ...
    assert len(new) in (1, 2)  # ... and the one in flight either whole (a correction of it: version 2) or not at all
    assert all(audits == 1 for _, _, audits, _ in new)  # each stored version has its audit entry
    assert new[-1][3]  # and the newest one stored is the current one
    restarted = AppServer(store_url).start()  # and the store opens again
    try:
        page.goto(restarted.url)
        wait_for_app(page)
        assert page.locator('[data-testid="stException"]').count() == 0
    finally:
        restarted.stop()


# --- Backups ---------------------------------------------------------------------------------------------------------


def _writer(url: str, stop: threading.Event, committed: list[tuple[str, float]]) -> None:
    """Keep submitting figures, noting each one's key and the moment its commit returned."""
    from indicators.base.models import Role
    from indicators.rules.validation import FigureInput
    from indicators.storage import store

    who = Principal("pol", Role.EDITOR, "POL")
    for i, (code, area, period) in enumerate(_keys(5_000, SOFIELUND_AREAS)):
        if stop.is_set():
            return
        figure = FigureInput(code, area, period, float(i % 90), None, None, "backup-test")
        db.run_write(lambda s, f=figure: store.submit_figure(s, by=who, figure=f), url)
        committed.append((f"{code}/{area}/{period}", time.monotonic()))


def _wait_for(condition: Callable[[], bool], writer: threading.Thread, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert writer.is_alive(), "the writer stopped"
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def test_a_backup_taken_under_load_restores_every_figure_committed_before_it(tmp_path: Path) -> None:
    """`backup` copies a live SQLite store while another thread keeps writing; `restore` brings it back, and every
    figure committed before the backup began is there."""
    from tests.support import load_sofielund

    url = f"sqlite:///{tmp_path / 'live.db'}"
    load_sofielund(url, with_demo=False)
    stop, committed = threading.Event(), []
    writer = threading.Thread(target=_writer, args=(url, stop, committed))
    writer.start()
    try:
        _wait_for(lambda: len(committed) >= 200, writer)
        began = time.monotonic()
        copy = subprocess.run([sys.executable, "-m", "indicators", "--db", url, "backup", str(tmp_path / "b.db")],
                              cwd=ROOT, capture_output=True, text=True, timeout=120)  # fmt: skip
        before = list(committed)
        _wait_for(lambda: len(committed) >= len(before) + 200, writer)  # writes went on after the backup
    finally:
        stop.set()
        writer.join()
    assert copy.returncode == 0, copy.stderr
    assert "backup written" in copy.stdout
    before_backup = {key for key, at in committed if at < began}
    assert len(before_backup) >= 200

    refused = subprocess.run([sys.executable, "-m", "indicators", "--db", url, "restore", str(tmp_path / "b.db")],
                             cwd=ROOT, capture_output=True, text=True, timeout=120)  # fmt: skip
    assert refused.returncode == 2 and "--force" in refused.stderr
    assert _count(url, "source = 'backup-test'") == len(committed)  # refused: nothing changed

    version_before = db.data_version(url)
    done = subprocess.run([sys.executable, "-m", "indicators", "--db", url, "restore", str(tmp_path / "b.db"),
                           "--force"], cwd=ROOT, capture_output=True, text=True, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr
    db.dispose_all()
    with db.read_session(url) as s:
        assert s.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        restored = {f"{c}/{a}/{p}" for c, a, p in s.execute(text(
            "SELECT indicator_code, area_code, period FROM figure WHERE source = 'backup-test'"))}  # fmt: skip
        entry = s.execute(text("SELECT username, after FROM audit_entry WHERE action = 'store.restore'")).one()
    assert before_backup <= restored  # every figure committed before the backup began
    assert len(restored) < len(committed)  # and not the ones written after it
    assert entry[0] == SYSTEM.username and json.loads(entry[1])["figures"] == _count(url, "1 = 1")
    assert db.data_version(url) > version_before  # app servers' caches can not serve the old store


def test_a_restore_moves_the_data_version_past_writes_made_while_it_began(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Servers cache by data version. Writes that commit after `restore` has looked at the old store but before
    its copy takes the write lock move the version on; a server may have cached those numbers. The restored store's
    version must be above every one of them, or a server hands out the old store's pages as the restored one's."""
    from tests.support import load_sofielund

    url = f"sqlite:///{tmp_path / 'live.db'}"
    load_sofielund(url, with_demo=False)
    copy = backup.backup(url, tmp_path / "b.db")
    seen = []

    def writes_meanwhile() -> None:  # runs between restore's first look at the store and its copy
        for _ in range(3):
            db.run_write(db.bump_version, url)
            seen.append(db.data_version(url))

    real_dispose = db.dispose_all
    monkeypatch.setattr(db, "dispose_all", lambda: (writes_meanwhile(), real_dispose()))
    backup.restore(url, copy.path, SYSTEM, force=True)
    monkeypatch.undo()
    db.dispose_all()
    assert len(seen) == 3
    assert db.data_version(url) > max(seen)


def test_backup_and_restore_refuse_what_they_can_not_do_safely(tmp_path: Path, store_url: str) -> None:
    """Not a store, a damaged file, an existing target, a PostgreSQL URL: each a clear error, nothing changed."""
    from indicators.base.models import Role

    if not db.is_sqlite(store_url):
        with pytest.raises(backup.BackupError, match="pg_dump"):
            backup.backup(store_url, tmp_path / "x.db")
        return
    text_file = tmp_path / "inte.db"
    text_file.write_text("indicator,area\n")
    with pytest.raises(backup.BackupError, match="not a SQLite database"):
        backup.restore(store_url, text_file, SYSTEM, force=True)
    other = tmp_path / "annan.db"
    sqlite3.connect(other).execute("CREATE TABLE x (y)").connection.commit()
    with pytest.raises(backup.BackupError, match="not a store of this dashboard"):
        backup.restore(store_url, other, SYSTEM, force=True)
    made = backup.backup(store_url, tmp_path / "ok.db")
    assert made.figures == _count(store_url, "1 = 1") > 0
    with pytest.raises(backup.BackupError, match="exists already"):
        backup.backup(store_url, tmp_path / "ok.db")
    damaged = tmp_path / "trasig.db"
    data = bytearray((tmp_path / "ok.db").read_bytes())
    data[len(data) // 2 : len(data) // 2 + 4096] = os.urandom(4096)
    damaged.write_bytes(bytes(data))
    with pytest.raises(backup.BackupError):
        backup.restore(store_url, damaged, SYSTEM, force=True)
    for role in (Role.VIEWER, Role.EDITOR, Role.STEERING):
        with pytest.raises(PermissionError):
            backup.restore(store_url, tmp_path / "ok.db", Principal("x", role, "POL"), force=True)
    assert _count(store_url, "1 = 1") == made.figures  # nothing restored by any of them
