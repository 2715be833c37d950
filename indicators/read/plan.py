"""The åtgärdsplan and the chain from problem to effect, read from the store (typed rows, no UI).

Planned against done (:mod:`indicators.rules.plan` holds the rule): an action's done is the sum of its indicator's
figures for the periods that ended within its time so far, in its area (an area without its own figure counts the
sum of its parts, as Sofielund is Södra and Norra Sofielund and the industrial area), or, for an action measured by
activities only, the activities of its types its actor recorded there. The public variant counts published figures
of public indicators whose figures are the actors' own work (``disclosure: none``), never protected counts, and
whole quarters only.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any

import pandas as pd
from sqlalchemy import select
from sqlmodel import Session, col

from indicators.base.models import (
    Activity,
    Area,
    Commitment,
    Indicator,
    PlannedAction,
    Pledge,
    Problem,
    ProblemCommitment,
    ProblemIndicator,
)
from indicators.read import overview, published, queries
from indicators.rules import plan as rule
from indicators.rules import status
from indicators.rules.disclosure import Mode
from indicators.rules.periods import PeriodKind, periods_between

_KINDS = {"monthly": PeriodKind.MONTH, "quarterly": PeriodKind.QUARTER, "half_yearly": PeriodKind.HALF,
          "yearly": PeriodKind.YEAR}  # fmt: skip


@dataclass(frozen=True)
class ActionRow:
    """One action of the plan with planned and done so far and its status."""

    code: str
    commitment_code: str
    actor_code: str
    text: str
    text_en: str
    contact: str
    start: dt.date
    end: dt.date
    area_code: str
    area_name: str
    quantity: float | None
    per: str
    indicator_code: str | None
    unit: str | None  # the indicator's unit, or None for activities
    activity_types: list[str]
    hours: float | None
    kronor: float | None
    demo: bool
    edited_by: str | None
    through: dt.date  # the last day counted
    planned: float | None  # planned so far
    done: float | None
    activities: int  # activities recorded toward it so far
    hours_used: float | None  # the hours those activities recorded
    periods_due: int  # periods of its indicator that ended within its time so far
    periods_reported: int
    not_final: bool  # a counted figure is not yet approved
    status: rule.PlanStatus
    ratio: float | None

    def as_dict(self, public: bool = False) -> dict[str, Any]:
        out = asdict(self)
        if public:  # who changed it in the app is the store's business, not the public's
            out.pop("edited_by")
        out["status"] = self.status.value
        for name in ("start", "end", "through"):
            out[name] = out[name].isoformat()
        return out


def _pledge(session: Session, pledge_code: str) -> Pledge | None:
    return session.execute(select(Pledge).where(col(Pledge.code) == pledge_code)).scalar_one_or_none()


def _parts(session: Session) -> dict[str, list[str]]:
    children: dict[str, list[str]] = defaultdict(list)
    for code, parent in session.execute(select(col(Area.code), col(Area.parent_code))):
        if parent:
            children[parent].append(code)
    return children


def _within(children: dict[str, list[str]], area: str) -> list[str]:
    out, frontier = [], [area]
    while frontier:
        here = frontier.pop()
        if here not in out:
            out.append(here)
            frontier += children.get(here, [])
    return out


def _value(values: dict[str, float], children: dict[str, list[str]], area: str, seen: frozenset[str]) -> float | None:
    """An area's figure, or the sum of its parts' where it has none (None: nothing reported there)."""
    if area in values:
        return values[area]
    parts = [_value(values, children, c, seen | {area}) for c in children.get(area, []) if c not in seen]
    known = [v for v in parts if v is not None]
    return sum(known) if known else None


def actions(session: Session, pledge_code: str, until: dt.date, public: bool = False) -> list[ActionRow]:
    """Every action of the pledge's plan with planned against done up to ``until`` (the public variant: only what
    published figures of the actors' own work and recorded activities show, counted to the end of the newest whole
    quarter)."""
    pledge = _pledge(session, pledge_code)
    if pledge is None:
        return []
    rows = session.execute(
        select(PlannedAction, col(Commitment.code), col(Area.name))
        .join(Commitment, col(Commitment.id) == PlannedAction.commitment_id)
        .join(Area, col(Area.code) == PlannedAction.area_code)
        .where(col(PlannedAction.pledge_id) == pledge.id)
        .order_by(col(PlannedAction.position), col(PlannedAction.code))
    ).all()
    inds = {i.code: i for i in session.execute(select(Indicator)).scalars()}
    children = _parts(session)
    if public:
        until = published.quarter_ends(until)
        rows = [r for r in rows if r[0].indicator_code is None or _shown_publicly(inds[r[0].indicator_code])]
    out: list[ActionRow] = []
    for action, commitment_code, area_name in rows:
        out.append(_judged(session, action, commitment_code, area_name, inds, children, until, public))
    return out


def _shown_publicly(ind: Indicator) -> bool:
    return ind.public and ind.disclosure == Mode.NONE


def _judged(
    session: Session,
    action: PlannedAction,
    commitment_code: str,
    area_name: str,
    inds: dict[str, Indicator],
    children: dict[str, list[str]],
    until: dt.date,
    public: bool,
) -> ActionRow:
    ind = inds.get(action.indicator_code) if action.indicator_code else None
    kind = _KINDS.get(ind.frequency) if ind is not None else None  # None: activities are dated, counted to the day
    through = rule.through_day(until, kind)
    last = min(action.end, through)
    areas = _within(children, action.area_code)
    # activities of its types, by its actor, in its area, within its time so far
    n_activities, hours_used = 0, None
    if action.activity_types and last >= action.start:
        found = session.execute(
            select(col(Activity.hours)).where(
                col(Activity.actor_code) == action.actor_code,
                col(Activity.type).in_(action.activity_types),
                col(Activity.area_code).in_(areas),
                col(Activity.date).between(action.start, last),
            )
        ).scalars().all()  # fmt: skip
        n_activities = len(found)
        recorded = [h for h in found if h is not None]
        hours_used = float(sum(recorded)) if recorded else None
    done: float | None
    due = reported = 0
    not_final = False
    if ind is not None and kind is not None:
        # the periods of its time that have ended by the day counted to (one the action ends within counts its share)
        due_periods = [p for p in periods_between(kind, action.start, last) if p.end <= through]
        codes = {p.code for p in due_periods}
        frame = (published.figures(session, (ind.code,), tuple(areas)) if public
                 else queries.series(session, [ind.code], areas))  # fmt: skip
        frame = frame[frame["period"].isin(codes) & frame["status_code"].isna() & frame["value"].notna()]
        by_period: dict[str, dict[str, float]] = defaultdict(dict)
        for r in frame.itertuples(index=False):
            by_period[str(r.period)][str(r.area_code)] = float(r.value)
            if not public and r.review_state != "published":
                not_final = True
        total = 0.0
        for p in due_periods:
            v = _value(by_period.get(p.code, {}), children, action.area_code, frozenset())
            if v is not None:  # a period begun before the action counts its share of days, as the plan does
                reported += 1
                total += v * rule.share_of(p.start, p.end, action.start, last)
        due = len(due_periods)
        done = round(total, 2) if reported else None
        measured = True
    elif action.activity_types:
        done = float(n_activities)
        measured = True
    else:
        done, measured = None, False
    judged = rule.judge(action.quantity, action.per, action.start, action.end, through, done, measured)
    return ActionRow(
        code=action.code, commitment_code=commitment_code, actor_code=action.actor_code, text=action.text,
        text_en=action.text_en, contact=action.contact, start=action.start, end=action.end,
        area_code=action.area_code, area_name=area_name, quantity=action.quantity, per=action.per,
        indicator_code=action.indicator_code, unit=ind.unit if ind is not None else None,
        activity_types=list(action.activity_types), hours=action.hours, kronor=action.kronor, demo=action.demo,
        edited_by=action.edited_by, through=through, planned=judged.planned, done=done, activities=n_activities,
        hours_used=hours_used, periods_due=due, periods_reported=reported, not_final=not_final,
        status=judged.status, ratio=judged.ratio,
    )  # fmt: skip


def by_commitment(rows: list[ActionRow]) -> dict[str, rule.PlanStatus]:
    """Each commitment's status from its actions' (the worst measured one)."""
    grouped: dict[str, list[rule.PlanStatus]] = defaultdict(list)
    for r in rows:
        grouped[r.commitment_code].append(r.status)
    return {code: rule.worst(statuses) for code, statuses in grouped.items()}


def by_actor(rows: list[ActionRow], parents: dict[str, str | None]) -> pd.DataFrame:
    """Per actor (departments also under their parent): how many actions have each status."""
    counts: dict[str, dict[str, int]] = {}
    for r in rows:
        parent = parents.get(r.actor_code)
        for actor in {r.actor_code, parent if isinstance(parent, str) else None} - {None}:
            bucket = counts.setdefault(str(actor), {s.value: 0 for s in rule.ORDER})
            bucket[r.status.value] += 1
    return pd.DataFrame([{"actor_code": a, **c} for a, c in sorted(counts.items())],
                        columns=["actor_code", *[s.value for s in rule.ORDER]])  # fmt: skip


# --- The chain: problem → commitments → actions → outputs → effects ------------------------------------------------


class ChainVerdict:
    """Where a problem's chain stands, from its actions and its effect indicators."""

    WORKING = "working"  # done as planned and the effect shows
    NO_EFFECT_YET = "no_effect_yet"  # done as planned, no effect yet
    EFFECT_WITHOUT_WORK = "effect_without_work"  # the effect moves without the planned work
    BEHIND = "behind"  # the work is behind and no effect shows
    UNKNOWN = "unknown"  # too early, or nothing measured


@dataclass
class ChainLink:
    problem_code: str
    text: str
    text_en: str
    commitments: list[dict[str, Any]] = field(default_factory=list)  # code, actor, text, status (own report)
    actions: list[ActionRow] = field(default_factory=list)
    outputs: list[dict[str, Any]] = field(default_factory=list)  # indicator rows with status
    effects: list[dict[str, Any]] = field(default_factory=list)
    work: rule.PlanStatus = rule.PlanStatus.NOT_MEASURED
    effect: str = "unknown"  # good | behind | unknown
    verdict: str = ChainVerdict.UNKNOWN
    public: bool = False  # built from what the public sees (no verdict, no editor names)

    def as_dict(self) -> dict[str, Any]:
        return {
            "problem": self.problem_code, "text": self.text, "text_en": self.text_en,
            "commitments": self.commitments, "actions": [a.as_dict(self.public) for a in self.actions],
            "outputs": self.outputs, "effects": self.effects, "work": self.work.value, "effect": self.effect,
            "verdict": self.verdict,
        }  # fmt: skip


def _verdict(work: rule.PlanStatus, effect: str) -> str:
    worked = work in (rule.PlanStatus.ON_PLAN, rule.PlanStatus.NEARLY)
    lagging = work in (rule.PlanStatus.BEHIND, rule.PlanStatus.NOT_REPORTED)
    if effect == "good":
        return ChainVerdict.WORKING if worked else ChainVerdict.EFFECT_WITHOUT_WORK if lagging else ChainVerdict.UNKNOWN
    if effect == "behind":
        return ChainVerdict.NO_EFFECT_YET if worked else ChainVerdict.BEHIND if lagging else ChainVerdict.UNKNOWN
    return ChainVerdict.UNKNOWN


def _effect(rows: list[dict[str, Any]]) -> str:
    """The effect side: good when most effect indicators with a status are reached or on track, behind when most
    are not (slow, the wrong way, or a survey with no certain change), unknown when none has a status."""
    unchanged = status.IndicatorStatus.NO_CERTAIN_CHANGE.value  # a survey within its uncertainty: no effect shown
    measured = [r["status"] for r in rows if r["status"] in {*status.GOOD, *status.BEHIND, unchanged}]
    if not measured:
        return "unknown"
    good = sum(s in status.GOOD for s in measured)
    return "good" if good * 2 > len(measured) else "behind"


def _indicator_row(code: str, assessed: dict[str, dict[str, Any]], inds: dict[str, Indicator]) -> dict[str, Any]:
    row = assessed.get(code, {})
    ind = inds[code]
    value = row.get("value")
    return {"code": code, "name": ind.name_sv, "name_en": ind.name_en, "level": ind.level, "unit": ind.unit,
            "value": None if value is None or value != value else float(value), "period": row.get("period"),
            "status": str(row.get("status") or status.IndicatorStatus.NO_DATA.value)}  # fmt: skip


def default_area(session: Session, pledge: Pledge) -> str:
    """The area statuses are read in when none is chosen, as the pages open: the pledge's first own sub-area (a
    map area inside its area), else its first map area, else its area."""
    parents = {code: parent for code, parent in session.execute(select(col(Area.code), col(Area.parent_code)))}
    own = [a for a in pledge.map_areas if parents.get(a) == pledge.area_code]
    return str((own or pledge.map_areas or [pledge.area_code])[0])


def chain(
    session: Session, pledge_code: str, until: dt.date, area_code: str | None = None, public: bool = False
) -> list[ChainLink]:
    """Per problem of the lägesbild: its commitments (with their own reported status), their actions (planned
    against done), the output indicators following those commitments and the problem's effect indicators, each
    with its status, and where the chain stands (:class:`ChainVerdict`). The public variant reads only published
    figures of public indicators."""
    pledge = _pledge(session, pledge_code)
    if pledge is None:
        return []
    problems = session.execute(
        select(Problem).where(col(Problem.pledge_id) == pledge.id).order_by(col(Problem.position))
    ).scalars().all()  # fmt: skip
    inds = {i.code: i for i in session.execute(select(Indicator)).scalars()}
    area = area_code or default_area(session, pledge)
    if public:
        frame = published.latest_for_area(session, pledge_code, area, until)
        assessed = {r["code"]: r for r in frame.to_dict("records")}
        commitment_rows = published.commitments(session, pledge_code, until)
    else:
        assessed = overview.assessed_by_code(session, pledge_code, area, until)
        commitment_rows = queries.commitment_statuses(session, pledge_code, until)
    own = {str(r["code"]): r for r in commitment_rows.to_dict("records")}
    plan_rows = actions(session, pledge_code, until, public=public)
    links = queries.commitment_indicators(session, pledge_code)
    followed: dict[str, list[str]] = defaultdict(list)
    for r in links.to_dict("records"):
        followed[str(r["commitment_code"])].append(str(r["indicator_code"]))
    by_problem_c: dict[int, list[str]] = defaultdict(list)
    ids = {c.id: c.code for c in session.execute(select(Commitment).where(col(Commitment.pledge_id) == pledge.id))
           .scalars()}  # fmt: skip
    for pid, cid in session.execute(select(col(ProblemCommitment.problem_id), col(ProblemCommitment.commitment_id))):
        if cid in ids:
            by_problem_c[pid].append(ids[cid])
    by_problem_e: dict[int, list[str]] = defaultdict(list)
    for pid, code in session.execute(select(col(ProblemIndicator.problem_id), col(ProblemIndicator.indicator_code))):
        by_problem_e[pid].append(code)
    out: list[ChainLink] = []
    for prob in problems:
        assert prob.id is not None
        codes = sorted(by_problem_c[prob.id], key=lambda c: own.get(c, {}).get("position", 0))
        link = ChainLink(prob.code, prob.text, prob.text_en, public=public)
        for c in codes:
            r = own.get(c, {})
            state = r.get("status")
            link.commitments.append({"code": c, "actor_code": r.get("actor_code"), "text": r.get("text"),
                                     "text_en": r.get("text_en"),
                                     "status": state if isinstance(state, str) else None})  # fmt: skip
        link.actions = [a for a in plan_rows if a.commitment_code in codes]
        outputs = dict.fromkeys(code for c in codes for code in followed.get(c, [])
                                if inds[code].level != "effekt" and (not public or inds[code].public))  # fmt: skip
        link.outputs = [_indicator_row(code, assessed, inds) for code in outputs]
        effects = [code for code in by_problem_e[prob.id] if not public or inds[code].public]
        link.effects = [
            _indicator_row(code, assessed, inds) for code in sorted(effects, key=lambda c: inds[c].position)
        ]
        link.work = rule.worst([a.status for a in link.actions])
        link.effect = _effect(link.effects)
        link.verdict = _verdict(link.work, link.effect)
        out.append(link)
    return out
