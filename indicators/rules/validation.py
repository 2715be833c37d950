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

from indicators.base import formatting
from indicators.base.models import ActivityType, CommitmentState, FigureStatus, Indicator
from indicators.rules.periods import (
    FREQUENCY_KIND,
    Frequency,
    PeriodError,
    is_complete,
    matches_frequency,
    parse_period,
)
from indicators.rules.units import UNITS

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
#: The most respondents a survey share can have, and participants one activity can have.
MAX_RESPONDENTS = 10_000_000
MAX_PARTICIPANTS = 1_000_000
#: Characters no text field takes: control characters (NUL and the like; tab and new line are fine), the direction
#: marks and overrides that make a text show other than it is ("\u202egpj.exe" shows as "exe.jpg"), and invisible
#: breaks and spaces (zero-width space, line and paragraph separators, a byte-order mark inside a text).
_HIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]"
)


def text_problem(text: str, limit: int = MAX_TEXT) -> str | None:
    """Why a free text cannot be stored, in plain Swedish (None: it can)."""
    if len(text) > limit:
        return f"högst {limit} tecken"
    found = _HIDDEN.search(text)
    if found:
        return (f"innehåller ett osynligt styrtecken (U+{ord(found.group()):04X}) som kan dölja eller vända texten: "
                "skriv om texten utan det")  # fmt: skip
    return None


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
    if status is not None and status not in _STATUSES:
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
            elif n_number > MAX_RESPONDENTS:
                errors.append(FieldError("n", f"högst {_num(MAX_RESPONDENTS)} svarande"))
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
    for name, text, limit in (("source", source, 500), ("note", note, MAX_TEXT), ("evidence_url", url, MAX_TEXT)):
        problem = text_problem(text, limit)
        if problem:
            errors.append(FieldError(name, problem))
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
    if not u.scaled and indicator.maximum is not None:  # the indicator's own bound, within the unit's
        high = indicator.maximum if high is None else min(high, indicator.maximum)
    if u.categorical and indicator.categories and str(int(value)) not in indicator.categories:
        allowed = ", ".join(f"{k} = {v}" for k, v in indicator.categories.items())
        errors.append(FieldError("value", f"måste vara en av kategorierna {allowed}"))
    elif (u.scaled or u.percent) and low is not None and high is not None and not low <= value <= high:
        errors.append(FieldError("value", f"måste ligga mellan {_num(low)} och {_num(high)} ({u.label_sv})"))
    elif low is not None and value < low:
        errors.append(FieldError("value", f"får inte vara mindre än {_num(low)} ({u.label_sv})"))
    elif high is not None and value > high:
        errors.append(FieldError("value", f"får vara högst {_num(high)} ({u.label_sv}): ett större tal är nog ett "
                                 "skrivfel"))  # fmt: skip
    return errors


def _num(x: float) -> str:
    return formatting.number(x, "sv")


def _freq_sv(frequency: str) -> str:
    return {
        "monthly": "månad",
        "quarterly": "kvartal",
        "half_yearly": "halvår",
        "yearly": "år",
        "irregular": "mätning",
    }[frequency]


# --- Activities and commitment statuses ----------------------------------------------------------------------------

ACTIVITY_LABELS = {
    "type": "typ",
    "date": "datum",
    "area": "område",
    "point": "punkt",
    "hours": "timmar",
    "participants": "deltagare",
    "commitment": "åtagande",
    "description": "beskrivning",
}
FIELD_LABELS.update(ACTIVITY_LABELS)
FIELD_LABELS.update({"commitment_status": "status", "comment": "kommentar"})


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
        errors.append(FieldError("type", f"okänd typ {type_!r}" if type_ else "måste anges"))
    when: dt.date | None = None
    try:
        when = _date(raw.get("date"))
        if when is None:
            errors.append(FieldError("date", "måste anges"))
        elif when > today:
            errors.append(FieldError("date", f"{when.isoformat()} ligger i framtiden"))
    except ValueError:
        errors.append(FieldError("date", "skriv datumet som ÅÅÅÅ-MM-DD, t.ex. 2023-05-17"))
    area = _text(raw.get("area"))
    if area not in areas:
        errors.append(FieldError("area", f"okänt område {area!r}" if area else "måste anges"))
    lon = lat = None
    try:
        lon, lat = parse_number(raw.get("lon")), parse_number(raw.get("lat"))
        if (lon is None) != (lat is None):
            errors.append(FieldError("point", "ange både longitud och latitud, eller ingen av dem"))
        elif lon is not None and lat is not None and area in areas:
            geometry = areas[area]
            if geometry is not None and not point_in_geometry(lon, lat, geometry):
                errors.append(FieldError("point", f"punkten ligger inte i området {area}"))
    except ValueError as exc:
        errors.append(FieldError("point", f"{exc}: skriv t.ex. 13,0151 och 55,5832"))
    hours = participants = None
    try:
        hours = parse_number(raw.get("hours"))
        if hours is not None and not 0 <= hours <= 10_000:
            errors.append(FieldError("hours", "måste ligga mellan 0 och 10 000"))
    except ValueError as exc:
        errors.append(FieldError("hours", f"{exc}: skriv t.ex. 2,5"))
    try:
        number = parse_number(raw.get("participants"))
        if number is not None and (number != int(number) or number < 0):
            errors.append(FieldError("participants", "måste vara ett heltal, 0 eller mer"))
        elif number is not None and number > MAX_PARTICIPANTS:
            errors.append(FieldError("participants", f"högst {_num(MAX_PARTICIPANTS)}"))
        elif number is not None:
            participants = int(number)
    except ValueError as exc:
        errors.append(FieldError("participants", f"{exc}: skriv ett heltal"))
    commitment = _text(raw.get("commitment"))
    if commitment and commitment not in commitments:
        errors.append(FieldError("commitment", f"{commitment} är inte ett av aktörens åtaganden"))
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
        errors.append(FieldError("commitment", f"{commitment} är inte ett av aktörens åtaganden" if commitment
                                 else "måste anges"))  # fmt: skip
    status = _text(raw.get("status"))
    if status not in {s.value for s in CommitmentState}:
        errors.append(FieldError("commitment_status", "välj ej påbörjad, pågår, klar eller risk för försening"))
    period_code = _text(raw.get("period"))
    try:
        period = parse_period(period_code)
        period_code = period.code
        if period.kind.value not in ("quarter", "half", "year"):
            errors.append(FieldError("period", "rapportera status per kvartal, halvår eller år, t.ex. 2023-Q2"))
        elif period.start > today:
            errors.append(FieldError("period", f"{period.code} ligger i framtiden"))
    except PeriodError as exc:
        errors.append(FieldError("period", str(exc)))
    comment = _text(raw.get("comment"))
    if status == "at_risk" and not comment:
        errors.append(FieldError("comment", "skriv vad som hotar åtagandet när status är risk för försening"))
    problem = text_problem(comment)
    if problem:
        errors.append(FieldError("comment", problem))
    if errors:
        raise ValidationError(errors)
    return StatusInput(commitments[commitment], period_code, status, comment)
