"""The browser timings (tools/browser_timings.py): fresh visitors in Chromium, each page next to a bare Streamlit
page with a chart, a map and a table, timed in the same run; an internal page really signed in."""

from __future__ import annotations

import sys

import pytest
from playwright.sync_api import Browser

from indicators.base.config import ROOT

sys.path.insert(0, str(ROOT / "tools"))

import browser_timings  # a tool beside the package, not part of it

pytestmark = [pytest.mark.browser]

PUBLIC, INTERNAL = "public_about", "commitments"  # the lightest of each kind: a quick test


def test_a_public_and_an_internal_page_next_to_the_reference(
    need_chromium: None, browser: Browser, store_url: str
) -> None:
    result = browser_timings.browser_timings(
        store_url, runs=1, widths=(1280,), pages=[PUBLIC, INTERNAL], browser=browser, warm_up=False
    )

    assert result["runs"] == 1 and result["reader"] == "demo-lasare"
    assert list(result["widths"]) == ["1280"]
    width = result["widths"]["1280"]
    reference = width["reference"]
    assert reference["median_ms"] > 0 and len(reference["runs_ms"]) == 1
    assert set(width["pages"]) == {PUBLIC, INTERNAL}
    for name, page in width["pages"].items():
        assert page["median_ms"] > 0 and len(page["runs_ms"]) == 1, name
        assert page["ratio"] == round(page["median_ms"] / reference["median_ms"], 2)
        # The browser's timeline: the document, then the app's run (when the page saw it running), the settled page.
        phases = page["phases_ms"]
        assert 0 < phases["html"] < phases["settled"] <= page["median_ms"], (name, phases)
        assert phases.get("run_start", 0) <= phases.get("run_end", 0) <= phases["settled"], (name, phases)
    assert width["pages"][INTERNAL]["signed_in"] and not width["pages"][PUBLIC]["signed_in"]
    assert width["max_ratio"] == max(p["ratio"] for p in width["pages"].values()) == result["max_ratio"]


def test_an_internal_page_not_signed_in_is_refused(need_chromium: None, browser: Browser, store_url: str) -> None:
    """With a cookie that signs no one in, the internal page shows the public view: that is not a timing of it."""
    with pytest.raises(RuntimeError, match="not signed in as demo-lasare"):
        browser_timings.browser_timings(
            store_url, runs=1, widths=(1280,), pages=[INTERNAL], browser=browser, token="x" * 43
        )
