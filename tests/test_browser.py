"""Real browser tests: Debian's Chromium drives `streamlit run` on localhost. Screenshots land in tests/artifacts/."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import text

from tests.browser import (
    assert_no_error_box,
    fill_one_figure,
    open_tab,
    select_cell,
    send_one_figure,
    sign_in,
    wait_for_app,
)
from tests.support import CHROMIUM, AppServer
from ui import registry

pytestmark = [pytest.mark.browser]


@pytest.fixture
def server(need_chromium: None, store_url: str) -> Iterator[AppServer]:
    app = AppServer(store_url).start()
    yield app
    app.stop()


@pytest.fixture(scope="module")
def shared_server(new_store: Callable[..., str]) -> Iterator[AppServer]:
    """One server for the read-only page walk (each test still opens its own browser page)."""
    if not Path(CHROMIUM).exists():
        pytest.skip("no chromium")  # need_chromium (function-scoped) fails the test itself in CI
    app = AppServer(new_store()).start()
    yield app
    app.stop()


def test_overview_renders_in_chromium(page: Page, server: AppServer, artifacts: Path) -> None:
    """The overview opens in a real browser with the pledge, its levels and the demo label, and no error box."""
    page.set_viewport_size({"width": 1280, "height": 1000})
    sign_in(page, server, "lasare")
    expect(page.get_by_role("heading", name="Medborgarlöfte Sofielund 2022–2023")).to_be_visible()
    for level in ["Resurser och aktiviteter", "Prestationer", "Effekter"]:
        expect(page.get_by_text(level, exact=True).first).to_be_visible()
    expect(page.get_by_text("Exempeldata", exact=False).first).to_be_visible()
    assert_no_error_box(page)
    page.screenshot(path=artifacts / "overview.png", full_page=True)


def test_overview_fits_a_phone(page: Page, server: AppServer, artifacts: Path) -> None:
    """At a phone's width (390 px) the page still shows the pledge without horizontal scrolling."""
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, server, "lasare")
    page.goto(server.url)  # the sign-in is kept across a reload
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Medborgarlöfte Sofielund 2022–2023")).to_be_visible()
    assert_no_error_box(page)
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 390 + 1
    page.screenshot(path=artifacts / "overview-390.png", full_page=True)


def test_indicator_page_renders_in_chromium(page: Page, server: AppServer, artifacts: Path) -> None:
    """An indicator's page opens from its URL with its history table and no error box."""
    page.set_viewport_size({"width": 1280, "height": 1000})
    sign_in(page, server, "lasare")
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
    ("fran-problem-till-effekt?until=2023-Q1", "Från problem till effekt", '[data-testid="stDataFrame"]'),
    ("indikator?code=I20", "I20 – Problemindex (polisens trygghetsmätning)", '[data-testid="stDataFrame"]'),
]


def test_the_walk_covers_every_page_a_reader_opens() -> None:
    """The pages above are the registry's (ui/registry.py): a page added there is walked here too."""
    reader = {p.url for p in registry.PAGES if p.roles == registry.SIGNED_IN and p.guarded}
    assert {path.split("?")[0] or "oversikt" for path, _, _ in PAGES} == reader


@pytest.mark.parametrize(("path", "heading", "drawn"), PAGES, ids=[p[0].split("?")[0] or "oversikt" for p in PAGES])
def test_every_page_renders_in_chromium(
    page: Page, need_chromium: None, shared_server: AppServer, artifacts: Path, path: str, heading: str, drawn: str
) -> None:
    """Each page opens from its URL in Chromium, draws its chart, map or table, shows no error box, and asks
    nothing of the internet (maps and charts work offline)."""
    page.set_viewport_size({"width": 1280, "height": 1000})
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(
        (shared_server.url, "data:", "blob:", "about:")) else None)  # fmt: skip
    sign_in(page, shared_server, "lasare")
    page.goto(f"{shared_server.url}/{path}", wait_until="commit")  # wait_for_app below: the page settled
    wait_for_app(page)
    expect(page.get_by_role("heading", name=heading).first).to_be_visible()
    expect(page.locator(drawn).first).to_be_visible()
    assert_no_error_box(page)
    page.wait_for_timeout(500)  # let deck.gl and plotly finish drawing
    page.screenshot(path=artifacts / f"page-{path.split('?')[0] or 'oversikt'}.png", full_page=True)
    assert outside == [], outside


def test_presentation_mode_and_the_printable_report(
    page: Page, need_chromium: None, shared_server: AppServer, artifacts: Path
) -> None:
    """Presentation mode shows one large section at a time; the meeting report downloads as a complete HTML file."""
    page.set_viewport_size({"width": 1280, "height": 800})
    sign_in(page, shared_server, "ordf")
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
    expect(page.get_by_role("button", name="Skriv ut: mötesrapport (HTML)")).to_have_count(0)  # the form once ...
    page.get_by_text("6 Mötet", exact=True).click()  # ... in the meeting's own section
    wait_for_app(page)
    button = page.get_by_role("button", name="Skriv ut: mötesrapport (HTML)")
    expect(button).to_be_enabled()
    wait_for_app(page)  # a rerun in flight would replace the button under the click
    with page.expect_download() as download:
        button.click()
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
    sign_in(page, shared_server, "lasare")
    page.goto(f"{shared_server.url}/trender?trend_indicators=I19&trend_areas=11319,11320")
    wait_for_app(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Ladda ner data (CSV)").click()
    lines = Path(download.value.path()).read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("indicator,indicator_name,area,area_name,period")
    assert len(lines) > 2 and all(line.startswith("I19,") for line in lines[1:])


NON_PUBLIC = ["oversikt", "karta", "trender", "ataganden", "fran-problem-till-effekt", "indikator", "rapportera",
              "aktiviteter", "atagandestatus", "ni-sa-vi-gjorde", "granska", "historik", "anvandare", "report",
              "activities", "status", "feedback", "review", "audit", "users", "overview", "map", "trends",
              "commitments", "chain", "indicator"]  # fmt: skip


ROUTED = {p.url for p in registry.PAGES}
RIGHTS = {None: "Den här sidan är bara för inloggade. Logga in för att se den.",
          "lasare": "Din roll (läsare) får inte använda den här sidan."}  # fmt: skip


@pytest.mark.parametrize("as_user", [None, "lasare"], ids=["signed-out", "viewer"])
def test_non_public_urls_show_no_form(page: Page, server: AppServer, as_user: str | None) -> None:
    """Every non-public page's URL (router paths and page-file names) opened directly shows no form and no input."""
    page.set_viewport_size({"width": 1280, "height": 900})
    if as_user:
        sign_in(page, server, as_user)
    for path in NON_PUBLIC:
        if as_user and path in ("oversikt", "karta", "trender", "ataganden", "fran-problem-till-effekt", "indikator"):
            page.goto(f"{server.url}/{path}")  # a viewer may read these (the overview, served at "/", too) ...
            wait_for_app(page)
            assert page.get_by_text("Page not found").count() == 0, path
            continue  # ... the check is that no form appears on the rest
        page.goto(f"{server.url}/{path}")
        wait_for_app(page)
        assert page.locator('[data-testid="stForm"]').count() == 0, path
        assert page.locator('[data-testid="stFileUploader"]').count() == 0, path
        assert page.locator('input[type="password"], textarea').count() == 0, path
        assert page.locator('[data-testid="stException"]').count() == 0, path
        if path in ROUTED:  # the page's own guard answers, in Swedish: no English "Page not found" box
            expect(page.get_by_text(RIGHTS[as_user])).to_be_visible()
            assert page.get_by_text("Page not found").count() == 0, path


def _colleague_saves(server: AppServer, code: str, area: str, period: str, value: float) -> None:
    from indicators.base.models import Role
    from indicators.storage import db, store
    from indicators.storage.store import BulkFigure, Principal

    colleague = Principal("pol-kollega", Role.EDITOR, "POL")
    db.run_write(lambda s: store.insert_figures_bulk(s, by=colleague, figures=[
        BulkFigure(code, area, period, value, source="POL", review_state="submitted", expected_version=0)]),
        server.env["INDICATORS_DB_URL"])  # fmt: skip


def test_an_editor_signs_in_reports_a_figure_and_imports_a_file(
    page: Page, server: AppServer, artifacts: Path, tmp_path: Path
) -> None:
    """The police analyst's Friday: sign in, report one figure, import a semicolon CSV with decimal commas."""
    page.set_viewport_size({"width": 1280, "height": 1100})
    sign_in(page, server, "pol")
    expect(page.get_by_role("heading", name="Uppföljning på tre nivåer")).to_be_visible()
    page.get_by_role("link", name="Rapportera").click()
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Rapportera siffror: Polisen, lokalpolisområde Norr")).to_be_visible()
    fill_one_figure(page, 0, "12")  # the form's value field (its label names the unit), n for a survey share
    send_one_figure(page, warning=True)  # 12 may lie far outside this indicator's history: checked and confirmed
    expect(page.locator(".st-key-rep_value_1 input")).to_have_value("")  # a fresh form: nothing sent twice
    # ... on the next period still to do (the oldest first), never the one just sent
    expect(page.locator(".st-key-rep_period_1 input")).not_to_have_value(re.compile("Inskickad"))
    assert_no_error_box(page)
    page.screenshot(path=artifacts / "rapportera.png", full_page=True)

    open_tab(page, "Importera fil")
    csv_file = tmp_path / "siffror.csv"
    csv_file.write_text("indicator;area;period;value;n\nI02;11319;2026-09;7;\nI19;11319;2025;21,5;400\n",
                        encoding="utf-8-sig")  # fmt: skip
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').first.set_input_files(str(csv_file))
    wait_for_app(page)
    expect(page.get_by_text("Alla 2 rader är i ordning.")).to_be_visible()
    expect(page.get_by_role("button", name="Spara 2 siffror")).to_be_visible()  # drawn after the box to tick, if any
    confirm_rows = page.get_by_text("Värdena stämmer: spara dem ändå")
    if confirm_rows.count():  # a value far outside its history: the preview's "Rimlighet" says so; checked, confirmed
        expect(page.get_by_role("button", name="Spara 2 siffror")).to_be_disabled()
        confirm_rows.click()
        wait_for_app(page)
    # Meanwhile a colleague saves one of the file's figures through the form: saving the file now would overwrite
    # it unseen, so nothing is saved and the page says whose version is in the way; checked again, the file goes in.
    _colleague_saves(server, "I02", "11319", "2026-09", 9.0)
    page.get_by_role("button", name="Spara 2 siffror").click()
    wait_for_app(page)
    expect(page.get_by_text("har sparats av någon annan", exact=False)).to_be_visible()
    expect(page.get_by_text(re.compile(r"I02 11319 2026-09: version \d+ av pol-kollega"))).to_be_visible()
    page.screenshot(path=artifacts / "importera-krock.png", full_page=True)
    page.get_by_role("button", name="Kontrollera filen igen").click()
    wait_for_app(page)
    expect(page.get_by_text("Alla 2 rader är i ordning.")).to_be_visible()
    page.get_by_role("button", name="Spara 2 siffror").click()
    wait_for_app(page)
    expect(page.get_by_text("2 siffror sparade och inskickade för granskning.").first).to_be_visible()
    assert_no_error_box(page)
    page.screenshot(path=artifacts / "importera.png", full_page=True)

    bad = tmp_path / "fel.csv"
    bad.write_text("indicator;area;period;value\nI11;11319;2026-09;3\n", encoding="utf-8")
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').first.set_input_files(str(bad))
    wait_for_app(page)
    expect(page.get_by_text("1 av 1 rad har fel. Inget sparades.", exact=False)).to_be_visible()
    page.screenshot(path=artifacts / "importera-fel.png", full_page=True)


def test_a_file_over_the_size_limit_is_refused_in_the_browser(
    page: Page, server: AppServer, artifacts: Path, tmp_path: Path
) -> None:
    """A 50 MB upload is refused at the app's limit (INDICATORS_MAX_UPLOAD_MB, 20 by default), said in plain Swedish
    beside the uploader, and stores nothing."""
    from indicators.storage import db

    big = tmp_path / "stor.csv"
    with big.open("w", encoding="utf-8") as out:
        out.write("indicator;area;period;value\n")
        line = "I01;11319;2026-01;1\n"
        out.write(line * (50_000_000 // len(line)))
    with db.read_session(server.env["INDICATORS_DB_URL"]) as s:
        before = s.execute(text("SELECT COUNT(*) FROM figure")).scalar()
    page.set_viewport_size({"width": 1280, "height": 1000})
    sign_in(page, server, "pol")
    page.get_by_role("link", name="Rapportera").click()
    wait_for_app(page)
    open_tab(page, "Importera fil")
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').first.set_input_files(str(big))
    # The uploader holds the app's limit (INDICATORS_MAX_UPLOAD_MB), said in Swedish beside it, and refuses the file
    # itself before a byte reaches the app (Streamlit's own words, in English: "File must be 20.0MB or smaller.").
    expect(page.get_by_text("Högst 20 MB per fil tas emot", exact=False)).to_be_visible()
    expect(page.get_by_role("alert").filter(has_text="20.0MB")).to_be_visible()
    assert page.locator('[data-testid="stException"]').count() == 0
    page.screenshot(path=artifacts / "importera-for-stor.png", full_page=True)
    with db.read_session(server.env["INDICATORS_DB_URL"]) as s:
        assert s.execute(text("SELECT COUNT(*) FROM figure")).scalar() == before


def test_a_value_typed_in_the_grid_never_lands_on_another_figure(
    page: Page, server: AppServer, artifacts: Path
) -> None:
    """The grid keeps typed values by row position. A police analyst types 5 into the second row; meanwhile a
    colleague reports the first row's figure, so the rows move up. Saving must not store 5 under the row that moved
    into the second place: the page says the list changed, and nothing is saved."""
    import datetime as dt

    from indicators.storage import db
    from indicators.views import entry

    url = server.env["INDICATORS_DB_URL"]
    page.set_viewport_size({"width": 1600, "height": 1300})
    sign_in(page, server, "pol")
    page.get_by_role("link", name="Rapportera").click()
    wait_for_app(page)
    open_tab(page, "Flera siffror i en tabell")
    with db.read_session(url) as s:  # the grid opens on the most overdue period, in all the police's areas
        work = entry.worklist(s, "sofielund-2022", "POL", dt.date.today())
    table, _ = work.grid(next(iter(work.grid_periods("sv"))), "sv")
    assert len(table) >= 3
    grid = page.locator('[data-testid="stDataFrame"]').last
    select_cell(page, grid, 1, 30)  # the second row's first cell
    for _ in range(4):
        page.keyboard.press("ArrowRight")  # code, name, area, period, value
    # The cell's editor opened with Enter, written, and closed with Enter; the 5 is in the second row before the
    # colleague saves (a key typed on a selected cell was lost on a loaded machine, and the test saw only an
    # untouched grid, which the page then took for typing)
    editors = page.locator("#portal textarea.gdg-input, #portal input")
    page.keyboard.press("Enter")
    expect(editors).to_have_count(1)
    editors.first.fill("5")
    page.keyboard.press("Enter")
    expect(editors).to_have_count(0)
    wait_for_app(page)
    expect(grid.locator("td[role='gridcell'][id$='-1']").nth(4)).to_have_text("5")
    first = table.iloc[0]
    _colleague_saves(server, str(first["indicator"]), str(first["area"]), str(first["period"]), 3.0)
    page.get_by_role("button", name="Skicka in ifyllda rader").click()
    wait_for_app(page)
    expect(page.get_by_text("Listan har ändrats sedan du började", exact=False)).to_be_visible()
    page.screenshot(path=artifacts / "rutnat-andrat.png", full_page=True)
    with db.read_session(url) as s:
        by_pol = s.execute(text("SELECT COUNT(*) FROM figure WHERE entered_by = 'pol' AND value = 5")).scalar()
    assert by_pol == 0  # not under the row that slid into second place, nor anywhere
