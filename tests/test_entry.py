"""Rapportera's work list (issue 20): what an editor still has to report, in every area the reporting schedule asks of
their actor, the figure the form opens on, and the grid of one period's open figures in all areas; with the
plausibility rule's warning in the grid and the import preview, as in the form and the review queue."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from indicators.base.models import Role
from indicators.io import importer
from indicators.read import queries
from indicators.rules.validation import FigureInput
from indicators.storage import db, store
from indicators.views import entry
from tests.support import app_test, examples, run_with_edits, sign_in_as

PLEDGE = "sofielund-2022"
POL = store.Principal("pol", Role.EDITOR, "POL")


def _work(url: str, today: dt.date, actor: str = "POL") -> entry.Worklist:
    with db.read_session(url) as s:
        return entry.worklist(s, PLEDGE, actor, today)


@examples(40)
@given(today=st.dates(dt.date(2022, 5, 1), dt.date(2027, 3, 31)), actor=st.sampled_from(["POL", "BID", "FGK", "MF"]))
def test_the_work_list_is_every_areas_due_figures_split_once_into_to_do_and_done(
    store_url: str, today: dt.date, actor: str
) -> None:
    """Whatever the day and actor: to do and done split the due figures of every scheduled area, none in both; to do
    runs from the most overdue; the form opens on the first of it; each period's grid holds exactly that period's
    open figures in all areas, each based on the version stored."""
    with db.read_session(store_url) as s:
        areas = queries.scheduled_areas(s, PLEDGE, actor)
        per_area = [queries.due_figures(s, PLEDGE, actor, a, today) for a in areas]
        work = entry.worklist(s, PLEDGE, actor, today)
    keys = lambda f: set(zip(f["indicator_code"], f["area_code"], f["period"], strict=True))  # noqa: E731
    expected = set().union(*(keys(f) for f in per_area)) if per_area else set()
    assert keys(work.rows) == expected and len(work.rows) == sum(len(f) for f in per_area)
    assert keys(work.todo) | keys(work.done) == expected and not keys(work.todo) & keys(work.done)
    assert list(work.todo["due"]) == sorted(work.todo["due"])
    assert all(pd.isna(v) or s == "returned" for v, s in zip(work.todo["figure_id"], work.todo["review_state"],
                                                               strict=True))  # fmt: skip
    if len(work.todo):
        first = work.todo.iloc[0]
        assert work.first() == (first["indicator_code"], first["area_code"], first["period"])
    for period in work.grid_periods("sv"):
        table, based_on = work.grid(period, "sv")
        todo = work.todo[work.todo["period"] == period]
        assert set(zip(table["indicator"], table["area"], table["period"], strict=True)) == keys(todo)
        assert set(based_on) == keys(todo) and len(table) == len(todo)
        assert all((table["value"] == "") & table["status"].isna())


def test_the_form_opens_on_the_most_overdue_figure_of_an_indicator_in_an_area(store_url: str) -> None:
    work = _work(store_url, dt.date(2026, 11, 26))
    assert len(set(work.rows["area_code"])) > 1  # the police report for several areas
    for code in work.indicators():
        for area in work.areas(code):
            todo = work.todo[(work.todo["indicator_code"] == code) & (work.todo["area_code"] == area)]
            rows = work.rows[(work.rows["indicator_code"] == code) & (work.rows["area_code"] == area)]
            expected = todo.iloc[0]["period"] if len(todo) else rows.iloc[0]["period"]
            assert work.first(code, area) == (code, area, expected)
            labels = work.periods(code, area, "sv")
            assert list(labels) == list(rows["period"]) and all(" – " in v for v in labels.values())


def test_a_chosen_figure_reported_since_stays_listed_as_it_now_is(store_url: str) -> None:
    """An old overdue period the form had chosen leaves the list once reported (by anyone); kept, it is listed as
    reported, so the form does not jump to another figure under the editor's hands."""
    today = dt.date(2026, 11, 26)
    work = _work(store_url, today)
    late = work.todo[work.todo["state"] == "overdue"]
    old = late.sort_values("period_start").iloc[0]
    key = (str(old["indicator_code"]), str(old["area_code"]), str(old["period"]))
    figure = importer.check_in(store_url, pd.DataFrame([{"indicator": key[0], "area": key[1], "period": key[2],
                                                          "value": "3", "source": "POL"}]), POL)  # fmt: skip
    assert not figure.errors
    db.run_write(lambda s: importer.commit(s, POL, figure.figures, "test"), store_url)
    after = _work(store_url, today)
    if not after.has(key):  # it was one of the older periods listed only while overdue
        with db.read_session(store_url) as s:
            kept = entry.worklist(s, PLEDGE, "POL", today, keep=key)
        assert kept.has(key) and key not in set(zip(kept.todo["indicator_code"], kept.todo["area_code"],
                                                    kept.todo["period"], strict=True))  # fmt: skip
        assert "Inskickad" in kept.periods(*key[:2], "sv")[key[2]]
    else:
        assert after.done.pipe(lambda d: ((d["indicator_code"] == key[0]) & (d["period"] == key[2])).any())


def test_plausibility_in_the_import_preview_judges_new_and_corrected_rows_not_unchanged_ones(store_url: str) -> None:
    """A value far outside its history is flagged in the preview (the review queue's words); the same file once
    stored is unchanged and flags nothing; the warning never refuses a row."""
    with db.read_session(store_url) as s:
        history = queries.histories(s, [("I01", "11319")])[("I01", "11319")]
    assert len(history) >= 3
    frame = pd.DataFrame([{"indicator": "I01", "area": "11319", "period": "2026-09", "value": "1,4"},
                          {"indicator": "I01", "area": "11319", "period": "2026-10",
                           "value": str(history[-1][1]).replace(".", ",")}])  # fmt: skip
    frame.index = pd.Index([2, 3], name="line")
    checked = importer.check_in(store_url, frame, POL)
    assert not checked.errors and len(checked.figures) == 2
    warned = checked.warnings("sv")
    assert list(warned) == [2] and warned[2].startswith("⚠ Ovanligt: brukar ligga mellan")
    assert checked.preview("sv").set_index("Rad").loc[2, "Rimlighet"] == warned[2]
    assert checked.warnings("en")[2].startswith("⚠ Unusual")
    db.run_write(lambda s: importer.commit(s, POL, checked.figures, "test"), store_url)
    again = importer.check_in(store_url, frame, POL)
    assert again.counts()[importer.UNCHANGED] == 2 and again.warnings("sv") == {}


def test_one_grid_reports_a_period_in_every_area_and_asks_before_an_unusual_value(store_url: str,
                                                                                 monkeypatch) -> None:  # fmt: skip
    """The grid holds one period's open figures in all the police's areas: values typed for two areas are stored
    in both, after a value far outside its history was confirmed (nothing is stored before)."""
    monkeypatch.setenv("INDICATORS_DB_URL", store_url)
    at = sign_in_as(app_test(), "pol")
    at.switch_page("pages/report.py").run()
    assert not at.exception
    work = _work(store_url, dt.date.today())
    assert at.selectbox(key="rep_grid_period").value == next(iter(work.grid_periods("sv")))  # the most overdue
    with db.read_session(store_url) as s:
        units = {code: ind.unit for code, ind in store.rules(s).indicators.items()}
        histories = queries.histories(s, list(dict.fromkeys(zip(work.todo["indicator_code"], work.todo["area_code"],
                                                                strict=True))))  # fmt: skip

    def past(table: pd.DataFrame, row: int) -> list[float]:
        return [v for _, v in histories[(table.loc[row, "indicator"], table.loc[row, "area"])]]

    def pick(period: str) -> tuple[pd.DataFrame, list[int]] | None:
        """Two rows of the period's grid in two areas, the first a count with a history to be far outside of."""
        table, _ = work.grid(period, "sv")
        counted = [r for r in table.index if units[table.loc[r, "indicator"]] in {"count", "persons", "hours"}
                   and len(past(table, r)) >= 3]  # fmt: skip
        for r in counted:
            other = [o for o in table.index if table.loc[o, "area"] != table.loc[r, "area"]]
            if other:
                return table, [int(r), int(other[0])]
        return None

    period, (table, rows) = next((p, found) for p in work.grid_periods("sv") if (found := pick(p)))
    at.selectbox(key="rep_grid_period").set_value(period).run()
    grid = next(d for d in at.dataframe if "status" in d.value.columns)
    assert list(zip(grid.value["indicator"], grid.value["area"], strict=True)) == list(
        zip(table["indicator"], table["area"], strict=True))  # fmt: skip
    typed = {r: {"value": str((past(table, r) or [1])[-1]).replace(".", ",")} for r in rows}
    absurd = {**typed, rows[0]: {"value": str(int(max(past(table, rows[0])) * 50 + 1000))}}
    keys = [(str(table.loc[r, "indicator"]), str(table.loc[r, "area"]), period) for r in rows]
    with db.read_session(store_url) as s:
        before = store.stored_versions(s, keys)
    next(b for b in at.button if b.key == "rep_grid_submit").click()
    run_with_edits(at, grid, absurd)
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert any("långt utanför sin egen historik" in w.value for w in at.warning)
    with db.read_session(store_url) as s:
        assert store.stored_versions(s, keys) == before  # nothing stored before it is confirmed
    grid = next(d for d in at.dataframe if "status" in d.value.columns)
    run_with_edits(at, grid, absurd)
    next(c for c in at.checkbox if c.key.startswith("rep_grid_confirm_")).check()
    next(b for b in at.button if b.key == "rep_grid_submit").click()
    run_with_edits(at, grid, absurd)
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert any("2 siffror sparade" in x.value for x in at.success)
    at.run()  # the page after the save, as the browser shows it: the editor's own save is no change by another
    assert not any("Listan har ändrats" in w.value for w in at.warning), [w.value for w in at.warning]
    with db.read_session(store_url) as s:
        stored = {k: queries.current_figure(s, *k) or {} for k in keys}
    assert stored[keys[0]]["value"] == float(absurd[rows[0]]["value"]) and stored[keys[0]]["entered_by"] == "pol"
    assert stored[keys[1]]["review_state"] == "submitted"


def test_the_error_table_speaks_swedish_names_and_words_not_codes(store_url: str) -> None:
    """Attack on issue 20: a grid row with a value and the status "uppgift saknas" listed its status as `missing`,
    its area as `11319`, and the rule as "lämna tomt när status är missing". All three read as the form says them."""
    row = {"indicator": "I02", "area": "11319", "period": "2026-01", "value": "4", "status": "missing"}
    frame = pd.DataFrame([row])
    frame.index = pd.Index([1], name="line")
    checked = importer.check_in(store_url, frame, POL)
    shown = checked.preview("sv").iloc[0]
    assert (shown["Område"], shown["Status"]) == ("Södra Sofielund", "Uppgift saknas (–)")
    assert shown["Fel"] == "värde: lämna tomt när status är Uppgift saknas (–)"
    assert checked.preview("en").iloc[0]["Status"] == "Missing (–)"


def test_a_returned_figure_stays_to_do_with_its_comment_however_old(store_url: str) -> None:
    """Walk of issue 20: a figure the steering group returned, older than the newest periods the list shows, left
    the editor's list altogether (the comment and the request to correct it with it). It is to do, with its
    comment, until it is sent again."""
    steering = store.Principal("ordf", Role.STEERING)
    old = FigureInput("I01", "11319", "2024-01", 150.0, None, None, "POL")
    figure_id = db.run_write(lambda s: store.submit_figure(s, by=POL, figure=old).id, store_url)
    db.run_write(lambda s: store.return_figures(s, steering, [figure_id], "Räkna om timmarna"), store_url)
    work = _work(store_url, dt.date(2026, 11, 26))
    key = ("I01", "11319", "2024-01")
    assert work.has(key)
    returned = work.returned.set_index(["indicator_code", "area_code", "period"])
    assert returned.loc[key, "review_comment"] == "Räkna om timmarna"
    assert key in set(zip(work.todo["indicator_code"], work.todo["area_code"], work.todo["period"], strict=True))
