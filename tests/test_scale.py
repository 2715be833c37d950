"""Scaled demo stores: every row generated is demo, versions chain, current and public pointers agree with the rows."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import text

from indicators.base.models import Role
from indicators.io import scale
from indicators.rules import disclosure
from indicators.storage import db, release, store
from indicators.storage.store import Principal
from tests.support import cli
from tools import bench


def test_a_small_malmo_scale_store_is_consistent(empty_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The `malmo` generator with 4 indicators and one year: 136 areas × 12 months each, 10 % corrected once
    (bulk inserts on SQLite, COPY on PostgreSQL)."""
    monkeypatch.setitem(scale.SCALES, "malmo", scale.Scale("malmo", 4, 0, 2020, 1, 0.10))
    url = empty_url
    result = db.run_write(lambda s: scale.generate(s, "malmo"), url)
    assert result["figures"] == 4 * 136 * 12
    with db.read_session(url) as s:
        one = lambda sql: s.execute(text(sql)).scalar()  # noqa: E731
        generated = "indicator_code LIKE 'M%'"
        assert one(f"SELECT COUNT(*) FROM figure WHERE {generated}") == result["rows"]
        assert one(f"SELECT COUNT(*) FROM figure WHERE {generated} AND source <> 'demo'") == 0
        assert 0.05 < one(f"SELECT AVG(CASE WHEN version = 2 THEN 1.0 ELSE 0 END) FROM figure WHERE {generated}") < 0.15
        assert one(f"SELECT COUNT(*) FROM current_figure WHERE {generated}") == result["figures"]
        stale = """SELECT COUNT(*) FROM current_figure c JOIN figure f ON f.id = c.figure_id
                   WHERE f.version <> (SELECT MAX(version) FROM figure g WHERE g.indicator_code = f.indicator_code
                                       AND g.area_code = f.area_code AND g.period = f.period)"""
        assert one(stale) == 0
        assert one("SELECT COUNT(*) FROM figure WHERE version = 2 AND supersedes_id IS NULL") == 0
        published_public = """SELECT COUNT(*) FROM current_figure c JOIN indicator i ON i.code = c.indicator_code
                              WHERE c.published_figure_id IS NOT NULL AND i.public"""
        assert one("SELECT COUNT(*) FROM public_figure") == one(published_public) > 0
        # as a catalogue would declare them: `people` never on a unit it cannot protect (a percent declared so was)
        declared = s.execute(text("SELECT unit, disclosure FROM indicator WHERE code LIKE 'M%'")).all()
        assert declared and all(mode == disclosure.default_mode(unit).value for unit, mode in declared)
        assert all(disclosure.protects(unit, mode) for unit, mode in declared if mode == "people")
        areas = one("SELECT map_areas FROM pledge WHERE code = 'malmo-demo'")
        assert len(areas if isinstance(areas, list) else json.loads(areas)) == 136


def test_the_demo_command_fills_a_store_once(empty_url: str) -> None:
    url = empty_url
    run = ["--db", url, "demo", "--scale", "sofielund"]
    done = cli(*run)
    assert done.returncode == 0, done.stderr
    assert '"scale": "sofielund"' in done.stdout
    again = cli(*run)
    assert again.returncode == 2 and "already holds" in again.stderr


def test_publishing_a_period_changes_only_what_adds_up_with_it(
    empty_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """At Malmö's shape (136 areas, Sofielund made up of its three parts): publishing the newest month rebuilds that
    month alone, leaves every other month's public rows as they were, and gives what a rebuild of every indicator
    from scratch gives. The benchmark's publishing times the same on a copy of the store."""
    monkeypatch.setitem(scale.SCALES, "malmo", scale.Scale("malmo", 4, 0, 2020, 1, 0.10))
    url = empty_url
    db.run_write(lambda s: scale.generate(s, "malmo"), url)
    steering = Principal("styr", Role.STEERING)

    def public_rows() -> dict[tuple[str, str, str], tuple[object, ...]]:
        with db.read_session(url) as s:
            rows = s.execute(text("SELECT indicator_code, area_code, period, version, value, status_code, n, "
                                  "protection FROM public_figure")).all()  # fmt: skip
        return {(r[0], r[1], r[2]): tuple(r[3:]) for r in rows}

    timed = bench.publish_timing(url, tmp_path)  # on a throwaway copy
    assert timed["period"] == "2020-12" and timed["figures"] == 4 * 136
    assert timed["publish_ms"] > 0 and timed["first_publish_ms"] > 0 and timed["indicators"] >= 4
    before = public_rows()
    with db.read_session(url) as s:
        pending = s.execute(text("SELECT f.id FROM figure f JOIN current_figure c ON c.figure_id = f.id "
                                 "WHERE f.period = '2020-12' AND f.review_state = 'submitted'"))  # fmt: skip
        ids = list(pending.scalars())
    db.run_write(lambda s: store.approve_figures(s, steering, ids), url)
    assert db.run_write(lambda s: store.publish_figures(s, steering, period="2020-12"), url) == len(ids) > 0
    after = public_rows()
    assert {k: v for k, v in after.items() if k[2] != "2020-12"} == before
    assert {k for k in after if k[2] == "2020-12"} and not {k for k in before if k[2] == "2020-12"}
    db.run_write(lambda s: release.refresh(s), url)
    assert public_rows() == after
