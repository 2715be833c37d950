"""An attacker with a pencil and a solver, written apart from the product's audit: from every release the public
has seen (the frames the public pages and downloads are made of), the area tree and the calendar, the narrowest
interval linear programming gives for any figure.

What it assumes, all true of the figures the tests make: a total is the sum of its parts (a complete area and its
sub-areas, a year and its quarters), at every release; ``<5`` is 1–4 and ``..`` on a count is 5 or more; a share
times its respondents is a count of yes-answers; a figure not shown in a release is the version 1 that a release
shows (if one does: versions only grow), else an unknown of its own.
Bounds are found differently from the product (no presolve, every release's sums in one program; shares by
bisection on the share rather than by a change of variables).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy.optimize import linprog
from scipy.sparse import lil_matrix

Key = tuple[str, str, str, int]  # indicator, area, period, version


@dataclass
class Attacker:
    """Everything the public has been shown, release after release."""

    children: Mapping[str, list[str]]  # complete areas → the sub-areas that make them up
    years: Mapping[str, list[str]] = field(default_factory=dict)  # a year → its quarters, where both are figures
    releases: list[dict[tuple[str, str, str], dict[str, object]]] = field(default_factory=list)

    def see(self, frame: pd.DataFrame) -> None:
        """One release: the public frame (indicator_code, area_code, period, version, value, status_code, n)."""
        shown = {}
        for r in frame.itertuples(index=False):
            shown[(r.indicator_code, r.area_code, r.period)] = {
                "version": int(r.version),
                "value": None if pd.isna(r.value) else float(r.value),
                "status": r.status_code if isinstance(r.status_code, str) else None,
                "n": None if pd.isna(r.n) else int(r.n),
            }
        self.releases.append(shown)

    # --- the program -------------------------------------------------------------------------------------------

    def _groups(self, indicator: str, cells: Iterable[tuple[str, str]]) -> list[tuple[tuple[str, str], list]]:
        periods = {p for _, p in cells}
        areas = {a for a, _ in cells}
        groups = []
        for parent, kids in self.children.items():
            for p in periods:
                groups.append(((parent, p), [(k, p) for k in kids]))
        for year, quarters in self.years.items():
            for a in areas:
                groups.append(((a, year), [(a, q) for q in quarters]))
        return groups

    def _key(self, indicator: str, cell: tuple[str, str], release: int) -> Key | tuple[str, str, str, str]:
        """The unknown a cell stands for in a release: the version shown; not shown, the version 1 that some release
        shows (versions only grow, so it was that one), else an unknown of that release alone."""
        seen = self.releases[release].get((indicator, *cell))
        if seen:
            return (indicator, *cell, int(seen["version"]))  # type: ignore[call-overload]
        if any(r.get((indicator, *cell), {}).get("version") == 1 for r in self.releases):
            return (indicator, *cell, 1)
        return (indicator, *cell, f"unseen in release {release}")

    def _knowledge(self, indicator: str) -> dict[Key, dict[str, object]]:
        known: dict[Key, dict[str, object]] = {}
        order = {"value": 3, "small": 2, "suppressed": 1, None: 0}
        for release in self.releases:
            for (ind, area, period), seen in release.items():
                if ind != indicator:
                    continue
                key = (ind, area, period, int(seen["version"]))  # type: ignore[call-overload]
                how = "value" if seen["value"] is not None else seen["status"]
                how = how if how in order else None
                if key not in known or order[how] > order[known[key]["how"]]:  # type: ignore[index]
                    known[key] = {**seen, "how": how}
        return known

    def _program(self, indicator: str, survey: bool, cells: list[tuple[str, str]]):  # type: ignore[no-untyped-def]
        known = self._knowledge(indicator)
        rows = set()
        for r in range(len(self.releases)):
            for total, parts in self._groups(indicator, cells):
                rows.add((self._key(indicator, total, r), tuple(self._key(indicator, p, r) for p in parts)))
        keys = sorted(set(known) | {k for t, ps in rows for k in (t, *ps)}, key=str)
        index = {k: i for i, k in enumerate(keys)}
        size = len(keys) * (2 if survey else 1)
        a_eq = lil_matrix((len(rows) * (2 if survey else 1), size))
        for j, (total, parts) in enumerate(sorted(rows, key=str)):
            for layer in range(2 if survey else 1):
                row = j * (2 if survey else 1) + layer
                a_eq[row, index[total] + layer * len(keys)] -= 1
                for p in parts:
                    a_eq[row, index[p] + layer * len(keys)] += 1
        bounds: list[tuple[float, float | None]] = []
        yes: list[tuple[float, float | None]] = []
        for k in keys:
            seen = known.get(k)
            how = seen["how"] if seen else None
            if survey:
                if how == "value":
                    n = float(seen["n"])  # type: ignore[index,arg-type]
                    bounds.append((n, n))
                    y = float(seen["value"]) * n / 100  # type: ignore[index,arg-type]
                    yes.append((y, y))
                else:
                    bounds.append((1.0 if how == "suppressed" else 0.0, None))
                    yes.append((0.0, None))
            elif how == "value":
                v = float(seen["value"])  # type: ignore[index,arg-type]
                bounds.append((v, v))
            elif how == "small":
                bounds.append((1.0, 4.0))
            elif how == "suppressed":
                bounds.append((5.0, None))
            else:
                bounds.append((0.0, None))
        a_ub = None
        if survey:  # yes-answers never exceed respondents
            a_ub = lil_matrix((len(keys), size))
            for i in range(len(keys)):
                a_ub[i, len(keys) + i] = 1
                a_ub[i, i] = -1
        return keys, index, a_eq.tocsr(), a_ub.tocsr() if a_ub is not None else None, bounds + yes

    def count_interval(self, indicator: str, cells: list[tuple[str, str]], target: Key) -> tuple[float, float]:
        keys, index, a_eq, _, bounds = self._program(indicator, False, cells)
        if target not in index:
            return 0.0, math.inf
        out = []
        for sign in (1, -1):
            c = np.zeros(len(keys))
            c[index[target]] = sign
            res = linprog(c, A_eq=a_eq, b_eq=np.zeros(a_eq.shape[0]), bounds=bounds, method="highs")
            assert res.status in (0, 3), f"the attacker's equations have no solution: {res.message}"
            out.append(sign * res.fun if res.status == 0 else (math.inf if sign < 0 else -math.inf))
        return out[0], out[1]

    def share_interval(self, indicator: str, cells: list[tuple[str, str]], target: Key) -> tuple[float, float]:
        """Lowest and highest share (per cent) consistent with everything seen, by bisection: is there a solution
        with yes − s·n ≥ 0 (resp. ≤ 0) and n ≥ 1 at this cell?"""
        keys, index, a_eq, a_ub, bounds = self._program(indicator, True, cells)
        if target not in index:
            return 0.0, 100.0
        t, m = index[target], len(keys)
        bounds = list(bounds)
        lo_n, hi_n = bounds[t]
        bounds[t] = (max(lo_n, 1.0), hi_n)

        def feasible(share: float, above: bool) -> bool:
            row = np.zeros((1, 2 * m))
            row[0, m + t], row[0, t] = (-1.0, share) if above else (1.0, -share)
            ub = row if a_ub is None else np.vstack([a_ub.toarray(), row])
            res = linprog(np.zeros(2 * m), A_ub=ub, b_ub=np.zeros(ub.shape[0]), A_eq=a_eq,
                          b_eq=np.zeros(a_eq.shape[0]), bounds=bounds, method="highs")  # fmt: skip
            return bool(res.status == 0)

        def edge(above: bool) -> float:
            lo, hi = 0.0, 1.0  # above: the highest share with a solution; else the lowest
            if above and feasible(1.0, True):
                return 100.0
            if not above and feasible(0.0, False):
                return 0.0
            for _ in range(30):
                mid = (lo + hi) / 2
                if feasible(mid, above) == above:
                    lo = mid
                else:
                    hi = mid
            return 100 * (lo if above else hi)

        return edge(False), edge(True)
