"""The import at the database's pace (issue 23): every short cut of the bulk path makes exactly what the plain way
made. The checker that remembers each rule's verdict by its inputs refuses and accepts as the rule-by-rule check did
(kept below as the reference, as it was), for one row and for a file's rows through one checker; the audit trail's
text of a figure version is ``json.dumps``'s, character for character, on both databases; the current pointers are
right whether a write's keys are each written once (one statement) or some twice (grouped)."""

from __future__ import annotations

import datetime as dt
import functools
import json
import math
import re
from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import text as sql

from indicators.base.config import settings
from indicators.base.i18n import Message
from indicators.base.models import ReviewState, Role
from indicators.io import catalogue, importer
from indicators.rules.periods import (
    FREQUENCY_KIND,
    Frequency,
    PeriodError,
    PeriodKind,
    calendar_day,
    is_complete,
    matches_frequency,
    parse_period,
    period_containing,
)
from indicators.rules.units import UNITS
from indicators.rules.validation import (
    _EXAMPLE,
    _STATUSES,
    MAX_RESPONDENTS,
    MAX_TEXT,
    PER_FREQUENCY,
    PERCENT_SIGN,
    STATUS_LABELS,
    FieldError,
    FigureChecker,
    FigureInput,
    NumberError,
    Rules,
    ValidationError,
    _check_range,
    _num,
    _text,
    parse_number,
    text_problem,
    validate_figure,
)
from indicators.storage import db, store
from indicators.storage.store import SYSTEM, BulkFigure, Principal
from tests.support import examples
from tests.test_figure_writer import _assert_invariants

POL = Principal("pol", Role.EDITOR, "POL")
TODAY = dt.date(2026, 11, 22)


@pytest.fixture(scope="module")
def rules() -> Rules:
    """The Sofielund catalogue's indicators and areas (every unit and frequency), and a fixed today."""
    cat = catalogue.load(settings().pledge_file)
    return Rules(indicators=catalogue._indicator_rows(cat.spec), areas={a.code for a in cat.areas}, today=TODAY)


def _reference(raw: Mapping[str, Any], rules: Rules) -> FigureInput:
    """``validate_figure`` as it was before its parts were remembered: every rule worked out for every row."""
    errors: list[FieldError] = []

    code = _text(raw.get("indicator"))
    indicator = rules.indicators.get(code)
    if not code:
        errors.append(FieldError("indicator", "validation.required"))
    elif indicator is None:
        errors.append(FieldError("indicator", "validation.unknown_indicator", code=repr(code)))

    area = _text(raw.get("area"))
    if not area:
        errors.append(FieldError("area", "validation.required"))
    elif area not in rules.areas:
        errors.append(FieldError("area", "validation.unknown_area", area=repr(area)))

    period_text = _text(raw.get("period"))
    period_code = period_text
    day = calendar_day(period_text) if period_text else None
    kind = FREQUENCY_KIND[Frequency(indicator.frequency)] if indicator is not None else None
    if not period_text:
        errors.append(FieldError("period", "validation.required"))
    elif day is not None and indicator is not None and kind is not None and kind is not PeriodKind.MONTH:
        # A date is a day (an Excel date cell, 2026-10 as Excel turned it into one): a month to a monthly indicator,
        # but to a quarterly or yearly one it may as well be a month typed as the period it starts: refused.
        errors.append(FieldError("period", "validation.period_date", date=day.isoformat(),
                                 frequency=Message(PER_FREQUENCY[indicator.frequency]),
                                 example=_EXAMPLE[kind]))  # fmt: skip
    else:
        try:
            period = parse_period(period_text) if day is None else period_containing(PeriodKind.MONTH, day)
            period_code = period.code
            if indicator is not None and not matches_frequency(period, indicator.frequency):
                per = Message(PER_FREQUENCY[indicator.frequency])
                errors.append(FieldError("period", "validation.frequency", frequency=per,
                                         example=_EXAMPLE[kind] if kind else ""))  # fmt: skip
            if period.start > rules.today:
                errors.append(FieldError("period", "validation.in_future", what=period.code))
            elif (
                indicator is not None
                and indicator.frequency != Frequency.IRREGULAR
                and not is_complete(period, rules.today)
            ):
                errors.append(
                    FieldError("period", "validation.not_ended", period=period.code, end=period.end.isoformat())
                )
        except PeriodError as exc:
            errors.append(FieldError("period", exc.message))

    status = _text(raw.get("status")).lower() or None
    if status in ("value", "varde", "värde"):
        status = None
    status_given = status is not None
    if status is not None and status not in _STATUSES:
        errors.append(FieldError("status", "validation.unknown_status", status=repr(status)))
        status = None

    value: float | None = None
    unit = UNITS[indicator.unit] if indicator is not None else None
    try:  # a percent sign is read for a share in percent (and left to the indicator's error when it is unknown)
        value = parse_number(raw.get("value"), percent=unit is None or unit.percent)
    except ValueError as exc:
        if isinstance(exc, NumberError) and exc.msgid == PERCENT_SIGN and unit is not None:
            errors.append(FieldError("value", "validation.percent_sign", unit=Message(unit.label_key)))
        else:
            errors.append(FieldError("value", "validation.number_example", problem=exc))
        value = math.nan

    n: int | None = None
    n_given = _text(raw.get("n")) != ""
    try:
        n_number = parse_number(raw.get("n"))
        if n_number is not None:
            if n_number != int(n_number) or n_number < 1:
                errors.append(FieldError("n", "validation.n_positive"))
            elif n_number > MAX_RESPONDENTS:
                errors.append(FieldError("n", "validation.n_max", max=_num(MAX_RESPONDENTS)))
            else:
                n = int(n_number)
    except ValueError as exc:
        errors.append(FieldError("n", "validation.integer_example", problem=exc))

    if value is not None and not math.isnan(value) and status is not None:
        errors.append(FieldError("value", "validation.value_with_status", status=Message(STATUS_LABELS[status])))
    elif value is None and not status_given:
        errors.append(FieldError("value", "validation.value_or_status"))
    elif value is not None and not math.isnan(value) and indicator is not None:
        errors.extend(_check_range(value, indicator))
        if UNITS[indicator.unit].needs_n and not n_given:
            errors.append(FieldError("n", "validation.n_needed"))
    if indicator is not None and n is not None and not UNITS[indicator.unit].needs_n:
        errors.append(FieldError("n", "validation.n_only_surveys"))
    if (
        indicator is not None
        and UNITS[indicator.unit].days_of_period
        and value is not None
        and not math.isnan(value)
        and not any(e.field == "period" for e in errors)
    ):
        days = (parse_period(period_code).end - parse_period(period_code).start).days + 1
        if value > days:
            within = FieldError("value", "validation.days_in_period", high=_num(days), period=period_code)
            bound = [i for i, e in enumerate(errors) if e.msgid == "validation.at_most"]
            if bound:  # the period's bound in place of the unit's
                errors[bound[0]] = within
            elif not any(e.field == "value" for e in errors):
                errors.append(within)

    source = _text(raw.get("source"))
    note = _text(raw.get("note"))
    url = _text(raw.get("evidence_url"))
    for name, text, limit in (("source", source, 500), ("note", note, MAX_TEXT), ("evidence_url", url, MAX_TEXT)):
        problem = text_problem(text, limit)
        if problem:
            errors.append(FieldError(name, problem))
    if url and not re.match(r"^https?://\S+$", url):
        errors.append(FieldError("evidence_url", "validation.url"))

    if errors:
        raise ValidationError(errors)
    return FigureInput(
        indicator_code=code,
        area_code=area,
        period=period_code,
        value=value,
        status_code=status,
        n=n,
        source=source,
        note=note,
        evidence_url=url,
    )


# --- The checker against the reference -----------------------------------------------------------------------------

ABSENT = object()  # the field left out of the row
#: Inputs for each field: valid ones, every kind of wrong one, surrounding spaces, and numbers (as a form or a
#: workbook may give them) next to their texts, so that a remembered verdict would show if it leaked between them.
FIELDS: dict[str, list[Any]] = {
    "indicator": [
        "I02",
        " I02 ",
        "I01",
        "I19",
        "I10",
        "I20",
        "I23",
        "I05",
        "I16",
        "K08",
        "I14",  # days: at most the period's own number of days
        "",
        "X99",
        "i02",
        None,
        ABSENT,
        2,
    ],
    "area": ["11319", " 11319", "11316", "", "99999", None, ABSENT, 11319, 11319.0],
    "period": [
        "2022-04",
        "2022",
        "2022-Q2",
        "2022-H1",
        "2022-W10",
        "2026-10-01",
        "2026-10-01 00:00:00",
        "okt-22",
        "Oct 2022",
        "2030-01",
        "2026-11",
        "2026",
        "2026-Q4",
        "",
        "bad",
        "2022-13",
        "2024",
        None,
        ABSENT,
        2022,
    ],
    "value": [
        "12",
        "12,5",
        "12.5",
        " 7 ",
        "44,1 %",
        "44,1%",
        "-3",
        "0",
        "2",
        "1e400",
        "nan",
        "",
        "abc",
        "1,5.2",
        "1 000",
        "3,0",
        "366",
        "365",
        None,
        ABSENT,
        366,
        12.5,
        3,
        True,
        math.nan,
        0.5,
    ],
    "n": ["", "400", "0", "1.5", "20000000", "abc", None, ABSENT, 400, True, 40.0],
    "status": ["", "missing", "suppressed", "not_applicable", "Värde", "value", "bogus", "MISSING", None, ABSENT],
    "source": ["", "Polisen", "x" * 501, "a\u200bb", "Malmö stad", None, ABSENT, 5],
    "note": ["", "rättad", "x" * (MAX_TEXT + 1), "\u202eabc", None, ABSENT],
    "evidence_url": ["", "https://malmo.se/a", "ftp://x", "http://a b", None, ABSENT],
}


@st.composite
def rows(draw: st.DrawFn) -> dict[str, Any]:
    """A row as a form or a file may give it: each field one of :data:`FIELDS`' inputs, or left out."""
    row = {name: draw(st.sampled_from(values)) for name, values in FIELDS.items()}
    return {name: value for name, value in row.items() if value is not ABSENT}


def _outcome(check: Callable[[Mapping[str, Any]], FigureInput], raw: Mapping[str, Any]) -> tuple[Any, ...]:
    """What a check makes of a row: the figure, or every error as each language reads it."""
    try:
        return ("accepted", check(raw))
    except ValidationError as refused:
        assert isinstance(refused, ValidationError)
        return ("refused", [(e.field, e.msgid, e.text("sv"), e.text("en")) for e in refused.errors])


@given(st.lists(rows(), min_size=1, max_size=40))
@examples(3000)
def test_the_checker_refuses_and_accepts_as_the_rule_by_rule_check(rules: Rules, drawn: list[dict[str, Any]]) -> None:
    """Every row, checked alone (``validate_figure``) and as one of a file's rows through one checker (each rule's
    verdict remembered by its inputs), comes out as the reference says: the same figure, or the same errors in the
    same order with the same words."""
    checker = FigureChecker(rules)
    for raw in drawn:
        expected = _outcome(lambda r: _reference(r, rules), raw)
        assert _outcome(lambda r: validate_figure(r, rules), raw) == expected, raw
        assert _outcome(checker, raw) == expected, raw


def _reference_check(frame: pd.DataFrame, rules: Rules, by: Principal) -> importer.Checked:
    """``importer.check`` as it was: a dict per row, through :func:`_reference`."""
    figures: list[FigureInput] = []
    lines: list[int] = []
    errors: list[importer.RowError] = []
    seen: dict[tuple[str, str, str], int] = {}
    default_source = by.actor_code or by.username
    skipped = 0
    columns = list(frame.columns)
    cells = zip(*(["" if v is None else v for v in frame[c].tolist()] for c in columns), strict=True)
    unreported = importer._blank(frame, [c for c in ("value", "status", "n", "note") if c in columns])
    for line, values, empty in zip(frame.index.tolist(), cells, unreported.tolist(), strict=True):
        if empty:
            skipped += 1
            continue
        raw = dict(zip(columns, values, strict=True))
        if not str(raw.get("source") or "").strip():
            raw["source"] = default_source
        try:
            figure = _reference(raw, rules)
        except ValidationError as exc:
            errors.extend(importer.RowError(line, e.field, e.msgid, **e.params) for e in exc.errors)
            continue
        indicator = rules.indicators[figure.indicator_code]
        if by.role is Role.EDITOR and indicator.actor_code != by.actor_code:
            errors.append(importer.RowError(line, "indicator", "error.import.other_actor",
                                            indicator=figure.indicator_code, actor=indicator.actor_code,
                                            mine=by.actor_code))  # fmt: skip
            continue
        key = (figure.indicator_code, figure.area_code, figure.period)
        if key in seen:
            errors.append(importer.RowError(line, "period", "error.import.duplicate", line=seen[key]))
            continue
        seen[key] = line
        figures.append(figure)
        lines.append(int(line))
    return importer.Checked(frame, figures, errors, skipped, lines=lines)


@pytest.mark.parametrize("who", [POL, Principal("admin", Role.ADMIN)], ids=["editor", "admin"])
def test_a_file_is_checked_as_before(rules: Rules, who: Principal) -> None:
    """The importer's check of a file (the checker fed column by column, the default source filled in) finds what
    the check did before, line by line: the same figures, the same errors in the same words, the same rows skipped;
    another actor's indicator and a figure given twice included."""
    body = ("indicator;area;period;value;n;status;note;source\n"
            "I02;11319;2022-04;12;;;;\n"
            "I02;11319;2022-05;12,5;;;;\n"
            "I02;11319;2022-06;;;missing;saknas;POL\n"
            "I19;11319;2022;44,1 %;400;;;\n"
            "I02;99999;2030-01;x;;bogus;\u200b;\n"
            ";;;;;;;\n"
            "I02;11319;2022-07;1;;;;\n"
            "I02;11319;2022-07;2;;;;\n"
            "I23;11319;2022-07;2;;;;\n"
            "I02; 11319 ;okt-22; 3 ;;Värde;; \n")  # fmt: skip
    frame = importer.read_table(body.encode(), "fil.csv", 1_000_000)
    checked = importer.check(frame, rules, who)
    expected = _reference_check(frame, rules, who)
    assert [(e.line, e.field, e.msgid, FieldError.text(e)) for e in checked.errors] == [
        (e.line, e.field, e.msgid, FieldError.text(e)) for e in expected.errors]  # fmt: skip
    assert (checked.figures, checked.lines, checked.skipped) == (expected.figures, expected.lines, expected.skipped)
    assert len(checked.errors) >= 5 and len(checked.figures) >= 3


# --- The audit trail's text ----------------------------------------------------------------------------------------

numbers = st.none() | st.floats() | st.integers() | st.booleans() | st.sampled_from([-0.0, 1e16, 1e-5, 0.1 + 0.2])
texts = st.text() | st.sampled_from(["", "Malmö – ”citat”", '\\"\n\t\u2028', "\ud83d", str(ReviewState.RETURNED)])


@given(st.integers() | st.booleans(), numbers, st.none() | texts, st.none() | st.integers(), texts, texts,
       texts | st.sampled_from(list(ReviewState)))  # fmt: skip
@examples(5000)
def test_a_versions_audit_text_is_what_json_writes(
    version: Any, value: Any, status: Any, n: Any, source: Any, note: Any, state: Any
) -> None:
    """The writer's audit text of a figure version, made without the dict, is the general path's
    (``db.json_text``: ``json.dumps`` with a number that is not finite as null) character for character, for the
    types a version's fields have and any other (an enum, a bool, an int for a value)."""
    expected = db.json_text(store._audited(version, value, status, n, source, note, state))
    assert store._audited_text(version, value, status, n, source, note, state) == expected
    assert expected == json.dumps(
        {
            k: None if isinstance(v, float) and not math.isfinite(v) else v
            for k, v in store._audited(version, value, status, n, source, note, state).items()
        }
    )


def test_the_stored_audit_text_is_json_dumps(store_url: str) -> None:
    """An imported figure and its correction: the audit entries' stored text (as searches read it) is exactly
    ``json.dumps`` of the version before and after, on SQLite and on PostgreSQL."""
    notes = ["första ”citat” – å", "rättad\\n"]
    for value, note in zip(["0,30000000000000004", "12345,125"], notes, strict=True):
        body = f"indicator;area;period;value;note\nI01;11319;2026-01;{value};{note}\n"
        frame = importer.read_table(body.encode(), "fil.csv", 1_000_000)
        checked = importer.check_in(store_url, frame, POL)
        assert checked.ok, checked.errors
        commit = functools.partial(importer.commit, by=POL, figures=checked.figures, filename="fil.csv",
                                   based_on=checked.based_on)  # fmt: skip
        db.run_write(commit, store_url)
    with db.read_session(store_url) as s:
        found = s.execute(sql("SELECT action, CAST(before AS TEXT), CAST(after AS TEXT) FROM audit_entry "
                               "WHERE entity_key = 'I01/11319/2026-01' ORDER BY id")).all()  # fmt: skip
    first = {"version": 1, "value": 0.30000000000000004, "status_code": None, "n": None, "source": "POL",
             "note": notes[0], "review_state": "submitted"}  # fmt: skip
    second = {**first, "version": 2, "value": 12345.125, "note": notes[1]}
    assert [tuple(r) for r in found] == [("figure.submit", None, json.dumps(first)),
                                         ("figure.correct", json.dumps(first), json.dumps(second))]  # fmt: skip


# --- Current pointers ----------------------------------------------------------------------------------------------


def _write(url: str, figures: list[BulkFigure]) -> int:
    return db.run_write(lambda s: store.insert_figures_bulk(s, by=SYSTEM, figures=figures, as_catalogue=True), url)


def test_pointers_follow_every_write_whether_keys_come_once_or_twice(store_url: str) -> None:
    """Keys each written once (one statement, no grouping), a key written twice in one write (grouped: the newest
    row is current), a published version and a submitted correction on top (the published pointer stays), a demo
    row: every key's pointers are its newest and newest published versions, the demo flag the current one's."""
    one = BulkFigure("I02", "11319", "2010-01", 1.0, source="POL", review_state=ReviewState.PUBLISHED)
    two = BulkFigure("I02", "11318", "2010-01", 2.0, source="demo", review_state=ReviewState.SUBMITTED)
    assert _write(store_url, [one, two]) == 2
    _assert_invariants(store_url)
    corrected = [one._replace(value=3.0, review_state=ReviewState.SUBMITTED), two._replace(value=4.0, source="POL"),
                 two._replace(value=5.0, source="demo")]  # fmt: skip
    assert _write(store_url, corrected) == 3
    _assert_invariants(store_url)
    with db.read_session(store_url) as s:
        found = s.execute(sql(
            "SELECT c.area_code, f.value, f.version, p.value, c.demo FROM current_figure c JOIN figure f ON f.id = "
            "c.figure_id LEFT JOIN figure p ON p.id = c.published_figure_id WHERE c.indicator_code = 'I02' AND "
            "c.period = '2010-01' ORDER BY c.area_code")).all()  # fmt: skip
    assert [tuple(r) for r in found] == [("11318", 5.0, 3, None, True), ("11319", 3.0, 2, 1.0, False)]
    assert _write(store_url, [two._replace(value=5.0, source="demo")]) == 0  # the same again: nothing written
