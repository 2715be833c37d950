"""Reporting periods: codes, dates, neighbours, labels, counting and ordering, by table and by property."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from indicators.rules.periods import (
    MAX_YEAR,
    MIN_YEAR,
    Frequency,
    Period,
    PeriodError,
    PeriodKind,
    calendar_day,
    expected_periods,
    make_period,
    matches_frequency,
    parse_period,
    period_containing,
    periods_between,
    sort_key,
)

D = dt.date


@pytest.mark.parametrize(
    ("text", "kind", "year", "index", "code"),
    [
        ("2022", PeriodKind.YEAR, 2022, 1, "2022"),
        ("2022-H1", PeriodKind.HALF, 2022, 1, "2022-H1"),
        ("2022-H2", PeriodKind.HALF, 2022, 2, "2022-H2"),
        ("2022-Q2", PeriodKind.QUARTER, 2022, 2, "2022-Q2"),
        ("2022-04", PeriodKind.MONTH, 2022, 4, "2022-04"),
        ("2022-12", PeriodKind.MONTH, 2022, 12, "2022-12"),
        ("2022-W14", PeriodKind.WEEK, 2022, 14, "2022-W14"),
        ("2022-h1", PeriodKind.HALF, 2022, 1, "2022-H1"),
        ("2022-q2", PeriodKind.QUARTER, 2022, 2, "2022-Q2"),
        ("2022-w14", PeriodKind.WEEK, 2022, 14, "2022-W14"),
        ("  2022-Q2 ", PeriodKind.QUARTER, 2022, 2, "2022-Q2"),
        ("\t2022\n", PeriodKind.YEAR, 2022, 1, "2022"),
        ("1990", PeriodKind.YEAR, 1990, 1, "1990"),
        ("2100", PeriodKind.YEAR, 2100, 1, "2100"),
    ],
)
def test_parse_period_reads_every_kind(text: str, kind: PeriodKind, year: int, index: int, code: str) -> None:
    """Each kind of code parses to its kind, year and index, and prints back in canonical form."""
    p = parse_period(text)
    assert (p.kind, p.year, p.index, p.code, str(p)) == (kind, year, index, code, code)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("okt-26", "2026-10"),
        ("Okt 2026", "2026-10"),
        ("oct-26", "2026-10"),
        ("Oct-26", "2026-10"),
        ("OKT.26", "2026-10"),
        ("okt. 2026", "2026-10"),
        ("maj-26", "2026-05"),
        ("May 2026", "2026-05"),
        ("jan-90", "1990-01"),
        ("dec-89", "2089-12"),
        (" sep-2024 ", "2024-09"),
    ],
)
def test_excels_month_names_read_as_that_month(text: str, code: str) -> None:
    """Issue 20: Excel shows 2026-10 as okt-26 (Swedish) or Oct-26 (English) and saves it so in a CSV: a Swedish or
    English month abbreviation, any case, with "-", " " or "." and a two- or four-digit year is that month (a
    two-digit year lies in 1990–2089)."""
    p = parse_period(text)
    assert (p.kind, p.code) == (PeriodKind.MONTH, code)


_ABBREVIATIONS = [("jan",), ("feb",), ("mar",), ("apr",), ("maj", "may"), ("jun",), ("jul",), ("aug",), ("sep",),
                  ("okt", "oct"), ("nov",), ("dec",)]  # fmt: skip


@given(month=st.integers(1, 12), year=st.integers(1990, 2089), data=st.data())
def test_every_spelling_of_a_month_excel_writes_is_that_month(month: int, year: int, data: st.DataObject) -> None:
    """Swedish or English, any case, any of Excel's separators, two or four digits of the year."""
    name = data.draw(st.sampled_from(_ABBREVIATIONS[month - 1]))
    name = "".join(data.draw(st.sampled_from([c.lower(), c.upper()])) for c in name)
    digits = data.draw(st.sampled_from([f"{year}", f"{year % 100:02d}"]))
    text = f"{name}{data.draw(st.sampled_from(['-', ' ', '.', '. ']))}{digits}"
    assert parse_period(text) == make_period(PeriodKind.MONTH, year, month)


@pytest.mark.parametrize("text", ["okt26", "okt-2026-01", "okt-6", "okt-026", "oktober 2026", "ſep-26", "okt_26",
                                  "Q3-26", "okt--26", "okt-26-", "26-okt"])  # fmt: skip
def test_other_month_names_are_refused(text: str) -> None:
    """Only Excel's abbreviations with a separator and a two- or four-digit year; no look-alike letters."""
    with pytest.raises(PeriodError, match="okänt periodformat"):
        parse_period(text)


@pytest.mark.parametrize(
    ("text", "day"),
    [("2026-10-01", D(2026, 10, 1)), (" 2026-09-15 ", D(2026, 9, 15)), ("2026-10-01 00:00:00", D(2026, 10, 1)),
     ("2026-10", None), ("2026-13-01", None), ("2026-02-30", None), ("2026-10-01 13:45:00", None), ("okt-26", None)],
)  # fmt: skip
def test_a_date_is_told_from_a_period(text: str, day: dt.date | None) -> None:
    """A day written out (what a date cell of a workbook reads as) is a day, never a period code."""
    assert calendar_day(text) == day


@pytest.mark.parametrize(
    ("code", "start", "end"),
    [
        ("2022", D(2022, 1, 1), D(2022, 12, 31)),
        ("2022-H1", D(2022, 1, 1), D(2022, 6, 30)),
        ("2022-H2", D(2022, 7, 1), D(2022, 12, 31)),
        ("2022-Q1", D(2022, 1, 1), D(2022, 3, 31)),
        ("2022-Q2", D(2022, 4, 1), D(2022, 6, 30)),
        ("2022-Q4", D(2022, 10, 1), D(2022, 12, 31)),
        ("2022-02", D(2022, 2, 1), D(2022, 2, 28)),
        ("2024-02", D(2024, 2, 1), D(2024, 2, 29)),
        ("2022-12", D(2022, 12, 1), D(2022, 12, 31)),
        ("2022-W01", D(2022, 1, 3), D(2022, 1, 9)),
        ("2022-W14", D(2022, 4, 4), D(2022, 4, 10)),
        ("2022-W52", D(2022, 12, 26), D(2023, 1, 1)),
        ("2020-W53", D(2020, 12, 28), D(2021, 1, 3)),
        ("2021-W01", D(2021, 1, 4), D(2021, 1, 10)),
        ("2026-W53", D(2026, 12, 28), D(2027, 1, 3)),
    ],
)
def test_periods_start_and_end_on_the_right_days(code: str, start: dt.date, end: dt.date) -> None:
    """A period runs from its first to its last day, weeks by the ISO calendar."""
    p = parse_period(code)
    assert (p.start, p.end) == (start, end)
    assert p.contains(start) and p.contains(end)
    assert not p.contains(start - dt.timedelta(days=1)) and not p.contains(end + dt.timedelta(days=1))


@pytest.mark.parametrize(
    ("code", "end"),
    [
        ("2100", D(2100, 12, 31)),
        ("2100-H2", D(2100, 12, 31)),
        ("2100-Q4", D(2100, 12, 31)),
        ("2100-12", D(2100, 12, 31)),
        ("2100-W52", D(2101, 1, 2)),
    ],
)
def test_the_last_periods_of_the_last_valid_year_have_an_end(code: str, end: dt.date) -> None:
    """A period that parses can say when it ends and what it contains, even in the last year allowed."""
    p = parse_period(code)
    assert p.end == end
    assert p.contains(D(2100, 12, 30))


@pytest.mark.parametrize(
    ("code", "previous", "following"),
    [
        ("2022", "2021", "2023"),
        ("2022-H1", "2021-H2", "2022-H2"),
        ("2022-H2", "2022-H1", "2023-H1"),
        ("2022-Q1", "2021-Q4", "2022-Q2"),
        ("2022-Q4", "2022-Q3", "2023-Q1"),
        ("2022-01", "2021-12", "2022-02"),
        ("2022-12", "2022-11", "2023-01"),
        ("2022-W01", "2021-W52", "2022-W02"),
        ("2022-W52", "2022-W51", "2023-W01"),
        ("2020-W53", "2020-W52", "2021-W01"),
        ("2021-W01", "2020-W53", "2021-W02"),
    ],
)
def test_next_and_previous_cross_year_boundaries(code: str, previous: str, following: str) -> None:
    """Stepping back or forward from the edge of a year lands in the neighbouring year."""
    p = parse_period(code)
    assert p.previous().code == previous
    assert p.next().code == following


@pytest.mark.parametrize(
    ("code", "lang", "short", "label"),
    [
        ("2022", "sv", False, "2022"),
        ("2022", "en", False, "2022"),
        ("2022-H1", "sv", False, "första halvåret 2022"),
        ("2022-H2", "sv", False, "andra halvåret 2022"),
        ("2022-H1", "en", False, "first half of 2022"),
        ("2022-H2", "en", False, "second half of 2022"),
        ("2022-H1", "sv", True, "2022 H1"),
        ("2022-Q2", "sv", False, "kvartal 2 2022"),
        ("2022-Q2", "sv", True, "2022 K2"),
        ("2022-Q2", "en", False, "Q2 2022"),
        ("2022-Q2", "en", True, "2022 Q2"),
        ("2022-04", "sv", False, "april 2022"),
        ("2022-05", "sv", False, "maj 2022"),
        ("2022-10", "sv", True, "okt 2022"),
        ("2022-04", "en", False, "April 2022"),
        ("2022-12", "en", True, "Dec 2022"),
        ("2022-W14", "sv", False, "vecka 14 2022"),
        ("2022-W14", "en", False, "week 14 2022"),
    ],
)
def test_labels_read_naturally_in_swedish_and_english(code: str, lang: str, short: bool, label: str) -> None:
    """Labels are what a reader sees: Swedish by default, English on request, short forms for axes."""
    assert parse_period(code).label(lang, short=short) == label


def test_swedish_is_the_default_label_language() -> None:
    """Without a language the label is Swedish."""
    assert parse_period("2022-04").label() == "april 2022"


@pytest.mark.parametrize(
    "text",
    [
        "2022-13",
        "2022-00",
        "2022-Q5",
        "2022-Q0",
        "2022-H3",
        "2022-H0",
        "2022-W00",
        "2021-W53",
        "2022-W54",
        "22-04",
        "",
        "   ",
        "2022-4",
        "2022Q1",
        "2022-Q1-",
        "2022 Q1",
        "Q1 2022",
        "2022-04-01",
        "april 2022",
        "1989",
        "2101",
        "0000",
        "9999-01",
        "20222",
    ],
)
def test_malformed_or_out_of_range_codes_are_refused(text: str) -> None:
    """Anything but a canonical code in 1990–2100 raises PeriodError with a Swedish message."""
    with pytest.raises(PeriodError) as info:
        parse_period(text)
    assert str(info.value)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("2022-13", "månad måste vara 01–12"),
        ("2022-Q5", "okänt periodformat '2022-Q5'"),
        ("2022-H3", "okänt periodformat '2022-H3'"),
        ("2021-W53", "år 2021 har veckorna 01–52"),
        ("1989", "utanför 1990–2100"),
        ("2022Q1", "okänt periodformat"),
    ],
)
def test_period_errors_name_the_rule_broken(text: str, fragment: str) -> None:
    """The message says which rule the code broke."""
    with pytest.raises(PeriodError, match=fragment):
        parse_period(text)


@pytest.mark.parametrize("value", [None, 2022, 2022.0, ["2022"]])
def test_non_text_period_is_refused(value: object) -> None:
    """A number or other non-text is refused with PeriodError, not a TypeError."""
    with pytest.raises(PeriodError):
        parse_period(value)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kind", "first", "last", "codes"),
    [
        (PeriodKind.MONTH, D(2022, 4, 1), D(2022, 6, 30), ["2022-04", "2022-05", "2022-06"]),
        (PeriodKind.MONTH, D(2022, 4, 15), D(2022, 6, 1), ["2022-04", "2022-05", "2022-06"]),
        (PeriodKind.MONTH, D(2022, 12, 31), D(2023, 1, 1), ["2022-12", "2023-01"]),
        (PeriodKind.QUARTER, D(2022, 4, 1), D(2023, 4, 30), ["2022-Q2", "2022-Q3", "2022-Q4", "2023-Q1", "2023-Q2"]),
        (PeriodKind.HALF, D(2022, 4, 1), D(2023, 4, 30), ["2022-H1", "2022-H2", "2023-H1"]),
        (PeriodKind.YEAR, D(2022, 4, 1), D(2023, 4, 30), ["2022", "2023"]),
        (PeriodKind.WEEK, D(2022, 12, 30), D(2023, 1, 9), ["2022-W52", "2023-W01", "2023-W02"]),
        (PeriodKind.MONTH, D(2022, 4, 1), D(2022, 4, 1), ["2022-04"]),
        (PeriodKind.MONTH, D(2022, 5, 1), D(2022, 4, 30), []),
    ],
)
def test_periods_between_lists_every_overlapping_period_in_order(
    kind: PeriodKind, first: dt.date, last: dt.date, codes: list[str]
) -> None:
    """Every period that touches the closed range is listed once, oldest first; an empty range has none."""
    assert [p.code for p in periods_between(kind, first, last)] == codes


@pytest.mark.parametrize(
    ("frequency", "today", "codes"),
    [
        # The pledge runs 2022-04-01 .. 2023-04-30.
        (Frequency.MONTHLY, D(2022, 7, 15), ["2022-04", "2022-05", "2022-06"]),
        (Frequency.MONTHLY, D(2022, 7, 1), ["2022-04", "2022-05", "2022-06"]),
        (Frequency.MONTHLY, D(2022, 6, 30), ["2022-04", "2022-05"]),
        (Frequency.MONTHLY, D(2022, 4, 30), []),
        (Frequency.QUARTERLY, D(2023, 1, 1), ["2022-Q2", "2022-Q3", "2022-Q4"]),
        (Frequency.QUARTERLY, D(2030, 1, 1), ["2022-Q2", "2022-Q3", "2022-Q4", "2023-Q1", "2023-Q2"]),
        (Frequency.HALF_YEARLY, D(2023, 6, 30), ["2022-H1", "2022-H2"]),
        (Frequency.YEARLY, D(2023, 6, 1), ["2022"]),
        (Frequency.YEARLY, D(2024, 1, 1), ["2022", "2023"]),
        ("monthly", D(2022, 6, 1), ["2022-04", "2022-05"]),
        (Frequency.IRREGULAR, D(2030, 1, 1), []),
        ("irregular", D(2030, 1, 1), []),
    ],
)
def test_expected_periods_are_only_the_complete_ones(
    frequency: Frequency | str, today: dt.date, codes: list[str]
) -> None:
    """A figure is expected only for periods that have ended by today; irregular indicators expect none."""
    got = expected_periods(frequency, D(2022, 4, 1), D(2023, 4, 30), today)
    assert [p.code for p in got] == codes


@pytest.mark.parametrize(
    ("code", "frequency", "matches"),
    [
        ("2022-04", Frequency.MONTHLY, True),
        ("2022-Q2", Frequency.MONTHLY, False),
        ("2022-W14", Frequency.MONTHLY, False),
        ("2022-Q2", Frequency.QUARTERLY, True),
        ("2022-04", Frequency.QUARTERLY, False),
        ("2022-H1", Frequency.HALF_YEARLY, True),
        ("2022-Q1", Frequency.HALF_YEARLY, False),
        ("2022", Frequency.YEARLY, True),
        ("2022-H1", Frequency.YEARLY, False),
        ("2022", Frequency.IRREGULAR, True),
        ("2022-H1", Frequency.IRREGULAR, True),
        ("2022-Q2", Frequency.IRREGULAR, True),
        ("2022-04", Frequency.IRREGULAR, True),
        ("2022-W14", Frequency.IRREGULAR, True),
        ("2022-04", "monthly", True),
        ("2022", "quarterly", False),
    ],
)
def test_matches_frequency_accepts_only_the_frequencys_kind(
    code: str, frequency: Frequency | str, matches: bool
) -> None:
    """A regular indicator takes one kind of period; an irregular one takes any."""
    assert matches_frequency(parse_period(code), frequency) is matches


def test_unknown_frequency_is_refused() -> None:
    """A frequency that is not in the list is an error, not a silent match."""
    with pytest.raises(ValueError):
        matches_frequency(parse_period("2022"), "weekly")


def test_sort_key_orders_codes_by_start_then_longest_first() -> None:
    """Codes sort chronologically; at the same start a year comes before its half, quarter and month."""
    codes = ["2022-04", "2022-Q2", "2022", "2021-W52", "2022-H1", "2022-01", "2022-Q1", "2021-12", "2022-W01"]
    assert sorted(codes, key=sort_key) == [
        "2021-12",
        "2021-W52",
        "2022",
        "2022-H1",
        "2022-Q1",
        "2022-01",
        "2022-W01",
        "2022-Q2",
        "2022-04",
    ]


def test_periods_compare_like_their_sort_key() -> None:
    """Period objects order as documented: by start, then longest first (a year before its first month)."""
    codes = ["2022-01", "2022-Q1", "2022", "2022-H1", "2021-12"]
    assert [p.code for p in sorted(parse_period(c) for c in codes)] == sorted(codes, key=sort_key)


# --- properties --------------------------------------------------------------------------------------------------

FIRST_DAY, LAST_DAY = D(MIN_YEAR, 1, 1), D(MAX_YEAR, 12, 31)


@st.composite
def periods(draw: st.DrawFn) -> Period:
    """Any valid period whose neighbours are valid too (the first and last years have no outside neighbour)."""
    kind = draw(st.sampled_from(PeriodKind))
    year = draw(st.integers(MIN_YEAR + 1, MAX_YEAR - 1))
    top = {
        PeriodKind.YEAR: 1,
        PeriodKind.HALF: 2,
        PeriodKind.QUARTER: 4,
        PeriodKind.MONTH: 12,
        PeriodKind.WEEK: D(year, 12, 28).isocalendar().week,
    }[kind]
    return make_period(kind, year, draw(st.integers(1, top)))


@given(periods())
def test_every_period_code_parses_back_to_the_same_period(p: Period) -> None:
    """A period's code is a faithful name for it."""
    assert parse_period(p.code) == p
    assert parse_period(f" {p.code.lower()} ") == p


@given(periods())
def test_next_then_previous_is_the_same_period(p: Period) -> None:
    """Stepping forward then back returns to the start, and the other way round."""
    assert p.next().previous() == p
    assert p.previous().next() == p


@given(periods())
def test_periods_of_a_kind_tile_the_calendar(p: Period) -> None:
    """The next period starts the day after this one ends: no gaps, no overlaps."""
    assert p.next().start == p.end + dt.timedelta(days=1)
    assert p.start <= p.end
    assert p.next().kind is p.kind


@given(st.sampled_from(PeriodKind), st.dates(FIRST_DAY, LAST_DAY))
@example(PeriodKind.WEEK, FIRST_DAY)
@example(PeriodKind.WEEK, D(2021, 1, 3))
@example(PeriodKind.YEAR, LAST_DAY)
def test_period_containing_a_day_contains_it(kind: PeriodKind, day: dt.date) -> None:
    """The period of a kind found for a day holds that day."""
    p = period_containing(kind, day)
    assert p.kind is kind
    assert p.contains(day)


@given(st.text(max_size=12) | st.from_regex(r"\s*\d{2,5}(-[HQWhqw]?\d{1,3})?\s*", fullmatch=True))
def test_any_text_parses_to_a_valid_period_or_raises_period_error(text: str) -> None:
    """Whatever a user types, the answer is a period whose code re-parses, or a PeriodError: never a crash."""
    try:
        p = parse_period(text)
    except PeriodError:
        return
    assert parse_period(p.code) == p
    assert MIN_YEAR <= p.year <= MAX_YEAR
