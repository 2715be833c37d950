"""Hostile and random input: generated forms, CSV and Excel files, and raw bytes. Nothing crashes, nothing is
stored in part, and every refusal names the row and the field (or, for a file that can not be read, the reason).

The counts are set per test: 10,000 form cases and 10,000 CSV files on every run (CI included), 1,000 raw byte
strings, 500 Excel files (each one is a zip written by openpyxl, so slower) and 200 imports into a real store.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from sqlalchemy import text

from indicators import catalogue, db, importer, store
from indicators.config import settings as app_settings
from indicators.models import Role
from indicators.store import Principal
from indicators.validation import FIELD_LABELS, FigureInput, Rules, ValidationError, validate_figure

TODAY = dt.date(2026, 11, 22)
POL = Principal("pol", Role.EDITOR, "POL")
MB = 1_000_000
FIELDS = ["indicator", "area", "period", "value", "n", "status", "source", "note"]
MANY = settings(max_examples=10_000, deadline=None, suppress_health_check=list(HealthCheck), database=None)


@pytest.fixture(scope="module")
def rules() -> Rules:
    cat = catalogue.load(app_settings().pledge_file)
    return Rules(indicators=catalogue._indicator_rows(cat.spec), areas={a.code for a in cat.areas}, today=TODAY)


_CAT = catalogue.load(app_settings().pledge_file)
CODES = sorted(catalogue._indicator_rows(_CAT.spec))
AREAS = sorted(a.code for a in _CAT.areas)
SAFE_TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=30)


def cell(field: str) -> st.SearchStrategy[str]:
    """Mostly plausible values of a field, often broken ones, sometimes anything at all."""
    plausible: dict[str, list[str]] = {
        "indicator": [*CODES, "i01", " I01 ", "X99", "", "<b>I01</b>"],
        "area": [*AREAS, "99999", "", "Södra Sofielund"],
        "period": ["2024-01", "2024-Q1", "2024", "2024-H1", "2024-W05", "2026-10", "2026-11", "2031-01", "1980",
                   "2024-13", "2024-Q5", "24-01", "", "januari 2024"],
        "value": ["0", "12", "12,5", "12.5", "1 000", "1\u00a0000", "-3", "+5", "=1+1", "@SUM(A1)", "NaN", "inf",
                  "1e400", "12,5.3", "", "100", "101", "3", "7"],
        "n": ["", "0", "30", "400", "12,5", "-1", "många"],
        "status": ["", "", "", "missing", "suppressed", "not_applicable", "value", "hemlig"],
        "source": ["", "POL", "SCB", "=HYPERLINK(\"http://x\")", "x" * 501],
        "note": ["", "<script>alert(1)</script>", "rättad", "x" * 2001, "-minus", "+plus"],
    }  # fmt: skip
    numbers = st.integers(-10, 10**6).map(str) | st.floats().map(lambda x: str(x).replace(".", ","))
    if field in ("value", "n"):
        return st.one_of(st.sampled_from(plausible[field]), numbers, SAFE_TEXT)
    return st.sampled_from(plausible[field]) | SAFE_TEXT


ROWS = st.lists(st.fixed_dictionaries({f: cell(f) for f in FIELDS}), min_size=1, max_size=5)


def assert_refusal_names_row_and_field(checked: importer.Checked, frame: Any) -> None:
    lines = {int(i) for i in frame.index}
    assert {e.line for e in checked.errors} <= lines
    for e in checked.errors:
        assert e.field in FIELD_LABELS and e.message.strip(), e
        assert str(e).startswith(f"rad {e.line}: {FIELD_LABELS[e.field]}: ")
    rows_with_errors = {e.line for e in checked.errors}
    # every row is a figure, an empty template row or a row with at least one named problem
    assert len(checked.figures) + checked.skipped + len(rows_with_errors) == len(frame)


def assert_clean(figure: FigureInput, rules: Rules) -> None:
    assert figure.indicator_code in rules.indicators and figure.area_code in rules.areas
    assert (figure.value is None) != (figure.status_code is None)
    assert figure.value is None or math.isfinite(figure.value)
    assert figure.n is None or figure.n >= 1


@pytest.mark.second_pass
@MANY
@given(raw=st.fixed_dictionaries({f: cell(f) for f in FIELDS}))
def test_form_validation_accepts_clean_figures_or_names_every_broken_field(rules: Rules, raw: dict[str, str]) -> None:
    try:
        figure = validate_figure(raw, rules)
    except ValidationError as exc:
        assert exc.errors
        for e in exc.errors:
            assert e.field in FIELD_LABELS and e.message.strip()
        return
    assert_clean(figure, rules)


def _csv(rows: list[dict[str, str]], delimiter: str, header: list[str]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(header)
    for r in rows:
        writer.writerow([r.get(h, "") for h in header])
    return out.getvalue().encode("utf-8")


@pytest.mark.second_pass
@MANY
@given(rows=ROWS, delimiter=st.sampled_from([",", ";", "\t"]),
       header=st.permutations(FIELDS).flatmap(lambda h: st.integers(3, len(h)).map(lambda k: list(h[:k]))))  # fmt: skip
def test_csv_files_are_read_and_every_bad_row_named(
    rules: Rules, rows: list[dict[str, str]], delimiter: str, header: list[str]
) -> None:
    data = _csv(rows, delimiter, header)
    try:
        frame = importer.read_table(data, "siffror.csv", MB)
    except importer.FileProblem as exc:
        assert str(exc).strip()
        return
    checked = importer.check(frame, rules, POL)
    assert_refusal_names_row_and_field(checked, frame)
    for f in checked.figures:
        assert_clean(f, rules)
        assert rules.indicators[f.indicator_code].actor_code == "POL"  # an editor imports only their own


@pytest.mark.second_pass
@settings(max_examples=1_000, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(data=st.binary(max_size=2_000) | st.binary(max_size=200).map(lambda b: b"indicator,area,period,value\n" + b))
def test_any_bytes_are_read_or_refused_with_a_reason(rules: Rules, data: bytes) -> None:
    name = "fil.xlsx" if data[:2] == b"PK" else "fil.csv"
    try:
        frame = importer.read_table(data, name, MB)
    except importer.FileProblem as exc:
        assert str(exc).strip()
        return
    assert_refusal_names_row_and_field(importer.check(frame, rules, POL), frame)


def _xlsx(rows: list[dict[str, str]], header: list[str]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for r in rows:
        sheet.append([r.get(h, "") for h in header])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.second_pass
@settings(max_examples=500, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(rows=ROWS)
def test_excel_files_are_read_and_every_bad_row_named(rules: Rules, rows: list[dict[str, str]]) -> None:
    rows = [{k: "".join(ch for ch in v if ch >= " " or ch in "\t\n") for k, v in r.items()} for r in rows]
    try:
        frame = importer.read_table(_xlsx(rows, FIELDS), "siffror.xlsx", MB)
    except importer.FileProblem as exc:
        assert str(exc).strip()  # e.g. a cell starting with "=" is a formula: refused
        return
    checked = importer.check(frame, rules, POL)
    assert_refusal_names_row_and_field(checked, frame)


class Interrupted(Exception):
    """Stands for anything that stops a write half-way: a crash, a lost connection, a full disk."""


def test_an_import_is_stored_whole_or_not_at_all(new_store: Callable[..., str]) -> None:
    """Generated files into a real store: a refused file stores nothing; an accepted one stores every figure and
    one audit entry each; one interrupted after its rows were written stores nothing either."""
    url = new_store()
    with db.read_session(url) as s:
        rules = store.rules(s)

    def counts() -> tuple[int, int]:
        with db.read_session(url) as s:
            return (int(s.execute(text("SELECT COUNT(*) FROM figure")).scalar() or 0),
                    int(s.execute(text("SELECT COUNT(*) FROM audit_entry")).scalar() or 0))  # fmt: skip

    @settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(rows=ROWS, interrupt=st.booleans())
    def one(rows: list[dict[str, str]], interrupt: bool) -> None:
        before = counts()
        try:
            frame = importer.read_table(_csv(rows, ";", FIELDS), "siffror.csv", MB)
        except importer.FileProblem:
            assert counts() == before
            return
        checked = importer.check(frame, rules, POL)
        if not checked.ok:  # what the page and the CLI do: refuse the whole file
            assert counts() == before
            return

        def stop_half_way(share: float) -> None:
            if interrupt:
                raise Interrupted  # after the rows went into the figure table, before the commit

        try:
            db.run_write(lambda s: importer.commit(s, POL, checked.figures, "siffror.csv", progress=stop_half_way), url)
        except Interrupted:
            assert counts() == before
            return
        assert not interrupt
        n = len(checked.figures)
        assert counts() == (before[0] + n, before[1] + n + 1)  # one entry per figure, one for the file

    one()
