"""Hostile and random input: generated forms, CSV and Excel files, and raw bytes. Nothing crashes, nothing is
stored in part, and every refusal names the row and the field (or, for a file that can not be read, the reason).

The counts are set per test: 10,000 form cases and 10,000 CSV files on every run (CI included), 1,000 raw byte
strings, 500 Excel files (each one is a zip written by openpyxl, so slower) and 200 imports into a real store.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import zipfile
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from openpyxl import Workbook
from sqlalchemy import text

from indicators.base import formatting
from indicators.base.config import settings as app_settings
from indicators.base.i18n import t
from indicators.base.models import Role
from indicators.io import catalogue, importer
from indicators.rules.units import UNITS
from indicators.rules.validation import (
    FIELD_LABELS,
    FigureInput,
    Rules,
    ValidationError,
    validate_activity,
    validate_figure,
)
from indicators.storage import db, store
from indicators.storage.store import Principal
from tests.support import examples

TODAY = dt.date(2026, 11, 22)
POL = Principal("pol", Role.EDITOR, "POL")
MB = 1_000_000
FIELDS = ["indicator", "area", "period", "value", "n", "status", "source", "note"]
MANY = examples(10_000)  # a pure function: the whole budget


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
                   "2024-13", "2024-Q5", "24-01", "", "januari 2024", "okt-24", "Oct 2024", "maj.26", "dec-31",
                   "2024-10-01", "2024-07-01 00:00:00", "2024-02-30"],
        "value": ["0", "12", "12,5", "12.5", "1 000", "1\u00a0000", "-3", "+5", "=1+1", "@SUM(A1)", "NaN", "inf",
                  "1e400", "12,5.3", "", "100", "101", "3", "7", "44,1 %", "12%", "7\u00a0%", "%", "101 %"],
        "n": ["", "0", "30", "400", "12,5", "-1", "många", "400 %"],
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
        assert str(e).startswith(f"rad {e.line}: {t(FIELD_LABELS[e.field], 'sv')}: ")
        assert e.text("en").startswith(f"row {e.line}: {t(FIELD_LABELS[e.field], 'en')}: ")
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
@examples(3_000)  # a file of up to many rows each example: a third of the budget takes as long as the form's whole
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
@examples(1_000)
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
@examples(500)
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

    def counts() -> tuple[int, int]:
        with db.read_session(url) as s:
            return (int(s.execute(text("SELECT COUNT(*) FROM figure")).scalar() or 0),
                    int(s.execute(text("SELECT COUNT(*) FROM audit_entry")).scalar() or 0))  # fmt: skip

    @examples(200)
    @given(rows=ROWS, interrupt=st.booleans())
    def one(rows: list[dict[str, str]], interrupt: bool) -> None:
        before = counts()
        try:
            frame = importer.read_table(_csv(rows, ";", FIELDS), "siffror.csv", MB)
        except importer.FileProblem:
            assert counts() == before
            return
        checked = importer.check_in(url, frame, POL)
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
        kinds = checked.counts()  # a row that repeats what is stored (an earlier example's file) is not stored
        n = kinds[importer.NEW] + kinds[importer.CORRECTION]
        assert counts() == (before[0] + n, before[1] + n + 1)  # one entry per figure, one for the file

    one()


# --- Absurd numbers, hidden characters, odd files (issue 17) -------------------------------------------------------


def _one_per_unit(rules: Rules) -> dict[str, str]:
    """An indicator of each unit that has an upper bound of its own (not a scale or a category list)."""
    found: dict[str, str] = {}
    for code, ind in sorted(rules.indicators.items()):
        u = UNITS[ind.unit]
        if u.maximum is not None and not u.scaled and not u.categorical:
            found.setdefault(ind.unit, code)
    return found


def _due_period(rules: Rules, code: str) -> str:
    return {"monthly": "2024-01", "quarterly": "2024-Q1", "yearly": "2024", "half_yearly": "2024-H1"}.get(
        str(rules.indicators[code].frequency), "2024"
    )


@pytest.mark.second_pass
@examples(300)
@given(data=st.data())
def test_a_value_above_its_units_bound_is_refused_with_the_bound(rules: Rules, data: st.DataObject) -> None:
    """Every unit declares the largest value that makes sense in it; one above is refused on the value field with
    the bound named (so 1e28 never reaches the store to take pages down), and one at the bound is accepted."""
    per_unit = _one_per_unit(rules)
    assert {"count", "persons", "percent"} <= set(per_unit)
    unit_code = data.draw(st.sampled_from(sorted(per_unit)))
    code, u = per_unit[unit_code], UNITS[unit_code]
    assert u.maximum is not None
    high = data.draw(st.floats(min_value=u.maximum, exclude_min=True, allow_infinity=False, allow_nan=False)
                     | st.sampled_from([1e28, 1e308, 10.0**19]))  # fmt: skip
    text_ = data.draw(st.sampled_from(["{:.0f}", "{:e}", "{!r}"])).format(high)
    assume(float(text_) > u.maximum)  # as written (rounding may bring it down to the bound)
    raw = {"indicator": code, "area": AREAS[0], "period": _due_period(rules, code), "value": text_,
           "n": "100" if u.needs_n else "", "source": "POL"}  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        validate_figure(raw, rules)
    assert {e.field for e in refused.value.errors} == {"value"}
    messages = " ".join(e.message for e in refused.value.errors)
    assert formatting.number(u.maximum) in messages or "ändligt" in messages or "för stort" in messages, messages
    at_bound = validate_figure({**raw, "value": str(int(u.maximum)) if u.integer else repr(u.maximum)}, rules)
    assert at_bound.value == u.maximum


@pytest.mark.parametrize("field", ["n", "participants"])
@pytest.mark.parametrize("value", ["1e30", "100000000000000000000", "1e400"])
def test_a_huge_count_of_respondents_or_participants_is_a_named_refusal(rules: Rules, field: str, value: str) -> None:
    """An n (or an activity's participants) of 1e30 was an OverflowError on the form; now it names the field."""
    if field == "n":
        code = next(c for c, i in rules.indicators.items() if UNITS[i.unit].needs_n)
        raw = {"indicator": code, "area": AREAS[0], "period": _due_period(rules, code), "value": "40", "n": value}
        with pytest.raises(ValidationError) as refused:
            validate_figure(raw, rules)
    else:
        raw = {"date": "2024-03-01", "type": "citizen_dialogue", "participants": value, "area": AREAS[0]}
        with pytest.raises(ValidationError) as refused:
            validate_activity(raw, areas=dict.fromkeys(AREAS), commitments={}, today=TODAY)
    assert field in {e.field for e in refused.value.errors}


@examples(2_000)
@given(value=st.floats() | st.integers(min_value=-(10**400), max_value=10**400) | st.decimals(),
       lang=st.sampled_from(["sv", "en"]), decimals=st.none() | st.integers(0, 3))  # fmt: skip
def test_number_formatting_never_raises_and_never_says_minus_zero(value: Any, lang: str, decimals: int | None) -> None:
    shown = formatting.number(value, lang, decimals)
    assert isinstance(shown, str)
    assert shown.lstrip("-\u2212").strip("0,. \u00a0") or not shown.startswith(("-", "\u2212")), shown


@pytest.mark.parametrize(("field", "text_"), [
    ("note", "rättad\x00"), ("note", "a\x1bb"), ("source", "\u202egpj.exe"), ("source", "POL\u2066x\u2069"),
    ("note", "bild\u200f.png"), ("evidence_url", "https://x.se/\u202e"),
])  # fmt: skip
def test_hidden_control_and_direction_characters_are_refused_by_name(rules: Rules, field: str, text_: str) -> None:
    """A NUL byte (stored by SQLite, refused raw by PostgreSQL) and the direction overrides that make a source show
    as something else ("\\u202egpj.exe" reads as "exe.jpg") never reach the store."""
    raw = {"indicator": "I01", "area": AREAS[0], "period": _due_period(rules, "I01"), "value": "3", "source": "POL",
           field: text_}  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        validate_figure(raw, rules)
    (error,) = refused.value.errors
    assert error.field == field and "styrtecken" in error.message


@examples(1_000)
@given(text_=st.text(max_size=40))
def test_text_is_stored_as_typed_or_refused_never_silently_changed(rules: Rules, text_: str) -> None:
    """Any note is either kept exactly (stripped of outer space) or refused with a reason; tab and new line are
    fine, characters that hide or turn text are not."""
    raw = {"indicator": "I01", "area": AREAS[0], "period": _due_period(rules, "I01"), "value": "3", "source": "POL",
           "note": text_}  # fmt: skip
    try:
        figure = validate_figure(raw, rules)
    except ValidationError as exc:
        assert [e.field for e in exc.errors] == ["note"]
        assert any(_hidden(c) for c in text_)
        return
    assert figure.note == text_.strip()


def _hidden(c: str) -> bool:
    """A character no text field takes (written out here apart from the rule in indicators/rules/validation.py)."""
    code = ord(c)
    return ((code < 32 and c not in "\t\n\r") or 0x7F <= code <= 0x9F
            or c in "\u00ad\u061c\u115f\u1160\u180e\u2028\u2029\u3164\ufeff\uffa0"
            or 0x200B <= code <= 0x200F or 0x202A <= code <= 0x202E or 0x2060 <= code <= 0x2064
            or 0x2066 <= code <= 0x2069 or 0xE0000 <= code <= 0xE007F)  # fmt: skip


@pytest.mark.parametrize("written", ["-0", "-0,0", "−0", "-0e3"])
def test_minus_zero_is_stored_as_zero(rules: Rules, written: str) -> None:
    raw = {"indicator": "I01", "area": AREAS[0], "period": _due_period(rules, "I01"), "value": written, "source": "X"}
    try:
        figure = validate_figure(raw, rules)
    except ValidationError as exc:
        assert [e.field for e in exc.errors] == ["value"]  # (a typographic minus may be refused, never stored)
        return
    assert figure.value == 0 and math.copysign(1, figure.value) == 1
    assert formatting.number(figure.value) == "0"


@examples(300)
@given(column=st.sampled_from(importer.COLUMNS),
       variant=st.sampled_from([str.upper, str.title, lambda c: f" {c} ", lambda c: f"\ufeff{c}", lambda c: c]),
       fmt=st.sampled_from(["csv", "xlsx"]))  # fmt: skip
def test_a_column_named_twice_is_refused_by_name(column: str, variant: Callable[[str], str], fmt: str) -> None:
    """Headers that differ only by case, space or a byte-order mark are the same column: refused, naming it (they
    were an AttributeError)."""
    header = [*REQUIRED_HEADER, *([column] if column not in REQUIRED_HEADER else []), variant(column)]
    rows = [{h: "1" for h in header}]
    data = _csv(rows, ";", header) if fmt == "csv" else _xlsx(rows, header)
    with pytest.raises(importer.FileProblem) as refused:
        importer.read_table(data, f"f.{fmt}", MB)
    assert f"kolumnen {column} finns två gånger" in str(refused.value)


REQUIRED_HEADER = ["indicator", "area", "period", "value"]


def _sheet_xml(rows: int) -> bytes:
    body = '<row><c t="inlineStr"><is><t>I01</t></is></c></row>' * rows  # row and cell numbers may be left out
    header = "".join(f'<c t="inlineStr"><is><t>{h}</t></is></c>' for h in REQUIRED_HEADER)
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org'
        f'/spreadsheetml/2006/main"><sheetData><row>{header}</row>{body}</sheetData></worksheet>'
    ).encode()


def _bomb(rows: int) -> bytes:
    """A small, valid workbook whose one sheet holds ``rows`` rows: written as Excel does, then its sheet replaced
    by a long, very compressible one."""
    return _workbook_with("xl/worksheets/sheet1.xml", _sheet_xml(rows))


def test_a_small_workbook_of_many_rows_is_refused_while_it_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    """A workbook of 200,000 rows packs into about a hundred kilobytes; reading it whole took a minute. It is
    refused at the row limit, and one that unpacks past the size limit is refused before it is parsed."""
    bomb = _bomb(200_000)
    assert len(bomb) < 400_000  # small on the wire
    reached = []
    real = importer._cell
    monkeypatch.setattr(importer, "_cell", lambda v: (reached.append(1), real(v))[1])
    with pytest.raises(importer.FileProblem) as refused:
        importer.read_table(bomb, "liten.xlsx", MB, max_rows=5_000)
    assert "fler än 5\u00a0000 rader" in str(refused.value)
    assert len(reached) <= 4 * 5_002  # streamed: stopped at the limit, the rest never read
    assert len(importer.read_table(_bomb(5_000), "ok.xlsx", MB, max_rows=5_000)) == 5_000
    reached.clear()
    monkeypatch.setattr(importer, "MAX_UNPACKED", 1_000_000)
    with pytest.raises(importer.FileProblem) as refused:
        importer.read_table(bomb, "liten.xlsx", MB)
    assert "packas upp till" in str(refused.value) and not reached


def test_the_row_limit_holds_for_csv_too() -> None:
    data = ("indicator;area;period;value\n" + "I01;11319;2024-01;1\n" * 101).encode()
    with pytest.raises(importer.FileProblem, match="fler än 100 rader"):
        importer.read_table(data, "f.csv", MB, max_rows=100)
    assert len(importer.read_table(data, "f.csv", MB, max_rows=101)) == 101


def test_a_hidden_sheet_is_never_imported(rules: Rules) -> None:
    """Excel shows the first visible sheet; a hidden one before it (with other values) is not what the user sees,
    so it is not what is stored."""
    book = Workbook()
    hidden = book.active
    assert hidden is not None
    hidden.append(REQUIRED_HEADER)
    hidden.append(["I01", AREAS[0], "2024-01", "999"])
    hidden.sheet_state = "hidden"
    shown = book.create_sheet("Siffror")
    shown.append(REQUIRED_HEADER)
    shown.append(["I01", AREAS[0], "2024-01", "7"])
    book.active = 1
    out = io.BytesIO()
    book.save(out)
    frame = importer.read_table(out.getvalue(), "f.xlsx", MB)
    assert frame["value"].tolist() == ["7"]


ABSURD = [  # stored past validation (an older release, a database edit): the pages must still stand
    store.BulkFigure("I02", "11319", "2022-06", 1e28, source="POL", review_state="submitted"),
    store.BulkFigure("I03B", "SOFIELUND", "2022-Q3", 1e308, source="POL"),
    store.BulkFigure("I19", "11319", "2022", math.inf, n=2_000_000_000, source="POL"),
    store.BulkFigure("I01", "11319", "2022-06", -0.0, source="POL"),
]
SIGNED_IN = [("ordf", "pages/overview.py", {}), ("ordf", "pages/indicator.py", {"code": "I02"}),
             ("ordf", "pages/review.py", {}), ("ordf", "pages/trends.py", {}), ("ordf", "pages/map.py", {}),
             ("ordf", "pages/commitments.py", {}), ("pol", "pages/report.py", {}), ("pol", "pages/status.py", {}),
             ("admin", "pages/audit.py", {})]  # fmt: skip
PUBLIC = [(None, page, {"pub_indicator": code}) for code in ("I03B", "I19")
          for page in ("pages/public_pledge.py", "pages/public_done.py", "pages/public_trends.py",
                       "pages/public_method.py", "pages/public_about.py")]  # fmt: skip


def test_one_absurd_stored_figure_takes_no_page_down(
    new_store: Callable[..., str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """1e28 submitted, 1e308 and infinity published: every page of every role still renders (the steering group can
    return the figure), and the open data is still written and read back by its own library."""
    from openpyxl import load_workbook

    from indicators.io import export
    from tests.support import app_test, sign_in_as

    url = new_store()
    db.run_write(lambda s: store.insert_figures_bulk(s, by=store.SYSTEM, figures=ABSURD, as_catalogue=True), url)
    monkeypatch.setenv("INDICATORS_DB_URL", url)
    for user, page, params in [*SIGNED_IN, *PUBLIC]:
        at = app_test()
        if user:
            sign_in_as(at, user)
        for key, value in params.items():
            at.query_params[key] = value
        at.run()
        at.switch_page(page).run()
        assert not at.exception, (user, page, [e.message for e in at.exception])
        assert at.title, (user, page)
    review = app_test()
    sign_in_as(review, "ordf")
    review.run()
    review.switch_page("pages/review.py").run()
    shown = " ".join(e.value.to_csv() for e in review.dataframe)
    assert "1×10^28" in shown  # shown in powers of ten, so the steering group sees what to return
    with db.read_session(url) as s:
        files = export.files(s)
    assert json.loads(files["json"], parse_constant=lambda c: pytest.fail(f"{c} in the JSON file"))
    assert load_workbook(io.BytesIO(files["xlsx"]), read_only=True).worksheets
    assert len(list(csv.reader(io.StringIO(files["csv"].decode("utf-8-sig"))))) > 1


def _workbook_with(part: str, xml: bytes) -> bytes:
    """The template workbook with one of its parts replaced (or added) by ``xml``."""
    book = Workbook()
    book.active.append(REQUIRED_HEADER)  # type: ignore[union-attr]
    plain = io.BytesIO()
    book.save(plain)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(plain.getvalue())) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        names = [i.filename for i in src.infolist()]
        for name in names:
            dst.writestr(name, xml if name == part else src.read(name), compresslevel=9)
        if part not in names:
            dst.writestr(part, xml, compresslevel=9)
    return out.getvalue()


_SHEET = (b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
          b'2006/main"><sheetData>%s</sheetData></worksheet>')  # fmt: skip
BOMBS = {  # small on the wire, each under the unpacked-size limit, each far more work than any file that is taken
    "a row of two million cells": ("xl/worksheets/sheet1.xml", _SHEET % (b"<row>" + b"<c/>" * 2_000_000 + b"</row>")),
    "two million shared strings": ("xl/sharedStrings.xml", b'<sst xmlns="http://schemas.openxmlformats.org/'
                                   b'spreadsheetml/2006/main">' + b"<si><t>x</t></si>" * 2_000_000 + b"</sst>"),
    "a text of two million runs": ("xl/worksheets/sheet1.xml", _SHEET % (b'<row><c t="inlineStr"><is>'
                                   + b"<r><t>x</t></r>" * 2_000_000 + b"</is></c></row>")),
}  # fmt: skip


@pytest.mark.parametrize("bomb", sorted(BOMBS))
def test_a_workbook_of_millions_of_elements_is_refused_before_it_is_parsed(
    bomb: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """openpyxl parses a whole row, and every shared string, before a limit of ours can stop it: a 400 kB file took
    minutes and 5,8 GB. The parts are counted first (a scan of the unpacked XML) and such a file never reaches it."""
    part, xml = BOMBS[bomb]
    data = _workbook_with(part, xml)
    assert len(data) < 1_000_000 and len(xml) < importer.MAX_UNPACKED
    monkeypatch.setattr(importer, "load_workbook", lambda *a, **k: pytest.fail("the workbook was parsed"))
    with pytest.raises(importer.FileProblem, match="fler celler, texter eller blad"):
        importer.read_table(data, "liten.xlsx", MB)


def test_a_csv_header_of_a_million_columns_is_refused_before_it_is_parsed() -> None:
    data = ("indicator;area;period;value" + ";" * 1_000_000 + "\nI01;11319;2024-01;1\n").encode()
    with pytest.raises(importer.FileProblem, match="1000004 kolumner"):
        importer.read_table(data, "f.csv", 10 * MB)


def test_rows_past_the_size_a_workbook_declares_are_read_too() -> None:
    """A workbook may declare a smaller size (`<dimension ref="A1:D3">`) than it has; openpyxl stops there unless
    told otherwise, so eight of ten rows were dropped without a word."""
    rows = b"".join(b'<row><c t="inlineStr"><is><t>I01</t></is></c><c t="inlineStr"><is><t>11319</t></is></c>'
                    b'<c t="inlineStr"><is><t>2024-%02d</t></is></c><c><v>%d</v></c></row>' % (m, m)
                    for m in range(1, 11))  # fmt: skip
    header = b"".join(b'<c t="inlineStr"><is><t>%s</t></is></c>' % h.encode() for h in REQUIRED_HEADER)
    sheet = (b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
             b'spreadsheetml/2006/main"><dimension ref="A1:D3"/><sheetData><row>' + header + b"</row>" + rows
             + b"</sheetData></worksheet>")  # fmt: skip
    frame = importer.read_table(_workbook_with("xl/worksheets/sheet1.xml", sheet), "f.xlsx", MB)
    assert frame["value"].tolist() == [str(m) for m in range(1, 11)]


@pytest.mark.parametrize("cell", [b'<c><v>' + b"9" * 5_000 + b"</v></c>", b'<c t="s"><v>99</v></c>',
                                  b'<c t="b"><v>x</v></c>', b'<c r="!!"><v>1</v></c>'])  # fmt: skip
def test_a_malformed_cell_is_a_named_refusal(cell: bytes) -> None:
    sheet = _SHEET % (b"<row>" + b"".join(b'<c t="inlineStr"><is><t>%s</t></is></c>' % h.encode()
                                         for h in REQUIRED_HEADER) + b"</row><row>" + cell + b"</row>")  # fmt: skip
    with pytest.raises(importer.FileProblem, match="Excel"):
        importer.read_table(_workbook_with("xl/worksheets/sheet1.xml", sheet), "f.xlsx", MB)


@pytest.mark.parametrize("text_", ["ok\x00", "\u202eexe.jpg", "a\u200bb", "rad\u2028rad", "x\ufeffy"])
def test_every_free_text_write_refuses_hidden_characters(store_url: str, text_: str) -> None:
    """Not only the form's fields: a review's return comment, a meeting's title and a withdrawal's reason too."""
    from indicators.base.models import Role
    from indicators.storage.store import Principal

    steering = Principal("ordf", Role.STEERING)
    with db.read_session(store_url) as s:
        figure_id = s.execute(text("SELECT figure_id FROM current_figure LIMIT 1")).scalar()
        key = s.execute(text("SELECT indicator_code, area_code, period FROM current_figure "
                             "WHERE indicator_code = 'I01' LIMIT 1")).one()  # fmt: skip
    with pytest.raises(ValidationError, match="styrtecken"):
        db.run_write(lambda s: store.return_figures(s, steering, [figure_id], text_), store_url)
    with pytest.raises(ValidationError, match="styrtecken"):
        db.run_write(lambda s: store.save_meeting(s, steering, "sofielund-2022", f"Möte {text_}", dt.date(2026, 11, 1),
                                                  "11319", dt.date(2026, 10, 31)), store_url)  # fmt: skip
    with pytest.raises(ValidationError, match="styrtecken"):
        db.run_write(lambda s: store.withdraw_figure(s, by=POL, indicator_code=key[0], area_code=key[1],
                                                     period=key[2], reason=text_), store_url)  # fmt: skip
