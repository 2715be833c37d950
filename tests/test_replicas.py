"""Several app servers on one PostgreSQL: a write through one is seen through the other on its next rerun (the
caches are keyed by the data version kept in the database, not by anything in one process)."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from indicators.rules.periods import PeriodKind, period_containing
from tests.browser import sign_in, use_ceiling, wait_for_app
from tests.support import AppServer, PgCluster, pg_store

pytestmark = [pytest.mark.browser, pytest.mark.pg]


def _line(page: Page, code: str) -> str:
    return next(x for x in page.locator("main").inner_text().splitlines() if f"– {code}: " in x)


def test_a_write_through_one_server_is_read_through_another(
    page: Page, need_chromium: None, pg_cluster: PgCluster | None, pg_template: str | None
) -> None:
    url = pg_store(pg_cluster, pg_template)
    one, two = AppServer(url).start(), AppServer(url).start()
    try:
        quarter = period_containing(PeriodKind.QUARTER, dt.date.today()).code
        reader = page.context.browser.new_page(viewport={"width": 1280, "height": 2400})  # type: ignore[union-attr]
        use_ceiling(reader)
        reader.goto(f"{two.url}/vad-har-gjorts?until={quarter}")
        wait_for_app(reader)
        before = _line(reader, "G1")  # server two has read (and cached) the statuses
        assert "Risk för försening" not in before

        page.set_viewport_size({"width": 1280, "height": 1400})
        sign_in(page, one, "pol")  # the police's editor, on server one
        page.goto(f"{one.url}/atagandestatus")
        wait_for_app(page)
        page.get_by_text("Risk för försening", exact=True).click()
        page.get_by_role("textbox", name="Kommentar").fill(
            "Färre poliser i tjänst under hösten."
        )  # required when at risk
        page.get_by_role("button", name="Spara status").click()
        wait_for_app(page)
        expect(page.get_by_text("Sparat: G1 Risk för försening.", exact=False).first).to_be_visible()

        reader.reload()
        wait_for_app(reader)
        assert "Risk för försening" in _line(reader, "G1")
        reader.close()
    finally:
        one.stop()
        two.stop()
