"""Status rules: how an indicator stands against its target, and how an actor's commitments stand.

Pure functions, no database: pages show the rule (:func:`rule_text`) beside the result.
The indicator rule follows the idea of Open SDG's progress status (after Statistics Canada): how far the latest
value has come from the baseline towards the target, in the direction that is good.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import SupportsFloat

import pandas as pd

from indicators.base.i18n import t


class IndicatorStatus(StrEnum):
    ACHIEVED = "achieved"  # Målet nått
    ON_TRACK = "on_track"  # I rätt riktning
    SLOW = "slow"  # Går långsamt
    DETERIORATING = "deteriorating"  # Går åt fel håll
    NO_DATA = "no_data"  # Uppgift saknas
    NO_TARGET = "no_target"  # Inget mål satt


#: Word and symbol for each status (never colour alone).
SYMBOLS = {
    IndicatorStatus.ACHIEVED: "✔",
    IndicatorStatus.ON_TRACK: "↗",
    IndicatorStatus.SLOW: "→",
    IndicatorStatus.DETERIORATING: "↘",
    IndicatorStatus.NO_DATA: "–",
    IndicatorStatus.NO_TARGET: "○",
}

#: A commitment's own status (the actor's report) as symbol; the word comes from the catalogue.
COMMITMENT_SYMBOLS = {"done": "✔", "ongoing": "◐", "not_started": "○", "at_risk": "⚠", None: "–"}

#: Statuses counted as "on track" and as "behind" in the overview.
GOOD = frozenset({IndicatorStatus.ACHIEVED, IndicatorStatus.ON_TRACK})
BEHIND = frozenset({IndicatorStatus.SLOW, IndicatorStatus.DETERIORATING})

ON_TRACK_SHARE = 0.5  # at least half of the way from baseline to target


def rule_text(lang: str = "sv") -> str:
    """The status rule in words, shown beside the results (markdown)."""
    return t("status.rule", lang)


@dataclass(frozen=True)
class Assessment:
    status: IndicatorStatus
    progress: float | None = None  # share of the way from baseline to target (1.0 = reached)


def assess(
    value: float | None,
    target: float | None,
    baseline: float | None,
    direction: str,
) -> Assessment:
    """Status of one indicator's latest value. ``direction`` is up, down, target (to plan: reach it) or context."""
    if value is None:
        return Assessment(IndicatorStatus.NO_DATA)
    if direction == "context":
        return Assessment(IndicatorStatus.NO_TARGET)
    sign = -1.0 if direction == "down" else 1.0
    if target is None:
        # No target: the direction of good against the baseline still tells whether things improve.
        if baseline is None or direction == "target":
            return Assessment(IndicatorStatus.NO_TARGET)
        change = sign * (value - baseline)
        if change > 0:
            return Assessment(IndicatorStatus.ON_TRACK)
        return Assessment(IndicatorStatus.DETERIORATING if change < 0 else IndicatorStatus.SLOW)
    if sign * (value - target) >= 0:
        return Assessment(IndicatorStatus.ACHIEVED, 1.0)
    if baseline is None or sign * (target - baseline) <= 0:
        # No baseline, or the baseline already met the target and the value fell back: measured against the target.
        return Assessment(IndicatorStatus.DETERIORATING if baseline is not None else IndicatorStatus.SLOW, None)
    progress = (value - baseline) / (target - baseline)
    if progress >= ON_TRACK_SHARE:
        status = IndicatorStatus.ON_TRACK
    elif progress > 0:
        status = IndicatorStatus.SLOW
    else:
        status = IndicatorStatus.DETERIORATING
    return Assessment(status, round(progress, 3))


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


def assess_latest(latest: pd.DataFrame) -> pd.DataFrame:
    """Add ``status`` and ``progress`` to the rows of :func:`indicators.read.queries.latest_values` (baseline: the
    indicator's, else the previous period's value)."""
    statuses, progress = [], []
    for row in latest.itertuples(index=False):
        baseline = _num(row.baseline_value)
        if baseline is None:
            baseline = _num(row.previous_value)
        result = assess(_num(row.value), _num(row.target_value), baseline, str(row.direction))
        statuses.append(result.status.value)
        progress.append(result.progress)
    return latest.assign(status=statuses, progress=progress)


def level_counts(assessed: pd.DataFrame) -> dict[str, dict[str, int]]:
    """Per level: how many indicators are good (reached or on track), behind, without data, without target."""
    out: dict[str, dict[str, int]] = {}
    for level in ("resurs_aktivitet", "prestation", "effekt"):
        rows = assessed[assessed["level"] == level]["status"]
        out[level] = {
            "good": int(rows.isin([s.value for s in GOOD]).sum()),
            "behind": int(rows.isin([s.value for s in BEHIND]).sum()),
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
