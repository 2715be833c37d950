"""Real browser tests: Debian's Chromium drives `streamlit run` on localhost. Screenshots land in tests/artifacts/."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.support import AppServer

pytestmark = [pytest.mark.browser]


@pytest.fixture
def server(need_chromium: None, sqlite_store: str) -> Iterator[AppServer]:
    app = AppServer(sqlite_store).start()
    yield app
    app.stop()


@pytest.fixture(scope="module")
def shared_server(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppServer]:
    """One server for the read-only page walk (each test still opens its own browser page)."""
    if not Path("/usr/bin/chromium").exists():
        pytest.skip("no chromium")  # need_chromium (function-scoped) fails the test itself in CI
    path = tmp_path_factory.mktemp("walk") / "store.db"
    shutil.copy(sqlite_template, path)
    app = AppServer(f"sqlite:///{path}").start()
    yield app
    app.stop()


def wait_for_app(page: Page) -> None:
    """A rerun has finished when the app reports it is not running any more."""
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=30_000)
    page.wait_for_timeout(300)


def assert_no_error_box(page: Page) -> None:
    assert page.locator('[data-testid="stException"]').count() == 0, page.locator(
        '[data-testid="stException"]'
    ).first.inner_text()
    assert page.locator('[data-testid="stAlertContentError"]').count() == 0
    assert page.get_by_text("Page not found").count() == 0


def test_overview_renders_in_chromium(page: Page, server: AppServer, artifacts: Path) -> None:
    """The overview opens in a real browser with the pledge, its levels and the demo label, and no error box."""
    page.set_viewport_size({"width": 1280, "height": 1000})
    page.goto(server.url)
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Medborgarlöfte Sofielund 2022–2023")).to_be_visible()
    for level in ["Resurser och aktiviteter", "Prestationer", "Effekter"]:
        expect(page.get_by_text(level, exact=True).first).to_be_visible()
    expect(page.get_by_text("Exempeldata", exact=False).first).to_be_visible()
    assert_no_error_box(page)
    page.screenshot(path=artifacts / "overview.png", full_page=True)


def test_overview_fits_a_phone(page: Page, server: AppServer, artifacts: Path) -> None:
    """At a phone's width (390 px) the page still shows the pledge without horizontal scrolling."""
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(server.url)
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Medborgarlöfte Sofielund 2022–2023")).to_be_visible()
    assert_no_error_box(page)
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 390 + 1
    page.screenshot(path=artifacts / "overview-390.png", full_page=True)


def test_indicator_page_renders_in_chromium(page: Page, server: AppServer, artifacts: Path) -> None:
    """An indicator's page opens from its URL with its history table and no error box."""
    page.set_viewport_size({"width": 1280, "height": 1000})
    page.goto(server.url)  # a session runs the router first, as a user arriving at the dashboard does
    wait_for_app(page)
    page.goto(f"{server.url}/indikator?code=I20")
    wait_for_app(page)
    expect(page.get_by_role("heading", name="I20 – Problemindex (polisens trygghetsmätning)")).to_be_visible()
    expect(page.get_by_text("Alla siffror, med rättelser")).to_be_visible()
    assert_no_error_box(page)
    page.screenshot(path=artifacts / "indicator.png", full_page=True)


#: Every page of the steering dashboard: its URL, its heading, and what must have drawn before the screenshot.
PAGES = [
    ("", "Medborgarlöfte Sofielund 2022–2023", '[data-testid="stMetric"]'),
    ("karta", "Karta", '[data-testid="stDeckGlJsonChart"] canvas'),
    ("trender", "Trender", ".js-plotly-plot .scatterlayer .trace"),
    ("ataganden", "Åtaganden per aktör", "text=Aktörens egen status"),
    ("indikator?code=I20", "I20 – Problemindex (polisens trygghetsmätning)", '[data-testid="stDataFrame"]'),
]


@pytest.mark.parametrize(("path", "heading", "drawn"), PAGES, ids=[p[0].split("?")[0] or "oversikt" for p in PAGES])
def test_every_page_renders_in_chromium(
    page: Page, need_chromium: None, shared_server: AppServer, artifacts: Path, path: str, heading: str, drawn: str
) -> None:
    """Each page opens from its URL in Chromium, draws its chart, map or table, and shows no error box."""
    page.set_viewport_size({"width": 1280, "height": 1000})
    page.goto(shared_server.url)
    wait_for_app(page)
    page.goto(f"{shared_server.url}/{path}")
    wait_for_app(page)
    expect(page.get_by_role("heading", name=heading).first).to_be_visible()
    expect(page.locator(drawn).first).to_be_visible(timeout=15_000)
    assert_no_error_box(page)
    page.wait_for_timeout(500)  # let deck.gl and plotly finish drawing
    page.screenshot(path=artifacts / f"page-{path.split('?')[0] or 'oversikt'}.png", full_page=True)


def test_presentation_mode_and_the_printable_report(
    page: Page, need_chromium: None, shared_server: AppServer, artifacts: Path
) -> None:
    """Presentation mode shows one large section at a time; the meeting report downloads as a complete HTML file."""
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(shared_server.url)
    wait_for_app(page)
    page.goto(f"{shared_server.url}/?present=1&area=11319&until=2023-Q2")
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Uppföljning på tre nivåer")).to_be_visible()
    expect(page.get_by_role("heading", name="Aktörer och åtaganden")).to_have_count(0)
    assert_no_error_box(page)
    page.screenshot(path=artifacts / "presentation-levels.png")
    page.get_by_text("3 Aktörer", exact=True).click()
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Aktörer och åtaganden")).to_be_visible()
    page.screenshot(path=artifacts / "presentation-actors.png")
    with page.expect_download() as download:
        page.get_by_role("button", name="Skriv ut: mötesrapport (HTML)").click()
    html = Path(download.value.path()).read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "Medborgarlöfte Sofielund 2022–2023" in html
    assert "Södra Sofielund" in html and "2023-06-30" in html
    report = artifacts / "motesrapport.html"
    report.write_text(html, encoding="utf-8")
    page.goto(report.as_uri())
    page.screenshot(path=artifacts / "motesrapport.png", full_page=True)


def test_trend_csv_downloads_from_the_browser(page: Page, need_chromium: None, shared_server: AppServer) -> None:
    """The trend page's CSV arrives as a file with a header and one row per plotted point."""
    page.set_viewport_size({"width": 1280, "height": 1000})
    page.goto(shared_server.url)
    wait_for_app(page)
    page.goto(f"{shared_server.url}/trender?trend_indicators=I19&trend_areas=11319,11320")
    wait_for_app(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Ladda ner data (CSV)").click()
    lines = Path(download.value.path()).read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("indicator,indicator_name,area,area_name,period")
    assert len(lines) > 2 and all(line.startswith("I19,") for line in lines[1:])
