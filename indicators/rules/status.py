"""Status rules: how an indicator stands against its target, and how an actor's commitments stand.

Pure functions, no database: pages show the rule (:func:`rule_text`, the message ``status.rule``) beside the result.

The indicator rule is Open SDG's progress measure, after Statistics Canada's methodology (sdg-build
``sdg/ProgressMeasure.py``, ``methodology_2`` and ``get_progress_status``; the Open SDG documentation's pages
"Progress" and "Progress Measurement Methodology"): the actual rate of change since the base period, divided by the
rate needed to go from the base value to the target by the target period. Both rates are compound annual growth
rates, ``(x / B) ** (1 / years) - 1``, as there. Open SDG's thresholds on that ratio are 0.95 (on track), 0.6 and 0
(below 0: deterioration); we have three words where Open SDG has four, so "needs acceleration" (0.6–0.95) and
"limited progress" (0–0.6) are both *slow*. The defaults are therefore ``on_track = 0.95`` and
``deteriorating = 0``; a pledge may set its own per indicator (the catalogue's ``progress: {on_track, deteriorating}``,
stored as ``Indicator.progress``).

Adapted to local pledges:

- Time is counted in years from the middle of each period (a month, quarter, half year, year or week), as the
  charts place their points; the base period is the indicator's baseline period, or, where the baseline is the
  previous period's value (no baseline of its own), that value's period.
- Where the base value or the target is zero or negative the growth rate is undefined; sdg-build replaces a target
  of 0 by 0.001 (``config_defaults``), which asks for a fall of nearly 100 % a year, so any real reduction towards
  "zero shootings" would look slow. We use the linear rate (change per year) for both rates instead; that fallback
  is ours, not Open SDG's. A latest value of zero or below against a positive base counts as a fall of 100 % a year
  (the limit of the compound rate), so the status stays monotone in the value.
- Once the target period is over (the latest period starts after it ends) and the target is not reached, the best
  status is *slow*: the pace no longer matters.
- No figure after the base period (the latest period's middle at or before the base period's): *no data*.
- No target: Open SDG's methodology 1 compares growth with fixed annual thresholds (1.5 % and 0.5 %); local counts and
  shares have no such common yardstick, so we say only whether the value is better, unchanged or worse than the base.
- Survey shares (a unit with respondents, n): when the 95 % Wilson intervals of the latest value and of the base
  value overlap (the error bars the charts draw; a base value without n counts as exact), the change is within the
  sampling uncertainty: *no certain change*, neither better nor worse. Overlapping intervals are a cautious test (a
  test of the difference would call some such changes certain), chosen because a reader can check it on the chart.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, SupportsFloat

import pandas as pd

from indicators.base.i18n import t
from indicators.rules.periods import Period, PeriodError, parse_period
from indicators.rules.uncertainty import wilson
from indicators.rules.units import UNITS


class IndicatorStatus(StrEnum):
    ACHIEVED = "achieved"  # Målet nått
    ON_TRACK = "on_track"  # I rätt riktning
    SLOW = "slow"  # Går långsamt
    DETERIORATING = "deteriorating"  # Går åt fel håll
    NO_CERTAIN_CHANGE = "no_certain_change"  # Ingen säker förändring (a survey share within its uncertainty)
    NO_DATA = "no_data"  # Uppgift saknas
    NO_TARGET = "no_target"  # Inget mål satt


#: Word and symbol for each status (never colour alone).
SYMBOLS = {
    IndicatorStatus.ACHIEVED: "✔",
    IndicatorStatus.ON_TRACK: "↗",
    IndicatorStatus.SLOW: "→",
    IndicatorStatus.DETERIORATING: "↘",
    IndicatorStatus.NO_CERTAIN_CHANGE: "≈",
    IndicatorStatus.NO_DATA: "–",
    IndicatorStatus.NO_TARGET: "○",
}

#: A commitment's own status (the actor's report) as symbol; the word comes from the catalogue.
COMMITMENT_SYMBOLS = {"done": "✔", "ongoing": "◐", "not_started": "○", "at_risk": "⚠", None: "–"}

#: Statuses counted as "on track" and as "behind" in the overview (no certain change is neither).
GOOD = frozenset({IndicatorStatus.ACHIEVED, IndicatorStatus.ON_TRACK})
BEHIND = frozenset({IndicatorStatus.SLOW, IndicatorStatus.DETERIORATING})


@dataclass(frozen=True)
class Thresholds:
    """Where the pace ratio (actual rate / needed rate) changes status: at or above ``on_track`` on track, below
    ``deteriorating`` going the wrong way, between slow. Defaults: Open SDG's 0.95 and 0."""

    on_track: float = 0.95
    deteriorating: float = 0.0

    @classmethod
    def of(cls, setting: object) -> Thresholds:
        """An indicator's own thresholds (``Indicator.progress``: a dict, or None/NaN for the defaults)."""
        if not isinstance(setting, dict):
            return DEFAULT_THRESHOLDS
        default = DEFAULT_THRESHOLDS
        on_track, deteriorating = _num(setting.get("on_track")), _num(setting.get("deteriorating"))
        return cls(
            default.on_track if on_track is None else on_track,
            default.deteriorating if deteriorating is None else deteriorating,
        )


DEFAULT_THRESHOLDS = Thresholds()

#: Days in a year, for time between periods in years.
_YEAR_DAYS = 365.2425
#: exp() of more than this overflows a float: a pace that large is "as fast as it gets".
_MAX_EXPONENT = 700.0


def rule_text(lang: str = "sv") -> str:
    """The status rule in words, shown beside the results (markdown)."""
    return t("status.rule", lang)


@dataclass(frozen=True)
class Assessment:
    status: IndicatorStatus
    #: The pace ratio: the actual rate of change since the base period over the rate needed to reach the target by
    #: the target period (1.0 = exactly on pace); None where no pace was measured.
    progress: float | None = None


def _period(code: str | None) -> Period | None:
    if not isinstance(code, str) or not code:
        return None
    try:
        return parse_period(code)
    except PeriodError:
        return None


def _middle(p: Period) -> float:
    """A period's middle as a day number (a period's points sit in its middle on the charts)."""
    return p.start.toordinal() + p.days / 2


def _years(first: Period, second: Period) -> float:
    return (_middle(second) - _middle(first)) / _YEAR_DAYS


def _rate(start: float, end: float, years: float, compound: bool) -> float:
    """Change per year from ``start`` to ``end``: compound (as a share) or linear (in the unit)."""
    if not compound:
        return (end - start) / years
    if end <= 0:
        return -1.0  # everything lost: the limit of the compound rate
    return math.expm1(min(math.log(end / start) / years, _MAX_EXPONENT))


def certain_change(value: float, n: float | None, base: float, base_n: float | None) -> bool:
    """Whether a survey share moved beyond its sampling uncertainty: the 95 % Wilson intervals of the two values do
    not overlap (a value without n counts as exact; with neither n there is nothing to judge: certain)."""
    low, high = wilson(value, int(n)) if n and n >= 1 else (value, value)
    base_low, base_high = wilson(base, int(base_n)) if base_n and base_n >= 1 else (base, base)
    return high < base_low or low > base_high


def _no_pace(moved: float) -> Assessment:
    """Not reached and no pace to measure (no periods, or the target period at or before the base period)."""
    return Assessment(IndicatorStatus.DETERIORATING if moved < 0 else IndicatorStatus.SLOW)


def assess(
    value: float | None,
    target: float | None,
    baseline: float | None,
    direction: str,
    *,
    period: str | None = None,
    base_period: str | None = None,
    target_period: str | None = None,
    n: float | None = None,
    base_n: float | None = None,
    unit: str | None = None,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
) -> Assessment:
    """Status of one indicator's latest value (of ``period``) against the target (by ``target_period``), from the
    base value ``baseline`` (of ``base_period``). ``direction`` is up, down, target (to plan: reach it from the base
    value's side) or context. ``n`` and ``base_n``: respondents, for survey shares (a ``unit`` with respondents).
    Without the periods no pace can be measured: a value not at the target is then slow, or deteriorating when it
    moved away from it."""
    if value is None:
        return Assessment(IndicatorStatus.NO_DATA)
    if direction == "context":
        return Assessment(IndicatorStatus.NO_TARGET)
    sign = -1.0 if direction == "down" else 1.0
    if direction == "target" and target is not None and baseline is not None and target < baseline:
        sign = -1.0
    now, base_at = _period(period), _period(base_period)
    since_base = now is None or base_at is None or _years(base_at, now) > 0  # unknown periods: cannot tell
    survey = unit in UNITS and UNITS[unit].needs_n if unit is not None else False
    if target is None:
        # No target: the direction of good against the base value still tells whether things improve.
        if baseline is None or direction == "target":
            return Assessment(IndicatorStatus.NO_TARGET)
        if not since_base:
            return Assessment(IndicatorStatus.NO_DATA)
        if survey and not certain_change(value, n, baseline, base_n):
            return Assessment(IndicatorStatus.NO_CERTAIN_CHANGE)
        change = sign * (value - baseline)
        if change > 0:
            return Assessment(IndicatorStatus.ON_TRACK)
        return Assessment(IndicatorStatus.DETERIORATING if change < 0 else IndicatorStatus.SLOW)
    if sign * (value - target) >= 0:
        return Assessment(IndicatorStatus.ACHIEVED)
    if baseline is None:
        return Assessment(IndicatorStatus.SLOW)  # a target but nothing to measure the pace from: not reached
    if not since_base:
        return Assessment(IndicatorStatus.NO_DATA)  # no figure after the base period yet
    if survey and not certain_change(value, n, baseline, base_n):
        return Assessment(IndicatorStatus.NO_CERTAIN_CHANGE)
    moved = sign * (value - baseline)
    if sign * (target - baseline) <= 0:
        # The base value already met the target and the value fell back.
        return Assessment(IndicatorStatus.DETERIORATING)
    due = _period(target_period)
    if now is None or base_at is None or due is None or _years(base_at, due) <= 0:
        return _no_pace(moved)
    compound = baseline > 0 and target > 0
    needed = _rate(baseline, target, _years(base_at, due), compound)
    if needed == 0:
        return _no_pace(moved)  # a target a rounding error away from the base value
    ratio = _rate(baseline, value, _years(base_at, now), compound) / needed
    if ratio < thresholds.deteriorating:
        status = IndicatorStatus.DETERIORATING
    elif ratio >= thresholds.on_track and now.start <= due.end:
        status = IndicatorStatus.ON_TRACK
    else:
        status = IndicatorStatus.SLOW  # too slow, or the target period is over without reaching the target
    return Assessment(status, round(ratio, 3))


class CommitmentRollup(StrEnum):
    ON_TRACK = "on_track"
    BEHIND = "behind"
    NOT_REPORTED = "not_reported"


def rollup_commitment(status: str | None) -> CommitmentRollup:
    """An actor's own report, counted for the overview: at risk or not started is behind; none is not reported."""
    if status is None:
        return CommitmentRollup.NOT_REPORTED
    if status in ("at_risk", "not_started"):
        return CommitmentRollup.BEHIND
    return CommitmentRollup.ON_TRACK


def _num(x: object) -> float | None:
    if not isinstance(x, str | SupportsFloat):
        return None
    try:
        f = float(x)
    except (TypeError, ValueError):
        return None
    return None if f != f else f  # NaN → None


def _text(x: object) -> str | None:
    return x if isinstance(x, str) and x else None


def assess_latest(latest: pd.DataFrame) -> pd.DataFrame:
    """Add ``status`` and ``progress`` (the pace ratio) to the rows of :func:`indicators.read.queries.latest_values`
    or :func:`indicators.read.published.latest`. The base is the indicator's baseline (``baseline_value``,
    ``baseline_period``, ``baseline_n``), else the previous period's value (``previous_value``, ``previous_period``,
    ``previous_n``); ``progress_thresholds`` is the indicator's own setting. Columns a caller's frame lacks count as
    unknown."""
    statuses, progress = [], []
    for row in latest.to_dict("records"):
        get: Any = row.get
        baseline, base_period, base_n = _num(get("baseline_value")), get("baseline_period"), get("baseline_n")
        if baseline is None:
            baseline, base_period, base_n = _num(get("previous_value")), get("previous_period"), get("previous_n")
        result = assess(
            _num(get("value")),
            _num(get("target_value")),
            baseline,
            str(get("direction")),
            period=_text(get("period")),
            base_period=_text(base_period),
            target_period=_text(get("target_period")),
            n=_num(get("n")),
            base_n=_num(base_n),
            unit=_text(get("unit")),
            thresholds=Thresholds.of(get("progress_thresholds")),
        )
        statuses.append(result.status.value)
        progress.append(result.progress)
    return latest.assign(status=statuses, progress=progress)


def level_counts(assessed: pd.DataFrame) -> dict[str, dict[str, int]]:
    """Per level: how many indicators are good (reached or on track), behind, with no certain change (survey shares
    within their uncertainty), without data, without target."""
    out: dict[str, dict[str, int]] = {}
    for level in ("resurs_aktivitet", "prestation", "effekt"):
        rows = assessed[assessed["level"] == level]["status"]
        out[level] = {
            "good": int(rows.isin([s.value for s in GOOD]).sum()),
            "behind": int(rows.isin([s.value for s in BEHIND]).sum()),
            "no_certain_change": int((rows == IndicatorStatus.NO_CERTAIN_CHANGE).sum()),
            "no_data": int((rows == IndicatorStatus.NO_DATA).sum()),
            "no_target": int((rows == IndicatorStatus.NO_TARGET).sum()),
        }
    return out


def actor_rollup(commitments: pd.DataFrame, parents: dict[str, str | None]) -> pd.DataFrame:
    """Per actor (departments also counted under their parent, e.g. FGK under MS): commitments on track, behind
    and not reported, from each commitment's newest status report."""
    counts: dict[str, dict[str, int]] = {}
    for row in commitments.itertuples(index=False):
        status = row.status if isinstance(row.status, str) else None
        rolled = rollup_commitment(status).value
        for actor in {row.actor_code, parents.get(row.actor_code)} - {None}:
            bucket = counts.setdefault(str(actor), {r.value: 0 for r in CommitmentRollup})
            bucket[rolled] += 1
    return pd.DataFrame([{"actor_code": a, **c} for a, c in counts.items()])
