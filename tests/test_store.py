"""The store: append-only history, current figures, status codes, conflicts, permissions, migrations — on SQLite
and on a real PostgreSQL server."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, select, text
from sqlmodel import SQLModel

from indicators.base.models import AuditEntry, Figure, ReviewState, Role
from indicators.read import queries
from indicators.rules.validation import FigureInput
from indicators.storage import db
from indicators.storage.store import ConflictError, PermissionDenied, Principal, submit_figure
from tests.support import figure_history

POLICE = Principal("analytiker", Role.EDITOR, "POL")
CITY = Principal("handlaggare", Role.EDITOR, "FGK")
STEERING = Principal("ordforande", Role.STEERING)


def figure(value: float | None = 150.0, status: str | None = None, period: str = "2026-01") -> FigureInput:
    return FigureInput("I01", "11319", period, value, status, None, "Polisens tidsredovisning")


def test_a_correction_is_a_new_version_and_the_old_one_is_kept(store_url: str) -> None:
    """A correction supersedes the figure; both versions stay, unchanged, and the current one is the newest."""
    first = db.run_write(lambda s: submit_figure(s, by=POLICE, figure=figure(150.0)), store_url)
    second = db.run_write(lambda s: submit_figure(s, by=POLICE, figure=figure(160.0), expected_version=1), store_url)
    assert (first.version, second.version) == (1, 2)
    assert second.supersedes_id == first.id
    with db.read_session(store_url) as s:
        history = figure_history(s, "I01", "11319", "2026-01")
        current = queries.current_figure(s, "I01", "11319", "2026-01")
    assert list(history["version"]) == [1, 2]
    assert list(history["value"]) == [150.0, 160.0]
    assert current is not None and current["value"] == 160.0 and current["version"] == 2


def test_every_version_is_counted_and_one_current_per_key(store_url: str) -> None:
    """`info` counts every stored version in figures and one per indicator, area and period in current_figures."""
    with db.read_session(store_url) as s:
        before = queries.store_info(s, store_url)
    db.run_write(lambda s: submit_figure(s, by=POLICE, figure=figure(1.0)), store_url)
    db.run_write(lambda s: submit_figure(s, by=POLICE, figure=figure(2.0)), store_url)
    with db.read_session(store_url) as s:
        after = queries.store_info(s, store_url)
        versions = s.execute(select(func.count()).select_from(Figure)).scalar()
        keys = s.execute(
            text("SELECT COUNT(*) FROM (SELECT DISTINCT indicator_code, area_code, period FROM figure) k")
        ).scalar()
    assert after["figures"] == before["figures"] + 2 == versions
    assert after["current_figures"] == before["current_figures"] + 1 == keys


def test_status_codes_are_stored_without_a_value(store_url: str) -> None:
    """A figure can say missing, suppressed or not applicable instead of a number."""
    for i, status in enumerate(["missing", "suppressed", "not_applicable"]):
        period = f"2026-0{i + 1}"
        db.run_write(lambda s, st=status, p=period: submit_figure(s, by=POLICE, figure=figure(None, st, p)), store_url)
        with db.read_session(store_url) as s:
            current = queries.current_figure(s, "I01", "11319", period)
        assert current is not None
        assert (current["value"], current["status_code"]) == (None, status)


def test_a_stale_correction_is_refused_and_stores_nothing(store_url: str) -> None:
    """The second of two people correcting the same figure is told, sees the newer figure, and nothing is lost."""
    db.run_write(lambda s: submit_figure(s, by=POLICE, figure=figure(150.0)), store_url)
    db.run_write(lambda s: submit_figure(s, by=POLICE, figure=figure(155.0), expected_version=1), store_url)
    with pytest.raises(ConflictError) as caught:
        db.run_write(lambda s: submit_figure(s, by=POLICE, figure=figure(170.0), expected_version=1), store_url)
    assert caught.value.current["value"] == 155.0
    with db.read_session(store_url) as s:
        assert list(figure_history(s, "I01", "11319", "2026-01")["value"]) == [150.0, 155.0]


@pytest.mark.parametrize("who", [CITY, STEERING, Principal("x", Role.VIEWER), Principal("a", Role.ADMIN)])
def test_only_the_responsible_actors_editor_may_report(store_url: str, who: Principal) -> None:
    """Another actor's editor, the steering group, a viewer and an admin cannot report a police figure."""
    with pytest.raises(PermissionDenied):
        db.run_write(lambda s: submit_figure(s, by=who, figure=figure()), store_url)
    with db.read_session(store_url) as s:
        assert queries.current_figure(s, "I01", "11319", "2026-01") is None


def test_every_write_is_audited_with_before_and_after(store_url: str) -> None:
    """A correction leaves an audit entry with who, the version before and the version after."""
    db.run_write(lambda s: submit_figure(s, by=POLICE, figure=figure(150.0)), store_url)
    db.run_write(lambda s: submit_figure(s, by=POLICE, figure=figure(151.0)), store_url)
    with db.read_session(store_url) as s:
        entry = (
            s.execute(
                select(AuditEntry).where(AuditEntry.entity_key == "I01/11319/2026-01").order_by(AuditEntry.id.desc())  # type: ignore[union-attr]
            )
            .scalars()
            .first()
        )
    assert entry is not None and entry.username == "analytiker" and entry.action == "figure.correct"
    assert entry.before is not None and entry.after is not None
    assert (entry.before["value"], entry.after["value"]) == (150.0, 151.0)


def test_writes_bump_the_shared_data_version(store_url: str) -> None:
    """Caches are keyed by a version the database keeps, so every app server sees a write."""
    before = db.data_version(store_url)
    db.run_write(lambda s: submit_figure(s, by=POLICE, figure=figure()), store_url)
    assert db.data_version(store_url) == before + 1


def test_the_demo_store_holds_the_pledge(store_url: str) -> None:
    """The seeded store holds the pledge, real figures with their sources, and demo figures marked demo."""
    with db.read_session(store_url) as s:
        info = queries.store_info(s, store_url)
        real = s.execute(select(Figure).where(Figure.source != "demo")).scalars().all()
    assert info["pledges"] == 1 and info["actors"] == 6 and info["commitments"] == 26
    assert info["indicators"] >= 24 and info["areas"] >= 9
    assert info["demo_figures"] > 1000
    assert info["figures"] > info["current_figures"]  # some demo figures were corrected
    assert len(real) >= 20 and all(f.source for f in real)
    assert all(f.review_state == ReviewState.PUBLISHED for f in real)
    assert "password" not in info["database"]


def test_migrations_agree_with_the_models(empty_url: str) -> None:
    """The schema Alembic builds is the one the models describe (no autogenerate diff)."""
    with db.get_engine(empty_url).connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), SQLModel.metadata)
    assert diff == []


def _demo_truth(url: str) -> tuple[int, int]:
    """Demo figures among the current ones, counted the long way: each current figure joined to its version."""
    with db.read_session(url) as s:
        demo = s.execute(text("SELECT COUNT(*) FROM current_figure cf JOIN figure f ON f.id = cf.figure_id "
                              "WHERE f.source = 'demo'")).scalar_one()  # fmt: skip
        total = s.execute(text("SELECT COUNT(*) FROM current_figure")).scalar_one()
    return int(demo), int(total)


def _demo_share(url: str) -> tuple[int, int]:
    with db.read_session(url) as s:
        return queries.demo_share(s)


def test_the_demo_label_follows_every_write_and_the_upgrade(store_url: str) -> None:
    """current_figure keeps whether each current version is demo data: a real figure correcting a demo one (by
    the form or by an import) is no longer counted as demo, a new demo figure is; the migration that added the
    flag fills it from the versions."""
    from alembic import command
    from alembic.config import Config

    from indicators.base.config import ROOT
    from indicators.io import importer

    demo, total = _demo_share(store_url)
    assert 0 < demo <= total and (demo, total) == _demo_truth(store_url)
    pol = Principal("pol", Role.EDITOR, "POL")
    with db.read_session(store_url) as s:
        keys = s.execute(text("SELECT cf.indicator_code, cf.area_code, cf.period FROM current_figure cf "
                              "JOIN figure f ON f.id = cf.figure_id JOIN indicator i ON i.code = cf.indicator_code "
                              "WHERE f.source = 'demo' AND i.actor_code = 'POL' AND i.unit = 'hours' "
                              "ORDER BY cf.period LIMIT 2")).all()  # fmt: skip
    (code, area, period), (code2, area2, period2) = keys
    db.run_write(lambda s: submit_figure(s, by=pol, figure=FigureInput(code, area, period, 5.0, None, None, "RAR")),
                 store_url)  # fmt: skip
    assert _demo_share(store_url) == (demo - 1, total) == _demo_truth(store_url)
    frame = importer.read_table(f"indicator,area,period,value\n{code2},{area2},{period2},7\n".encode(), "rättelse.csv")
    checked = importer.check_in(store_url, frame, pol)
    assert not checked.errors
    db.run_write(lambda s: importer.commit(s, pol, checked.figures, "rättelse.csv"), store_url)
    assert _demo_share(store_url) == (demo - 2, total) == _demo_truth(store_url)
    db.run_write(lambda s: submit_figure(s, by=pol, figure=FigureInput(code, area, "2010-01", 1.0, None, None, "demo")),
                 store_url)  # fmt: skip
    assert _demo_share(store_url) == (demo - 1, total + 1) == _demo_truth(store_url)

    cfg = Config(str(ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(ROOT / "migrations"))
    cfg.attributes["url"] = store_url
    command.downgrade(cfg, "0005")  # the store as it was before the flag
    db.dispose_all()
    db.migrate(store_url)
    assert _demo_share(store_url) == (demo - 1, total + 1) == _demo_truth(store_url)
