"""Backups of a SQLite store: a consistent copy taken while the dashboard keeps writing, and its restore.

Both use SQLite's online backup API. :func:`backup` copies the store as one snapshot (one read transaction: under
WAL, writers go on meanwhile and the copy holds exactly what was committed when it began). :func:`restore` checks
the file first (a SQLite database that passes ``integrity_check`` and holds this application's tables), refuses to
overwrite a store that holds figures unless forced, copies it in, brings its schema up to date and moves the data
version past every number the running app servers may have cached.

PostgreSQL stores are backed up with ``pg_dump``/``pg_restore`` and point-in-time recovery (see the README).
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import make_url, text

from indicators.storage import db
from indicators.storage.store import Action, Principal, audit, require

#: Tables a file must hold to be a store of this application.
REQUIRED_TABLES = {"figure", "current_figure", "indicator", "area", "audit_entry", "data_version", "alembic_version"}


class BackupError(RuntimeError):
    """The backup or restore can not be done; the message says why and nothing was changed."""


@dataclass(frozen=True)
class Summary:
    """What a backup file holds."""

    path: Path
    bytes: int
    figures: int
    users: int
    schema: str


def sqlite_path(url: str) -> Path:
    """The file of a SQLite store URL, or :class:`BackupError` for other databases."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        raise BackupError(
            "backup and restore work on a SQLite store; for PostgreSQL use pg_dump -Fc and pg_restore "
            "(see the README, 'Backups')"
        )
    return Path(parsed.database)


def backup(url: str, target: Path) -> Summary:
    """Copy the live store at ``url`` to ``target`` (a new file; an existing one is refused) as one snapshot."""
    source = sqlite_path(url)
    if not source.is_file():
        raise BackupError(f"{source}: no store there")
    target = Path(target)
    if target.exists():
        raise BackupError(f"{target}: exists already; choose a new file name (a backup never overwrites)")
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, partial_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent)
    os.close(fd)
    partial = Path(partial_name)
    try:
        src = sqlite3.connect(f"file:{source.resolve().as_posix()}?mode=ro", uri=True, timeout=30)
        dst = sqlite3.connect(partial)
        try:
            with dst:
                src.backup(dst)  # pages=-1: every page in one step, i.e. in one read transaction: one snapshot
            dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
        finally:
            src.close()
            dst.close()
        summary = inspect(partial)
        partial.replace(target)  # the backup appears whole or not at all
        return Summary(target, summary.bytes, summary.figures, summary.users, summary.schema)
    finally:
        partial.unlink(missing_ok=True)


def inspect(path: Path) -> Summary:
    """Check that ``path`` is a sound store file and say what it holds; :class:`BackupError` if it is not."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path}: no such file")
    with open(path, "rb") as handle:
        if handle.read(16) != b"SQLite format 3\x00":
            raise BackupError(f"{path}: not a SQLite database, so not a backup of this store")
    try:
        conn = sqlite3.connect(f"file:{path.resolve().as_posix()}?mode=ro", uri=True)
        try:
            check = conn.execute("PRAGMA integrity_check").fetchone()[0]
            if check != "ok":
                raise BackupError(f"{path}: damaged ({check}); nothing restored")
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            missing = REQUIRED_TABLES - tables
            if missing:
                raise BackupError(f"{path}: not a store of this dashboard (no table {', '.join(sorted(missing))})")
            figures = conn.execute("SELECT COUNT(*) FROM figure").fetchone()[0]
            users = conn.execute("SELECT COUNT(*) FROM app_user").fetchone()[0] if "app_user" in tables else 0
            schema = conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{path}: can not be read as a store ({exc})") from None
    return Summary(path, path.stat().st_size, int(figures), int(users), str(schema))


def restore(url: str, source: Path, by: Principal, force: bool = False) -> Summary:
    """Bring the store at ``url`` back to the backup ``source``. Only an admin (or the system operator) may; a store
    that exists is overwritten only with ``force``. The restore is audited in the restored store."""
    require(by, Action.RESTORE)
    target = sqlite_path(url)
    summary = inspect(source)
    if target.exists() and target.resolve() == Path(source).resolve():
        raise BackupError("the backup and the store are the same file")
    before = _version_and_figures(target)
    if before is not None and not force:
        raise BackupError(
            f"{target} is a store already ({before[1]} figures); restoring replaces everything in it with the "
            f"backup ({summary.figures} figures). Add --force to do so."
        )
    db.dispose_all()  # this process's pooled connections must not keep the old pages
    target.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(f"file:{Path(source).resolve().as_posix()}?mode=ro", uri=True)
    dst = sqlite3.connect(target, timeout=30)
    last_seen: list[int] = []

    def first_step(status: int, remaining: int, total: int) -> None:
        # After the first page the copy holds the store's write lock until it ends: no write can commit any more,
        # and any other connection still reads the old store. Its data version now is the last one any server
        # can have seen (read earlier, writes in between could have moved it on).
        if not last_seen:
            old = _version_and_figures(target) if remaining else None
            last_seen.append(old[0] if old else before[0] if before else 0)

    try:
        dst.execute("PRAGMA busy_timeout = 30000")
        # One page per step, so that the first step ends before the last: readers see the old store or the new one.
        src.backup(dst, pages=1, progress=first_step)
    finally:
        src.close()
        dst.close()
    db.migrate(url)  # a backup from an older release gets the newest schema

    def after(session: db.Session) -> None:
        # Caches everywhere are keyed by the data version: move it past any number seen before the restore.
        floor = max(last_seen or [0])
        bump = "UPDATE data_version SET version = MAX(version, :floor) + 1 WHERE id = 1"
        session.execute(text(bump), {"floor": floor})
        audit(session, by, "store.restore", "store", Path(source).name[:200], None,
              {"figures": summary.figures, "schema": summary.schema})  # fmt: skip

    db.run_write(after, url)
    return summary


def _version_and_figures(path: Path) -> tuple[int, int] | None:
    """The data version and figure count of an existing store file (None if there is none or it is not a store)."""
    if not path.is_file() or path.stat().st_size == 0:
        return None
    try:
        conn = sqlite3.connect(f"file:{path.resolve().as_posix()}?mode=ro", uri=True)
        try:
            version = conn.execute("SELECT version FROM data_version WHERE id = 1").fetchone()
            figures = conn.execute("SELECT COUNT(*) FROM figure").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return None
    return (int(version[0]) if version else 0, int(figures[0]) if figures else 0)
