"""Shared fixtures: stores on SQLite and on a real PostgreSQL server, AppTest hygiene, browser set-up.

Where a browser or PostgreSQL cannot be had, their tests skip with the reason; with CI=true that is a failure.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from indicators.storage import db
from tests.support import (
    CHROMIUM,
    CHROMIUM_ARGS,
    PgCluster,
    load_sofielund,
    pg_bin,
    pg_store,
    unavailable,
)

#: The database every store-using test runs on: `make test` runs the suite on SQLite, then again on PostgreSQL.
SUITE_DB = os.environ.get("INDICATORS_TEST_DB", "sqlite")
if SUITE_DB not in {"sqlite", "postgresql"}:
    raise RuntimeError(f"INDICATORS_TEST_DB must be sqlite or postgresql, not {SUITE_DB!r}")
#: `make test` runs both passes at once and sets this: tests marked second_pass (long, database-free) then run only in
#: the PostgreSQL pass instead of the SQLite one, so that the two passes take about as long.
SPLIT = os.environ.get("INDICATORS_TEST_SPLIT") == "1"
#: The PostgreSQL pass runs every browser test too (`make test-postgresql`), not just those marked pg_pass.
ALL_BROWSER = os.environ.get("INDICATORS_TEST_PG_BROWSER") == "1"
#: The fixtures that give a test a store on the suite's database.
STORE_FIXTURES = {"new_store", "store_url", "empty_url"}
ARTIFACTS = Path(__file__).parent / "artifacts"


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


@pytest.fixture(scope="session")
def new_store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Callable[..., str]:
    """Make a fresh store on the suite's database and return its URL: ``new_store()`` holds the Sofielund
    catalogue, the test users and demo data; ``new_store(empty=True)`` is migrated and empty."""

    def make(empty: bool = False) -> str:
        if SUITE_DB == "postgresql":
            cluster = request.getfixturevalue("pg_cluster")
            url = pg_store(cluster, None if empty else request.getfixturevalue("pg_template"))
        else:
            path = tmp_path_factory.mktemp("store") / "store.db"
            if not empty:
                shutil.copy(request.getfixturevalue("sqlite_template"), path)
            url = f"sqlite:///{path}"
        if empty:
            db.migrate(url)
        return url

    return make


@pytest.fixture
def store_url(new_store: Callable[..., str]) -> str:
    """A store with the Sofielund catalogue, the test users and demo data, on the suite's database."""
    return new_store()


@pytest.fixture
def empty_url(new_store: Callable[..., str]) -> str:
    """An empty, migrated store on the suite's database."""
    return new_store(empty=True)


def _second_pass(item: pytest.Item) -> bool:
    """A test `make test` runs in its PostgreSQL pass only, which has the time to spare (the SQLite pass runs the
    browser tests): one marked ``second_pass``, and every property test that touches no database and no browser."""
    if item.get_closest_marker("second_pass"):
        return True
    pure = not (STORE_FIXTURES & set(getattr(item, "fixturenames", ()))) and not item.get_closest_marker("browser")
    return pure and bool(getattr(getattr(item, "obj", None), "is_hypothesis_test", False))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """On the PostgreSQL pass, run the tests that use a store: store, CLI and AppTest page tests (every page's queries
    run there as in a browser). The tests that touch no store ran on the first pass, and so did the browser tests,
    whose database work is the AppTest tests'; browser tests marked ``pg_pass`` (a server killed mid-submit) run
    here too, and with INDICATORS_TEST_PG_BROWSER=1 (`make test-postgresql`) every browser test does."""
    if SUITE_DB != "postgresql":
        if SPLIT:  # make test: the database-free tests marked second_pass run in the other pass, to even the time
            dropped = [item for item in items if _second_pass(item)]
            if dropped:
                config.hook.pytest_deselected(items=dropped)
                items[:] = [item for item in items if not _second_pass(item)]
        return
    kept, dropped = [], []
    for item in items:
        if SPLIT and _second_pass(item):
            kept.append(item)
            continue
        uses_store = STORE_FIXTURES & set(getattr(item, "fixturenames", ()))
        browser_only = item.get_closest_marker("browser") and not (item.get_closest_marker("pg_pass") or ALL_BROWSER)
        (kept if uses_store and not browser_only else dropped).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


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


@pytest.fixture(autouse=True)
def _browser_ceiling(request: pytest.FixtureRequest) -> None:
    """A browser test's waits end when the page is done; their timeouts are the suite's ceiling, not a guess."""
    if "page" in request.fixturenames and request.node.get_closest_marker("browser"):
        from playwright.sync_api import expect

        from tests.browser import CEILING_MS, use_ceiling

        expect.set_options(timeout=CEILING_MS)
        use_ceiling(request.getfixturevalue("page"))


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
