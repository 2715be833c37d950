"""Issue 20's chair and reviewer in Chromium, as they worked: the steering group's meeting projected at 1920×1080,
and the review queue worked through at 1440 px. Screenshots land in tests/artifacts/.

Each user action that waits for the server is timed from the click to the settled page (tests.browser.SETTLED) and,
with INDICATORS_FLOW_TIMINGS set to a file, written there, one JSON line a step: `tools/flow_timings.py` runs these
tests three times and prints each flow's median. The tests assert what the users see, never a time.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect
from sqlalchemy import text

from indicators.base.models import Role
from indicators.read import queries
from indicators.rules.validation import FigureInput
from indicators.storage import db, store
from indicators.storage.store import Principal
from indicators.views import review
from tests.browser import (
    CEILING_MS,
    SETTLED,
    assert_no_error_box,
    click_checkbox,
    open_tab,
    select_cell,
    sign_in,
    wait_for_app,
)
from tests.support import AppServer

pytestmark = [pytest.mark.browser]

PLEDGE = "sofielund-2022"
STEERING = Principal("ordf", Role.STEERING)
POL = Principal("pol", Role.EDITOR, "POL")
OPEN_MEETING = "Visa översikten som den var vid ett möte"


@pytest.fixture
def server(need_chromium: None, store_url: str) -> Iterator[AppServer]:
    app = AppServer(store_url).start()
    yield app
    app.stop()


def timed(flow: str, step: str, page: Page, act: Callable[[], None], done: Locator) -> float:
    """Do ``act`` (a click) and wait until ``done`` is on screen and the page has settled; the seconds between, written
    to INDICATORS_FLOW_TIMINGS when it is set."""
    start = time.perf_counter()
    act()
    expect(done).to_be_visible()
    page.wait_for_function(SETTLED, polling=50, timeout=CEILING_MS)
    seconds = time.perf_counter() - start
    out = os.environ.get("INDICATORS_FLOW_TIMINGS")
    if out:
        with open(out, "a", encoding="utf-8") as f:
            f.write(json.dumps({"flow": flow, "step": step, "seconds": round(seconds, 3)}) + "\n")
    return seconds


def _choose(page: Page, select: Locator, option: str) -> None:
    """Open ``select`` and pick ``option`` (the click that starts the rerun)."""
    select.click()
    page.get_by_role("option", name=option, exact=True).click()


def _row(page: Page, *cells: str) -> Locator:
    """The row of a table on screen that holds every one of ``cells``."""
    row = page.locator("[data-testid='stTable'] tr")
    for cell in cells:
        row = row.filter(has=page.get_by_role("cell", name=cell, exact=True))
    return row


def _scroll_to(heading: Locator) -> None:
    """Scroll the page until ``heading`` is at the top of the screen, as the chair does to show what follows it."""
    heading.evaluate("e => e.scrollIntoView({block: 'start'})")


def _type_cells(page: Page, grid: Locator, row: int, values: list[str]) -> None:
    """Type ``values`` into a data editor's row ``row``, cell by cell from its first column, as the chair does:
    each cell opened with Enter, written, and left with Tab (a date cell's editor closed with Enter)."""
    select_cell(page, grid, row, 60)
    editors = page.locator("#portal textarea.gdg-input, #portal input")
    for value in values:
        page.keyboard.press("Enter")
        expect(editors).to_have_count(1)
        leave = "Enter" if editors.first.get_attribute("type") == "date" else "Tab"
        editors.first.fill(value)
        page.keyboard.press(leave)
        expect(editors).to_have_count(0)  # written and closed before the next cell is opened
    expect(grid.locator("td[role='gridcell']").nth(0)).to_have_text(values[0])


def _cells(grid: Locator) -> list[str]:
    """What a data editor (a canvas) shows, from the table it keeps for screen readers."""
    return [c.inner_text() for c in grid.locator("td[role='gridcell']").all()]


def _section(page: Page, name: str) -> None:
    """Presentation mode's section ``name`` (its button), projected."""
    page.get_by_text(name, exact=True).click()
    wait_for_app(page)
    assert_no_error_box(page)


def test_the_chair_projects_the_four_answers_saves_the_meeting_and_reopens_it(
    page: Page, server: AppServer, artifacts: Path
) -> None:
    """The chair at 1920×1080: presentation mode answers which commitments are on track (each with symbol and word),
    which actors are late, what moved since the last meeting (P1 now at risk, a corrected figure by its names) and
    holds the meeting's own form; the meeting is saved with its decision and an action item (what, who, by when),
    confirmed, and reopened as it was; the next meeting opens with the item, overdue, and ticks it done."""
    url = server.env["INDICATORS_DB_URL"]
    today = dt.date.today()
    # The last meeting, then what happened since: the police report P1 at risk and correct a figure.
    db.run_write(lambda s: store.save_meeting(s, STEERING, PLEDGE, "Styrgruppen i oktober",
                                              today - dt.timedelta(days=42), "11319", today), url)  # fmt: skip
    with db.read_session(url) as s:
        overview_until = queries.latest_values(s, PLEDGE, "11319", today)  # the period the overview opens at
        late = queries.completeness(s, PLEDGE, today)
    late = late[late["overdue"] > 0]
    quarter = "2025-Q4"
    db.run_write(lambda s: store.report_status(s, POL, {"commitment": "P1", "period": quarter, "status": "at_risk",
                                                        "comment": "Vakanser i gruppen."}), url)  # fmt: skip
    db.run_write(lambda s: store.submit_figure(s, by=POL, figure=FigureInput("I02", "11319", "2025-12", 41.0, None,
                                                                             None, "POL")), url)  # fmt: skip
    assert len(overview_until) and len(late)

    page.set_viewport_size({"width": 1920, "height": 1080})
    sign_in(page, server, "ordf")
    page.get_by_text("Presentationsläge").click()
    wait_for_app(page)
    expect(page.locator("[data-testid='stSidebar']")).not_to_be_in_viewport()  # folded away: room to project
    # 1. Per level, the answers as big numbers: on track or reached, behind, without a figure.
    expect(page.get_by_role("heading", name="Uppföljning på tre nivåer")).to_be_visible()
    for answer in ("↗ I rätt riktning eller nått", "↘ Efter", "– Saknar uppgift"):
        expect(page.get_by_text(answer, exact=True)).to_have_count(3)
    assert_no_error_box(page)
    page.screenshot(path=artifacts / "meeting-1-levels.png")

    # 2. Which commitments are on track: each one, with its own status in symbol and word (P1 now at risk, first).
    _section(page, "3 Aktörer")
    expect(page.get_by_role("heading", name="Åtaganden per aktör")).to_be_visible()
    expect(_row(page, "P1", "⚠ Risk för försening", "Polisen, lokalpolisområde Norr")).to_be_visible()
    expect(_row(page, "◐ Pågår")).not_to_have_count(0)
    page.screenshot(path=artifacts / "meeting-2-actors.png")
    _scroll_to(page.get_by_role("heading", name="Åtaganden per aktör"))
    page.screenshot(path=artifacts / "meeting-2-commitments.png")

    # 3. Which actors are late (from the reporting schedule).
    _section(page, "4 Försenat")
    names = {"MS": "Malmö stad", "POL": "Polisen, lokalpolisområde Norr", "FGK": "Fastighets- och gatukontoret",
             "BID": "Fastighetsägare BID Sofielund", "MF": "Miljöförvaltningen"}  # fmt: skip
    for actor, overdue in late.groupby("actor_code")["overdue"].sum().items():
        expect(_row(page, names.get(str(actor), str(actor)), str(overdue))).to_be_visible()
    expect(page.get_by_role("heading", name="Försenad rapportering")).to_be_visible()
    page.screenshot(path=artifacts / "meeting-3-rate.png")
    _scroll_to(page.get_by_role("heading", name="Försenad rapportering"))
    page.screenshot(path=artifacts / "meeting-3-late.png")

    # 4. What moved since the last meeting: P1's status then and now, the corrected figure by its names.
    _section(page, "5 Förändringar")
    expect(page.get_by_role("heading", name=re.compile(r"^Sedan förra mötet: Styrgruppen i oktober"))).to_be_visible()
    expect(_row(page, "P1", "⚠ Risk för försening")).to_be_visible()
    moved = _row(page, "I02", "Södra Sofielund")
    expect(moved).to_be_visible()
    expect(moved).to_contain_text("41")
    expect(moved).not_to_contain_text("11319")
    page.screenshot(path=artifacts / "meeting-4-moves.png")

    # 5. The meeting's own section: saved with its decision, confirmed, and opened as it was.
    _section(page, "6 Mötet")
    title = "Styrgruppen i november"
    decision = "Polisen bemannar P1 igen till 2026-01-31"
    page.get_by_label("Titel").fill(title)
    page.get_by_role("textbox", name="Beslut (ett per rad)").fill(decision)
    task, due = "Polisen rapporterar bemanningen i P1", today - dt.timedelta(days=7)
    _type_cells(page, page.locator(".st-key-meeting_items"), 0, [task, "POL", due.isoformat()])
    page.screenshot(path=artifacts / "meeting-5-form.png")
    timed("meeting", "save", page, lambda: page.get_by_role("button", name="Spara som möte").click(),
          page.get_by_text(f"Mötet ”{title}” är sparat."))  # fmt: skip
    expect(page.get_by_text(f"Du ser mötet ”{title}”")).to_be_visible()
    assert_no_error_box(page)
    expect(page.get_by_role("heading", name=f"Uppdrag från mötet {title} ({today.isoformat()})")).to_be_visible()
    expect(_row(page, task, "POL", due.isoformat())).to_be_visible()
    page.screenshot(path=artifacts / "meeting-6-saved.png")
    with db.read_session(url) as s:
        saved = queries.meetings(s, PLEDGE)
    assert list(saved["title"])[:2] == [title, "Styrgruppen i oktober"]

    # Back to today, then reopened from the list, as at the next meeting.
    meetings = page.get_by_label(OPEN_MEETING, exact=True)
    timed("meeting", "today", page, lambda: _choose(page, meetings, "I dag (aktuella siffror)"),
          page.get_by_role("button", name="Spara som möte"))  # fmt: skip
    expect(page.get_by_text("Du ser mötet")).to_have_count(0)
    option = f"{today.isoformat()} – {title}"
    timed("meeting", "reopen", page, lambda: _choose(page, meetings, option),
          page.get_by_text(f"Du ser mötet ”{title}”"))  # fmt: skip
    expect(page.get_by_role("button", name="Spara som möte")).to_have_count(0)  # a saved meeting is not saved again
    _section(page, "5 Förändringar")
    expect(page.get_by_role("heading", name="Skillnader mot i dag")).to_be_visible()
    expect(page.get_by_text("Inga siffror har ändrats sedan mötet.")).to_be_visible()
    expect(page.get_by_role("heading", name=f"Beslutat vid mötet {title}")).to_be_visible()  # what it decided
    expect(page.get_by_text(decision)).to_be_visible()
    page.screenshot(path=artifacts / "meeting-7-reopened.png")

    # The next meeting: today's overview lists the item, overdue; saved, the meeting opens with it and ticks it done.
    _section(page, "6 Mötet")
    _choose(page, meetings, "I dag (aktuella siffror)")
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Öppna uppdrag från tidigare möten")).to_be_visible()
    expect(_row(page, "⚠ Försenad", task, "POL", due.isoformat(), f"{today.isoformat()} {title}")).to_be_visible()
    page.get_by_label("Titel").fill("Styrgruppen i december")
    page.get_by_role("button", name="Spara som möte").click()
    wait_for_app(page)
    expect(page.get_by_text("Du ser mötet ”Styrgruppen i december”")).to_be_visible()
    with db.read_session(url) as s:
        december = int(queries.meetings(s, PLEDGE)["id"].iloc[0])
    ticks = page.locator(f".st-key-items_done_{december}")
    expect(ticks.locator("td[role='gridcell']").nth(1)).to_have_text("⚠ Försenad")
    assert _cells(ticks)[:6] == ["false", "⚠ Försenad", task, "POL", due.isoformat(), f"{today.isoformat()} {title}"]
    page.screenshot(path=artifacts / "meeting-8-next.png")
    # Ticked done (the tick is the first column) and saved: done at this meeting, and shown so here.
    click_checkbox(page, ticks, 0)  # the first row's tick
    expect(ticks.locator("td[role='gridcell']").first).to_have_text("true")
    page.get_by_role("button", name="Spara avbockade uppdrag").click()
    wait_for_app(page)
    expect(page.get_by_text("Uppdragen är sparade: 1 klara, 0 öppnade igen.")).to_be_visible()
    assert_no_error_box(page)
    expect(ticks.locator("td[role='gridcell']").nth(1)).to_have_text(f"✔ Klar {today.isoformat()}")
    with db.read_session(url) as s:
        done = s.execute(text("SELECT text, done_on, done_meeting_id FROM meeting_item")).all()
    assert [(t, str(d), m) for t, d, m in done] == [(task, today.isoformat(), december)]
    page.screenshot(path=artifacts / "meeting-9-ticked.png")


def test_the_reviewer_returns_one_figure_approves_the_rest_shown_and_publishes_them(
    page: Page, server: AppServer, artifacts: Path
) -> None:
    """The reviewer at 1440 px: Granska narrowed to the police and December 2025, one figure returned with a comment,
    the rest approved with "Godkänn alla N som visas"; the queue loses exactly those, the comment stays on the
    returned figure only, and the approved ones are published for the period."""
    url = server.env["INDICATORS_DB_URL"]
    with db.read_session(url) as s:
        waiting = queries.figures_in_review(s, ("submitted",))
        chosen = review.queue(s, "sv", {"actor": "POL", "period": "2025-12"})
    ids = chosen.ids
    assert len(ids) >= 3
    returned, rest = ids[0], ids[1:]  # the queue is newest first: the first row is the one returned

    page.set_viewport_size({"width": 1440, "height": 1000})
    sign_in(page, server, "ordf")
    timed("review", "open", page, lambda: page.get_by_role("link", name="Granska").click(),
          page.get_by_role("heading", name=f"Att granska ({len(waiting)})"))  # fmt: skip
    assert_no_error_box(page)
    page.screenshot(path=artifacts / "review-1-queue.png")
    timed("review", "filter_actor", page, lambda: _choose(page, page.get_by_label("Aktör", exact=True),
                                                          "Polisen, lokalpolisområde Norr"),
          page.get_by_role("heading", name=re.compile(r"^Att granska \((?!" + str(len(waiting)) + r"\))")))  # fmt: skip
    timed("review", "filter_period", page, lambda: _choose(page, page.locator(".st-key-rv_by_period input"),
                                                           "dec 2025"),
          page.get_by_role("heading", name=f"Att granska ({len(ids)})"))  # fmt: skip
    approve_all = page.get_by_role("button", name=f"Godkänn alla {len(ids)} som visas")
    expect(approve_all).to_be_visible()
    page.screenshot(path=artifacts / "review-2-filtered.png")

    # Tick the first row (the grid is a canvas: its first column holds the checkboxes), say why, return it.
    grid = page.locator("[data-testid='stDataFrame']").first
    box = grid.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + 33, box["y"] + 36 + 18)  # on the checkbox itself: one click ticks it
    why = "Stämmer inte med polisens egen statistik för december"
    page.locator(".st-key-rv_comment input").fill(why)
    page.screenshot(path=artifacts / "review-3-ticked.png")
    timed("review", "return", page, lambda: page.get_by_role("button", name="Returnera valda").click(),
          page.get_by_text("1 siffra returnerad."))  # fmt: skip
    expect(page.get_by_role("heading", name=f"Att granska ({len(rest)})")).to_be_visible()
    expect(page.locator(".st-key-rv_comment input")).to_have_value("")  # emptied: never sent again
    page.screenshot(path=artifacts / "review-4-returned.png")

    approve_rest = page.get_by_role("button", name=f"Godkänn alla {len(rest)} som visas")
    looked = page.get_by_text("Jag har sett de", exact=False).or_(page.get_by_text("Jag har sett det", exact=False))
    expect(approve_rest).to_be_visible()  # drawn after the box to tick, if any
    if looked.count():  # values far outside their history among them: looked at first (the "Rimlighet" column)
        looked.click()
    timed("review", "approve_all", page, lambda: approve_rest.click(),
          page.get_by_text(f"{len(rest)} siffror godkända."))  # fmt: skip
    assert_no_error_box(page)
    expect(page.get_by_text("Inget väntar i det här urvalet.", exact=False)).to_be_visible()  # the set is done ...
    page.screenshot(path=artifacts / "review-5-approved.png")
    with db.read_session(url) as s:
        approved = queries.figures_in_review(s, ("approved",), "POL", "2025-12").set_index("figure_id")
        sent_back = queries.figures_in_review(s, ("returned",), "POL", "2025-12").set_index("figure_id")
        still = queries.figures_in_review(s, ("submitted",))
    assert sorted(approved.index) == sorted(rest) and list(sent_back.index) == [returned]
    assert sent_back.loc[returned, "review_comment"] == why
    assert set(approved["review_comment"].fillna("")) == {""}  # the return's comment is on no approved figure
    assert set(still["figure_id"]) == set(waiting["figure_id"]) - set(ids)  # ... and nothing else left the queue

    # Published for the period: what the public sees from now on.
    _choose(page, page.locator(".st-key-rv_period input"), "dec 2025")
    wait_for_app(page)
    page.get_by_text(re.compile(r"^Jag har granskat dem")).click()
    wait_for_app(page)
    publish = page.get_by_role("button", name=re.compile(r"^Publicera \d+ godkända siffror$"))
    expect(publish).to_be_enabled()
    timed("review", "publish", page, lambda: publish.click(), page.get_by_text(re.compile(r"siffror publicerade\.")))
    with db.read_session(url) as s:
        left = len(queries.figures_in_review(s, ("approved",)))
    if left:  # the choice falls back to every period: asked anew
        expect(page.get_by_role("checkbox", name=re.compile(r"^Jag har granskat"))).not_to_be_checked()
    else:
        expect(page.get_by_text("Inget godkänt väntar på att publiceras i det här urvalet.")).to_be_visible()
    page.screenshot(path=artifacts / "review-6-published.png")
    with db.read_session(url) as s:
        published = set(queries.figures_in_review(s, ("published",), "POL", "2025-12")["figure_id"])
    assert set(rest) <= published and returned not in published


def test_the_editor_reports_the_oldest_figure_then_a_file(
    page: Page, server: AppServer, artifacts: Path, tmp_path: Path
) -> None:
    """The police editor's Friday afternoon at 1440 px: Rapportera opens on the most overdue figure in any of the
    police's areas; one figure sent with the form; a file of two rows (saved by Excel as "CSV (semikolonavgränsad)")
    checked and saved. Each lands in the store as sent, and the to-do list shrinks by each. (The grid, a canvas, is
    typed into in tests/test_browser.py and filled through AppTest in tests/test_entry.py.)"""
    from indicators.views import entry

    url = server.env["INDICATORS_DB_URL"]
    today = dt.date.today()
    with db.read_session(url) as s:
        work = entry.worklist(s, PLEDGE, "POL", today)
        units = {code: ind.unit for code, ind in store.rules(s).indicators.items()}
        history = queries.histories(s, list(dict.fromkeys(zip(work.todo["indicator_code"], work.todo["area_code"],
                                                               strict=True))))  # fmt: skip

    def usual(code: str, area: str) -> str:  # a value its history makes usual: the plausibility rule stays quiet
        past = [v for _, v in history[(code, area)]]
        if units[code] in counted:
            return str(round(past[-1])) if past else "1"
        return f"{past[-1]:.1f}".replace(".", ",") if past else "40"

    counted = {"count", "persons", "hours"}

    page.set_viewport_size({"width": 1440, "height": 1000})
    sign_in(page, server, "pol")
    timed("entry", "open", page, lambda: page.get_by_role("link", name="Rapportera").click(),
          page.get_by_role("heading", name="Rapportera siffror: Polisen, lokalpolisområde Norr"))  # fmt: skip
    first = work.todo.iloc[0]
    expect(page.get_by_text(f"Att göra: {len(work.todo)} siffror")).to_be_visible()
    page.screenshot(path=artifacts / "entry-1-todo.png")

    # 1. The form, on the most overdue figure: a usual value (and n for a survey share), sent.
    expect(page.locator(".st-key-rep_indicator input")).to_have_value(re.compile(f"^{first['indicator_code']} "))
    page.locator(".st-key-rep_value_0 input").fill(usual(str(first["indicator_code"]), str(first["area_code"])))
    respondents = page.locator(".st-key-rep_n_0 input")
    if respondents.is_enabled():
        respondents.fill("400")
    saved, confirm = page.get_by_text("Sparat: ", exact=False), page.get_by_text("Värdet stämmer: spara det ändå")
    timed("entry", "submit_one", page, lambda: page.get_by_role("button", name="Skicka in", exact=True).click(),
          saved.or_(confirm))  # fmt: skip
    if not saved.count():  # far outside its history after all: checked and confirmed, as the analyst would
        confirm.click()
        wait_for_app(page)
        page.get_by_role("button", name="Skicka in", exact=True).click()
        expect(saved).to_be_visible()
        wait_for_app(page)
    expect(page.get_by_text(f"Att göra: {len(work.todo) - 1} siffror")).to_be_visible()
    page.screenshot(path=artifacts / "entry-2-sent.png")

    # 2. A file of two figures still to do, checked, then saved.
    with db.read_session(url) as s:
        left = entry.worklist(s, PLEDGE, "POL", today).todo
    rows = left[[units[c] in counted for c in left["indicator_code"]]].iloc[:2]
    body = "indicator;area;period;value\n" + "".join(
        f"{r.indicator_code};{r.area_code};{r.period};{usual(r.indicator_code, r.area_code)}\n"
        for r in rows.itertuples(index=False)
    )  # fmt: skip
    (tmp_path / "fredag.csv").write_text(body, encoding="cp1252")  # as Swedish Excel saves "CSV (semikolonavgränsad)"
    open_tab(page, "Importera fil")
    timed("entry", "check_file", page,
          lambda: page.locator('[data-testid="stFileUploaderDropzoneInput"]').first.set_input_files(
              str(tmp_path / "fredag.csv")),
          page.get_by_text("Alla 2 rader är i ordning.", exact=False))  # fmt: skip
    expect(page.get_by_role("button", name="Spara 2 siffror")).to_be_visible()  # drawn after the box to tick, if any
    page.screenshot(path=artifacts / "entry-4-file.png")
    confirm_rows = page.get_by_text("Värdena stämmer: spara dem ändå")
    if confirm_rows.count():
        confirm_rows.click()
        wait_for_app(page)
    timed("entry", "save_file", page, lambda: page.get_by_role("button", name="Spara 2 siffror").click(),
          page.get_by_text("2 siffror sparade", exact=False))  # fmt: skip
    assert_no_error_box(page)
    with db.read_session(url) as s:
        now = entry.worklist(s, PLEDGE, "POL", today)
    assert len(now.todo) == len(work.todo) - 3  # one by the form, two by the file
