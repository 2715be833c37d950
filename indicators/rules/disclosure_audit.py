"""The attacker's audit: before a release reaches the public, work out what anyone could learn about each protected
figure from everything ever released, and hide more until nothing protected can be narrowed below its band.

An attacker holds every earlier release and knows what the public is told: an area holds its sub-areas, which do not
overlap, so a whole is at least the sum of its parts, and exactly their sum where the areas file says they make it up
(``parts_complete``); a period is exactly the sum of the periods of a finer kind that tile it (a year its half-years,
quarters or months; a month its weeks, with the days inside it of each week that straddles it and the next, in every
area); ``<5`` means 1–4, ``..`` on a count means a hidden count that is not 1–4 (so at least 5), a share and its
respondents add up as two counts (respondents and those who answered yes). With linear programming (SciPy's HiGHS)
over all of that, the audit computes the interval each protected figure can be narrowed to:

- a count of 1–4 (shown ``<5``, or not yet published) must stay anywhere in 1–4;
- a figure whose value is not known (reported missing, or due but not reported) and that is in an equation must
  not be pinned inside 1–4 either: its interval holds all of 1–4, or lies wholly at 5 or more (or at 0);
- a share with fewer than 30 respondents must stay unknown within :data:`SHARE_BAND` percentage points.

These are requirements on the attacker's interval itself, whatever the truth: where the stored values do not satisfy
a declared sum (a participant placed in no sub-area), the attacker's reading is wrong, but a ``<5`` it narrows to 4
is still a figure the public believes it knows (and may be right about), so it must not happen.

Where a figure fails, one more cell of this release is hidden (``..``): among those shown as a number of 5 or more
for the first time, the one nearest the failing figure in the web of sums, ties broken by a hash of the cell's key,
never by its value. Where every such cell nearby is small or zero (a total of 4 made of 2 and 2), a cell shown for
the first time is left out of the release instead, as if not yet published (``..`` keeps meaning "5 or more").
What was shown earlier stays known: it is never counted on as hidden. The audit runs again until every protected
figure holds; one that already was worked out from earlier releases is reported, not hidden from the past.

Sums never cross a block (an area's sum holds within one period; a year and its quarters within that year, where
both are reported; weeks beside a coarser kind, all of the indicator: a week may straddle two years), so each block
is audited on its own (:class:`Scope`), and publishing a period re-audits only its block: the same outcome as
auditing the whole indicator, in the time one block takes. A figure in no sum stands alone (its own symbol is all
anyone learns of it) and needs no solver. A cell hidden to protect another comes back as hidden while it is the same
version (the caller passes it so), so a rebuild that changes nothing shows the same.

Each version of each figure is its own unknown (a correction is a new value). The sums hold between the versions
that were the store's truth together, at each moment a version was entered, where their stored values satisfy them
(a part corrected before its total is no such moment); and between the versions each release showed together,
whatever their stored values (the public cannot see those, and applies every sum it is told of). What any release
showed of a version bounds that version's unknown. A figure not yet reported counts as the value it was later
reported with. Sums that cannot all hold with what was shown are met as closely as they can be (the smallest total
gap, then every reading with that gap), as an attacker would read them. The functions here are pure:
:mod:`indicators.storage.release` gathers the inputs from the store.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import math
from collections import defaultdict, deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from indicators.rules import uncertainty
from indicators.rules.periods import Period, PeriodKind, parse_period, periods_between

Kind = Literal["count", "survey"]
Shown = Literal["value", "small", "suppressed", "status"]
Cell = tuple[str, str]  # (area, period)
Var = tuple[str, str, int]  # (area, period, version); version 0: never reported

SMALL_LOW, SMALL_HIGH = 1.0, 4.0
MIN_RESPONDENTS = 30


#: How wide, in percentage points, the interval of a hidden thin share must stay: the width of the 95 % Wilson
#: interval of a share of 50 % among 30 respondents (33.7 points). A release tells no more about a hidden share than
#: a survey just big enough to publish would.
SHARE_BAND = round(100 * uncertainty.width(0.5, MIN_RESPONDENTS), 1)

#: How a release may show a figure, from most to least telling.
_RANK: dict[str, int] = {"value": 3, "small": 2, "suppressed": 1, "status": 0}
#: Period kinds, coarsest first: each is exactly the periods of a finer kind inside it (a year its quarters); a week
#: lies wholly inside a month, quarter or year or straddles two, so a period is the weeks wholly inside it and the
#: days inside it of each week that straddles it (:meth:`Scope.groups`).
_NESTING = [PeriodKind.YEAR, PeriodKind.HALF, PeriodKind.QUARTER, PeriodKind.MONTH, PeriodKind.WEEK]
#: The block of an indicator reported in weeks and in a coarser kind of period: all of it. A week that straddles two
#: months (two years: 2026-W01 begins on 29 December 2025) ties the two together, so no boundary separates blocks.
ALL = "*"
#: The days of a straddling week before and after the boundary it straddles: unknowns of the audit's own (their
#: cells' periods are the week's code with one of these after it), never figures.
_BEFORE, _AFTER = "<", ">"
#: A sum: its total, its parts, and "eq" (the parts make the total up) or "le" (they lie inside it, disjoint).
Sense = Literal["eq", "le"]
Group = tuple[Cell, list[Cell], Sense]
_EPS = 1e-7


@dataclass(frozen=True)
class Version:
    """One version of one figure, as the store holds it."""

    area: str
    period: str
    version: int
    value: float | None
    n: int | None
    entered_at: dt.datetime


@dataclass(frozen=True)
class Disclosed:
    """The most a release ever showed of one version of one figure, and when it was first shown."""

    area: str
    period: str
    version: int
    shown: Shown
    since: dt.datetime


@dataclass(frozen=True)
class Tree:
    """The areas: each one's parent (an area holds its sub-areas, which do not overlap one another), and which areas
    are exactly made up of their sub-areas."""

    parents: Mapping[str, str | None]
    complete: frozenset[str]

    def children(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = defaultdict(list)
        for child, parent in self.parents.items():
            if parent:
                out[parent].append(child)
        return {parent: sorted(kids) for parent, kids in out.items()}

    def summed(self) -> list[str]:
        """The areas in some sum: with sub-areas (a whole is at least the sum of its parts, and exactly it where
        they are complete), or a sub-area of another. (The figures of any other area stand alone.)"""
        kids = self.children()
        return sorted(a for a, parent in self.parents.items() if parent or kids.get(a))


@dataclass
class Outcome:
    """What the audit decided: the cells this release shows as ``..`` besides the primary rules, the cells it leaves
    out altogether, and the protected figures that earlier releases had already given away (nothing this release can
    do changes that)."""

    hide: set[Cell] = field(default_factory=set)
    withhold: set[Cell] = field(default_factory=set)  # left out of the release altogether (as if unpublished)
    unprotectable: list[Var] = field(default_factory=list)
    programs: int = 0  # linear programs solved (for the benchmark)


def _key_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


class Scope:
    """What of one indicator adds up: its areas and the totals they make up (or lie inside), the kinds of period it is
    reported in, and the blocks its periods fall into. Sums never cross a block (an area's sum holds within one
    period; a year and its quarters within that year; an indicator reported in weeks and a coarser kind is one block,
    :data:`ALL`, as a week may straddle two years), so each block is audited on its own: publishing a period
    re-audits only its block, with the same outcome as auditing the whole indicator."""

    def __init__(self, tree: Tree, areas: Iterable[str], periods: Iterable[str]):
        """``areas``: the areas the indicator has figures in (those in no sum may be left out: see
        :meth:`Tree.summed`); ``periods``: every period it has figures in."""
        children = tree.children()
        self._children = children
        self.tree = tree
        figured = set(areas)
        # Equations: upwards, every total that these areas make up exactly; then downwards, all the parts of every
        # such total (a part never reported is an unknown: the total is still their sum).
        exact_areas = {a for a in figured if (a in tree.complete and children.get(a))
                       or tree.parents.get(a) in tree.complete}  # fmt: skip
        frontier = list(exact_areas)
        while frontier:
            area = frontier.pop()
            parent = tree.parents.get(area)
            if parent and parent in tree.complete and parent not in exact_areas:
                exact_areas.add(parent)
                frontier.append(parent)
        frontier = [a for a in exact_areas if a in tree.complete]
        while frontier:
            area = frontier.pop()
            for child in children.get(area, []):
                if child not in exact_areas:
                    exact_areas.add(child)
                    if child in tree.complete:
                        frontier.append(child)
        #: Where a figure's value unknown to the store must not be pinned inside 1–4 either: in an equation.
        self.exact_areas = frozenset(exact_areas)
        # Inequalities: a whole holds at least the sum of its parts (sub-areas do not overlap), complete or not. The
        # areas between two areas in scope link them (Malmö ≥ a district ≥ its sub-district), figure or not.
        in_scope = exact_areas | figured
        links: set[str] = set()
        for area in sorted(in_scope):
            chain: list[str] = []
            parent = tree.parents.get(area)
            while parent and parent not in chain and parent != area:
                chain.append(parent)
                parent = tree.parents.get(parent)
            top = max((i for i, a in enumerate(chain) if a in in_scope), default=-1)
            links.update(a for a in chain[:top] if a not in in_scope)
        #: Areas in scope only to link an inequality (no figure, in no equation): unknowns, never protected cells.
        self.links = frozenset(links)
        self.areas = sorted(in_scope | links)
        self.totals = [a for a in self.areas if a in tree.complete and children.get(a) and a in exact_areas]
        members = set(self.areas)
        #: Wholes that hold at least the sum of their parts in scope (not exactly made up of them).
        self.covers = {a: [c for c in children.get(a, []) if c in members] for a in self.areas if a not in self.totals}
        self.covers = {a: kids for a, kids in self.covers.items() if kids}
        parsed = [parse_period(p) for p in set(periods)]
        self.kinds = {q.kind for q in parsed}
        self.nesting = [k for k in _NESTING if k in self.kinds]
        #: Where a figure exists in reality, per kind of period: within the span reported. A figure there whose value
        #: the store does not hold must not be pinned inside 1–4 either.
        self.span: dict[PeriodKind, tuple[dt.date, dt.date]] = {}
        for q in parsed:
            lo, hi = self.span.get(q.kind, (q.start, q.end))
            self.span[q.kind] = (min(lo, q.start), max(hi, q.end))

    @property
    def weekly(self) -> bool:
        """Reported in weeks and in a coarser kind of period: a week may straddle two of the coarser periods."""
        return PeriodKind.WEEK in self.nesting and len(self.nesting) > 1

    def needs_audit(self) -> bool:
        """Can the figures be added up to one another at all? If not, each protected figure stands alone and the
        primary rules suffice (the quick path for most indicators)."""
        return len(self.nesting) > 1 or bool(self.totals) or bool(self.covers)

    def block(self, period: str) -> str:
        """The block a period belongs to: the coarsest period containing it where a period and its parts are both
        reported (a year and its quarters), :data:`ALL` where weeks are reported beside a coarser kind, else the
        period itself."""
        if self.weekly:
            return ALL
        q = parse_period(period)
        if len(self.nesting) > 1 and q.kind in self.nesting:
            outer = periods_between(self.nesting[0], q.start, q.start)[0]
            if q.end <= outer.end:
                return outer.code
        return q.code

    def block_periods(self, block: str) -> list[Period]:
        """Every period of the block, of every kind reported (a part never reported is an unknown of its own; of
        weeks, those wholly inside the block; of :data:`ALL`, every week that overlaps the span reported)."""
        if block == ALL:
            first = min(lo for lo, _ in self.span.values())
            last = max(hi for _, hi in self.span.values())
            outer = periods_between(self.nesting[0], first, last)
            start, end = outer[0].start, outer[-1].end
            return [p for kind in self.nesting for p in periods_between(kind, start, end)
                    if kind == PeriodKind.WEEK or (p.start >= start and p.end <= end)]  # fmt: skip
        q = parse_period(block)
        if len(self.nesting) > 1 and q.kind == self.nesting[0]:
            return [p for kind in self.nesting for p in periods_between(kind, q.start, q.end) if p.end <= q.end
                    and p.start >= q.start]  # fmt: skip
        return [q]

    def groups(self, block: str, present: Iterable[str] = ()) -> list[Group]:
        """The sums within one block: each a total, the parts that make it up (or lie inside it), and which of the
        two. ``present``: the areas with figures in the block (a year is the sum of its quarters in every area; an
        area with no figure in the block adds only unknowns no one has seen, which tell nothing)."""
        found = self.block_periods(block)
        out: list[Group] = []
        by_kind: dict[PeriodKind, list[Period]] = defaultdict(list)
        for q in found:
            by_kind[q.kind].append(q)
        areas = sorted(set(self.areas) | set(present))
        # A week that straddles two periods of the finest coarser kind reported (so of every coarser kind whose
        # boundary it crosses: a month's boundaries are a quarter's and a year's too) is its days before and after
        # the boundary, each lying inside one of the two periods, in every area. Without them, January and February
        # with the weeks wholly inside each gave the week between them away (found by an attack: 19 + 18 − 36 left
        # it at most 1), and so did a district's January beside its sub-area's February (found by the next one).
        split: dict[str, tuple[dt.date, str, str]] = {}
        if self.weekly:
            finest = self.nesting[-2]
            for w in by_kind[PeriodKind.WEEK]:
                first = periods_between(finest, w.start, w.start)[0]
                if w.end > first.end:
                    split[w.code] = (first.end, w.code + _BEFORE, w.code + _AFTER)
                    for area in areas:
                        out.append(((area, w.code), [(area, w.code + _BEFORE), (area, w.code + _AFTER)], "eq"))
        codes = [q.code for q in found] + [code for _, before, after in split.values() for code in (before, after)]
        for area in self.totals:
            for code in codes:
                out.append(((area, code), [(c, code) for c in self._children[area]], "eq"))
        for area, kids in sorted(self.covers.items()):
            for code in codes:
                out.append(((area, code), [(c, code) for c in kids], "le"))
        # A period is exactly the periods of a finer kind that tile it: its quarters, its months, or its weeks with
        # the days inside it of the weeks that straddle it (February 2021 is exactly weeks 5–8: found by an attack,
        # 22 less 6, 6 and 6 gave the fourth week away, when a period held only "at least" its weeks).
        for i, coarse_kind in enumerate(self.nesting):
            for fine_kind in self.nesting[i + 1 :]:
                for q in by_kind[coarse_kind]:
                    parts = [p.code for p in by_kind[fine_kind] if p.start >= q.start and p.end <= q.end]
                    if fine_kind == PeriodKind.WEEK:
                        parts += _split_parts_inside(q, by_kind[fine_kind], split)
                    if not parts:
                        continue
                    for area in areas:
                        out.append(((area, q.code), [(area, p) for p in parts], "eq"))
        return out

    def in_grid(self, cell: Cell) -> bool:
        """Does a figure exist here in reality that must not be pinned inside 1–4 though its value is not known: in
        an equation (an area exactly made up of its parts, or a part of one; a year made up of its quarters), in a
        period within the span its kind is reported in, or within the span of a coarser kind (a year reported has
        four quarters, the first and last of them too, reported or not)? Not a week (never due), nor a figure only
        bounded by an inequality (a whole at least its parts: one-sided, it cannot pin a value unknown to anyone)."""
        if cell[1].endswith((_BEFORE, _AFTER)):
            return False  # a straddling week's days on one side: no figure of its own
        q = parse_period(cell[1])
        if q.kind == PeriodKind.WEEK or cell[0] in self.links:
            return False
        exact = [k for k in self.nesting if k != PeriodKind.WEEK]
        if cell[0] not in self.exact_areas and len(exact) < 2:
            return False
        kinds = exact[: exact.index(q.kind) + 1] if q.kind in exact else [q.kind]
        for kind in kinds:
            span = self.span.get(kind)
            if span is not None and span[0] <= q.start and q.end <= span[1]:
                return True
        return False


def _split_parts_inside(q: Period, weeks: list[Period], split: Mapping[str, tuple[dt.date, str, str]]) -> list[str]:
    """The parts of straddling weeks that lie inside ``q`` but not the whole week (``split``: week → its last day
    before the boundary, and its two parts' codes). ``q``'s own boundaries are boundaries of the finest kind, and a
    week crosses one of those at most, so each part lies wholly inside or wholly outside ``q``."""
    out = []
    for w in weeks:
        if w.code not in split or (q.start <= w.start and w.end <= q.end):
            continue
        last_before, before, after = split[w.code]
        if q.start <= w.start and last_before <= q.end:
            out.append(before)
        elif q.start <= last_before + dt.timedelta(days=1) and w.end <= q.end:
            out.append(after)
    return out


class _Model:
    """The attacker's equations for one kind of figure: unknowns with their bounds, the sums at every moment a
    release could be read, the protected unknowns and the cells this release could still hide."""

    def __init__(
        self,
        kind: Kind,
        versions: Sequence[Version],
        disclosed: Sequence[Disclosed],
        release: Mapping[Cell, tuple[int, Shown]],
        scope: Scope,
        groups: Sequence[Group],
        now: dt.datetime,
        dots_floor: float = 5.0,
    ):
        self.kind = kind
        self.dots_floor = dots_floor
        self.truth: dict[Var, Version] = {(v.area, v.period, v.version): v for v in versions}
        by_cell: dict[Cell, list[Version]] = defaultdict(list)
        for v in versions:
            by_cell[(v.area, v.period)].append(v)
        for vs in by_cell.values():
            vs.sort(key=lambda v: (v.entered_at, v.version))
        knowledge: dict[Var, Shown] = {}
        for d in disclosed:
            key = (d.area, d.period, d.version)
            if key not in knowledge or _RANK[d.shown] > _RANK[knowledge[key]]:
                knowledge[key] = d.shown
        self.earlier = dict(knowledge)  # what releases before this one showed
        for cell, (version, shown) in release.items():
            key = (*cell, version)
            if key not in knowledge or _RANK[shown] > _RANK[knowledge[key]]:
                knowledge[key] = shown
        self.knowledge = knowledge

        def var_at(cell: Cell, t: dt.datetime) -> Var:
            """The version that was the store's truth for a cell at a moment (a figure not yet reported then: the
            value it was later reported with; never reported: an unknown of its own)."""
            stored = by_cell.get(cell)
            if not stored:
                return (*cell, 0)
            current = [v.version for v in stored if v.entered_at <= t]
            return (*cell, max(current) if current else min(v.version for v in stored))

        # What the public saw of each cell and from when: the version each release showed (a newer one replaces an
        # older), and this release's.
        on_show: dict[Cell, list[tuple[dt.datetime, int]]] = defaultdict(list)
        for d in disclosed:
            on_show[(d.area, d.period)].append((d.since, d.version))

        def shown_at(cell: Cell, t: dt.datetime) -> Var:
            """The version the public saw of a cell at a release (one it never saw: the store's truth then)."""
            if t == now and cell in release:
                return (*cell, release[cell][0])
            seen = [version for since, version in on_show.get(cell, ()) if since <= t and t != now]
            return (*cell, max(seen)) if seen else var_at(cell, t)

        # The sums hold between the versions that were the truth together, at every moment a version was entered
        # (and now), where their values add up (a part corrected before its total is no such moment). And the public
        # applies every sum it is told of (the areas file, the calendar) to what each release showed together, true
        # or not: a total whose parts miss it (a participant not placed in any sub-area) is still read as their sum,
        # and such sums are kept whatever the stored values say.
        rows: set[tuple[Var, tuple[Var, ...], Sense]] = set()
        for total, parts, sense in groups:
            cells = [total, *parts]
            times = sorted({v.entered_at for c in cells for v in by_cell.get(c, [])} | {now})
            for t in times:
                row = (var_at(total, t), tuple(var_at(p, t) for p in parts), sense)
                if row not in rows and self._adds_up(row):
                    rows.add(row)
            for t in sorted({since for c in cells for since, _ in on_show.get(c, ())} | {now}):
                rows.add((shown_at(total, t), tuple(shown_at(p, t) for p in parts), sense))
        self.rows = sorted(rows)
        variables: set[Var] = set(knowledge)
        for row_total, row_parts, _ in self.rows:
            variables.add(row_total)
            variables.update(row_parts)
        self.vars = sorted(variables)
        self.targets = [v for v in self.vars if self._is_target(v, scope)]
        self.target_set = set(self.targets)
        self.release = release

    def _adds_up(self, row: tuple[Var, tuple[Var, ...], Sense]) -> bool:
        """Is this sum true of the stored values? Not when every value in it is known and the parts miss the total
        (or, for parts that lie inside a total, exceed it)."""
        total, parts, sense = row
        known = [self.truth.get(v) for v in (total, *parts)]
        values = [float(k.value) for k in known if k is not None and k.value is not None]
        if len(values) < len(known):
            return True

        def fits(whole: float, sum_of_parts: float) -> bool:
            slack = 1e-6 * max(1.0, abs(whole))
            return sum_of_parts <= whole + slack if sense == "le" else abs(sum_of_parts - whole) < slack

        if self.kind == "survey":
            n = [float(k.n) for k in known if k is not None and k.n is not None]
            if len(n) < len(known):
                return True
            yes = [value * count / 100 for value, count in zip(values, n, strict=True)]
            return fits(n[0], sum(n[1:])) and fits(yes[0], sum(yes[1:]))
        return fits(values[0], sum(values[1:]))

    def _is_target(self, var: Var, scope: Scope) -> bool:
        shown = self.knowledge.get(var)
        if shown == "value":
            return False
        truth = self.truth.get(var)
        if self.kind == "survey":
            if truth is not None and truth.value is not None:
                return (truth.n or 0) < MIN_RESPONDENTS
            return scope.in_grid((var[0], var[1]))  # unknown: it may be thin, unless sure to have 30 respondents
        if truth is not None and truth.value is not None:
            return SMALL_LOW <= truth.value <= SMALL_HIGH
        return scope.in_grid((var[0], var[1]))  # value unknown: a figure due here must not be pinned inside 1–4

    # --- bounds and equations as a linear program -----------------------------------------------------------------

    def bounds(self, var: Var) -> tuple[float, float]:
        """The count's bounds (counts), or the respondents' bounds (surveys)."""
        shown = self.knowledge.get(var)
        truth = self.truth.get(var)
        if shown == "value" and truth is not None and truth.value is not None:
            fixed = float(truth.n if self.kind == "survey" and truth.n is not None else truth.value)
            return fixed, fixed
        if self.kind == "survey":
            return (1.0 if shown == "suppressed" else 0.0), math.inf
        if shown == "small":
            return SMALL_LOW, SMALL_HIGH
        if shown == "suppressed":
            return (5.0 if _five_or_more(truth) else self.dots_floor), math.inf
        return 0.0, math.inf

    def uncertain_dots(self) -> bool:
        """Does a count show as ``..`` that may be under 5 (a reporter's own ``..``, with no value or a 0 behind it)?
        An attacker may read it as "5 or more", as the method's own ``..`` is, or as anything: both must hold."""
        return self.kind == "count" and any(
            shown == "suppressed" and not _five_or_more(self.truth.get(var)) for var, shown in self.knowledge.items()
        )

    def yes_bounds(self, var: Var) -> tuple[float, float]:
        """Surveys: the bounds of those who answered yes (the share times the respondents)."""
        truth = self.truth.get(var)
        if self.knowledge.get(var) == "value" and truth is not None and truth.value is not None and truth.n:
            fixed = truth.value * truth.n / 100.0
            return fixed, fixed
        return 0.0, math.inf

    def is_free(self, var: Var) -> bool:
        """An unknown no release has bounded and no rule protects: it fits whatever the others need."""
        return self.bounds(var) == (0.0, math.inf) and var not in self.target_set

    def candidates(self) -> list[Cell]:
        """Cells this release shows as a number for the first time, which it could show as ``..`` instead."""
        out = []
        for cell, (version, shown) in self.release.items():
            var = (*cell, version)
            if shown != "value" or self.earlier.get(var) == "value":
                continue
            truth = self.truth.get(var)
            if truth is None or truth.value is None:
                continue
            if self.kind == "count" and truth.value < 5:
                continue  # ".." on a count means "5 or more": a 0 or a small count is never shown so
            out.append(cell)
        return out

    def withholdable(self) -> list[Cell]:
        """Cells this release shows for the first time in any form, which it could leave out altogether (as if not
        yet published): the last resort where every cell near a failing figure is small or zero. A correction too:
        its row then waits (an attack showed that refusing this left only giving the corrected figures away)."""
        return [cell for cell, (version, _) in self.release.items() if (*cell, version) not in self.earlier]


class _Solver:
    """Intervals of protected unknowns, each over the part of the equations that can reach it."""

    def __init__(self, model: _Model):
        self.model = model
        self.programs = 0
        self.rows = self._presolve()
        parent: dict[Var, Var] = {}

        def find(x: Var) -> Var:
            while parent.setdefault(x, x) != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        for coefs, _ in self.rows:
            first, *rest = coefs
            for v in rest:
                parent[find(v)] = find(first)
        self.component: dict[Var, list[int]] = defaultdict(list)
        for i, (coefs, _) in enumerate(self.rows):
            self.component[find(next(iter(coefs)))].append(i)
        self.in_rows = {v for coefs, _ in self.rows for v in coefs}
        self.find = find

    def _presolve(self) -> list[tuple[dict[Var, float], str]]:
        """Drop equations that say nothing: a sum whose total is an unknown no one has seen (any parts fit it), and
        turn a sum with one such unknown part into "the others add up to at most the total"."""
        rows: list[tuple[dict[Var, float], str]] = []
        for total, parts, sense in self.model.rows:
            coefs: dict[Var, float] = defaultdict(float)
            for p in parts:
                coefs[p] += 1.0
            coefs[total] -= 1.0
            coefs = {v: c for v, c in coefs.items() if c != 0}
            if coefs:
                rows.append((coefs, sense))
        if self.model.kind == "survey":
            return rows  # respondents and yes-answers are coupled (yes ≤ respondents): keep every equation
        changed = True
        while changed:
            changed = False
            uses: dict[Var, list[int]] = defaultdict(list)
            for i, (coefs, _) in enumerate(rows):
                for v in coefs:
                    uses[v].append(i)
            drop: set[int] = set()
            for v, where in uses.items():
                if not self.model.is_free(v) or any(i in drop for i in where):
                    continue
                signs = {rows[i][0][v] > 0 for i in where}
                senses = {rows[i][1] for i in where}
                if len(where) == 1 and senses == {"eq"}:
                    i = where[0]
                    if rows[i][0][v] < 0:  # a total no one has seen: the parts fit any such total
                        drop.add(i)
                    else:  # one unseen part: the rest add up to at most the total
                        coefs = {u: c for u, c in rows[i][0].items() if u != v}
                        rows[i] = (coefs, "le") if coefs else rows[i]
                        if not coefs:
                            drop.add(i)
                    changed = True
                elif senses == {"le"} and signs == {False}:  # only ever a total that may be as large as needed
                    drop.update(where)
                    changed = True
                elif senses == {"le"} and signs == {True}:  # only ever a part that may as well be 0
                    for i in where:
                        coefs = {u: c for u, c in rows[i][0].items() if u != v}
                        if coefs:
                            rows[i] = (coefs, "le")
                        else:
                            drop.add(i)
                    changed = True
            if drop:
                rows = [r for i, r in enumerate(rows) if i not in drop]
        return rows

    def interval(self, target: Var, respondents: bool = False) -> tuple[float, float]:
        """The narrowest interval the attacker can prove for a protected unknown: a count, or a share in per cent
        (or, with ``respondents``, a survey cell's number of respondents)."""
        model = self.model
        rows = self.component.get(self.find(target), []) if target in self.in_rows else []
        if not rows:
            if model.kind == "survey" and not respondents:
                return 0.0, 100.0
            return model.bounds(target)
        if len(rows) == 1 and (model.kind == "count" or respondents):
            found = _one_sum(model, self.rows[rows[0]], target)
            if found is not None:
                return found
        return _solve(model, [self.rows[i] for i in rows], target, self, respondents)

    def holds(self, target: Var) -> bool:
        """Does the attacker's interval keep a protected unknown as uncertain as its band says?"""
        model = self.model
        truth = model.truth.get(target)
        known = truth is not None and truth.value is not None
        if model.kind == "survey":
            # A share not reported yet is safe to narrow where it surely has 30 respondents or more (cheap to prove
            # first: respondents add up like counts).
            if not known and self.interval(target, respondents=True)[0] >= MIN_RESPONDENTS - _EPS:
                return True
            lo, hi = self.interval(target)
            return hi - lo >= SHARE_BAND - _EPS
        lo, hi = self.interval(target)
        covers = lo <= SMALL_LOW + _EPS and hi >= SMALL_HIGH - _EPS
        if known:
            return covers
        return covers or lo >= 5 - _EPS or hi <= _EPS  # unknown: not pinned inside 1–4


def _five_or_more(truth: Version | None) -> bool:
    return truth is not None and truth.value is not None and truth.value >= 5


def _one_sum(model: _Model, row: tuple[dict[Var, float], str], target: Var) -> tuple[float, float] | None:
    """The exact interval of one unknown in a single sum whose other unknowns appear nowhere else (interval
    arithmetic is exact there, and a hundred times cheaper than a solver); None where the sum cannot hold."""
    coefs, sense = row
    a = coefs[target]
    lo_rest = hi_rest = 0.0  # the range of the other terms, sum over i != t of a_i * x_i
    for v, c in coefs.items():
        if v == target:
            continue
        lo, hi = model.bounds(v)
        lo_rest += c * (lo if c > 0 else hi)
        hi_rest += c * (hi if c > 0 else lo)
    own_lo, own_hi = model.bounds(target)
    # a * x + rest = 0 (or <= 0): x = -rest / a, with rest anywhere in [lo_rest, hi_rest].
    if sense == "eq":
        ends = sorted([-lo_rest / a, -hi_rest / a], key=lambda e: (math.isnan(e), e))
        lo, hi = ends[0], ends[1]
    elif a > 0:  # a * x <= -rest: at most -lo_rest / a
        lo, hi = -math.inf, -lo_rest / a
    else:  # a * x <= -rest with a < 0: at least -lo_rest / a
        lo, hi = -lo_rest / a, math.inf
    lo, hi = max(lo, own_lo), min(hi, own_hi)
    if any(math.isnan(x) for x in (lo, hi)) or lo > hi + _EPS:
        return None  # the sum cannot hold with these bounds: the solver's closest reading decides
    return lo, hi


def _solve(
    model: _Model,
    rows: list[tuple[dict[Var, float], str]],
    target: Var,
    solver: _Solver,
    respondents: bool = False,
) -> tuple[float, float]:
    import numpy as np
    from scipy.optimize import linprog
    from scipy.sparse import coo_matrix

    variables = sorted({v for coefs, _ in rows for v in coefs} | {target})
    index = {v: i for i, v in enumerate(variables)}
    survey = model.kind == "survey"
    width = 2 * len(variables) if survey else len(variables)  # surveys: respondents, then yes-answers

    eq_r: list[int] = []
    eq_c: list[int] = []
    eq_v: list[float] = []
    ub_r: list[int] = []
    ub_c: list[int] = []
    ub_v: list[float] = []
    n_eq = n_ub = 0
    for coefs, sense in rows:
        for offset in (0, len(variables)) if survey else (0,):
            for v, c in coefs.items():
                if sense == "eq":
                    eq_r.append(n_eq)
                    eq_c.append(index[v] + offset)
                    eq_v.append(c)
                else:
                    ub_r.append(n_ub)
                    ub_c.append(index[v] + offset)
                    ub_v.append(c)
            if sense == "eq":
                n_eq += 1
            else:
                n_ub += 1
    bounds = [model.bounds(v) for v in variables]
    n_sums_ub = n_ub  # the sums whose parts lie inside a total (the rows after them are hard: yes ≤ respondents)
    if survey:
        bounds += [model.yes_bounds(v) for v in variables]
        for i in range(len(variables)):  # yes-answers never exceed respondents
            ub_r += [n_ub, n_ub]
            ub_c += [len(variables) + i, i]
            ub_v += [1.0, -1.0]
            n_ub += 1
    a_eq = coo_matrix((eq_v, (eq_r, eq_c)), shape=(n_eq, width)).tocsr() if n_eq else None
    a_ub = coo_matrix((ub_v, (ub_r, ub_c)), shape=(n_ub, width)).tocsr() if n_ub else None
    lp_bounds = [(lo, None if math.isinf(hi) else hi) for lo, hi in bounds]

    # Sums that cannot all hold with what was shown are met as closely as they can be (elastic), as an attacker
    # would read them: the smallest total gap first, then the intervals among the readings with that gap.
    b_ub: Any = np.zeros(n_ub) if n_ub else None
    solver.programs += 1
    feasible = linprog(np.zeros(width), A_ub=a_ub, b_ub=np.zeros(n_ub) if n_ub else None, A_eq=a_eq,
                       b_eq=np.zeros(n_eq) if n_eq else None, bounds=lp_bounds, method="highs")  # fmt: skip
    if feasible.status == 2 and (n_eq or n_sums_ub):
        from scipy.sparse import csr_matrix, hstack, identity, vstack

        n_slack = 2 * n_eq + n_sums_ub
        if a_eq is not None:
            a_eq = hstack([a_eq, identity(n_eq), -identity(n_eq), csr_matrix((n_eq, n_sums_ub))]).tocsr()
        if a_ub is not None:
            gives = vstack([-identity(n_sums_ub), csr_matrix((n_ub - n_sums_ub, n_sums_ub))]) if n_sums_ub else None
            blocks = [a_ub, csr_matrix((n_ub, 2 * n_eq))] + ([gives] if gives is not None else [])
            a_ub = hstack(blocks).tocsr()
        lp_bounds = lp_bounds + [(0.0, None)] * n_slack
        cost = np.concatenate([np.zeros(width), np.ones(n_slack)])
        solver.programs += 1
        gap = linprog(cost, A_ub=a_ub, b_ub=np.zeros(n_ub) if n_ub else None, A_eq=a_eq,
                      b_eq=np.zeros(n_eq) if n_eq else None, bounds=lp_bounds, method="highs")  # fmt: skip
        cap_row = csr_matrix(cost.reshape(1, -1))
        a_ub = cap_row if a_ub is None else vstack([a_ub, cap_row]).tocsr()
        n_ub = a_ub.shape[0]
        b_ub = np.zeros(n_ub)
        b_ub[-1] = float(gap.fun) * (1 + 1e-9) + 1e-9
        width = width + n_slack
    b_eq = np.zeros(n_eq) if n_eq else None

    t = index[target]
    if not survey or respondents:  # a count, or the respondents (the first half of a survey's unknowns)
        lo_hi = []
        for sign in (1.0, -1.0):
            cost = np.zeros(width)
            cost[t] = sign
            solver.programs += 1
            res = linprog(cost, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq, bounds=lp_bounds, method="highs")
            if res.status == 3:
                lo_hi.append(math.inf if sign < 0 else -math.inf)
            elif res.status != 0:
                return model.bounds(target)  # nothing provable
            else:
                lo_hi.append(sign * float(res.fun))
        return lo_hi[0], lo_hi[1]
    return _share_interval(a_eq, b_eq, a_ub, b_ub, lp_bounds, width, t, len(variables), solver)


def _share_interval(a_eq, b_eq, a_ub, b_ub, lp_bounds, width, t, count, solver):
    """The range of yes/respondents of one cell over the attacker's equations (Charnes–Cooper: with τ = 1/n, the
    ratio becomes a linear objective over y = τx, every bound and right-hand side scaled by τ)."""
    import numpy as np
    from scipy.optimize import linprog
    from scipy.sparse import coo_matrix, hstack, vstack

    # Variables: y (width), τ. Equalities: A_eq y − b_eq τ = 0, y_n(t) = 1. Inequalities: A_ub y − b_ub τ ≤ 0,
    # lo τ − y ≤ 0, y − hi τ ≤ 0 for finite bounds.
    blocks_eq, blocks_ub = [], []
    if a_eq is not None:
        blocks_eq.append(hstack([a_eq, coo_matrix(-np.asarray(b_eq).reshape(-1, 1))]))
    pin = np.zeros((1, width + 1))
    pin[0, t] = 1.0
    blocks_eq.append(coo_matrix(pin))
    if a_ub is not None:
        blocks_ub.append(hstack([a_ub, coo_matrix(-np.asarray(b_ub).reshape(-1, 1))]))
    r, c, v = [], [], []
    row = 0
    for i, (lo, hi) in enumerate(lp_bounds):
        if lo:
            r += [row, row]
            c += [i, width]
            v += [-1.0, lo]
            row += 1
        if hi is not None:
            r += [row, row]
            c += [i, width]
            v += [1.0, -hi]
            row += 1
    if row:
        blocks_ub.append(coo_matrix((v, (r, c)), shape=(row, width + 1)))
    a_eq2 = vstack(blocks_eq).tocsr()
    b_eq2 = np.zeros(a_eq2.shape[0])
    b_eq2[-1] = 1.0
    a_ub2 = vstack(blocks_ub).tocsr() if blocks_ub else None
    b_ub2 = np.zeros(a_ub2.shape[0]) if a_ub2 is not None else None
    shares = []
    for sign in (1.0, -1.0):
        cost = np.zeros(width + 1)
        cost[count + t] = sign
        solver.programs += 1
        res = linprog(cost, A_ub=a_ub2, b_ub=b_ub2, A_eq=a_eq2, b_eq=b_eq2,
                      bounds=[(0, None)] * (width + 1), method="highs")  # fmt: skip
        if res.status != 0:
            return 0.0, 100.0
        shares.append(100.0 * sign * float(res.fun))
    return max(0.0, shares[0]), min(100.0, shares[1])


def audit(
    kind: Kind,
    versions: Sequence[Version],
    disclosed: Sequence[Disclosed],
    release: Mapping[Cell, tuple[int, Shown]],
    scope: Scope,
    now: dt.datetime,
) -> Outcome:
    """Which cells of ``release`` (cell → version and how the rules so far show it) must be hidden as well, so that
    no protected figure can be narrowed below its band from this release and every earlier one (``disclosed``).

    The inputs hold whole blocks of ``scope`` (all of an indicator, or the blocks a write touched); each block is
    audited on its own, over the figures its sums reach (a figure in no sum stands alone: its own symbol is all
    anyone learns of it)."""
    by_block: dict[str, tuple[list[Version], list[Disclosed], dict[Cell, tuple[int, Shown]]]] = {}

    def of(period: str) -> tuple[list[Version], list[Disclosed], dict[Cell, tuple[int, Shown]]]:
        block = scope.block(period)
        if block not in by_block:
            by_block[block] = ([], [], {})
        return by_block[block]

    for v in versions:
        of(v.period)[0].append(_sane(v))
    for d in disclosed:
        of(d.period)[1].append(d)
    for cell, shown in release.items():
        of(cell[1])[2][cell] = shown
    outcome = Outcome()
    for block in sorted(by_block):
        block_versions, block_disclosed, block_release = by_block[block]
        groups = scope.groups(block, {v.area for v in block_versions} | {a for a, _ in block_release})
        summed = {c for total, parts, _ in groups for c in (total, *parts)}
        _audit_block(
            kind,
            [v for v in block_versions if (v.area, v.period) in summed],
            [d for d in block_disclosed if (d.area, d.period) in summed],
            {c: s for c, s in block_release.items() if c in summed},
            scope,
            groups,
            now,
            outcome,
        )
    return outcome


def _audit_block(
    kind: Kind,
    versions: list[Version],
    disclosed: list[Disclosed],
    release: dict[Cell, tuple[int, Shown]],
    scope: Scope,
    groups: list[Group],
    now: dt.datetime,
    outcome: Outcome,
) -> None:
    if not groups or not (versions or release):
        return
    given_up: set[Var] = set()
    # What the release and the outcome were before the attempts for the figure now failing (restored if in vain).
    before: tuple[dict[Cell, tuple[int, Shown]], set[Cell], set[Cell]] | None = None
    working_on: Var | None = None
    # The figures found to hold, per reading of "..": hiding one more cell (a number of 5 or more shown as "..") or
    # leaving one out of the release only widens every interval (what the attacker knows of the cell loosens, and an
    # unknown takes its place in the sums), so they hold after it as well and are not solved again. Taking back what
    # was hidden in vain narrows: then every figure is checked again.
    held: dict[float, set[Var]] = {5.0: set(), 0.0: set()}
    while True:
        failing, model = None, None
        for floor in (5.0, 0.0):  # ".." as the method's (5 or more); then, where one may be a reporter's, as anything
            model = _Model(kind, versions, disclosed, release, scope, groups, now, dots_floor=floor)
            if floor == 0.0 and not model.uncertain_dots():
                break
            solver = _Solver(model)
            for t in model.targets:
                if t in given_up or t in held[floor]:
                    continue
                if not solver.holds(t):
                    failing = t
                    break
                held[floor].add(t)
            outcome.programs += solver.programs
            if failing is not None:
                break
        if failing is None or model is None:
            return
        if failing != working_on:
            working_on, before = failing, (dict(release), set(outcome.hide), set(outcome.withhold))
        pick = _nearest(model, failing, model.candidates())
        if pick is not None:
            release[pick] = (release[pick][0], "suppressed")
            outcome.hide.add(pick)
            continue
        pick = _nearest(model, failing, model.withholdable())
        if pick is not None:
            release.pop(pick)
            outcome.hide.discard(pick)
            outcome.withhold.add(pick)
            continue
        # Earlier releases already gave this figure away: say so, and take back what was hidden for it in vain. A
        # figure the public has never seen any version of is left out of this release where its own symbol tells
        # more than the past did (the past's "at most 1" and a "<5" make it 1; found by the property over weeks and
        # months). A correction is shown as before: leaving it out would keep its whole block as it was.
        assert before is not None
        release.clear()
        release.update(before[0])
        outcome.hide, outcome.withhold = before[1], before[2]
        cell = (failing[0], failing[1])
        if cell in release and release[cell][0] == failing[2] and not any(v[:2] == cell for v in model.earlier):
            rest = {c: shown for c, shown in release.items() if c != cell}
            lo, hi = _Solver(_Model(kind, versions, disclosed, release, scope, groups, now, floor)).interval(failing)
            was = _Solver(_Model(kind, versions, disclosed, rest, scope, groups, now, floor)).interval(failing)
            if lo > was[0] + _EPS or hi < was[1] - _EPS:
                release.pop(cell)
                outcome.hide.discard(cell)
                outcome.withhold.add(cell)
        given_up.add(failing)
        held = {5.0: set(), 0.0: set()}
        outcome.unprotectable.append(failing)
        working_on, before = None, None


#: Beyond any unit's bound (units.py): a value stored past validation (an older release, a database edit). The
#: solver cannot work with it (1e308, infinity), and no count it would protect is near it.
ABSURD = 1e13


def _sane(version: Version) -> Version:
    """A version whose value (or n) is absurd counts as one whose value is not known, so the linear programs stay
    solvable; every other figure is audited as ever."""

    def absurd(x: float | None) -> bool:
        return x is not None and not (math.isfinite(x) and abs(x) < ABSURD)

    if absurd(version.value) or absurd(None if version.n is None else float(version.n)):
        return dataclasses.replace(version, value=None, n=None)
    return version


def _nearest(model: _Model, target: Var, cells: list[Cell]) -> Cell | None:
    """The cell nearest the failing figure in the web of sums (ties: by a hash of the cell's key, never by value)."""
    candidates = {(*cell, model.release[cell][0]): cell for cell in cells}
    if not candidates:
        return None
    neighbours: dict[Var, set[Var]] = defaultdict(set)
    for total, parts, _ in model.rows:
        members = (total, *parts)
        for m in members:
            neighbours[m].update(members)
    distance = {target: 0}
    queue = deque([target])
    while queue:
        v = queue.popleft()
        for w in neighbours.get(v, ()):
            if w not in distance:
                distance[w] = distance[v] + 1
                queue.append(w)
    reachable = [(distance[v], _key_hash(f"{v[0]}|{v[1]}"), cell) for v, cell in candidates.items() if v in distance]
    return min(reachable)[2] if reachable else None
