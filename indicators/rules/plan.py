"""The åtgärdsplan's rule: how an action stands, planned against done. Pure functions, no database.

An action plans a quantity per month, quarter or year of its time, or in total (e.g. 4 safety walks a quarter,
160 police hours a month). What it should have reached "so far" counts only time that can be reported: up to
``through``, the end of the newest whole period of its measure that has ended by the day looked at (a quarterly
indicator on 20 May counts up to 31 March). Within that time the quantity is spread over its months, quarters or
years by days (an action starting mid-quarter is planned a share of that quarter), so planned and done cover the
same days. Then (the rule shown beside the status, :data:`RULE_KEY`):

- done at least what was planned so far: on plan;
- at least three quarters of it (:data:`NEARLY_SHARE`): nearly on plan;
- less: behind plan;
- figures due in that time but none reported: nothing reported;
- the action not begun, or no whole period of it ended yet: too early to say;
- no quantity planned, or nothing that measures it: not measured.

A commitment is as its worst measured action (behind before nothing reported before nearly before on plan).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from indicators.base.i18n import N_
from indicators.base.models import ActionPer
from indicators.rules.periods import PeriodKind, period_containing, periods_between

#: Units whose figures add up over time, so a plan can count them (a share or an index cannot be summed).
SUMMABLE_UNITS = frozenset({"count", "persons", "hours", "tonnes", "sek", "days"})

NEARLY_SHARE = 0.75

RULE_KEY = N_("plan.rule")

_KIND = {ActionPer.MONTH: PeriodKind.MONTH, ActionPer.QUARTER: PeriodKind.QUARTER, ActionPer.YEAR: PeriodKind.YEAR}


class PlanStatus(StrEnum):
    ON_PLAN = "on_plan"
    NEARLY = "nearly"
    BEHIND = "behind"
    NOT_REPORTED = "not_reported"
    NOT_DUE = "not_due"
    NOT_MEASURED = "not_measured"


#: Symbol and message id of each status (never colour alone); worst first.
SYMBOLS = {
    PlanStatus.BEHIND: "⚠",
    PlanStatus.NOT_REPORTED: "–",
    PlanStatus.NEARLY: "◐",
    PlanStatus.ON_PLAN: "✔",
    PlanStatus.NOT_DUE: "○",
    PlanStatus.NOT_MEASURED: "·",
}
LABELS = {
    PlanStatus.BEHIND: N_("plan.status.behind"),
    PlanStatus.NOT_REPORTED: N_("plan.status.not_reported"),
    PlanStatus.NEARLY: N_("plan.status.nearly"),
    PlanStatus.ON_PLAN: N_("plan.status.on_plan"),
    PlanStatus.NOT_DUE: N_("plan.status.not_due"),
    PlanStatus.NOT_MEASURED: N_("plan.status.not_measured"),
}
ORDER = list(SYMBOLS)
#: Statuses that say something about the work (the others say it cannot be judged yet).
MEASURED = frozenset({PlanStatus.ON_PLAN, PlanStatus.NEARLY, PlanStatus.BEHIND, PlanStatus.NOT_REPORTED})


def through_day(until: dt.date, measure_kind: PeriodKind | None) -> dt.date:
    """The last day that counts: the end of the newest whole period of the measure's kind ended by ``until``
    (activities are dated: the day itself)."""
    if measure_kind is None:
        return until
    here = period_containing(measure_kind, until)
    return until if here.end == until else here.start - dt.timedelta(days=1)


def _overlap(a0: dt.date, a1: dt.date, b0: dt.date, b1: dt.date) -> int:
    return max(0, (min(a1, b1) - max(a0, b0)).days + 1)


def share_of(p0: dt.date, p1: dt.date, start: dt.date, last: dt.date) -> float:
    """The share of a period's days (``p0``–``p1``) that lie within ``start``–``last``."""
    return _overlap(start, last, p0, p1) / ((p1 - p0).days + 1)


def planned_so_far(quantity: float, per: str, start: dt.date, end: dt.date, through: dt.date) -> float:
    """The quantity planned for the action's days up to ``through``: each month, quarter or year of its time
    counts its share of days inside ``[start, min(end, through)]``; a total is spread over the action's days."""
    last = min(end, through)
    if last < start:
        return 0.0
    if per == ActionPer.TOTAL:
        return quantity * _overlap(start, last, start, end) / ((end - start).days + 1)
    kind = _KIND[ActionPer(per)]
    return quantity * sum(share_of(p.start, p.end, start, last) for p in periods_between(kind, start, last))


@dataclass(frozen=True)
class Judgement:
    status: PlanStatus
    planned: float | None  # planned so far
    done: float | None
    ratio: float | None  # done / planned so far


def judge(
    quantity: float | None,
    per: str,
    start: dt.date,
    end: dt.date,
    through: dt.date,
    done: float | None,
    measured: bool = True,
) -> Judgement:
    """An action's status on the day ``through`` (see the module's rule). ``done`` is None when periods were due
    but nothing was reported; ``measured`` is False when no indicator or activity type measures the action."""
    if quantity is None or not measured:
        return Judgement(PlanStatus.NOT_MEASURED, None, done, None)
    planned = planned_so_far(quantity, per, start, end, through)
    if through < start or planned <= 0:
        return Judgement(PlanStatus.NOT_DUE, planned, done, None)
    if done is None:
        return Judgement(PlanStatus.NOT_REPORTED, planned, None, None)
    ratio = done / planned
    if ratio >= 1:
        status = PlanStatus.ON_PLAN
    elif ratio >= NEARLY_SHARE:
        status = PlanStatus.NEARLY
    else:
        status = PlanStatus.BEHIND
    return Judgement(status, planned, done, round(ratio, 3))


def worst(statuses: list[PlanStatus]) -> PlanStatus:
    """A commitment's (or actor's) status from its actions': the worst measured one, else too early, else none."""
    if not statuses:
        return PlanStatus.NOT_MEASURED
    return min(statuses, key=ORDER.index)
