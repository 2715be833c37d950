"""What the browser tests share: waiting for a page to finish, signing in through the form, the error-box check.

A page has finished when the app is connected, its script is not running, and no element is a placeholder
(Streamlit shows a skeleton while it loads a chart's or map's code, seconds after the run on a busy machine) or stale
(left from the run before). Every wait ends when that holds; its timeout is the suite's ceiling (CEILING_S), never a
guess at how long a page takes.
"""

from __future__ import annotations

import io
import time

from PIL import Image
from playwright.sync_api import Locator, Page, expect

from tests.support import CEILING_S, AppServer

CEILING_MS = CEILING_S * 1000

SETTLED = """() => {
  const app = document.querySelector("[data-testid='stApp']");
  return !!app && app.dataset.testConnectionState === "CONNECTED" && app.dataset.testScriptState === "notRunning"
    && !document.querySelector("[data-testid='stSkeleton'], [data-stale='true']");
}"""


def use_ceiling(page: Page) -> None:
    """Every wait of this page (locators, downloads, navigation) may take up to the ceiling."""
    page.set_default_timeout(CEILING_MS)
    page.set_default_navigation_timeout(CEILING_MS)


def wait_for_app(page: Page) -> None:
    """Wait until the page's run has finished and everything it drew is in place.

    The short pause first lets a click's rerun request reach the app's state (Streamlit's own e2e helper waits the
    same way); the assertions that follow a wait then wait for what they expect, up to the ceiling."""
    page.wait_for_timeout(250)
    page.wait_for_function(SETTLED, polling=100, timeout=CEILING_MS)


def sign_in(page: Page, server: AppServer, username: str) -> None:
    """Sign in through the form, as a user does."""
    from tests.support import PASSWORD

    page.goto(server.url)
    wait_for_app(page)
    page.get_by_role("link", name="Logga in (för aktörerna)").click()  # in the main area: visible on a phone too
    wait_for_app(page)
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(PASSWORD)
    # After the right password the app sends the browser through /_session/begin (which sets the cookie) back to
    # "/": a new document. Mark this one, and wait for the new one to have finished its run, so that nothing the
    # test does next (a goto, a click) races that navigation.
    page.evaluate("window.__beforeSignIn = true")
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_function(
        f"() => !window.__beforeSignIn && location.pathname === '/' && ({SETTLED})()", polling=100, timeout=CEILING_MS
    )
    wait_for_app(page)
    expect(page.get_by_text(f"Inloggad som {username}")).to_be_visible()
    assert any(c["name"] == "medborgarlofte_session" for c in page.context.cookies()), "no session cookie"


def open_tab(page: Page, name: str) -> None:
    """Open the tab ``name`` and wait until it is the one shown. A click can land on the tab beside it when the tab
    bar moves under the pointer (a web font swapping in on a busy machine): then it is clicked again."""
    tab = page.get_by_role("tab", name=name, exact=True)
    for _ in range(3):
        tab.click()
        wait_for_app(page)
        if tab.get_attribute("aria-selected") == "true":
            return
    expect(tab).to_have_attribute("aria-selected", "true")


def fill_one_figure(page: Page, round_: int, value: str, n: str = "400") -> None:
    """Type a value into Rapportera's one-figure form (its ``round_``-th since the page opened) and, when the
    indicator the form opened on is a survey share, the number of respondents too."""
    page.locator(f".st-key-rep_value_{round_} input").fill(value)
    respondents = page.locator(f".st-key-rep_n_{round_} input")
    if respondents.is_enabled():
        respondents.fill(n)


def send_one_figure(page: Page, warning: bool = False) -> None:
    """Press Rapportera's "Skicka in" and wait for the page's answer: "Sparat: ...", or the question whether a value
    far outside its history is right (then, with ``warning`` checked to be shown, confirmed as the analyst does after
    checking it, and sent again). The answer is waited for, not the end of a run: on a busy machine the click's rerun
    can start after any pause, and a page read before it would still show the form as it was."""
    saved = page.get_by_text("Sparat: ", exact=False)
    confirm = page.get_by_text("Värdet stämmer: spara det ändå")
    button = page.get_by_role("button", name="Skicka in", exact=True)
    button.click()
    expect(saved.or_(confirm)).to_be_visible()
    wait_for_app(page)
    if saved.count():
        return
    if warning:
        expect(page.get_by_text("Ovanligt: brukar ligga mellan", exact=False)).to_be_visible()
    confirm.click()
    wait_for_app(page)  # a busy machine still shows the form's last run beside the new one: one button
    button.click()
    expect(saved).to_be_visible()
    wait_for_app(page)


def assert_no_error_box(page: Page) -> None:
    assert page.locator('[data-testid="stException"]').count() == 0, page.locator(
        '[data-testid="stException"]'
    ).first.inner_text()
    errors = page.locator('[data-testid="stAlertContentError"]')
    assert errors.count() == 0, errors.first.inner_text()
    assert page.get_by_text("Page not found").count() == 0


def select_cell(page: Page, grid: Locator, row: int, x: float) -> None:
    """Click the first cell of the data editor's row ``row`` (``x`` pixels from its left edge) and wait until the grid
    has it selected, as its table for screen readers says: on a loaded machine the click is handled late, and a key
    pressed before that would go nowhere."""
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + x, box["y"] + 35 * (row + 1) + 17)  # below the 35 px header, mid-row
    first = grid.locator(f"td[role='gridcell'][id$='-{row}']").first  # glide-cell-<column>-<row>
    expect(first).to_have_attribute("aria-selected", "true")


def click_checkbox(page: Page, grid: Locator, row: int) -> None:
    """Click the leftmost checkbox drawn in the data editor's row ``row``, where a user clicks to tick
    it (Space on the selected cell does not toggle it). The grid is a canvas: the box is found in a picture of the
    row, as the first thing drawn darker than the grid's lines, from the left."""
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    assert box is not None
    top = box["y"] + 35 * (row + 1)  # below the 35 px header
    deadline = time.monotonic() + CEILING_S
    while True:  # the canvas is painted on an animation frame after the run: on a loaded machine, later
        picture = page.screenshot(clip={"x": box["x"], "y": top, "width": min(box["width"], 800), "height": 35})
        grey = Image.open(io.BytesIO(picture)).convert("L")
        dark = [x for x in range(grey.width) if sum(grey.getpixel((x, y)) < 190 for y in range(6, 29)) >= 2]
        if dark or time.monotonic() > deadline:
            break
        page.wait_for_timeout(200)
    assert dark, "no checkbox drawn in the row"
    first = [x for x in dark if x - dark[0] < 30]  # the box's own columns (a box is under 30 px wide)
    page.mouse.click(box["x"] + (first[0] + first[-1]) / 2, top + 17)
