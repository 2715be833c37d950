"""Disclosure control for everything the public sees: small counts and thin surveys are not shown as numbers.

- A count of people or events from 1 to 4 is shown as "<5" (0 is a real zero and shown).
- A survey share with fewer than 30 respondents is hidden ("..") with its reason.
"""

from __future__ import annotations

import pandas as pd

from indicators.units import unit

SMALL_COUNT = 5
MIN_RESPONDENTS = 30


def protect(latest: pd.DataFrame) -> pd.DataFrame:
    """Rows with ``unit``, ``value``, ``n`` and ``status_code``: values that could identify someone or mislead are
    replaced by a status (``small`` shows "<5", ``suppressed`` shows "..") and their value dropped."""
    out = latest.copy()
    for i, row in out.iterrows():
        value = row["value"]
        if value is None or pd.isna(value):
            continue
        u = unit(str(row["unit"]))
        if u.integer and not u.categorical and 0 < float(value) < SMALL_COUNT:
            out.at[i, "value"], out.at[i, "status_code"] = None, "small"
        elif u.needs_n and (pd.isna(row["n"]) or int(row["n"]) < MIN_RESPONDENTS):
            out.at[i, "value"], out.at[i, "status_code"] = None, "suppressed"
    return out
