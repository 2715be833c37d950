"""Two pledges in one store, walked in Chromium: every public and internal page opens for the second pledge chosen
by its address and by the shared filter, and shows that pledge's name, commitments and areas."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from indicators.base.models import Role
from tests.browser import assert_no_error_box, sign_in, wait_for_app
from tests.pledges import lindangen, seed, write
from tests.support import AppServer
from ui import registry

pytestmark = [pytest.mark.browser]

NAME = "Medborgarlöfte Lindängen 2024–2025"


@pytest.fixture
def two_pledges(need_chromium: None, store_url: str, tmp_path: Path) -> Iterator[AppServer]:
    """The demo store (Sofielund 2022–2023) with Lindängen 2024–2025 loaded beside it (and a figure of its own for
    its delområde), served as `make run` does."""
    from indicators.storage import db, store

    seed(store_url, write(tmp_path, lindangen(reuse_codes=False)))
    db.run_write(lambda s: store.insert_figures_bulk(s, by=store.SYSTEM, as_catalogue=True, figures=[
        store.BulkFigure("L01", "36213", "2025-06", 12.0, source="POLS")]), store_url)  # fmt: skip
    app = AppServer(store_url).start()
    yield app
    app.stop()


def test_every_page_opens_for_the_second_pledge_by_its_address(page: Page, two_pledges: AppServer) -> None:
    """The public (every public page), then a viewer, an editor, the steering group and the administrator (every
    internal page, each page once, by the first role that may open it) open each page at `?pledge=lindangen-2024`:
    the page shows Lindängen's pledge in the shared filter and no error."""
    page.set_viewport_size({"width": 1280, "height": 1000})
    seen: set[str] = set()
    for role, user in ((None, ""), (Role.VIEWER, "lasare"), (Role.EDITOR, "pol"), (Role.STEERING, "ordf"),
                       (Role.ADMIN, "admin")):  # fmt: skip
        if user:
            page.context.clear_cookies()  # signed out: the next sign-in starts from the public start page
            sign_in(page, two_pledges, user)
        shown = [p for pages in registry.sections(role, False).values() for p in pages if p.public or p.guarded]
        for i, spec in enumerate(shown):
            if spec.path in seen and i:
                continue
            seen.add(spec.path)
            path = "" if i == 0 else spec.url  # the first page of the navigation is the start page, at "/"
            page.goto(f"{two_pledges.url}/{path}?pledge=lindangen-2024", wait_until="commit")
            wait_for_app(page)
            assert_no_error_box(page)
            if spec.path != "pages/users.py":  # accounts are the store's, not a pledge's: no pledge filter
                expect(page.locator(".st-key-pledge input")).to_have_value(NAME)  # the shared filter, as the URL says
    assert {p.path for p in registry.PAGES if p.public or p.guarded} <= seen


def test_the_second_pledge_chosen_in_the_filter_shows_its_commitments_and_areas(
    page: Page, two_pledges: AppServer, artifacts: Path
) -> None:
    """The public start page lists both pledges; choosing Lindängen in the sidebar's filter shows its commitments
    (L1, L2) on "Löftet", and its delområde on the signed-in map."""
    page.set_viewport_size({"width": 1280, "height": 1000})
    page.goto(two_pledges.url, wait_until="commit")
    wait_for_app(page)
    page.get_by_text("Alla medborgarlöften här (2)").click()
    expect(page.get_by_role("button", name=NAME)).to_be_visible()
    page.get_by_label("Medborgarlöfte", exact=True).first.click()
    page.get_by_role("option", name=NAME).click()
    wait_for_app(page)
    expect(page.get_by_role("heading", name=NAME)).to_be_visible()
    expect(page.get_by_text("Fotpatrullering kring centrum.")).to_be_visible()
    expect(page.get_by_text("Belysning i entréer.")).to_be_visible()
    assert "pledge=lindangen-2024" in page.url
    assert_no_error_box(page)
    page.screenshot(path=artifacts / "two-pledges-public.png", full_page=True)
    sign_in(page, two_pledges, "lasare")
    page.goto(f"{two_pledges.url}/karta?pledge=lindangen-2024", wait_until="commit")
    wait_for_app(page)
    assert_no_error_box(page)
    expect(page.locator('[data-testid="stDeckGlJsonChart"]').first).to_be_visible()  # the map is drawn ...
    expect(page.get_by_text("Lindängen (delområde)").first).to_be_attached()  # ... with its area in the map's table
    page.screenshot(path=artifacts / "two-pledges-map.png", full_page=True)
