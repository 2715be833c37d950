"""Every write path of the domain package as every role, and as an editor of another actor: allowed or refused.

Called directly, not through pages: hiding a button protects nothing; the domain package is the gate.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, select

from indicators.base.config import settings
from indicators.base.models import AuditEntry, Figure, Role
from indicators.io import backup, catalogue, importer
from indicators.rules.validation import FigureInput, ValidationError
from indicators.storage import auth, db, store
from indicators.storage.store import PermissionDenied, Principal

WHO: dict[str, Principal | None] = {
    "public": None,
    "viewer": Principal("lasare", Role.VIEWER),
    "editor_own": Principal("pol", Role.EDITOR, "POL"),
    "editor_other": Principal("fgk", Role.EDITOR, "FGK"),
    "steering": Principal("ordf", Role.STEERING),
    "admin": Principal("admin", Role.ADMIN),
}
FIGURE = FigureInput("I01", "11319", "2026-01", 150.0, None, None, "POL")  # a POL indicator


def _submitted_id(session: Session) -> int:
    return int(session.exec(select(Figure.id).where(Figure.review_state == "submitted")).first())  # type: ignore[arg-type]


def _approve_then_publish(session: Session, by: Principal | None) -> int:
    """The steering group approves one figure (in the same unit of work), then ``by`` publishes its period."""
    figure_id = _submitted_id(session)
    store.approve_figures(session, WHO["steering"], [figure_id])  # type: ignore[arg-type]
    period = session.get(Figure, figure_id).period  # type: ignore[union-attr]
    return store.publish_figures(session, by, period)  # type: ignore[arg-type]


#: write path → (function of (session, principal), the principals allowed)
WRITES: dict[str, tuple[Callable[[Session, Any], Any], set[str]]] = {
    "figure": (lambda s, by: store.submit_figure(s, by=by, figure=FIGURE), {"editor_own"}),
    "withdraw": (lambda s, by: store.withdraw_figure(s, by, "I01", "11319", "2023-06", "fel källa"), {"editor_own"}),
    "import": (lambda s, by: importer.commit(s, by, [FIGURE], "test.csv"), {"editor_own"}),
    "activity": (
        lambda s, by: store.record_activity(
            s, by, {"type": "patrol", "date": "2026-01-10", "area": "11319", "commitment": "P2"}
        ),
        {"editor_own"},
    ),
    "status": (
        lambda s, by: store.report_status(s, by, {"commitment": "P2", "period": "2026-Q1", "status": "ongoing"}),
        {"editor_own"},
    ),
    "review": (lambda s, by: store.approve_figures(s, by, [_submitted_id(s)]), {"steering"}),
    "publish": (lambda s, by: _approve_then_publish(s, by), {"steering"}),
    "meeting": (
        lambda s, by: store.save_meeting(
            s, by, "sofielund-2022", "Möte", dt.date(2026, 1, 5), "11319", dt.date(2025, 12, 31)
        ),
        {"steering"},
    ),
    "users": (lambda s, by: auth.add_user(s, by, "ny.person", "ett-långt-lösen", "viewer"), {"admin"}),
    "disable_user": (lambda s, by: auth.set_disabled(s, by, "bid"), {"admin"}),
    "catalogue": (lambda s, by: catalogue.seed(s, catalogue.load(settings().pledge_file), by=by), {"admin"}),
}


@pytest.mark.parametrize("who", list(WHO))
@pytest.mark.parametrize("write", list(WRITES))
def test_write_paths_allow_only_their_roles(store_url: str, write: str, who: str) -> None:
    work, allowed = WRITES[write]
    principal = WHO[who]
    with db.read_session(store_url) as s:
        audit_before = len(s.exec(select(AuditEntry.id)).all())
    if who in allowed:
        db.run_write(lambda s: work(s, principal), store_url)
        with db.read_session(store_url) as s:
            entries = s.exec(select(AuditEntry).where(AuditEntry.id > audit_before)).all()  # type: ignore[operator]
        assert principal is not None and any(e.username == principal.username for e in entries)  # audited
        if write == "publish":
            assert any(e.action == "figure.publish" for e in entries)
    else:
        # An editor of another actor acting on its own activity/status cannot name POL's commitment (validation);
        # everything else is refused as a permission, before anything is written.
        expected = (PermissionDenied, ValidationError) if who == "editor_other" and write in ("activity", "status") \
            else PermissionDenied  # fmt: skip
        with pytest.raises(expected):
            db.run_write(lambda s: work(s, principal), store_url)
        with db.read_session(store_url) as s:
            assert len(s.exec(select(AuditEntry.id)).all()) == audit_before  # nothing written


def test_an_editor_can_not_import_another_actors_rows(store_url: str) -> None:
    """The importer names the row: FGK's editor cannot import POL's indicator, even inside a mixed file."""
    frame = importer.read_table(b"indicator;area;period;value\nI11;11319;2026-01;4\nI01;11319;2026-01;150\n",
                                "x.csv", 10**6)  # fmt: skip
    with db.read_session(store_url) as s:
        checked = importer.check(frame, store.rules(s), WHO["editor_other"])  # type: ignore[arg-type]
    assert [(e.line, e.field) for e in checked.errors] == [(3, "indicator")]
    assert "I01 rapporteras av POL" in str(checked.errors[0])


@pytest.mark.parametrize("who", list(WHO))
def test_restoring_a_backup_is_for_the_admin_only(sqlite_template: Path, tmp_path: Path, who: str) -> None:
    """The tenth write path, `restore` (SQLite stores; PostgreSQL is restored with pg_restore, see the README)."""
    url = f"sqlite:///{tmp_path / 'store.db'}"
    shutil.copy(sqlite_template, tmp_path / "store.db")
    copy = backup.backup(url, tmp_path / "backup.db")
    db.run_write(lambda s: store.submit_figure(s, by=WHO["editor_own"], figure=FIGURE), url)  # after the backup
    with db.read_session(url) as s:
        figures_before = len(s.exec(select(Figure.id)).all())
    if who == "admin":
        backup.restore(url, copy.path, WHO[who], force=True)  # type: ignore[arg-type]
        with db.read_session(url) as s:
            assert len(s.exec(select(Figure.id)).all()) == figures_before - 1  # back to the backup
            assert s.exec(select(AuditEntry).where(AuditEntry.action == "store.restore")).one().username == "admin"
    else:
        with pytest.raises(PermissionDenied):
            backup.restore(url, copy.path, WHO[who], force=True)  # type: ignore[arg-type]
        with db.read_session(url) as s:
            assert len(s.exec(select(Figure.id)).all()) == figures_before  # nothing restored
