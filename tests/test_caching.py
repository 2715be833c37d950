"""A page run reads the store's data version once (every cached read of the run is keyed by it), and again after
a write of its own; the next run reads it afresh, so a write through another server shows on the next rerun."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from indicators.read import queries
from indicators.storage import db
from ui import common


def _bump(url: str) -> None:
    db.run_write(lambda s: None, url)  # any unit of work moves the data version


def _bump_elsewhere(url: str) -> None:
    """A write by another session or server (another thread)."""
    other = threading.Thread(target=_bump, args=(url,))
    other.start()
    other.join()


def test_a_run_reads_the_data_version_once_and_after_its_own_write(store_url: str) -> None:
    common.start_run()
    first = common._version(store_url)
    _bump_elsewhere(store_url)
    assert db.data_version(store_url) == first + 1
    assert common._version(store_url) == first  # this run keeps the version it started with
    _bump(store_url)  # this run writes itself
    assert common._version(store_url) == first + 2
    common.start_run()  # the next rerun
    _bump_elsewhere(store_url)
    assert common._version(store_url) == first + 3


def test_a_read_is_cached_by_its_function_and_arguments(store_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Pages name the read itself (``query(queries.pledge, code)``): the cache key is the function's module and name
    with the arguments, so the same read with the same arguments runs once per data version, whether its
    arguments are passed by position or by name, and another read or argument runs on its own."""
    monkeypatch.setenv("INDICATORS_DB_URL", store_url)
    calls: list[tuple[str, ...]] = []
    real = queries.pledge

    def counted(session: db.Session, code: str) -> dict[str, Any] | None:
        calls.append((code,))
        return real(session, code)

    monkeypatch.setattr(counted, "__qualname__", "test_caching.counted_pledge")
    common.start_run()
    first = common.query(counted, "sofielund-2022")
    assert first is not None and first["code"] == "sofielund-2022"
    assert common.query(counted, code="sofielund-2022") == first
    assert calls == [("sofielund-2022",)]
    assert common.query(counted, "no-such-pledge") is None
    assert calls == [("sofielund-2022",), ("no-such-pledge",)]
    _bump(store_url)
    common.start_run()  # a write: the next run reads afresh
    common.query(counted, "sofielund-2022")
    assert len(calls) == 3
