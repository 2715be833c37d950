"""Engines and units of work: one engine per database URL, one session per unit of work.

SQLite is opened with WAL, foreign keys and a busy timeout; writes take the write lock up front
(``BEGIN IMMEDIATE``) and retry with backoff if the store is busy, so "database is locked" never reaches a user.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import math
import random
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import orjson
from sqlalchemy import Engine, create_engine, event, make_url, text
from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from indicators.base.config import ROOT, settings

T = TypeVar("T")

_engines: dict[str, Engine] = {}
_lock = threading.Lock()
_thread = threading.local()

BUSY_TIMEOUT_MS = 5000
WRITE_RETRIES = 8


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def safe_url(url: str) -> str:
    """The URL with any password masked, for messages and `info`."""
    return make_url(url).render_as_string(hide_password=True)


def readonly_url(url: str) -> str:
    """A URL whose connections can not write: a SQLite file opened read-only; a PostgreSQL session whose
    transactions are read-only. Writes then fail in the database itself, whatever the code above it does."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "postgresql":
        return parsed.update_query_dict({"options": "-c default_transaction_read_only=on"}).render_as_string(
            hide_password=False
        )
    if not is_sqlite(url) or not parsed.database:
        return url
    path = Path(parsed.database).resolve()
    return f"sqlite:///file:{path.as_posix()}?mode=ro&uri=true"


def _sqlite_file(url: str) -> Path | None:
    parsed = make_url(url)
    db = parsed.database
    if not is_sqlite(url) or not db or db == ":memory:" or db.startswith("file:"):
        return None
    return Path(db)


def get_engine(url: str | None = None) -> Engine:
    """The one engine for a URL (created on first use)."""
    url = url or settings().db_url
    with _lock:
        engine = _engines.get(url)
        if engine is None:
            engine = _create(url)
            _engines[url] = engine
        return engine


def _create(url: str) -> Engine:
    if not is_sqlite(url):
        return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20, json_deserializer=orjson.loads)
    file = _sqlite_file(url)
    if file is not None:
        file.parent.mkdir(parents=True, exist_ok=True)
    readonly = "mode=ro" in url
    # JSON columns (area shapes, audit details) are read with orjson: 140 Malmö shapes in 3 ms, not 13 (json).
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
                           json_deserializer=orjson.loads)  # fmt: skip

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's begin event decide how transactions start (pysqlite would defer them).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        if not readonly:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        # A REPLACE's deletions fire delete triggers only so: the one refusing any figure's deletion (migration 0019).
        cursor.execute("PRAGMA recursive_triggers=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        immediate = conn.get_execution_options().get("immediate", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def dispose_all() -> None:
    with _lock:
        for engine in _engines.values():
            engine.dispose()
        _engines.clear()


@contextmanager
def read_session(url: str | None = None) -> Iterator[Session]:
    """A session for reading; nothing it does is committed."""
    with Session(get_engine(url)) as session:
        yield session


@contextmanager
def _write_session(url: str | None, data: bool = True) -> Iterator[Session]:
    engine = get_engine(url)
    with engine.connect() as conn:
        conn = conn.execution_options(immediate=True)
        with Session(bind=conn, expire_on_commit=False) as session:
            try:
                yield session
                if data:
                    bump_version(session)
                session.commit()
            except BaseException:
                session.rollback()
                raise


def _is_busy(exc: OperationalError) -> bool:
    message = str(exc.orig).lower() if exc.orig is not None else str(exc).lower()
    return "locked" in message or "busy" in message or "could not serialize" in message or "deadlock" in message


def run_write(work: Callable[[Session], T], url: str | None = None, *, data: bool = True) -> T:
    """Run one unit of work in one transaction, all or nothing, retrying with backoff while the store is busy.

    ``work`` must be safe to run again: it gets a fresh session on each try. It moves the data version, so every
    cached read is made again, unless ``data=False``: bookkeeping that no page reads through a cache (a sign-in
    session kept alive) must not throw away every user's cached pages.
    """
    delay = 0.05
    for attempt in range(WRITE_RETRIES):
        try:
            with _write_session(url, data) as session:
                result = work(session)
            _thread.writes = thread_writes() + 1
            return result
        except OperationalError as exc:
            if not _is_busy(exc) or attempt == WRITE_RETRIES - 1:
                raise
            time.sleep(delay * (1 + random.random()))
            delay = min(delay * 2, 2.0)
    raise AssertionError("unreachable")


def thread_writes() -> int:
    """How many units of work this thread has committed: a caller that read the data version once (for a whole
    page run) knows by it to read it again after its own write."""
    return int(getattr(_thread, "writes", 0))


#: The advisory lock of the figure writer on PostgreSQL (:func:`lock_for_transaction`).
FIGURE_WRITES = 230_001


def lock_for_transaction(session: Session, key: int) -> None:
    """Wait for, and hold until the transaction ends, the lock ``key``: writers that take it run one after the
    other, as every writer does on SQLite (whose writes take its one write lock up front). On PostgreSQL a
    transaction-level advisory lock; a deadlock with another writer is retried by :func:`run_write`."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})


def bump_version(session: Session) -> None:
    """Every write moves the shared data version, so every app server's caches see it on their next rerun."""
    session.execute(text("UPDATE data_version SET version = version + 1 WHERE id = 1"))


def data_version(url: str | None = None) -> int:
    """The store's data version (0 for a store without the table yet)."""
    with get_engine(url).connect() as conn:
        try:
            row = conn.execute(text("SELECT version FROM data_version WHERE id = 1")).first()
        except OperationalError:
            return 0
        except Exception:  # noqa: BLE001 - e.g. PostgreSQL's UndefinedTable before `init`
            return 0
        return int(row[0]) if row else 0


def migrate(url: str | None = None, revision: str = "head") -> None:
    """Create or upgrade the store to the newest schema (Alembic)."""
    from alembic import command
    from alembic.config import Config

    url = url or settings().db_url
    cfg = Config(str(ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(ROOT / "migrations"))
    cfg.attributes["url"] = url
    command.upgrade(cfg, revision)
    with Session(get_engine(url)) as session:
        session.execute(
            text("INSERT INTO data_version (id, version) SELECT 1, 0 WHERE NOT EXISTS (SELECT 1 FROM data_version)")
        )
        session.commit()
    if cfg.attributes.get("rebuild_public") and revision == "head":  # a migration changed what the public may see
        from indicators.storage import release

        run_write(lambda session: release.refresh(session), url)


@contextmanager
def pause_gc() -> Iterator[None]:
    """Python's cycle collector paused for a bulk loop (an import builds hundreds of thousands of small objects
    and no cycles, and the collector would walk them again and again: 10–15 % of an import of 100,000 rows);
    restored afterwards. Also a decorator."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def insert_rows(session: Session, table: str, columns: list[str], rows: Iterable[tuple[Any, ...]]) -> int:
    """Insert many rows in the session's transaction by the driver's fastest path: COPY on PostgreSQL, one prepared
    ``executemany`` on SQLite. Dates, times and JSON go in as SQLAlchemy would store them; the table and
    column names are the code's own, never user input. Returns the number of rows."""
    connection = session.connection()
    raw: Any = connection.connection.dbapi_connection
    if connection.dialect.name == "postgresql":
        # Column by column: only a column that holds JSON (dicts) is converted, to its text; the rest go as they are.
        columns_of = list(zip(*rows, strict=True))
        for i, column in enumerate(columns_of):
            if any(issubclass(kind, dict) for kind in set(map(type, column))):
                columns_of[i] = tuple(json_text(x) if isinstance(x, dict) else x for x in column)
        with raw.cursor() as cursor, cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            write = copy.write_row
            for row in zip(*columns_of, strict=True):
                write(row)
        return len(columns_of[0]) if columns_of else 0
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"  # noqa: S608 - the code's own names
    # Column by column: most columns hold only text, numbers and NULLs, which go in as they are; a column of dates
    # or times repeats few values, each converted once.
    values = list(zip(*rows, strict=True))
    for i, column in enumerate(values):
        kinds = set(map(type, column))
        if kinds <= _AS_IS:
            continue
        if kinds <= _DAYS:
            converted = {x: _sqlite_value(x) for x in set(column)}
            values[i] = tuple(map(converted.__getitem__, column))
        else:
            values[i] = tuple(map(_sqlite_value, column))
    if values:
        raw.cursor().executemany(sql, zip(*values, strict=True))
    return len(values[0]) if values else 0


_AS_IS = frozenset({str, int, float, type(None)})
_DAYS = frozenset({dt.date, dt.datetime, type(None)})


def _sqlite_value(value: Any) -> Any:
    """A value as SQLAlchemy's SQLite types store it (dates and times as ISO text, JSON as text)."""
    if isinstance(value, dt.datetime):
        return value.isoformat(" ", timespec="microseconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return json_text(value)
    return value


def json_text(value: dict[str, Any]) -> str:
    """JSON as SQLAlchemy's JSON type writes it (``json.dumps``), so a row stored in bulk reads, and matches a text
    search, exactly as one stored through the ORM; a number that is not finite (an absurd stored figure's value) is
    null, as JSON has no infinity and PostgreSQL refuses one."""
    return json.dumps({k: None if isinstance(v, float) and not math.isfinite(v) else v for k, v in value.items()})
