"""Validation of reported figures: the same rules for forms, file imports, the catalogue and the CLI.

Each error names the field and the rule in plain Swedish. Nothing that fails here is stored.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from indicators.models import FigureStatus, Indicator
from indicators.periods import FREQUENCY_KIND, Frequency, PeriodError, is_complete, matches_frequency, parse_period
from indicators.units import UNITS

FIELD_LABELS = {
    "indicator": "indikator",
    "area": "område",
    "period": "period",
    "value": "värde",
    "n": "antal svarande (n)",
    "status": "status",
    "source": "källa",
    "note": "kommentar",
    "evidence_url": "länk till underlag",
}

MAX_TEXT = 2000
_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$")


@dataclass(frozen=True)
class FieldError:
    field: str
    message: str

    def __str__(self) -> str:
        return f"{FIELD_LABELS.get(self.field, self.field)}: {self.message}"


class ValidationError(ValueError):
    """One or more broken rules; ``errors`` lists them field by field."""

    def __init__(self, errors: list[FieldError]):
        self.errors = errors
        super().__init__("; ".join(str(e) for e in errors))


@dataclass(frozen=True)
class FigureInput:
    """A figure that passed validation, ready to store."""

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


def parse_number(raw: Any) -> float | None:
    """A number from a form or a file: decimal comma or point, spaces (also no-break) as thousands separators.

    Returns None for empty input; raises ValueError for anything that is not a finite number.
    """
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise ValueError("inte ett tal")
    if isinstance(raw, int | float):
        try:
            number = float(raw)
        except OverflowError as exc:
            raise ValueError("för stort tal") from exc
    else:
        text = str(raw).strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
        if text == "":
            return None
        if "," in text and "." in text:
            raise ValueError("blanda inte decimalkomma och decimalpunkt")
        if not _NUMBER.match(text):
            raise ValueError("inte ett tal")
        try:
            number = float(text.replace(",", "."))
        except OverflowError as exc:
            raise ValueError("för stort tal") from exc
    if math.isnan(number) or math.isinf(number):
        raise ValueError("inte ett ändligt tal")
    return number


def _text(raw: Any) -> str:
    if raw is None:
        return ""
    if isinstance(raw, float) and math.isnan(raw):
        return ""
    return str(raw).strip()


def validate_figure(raw: Mapping[str, Any], rules: Rules) -> FigureInput:
    """Check one figure given as field → raw value (keys: indicator, area, period, value, n, status, source, note,
    evidence_url). Returns the cleaned figure or raises :class:`ValidationError` listing every broken rule."""
    errors: list[FieldError] = []

    code = _text(raw.get("indicator"))
    indicator = rules.indicators.get(code)
    if not code:
        errors.append(FieldError("indicator", "måste anges"))
    elif indicator is None:
        errors.append(FieldError("indicator", f"okänd indikatorkod {code!r}"))

    area = _text(raw.get("area"))
    if not area:
        errors.append(FieldError("area", "måste anges"))
    elif area not in rules.areas:
        errors.append(FieldError("area", f"okänt område {area!r}"))

    period_text = _text(raw.get("period"))
    period_code = period_text
    if not period_text:
        errors.append(FieldError("period", "måste anges"))
    else:
        try:
            period = parse_period(period_text)
            period_code = period.code
            if indicator is not None and not matches_frequency(period, indicator.frequency):
                kind = FREQUENCY_KIND[Frequency(indicator.frequency)]
                example = {"month": "2022-04", "quarter": "2022-Q2", "half": "2022-H1", "year": "2022"}.get(
                    str(kind), ""
                )
                errors.append(
                    FieldError(
                        "period", f"indikatorn rapporteras per {_freq_sv(indicator.frequency)}: skriv t.ex. {example}"
                    )
                )
            if period.start > rules.today:
                errors.append(FieldError("period", f"{period.code} ligger i framtiden"))
            elif (
                indicator is not None
                and indicator.frequency != Frequency.IRREGULAR
                and not is_complete(period, rules.today)
            ):
                errors.append(FieldError("period", f"{period.code} är inte slut förrän {period.end.isoformat()}"))
        except PeriodError as exc:
            errors.append(FieldError("period", str(exc)))

    status = _text(raw.get("status")).lower() or None
    if status in ("value", "varde", "värde"):
        status = None
    status_given = status is not None
    if status is not None and status not in {s.value for s in FigureStatus}:
        errors.append(
            FieldError("status", f"okänd statuskod {status!r}: använd missing, suppressed eller not_applicable")
        )
        status = None

    value: float | None = None
    try:
        value = parse_number(raw.get("value"))
    except ValueError as exc:
        errors.append(FieldError("value", f"{exc}: skriv t.ex. 12,5"))
        value = math.nan

    n: int | None = None
    n_given = _text(raw.get("n")) != ""
    try:
        n_number = parse_number(raw.get("n"))
        if n_number is not None:
            if n_number != int(n_number) or n_number < 1:
                errors.append(FieldError("n", "måste vara ett heltal större än 0"))
            else:
                n = int(n_number)
    except ValueError as exc:
        errors.append(FieldError("n", f"{exc}: skriv ett heltal"))

    if value is not None and not math.isnan(value) and status is not None:
        errors.append(FieldError("value", f"lämna tomt när status är {status}"))
    elif value is None and not status_given:
        errors.append(FieldError("value", "ange ett värde, eller en status (missing, suppressed, not_applicable)"))
    elif value is not None and not math.isnan(value) and indicator is not None:
        errors.extend(_check_range(value, indicator))
        if UNITS[indicator.unit].needs_n and not n_given:
            errors.append(FieldError("n", "måste anges för andelar från enkäter (antal svarande)"))
    if indicator is not None and n is not None and not UNITS[indicator.unit].needs_n:
        errors.append(FieldError("n", "anges bara för andelar från enkäter"))

    source = _text(raw.get("source"))
    note = _text(raw.get("note"))
    url = _text(raw.get("evidence_url"))
    if len(source) > 500:
        errors.append(FieldError("source", "högst 500 tecken"))
    if len(note) > MAX_TEXT:
        errors.append(FieldError("note", f"högst {MAX_TEXT} tecken"))
    if url and not re.match(r"^https?://\S+$", url):
        errors.append(FieldError("evidence_url", "måste börja med http:// eller https://"))

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


def _check_range(value: float, indicator: Indicator) -> list[FieldError]:
    u = UNITS[indicator.unit]
    errors: list[FieldError] = []
    if u.integer and value != int(value):
        errors.append(FieldError("value", f"måste vara ett heltal ({u.label_sv})"))
    low = indicator.scale_min if u.scaled else u.minimum
    high = indicator.scale_max if u.scaled else u.maximum
    if u.categorical and indicator.categories and str(int(value)) not in indicator.categories:
        allowed = ", ".join(f"{k} = {v}" for k, v in indicator.categories.items())
        errors.append(FieldError("value", f"måste vara en av kategorierna {allowed}"))
    elif low is not None and high is not None and not low <= value <= high:
        errors.append(FieldError("value", f"måste ligga mellan {_num(low)} och {_num(high)} ({u.label_sv})"))
    elif low is not None and value < low:
        errors.append(FieldError("value", f"får inte vara mindre än {_num(low)} ({u.label_sv})"))
    return errors


def _num(x: float) -> str:
    return str(int(x)) if x == int(x) else str(x).replace(".", ",")


def _freq_sv(frequency: str) -> str:
    return {
        "monthly": "månad",
        "quarterly": "kvartal",
        "half_yearly": "halvår",
        "yearly": "år",
        "irregular": "mätning",
    }[frequency]
