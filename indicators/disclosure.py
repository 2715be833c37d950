"""Disclosure control for everything the public sees: small counts and thin surveys are not shown as numbers.

- A count of people or events from 1 to 4 is shown as "<5" (0 is a real zero and shown).
- A survey share with fewer than 30 respondents is hidden ("..") with its reason.
- Complementary suppression: where a total and its parts are both shown (an area and its sub-areas for the same
  indicator and period; a year and its quarters or months for the same indicator and area), a hidden part could be
  worked out as the total minus the shown parts. So every such group hides either nothing or at least two cells:
  when only one is hidden, the smallest shown part (non-zero first; the total if no part is shown) is hidden too, as
  "..", and the rule runs again until no group has a single hidden cell.

Every public page, chart, map, tooltip and download reads figures through :func:`protect` (via
:mod:`indicators.public`), so a cell is hidden the same way everywhere.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from indicators.periods import PeriodKind, parse_period
from indicators.units import unit

SMALL_COUNT = 5
MIN_RESPONDENTS = 30

#: Why a value is not shown (the ``protection`` column), with the status code it is shown by.
SMALL, FEW_RESPONDENTS, COMPLEMENTARY = "small_count", "few_respondents", "complementary"
STATUS_OF = {SMALL: "small", FEW_RESPONDENTS: "suppressed", COMPLEMENTARY: "suppressed"}

_FINER = {PeriodKind.YEAR: 0, PeriodKind.HALF: 1, PeriodKind.QUARTER: 2, PeriodKind.MONTH: 3, PeriodKind.WEEK: 4}


def additive(unit_code: str) -> bool:
    """Counts add up (a total is the sum of its parts), so they are the values small-count rules protect."""
    u = unit(unit_code)
    return u.integer and not u.categorical


def protect(figures: pd.DataFrame, parents: Mapping[str, str | None] | None = None) -> pd.DataFrame:
    """Rows with ``unit``, ``value``, ``n`` and ``status_code``: values that could identify someone or mislead are
    replaced by a status (``small`` shows "<5", ``suppressed`` shows "..") and dropped; the ``protection`` column
    says why.

    With ``parents`` (area code → parent area code) and ``indicator_code``, ``area_code`` and ``period`` columns,
    complementary suppression runs over the whole frame: pass all the figures of an indicator at once, so that each
    cell is decided once for all the views built from it.
    """
    out = figures.copy().reset_index(drop=True)
    values = [None if v is None or pd.isna(v) else float(v) for v in out["value"]]
    status = [s if isinstance(s, str) else None for s in out["status_code"]]
    keys = None
    if parents is not None:
        keys = list(zip(out["indicator_code"], out["area_code"], out["period"], strict=True))
    protection = decide(values, list(out["unit"]), list(out["n"]), status, keys, parents)
    for i, why in enumerate(protection):
        if why:
            status[i] = STATUS_OF[why]
    out["value"] = [None if why else v for v, why in zip(values, protection, strict=True)]
    out["status_code"] = status
    out["protection"] = protection
    return out


def decide(
    values: Sequence[float | None],
    units: Sequence[str],
    ns: Sequence[Any],
    statuses: Sequence[str | None],
    keys: Sequence[tuple[str, str, str]] | None = None,
    parents: Mapping[str, str | None] | None = None,
) -> list[str | None]:
    """Why each figure is hidden (None: shown), from plain columns; with ``keys`` (indicator, area, period) and
    ``parents``, complementary suppression too. :func:`protect` and the public table's refresh both use this."""
    known = {u: unit(str(u)) for u in set(units)}
    additives = {u: additive(str(u)) for u in known}
    counts = [additives[u] for u in units]
    protection: list[str | None] = [None] * len(values)
    for i, (value, u, n) in enumerate(zip(values, units, ns, strict=True)):
        if value is None:
            continue
        if counts[i] and 0 < value < SMALL_COUNT:
            protection[i] = SMALL
        elif known[u].needs_n and (n is None or n != n or int(n) < MIN_RESPONDENTS):
            protection[i] = FEW_RESPONDENTS
    if keys is not None and parents is not None and len(values):
        _complementary(keys, values, counts, statuses, protection, parents)
    return protection


def _groups(
    keys: Sequence[tuple[str, str, str]], counts: list[bool], parents: Mapping[str, str | None]
) -> list[list[int]]:
    """Groups of row indexes [total, part, part, ...] where the total is the sum of the parts."""
    cells = [(i, str(ind), str(area), str(period)) for i, ((ind, area, period), count) in
             enumerate(zip(keys, counts, strict=True)) if count]  # fmt: skip
    by_key = {(ind, area, period): i for i, ind, area, period in cells}
    children: dict[str, list[str]] = defaultdict(list)
    for child, parent in parents.items():
        if parent:
            children[parent].append(child)
    groups: list[list[int]] = []
    for i, ind, area, period in cells:  # an area and its sub-areas
        if area not in children:
            continue
        parts = [by_key[(ind, c, period)] for c in children[area] if (ind, c, period) in by_key]
        if parts:
            groups.append([i, *parts])
    by_series: dict[tuple[str, str], list[tuple[int, Any]]] = defaultdict(list)
    for i, ind, area, period in cells:
        by_series[(ind, area)].append((i, parse_period(period)))
    for members in by_series.values():  # a period and the shorter periods within it, one kind at a time
        if len({p.kind for _, p in members}) < 2:
            continue  # one kind of period only: no period holds another
        for i, total in members:
            finer: dict[PeriodKind, list[int]] = defaultdict(list)
            for j, p in members:
                if _FINER[p.kind] > _FINER[total.kind] and p.start >= total.start and p.end <= total.end:
                    finer[p.kind].append(j)
            groups.extend([i, *parts] for parts in finer.values())
    return groups


def _complementary(
    keys: Sequence[tuple[str, str, str]],
    values: Sequence[float | None],
    counts: list[bool],
    statuses: Sequence[str | None],
    protection: list[str | None],
    parents: Mapping[str, str | None],
) -> None:
    groups = _groups(keys, counts, parents)
    if not groups:
        return
    hidden = [why is not None or s in ("small", "suppressed") for why, s in zip(protection, statuses, strict=True)]
    changed = True
    while changed:
        changed = False
        for total, *parts in groups:
            cells = [total, *parts]
            if sum(hidden[c] for c in cells) != 1:
                continue
            shown = [p for p in parts if not hidden[p] and values[p] is not None]
            shown.sort(key=lambda p: (values[p] == 0, values[p]))
            pick = shown[0] if shown else total
            if hidden[pick] or values[pick] is None:
                continue  # nothing left to hide: the single hidden cell is not computable from shown ones
            hidden[pick], protection[pick] = True, COMPLEMENTARY
            changed = True
