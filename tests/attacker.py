"""An attacker with a pencil and a solver, written apart from the product's audit: from every release the public
has seen (the frames the public pages and downloads are made of), the area tree and the calendar, the narrowest
interval linear programming gives for any figure.

What it assumes, all of it what the public is told: an area holds its sub-areas, which do not overlap, so a whole is
at least the sum of its parts, and exactly their sum where the areas file says they make it up (``complete``); a
period holds the periods wholly inside it (a year its quarters, months and the weeks wholly inside it), exactly their
sum where they tile it (year, half-year, quarter, month; and weeks, with the days inside it of each week that
straddles it: a week is the sum of its pieces either side of each period's end, in every area); these sums hold at
every release, whatever the stored values are (the attacker cannot see those): where what was shown cannot satisfy
them all, they are met as closely as they can be (the smallest total gap, then every reading with that gap). ``<5``
is 1–4 and ``..`` on a count is 5 or more; a share times its respondents is a count of yes-answers; a figure not
shown in a release is the version 1 that a release shows (if one does: versions only grow), else an unknown of its
own. Bounds are found differently from the product (no presolve, every release's sums in one program; shares by
bisection on the share rather than by a change of variables)."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy.optimize import linprog
from scipy.sparse import csr_matrix, hstack, identity, lil_matrix, vstack

from indicators.rules.periods import Period, PeriodKind, parse_period, periods_between

Key = tuple[str, str, str, int]  # indicator, area, period, version


@dataclass
class Attacker:
    """Everything the public has been shown, release after release."""

    children: Mapping[str, list[str]]  # areas → their sub-areas (which do not overlap)
    complete: frozenset[str] | None = None  # the areas their sub-areas make up exactly (None: every one)
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

    def _groups(self, indicator: str, cells: Iterable[tuple[str, str]]) -> list[tuple[tuple[str, str], list, bool]]:
        """Every sum the public is told of: (total, parts, exact?)."""
        seen = {(a, p) for release in self.releases for (ind, a, p) in release if ind == indicator}
        periods = {p for _, p in cells} | {p for _, p in seen}
        areas = {a for a, _ in cells} | {a for a, _ in seen}
        groups = []
        tiling = [PeriodKind.YEAR, PeriodKind.HALF, PeriodKind.QUARTER, PeriodKind.MONTH]
        parsed = [parse_period(p) for p in periods]
        kinds = {q.kind for q in parsed}
        # A week that a period seen ends inside is its days on each side of every such end: pieces, each wholly
        # inside or outside every period seen, which together make the week up (seen or not).
        ends = {q.end for q in parsed if q.kind != PeriodKind.WEEK}
        pieces: dict[str, list[tuple[str, dt.date, dt.date]]] = {}

        def pieces_of(week: Period) -> list[tuple[str, dt.date, dt.date]]:
            if week.code not in pieces:
                cuts = sorted(e for e in ends if week.start <= e < week.end)
                starts = [week.start, *(e + dt.timedelta(days=1) for e in cuts)]
                stops = [*cuts, week.end]
                pieces[week.code] = [(f"{week.code} from {a}", a, b) for a, b in zip(starts, stops, strict=True)]
            return pieces[week.code]

        for whole in parsed:
            for kind in kinds:
                if kind == whole.kind or (whole.kind in tiling and kind in tiling
                                          and tiling.index(kind) < tiling.index(whole.kind)):  # fmt: skip
                    continue
                if whole.kind == PeriodKind.WEEK:
                    continue  # a week holds no other period
                # the finer periods inside it tile it exactly: of weeks, with the pieces inside it of those that
                # straddle it (every week that overlaps it, seen or not)
                inside = []
                for q in periods_between(kind, whole.start, whole.end):
                    if q.start >= whole.start and q.end <= whole.end:
                        inside.append(q.code)
                    elif kind == PeriodKind.WEEK:
                        inside += [code for code, a, b in pieces_of(q) if whole.start <= a and b <= whole.end]
                for a in areas:
                    groups.append(((a, whole.code), [(a, q) for q in inside], True))
        split = [code for cut in pieces.values() if len(cut) > 1 for code, _, _ in cut]
        for week, cut in pieces.items():
            if len(cut) > 1:
                for a in areas:
                    groups.append(((a, week), [(a, code) for code, _, _ in cut], True))
        for parent, kids in self.children.items():
            exact = self.complete is None or parent in self.complete
            for p in [*periods, *split]:
                groups.append(((parent, p), [(k, p) for k in kids], exact))
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
        """The attacker's program: unknowns (respondents, then yes-answers for a survey), their bounds, and the sums
        of every release, met as closely as they can be where they cannot all hold (slack columns after the
        unknowns, their total capped at its least). Returns (keys, index, width, A_eq, A_ub, b_ub, bounds)."""
        known = self._knowledge(indicator)
        rows = set()
        for r in range(len(self.releases)):
            for total, parts, exact in self._groups(indicator, cells):
                rows.add((self._key(indicator, total, r), tuple(self._key(indicator, p, r) for p in parts), exact))
        keys = sorted(set(known) | {k for t, ps, _ in rows for k in (t, *ps)}, key=str)
        index = {k: i for i, k in enumerate(keys)}
        layers = 2 if survey else 1
        size = len(keys) * layers
        ordered = sorted(rows, key=str)
        exact_rows = [(t, ps) for t, ps, exact in ordered if exact]
        inside_rows = [(t, ps) for t, ps, exact in ordered if not exact]

        def matrix(sums: list) -> lil_matrix:  # type: ignore[type-arg]
            m = lil_matrix((len(sums) * layers, size))
            for j, (total, parts) in enumerate(sums):
                for layer in range(layers):
                    m[j * layers + layer, index[total] + layer * len(keys)] -= 1
                    for p in parts:
                        m[j * layers + layer, index[p] + layer * len(keys)] += 1
            return m

        a_eq, a_in = matrix(exact_rows).tocsr(), matrix(inside_rows).tocsr()
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
        hard = None
        if survey:  # yes-answers never exceed respondents
            hard = lil_matrix((len(keys), size))
            for i in range(len(keys)):
                hard[i, len(keys) + i] = 1
                hard[i, i] = -1
            hard = hard.tocsr()
        all_bounds = bounds + yes
        a_ub = vstack([m for m in (a_in, hard) if m is not None and m.shape[0]]).tocsr() if (
            a_in.shape[0] or hard is not None) else None  # fmt: skip
        b_ub = np.zeros(a_ub.shape[0]) if a_ub is not None else None
        a_eq_arg = a_eq if a_eq.shape[0] else None
        b_eq_arg = np.zeros(a_eq.shape[0]) if a_eq.shape[0] else None
        res = linprog(np.zeros(size), A_ub=a_ub, b_ub=b_ub, A_eq=a_eq_arg, b_eq=b_eq_arg, bounds=all_bounds,
                      method="highs")  # fmt: skip
        if res.status != 2:
            return keys, index, size, a_eq_arg, a_ub, b_ub, all_bounds
        # What was shown cannot satisfy every sum: the smallest total gap (a slack each way per equation, one per
        # "at least" sum), then every reading with that gap.
        n_eq, n_in, n_hard = a_eq.shape[0], a_in.shape[0], 0 if hard is None else hard.shape[0]
        slack = 2 * n_eq + n_in
        eq2 = hstack([a_eq, identity(n_eq), -identity(n_eq), csr_matrix((n_eq, n_in))]).tocsr() if n_eq else None
        ub_blocks = []
        if n_in:
            ub_blocks.append(hstack([a_in, csr_matrix((n_in, 2 * n_eq)), -identity(n_in)]))
        if n_hard:
            ub_blocks.append(hstack([hard, csr_matrix((n_hard, slack))]))
        cost = np.concatenate([np.zeros(size), np.ones(slack)])
        bounds2 = all_bounds + [(0.0, None)] * slack
        ub2 = vstack(ub_blocks).tocsr() if ub_blocks else None
        gap = linprog(cost, A_ub=ub2, b_ub=np.zeros(ub2.shape[0]) if ub2 is not None else None, A_eq=eq2,
                      b_eq=np.zeros(n_eq) if n_eq else None, bounds=bounds2, method="highs")  # fmt: skip
        assert gap.status == 0, gap.message
        cap = csr_matrix(cost.reshape(1, -1))
        ub3 = cap if ub2 is None else vstack([ub2, cap]).tocsr()
        b3 = np.zeros(ub3.shape[0])
        b3[-1] = gap.fun + 1e-7
        return keys, index, size + slack, eq2, ub3, b3, bounds2

    def count_interval(self, indicator: str, cells: list[tuple[str, str]], target: Key) -> tuple[float, float]:
        _, index, width, a_eq, a_ub, b_ub, bounds = self._program(indicator, False, cells)
        if target not in index:
            return 0.0, math.inf
        out = []
        for sign in (1, -1):
            c = np.zeros(width)
            c[index[target]] = sign
            res = linprog(c, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=np.zeros(a_eq.shape[0]) if a_eq is not None
                          else None, bounds=bounds, method="highs")  # fmt: skip
            assert res.status in (0, 3), f"the attacker's program has no solution: {res.message}"
            out.append(sign * res.fun if res.status == 0 else (math.inf if sign < 0 else -math.inf))
        return out[0], out[1]

    def share_interval(self, indicator: str, cells: list[tuple[str, str]], target: Key) -> tuple[float, float]:
        """Lowest and highest share (per cent) consistent with everything seen, by bisection: is there a solution
        with yes − s·n ≥ 0 (resp. ≤ 0) and n ≥ 1 at this cell?"""
        keys, index, width, a_eq, a_ub, b_ub, bounds = self._program(indicator, True, cells)
        if target not in index:
            return 0.0, 100.0
        t, m = index[target], len(keys)
        bounds = list(bounds)
        lo_n, hi_n = bounds[t]
        bounds[t] = (max(lo_n, 1.0), hi_n)

        def feasible(share: float, above: bool) -> bool:
            row = np.zeros((1, width))
            row[0, m + t], row[0, t] = (-1.0, share) if above else (1.0, -share)
            ub = csr_matrix(row) if a_ub is None else vstack([a_ub, csr_matrix(row)]).tocsr()
            b = np.concatenate([b_ub if b_ub is not None else np.zeros(0), [0.0]])
            res = linprog(np.zeros(width), A_ub=ub, b_ub=b, A_eq=a_eq,
                          b_eq=np.zeros(a_eq.shape[0]) if a_eq is not None else None, bounds=bounds,
                          method="highs")  # fmt: skip
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
