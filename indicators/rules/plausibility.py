"""Plausibility at entry, as DHIS2's outlier rules: a value far outside the indicator's own history in the area
(1,4 presence hours where the series runs about 170; 1 204 after 433) gets a warning to confirm, never an error.

The rule is robust to the odd value already in the history: the distance from the history's median, in units of
its spread (the median absolute deviation, scaled to a standard deviation; at least a tenth of the median, so a
series that never moved does not flag every small change). A value more than ``LIMIT`` such units from the median
is unusual. With fewer than ``MIN_HISTORY`` earlier values nothing is judged. The form, the grid, the import
preview and the review queue all ask :func:`check`.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

#: How many spreads from the median a value may lie before it is called unusual (Iglewicz and Hoaglin's 3,5).
LIMIT = 3.5
#: Earlier values needed before anything is judged.
MIN_HISTORY = 3
#: The most recent earlier values the rule looks at (a year of months).
WINDOW = 12
#: The median absolute deviation of a normal sample is 0,6745 standard deviations.
MAD_TO_SD = 1.4826
#: The least spread, as a share of the median: a series that never moved is not flagged for a small change.
MIN_RELATIVE_SPREAD = 0.1


@dataclass(frozen=True)
class Unusual:
    """A value far outside its history: the range the history makes usual (``low``–``high``) and its median."""

    value: float
    median: float
    low: float
    high: float
    history: int


def usual_range(history: Sequence[float]) -> tuple[float, float, float] | None:
    """The usual range of a history (its newest ``WINDOW`` values, oldest first): low, median, high; None when the
    history is too short to judge."""
    values = [float(v) for v in history if v is not None and math.isfinite(float(v))][-WINDOW:]
    if len(values) < MIN_HISTORY:
        return None
    median = statistics.median(values)
    mad = statistics.median(abs(v - median) for v in values) * MAD_TO_SD
    # Mostly zeros (a median and a spread of 0): the mean size of its values; a history of zeros only: one unit.
    spread = max(mad, MIN_RELATIVE_SPREAD * abs(median)) or statistics.fmean(abs(v) for v in values) or 1.0
    return median - LIMIT * spread, median, median + LIMIT * spread


def check(value: float | None, history: Sequence[float]) -> Unusual | None:
    """Whether ``value`` is unusual for its ``history`` (the earlier values of the same indicator and area, oldest
    first): an :class:`Unusual` to show and confirm, else None (also for no value or too short a history)."""
    if value is None or not math.isfinite(value):
        return None
    bounds = usual_range(history)
    if bounds is None:
        return None
    low, median, high = bounds
    if low <= value <= high:
        return None
    return Unusual(value, median, low, high, min(len(history), WINDOW))
