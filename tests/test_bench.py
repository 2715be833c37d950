"""The benchmark's concurrent sessions (tools/bench.py): real app servers, sessions rerunning every page over
Streamlit's websocket as browsers do, each session kept on its server as the sticky proxy in deploy/ keeps it."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from indicators.base.config import ROOT
from tests.support import PASSWORD

sys.path.insert(0, str(ROOT / "tools"))

import bench  # a tool beside the package, not part of it


def test_sessions_rerun_every_page_on_two_servers(store_url: str) -> None:
    result = bench.concurrent_sessions(store_url, sessions=4, rounds=1, servers=2)

    # Two signed-in sessions run the internal pages, two public ones the public pages, once each after the warming
    # round; a page that raised would have stopped the run with its message.
    internal = [n for n, (_, user) in bench.PAGES.items() if user is not None]
    public = [n for n, (_, user) in bench.PAGES.items() if user is None]
    assert len(internal) == 6 and len(public) == 5
    assert result["servers"] == 2
    assert result["runs"] == 2 * len(internal) + 2 * len(public)
    assert set(result["p50_ms_by_page"]) == set(bench.PAGES)
    assert 0 < result["p50_ms"] <= result["p95_ms"]
    assert result["server_peak_rss_mb"] > 50


def test_a_signed_in_page_runs_cold_as_its_user(store_url: str) -> None:
    """The cold run happens in a fresh process that is handed the user; had the hand-over failed, the page would
    have stopped at the sign-in prompt and the bench would have timed that (it raises instead)."""
    assert bench.cold(store_url, "pages/overview.py", "demo-lasare") > 0
    assert bench.cold(store_url, "pages/public_trends.py", None) > 0


def test_the_bench_refuses_to_time_a_sign_in_prompt(store_url: str) -> None:
    with pytest.raises(RuntimeError, match="without its user"):
        bench.run_page(store_url, "pages/overview.py", None, {"username": "nobody", "role": "viewer",
                                                                "actor_code": None})  # fmt: skip


def _figures(url: str) -> int:
    from sqlalchemy import func, select

    from indicators.base.models import Figure
    from indicators.storage import db

    with db.read_session(url) as session:
        return int(session.execute(select(func.count()).select_from(Figure)).scalar() or 0)


def test_the_import_is_timed_beside_the_raw_insert_of_the_same_rows(store_url: str, tmp_path: Path) -> None:
    """Both into throwaway copies: the measured store is not changed."""
    before = _figures(store_url)
    result = bench.import_median(store_url, tmp_path, runs=1, rows=2000, editor="pol")
    assert result["rows"] == 2000 and result["raw"]["rows"] == 2000
    assert result["ratio_to_raw"] == round(result["rows_per_s"] / result["raw"]["rows_per_s"], 2)
    assert _figures(store_url) == before


def test_every_slow_action_is_timed_against_its_target(store_url: str, tmp_path: Path) -> None:
    before = _figures(store_url)
    result = bench.actions(store_url, tmp_path, runs=2, editor="pol", password=PASSWORD)
    assert result["sign_in_ms"] > 0 and result["submit_one_ms"] > 0 and result["approve_100_ms"] > 0
    assert _figures(store_url) == before
    summary = bench.targets({"actions": result, "meeting": {"save_ms": 1500.0}})
    assert set(summary) == {"sign_in", "submit_one", "approve_100", "save_meeting"}  # publish was not run
    assert summary["save_meeting"] == {"ms": 1500.0, "target_ms": 1000, "holds": False}
    assert summary["sign_in"]["holds"] is (result["sign_in_ms"] <= 500)
