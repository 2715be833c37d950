"""The public view in a real browser: every public page at a desktop's and a phone's width passes axe-core (no
serious or critical violation), declares its language, fits the screen, works offline and by keyboard; nothing
unpublished reaches the page or its downloads; a public-only server has no way to a form."""

from __future__ import annotations

import glob
import io
import json
import os
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from tests.browser import assert_no_error_box, wait_for_app
from tests.support import CHROMIUM, ROOT, AppServer, unavailable
from tests.test_public import NEVER, add_sentinels
from ui import registry

pytestmark = [pytest.mark.browser]

#: The public pages: URL, heading, and what must have drawn before the checks.
PUBLIC = [
    ("", "Medborgarlöfte Sofielund 2022–2023", "text=Vilka lovar?"),  # Löftet, the first page
    ("vad-har-gjorts", "Vad har gjorts", '[data-testid="stDeckGlJsonChart"] canvas'),
    ("utveckling", "Utveckling", ".js-plotly-plot .scatterlayer .trace"),
    ("sa-foljer-vi-upp", "Så följer vi upp", "text=Tecken i tabellerna"),
    ("om-tjansten", "Om tjänsten", "text=Tillgänglighetsredogörelse"),
]


@pytest.fixture(scope="module")
def axe_js() -> str:
    """axe-core as `make test` fetches it from the npm registry (AXE_JS), else any copy under .venv."""
    found = [os.environ["AXE_JS"]] if os.environ.get("AXE_JS") else glob.glob(str(ROOT / ".venv/axe-core-*/axe.min.js"))
    if not found or not Path(found[0]).exists():
        unavailable("axe-core is not installed (make test fetches it with npm)")
    return Path(found[0]).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def public_server(new_store: Callable[..., str]) -> Iterator[AppServer]:
    """One server on the demo store plus the sentinels (a pending correction, a count of 3, a hidden indicator)."""
    if not Path(CHROMIUM).exists():
        pytest.skip("no chromium")
    url = new_store()
    add_sentinels(url)
    app = AppServer(url).start()
    yield app
    app.stop()


def serious_violations(page: Page, axe_js: str) -> list[dict[str, object]]:
    page.add_script_tag(content=axe_js)
    found = page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ['violations']})).violations.map(v => ({
               id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map(n => n.target.join(' '))}))"""
    )
    return [v for v in found if v["impact"] in ("serious", "critical")]


def test_the_walk_covers_every_public_page() -> None:
    """The public pages above are the registry's (ui/registry.py): a public page added there is walked here too."""
    assert {path or "loftet" for path, _, _ in PUBLIC} == {p.url for p in registry.PAGES if p.public}


@pytest.mark.parametrize("width", [1280, 390], ids=["desktop", "phone"])
@pytest.mark.parametrize(("path", "heading", "drawn"), PUBLIC, ids=[p[0] or "loftet" for p in PUBLIC])
def test_public_page_is_accessible(
    page: Page, need_chromium: None, public_server: AppServer, axe_js: str, artifacts: Path,
    path: str, heading: str, drawn: str, width: int,
) -> None:  # fmt: skip
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(
        (public_server.url, "data:", "blob:", "about:")) else None)  # fmt: skip
    page.set_viewport_size({"width": width, "height": 2400})  # tall, so the screenshot holds the whole page
    page.goto(f"{public_server.url}/{path}")
    wait_for_app(page)
    expect(page.get_by_role("heading", name=heading, exact=True).first).to_be_visible()
    expect(page.locator(drawn).first).to_be_visible()
    page.wait_for_timeout(500)
    assert_no_error_box(page)
    assert page.evaluate("document.documentElement.lang") == "sv"
    assert serious_violations(page, axe_js) == []
    if width == 390:
        assert page.evaluate("document.documentElement.scrollWidth") <= 391  # no sideways scrolling of the page
    page.screenshot(path=artifacts / f"public-{path or 'loftet'}-{width}.png")
    assert outside == [], outside


def test_the_public_view_switches_to_english(page: Page, need_chromium: None, public_server: AppServer) -> None:
    page.set_viewport_size({"width": 1280, "height": 1000})
    page.goto(f"{public_server.url}/utveckling")
    wait_for_app(page)
    page.get_by_text("English", exact=True).click()
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Developments", exact=True)).to_be_visible()
    assert page.evaluate("document.documentElement.lang") == "en"
    expect(page.get_by_role("link", name="How we follow up")).to_be_visible()


def test_the_public_pages_work_by_keyboard(page: Page, need_chromium: None, public_server: AppServer) -> None:
    """From the first page, Tab reaches the link to Utveckling and Enter opens it."""
    page.set_viewport_size({"width": 1280, "height": 1000})
    page.goto(public_server.url)
    wait_for_app(page)
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.innerText || ''").strip().endswith("Utveckling"):
            break
    else:
        raise AssertionError("Tab never reached the link to Utveckling")
    page.keyboard.press("Enter")
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Utveckling", exact=True)).to_be_visible()


def test_nothing_unpublished_reaches_the_browser_or_its_downloads(
    page: Page, need_chromium: None, public_server: AppServer, artifacts: Path
) -> None:
    page.set_viewport_size({"width": 1280, "height": 1400})
    page.goto(f"{public_server.url}/utveckling?area=11320&pub_indicator=I11&pub_areas=11319,11320&pub_period=2023-06"
              "&until=2023-Q2")  # fmt: skip
    wait_for_app(page)
    expect(page.locator(".js-plotly-plot .scatterlayer .trace").first).to_be_visible()
    text = page.locator("body").inner_text()
    assert "Felanmälningar om skräp och klotter" in text and "<5 (jun 2023)" in text  # the 3 in Norra Sofielund
    for shown in NEVER:
        assert shown not in text
    downloads: dict[str, bytes] = {}
    for label in ("CSV", "Excel (XLSX)", "JSON", "SDMX-CSV (för statistikprogram)",
                  "Datapaket (ZIP: alla filer och datapackage.json)"):  # fmt: skip
        with page.expect_download() as download:
            page.get_by_role("button", name=label, exact=True).click()
        downloads[label] = Path(download.value.path()).read_bytes()
    # the feed and the catalogue: named in the page's <head>, fetched where a reader or a harvester would
    links = page.eval_on_selector_all('head link[rel="alternate"]', "ls => ls.map(l => [l.type, l.href])")
    assert dict(links) == {"application/atom+xml": f"{public_server.url}/oppna-data/flode.atom",
                           "application/rdf+xml": f"{public_server.url}/oppna-data/katalog.rdf"}  # fmt: skip
    for kind, href in links:
        got = page.request.get(href)
        assert got.ok and got.headers["content-type"].startswith(kind), href
        downloads[href] = got.body()
    # the ZIP is a valid Data Package whose SDMX file pysdmx reads
    folder = artifacts / "datapaket"
    with zipfile.ZipFile(io.BytesIO(downloads["Datapaket (ZIP: alla filer och datapackage.json)"])) as archive:
        archive.extractall(folder)
    from frictionless import validate

    report = validate(folder / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]
    assert (folder / "figurer-sdmx.csv").read_bytes() == downloads["SDMX-CSV (för statistikprogram)"]
    for label, raw in downloads.items():
        for shown in NEVER:
            assert shown.encode() not in raw, (label, shown)
    rows = [r for r in json.loads(downloads["JSON"])["figures"] if (r["indicator"], r["area"], r["period"]) ==
            ("I11", "11320", "2023-06")]  # fmt: skip
    assert rows == [rows[0]] and rows[0]["value"] is None and rows[0]["symbol"] == "<5"
    book = artifacts / "figurer.xlsx"
    book.write_bytes(downloads["Excel (XLSX)"])
    assert load_workbook(book).active.max_row == len(json.loads(downloads["JSON"])["figures"]) + 1
    page.goto(f"{public_server.url}/vad-har-gjorts?area=11320")
    wait_for_app(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Ladda ner informationsbrevet (HTML)").click()
    letter = Path(download.value.path()).read_text(encoding="utf-8")
    assert "Informationsbrev" in letter and "Så har det gått" in letter
    for shown in NEVER:
        assert shown not in letter
    (artifacts / "informationsbrev.html").write_text(letter, encoding="utf-8")
    page.goto((artifacts / "informationsbrev.html").as_uri())
    page.screenshot(path=artifacts / "informationsbrev.png", full_page=True)


def test_a_public_only_server_has_no_route_to_a_form(
    page: Page, need_chromium: None, store_url: str, artifacts: Path
) -> None:
    app = AppServer(store_url, env={"INDICATORS_PUBLIC_ONLY": "1"}).start()
    try:
        page.set_viewport_size({"width": 1280, "height": 1000})
        page.goto(app.url)
        wait_for_app(page)
        nav = page.locator('[data-testid="stSidebarNav"] a')
        assert [n.inner_text().strip().splitlines()[-1] for n in nav.all()] == [  # after the icon's name
            "Löftet", "Vad har gjorts", "Utveckling", "Så följer vi upp", "Om tjänsten"]  # fmt: skip
        assert page.get_by_text("Logga in").count() == 0
        page.screenshot(path=artifacts / "public-only.png")
        for path in ("logga-in", "rapportera", "aktiviteter", "granska", "anvandare", "oversikt"):
            page.goto(f"{app.url}/{path}")
            wait_for_app(page)
            assert page.locator('[data-testid="stForm"], input[type="password"], textarea').count() == 0, path
            assert page.locator('[data-testid="stFileUploader"]').count() == 0, path
            expect(page.get_by_role("heading", name="Medborgarlöfte Sofielund 2022–2023")).to_be_visible()
    finally:
        app.stop()


def test_a_fresh_server_opens_a_public_page_by_its_address(page: Page, need_chromium: None, store_url: str) -> None:
    """The first visitor of a newly started server who follows a link to /utveckling gets that page, and no
    "Page not found" box (`make run` starts the server through ui.serve for this)."""
    app = AppServer(store_url).start()
    try:
        page.goto(f"{app.url}/utveckling")
        wait_for_app(page)
        expect(page.get_by_role("heading", name="Utveckling", exact=True)).to_be_visible()
        assert page.get_by_text("Page not found").count() == 0
        # the front page by its own address: the open data's landing page (DCAT), a menu link shared by an actor
        page.goto(f"{app.url}/loftet?pledge=sofielund-2022")
        wait_for_app(page)
        expect(page.get_by_role("heading", name="Medborgarlöfte Sofielund 2022–2023")).to_be_visible()
        assert page.get_by_text("Page not found").count() == 0
    finally:
        app.stop()
