"""Status rules, table-driven: an indicator against its target, and actors' commitments."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from indicators.read import queries
from indicators.rules import status
from indicators.rules.status import IndicatorStatus as S
from indicators.storage import db

#: A twelve-month pledge: base period January 2022, target by January 2023 (time runs from each period's middle).
BASE, DUE = "2022-01", "2023-01"


@pytest.mark.parametrize(
    ("value", "target", "baseline", "direction", "period", "expected"),
    [
        (None, 10, 0, "up", "2022-07", S.NO_DATA),
        (10, 10, 0, "up", "2022-07", S.ACHIEVED),
        (12, 10, 0, "up", "2022-02", S.ACHIEVED),
        (6, 10, 0, "up", "2022-07", S.ON_TRACK),  # ahead of the pace needed
        (5, 10, 0, "up", "2022-07", S.ON_TRACK),  # half the way at half the time: on pace
        (3, 10, 0, "up", "2022-07", S.SLOW),  # 60 % of the pace needed
        # No change at all: Open SDG's "limited progress" (0 ≤ ratio < 0.6), which is slow; before the pace rule
        # "none of the way" was deteriorating. Going backwards still is.
        (0, 10, 0, "up", "2022-07", S.SLOW),
        (-1, 10, 0, "up", "2022-07", S.DETERIORATING),
        (20, 20, 30, "down", "2022-07", S.ACHIEVED),
        (24, 20, 30, "down", "2022-07", S.ON_TRACK),
        (28, 20, 30, "down", "2022-07", S.SLOW),
        (31, 20, 30, "down", "2022-07", S.DETERIORATING),
        (160, 160, 120, "target", "2022-07", S.ACHIEVED),
        (130, 160, 120, "target", "2022-07", S.SLOW),
        (5, None, 4, "up", "2022-07", S.ON_TRACK),  # no target: better than the baseline
        (3, None, 4, "up", "2022-07", S.DETERIORATING),
        (4, None, 4, "down", "2022-07", S.SLOW),
        (25.5, None, 28.2, "down", "2022-07", S.ON_TRACK),
        (5, None, None, "up", "2022-07", S.NO_TARGET),
        (5, None, 3, "target", "2022-07", S.NO_TARGET),
        (5, 10, 0, "context", "2022-07", S.NO_TARGET),
        (3, 10, None, "up", "2022-07", S.SLOW),  # target but no baseline: not reached
        (25, 20, 15, "down", "2022-07", S.DETERIORATING),  # baseline already met the target, value fell back
    ],
)
def test_indicator_status_rule(value, target, baseline, direction, period, expected) -> None:
    """The documented rule, case by case, half a year into a twelve-month pledge."""
    got = status.assess(value, target, baseline, direction, period=period, base_period=BASE, target_period=DUE)
    assert got.status is expected


@pytest.mark.parametrize(
    ("value", "target", "baseline", "direction", "expected"),
    [
        (6, 10, 0, "up", S.SLOW),  # moved towards the target, but without periods no pace: never "on track"
        (-1, 10, 0, "up", S.DETERIORATING),  # moved away
        (10, 10, 0, "up", S.ACHIEVED),  # reaching the target needs no clock
        (5, None, 4, "up", S.ON_TRACK),  # nor does better than the baseline without a target
    ],
)
def test_without_periods_no_pace_is_claimed(value, target, baseline, direction, expected) -> None:
    """A caller that knows no periods (a map without its period) gets no 'on track' from a pace it cannot measure."""
    assert status.assess(value, target, baseline, direction).status is expected


def test_level_counts_match_a_hand_worked_fixture() -> None:
    """Counting per level: reached and on track are good, slow and deteriorating behind, a survey share within its
    uncertainty counted apart."""
    latest = pd.DataFrame(
        {
            "level": ["prestation", "prestation", "prestation", "effekt", "effekt", "effekt", "resurs_aktivitet"],
            "unit": ["count", "count", "count", "survey_percent", "survey_percent", "survey_percent", "hours"],
            "value": [10, 3, None, 25.5, 30, 27.9, 160],
            "n": [None, None, None, None, None, 1000, None],
            "target_value": [10, 10, 10, None, None, None, 160],
            "baseline_value": [0, 0, 0, 28.2, 28.2, 28.2, None],
            "previous_value": [None, None, None, None, None, None, 150],
            "direction": ["up", "up", "up", "down", "down", "down", "target"],
        }
    )
    counts = status.level_counts(status.assess_latest(latest))
    assert counts["prestation"] == {"good": 1, "behind": 1, "no_certain_change": 0, "no_data": 1, "no_target": 0}
    assert counts["effekt"] == {"good": 1, "behind": 1, "no_certain_change": 1, "no_data": 0, "no_target": 0}
    assert counts["resurs_aktivitet"] == {"good": 1, "behind": 0, "no_certain_change": 0, "no_data": 0,
                                          "no_target": 0}  # fmt: skip


def test_actor_rollup_counts_departments_under_their_parent() -> None:
    """FGK's commitments count for FGK and for Malmö stad; a missing report is 'not reported'."""
    commitments = pd.DataFrame(
        {"actor_code": ["FGK", "FGK", "ASF", "POL"], "status": ["ongoing", "at_risk", None, "done"]}
    )
    rollup = status.actor_rollup(commitments, {"FGK": "MS", "ASF": "MS", "POL": None}).set_index("actor_code")
    assert rollup.loc["FGK"].to_dict() == {"on_track": 1, "behind": 1, "not_reported": 0}
    assert rollup.loc["MS"].to_dict() == {"on_track": 1, "behind": 1, "not_reported": 1}
    assert rollup.loc["POL"].to_dict() == {"on_track": 1, "behind": 0, "not_reported": 0}


def test_latest_values_take_the_newest_ended_period_and_the_one_before(store_url: str) -> None:
    """The overview's latest value is the newest figure whose period has ended by the chosen day."""
    with db.read_session(store_url) as s:
        latest = queries.latest_values(s, "sofielund-2022", "11319", dt.date(2023, 4, 30)).set_index("code")
        i01 = queries.indicator_history(s, "I01")
    assert latest.loc["I01", "period"] == "2023-04" and latest.loc["I01", "previous_period"] == "2023-03"
    assert latest.loc["I03", "period"] == "2023-Q1"  # 2023-Q2 has not ended by 2023-04-30
    current = i01[(i01["area_code"] == "11319") & (i01["period"] == "2023-04")].sort_values("version").iloc[-1]
    assert latest.loc["I01", "value"] == current["value"]


def test_overdue_lists_unreported_periods_of_the_pledge(store_url: str) -> None:
    """A quarterly indicator with no figure for a quarter of the pledge period, in an area its reporting schedule
    asks for (Södra Sofielund), shows as overdue for that quarter; in an area the schedule does not ask for (the
    district as a whole), it is never overdue."""
    with db.read_session(store_url) as s:
        overdue = queries.overdue_figures(s, "sofielund-2022", "11319", dt.date(2026, 11, 22))
        reported = queries.reported_keys(s, ["I03"], "11319")
        elsewhere = queries.overdue_figures(s, "sofielund-2022", "SOFIELUND", dt.date(2026, 11, 22))
    assert "I03" not in set(elsewhere["code"])
    i03 = overdue[overdue["code"] == "I03"]
    expected = {"2022-Q2", "2022-Q3", "2022-Q4", "2023-Q1", "2023-Q2"} - {p for _, p in reported}
    assert set(i03["period"]) == expected
