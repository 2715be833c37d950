"""The status rule that knows the clock and the uncertainty: the pace since the base period against the pace needed
to reach the target by its period (Open SDG's progress measure), and survey shares' sampling uncertainty."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from indicators.read import queries
from indicators.rules import status
from indicators.rules.status import IndicatorStatus as S
from indicators.rules.status import Thresholds
from indicators.storage import db
from tests.support import examples


def rule(value, target, baseline, direction, period, base_period, target_period, **kw) -> S:
    return status.assess(
        value, target, baseline, direction, period=period, base_period=base_period, target_period=target_period, **kw
    ).status


@pytest.mark.parametrize(
    ("case", "value", "target", "baseline", "direction", "period", "base_period", "target_period", "expected"),
    [
        # The example: half the way from baseline to target, after 1 and after 11 months of a 12-month
        # pledge. The old rule gave both "on track".
        ("half the way after 1 of 12 months", 5, 10, 0, "up", "2022-02", "2022-01", "2023-01", S.ON_TRACK),
        ("half the way after 11 of 12 months", 5, 10, 0, "up", "2022-12", "2022-01", "2023-01", S.SLOW),
        # Compound annual rates (base and target above zero), a quarterly indicator with a yearly target.
        (
            "on pace: on the compound path (×1.414 a year)",
            141.5,
            200,
            100,
            "up",
            "2023-Q1",
            "2022-Q1",
            "2024-Q1",
            S.ON_TRACK,
        ),
        ("behind pace", 110, 200, 100, "up", "2023-Q1", "2022-Q1", "2024-Q1", S.SLOW),
        ("ahead of pace", 190, 200, 100, "up", "2023-Q1", "2022-Q1", "2024-Q1", S.ON_TRACK),
        ("moving away", 95, 200, 100, "up", "2023-Q1", "2022-Q1", "2024-Q1", S.DETERIORATING),
        # Down: 30 → 20 over three years needs -12.6 % a year.
        ("down, on pace (-14 % a year)", 22, 20, 30, "down", "2023", "2021", "2024", S.ON_TRACK),
        ("down, behind pace (-11 % a year)", 24, 20, 30, "down", "2023", "2021", "2024", S.SLOW),
        ("down, worse", 31, 20, 30, "down", "2023", "2021", "2024", S.DETERIORATING),
        ("down, reached", 19.5, 20, 30, "down", "2022", "2021", "2024", S.ACHIEVED),
        # Zero baseline or target: no growth rate, the linear pace instead (sdg-build's target 0 → 0.001 would
        # ask for a fall of ~88 % a year here, and call this on-pace halving "slow").
        ("zero baseline, on pace", 5, 10, 0, "up", "2024", "2022", "2026", S.ON_TRACK),
        ("zero baseline, behind", 3, 10, 0, "up", "2024", "2022", "2026", S.SLOW),
        ("target zero, on pace", 2.5, 0, 5, "down", "2024", "2022", "2026", S.ON_TRACK),
        ("target zero, behind", 4, 0, 5, "down", "2024", "2022", "2026", S.SLOW),
        ("negative baseline, on pace", 0, 4, -4, "up", "2024", "2022", "2026", S.ON_TRACK),
        ("negative baseline, behind", -2, 4, -4, "up", "2024", "2022", "2026", S.SLOW),
        # The target period is over: never "on track" without the target reached.
        ("target period passed, not reached", 9.5, 10, 0, "up", "2023-06", "2022-01", "2023-01", S.SLOW),
        ("target period passed, worse", -1, 10, 0, "up", "2023-06", "2022-01", "2023-01", S.DETERIORATING),
        ("target period passed, reached", 10, 10, 0, "up", "2023-06", "2022-01", "2023-01", S.ACHIEVED),
        ("within the target period", 9.5, 10, 0, "up", "2023-Q1", "2022-01", "2023", S.ON_TRACK),
        # Nothing measured after the base period yet.
        ("latest is the base period", 5, 10, 5, "up", "2022-01", "2022-01", "2023-01", S.NO_DATA),
        ("latest before the base period", 7, 10, 5, "up", "2021-12", "2022-01", "2023-01", S.NO_DATA),
        ("latest before the base period, reached", 11, 10, 5, "up", "2021-12", "2022-01", "2023-01", S.ACHIEVED),
        ("no target, latest before the base", 3, None, 5, "up", "2021", "2022", None, S.NO_DATA),
        # A target period at or before the base period leaves no time: not reached is slow at best.
        ("target before the base period", 9, 10, 5, "up", "2023", "2022", "2021", S.SLOW),
        # Direction "target": towards the target from the base value's side.
        ("to plan, from above", 88, 80, 100, "target", "2022-07", "2022-01", "2023-01", S.ON_TRACK),
        ("to plan, from above, reached", 79, 80, 100, "target", "2022-07", "2022-01", "2023-01", S.ACHIEVED),
        ("context", 5, 10, 0, "context", "2022-07", "2022-01", "2023-01", S.NO_TARGET),
        ("no target, better", 5, None, 4, "up", "2023", "2022", None, S.ON_TRACK),
    ],
)
def test_the_pace_rule_case_by_case(
    case, value, target, baseline, direction, period, base_period, target_period, expected
) -> None:
    """Each documented case of the pace rule gives its status."""
    assert rule(value, target, baseline, direction, period, base_period, target_period) is expected, case


@pytest.mark.parametrize(
    ("value", "thresholds", "expected"),
    [
        (3, Thresholds(), S.SLOW),  # 60 % of the pace needed
        (3, Thresholds(on_track=0.5), S.ON_TRACK),  # a pledge content with half the pace
        (3, Thresholds(on_track=0.9, deteriorating=0.7), S.DETERIORATING),  # a pledge that calls 60 % failing
        (-0.5, Thresholds(on_track=0.9, deteriorating=-0.2), S.SLOW),  # a little backsliding tolerated
        (5, Thresholds(on_track=1.2), S.SLOW),  # on pace is not enough where the pledge wants a margin
    ],
)
def test_an_indicators_own_thresholds_change_the_outcome(value, thresholds, expected) -> None:
    """Half a year into a twelve-month pledge (0 → 10), the same value gets the status its indicator's limits say."""
    got = status.assess(value, 10, 0, "up", period="2022-07", base_period="2022-01", target_period="2023-01",
                        thresholds=thresholds)  # fmt: skip
    assert got.status is expected


def test_once_the_target_period_is_over_the_best_is_slow() -> None:
    """A pace that clears the indicator's limit no longer counts once the target period has ended unreached."""
    kw = {"base_period": "2022-01", "target_period": "2023-01", "thresholds": Thresholds(on_track=0.5)}
    assert status.assess(9.5, 10, 0, "up", period="2022-12", **kw).status is S.ON_TRACK
    assert status.assess(9.5, 10, 0, "up", period="2023-03", **kw).status is S.SLOW


@pytest.mark.parametrize(
    ("setting", "expected"),
    [
        (None, Thresholds(0.95, 0.0)),
        (float("nan"), Thresholds(0.95, 0.0)),
        ({"on_track": 0.8, "deteriorating": -0.1}, Thresholds(0.8, -0.1)),
        ({"on_track": 0.8}, Thresholds(0.8, 0.0)),
    ],
)
def test_thresholds_come_from_the_indicators_setting_or_the_defaults(setting, expected) -> None:
    """``Indicator.progress`` (the catalogue's ``progress:``) sets the limits; without it, Open SDG's."""
    assert Thresholds.of(setting) == expected


SURVEY = {"unit": "survey_percent"}


@pytest.mark.parametrize(
    ("case", "value", "n", "target", "baseline", "base_n", "direction", "expected"),
    [
        # 95 % Wilson intervals: 28.2 % of 1 000 is 25.5–31.1; 26.8 % of 1 000 is 24.1–29.6 (they overlap).
        ("no target, within the uncertainty", 26.8, 1000, None, 28.2, 1000, "down", S.NO_CERTAIN_CHANGE),
        ("no target, better beyond it", 24.0, 3000, None, 28.2, 3000, "down", S.ON_TRACK),
        ("no target, worse beyond it", 32.5, 3000, None, 28.2, 3000, "down", S.DETERIORATING),
        ("no target, a big change in a thin survey", 20.0, 100, None, 28.2, 100, "down", S.NO_CERTAIN_CHANGE),
        ("target, within the uncertainty", 62, 400, 70, 60, 400, "up", S.NO_CERTAIN_CHANGE),
        ("target, beyond it and ahead of pace", 68, 2000, 70, 60, 2000, "up", S.ON_TRACK),
        ("target, beyond it but worse", 52, 2000, 70, 60, 2000, "up", S.DETERIORATING),
        ("target reached counts as reached", 70.5, 400, 70, 60, 400, "up", S.ACHIEVED),
        ("base value without n counts as exact", 26.8, 1000, None, 28.2, None, "down", S.NO_CERTAIN_CHANGE),
        ("base value without n, beyond", 24.0, 3000, None, 28.2, None, "down", S.ON_TRACK),
        ("no n at all: nothing to weigh", 27.9, None, None, 28.2, None, "down", S.ON_TRACK),
    ],
)
def test_a_survey_share_within_its_uncertainty_is_no_certain_change(
    case, value, n, target, baseline, base_n, direction, expected
) -> None:
    """A survey share whose change lies within the drawn Wilson intervals is neither better nor worse."""
    got = rule(value, target, baseline, direction, "2022", "2021", "2024" if target else None, n=n, base_n=base_n,
               **SURVEY)  # fmt: skip
    assert got is expected, case


def test_a_count_is_never_weighed_for_sampling_uncertainty() -> None:
    """Only survey shares carry respondents: a count with an n given still moves by the pace rule."""
    assert rule(26.8, None, 28.2, "down", "2022", "2021", None, n=1000, base_n=1000, unit="percent") is S.ON_TRACK


def test_assess_latest_takes_the_previous_period_as_base_when_the_indicator_has_no_baseline() -> None:
    """Without a baseline of its own, the pace runs from the previous figure's period (and its n)."""
    latest = pd.DataFrame(
        {
            "level": ["prestation"] * 4,
            "unit": ["count", "count", "survey_percent", "count"],
            "direction": ["up"] * 4,
            "target_value": [20, 20, None, 20],
            "target_period": ["2023", "2023", None, "2023"],
            "baseline_value": [None, None, None, 0],
            "baseline_period": [None, None, None, "2020"],
            "baseline_n": [None, None, None, None],
            "period": ["2022-06", "2022-06", "2022-06", "2022-06"],
            "value": [11, 10.1, 45, 11],
            "n": [None, None, 500, None],
            "previous_period": ["2022-05", "2022-05", "2022-05", "2022-05"],
            "previous_value": [10, 10, 48, 10],
            "previous_n": [None, None, 500, None],
            "progress_thresholds": [None, {"on_track": 0.05, "deteriorating": 0.0}, None, None],
        }
    )
    got = status.assess_latest(latest)
    # +10 % in a month against the +85 % a year needed from May 2022 to 2023: ahead of pace.
    assert got.loc[0, "status"] == S.ON_TRACK and got.loc[0, "progress"] > 1
    # +1 % in a month is 15 % of the pace needed: slow by default, on track by the indicator's own limit of 5 %.
    assert got.loc[1, "status"] == S.ON_TRACK
    # 48 % → 45 % of 500 respondents each: within the uncertainty.
    assert got.loc[2, "status"] == S.NO_CERTAIN_CHANGE
    # The indicator's own baseline (0 in 2020) wins over the previous value: 11 of 20 after two of three years is
    # slow, where the month since the previous value alone would look ahead of pace.
    assert got.loc[3, "status"] == S.SLOW


def test_the_overview_query_carries_what_the_rule_needs(store_url: str) -> None:
    """latest_values gives each indicator's periods, the n of its figures and of its baseline figure, and its own
    thresholds; a survey baseline's n is that of the baseline period's figure in the same area."""
    with db.read_session(store_url) as s:
        latest = queries.latest_values(s, "sofielund-2022", "11319", dt.date(2023, 6, 30)).set_index("code")
        history = queries.indicator_history(s, "K01")
    for column in ("target_period", "baseline_period", "baseline_n", "previous_n", "progress_thresholds"):
        assert column in latest.columns
    k01 = latest.loc["K01"]
    assert k01["baseline_period"] == "2021"
    base = history[(history["area_code"] == k01["area_code"]) & (history["period"] == "2021")]
    if len(base) and not pd.isna(base.sort_values("version").iloc[-1]["n"]):
        assert k01["baseline_n"] == base.sort_values("version").iloc[-1]["n"]
    assessed = status.assess_latest(latest.reset_index())
    assert set(assessed["status"]) <= {s.value for s in S}


RANK = {S.DETERIORATING: 0, S.SLOW: 1, S.ON_TRACK: 2, S.ACHIEVED: 3}
PERIODS = [f"{y}-{m:02d}" for y in range(2020, 2027) for m in range(1, 13)]
amounts = st.floats(min_value=-50, max_value=500, allow_nan=False, allow_infinity=False)


@st.composite
def situations(draw: st.DrawFn) -> dict:
    """An indicator with a target, a base value and three periods in any order, and optional own thresholds."""
    on_track = draw(st.floats(min_value=0.05, max_value=2))
    deteriorating = draw(st.floats(min_value=-2, max_value=min(on_track, 1) - 0.01))
    return {
        "target": draw(amounts),
        "baseline": draw(amounts),
        "direction": draw(st.sampled_from(["up", "down", "target"])),
        "period": draw(st.sampled_from(PERIODS)),
        "base_period": draw(st.sampled_from(PERIODS)),
        "target_period": draw(st.sampled_from([*PERIODS, "2023", "2025-Q2"])),
        "thresholds": draw(st.sampled_from([Thresholds(), Thresholds(on_track, deteriorating)])),
    }


def _good_sign(s: dict) -> float:
    if s["direction"] == "down" or (s["direction"] == "target" and s["target"] < s["baseline"]):
        return -1.0
    return 1.0


@examples(2000)
@given(situations(), amounts)
def test_never_on_track_or_reached_when_the_value_moved_away_from_the_target(s: dict, value: float) -> None:
    """A value that moved the wrong way from a base value short of the target is never 'on track' nor 'reached'."""
    sign = _good_sign(s)
    target, baseline, direction = s.pop("target"), s.pop("baseline"), s.pop("direction")
    assume(sign * (target - baseline) > 0 and sign * (value - baseline) < 0)
    assert status.assess(value, target, baseline, direction, **s).status not in (S.ON_TRACK, S.ACHIEVED)


@examples(3000)
@given(situations(), amounts, amounts)
def test_a_value_closer_to_the_target_never_gets_a_worse_status(s: dict, first: float, second: float) -> None:
    """At the same time, of two values the one further in the good direction never gets a lower status."""
    sign = _good_sign(s)
    better, worse = (first, second) if sign * (first - second) >= 0 else (second, first)
    args = (s.pop("target"), s.pop("baseline"), s.pop("direction"))
    high, low = status.assess(better, *args, **s).status, status.assess(worse, *args, **s).status
    if low is S.NO_DATA:  # nothing measured since the base period: only reaching the target tells more
        assert high in (S.NO_DATA, S.ACHIEVED)
    else:
        assert RANK[high] >= RANK[low], (better, worse, high, low)


def test_the_map_tells_each_areas_status_by_the_pace_rule_when_given_its_period() -> None:
    """The map's tooltip status is the same rule: with the map's period the pace counts; a survey share's change
    within its uncertainty is 'Ingen säker förändring' with its symbol."""
    from indicators.render import maps

    ind = {"code": "X1", "unit": "count", "direction": "up", "baseline_value": 0.0, "baseline_period": "2022-01",
           "target_value": 10.0, "target_period": "2023-01", "progress": None}  # fmt: skip
    values = pd.DataFrame({"code": ["A"], "name": ["A"], "geometry": [None], "centroid_lon": [13.0],
                           "centroid_lat": [55.6], "value": [5.0], "status_code": [None], "n": [None], "source": ["x"],
                           "review_state": ["published"]})  # fmt: skip
    assert list(maps.area_rows(values, ind, period="2022-02")["status"]) == [S.ON_TRACK]
    assert list(maps.area_rows(values, ind, period="2022-12")["status"]) == [S.SLOW]
    survey = ind | {"unit": "survey_percent", "baseline_value": 28.2, "target_value": None, "direction": "down"}
    rows = maps.area_rows(values.assign(value=[26.8], n=[1000]), survey, period="2022-12")
    assert list(rows["status"]) == [S.NO_CERTAIN_CHANGE] and rows["status_text"][0] == "≈ Ingen säker förändring"
