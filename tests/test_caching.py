"""A page run reads the store's data version once (every cached read of the run is keyed by it), and again after
a write of its own; the next run reads it afresh, so a write through another server shows on the next rerun."""

from __future__ import annotations

import threading

from indicators import db
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
