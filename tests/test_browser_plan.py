"""The åtgärdsplan and the chain in Chromium against the real server: an editor changes their own action on
Åtaganden and sees it planned against done; the steering group reads where each problem's chain stands; a resident
on a phone reads the chain in plain Swedish on Löftet (axe-checked)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from tests.browser import assert_no_error_box, sign_in, wait_for_app
from tests.support import ROOT, AppServer
from tests.test_browser_public import axe_js, serious_violations

pytestmark = [pytest.mark.browser]
__all__ = ["axe_js"]  # the fixture, shared with the public pages' walk

SHOTS = ROOT / "tests" / "artifacts"


@pytest.fixture
def server(need_chromium: None, store_url: str) -> Iterator[AppServer]:
    app = AppServer(store_url).start()
    yield app
    app.stop()


def test_an_editor_changes_an_action_and_sees_it_planned_against_done(page: Page, server: AppServer) -> None:
    page.set_viewport_size({"width": 1280, "height": 1000})
    sign_in(page, server, "pol")
    page.goto(f"{server.url}/ataganden?until=2023-Q1&actor=POL", wait_until="commit")
    wait_for_app(page)
    assert_no_error_box(page)
    expect(page.get_by_text("Åtgärdsplanen: planerat mot gjort")).to_be_visible()
    expect(page.get_by_text("I åtgärdsplanen").first).to_be_visible()
    page.get_by_text("Ändra er åtgärdsplan").scroll_into_view_if_needed()
    page.get_by_role("spinbutton", name="Planerad mängd").fill("20")
    page.get_by_role("button", name="Spara åtgärden").click()
    wait_for_app(page)
    expect(page.get_by_text("Åtgärden G1-1 är sparad.")).to_be_visible()
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "plan_editor.png"), full_page=True)
    # 20 hours a month planned where about 150 are done: on plan, with the new quantity shown under G1
    expect(page.get_by_text("20 timmar i månaden").first).to_be_visible()


def test_the_chain_for_the_steering_group_and_for_a_resident_on_a_phone(
    page: Page, server: AppServer, axe_js: str
) -> None:
    page.set_viewport_size({"width": 1280, "height": 1000})
    sign_in(page, server, "ordf")
    page.goto(f"{server.url}/fran-problem-till-effekt?until=2023-Q1", wait_until="commit")
    wait_for_app(page)
    assert_no_error_box(page)
    expect(page.get_by_role("heading", name="Från problem till effekt")).to_be_visible()
    page.locator("summary").filter(has_text="L5. Otryggheten på kvällarna").click()
    wait_for_app(page)
    opened = page.locator("details[open]")
    expect(opened.get_by_text("Det här lovade vi")).to_be_visible()
    expect(opened.get_by_text("Var kedjan står")).to_be_visible()
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "plan_chain.png"), full_page=True)

    page.context.clear_cookies()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{server.url}/?until=2023-Q1", wait_until="commit")  # Löftet is the start page
    wait_for_app(page)
    assert_no_error_box(page)
    expect(page.get_by_text("Det här var problemen. Det här lovade vi.")).to_be_visible()
    page.locator("summary").filter(has_text="L4. Missbruk och nedskräpning").click()
    wait_for_app(page)
    expect(page.locator("details[open]").get_by_text("Det här har vi gjort (planerat mot gjort)")).to_be_visible()
    page.screenshot(path=str(SHOTS / "plan_public_phone.png"), full_page=True)
    assert serious_violations(page, axe_js) == []
