"""The command line as users run it: `python -m indicators ...` against a real store (in this process, through
:func:`tests.support.cli`; one test runs the real interpreter in a subprocess)."""

from __future__ import annotations

import json

from tests.support import ROOT, cli


def test_init_seed_info_and_catalogue_on_a_new_store(tmp_path) -> None:
    """init, seed --demo, info --json and catalogue --json work end to end on a fresh SQLite file."""
    url = f"sqlite:///{tmp_path / 'new.db'}"
    assert cli("--db", url, "init").returncode == 0
    seeded = cli("--db", url, "seed", "--demo")
    assert seeded.returncode == 0, seeded.stderr
    info = json.loads(cli("--db", url, "info", "--json").stdout)
    assert set(info) >= {
        "pledges", "actors", "commitments", "indicators", "indicators_by_level", "areas",
        "figures", "current_figures", "demo_figures", "database",
    }  # fmt: skip
    assert (info["pledges"], info["actors"], info["commitments"]) == (1, 6, 26)
    assert set(info["indicators_by_level"]) == {"resurs_aktivitet", "prestation", "effekt"}
    assert sum(info["indicators_by_level"].values()) == info["indicators"] >= 24
    assert info["figures"] >= info["current_figures"] > 0 and info["demo_figures"] > 0
    rows = json.loads(cli("--db", url, "catalogue", "--json").stdout)
    assert len(rows) == info["indicators"]
    for row in rows:
        assert {"code", "name", "level", "actor", "unit", "frequency", "public", "commitments"} <= set(row)
        assert row["commitments"], f"{row['code']} follows up no commitment"
    again = cli("--db", url, "seed", "--demo", "--if-empty")
    assert again.returncode == 0 and "nothing loaded" in again.stdout
    assert json.loads(cli("--db", url, "info", "--json").stdout) == info


def test_info_never_shows_the_database_password() -> None:
    """The database URL in `info` has its password masked."""
    out = cli("--db", "postgresql+psycopg://user:s3cret@127.0.0.1:1/none", "info", "--json")
    assert "s3cret" not in out.stdout + out.stderr


def test_report_writes_the_printable_overview(store_url: str, tmp_path) -> None:
    """`report OUT.html` writes the meeting report for an area and period; bad arguments exit 2 and write nothing."""
    out = tmp_path / "rapport.html"
    done = cli("--db", store_url, "report", str(out), "--area", "11319", "--until", "2023-06-30")
    assert done.returncode == 0, done.stderr
    html = out.read_text(encoding="utf-8")
    assert "Medborgarlöfte Sofielund 2022–2023" in html and "Södra Sofielund" in html and "2023-06-30" in html
    assert "Uppföljning på tre nivåer" in html and "Exempeldata" in html
    english = cli("--db", store_url, "report", str(tmp_path / "en.html"), "--lang", "en")
    assert english.returncode == 0 and "Follow-up on three levels" in (tmp_path / "en.html").read_text()
    for bad, message in [
        (["--area", "NOWHERE"], "--area"),
        (["--until", "2023-13-01"], "--until"),
        (["--meeting", "999"], "--meeting"),
    ]:
        target = tmp_path / "bad.html"
        failed = cli("--db", store_url, "report", str(target), *bad)
        assert failed.returncode == 2 and message in failed.stderr and "Traceback" not in failed.stderr
        assert not target.exists()


def test_the_command_runs_as_its_own_process(tmp_path) -> None:
    """The one real `python -m indicators` start (the others run in this process): a new store, then its info."""
    import subprocess
    import sys

    url = f"sqlite:///{tmp_path / 'own.db'}"
    for args in (["init"], ["info", "--json"]):
        run = subprocess.run([sys.executable, "-m", "indicators", "--db", url, *args], cwd=ROOT, capture_output=True,
                             text=True, timeout=300)  # fmt: skip
        assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["figures"] == 0
