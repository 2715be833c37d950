"""Validation of reported figures: the same rules for forms, file imports, the catalogue and the CLI.

Each error names the field and the rule by message id and values (Swedish by ``str()``, any language by
``text(lang)``). Nothing that fails here is stored.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from indicators.base import formatting
from indicators.base.i18n import N_, DomainError, Message, render, t
from indicators.base.models import ActivityType, CommitmentState, FigureStatus, Indicator
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

#: The message id of each status a figure may have instead of a number, by its code (as the form offers it).
STATUS_LABELS = {
    FigureStatus.MISSING.value: N_("report.status_missing"),
    FigureStatus.SUPPRESSED.value: N_("report.status_suppressed"),
    FigureStatus.NOT_APPLICABLE.value: N_("report.status_na"),
}

#: The message id of each field's name, by the field.
FIELD_LABELS = {
    "indicator": N_("field.indicator"),
    "area": N_("field.area"),
    "period": N_("field.period"),
    "value": N_("field.value"),
    "n": N_("field.n"),
    "status": N_("field.status"),
    "source": N_("field.source"),
    "note": N_("field.note"),
    "evidence_url": N_("field.evidence_url"),
    # activities and commitment statuses
    "type": N_("field.type"),
    "date": N_("field.date"),
    "point": N_("field.point"),
    "hours": N_("field.hours"),
    "participants": N_("field.participants"),
    "commitment": N_("field.commitment"),
    "description": N_("field.description"),
    "commitment_status": N_("field.commitment_status"),
    "comment": N_("field.comment"),
    # users, meetings, review
    "username": N_("field.username"),
    "password": N_("field.password"),
    "role": N_("field.role"),
    "actor": N_("field.actor"),
    "title": N_("field.title"),
    "pledge": N_("field.pledge"),
    "review": N_("field.review"),
    # the åtgärdsplan
    "text": N_("field.plan_text"),
    "contact": N_("field.contact"),
    "start": N_("field.start"),
    "end": N_("field.end"),
    "quantity": N_("field.quantity"),
    "per": N_("field.per"),
    "kronor": N_("field.kronor"),
    "action": N_("field.action"),
    "held_on": N_("field.held_on"),
    "until": N_("field.until"),
}

MAX_TEXT = 2000
_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$")
#: The most respondents a survey share can have, and participants one activity can have.
MAX_RESPONDENTS = 10_000_000
MAX_PARTICIPANTS = 1_000_000
#: Characters no text field takes: control characters (NUL and the like; tab and new line are fine), the direction
#: marks and overrides that make a text show other than it is ("\u202egpj.exe" shows as "exe.jpg"), and invisible
#: breaks and spaces (zero-width space, line and paragraph separators, a byte-order mark inside a text).
_HIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u061c\u115f\u1160\u180e\u200b-\u200f\u2028\u2029\u202a-\u202e"
    "\u2060-\u2064\u2066-\u2069\u3164\ufeff\uffa0\U000e0000-\U000e007f]"
)  # also soft hyphens, joiners, word joiners, Hangul fillers and tag characters: invisible, they make twins of texts

#: Personal data a free text must not hold (the forms ask for roles and topics, never people): an e-mail address
#: (also written "(at)" or with a full-width @), a Swedish phone number and a personnummer or samordningsnummer,
#: read after NFKC (full-width digits count) with any dash, dot or space between the digit groups.
_EMAIL = re.compile(r"[\w.+-]+\s*(?:@|\(at\)|\[at\]|\{at\})\s*[\w-]+(?:\s*(?:\.|\(dot\)|\[dot\])\s*[\w-]+)+", re.I)
_SEP = r"[\s\-\u2010-\u2015\u2212./]"
_PERSONAL_NUMBER = re.compile(
    r"(?<!\d)(?:19|20)?\d{2}"
    + _SEP
    + r"?(?:0[1-9]|1[0-2])"
    + _SEP
    + r"?(?:0[1-9]|[12]\d|3[01]|6[1-9]|[78]\d|9[01])"
    + r"(?:"
    + _SEP
    + r"|\+)?\d{4}(?!\d)"
)
_PHONE = re.compile(
    r"(?<![\d+])(?<!\d[-./\u2010-\u2015])(?:\+\s?46|0046|0)"
    + _SEP
    + r"{0,3}\(?\d{1,3}\)?(?:"
    + _SEP
    + r"{0,3}\d){5,8}(?!\d)"
)  # not a date's "-04-01": a 0 right after a digit and a dash, dot or slash starts no phone number


def personal_data(text: str) -> Message | None:
    """Why a text looks like it names someone (None: it does not): an e-mail address, a phone number, a personnummer.
    Names themselves cannot be told from words; the forms say to write none."""
    plain = unicodedata.normalize("NFKC", text)
    if _EMAIL.search(plain):
        return Message("error.feedback.email")
    if _PHONE.search(plain):  # before the personnummer: 0701234567 reads as a birth date in 1907 too
        return Message("error.feedback.phone")
    if _PERSONAL_NUMBER.search(plain):
        return Message("error.feedback.personal_number")
    return None


def text_problem(text: str, limit: int = MAX_TEXT) -> Message | None:
    """Why a free text cannot be stored (None: it can)."""
    if len(text) > limit:
        return Message("text.too_long", limit=limit)
    found = _HIDDEN.search(text)
    if found:
        return Message("text.hidden", code=f"{ord(found.group()):04X}")
    return None


class NumberError(DomainError, ValueError):
    """A text that is not a number a form or file may give."""


class FieldError:
    """One broken rule of one field: the field, and the rule as a message id and values."""

    __slots__ = ("field", "msgid", "params")

    def __init__(self, field: str, msgid: str | Message, /, **params: object) -> None:
        self.field = field
        if isinstance(msgid, Message):  # a rule made elsewhere (text_problem, a period's error)
            self.msgid, self.params = msgid.msgid, {**msgid.params, **params}
        else:
            self.msgid, self.params = msgid, params

    @property
    def message(self) -> str:
        """The rule in Swedish."""
        return render(self.msgid, "sv", self.params)

    def label(self, lang: str = "sv") -> str:
        """The field's name in ``lang``."""
        key = FIELD_LABELS.get(self.field)
        return t(key, lang) if key else self.field

    def text(self, lang: str = "sv") -> str:
        """Field and rule in ``lang``: ``värde: inte ett tal``."""
        return f"{self.label(lang)}: {render(self.msgid, lang, self.params)}"

    def __str__(self) -> str:
        return self.text("sv")

    def __repr__(self) -> str:
        return f"FieldError({self.field!r}, {self.msgid!r}, **{self.params!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, FieldError) and (self.field, self.msgid, self.params) == (
            other.field,
            other.msgid,
            other.params,
        )

    def __hash__(self) -> int:
        return hash((self.field, self.msgid))


class ValidationError(ValueError):
    """One or more broken rules; ``errors`` lists them field by field (``text(lang)`` all of them in ``lang``)."""

    def __init__(self, errors: list[FieldError]):
        self.errors = errors
        super().__init__("; ".join(str(e) for e in errors))

    def text(self, lang: str = "sv") -> str:
        return "; ".join(e.text(lang) for e in self.errors)


class FigureInput(NamedTuple):
    """A figure that passed validation, ready to store. A named tuple, not a dataclass: immutable as well, and made
    in a fifth of the time (a file's 100,000 rows make as many)."""

    indicator_code: str
    area_code: str
    period: str
    value: float | None
    status_code: str | None
    n: int | None
    source: str
    note: str = ""
    evidence_url: str = ""


@dataclass
class Rules:
    """What validation needs to know about the store: the catalogue's indicators and areas, and today's date."""

    indicators: Mapping[str, Indicator]
    areas: set[str]
    today: dt.date = field(default_factory=dt.date.today)


#: The message id of a percent sign where no share is asked for.
PERCENT_SIGN = N_("number.percent_sign")


def parse_number(raw: Any, *, percent: bool = False) -> float | None:
    """A number from a form or a file: decimal comma or point, spaces (also no-break) as thousands separators; with
    ``percent`` (a share in percent), a trailing percent sign as Excel shows one (``44,1 %``).

    Returns None for empty input; raises NumberError (a ValueError) for anything that is not a finite number, and
    for a percent sign where no share is asked for (``number.percent_sign``).
    """
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise NumberError("number.not_a_number")
    if isinstance(raw, int | float):
        try:
            number = float(raw)
        except OverflowError as exc:
            raise NumberError("number.too_large") from exc
    else:
        text = str(raw).strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
        if text == "":
            return None
        if text.endswith("%") and text != "%":
            if not percent:
                raise NumberError(PERCENT_SIGN)
            text = text[:-1]
        if "," in text and "." in text:
            raise NumberError("number.mixed_separators")
        if not _NUMBER.match(text):
            raise NumberError("number.not_a_number")
        try:
            number = float(text.replace(",", "."))
        except OverflowError as exc:
            raise NumberError("number.too_large") from exc
    if math.isnan(number) or math.isinf(number):
        raise NumberError("number.not_finite")
    return number + 0.0  # -0 is 0


_STATUSES = frozenset(s.value for s in FigureStatus)


def _text(raw: Any) -> str:
    if type(raw) is str:  # what files and forms give, nearly always
        return raw.strip()
    if raw is None:
        return ""
    if isinstance(raw, float) and math.isnan(raw):
        return ""
    return str(raw).strip()


def validate_figure(raw: Mapping[str, Any], rules: Rules) -> FigureInput:
    """Check one figure given as field → raw value (keys: indicator, area, period, value, n, status, source, note,
    evidence_url). Returns the cleaned figure or raises :class:`ValidationError` listing every broken rule."""
    return FigureChecker(rules)(raw)


_Errors = tuple[FieldError, ...]
_NO_ERRORS: _Errors = ()
_URL = re.compile(r"^https?://\S+$")


@dataclass(frozen=True)
class _IndicatorRules:
    """What the rules read of one indicator, looked up once per code."""

    indicator: Indicator
    unit_code: str
    needs_n: bool
    frequency: str
    days_of_period: bool = False


class FigureChecker:
    """:func:`validate_figure` for one figure or many (a file's rows): every rule, in the same order, with the same
    message. Each rule's verdict depends on a few of the row's fields only (the indicator and the period; the area;
    the value, status and n with the indicator; the texts), so it is worked out once per distinct input and
    remembered for the rows after: a file of 100,000 rows checks each of its periods, values and texts once."""

    def __init__(self, rules: Rules) -> None:
        self.rules = rules
        self._whats: dict[Any, tuple[str, _IndicatorRules | None, _Errors, str, _Errors]] = {}
        self._areas: dict[Any, tuple[str, _Errors]] = {}
        self._readings: dict[Any, tuple[float | None, str | None, int | None, _Errors]] = {}
        self._texts: dict[Any, tuple[str, str, str, _Errors]] = {}

    def __call__(self, raw: Mapping[str, Any]) -> FigureInput:
        get = raw.get
        return self.check(get("indicator"), get("area"), get("period"), get("value"), get("n"), get("status"),
                          get("source"), get("note"), get("evidence_url"))  # fmt: skip

    def check(
        self,
        indicator: Any,
        area: Any,
        period: Any,
        value: Any,
        n: Any,
        status: Any,
        source: Any,
        note: Any,
        evidence_url: Any,
    ) -> FigureInput:
        """The fields of :func:`validate_figure`'s ``raw`` given one by one (None: not given)."""
        # Each part remembered by its fields when they are texts or absent (as files give them), which equal nothing
        # but themselves: a number from a form is worked out each time (1, 1.0 and True are equal keys, not equal
        # inputs). Written out, not a helper per part: a file's every row comes through here.
        textual = _TEXTUAL
        key: tuple[Any, ...] = (indicator, period)
        remember = type(indicator) in textual and type(period) in textual
        what = self._whats.get(key) if remember else None
        if what is None:
            what = self._what(key)
            if remember:
                self._whats[key] = what
        code, known, errors_indicator, period_code, errors_period = what
        remember = type(area) in textual
        place = self._areas.get(area) if remember else None
        if place is None:
            place = self._area(area)
            if remember:
                self._areas[area] = place
        area_code, errors_area = place
        key = (value, status, n, code)
        remember = type(value) in textual and type(status) in textual and type(n) in textual
        reading = self._readings.get(key) if remember else None
        if reading is None:
            reading = self._reading(value, status, n, known)
            if remember:
                self._readings[key] = reading
        number, status_code, count, errors_reading = reading
        key = (source, note, evidence_url)
        remember = type(source) in textual and type(note) in textual and type(evidence_url) in textual
        texts = self._texts.get(key) if remember else None
        if texts is None:
            texts = _texts(key)
            if remember:
                self._texts[key] = texts
        source_text, note_text, url, errors_texts = texts
        if (
            known is not None
            and known.days_of_period
            and number is not None
            and not math.isnan(number)
            and (not errors_period)
        ):
            errors_reading = _days_of(errors_reading, _within_period(number, period_code))
        if errors_indicator or errors_area or errors_period or errors_reading or errors_texts:
            raise ValidationError([*errors_indicator, *errors_area, *errors_period, *errors_reading, *errors_texts])
        # FigureInput(...) made as its _make makes it, without the constructor's handling of keywords and defaults
        return _new_tuple(FigureInput, (code, area_code, period_code, number, status_code, count, source_text,
                                        note_text, url))  # fmt: skip

    def _reading(
        self, value: Any, status: Any, n: Any, known: _IndicatorRules | None
    ) -> tuple[float | None, str | None, int | None, _Errors]:
        """The value, the status and the number of respondents as read for the indicator (``known``; None: not
        known), and their problems in order: the status's, the value's, n's, then how they go together (a value
        and a status, neither, the value's range for the indicator, n where it is needed or not taken)."""
        status_code, status_given, errors_status = _status(status)
        number, errors_value = _value((value, known.unit_code if known is not None else None))
        count, n_given, errors_n = _n(n)
        errors = [*errors_status, *errors_value, *errors_n]
        valued = number is not None and not math.isnan(number)
        if valued and status_code is not None:
            errors.append(FieldError("value", "validation.value_with_status",
                                     status=Message(STATUS_LABELS[status_code])))  # fmt: skip
        elif number is None and not status_given:
            errors.append(FieldError("value", "validation.value_or_status"))
        elif valued and known is not None:
            assert number is not None
            errors.extend(_check_range(number, known.indicator))
            if known.needs_n and not n_given:
                errors.append(FieldError("n", "validation.n_needed"))
        if known is not None and count is not None and not known.needs_n:
            errors.append(FieldError("n", "validation.n_only_surveys"))
        return number, status_code, count, tuple(errors)

    def _what(self, key: tuple[Any, Any]) -> tuple[str, _IndicatorRules | None, _Errors, str, _Errors]:
        """The indicator (its code, what the rules read of it, its problem) and the period (its code, its problems
        for that indicator)."""
        code, known, errors_indicator = self._indicator(key[0])
        return (code, known, errors_indicator, *self._period(key[1], known))

    def _indicator(self, raw: Any) -> tuple[str, _IndicatorRules | None, _Errors]:
        code = _text(raw)
        indicator = self.rules.indicators.get(code)
        if not code:
            return code, None, (FieldError("indicator", "validation.required"),)
        if indicator is None:
            return code, None, (FieldError("indicator", "validation.unknown_indicator", code=repr(code)),)
        unit = indicator.unit
        u = UNITS[unit]
        return code, _IndicatorRules(indicator, unit, u.needs_n, indicator.frequency, u.days_of_period), _NO_ERRORS

    def _area(self, raw: Any) -> tuple[str, _Errors]:
        area = _text(raw)
        if not area:
            return area, (FieldError("area", "validation.required"),)
        if area not in self.rules.areas:
            return area, (FieldError("area", "validation.unknown_area", area=repr(area)),)
        return area, _NO_ERRORS

    def _period(self, raw: Any, known: _IndicatorRules | None) -> tuple[str, _Errors]:
        today = self.rules.today
        errors: list[FieldError] = []
        period_text = _text(raw)
        period_code = period_text
        day = calendar_day(period_text) if period_text else None
        frequency = known.frequency if known is not None else None
        kind = FREQUENCY_KIND[Frequency(frequency)] if frequency is not None else None
        if not period_text:
            errors.append(FieldError("period", "validation.required"))
        elif day is not None and frequency is not None and kind is not None and kind is not PeriodKind.MONTH:
            # A date is a day (an Excel date cell, 2026-10 as Excel turned it into one): a month to a monthly
            # indicator, but to a quarterly or yearly one it may as well be a month typed as the period it starts:
            # refused.
            errors.append(FieldError("period", "validation.period_date", date=day.isoformat(),
                                     frequency=Message(PER_FREQUENCY[frequency]), example=_EXAMPLE[kind]))  # fmt: skip
        else:
            try:
                period = parse_period(period_text) if day is None else period_containing(PeriodKind.MONTH, day)
                period_code = period.code
                if frequency is not None and not matches_frequency(period, frequency):
                    per = Message(PER_FREQUENCY[frequency])
                    errors.append(FieldError("period", "validation.frequency", frequency=per,
                                             example=_EXAMPLE[kind] if kind else ""))  # fmt: skip
                if period.start > today:
                    errors.append(FieldError("period", "validation.in_future", what=period.code))
                elif frequency is not None and frequency != Frequency.IRREGULAR and not is_complete(period, today):
                    errors.append(
                        FieldError("period", "validation.not_ended", period=period.code, end=period.end.isoformat())
                    )
            except PeriodError as exc:
                errors.append(FieldError("period", exc.message))
        return period_code, tuple(errors)


_new_tuple = tuple.__new__

#: The types of input a part's verdict is remembered by (see :meth:`FigureChecker.check`).
_TEXTUAL = frozenset({str, type(None)})


def _texts(key: tuple[Any, Any, Any]) -> tuple[str, str, str, _Errors]:
    """The source, the comment and the evidence link trimmed, and their problems (each text's, then the link's)."""
    errors: list[FieldError] = []
    texts = []
    for name, raw, limit in zip(("source", "note", "evidence_url"), key, (500, MAX_TEXT, MAX_TEXT), strict=True):
        text = _text(raw)
        problem = text_problem(text, limit)
        if problem:
            errors.append(FieldError(name, problem))
        texts.append(text)
    source, note, url = texts
    if url and not _URL.match(url):
        errors.append(FieldError("evidence_url", "validation.url"))
    return source, note, url, tuple(errors)


def _status(raw: Any) -> tuple[str | None, bool, _Errors]:
    """The status code (None for a value), whether one was given, and its problem."""
    status = _text(raw).lower() or None
    if status in ("value", "varde", "värde"):
        status = None
    status_given = status is not None
    if status is not None and status not in _STATUSES:
        return None, status_given, (FieldError("status", "validation.unknown_status", status=repr(status)),)
    return status, status_given, _NO_ERRORS


def _value(key: tuple[Any, str | None]) -> tuple[float | None, _Errors]:
    """The value as a number (None: not given; NaN: not a number, with the problem), by the value and the code of
    the indicator's unit. A percent sign is read for a share in percent (and left to the indicator's error when it is
    unknown: the unit None)."""
    raw, unit_code = key
    unit = UNITS[unit_code] if unit_code is not None else None
    try:
        return parse_number(raw, percent=unit is None or unit.percent), _NO_ERRORS
    except ValueError as exc:
        if isinstance(exc, NumberError) and exc.msgid == PERCENT_SIGN and unit is not None:
            return math.nan, (FieldError("value", "validation.percent_sign", unit=Message(unit.label_key)),)
        return math.nan, (FieldError("value", "validation.number_example", problem=exc),)


def _n(raw: Any) -> tuple[int | None, bool, _Errors]:
    """The number of respondents, whether one was given, and its problem."""
    n_given = _text(raw) != ""
    try:
        n_number = parse_number(raw)
    except ValueError as exc:
        return None, n_given, (FieldError("n", "validation.integer_example", problem=exc),)
    if n_number is None:
        return None, n_given, _NO_ERRORS
    if n_number != int(n_number) or n_number < 1:
        return None, n_given, (FieldError("n", "validation.n_positive"),)
    if n_number > MAX_RESPONDENTS:
        return None, n_given, (FieldError("n", "validation.n_max", max=_num(MAX_RESPONDENTS)),)
    return int(n_number), n_given, _NO_ERRORS


def _check_range(value: float, indicator: Indicator) -> list[FieldError]:
    u = UNITS[indicator.unit]
    errors: list[FieldError] = []
    if u.integer and value != int(value):
        errors.append(FieldError("value", "validation.integer_unit", unit=Message(u.label_key)))
    low = indicator.scale_min if u.scaled else u.minimum
    high = indicator.scale_max if u.scaled else u.maximum
    if not u.scaled and indicator.maximum is not None:  # the indicator's own bound, within the unit's
        high = indicator.maximum if high is None else min(high, indicator.maximum)
    if u.categorical and indicator.categories and str(int(value)) not in indicator.categories:
        allowed = ", ".join(f"{k} = {v}" for k, v in indicator.categories.items())
        errors.append(FieldError("value", "validation.categories", allowed=allowed))
    elif (u.scaled or u.percent) and low is not None and high is not None and not low <= value <= high:
        errors.append(
            FieldError("value", "validation.between", low=_num(low), high=_num(high), unit=Message(u.label_key))
        )
    elif low is not None and value < low:
        errors.append(FieldError("value", "validation.at_least", low=_num(low), unit=Message(u.label_key)))
    elif high is not None and value > high:
        errors.append(FieldError("value", "validation.at_most", high=_num(high), unit=Message(u.label_key)))
    return errors


def _days_of(errors: _Errors, within: _Errors) -> _Errors:
    """A count of days's errors with the period's bound: in place of the unit's bound (366), which says less ("högst
    365 dagar: perioden 2025 har inte fler", not "högst 366" and then, at 366, "högst 365"); beside no other problem
    of the value (one named per field)."""
    if not within:
        return errors
    if any(e.msgid == "validation.at_most" for e in errors):
        return tuple(within[0] if e.msgid == "validation.at_most" else e for e in errors)
    return errors if any(e.field == "value" for e in errors) else (*errors, *within)


@functools.lru_cache(maxsize=4096)
def _within_period(value: float, period_code: str) -> _Errors:
    """A number of days of the period: at most as many as the period has (92 in a third quarter, 366 in a leap
    year)."""
    period = parse_period(period_code)
    days = (period.end - period.start).days + 1
    if value <= days:
        return _NO_ERRORS
    return (FieldError("value", "validation.days_in_period", high=_num(days), period=period.code),)


def _num(x: float) -> str:
    return formatting.number(x, "sv")


#: A period of each kind, as the messages show how to write one.
_EXAMPLE = {PeriodKind.MONTH: "2022-04", PeriodKind.QUARTER: "2022-Q2", PeriodKind.HALF: "2022-H1",
            PeriodKind.YEAR: "2022"}  # fmt: skip

#: What an indicator of each frequency is reported per ("indikatorn rapporteras per månad").
PER_FREQUENCY = {
    "monthly": N_("validation.per.monthly"),
    "quarterly": N_("validation.per.quarterly"),
    "half_yearly": N_("validation.per.half_yearly"),
    "yearly": N_("validation.per.yearly"),
    "irregular": N_("validation.per.irregular"),
}


# --- Activities and commitment statuses ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ActivityInput:
    type: str
    date: dt.date
    area_code: str
    lon: float | None
    lat: float | None
    hours: float | None
    participants: int | None
    commitment_id: int | None
    description: str
    source: str


def _date(raw: Any) -> dt.date | None:
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    text = _text(raw)
    if not text:
        return None
    return dt.date.fromisoformat(text)


def validate_activity(
    raw: Mapping[str, Any],
    *,
    areas: Mapping[str, dict[str, Any] | None],
    commitments: Mapping[str, int],
    today: dt.date,
) -> ActivityInput:
    """Check an activity: type, a date not in the future, a known area (and a point inside it), hours and
    participants not negative, a commitment of the actor (``commitments``: code → id of the actor's commitments)."""
    errors: list[FieldError] = []
    type_ = _text(raw.get("type"))
    if type_ not in {a.value for a in ActivityType}:
        errors.append(
            FieldError("type", "validation.unknown_type", type=repr(type_))
            if type_
            else FieldError("type", "validation.required")
        )
    when: dt.date | None = None
    try:
        when = _date(raw.get("date"))
        if when is None:
            errors.append(FieldError("date", "validation.required"))
        elif when > today:
            errors.append(FieldError("date", "validation.in_future", what=when.isoformat()))
    except ValueError:
        errors.append(FieldError("date", "validation.date_format"))
    area = _text(raw.get("area"))
    if area not in areas:
        errors.append(
            FieldError("area", "validation.unknown_area", area=repr(area))
            if area
            else FieldError("area", "validation.required")
        )
    lon = lat = None
    try:
        lon, lat = parse_number(raw.get("lon")), parse_number(raw.get("lat"))
        if (lon is None) != (lat is None):
            errors.append(FieldError("point", "validation.point_both"))
        elif lon is not None and lat is not None and area in areas:
            geometry = areas[area]
            if geometry is not None and not point_in_geometry(lon, lat, geometry):
                errors.append(FieldError("point", "validation.point_outside", area=area))
    except ValueError as exc:
        errors.append(FieldError("point", "validation.point_example", problem=exc))
    hours = participants = None
    try:
        hours = parse_number(raw.get("hours"))
        if hours is not None and not 0 <= hours <= 10_000:
            errors.append(FieldError("hours", "validation.hours_range"))
    except ValueError as exc:
        errors.append(FieldError("hours", "validation.hours_example", problem=exc))
    try:
        number = parse_number(raw.get("participants"))
        if number is not None and (number != int(number) or number < 0):
            errors.append(FieldError("participants", "validation.participants_integer"))
        elif number is not None and number > MAX_PARTICIPANTS:
            errors.append(FieldError("participants", "validation.participants_max", max=_num(MAX_PARTICIPANTS)))
        elif number is not None:
            participants = int(number)
    except ValueError as exc:
        errors.append(FieldError("participants", "validation.integer_example", problem=exc))
    commitment = _text(raw.get("commitment"))
    if commitment and commitment not in commitments:
        errors.append(FieldError("commitment", "validation.not_own_commitment", commitment=commitment))
    description = _text(raw.get("description"))
    source = _text(raw.get("source"))
    for name, text, limit in (("description", description, MAX_TEXT), ("source", source, 500)):
        problem = text_problem(text, limit)
        if problem:
            errors.append(FieldError(name, problem))
    if errors:
        raise ValidationError(errors)
    assert when is not None
    return ActivityInput(type_, when, area, lon, lat, hours, participants, commitments.get(commitment), description,
                         source)  # fmt: skip


def point_in_geometry(lon: float, lat: float, geometry: Mapping[str, Any]) -> bool:
    """Is the point inside a GeoJSON Polygon or MultiPolygon (outer rings, even-odd rule)?"""
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    for polygon in polygons:
        ring = polygon[0]
        inside = False
        for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
            if (y1 > lat) != (y2 > lat) and lon < (x2 - x1) * (lat - y1) / (y2 - y1) + x1:
                inside = not inside
        if inside:
            return True
    return False


@dataclass(frozen=True)
class StatusInput:
    commitment_id: int
    period: str
    status: str
    comment: str


def validate_status(raw: Mapping[str, Any], *, commitments: Mapping[str, int], today: dt.date) -> StatusInput:
    """Check a commitment status report: one of the actor's commitments, a known status, a period not in the
    future (quarters, half years or years), a comment (required when at risk)."""
    errors: list[FieldError] = []
    commitment = _text(raw.get("commitment"))
    if commitment not in commitments:
        errors.append(
            FieldError("commitment", "validation.not_own_commitment", commitment=commitment)
            if commitment
            else FieldError("commitment", "validation.required")
        )
    status = _text(raw.get("status"))
    if status not in {s.value for s in CommitmentState}:
        errors.append(FieldError("commitment_status", "validation.commitment_status"))
    period_code = _text(raw.get("period"))
    try:
        period = parse_period(period_code)
        period_code = period.code
        if period.kind.value not in ("quarter", "half", "year"):
            errors.append(FieldError("period", "validation.status_period"))
        elif period.start > today:
            errors.append(FieldError("period", "validation.in_future", what=period.code))
    except PeriodError as exc:
        errors.append(FieldError("period", exc.message))
    comment = _text(raw.get("comment"))
    if status == "at_risk" and not comment:
        errors.append(FieldError("comment", "validation.at_risk_comment"))
    problem = text_problem(comment)
    if problem:
        errors.append(FieldError("comment", problem))
    if errors:
        raise ValidationError(errors)
    return StatusInput(commitments[commitment], period_code, status, comment)
