"""Shared fixtures: stores on SQLite and on a real PostgreSQL server, AppTest hygiene, browser set-up.

Where a browser or PostgreSQL cannot be had, their tests skip with the reason; with CI=true that is a failure.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from indicators import auth, catalogue, db, demo
from indicators.config import settings
from indicators.store import SYSTEM
from tests.support import CHROMIUM, CHROMIUM_ARGS, PgCluster, pg_bin

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
ARTIFACTS = Path(__file__).parent / "artifacts"


def unavailable(reason: str) -> None:
    """Skip a test whose real part is missing, or fail it in CI, where a skip would hide a gap."""
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: a missing browser or PostgreSQL is a failure, not a skip)")
    pytest.skip(reason)


#: The users every test store holds: name → (role, actor). Their password is PASSWORD.
USERS = {
    "admin": ("admin", None),
    "ordf": ("steering", None),
    "lasare": ("viewer", None),
    "pol": ("editor", "POL"),
    "fgk": ("editor", "FGK"),
    "bid": ("editor", "BID"),
}
PASSWORD = "rätt-hemligt-1"


def load_sofielund(url: str, with_demo: bool = True) -> None:
    db.migrate(url)
    cat = catalogue.load(settings().pledge_file)

    def work(session: db.Session) -> None:
        catalogue.seed(session, cat)
        if with_demo:
            demo.seed_demo(session, cat.spec.pledge.code)
        for name, (role, actor) in USERS.items():
            auth.add_user(session, SYSTEM, name, PASSWORD, role, actor)

    db.run_write(work, url)


def sign_in_as(at: AppTest, username: str) -> AppTest:
    """Put a signed-in user into an AppTest session (as the sign-in page does after a right password)."""
    role, actor = USERS[username]
    at.session_state["user"] = {"username": username, "role": role, "actor_code": actor}
    return at


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite store with the Sofielund catalogue and demo data, made once and copied per test."""
    path = tmp_path_factory.mktemp("template") / "sofielund.db"
    url = f"sqlite:///{path}"
    load_sofielund(url)
    db.get_engine(url).dispose()
    return path


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PgCluster | None]:
    if os.environ.get("INDICATORS_TEST_PG") == "0" or pg_bin() is None:
        yield None
        return
    try:
        cluster = PgCluster().start()
    except Exception as exc:  # noqa: BLE001
        print(f"PostgreSQL could not start: {exc}")
        yield None
        return
    yield cluster
    db.dispose_all()
    cluster.stop()


@pytest.fixture(scope="session")
def pg_template(pg_cluster: PgCluster | None) -> str | None:
    if pg_cluster is None:
        return None
    url = pg_cluster.create_database("template_sofielund")
    load_sofielund(url)
    db.get_engine(url).dispose()
    db._engines.pop(url, None)
    return "template_sofielund"


def _pg_store(pg_cluster: PgCluster | None, template: str | None) -> str:
    if pg_cluster is None:
        unavailable("PostgreSQL server binaries not found or the cluster did not start")
    assert pg_cluster is not None
    return pg_cluster.create_database(f"t_{uuid.uuid4().hex[:12]}", template)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path) -> str:
    """A store with the Sofielund catalogue and demo data, on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        path = tmp_path / "store.db"
        shutil.copy(sqlite_template, path)
        return f"sqlite:///{path}"
    cluster = request.getfixturevalue("pg_cluster")
    return _pg_store(cluster, request.getfixturevalue("pg_template"))


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)])
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty, migrated store, on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'empty.db'}"
    else:
        url = _pg_store(request.getfixturevalue("pg_cluster"), None)
    db.migrate(url)
    return url


@pytest.fixture
def sqlite_store(tmp_path: Path, sqlite_template: Path) -> str:
    """The Sofielund store on SQLite only (for page tests)."""
    path = tmp_path / "store.db"
    shutil.copy(sqlite_template, path)
    return f"sqlite:///{path}"


@pytest.fixture(autouse=True)
def _clear_streamlit_caches() -> Iterator[None]:
    """Streamlit's caches live in the process: keep one test's cached reads out of the next."""
    yield
    try:
        import streamlit as st

        st.cache_data.clear()
        st.cache_resource.clear()
    except Exception:  # noqa: BLE001
        pass


# Browser tests (pytest-playwright) use Debian's Chromium.
@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:  # type: ignore[type-arg]
    if not Path(CHROMIUM).exists():
        return browser_type_launch_args
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def need_chromium() -> None:
    if not Path(CHROMIUM).exists():
        unavailable(f"Debian's Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
