"""Validation of reported figures against the real Sofielund catalogue, with a fixed today."""

from __future__ import annotations

import calendar
import datetime as dt
import math
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from indicators.base.config import settings
from indicators.io import catalogue
from indicators.rules.validation import (
    FieldError,
    FigureChecker,
    FigureInput,
    Rules,
    ValidationError,
    parse_number,
    validate_figure,
)

TODAY = dt.date(2026, 11, 22)


@pytest.fixture(scope="module")
def rules() -> Rules:
    """Rules as the catalogue builds them: its indicators and areas, and a fixed today."""
    cat = catalogue.load(settings().pledge_file)
    return Rules(
        indicators=catalogue._indicator_rows(cat.spec),
        areas={a.code for a in cat.areas},
        today=TODAY,
    )


def figure(**fields: Any) -> dict[str, Any]:
    """A valid monthly count for Södra Sofielund, with some fields replaced."""
    raw: dict[str, Any] = {"indicator": "I02", "area": "11319", "period": "2022-04", "value": "12", "source": "Polisen"}
    raw.update(fields)
    return {k: v for k, v in raw.items() if v is not ...}


def errors(raw: dict[str, Any], rules: Rules) -> list[FieldError]:
    """The errors a figure is refused with (fails the test if it is accepted)."""
    with pytest.raises(ValidationError) as info:
        validate_figure(raw, rules)
    assert str(info.value) == "; ".join(str(e) for e in info.value.errors)
    return info.value.errors


def only_error(raw: dict[str, Any], rules: Rules, field: str, label: str) -> FieldError:
    """The single error a figure is refused with, checked to name the field and to read '<label>: ...'."""
    found = errors(raw, rules)
    assert [e.field for e in found] == [field], found
    assert str(found[0]).startswith(f"{label}: "), str(found[0])
    return found[0]


def test_the_base_figure_is_accepted(rules: Rules) -> None:
    """The figure the other tests vary is itself valid, so each refusal below is the varied field's doing."""
    assert validate_figure(figure(), rules) == FigureInput(
        indicator_code="I02",
        area_code="11319",
        period="2022-04",
        value=12.0,
        status_code=None,
        n=None,
        source="Polisen",
    )


@pytest.mark.parametrize(
    ("indicator", "raw", "expected"),
    [
        ("I01", "12,5", 12.5),
        ("I01", "12.5", 12.5),
        ("I01", " 12,5 ", 12.5),
        ("I02", "1\u00a0234", 1234.0),
        ("I02", "1 234", 1234.0),
        ("I02", "1\u202f234", 1234.0),
        ("I01", "1\u00a0234,5", 1234.5),
        ("I02", 7, 7.0),
        ("I01", 7.25, 7.25),
    ],
)
def test_swedish_number_formats_are_accepted(rules: Rules, indicator: str, raw: Any, expected: float) -> None:
    """Decimal comma and (no-break) space as thousands separator read as a Swedish user writes them."""
    assert validate_figure(figure(indicator=indicator, value=raw), rules).value == expected


def test_period_code_is_stored_in_canonical_form(rules: Rules) -> None:
    """A lower-case or padded period is stored as its canonical code."""
    assert validate_figure(figure(indicator="I03", period=" 2022-q2 "), rules).period == "2022-Q2"


@pytest.mark.parametrize("value", ["0", "3", "1\u00a0000"])
def test_counts_accept_non_negative_whole_numbers(rules: Rules, value: str) -> None:
    """A count may be zero or any whole number."""
    assert validate_figure(figure(indicator="I02", value=value), rules).value == float(value.replace("\u00a0", ""))


@pytest.mark.parametrize(
    ("indicator", "value", "rule"),
    [
        ("I02", "-1", "får inte vara mindre än 0"),
        ("I02", "2,5", "måste vara ett heltal"),
        ("I03B", "0,5", "måste vara ett heltal"),  # persons
        ("I14", "1.5", "måste vara ett heltal"),  # days
    ],
)
def test_counts_must_be_non_negative_integers(rules: Rules, indicator: str, value: str, rule: str) -> None:
    """Counts, persons and days are whole numbers, never negative."""
    period = "2022" if indicator == "I14" else ("2022-Q2" if indicator == "I03B" else "2022-04")
    error = only_error(figure(indicator=indicator, period=period, value=value), rules, "value", "värde")
    assert rule in error.message


@pytest.mark.parametrize("value", ["0", "100", "55,5"])
def test_percent_accepts_zero_to_hundred(rules: Rules, value: str) -> None:
    """A share in per cent may be anything from 0 to 100."""
    assert validate_figure(figure(indicator="I10", value=value), rules).value == float(value.replace(",", "."))


@pytest.mark.parametrize("value", ["100,1", "-0,1", "250"])
def test_percent_outside_zero_to_hundred_is_refused(rules: Rules, value: str) -> None:
    """A per-cent value over 100 or below 0 is refused, naming the range."""
    error = only_error(figure(indicator="I10", value=value), rules, "value", "värde")
    assert "mellan 0 och 100" in error.message


@pytest.mark.parametrize("value", ["1", "5", "3,28"])
def test_index_accepts_values_on_its_scale(rules: Rules, value: str) -> None:
    """I20 (problemindex) takes values on its own scale, 1 to 5."""
    assert validate_figure(figure(indicator="I20", period="2022", value=value), rules).value == float(
        value.replace(",", ".")
    )


@pytest.mark.parametrize("value", ["0,9", "5,01", "0", "-3"])
def test_index_outside_its_scale_is_refused(rules: Rules, value: str) -> None:
    """An index value off the indicator's scale is refused, naming that scale."""
    error = only_error(figure(indicator="I20", period="2022", value=value), rules, "value", "värde")
    assert "mellan 1 och 5" in error.message


def test_category_outside_the_indicators_categories_is_refused(rules: Rules) -> None:
    """I23 takes one of its category codes 0–3 and names them when refusing another."""
    assert validate_figure(figure(indicator="I23", value="2"), rules).value == 2.0
    error = only_error(figure(indicator="I23", value="4"), rules, "value", "värde")
    assert "3 = särskilt utsatt område" in error.message


def test_survey_share_is_accepted_with_its_number_of_respondents(rules: Rules) -> None:
    """A survey share (I19) stores the number of respondents with it."""
    got = validate_figure(figure(indicator="I19", period="2022", value="41,5", n="1\u00a0204"), rules)
    assert (got.value, got.n) == (41.5, 1204)


def test_survey_share_without_respondents_is_refused(rules: Rules) -> None:
    """A survey share needs n, and the error is on n."""
    error = only_error(figure(indicator="I19", period="2022", value="41,5"), rules, "n", "antal svarande (n)")
    assert "enkät" in error.message


@pytest.mark.parametrize("n", ["0", "-4", "2,5", "många"])
def test_respondents_must_be_a_positive_whole_number(rules: Rules, n: str) -> None:
    """n is a whole number of people, at least one."""
    found = errors(figure(indicator="I19", period="2022", value="41,5", n=n), rules)
    assert {e.field for e in found} == {"n"}
    assert str(found[0]).startswith("antal svarande (n): ")
    assert "heltal" in found[0].message


@pytest.mark.parametrize(("indicator", "period"), [("I10", "2022-04"), ("I02", "2022-04"), ("I20", "2022")])
def test_respondents_are_refused_for_units_that_are_not_survey_shares(
    rules: Rules, indicator: str, period: str
) -> None:
    """n belongs to survey shares only; elsewhere it is refused rather than silently stored."""
    value = "2" if indicator == "I20" else "40"
    error = only_error(
        figure(indicator=indicator, period=period, value=value, n="300"), rules, "n", "antal svarande (n)"
    )
    assert "bara för andelar från enkäter" in error.message


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("missing", "missing"),
        ("suppressed", "suppressed"),
        ("not_applicable", "not_applicable"),
        (" Missing ", "missing"),
    ],
)
def test_a_status_instead_of_a_value_is_accepted(rules: Rules, raw: str, expected: str) -> None:
    """A figure may hold a status and no number."""
    got = validate_figure(figure(value=None, status=raw), rules)
    assert (got.value, got.status_code) == (None, expected)


@pytest.mark.parametrize(("status", "said"), [("missing", "Uppgift saknas (–)"),
                                              ("suppressed", "Skyddad uppgift (..)")])  # fmt: skip
def test_value_and_status_together_are_refused(rules: Rules, status: str, said: str) -> None:
    """A figure is either a number or a status, never both; the status is named as the form offers it."""
    error = only_error(figure(value="12", status=status), rules, "value", "värde")
    assert f"lämna tomt när status är {said}" in error.message


@pytest.mark.parametrize("value", [None, "", "  "])
def test_neither_value_nor_status_is_refused(rules: Rules, value: str | None) -> None:
    """An empty figure is refused and the message says what to give."""
    error = only_error(figure(value=value), rules, "value", "värde")
    assert "ange ett värde, eller en status" in error.message


def test_unknown_status_is_refused(rules: Rules) -> None:
    """A status outside the list is refused, and the message lists the allowed ones."""
    found = errors(figure(value=None, status="hemlig"), rules)
    assert found[0].field == "status"
    assert str(found[0]).startswith("status: okänd statuskod 'hemlig'")
    assert "missing, suppressed eller not_applicable" in found[0].message


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        pytest.param({"value": None, "status": "hemlig"}, "status", id="unknown-status"),
        pytest.param({"indicator": "I19", "period": "2022", "value": "41,5", "n": "0"}, "n", id="n-zero"),
        pytest.param({"indicator": "I19", "period": "2022", "value": "41,5", "n": "många"}, "n", id="n-not-a-number"),
    ],
)
def test_a_field_given_but_refused_is_not_also_reported_as_missing(
    rules: Rules, fields: dict[str, Any], field: str
) -> None:
    """A user who filled in a field sees why it was refused, not also that it must be given."""
    found = errors(figure(**fields), rules)
    assert len(found) == 1, [str(e) for e in found]
    assert found[0].field == field


@pytest.mark.parametrize(
    ("fields", "field", "label", "message"),
    [
        ({"indicator": "I99"}, "indicator", "indikator", "okänd indikatorkod 'I99'"),
        ({"indicator": ""}, "indicator", "indikator", "måste anges"),
        ({"indicator": ...}, "indicator", "indikator", "måste anges"),
        ({"area": "LUND"}, "area", "område", "okänt område 'LUND'"),
        ({"area": ""}, "area", "område", "måste anges"),
        ({"period": ""}, "period", "period", "måste anges"),
        ({"period": "2022-13"}, "period", "period", "månad måste vara 01–12"),
        ({"period": "april"}, "period", "period", "okänt periodformat"),
        ({"evidence_url": "www.example.se"}, "evidence_url", "länk till underlag", "http://"),
        ({"source": "x" * 501}, "source", "källa", "högst 500 tecken"),
        ({"note": "x" * 2001}, "note", "kommentar", "högst 2000 tecken"),
    ],
)
def test_each_field_is_checked_and_named(
    rules: Rules, fields: dict[str, Any], field: str, label: str, message: str
) -> None:
    """Unknown or missing codes and over-long texts are refused on their own field, in Swedish."""
    error = only_error(figure(**fields), rules, field, label)
    assert message in error.message


def test_codes_and_texts_are_trimmed(rules: Rules) -> None:
    """Stray spaces around codes and texts are dropped, not taken as unknown codes."""
    got = validate_figure(figure(indicator=" I02", area="11319 ", source="  Polisen ", note=" ok "), rules)
    assert (got.indicator_code, got.area_code, got.source, got.note) == ("I02", "11319", "Polisen", "ok")


def test_every_broken_rule_is_listed(rules: Rules) -> None:
    """A figure with several faults gets one error per fault, not just the first."""
    found = errors(figure(indicator="I99", area="LUND", period="2022-13", value="abc"), rules)
    assert [e.field for e in found] == ["indicator", "area", "period", "value"]


@pytest.mark.parametrize(
    ("indicator", "period", "expected_form", "frequency_sv"),
    [
        ("I02", "2022-Q2", "2022-04", "månad"),  # monthly
        ("I02", "2022-W14", "2022-04", "månad"),
        ("I03", "2022-04", "2022-Q2", "kvartal"),  # quarterly
        ("I05", "2022", "2022-H1", "halvår"),  # half-yearly
        ("I19", "2022-H1", "2022", "år"),  # yearly
    ],
)
def test_period_of_the_wrong_frequency_is_refused_with_the_expected_form(
    rules: Rules, indicator: str, period: str, expected_form: str, frequency_sv: str
) -> None:
    """A quarter for a monthly indicator is refused, and the message shows the form to write instead."""
    n = "100" if indicator == "I19" else None
    error = only_error(figure(indicator=indicator, period=period, n=n), rules, "period", "period")
    assert error.message == f"indikatorn rapporteras per {frequency_sv}: skriv t.ex. {expected_form}"


@pytest.mark.parametrize(
    ("indicator", "period"), [("I02", "2026-12"), ("I02", "2027-01"), ("I20", "2027"), ("I20", "2026-W49")]
)
def test_period_in_the_future_is_refused(rules: Rules, indicator: str, period: str) -> None:
    """No figure can be reported for a period that has not begun, whatever the frequency."""
    error = only_error(figure(indicator=indicator, period=period, value="3"), rules, "period", "period")
    assert error.message.endswith("ligger i framtiden")


@pytest.mark.parametrize(
    ("indicator", "period", "end"),
    [("I02", "2026-11", "2026-11-30"), ("I03", "2026-Q4", "2026-12-31"), ("I14", "2026", "2026-12-31")],
)
def test_period_not_yet_ended_is_refused_for_a_regular_indicator(
    rules: Rules, indicator: str, period: str, end: str
) -> None:
    """A monthly (or quarterly, yearly) figure waits until its period has ended, and the message says when."""
    error = only_error(figure(indicator=indicator, period=period), rules, "period", "period")
    assert error.message == f"{period} är inte slut förrän {end}"


@pytest.mark.parametrize(("indicator", "period"), [("I02", "2026-10"), ("I03", "2026-Q3"), ("I14", "2025")])
def test_period_just_ended_is_accepted(rules: Rules, indicator: str, period: str) -> None:
    """The last complete period before today can be reported."""
    assert validate_figure(figure(indicator=indicator, period=period), rules).period == period


@pytest.mark.parametrize("period", ["2022", "2022-H2", "2022-Q3", "2022-09", "2022-W37", "2026", "2026-11", "2026-W47"])
def test_irregular_indicator_accepts_any_period_kind(rules: Rules, period: str) -> None:
    """An irregular indicator (I20) takes any kind of period, also one still running, as a measurement."""
    assert validate_figure(figure(indicator="I20", period=period, value="2,5"), rules).period == period


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, None),
        ("", None),
        ("   ", None),
        ("12", 12.0),
        ("12,5", 12.5),
        ("12.5", 12.5),
        (",5", 0.5),
        ("5,", 5.0),
        ("-3,25", -3.25),
        ("+4", 4.0),
        ("1\u00a0234", 1234.0),
        ("1\u202f234", 1234.0),
        ("1 234 567,89", 1234567.89),
        ("1,5e3", 1500.0),
        (0, 0.0),
        (7, 7.0),
        (2.5, 2.5),
    ],
)
def test_parse_number_accepts_numbers_as_swedes_write_them(raw: Any, expected: float | None) -> None:
    """Decimal comma or point, spaces as thousands separators; empty input is no number."""
    assert parse_number(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        math.nan,
        math.inf,
        -math.inf,
        "nan",
        "NaN",
        "inf",
        "-Infinity",
        "1e400",
        pytest.param(10**400, id="int-too-large-for-a-float"),
        "1,2.3",
        "1.234,5",
        "1.2.3",
        "1,2,3",
        "abc",
        "12 kr",
        "12%",
        ".",
        ",",
        "-",
        "1_000",
        "0x10",
        True,
        False,
    ],
)
def test_parse_number_refuses_anything_but_a_finite_number(raw: Any) -> None:
    """Not-a-number, infinities, mixed separators, words and booleans raise ValueError, nothing else."""
    with pytest.raises(ValueError):
        parse_number(raw)


@pytest.mark.parametrize(
    ("indicator", "raw", "expected", "n"),
    [("I10", "44,1 %", 44.1, None), ("I10", "44,1%", 44.1, None), ("I10", "44,1\u00a0%", 44.1, None),
     ("I10", "44.1\u202f%", 44.1, None), ("I10", "100 %", 100.0, None), ("I19", "21,5 %", 21.5, "400")],
)  # fmt: skip
def test_a_percent_sign_after_a_share_in_percent_is_read(
    rules: Rules, indicator: str, raw: str, expected: float, n: str | None
) -> None:
    """Issue 20: "44,1 %" (as Excel shows a percent cell, with a space, a no-break space or none) was refused."""
    period = "2025" if indicator == "I19" else "2026-01"
    assert validate_figure(figure(indicator=indicator, period=period, value=raw, n=n), rules).value == expected


@pytest.mark.parametrize(("indicator", "unit"), [("I02", "antal"), ("I01", "timmar"), ("I20", "index")])
def test_a_percent_sign_in_another_unit_is_refused_saying_it_fits_only_percent(
    rules: Rules, indicator: str, unit: str
) -> None:
    """A % after a count, hours or an index is a mistake of unit, not a share: refused with the unit named."""
    error = only_error(figure(indicator=indicator, value="12 %"), rules, "value", "värde")
    assert error.message == f"procenttecknet (%) passar bara indikatorer i procent, och den här anges i {unit}: " \
        "skriv talet utan %"  # fmt: skip


@pytest.mark.parametrize("raw", ["%", " % ", "44,1 %%", "% 44", "101 %", "-1 %"])
def test_a_percent_sign_does_not_make_anything_a_share(rules: Rules, raw: str) -> None:
    """Only a number from 0 to 100 followed by one % is a share."""
    only_error(figure(indicator="I10", period="2026-01", value=raw), rules, "value", "värde")


def test_a_percent_sign_after_the_number_of_respondents_is_refused(rules: Rules) -> None:
    error = only_error(
        figure(indicator="I19", period="2025", value="21,5", n="400 %"), rules, "n", "antal svarande (n)"
    )
    assert "procenttecknet (%)" in error.message


def test_parse_number_reads_a_percent_sign_only_when_asked() -> None:
    assert parse_number("44,1 %", percent=True) == 44.1
    with pytest.raises(ValueError, match="procenttecknet"):
        parse_number("44,1 %")


@pytest.mark.parametrize(("indicator", "period", "code"), [("I02", "2026-10-01", "2026-10"),
                                                           ("I02", "2026-09-15", "2026-09"),
                                                           ("I20", "2026-10-01 00:00:00", "2026-10")])  # fmt: skip
def test_a_date_is_the_month_it_lies_in_for_a_monthly_indicator(
    rules: Rules, indicator: str, period: str, code: str
) -> None:
    """A date (what an Excel date cell reads as) is its month for a monthly or an irregular indicator."""
    assert validate_figure(figure(indicator=indicator, period=period, value="3"), rules).period == code


@pytest.mark.parametrize(("indicator", "period", "per", "example"), [("I03", "2026-07-01", "kvartal", "2022-Q2"),
                                                                     ("I05", "2026-01-01", "halvår", "2022-H1"),
                                                                     ("I14", "2025-01-01", "år", "2022")])  # fmt: skip
def test_a_date_for_a_quarterly_half_yearly_or_yearly_indicator_is_refused(
    rules: Rules, indicator: str, period: str, per: str, example: str
) -> None:
    """Even on the first day of a quarter, a date is refused for a longer period: it may as well be a month typed."""
    error = only_error(figure(indicator=indicator, period=period), rules, "period", "period")
    assert error.message == (f"{period} är ett datum (en datumcell i Excel?) och indikatorn rapporteras per {per}: "
                             f"skriv perioden som text, t.ex. {example}")  # fmt: skip


@given(rows=st.lists(st.tuples(st.integers(2016, 2025), st.integers(0, 400)), min_size=1, max_size=12))
def test_a_count_of_days_is_at_most_the_days_of_its_period_whatever_was_checked_before(
    rules: Rules, rows: list[tuple[int, int]]
) -> None:
    """I14 counts the summer square's open days in a year: at most 365, or 366 in a leap year (the demo data had 374).
    One checker reads a file's rows in turn and remembers each value's verdict: 366 accepted for 2024 is refused for
    2025 after it, with the period's own number of days named."""
    checker = FigureChecker(rules)
    for year, days in rows:
        length = 366 if calendar.isleap(year) else 365
        raw = figure(indicator="I14", period=str(year), value=str(days))
        if days <= length:
            assert checker(raw).value == days
            continue
        with pytest.raises(ValidationError) as refused:
            checker(raw)
        assert [e.field for e in refused.value.errors] == ["value"]
        # the period's own bound, also past the unit's 366 (a walk typed 400, was told 366, then at 366 told 365)
        assert str(refused.value.errors[0]) == f"värde: får vara högst {length} dagar: perioden {year} har inte fler"
