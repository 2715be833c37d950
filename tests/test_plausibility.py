"""Plausibility at entry (issue 20): a value far outside the indicator's own history in the area is called unusual
(a warning to confirm, never an error); the rule is a property of the history, not of its unit or scale."""

from __future__ import annotations

import math

from hypothesis import assume, given
from hypothesis import strategies as st

from indicators.rules.plausibility import LIMIT, MIN_HISTORY, check, usual_range
from tests.support import examples

VALUES = st.integers(-(10**8), 10**8).map(lambda i: i / 100)  # figures as reported: at most two decimals
HISTORY = st.lists(VALUES, min_size=MIN_HISTORY, max_size=20)


def test_the_cases_from_the_walk_are_unusual_and_ordinary_months_are_not() -> None:
    hours = [168.0, 172.5, 175.1, 160.2, 181.0, 170.4, 166.8, 178.3]
    assert check(1.4, hours) is not None  # 1,4 hours where the series runs about 170
    assert check(1_204, [412, 433, 451, 398, 433]) is not None  # 1 204 after 433
    for ordinary in (150.0, 170.0, 195.0):
        assert check(ordinary, hours) is None
    unusual = check(1.4, hours)
    assert unusual is not None and unusual.low < 170 < unusual.high and unusual.history == len(hours)


@examples(2_000)
@given(value=VALUES, history=st.lists(VALUES, max_size=MIN_HISTORY - 1))
def test_too_short_a_history_judges_nothing(value: float, history: list[float]) -> None:
    assert check(value, history) is None


@examples(2_000)
@given(history=HISTORY)
def test_the_usual_range_holds_the_median_and_nothing_inside_it_is_unusual(history: list[float]) -> None:
    bounds = usual_range(history)
    assert bounds is not None
    low, median, high = bounds
    assert low < median < high
    for x in (low, median, high, (low + median) / 2):
        assert check(x, history) is None


@examples(2_000)
@given(history=HISTORY, value=VALUES, factor=st.floats(min_value=1e-3, max_value=1e3))
def test_the_rule_does_not_depend_on_the_unit(history: list[float], value: float, factor: float) -> None:
    """Hours or minutes, kronor or thousands: scaling a history and its value never changes the verdict (away from
    the edge, where rounding decides)."""
    bounds = usual_range(history)
    assert bounds is not None
    low, _, high = bounds
    edge = min(abs(value - low), abs(value - high))
    assume(edge > 1e-6 * max(1.0, abs(value), abs(low), abs(high)) and any(history))
    assert (check(value, history) is None) == (check(value * factor, [h * factor for h in history]) is None)


@examples(2_000)
@given(history=HISTORY, value=VALUES, step=st.floats(min_value=0, max_value=1e6))
def test_further_from_the_median_is_never_less_unusual(history: list[float], value: float, step: float) -> None:
    bounds = usual_range(history)
    assert bounds is not None
    _, median, _ = bounds
    further = value + math.copysign(step, value - median)
    if check(value, history) is not None:
        assert check(further, history) is not None


def test_the_limit_is_the_one_documented() -> None:
    assert LIMIT == 3.5  # README: "more than 3,5 spreads from the median"
