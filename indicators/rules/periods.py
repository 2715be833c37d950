"""Reporting periods: parsed, validated, labelled and counted in one place.

Codes stay machine-readable in files and the store: ``2022`` (year), ``2022-H1`` (half year), ``2022-Q2``
(quarter), ``2022-04`` (month), ``2022-W14`` (ISO week). A month is also read as Excel shows and saves it (``okt-26``,
``Oct 2026``).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property, lru_cache, total_ordering

from indicators.base.i18n import N_, DomainError, t


class PeriodKind(StrEnum):
    YEAR = "year"
    HALF = "half"
    QUARTER = "quarter"
    MONTH = "month"
    WEEK = "week"


class Frequency(StrEnum):
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    HALF_YEARLY = "half_yearly"
    YEARLY = "yearly"
    IRREGULAR = "irregular"


#: The period kind each frequency reports in (irregular accepts any kind and is never overdue).
FREQUENCY_KIND: dict[Frequency, PeriodKind | None] = {
    Frequency.MONTHLY: PeriodKind.MONTH,
    Frequency.QUARTERLY: PeriodKind.QUARTER,
    Frequency.HALF_YEARLY: PeriodKind.HALF,
    Frequency.YEARLY: PeriodKind.YEAR,
    Frequency.IRREGULAR: None,
}

MIN_YEAR, MAX_YEAR = 1990, 2100

_PATTERNS = [
    (PeriodKind.YEAR, re.compile(r"^([0-9]{4})$")),
    (PeriodKind.HALF, re.compile(r"^([0-9]{4})-H([12])$")),
    (PeriodKind.QUARTER, re.compile(r"^([0-9]{4})-Q([1-4])$")),
    (PeriodKind.MONTH, re.compile(r"^([0-9]{4})-([0-9]{2})$")),
    (PeriodKind.WEEK, re.compile(r"^([0-9]{4})-W([0-9]{2})$")),
]

#: A month as Excel shows ``2026-10`` and writes it to a CSV: Swedish (``okt-26``) or English (``Oct-26``) Excel's
#: abbreviation, any case (ASCII only: no look-alike letters), "-", " ", "." or ". ", and the year's two or four
#: digits.
_EXCEL_MONTH = re.compile(
    r"^(jan|feb|mar|apr|ma[jy]|jun|jul|aug|sep|o[ck]t|nov|dec)(?:\.? |[-.])([0-9]{2}|[0-9]{4})$",
    re.ASCII | re.IGNORECASE,
)
_MONTH_NUMBER = {name: i for i, names in enumerate(
    ["jan", "feb", "mar", "apr", "maj may", "jun", "jul", "aug", "sep", "okt oct", "nov", "dec"], start=1)
    for name in names.split()}  # fmt: skip
#: A day written out: what a workbook's date cell reads as (``2026-10-01``, or with midnight: it holds no time).
_DAY = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})(?:[ T]00:00(?::00)?)?$")

#: The message ids of the months' names, January first.
MONTHS = (
    N_("month.1"), N_("month.2"), N_("month.3"), N_("month.4"), N_("month.5"), N_("month.6"),
    N_("month.7"), N_("month.8"), N_("month.9"), N_("month.10"), N_("month.11"), N_("month.12"),
)  # fmt: skip


class PeriodError(DomainError, ValueError):
    """A period code that is malformed or out of range (``str()``: the rule in Swedish)."""


def _weeks_in(year: int) -> int:
    return dt.date(year, 12, 28).isocalendar().week


@total_ordering
@dataclass(frozen=True)
class Period:
    """One reporting period. Ordered by start date, then by length (a year sorts before its first month)."""

    start: dt.date
    kind: PeriodKind
    year: int
    index: int  # half 1–2, quarter 1–4, month 1–12, week 1–53; 1 for a year

    # code and end are computed once per period object (periods are immutable; parsing hands out shared objects)
    @cached_property
    def code(self) -> str:
        match self.kind:
            case PeriodKind.YEAR:
                return f"{self.year}"
            case PeriodKind.HALF:
                return f"{self.year}-H{self.index}"
            case PeriodKind.QUARTER:
                return f"{self.year}-Q{self.index}"
            case PeriodKind.MONTH:
                return f"{self.year}-{self.index:02d}"
            case PeriodKind.WEEK:
                return f"{self.year}-W{self.index:02d}"

    def __str__(self) -> str:
        return self.code

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return (self.start, -self.days) < (other.start, -other.days)

    @cached_property
    def end(self) -> dt.date:
        """The last day of the period."""
        match self.kind:
            case PeriodKind.WEEK:
                return self.start + dt.timedelta(days=6)
            case PeriodKind.YEAR:
                return dt.date(self.year, 12, 31)
        months = {PeriodKind.HALF: 6, PeriodKind.QUARTER: 3, PeriodKind.MONTH: 1}[self.kind]
        last_month = self.start.month + months - 1
        following = dt.date(self.year + 1, 1, 1) if last_month == 12 else dt.date(self.year, last_month + 1, 1)
        return following - dt.timedelta(days=1)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def next(self) -> Period:
        return self._shift(1)

    def previous(self) -> Period:
        return self._shift(-1)

    def _shift(self, steps: int) -> Period:
        if self.kind is PeriodKind.WEEK:
            return period_containing(PeriodKind.WEEK, self.start + dt.timedelta(weeks=steps))
        per_year = {PeriodKind.YEAR: 1, PeriodKind.HALF: 2, PeriodKind.QUARTER: 4, PeriodKind.MONTH: 12}[self.kind]
        ordinal = self.year * per_year + (self.index - 1) + steps
        return make_period(self.kind, ordinal // per_year, ordinal % per_year + 1)

    def label(self, lang: str = "sv", short: bool = False) -> str:
        """Human label: ``april 2022``, ``kvartal 2 2022`` (short ``2022 K2``), ``första halvåret 2022``."""
        match self.kind:
            case PeriodKind.YEAR:
                return str(self.year)
            case PeriodKind.HALF:
                if short:
                    return f"{self.year} H{self.index}"
                return t("period.first_half" if self.index == 1 else "period.second_half", lang, year=self.year)
            case PeriodKind.QUARTER:
                return t("period.quarter_short" if short else "period.quarter", lang, year=self.year, index=self.index)
            case PeriodKind.MONTH:
                name = t(MONTHS[self.index - 1], lang)
                return f"{name[:3] if short else name} {self.year}"
            case PeriodKind.WEEK:
                return t("period.week", lang, year=self.year, index=self.index)


def make_period(kind: PeriodKind, year: int, index: int = 1) -> Period:
    """Build a period from its parts, checking the ranges."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise PeriodError("period.year_range", year=year, min=MIN_YEAR, max=MAX_YEAR)
    match kind:
        case PeriodKind.YEAR:
            return Period(dt.date(year, 1, 1), kind, year, 1)
        case PeriodKind.HALF:
            if index not in (1, 2):
                raise PeriodError("period.bad_half", index=index)
            return Period(dt.date(year, 1 + 6 * (index - 1), 1), kind, year, index)
        case PeriodKind.QUARTER:
            if not 1 <= index <= 4:
                raise PeriodError("period.bad_quarter", index=index)
            return Period(dt.date(year, 1 + 3 * (index - 1), 1), kind, year, index)
        case PeriodKind.MONTH:
            if not 1 <= index <= 12:
                raise PeriodError("period.bad_month", index=f"{index:02d}")
            return Period(dt.date(year, index, 1), kind, year, index)
        case PeriodKind.WEEK:
            if not 1 <= index <= _weeks_in(year):
                raise PeriodError("period.bad_week", year=year, weeks=_weeks_in(year), index=f"{index:02d}")
            return Period(dt.date.fromisocalendar(year, index, 1), kind, year, index)


def parse_period(text: str) -> Period:
    """Parse a period code; raise :class:`PeriodError` naming the rule broken."""
    if not isinstance(text, str):
        raise PeriodError("period.not_text", text=repr(text))
    return _parse(text)


@lru_cache(maxsize=8192)  # periods are immutable; a file or a page parses the same few codes over and over
def _parse(text: str) -> Period:
    cleaned = text.strip().upper()
    for kind, pattern in _PATTERNS:
        match = pattern.match(cleaned)
        if match:
            year = int(match.group(1))
            index = int(match.group(2)) if kind is not PeriodKind.YEAR else 1
            return make_period(kind, year, index)
    excel = _EXCEL_MONTH.match(text.strip())
    if excel:
        year = int(excel.group(2))
        if len(excel.group(2)) == 2:  # Excel's own two digits: the year in 1990–2089 that ends so
            year += 1900 if year >= MIN_YEAR % 100 else 2000
        return make_period(PeriodKind.MONTH, year, _MONTH_NUMBER[excel.group(1).lower()])
    raise PeriodError("period.unknown_format", text=repr(text))


def calendar_day(text: str) -> dt.date | None:
    """The day a text names as a date (``2026-10-01``, also with a midnight time: how a workbook's date cell is
    read), or None: a day is never a period code, and which period it stands for depends on the indicator."""
    match = _DAY.match(text.strip())
    if not match:
        return None
    try:
        return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:  # 2026-02-30
        return None


def period_containing(kind: PeriodKind, day: dt.date) -> Period:
    """The period of a kind that holds a given day (ISO weeks belong to their ISO year)."""
    match kind:
        case PeriodKind.YEAR:
            return make_period(kind, day.year)
        case PeriodKind.HALF:
            return make_period(kind, day.year, 1 if day.month <= 6 else 2)
        case PeriodKind.QUARTER:
            return make_period(kind, day.year, (day.month - 1) // 3 + 1)
        case PeriodKind.MONTH:
            return make_period(kind, day.year, day.month)
        case PeriodKind.WEEK:
            iso = day.isocalendar()
            return make_period(kind, iso.year, iso.week)


def periods_between(kind: PeriodKind, first_day: dt.date, last_day: dt.date) -> list[Period]:
    """Every period of a kind that overlaps the closed date range, in order."""
    if last_day < first_day:
        return []
    out = [period_containing(kind, first_day)]
    while out[-1].end < last_day:
        out.append(out[-1].next())
    return out


def is_complete(period: Period, today: dt.date) -> bool:
    """A period can be reported once it has ended; a period still running is 'in the future' for reporting."""
    return period.end < today


def expected_periods(frequency: Frequency | str, first_day: dt.date, last_day: dt.date, today: dt.date) -> list[Period]:
    """Periods a figure is expected for: those of the frequency's kind that overlap the range and have ended."""
    kind = FREQUENCY_KIND[Frequency(frequency)]
    if kind is None:
        return []
    return [p for p in periods_between(kind, first_day, last_day) if is_complete(p, today)]


def matches_frequency(period: Period, frequency: Frequency | str) -> bool:
    kind = FREQUENCY_KIND[Frequency(frequency)]
    return kind is None or period.kind is kind


def sort_key(code: str) -> tuple[dt.date, int]:
    """Sort period codes chronologically, a longer period before a shorter one that starts the same day."""
    p = parse_period(code)
    return (p.start, -p.days)
