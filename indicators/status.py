"""Status rules: how an indicator stands against its target, and how an actor's commitments stand.

Pure functions, no database: pages show the rule (``RULE_SV``/``RULE_EN``) beside the result.
The indicator rule follows the idea of Open SDG's progress status (after Statistics Canada): how far the latest
value has come from the baseline towards the target, in the direction that is good.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


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

#: Statuses counted as "on track" and as "behind" in the overview.
GOOD = frozenset({IndicatorStatus.ACHIEVED, IndicatorStatus.ON_TRACK})
BEHIND = frozenset({IndicatorStatus.SLOW, IndicatorStatus.DETERIORATING})

ON_TRACK_SHARE = 0.5  # at least half of the way from baseline to target

RULE_SV = (
    "Status räknas ut från senaste värdet (x), målvärdet (M) och ett basvärde (B: indikatorns basvärde, annars "
    "föregående periods värde), i den riktning som är bra för indikatorn. **Målet nått** när x har nått M. "
    "Annars andelen av vägen från B till M: minst hälften ger **I rätt riktning**, en del men mindre än hälften "
    "**Går långsamt**, ingen eller bakåt **Går åt fel håll**. Utan värde: **Uppgift saknas**. Utan mål, eller "
    "för sammanhangsindikatorer utan bra riktning: **Inget mål satt**."
)
RULE_EN = (
    "Status is computed from the latest value (x), the target (T) and a baseline (B: the indicator's baseline, else "
    "the previous period's value), in the direction that is good for the indicator. **Target reached** when x has "
    "reached T. Otherwise the share of the way from B to T: at least half gives **On track**, some but less than "
    "half **Slow progress**, none or backwards **Deteriorating**. No value: **No data**. No target, or a context "
    "indicator with no good direction: **No target**."
)


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
    if target is None or direction == "context":
        return Assessment(IndicatorStatus.NO_TARGET)
    sign = -1.0 if direction == "down" else 1.0
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
