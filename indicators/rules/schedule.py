"""The reporting schedule: where and how often each indicator of a pledge is reported, and when a figure is due and
when overdue. Pure: the store keeps the schedules (``indicator_schedule``), the reads apply them.

A figure is *due* once its period has ended, and *overdue* when it is still missing ``grace_days`` after that
(time to count and check: a month's police hours are not known on the 1st). Figures are expected only for the
schedule's areas, from its first period (else the pledge's start) to the pledge's end: region- and city-wide
statistics are never asked for per delområde, and nothing is asked for before an indicator began.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from indicators.rules.periods import Period, expected_periods, parse_period

#: Days after a period ends before a missing figure is overdue, unless the catalogue says otherwise.
DEFAULT_GRACE_DAYS = 30


class Due(StrEnum):
    """Where a figure stands against the schedule."""

    REPORTED = "reported"
    DUE = "due"  # the period has ended; within the grace period
    OVERDUE = "overdue"  # still missing after the grace period


@dataclass(frozen=True)
class Schedule:
    """Where and how often one indicator is reported in one pledge."""

    indicator_code: str
    frequency: str
    areas: tuple[str, ...]
    first_period: str | None = None
    grace_days: int = DEFAULT_GRACE_DAYS

    def periods(self, pledge_start: dt.date, pledge_end: dt.date, today: dt.date) -> list[Period]:
        """The periods a figure is expected for: of the frequency's kind, from the first period (or the pledge's
        start) to the pledge's end, and ended by ``today``. None for an irregular indicator."""
        first = max(pledge_start, parse_period(self.first_period).start) if self.first_period else pledge_start
        return expected_periods(self.frequency, first, pledge_end, today)

    def deadline(self, period: Period) -> dt.date:
        """The last day to report ``period``'s figure: its end plus the grace days; after it a missing one is
        overdue."""
        return period.end + dt.timedelta(days=self.grace_days)

    def state(self, period: Period, reported: bool, today: dt.date) -> Due:
        if reported:
            return Due.REPORTED
        return Due.OVERDUE if today > self.deadline(period) else Due.DUE
