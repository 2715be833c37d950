"""The one way out for data: read functions for pages, the CLI and exports. Aggregation happens in SQL."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, Literal

import orjson
import pandas as pd
import sqlalchemy as sa
from sqlalchemy import and_, bindparam, func, or_, select, text, tuple_
from sqlalchemy.orm import aliased
from sqlmodel import Session, col
from sqlmodel.sql.sqltypes import UTCDateTime

from indicators.base.models import (
    DEMO_SOURCE,
    Activity,
    Actor,
    Area,
    AuditEntry,
    Commitment,
    CurrentFigure,
    Figure,
    Indicator,
    IndicatorCommitment,
    IndicatorSchedule,
    Level,
    Meeting,
    Pledge,
    PublicFigure,
)
from indicators.rules import periods
from indicators.rules.schedule import DEFAULT_GRACE_DAYS, Due, Schedule
from indicators.storage import auth
from indicators.storage.db import safe_url


def _count(session: Session, *stmt_parts: Any) -> int:
    return int(session.execute(select(func.count()).select_from(*stmt_parts)).scalar() or 0)


def store_info(session: Session, url: str) -> dict[str, Any]:
    """Counts of everything in the store (the CLI's `info`)."""
    by_level = dict.fromkeys((lvl.value for lvl in Level), 0)
    for level, count in session.execute(
        select(col(Indicator.level), func.count()).group_by(col(Indicator.level))
    ).all():
        by_level[level] = int(count)
    demo = session.execute(select(func.count()).select_from(Figure).where(col(Figure.source) == DEMO_SOURCE)).scalar()
    return {
        "pledges": _count(session, Pledge),
        "actors": _count(session, Actor),
        "commitments": _count(session, Commitment),
        "indicators": _count(session, Indicator),
        "indicators_by_level": by_level,
        "areas": _count(session, Area),
        "figures": _count(session, Figure),
        "current_figures": _count(session, CurrentFigure),
        "demo_figures": int(demo or 0),
        "by_pledge": _per_pledge(session),
        "database": safe_url(url),
    }


def _per_pledge(session: Session) -> dict[str, dict[str, Any]]:
    """Per pledge (oldest first): its period, what it renews, and its commitments and indicators by level."""
    out: dict[str, dict[str, Any]] = {}
    for p in session.execute(select(Pledge).order_by(col(Pledge.start), col(Pledge.code))).scalars():
        codes = pledge_indicator_codes(session, p.code)
        levels = dict.fromkeys((lvl.value for lvl in Level), 0)
        for level in session.execute(select(col(Indicator.level)).where(col(Indicator.code).in_(codes))).scalars():
            levels[level] += 1
        commitments = session.execute(
            select(func.count()).select_from(Commitment).where(col(Commitment.pledge_id) == p.id)
        ).scalar()
        out[p.code] = {"name": p.name, "start": p.start.isoformat(), "end": p.end.isoformat(),
                       "renews": p.renews_code, "commitments": int(commitments or 0), "indicators": len(codes),
                       "indicators_by_level": levels}  # fmt: skip
    return out


def catalogue_rows(session: Session, pledge_code: str | None = None) -> list[dict[str, Any]]:
    """Every indicator (of one pledge, when given) with its metadata and the commitment codes it follows up (of that
    pledge; the CLI's `catalogue`)."""
    links: dict[str, list[str]] = {}
    linked = (
        select(col(IndicatorCommitment.indicator_code), col(Commitment.code))
        .join(Commitment, col(Commitment.id) == IndicatorCommitment.commitment_id)
        .order_by(col(Commitment.position))
    )
    if pledge_code is not None:
        linked = linked.join(Pledge, col(Pledge.id) == Commitment.pledge_id).where(col(Pledge.code) == pledge_code)
    for code, commitment in session.execute(linked).all():
        links.setdefault(code, [])
        if commitment not in links[code]:
            links[code].append(commitment)
    rows = []
    for ind in session.execute(select(Indicator).order_by(col(Indicator.position), col(Indicator.code))).scalars():
        if pledge_code is not None and ind.code not in links:
            continue
        rows.append(
            {
                "code": ind.code,
                "name": ind.name_sv,
                "name_en": ind.name_en,
                "level": ind.level,
                "actor": ind.actor_code,
                "unit": ind.unit,
                "categories": ind.categories,
                "frequency": ind.frequency,
                "direction": ind.direction,
                "public": ind.public,
                "commitments": links.get(ind.code, []),
                "source": ind.source,
                "definition": ind.definition,
                "definition_en": ind.definition_en,
                "baseline": {"value": ind.baseline_value, "period": ind.baseline_period}
                if ind.baseline_value is not None
                else None,
                "target": {"value": ind.target_value, "period": ind.target_period}
                if ind.target_value is not None
                else None,
            }
        )
    return rows


def pledges_in_order(session: Session, today: dt.date | None = None) -> list[dict[str, Any]]:
    """Every pledge as the public start page lists them and the filters offer them: those running today first,
    then the others, newest first; each with ``running``. The first is the one a page opens at."""
    today = today or dt.date.today()
    rows = session.execute(select(Pledge).order_by(col(Pledge.start).desc(), col(Pledge.code))).scalars().all()
    listed = [{"code": p.code, "name": p.name, "name_en": p.name_en, "start": p.start, "end": p.end,
               "running": p.start <= today <= p.end} for p in rows]  # fmt: skip
    return sorted(listed, key=lambda p: not p["running"])


def pledge(session: Session, code: str) -> dict[str, Any] | None:
    row = session.execute(select(Pledge).where(col(Pledge.code) == code)).scalar_one_or_none()
    return row.model_dump() if row else None


def actors(session: Session) -> pd.DataFrame:
    rows = session.execute(select(Actor)).scalars().all()
    return pd.DataFrame([a.model_dump() for a in rows], columns=["code", "name", "short_name", "parent_code"])


def level_summary(session: Session, pledge_code: str) -> pd.DataFrame:
    """Per follow-up level: how many commitments and indicators the pledge has (one row per level, in order)."""
    pledge_id = select(col(Pledge.id)).where(col(Pledge.code) == pledge_code).scalar_subquery()
    counts = {
        level: (int(indicators), int(commitments))
        for level, indicators, commitments in session.execute(
            select(
                col(Indicator.level),
                func.count(func.distinct(col(Indicator.code))),
                func.count(func.distinct(col(Commitment.id))),
            )
            .join(IndicatorCommitment, col(IndicatorCommitment.indicator_code) == Indicator.code)
            .join(Commitment, col(Commitment.id) == IndicatorCommitment.commitment_id)
            .where(col(Commitment.pledge_id) == pledge_id)
            .group_by(col(Indicator.level))
        ).all()
    }
    return pd.DataFrame(
        [
            {
                "level": lvl.value,
                "indicators": counts.get(lvl.value, (0, 0))[0],
                "commitments": counts.get(lvl.value, (0, 0))[1],
            }
            for lvl in Level
        ]
    )


def actor_summary(session: Session, pledge_code: str) -> pd.DataFrame:
    """Per actor of the pledge (those with commitments or indicators in it, and the organisations above them): its
    commitments and the indicators it is responsible for; in the pledge's order (by each organisation's first
    commitment), an organisation before its departments. Another district's actors are not listed."""
    pledge_id = select(col(Pledge.id)).where(col(Pledge.code) == pledge_code).scalar_subquery()
    commitments: dict[str, tuple[int, int]] = {
        a: (int(n), int(first))
        for a, n, first in session.execute(
            select(col(Commitment.actor_code), func.count(), func.min(col(Commitment.position)))
            .where(col(Commitment.pledge_id) == pledge_id)
            .group_by(col(Commitment.actor_code))
        ).all()
    }
    indicators: dict[str, int] = dict(
        session.execute(
            select(col(Indicator.actor_code), func.count(func.distinct(col(Indicator.code))))
            .join(IndicatorCommitment, col(IndicatorCommitment.indicator_code) == Indicator.code)
            .join(Commitment, col(Commitment.id) == IndicatorCommitment.commitment_id)
            .where(col(Commitment.pledge_id) == pledge_id)
            .group_by(col(Indicator.actor_code))
        ).all()
    )
    actors = {a.code: a for a in session.execute(select(Actor)).scalars()}

    def line(code: str) -> list[str]:  # the actor and the organisations above it, top first (cycle-safe)
        out: list[str] = []
        while code in actors and code not in out:
            out.append(code)
            code = actors[code].parent_code or ""
        return out[::-1]

    shown = {a for own in {*commitments, *indicators} for a in line(own)}
    first = {a: min((commitments[c][1] for c in commitments if a in line(c)), default=1 << 30) for a in shown}
    rows = [
        {
            "code": code,
            "name": actors[code].name,
            "parent_code": actors[code].parent_code,
            "commitments": commitments.get(code, (0, 0))[0],
            "indicators": int(indicators.get(code, 0)),
        }
        for code in sorted(shown, key=lambda c: [(first[a], a) for a in line(c)])
    ]
    return pd.DataFrame(rows, columns=["code", "name", "parent_code", "commitments", "indicators"])


def current_figure(session: Session, indicator_code: str, area_code: str, period: str) -> dict[str, Any] | None:
    """The newest version of one figure."""
    row = session.execute(
        select(Figure)
        .join(CurrentFigure, col(CurrentFigure.figure_id) == Figure.id)
        .where(
            col(CurrentFigure.indicator_code) == indicator_code,
            col(CurrentFigure.area_code) == area_code,
            col(CurrentFigure.period) == period,
        )
    ).scalar_one_or_none()
    return row.model_dump() if row else None


def demo_share(session: Session) -> tuple[int, int]:
    """(current figures from demo data, all current figures): pages label demo data when the first is non-zero.
    ``current_figure`` keeps whether each current version is demo data, indexed: the real ones are one short range
    of that index and the total is counted from an index, so neither reads the table (migration 0007)."""
    total = select(func.count()).select_from(CurrentFigure).scalar_subquery()
    real = select(func.count()).select_from(CurrentFigure).where(col(CurrentFigure.demo).is_(False)).scalar_subquery()
    everything, real_ones = session.execute(select(total, real)).one()  # one statement: one snapshot
    return int(everything) - int(real_ones), int(everything)


def pledge_indicator_codes(session: Session, pledge_code: str) -> list[str]:
    """Codes of the indicators that follow up any commitment of the pledge."""
    return list(
        session.execute(
            select(col(IndicatorCommitment.indicator_code))
            .join(Commitment, col(Commitment.id) == IndicatorCommitment.commitment_id)
            .join(Pledge, col(Pledge.id) == Commitment.pledge_id)
            .where(col(Pledge.code) == pledge_code)
            .distinct()
        ).scalars()
    )


LATEST_COLUMNS = [
    "code",
    "name_sv",
    "name_en",
    "level",
    "actor_code",
    "unit",
    "frequency",
    "direction",
    "target_value",
    "target_period",
    "baseline_value",
    "baseline_period",
    "baseline_n",
    "progress_thresholds",
    "position",
    "period",
    "value",
    "status_code",
    "n",
    "source",
    "review_state",
    "previous_period",
    "previous_value",
    "previous_n",
    "categories",
    "area_code",
]


def _figure_source(meeting_id: int | None) -> sa.FromClause:
    """The figures a view reads, as rows named ``cf`` (indicator_code, area_code, period, period_start, figure_id):
    the current versions, or those a saved meeting saw: every key's newest version up to the meeting's point in
    time (versions are append-only and numbered in order). (The public reads ``public_figure`` only:
    :mod:`indicators.views.public`.)"""
    if meeting_id is None:
        return sa.inspect(CurrentFigure).local_table.alias("cf")
    f, g = sa.inspect(Figure).local_table.alias("f"), sa.inspect(Figure).local_table.alias("g")
    last = select(col(Meeting.last_figure_id)).where(col(Meeting.id) == meeting_id).scalar_subquery()
    newer = select(g.c.id).where(g.c.indicator_code == f.c.indicator_code, g.c.area_code == f.c.area_code,
                                 g.c.period == f.c.period, g.c.version > f.c.version, g.c.id <= last)  # fmt: skip
    return (
        select(f.c.indicator_code, f.c.area_code, f.c.period, f.c.period_start, f.c.id.label("figure_id"))
        .where(f.c.id <= last, ~newer.exists())
        .subquery("cf")
    )


def latest_values(
    session: Session,
    pledge_code: str,
    area_code: str,
    until: dt.date,
    meeting_id: int | None = None,
) -> pd.DataFrame:
    """Per indicator of the pledge: the newest figure for the area with a period ending by ``until``, and the one
    before it (ranked in SQL; one row per indicator, indicators without figures included). With ``meeting_id``,
    the figures that meeting saved instead of today's.

    An indicator that the reporting schedule never asks of the area (a region's survey, a city's shootings, the
    presence hours of one delområde) is read where it is reported: ``area_code`` names the area each row's figures
    are from."""
    codes = pledge_indicator_codes(session, pledge_code)
    if not codes:
        return pd.DataFrame(columns=LATEST_COLUMNS)
    where = reported_where(session, pledge_code, area_code)
    cf = _figure_source(meeting_id).c
    ranked = (
        select(
            cf.indicator_code, cf.area_code, cf.period, col(Figure.value), col(Figure.status_code), col(Figure.n),
            col(Figure.source), col(Figure.review_state),
            func.row_number()
            .over(partition_by=(cf.indicator_code, cf.area_code), order_by=(cf.period_start.desc(), cf.period.desc()))
            .label("rn"),
        )
        .join(Figure, col(Figure.id) == cf.figure_id)
        .where(cf.area_code.in_(sorted(set(where.values()))), cf.period_start <= until, cf.indicator_code.in_(codes))
        .subquery("r")
    )  # fmt: skip
    rows = pd.DataFrame(
        session.execute(select(ranked).where(ranked.c.rn <= 4)).mappings().all(),
        columns=["indicator_code", "area_code", "period", "value", "status_code", "n", "source", "review_state", "rn"],
    )
    # Each indicator's own area only; a period that has not ended by `until` does not count yet (e.g. a year for an
    # end of March): drop those (at most the running period of each kind) and rank again.
    if len(rows):
        rows = rows[[where.get(c) == a for c, a in zip(rows["indicator_code"], rows["area_code"], strict=True)]]
        rows = rows[[periods.parse_period(p).end <= until for p in rows["period"]]]
        rows = rows.assign(rn=rows.groupby("indicator_code").cumcount() + 1).drop(columns="area_code")
    latest = rows[rows["rn"] == 1].drop(columns="rn").set_index("indicator_code")
    previous = rows[rows["rn"] == 2].set_index("indicator_code")[["period", "value", "n"]]
    previous.columns = ["previous_period", "previous_value", "previous_n"]
    meta = (
        pd.DataFrame(
            [i.model_dump() for i in session.execute(select(Indicator).where(col(Indicator.code).in_(codes))).scalars()]
        )
        .set_index("code")
        .drop(columns=["source"])
        .rename(columns={"progress": "progress_thresholds"})
    )
    out = meta.join(latest, how="left").join(previous, how="left").reset_index()
    out["area_code"] = [where[c] for c in out["code"]]
    # The status rule weighs a survey share's change against both values' uncertainty: the baseline's n is that of
    # the indicator's figure for the baseline period in the same area, where there is one.
    base_keys = {(c, a, p) for c, a, p in zip(out["code"], out["area_code"], out["baseline_period"], strict=True)
                 if isinstance(p, str)}  # fmt: skip
    base_n: dict[str, Any] = {}
    if base_keys:
        found = session.execute(
            select(cf.indicator_code, col(Figure.n))
            .join(Figure, col(Figure.id) == cf.figure_id)
            .where(tuple_(cf.indicator_code, cf.area_code, cf.period).in_(sorted(base_keys)))
        ).all()
        base_n = {code: n for code, n in found}
    out["baseline_n"] = [base_n.get(c) for c in out["code"]]
    out = out.sort_values("position").reset_index(drop=True)
    return out[LATEST_COLUMNS]


def reported_where(session: Session, pledge_code: str, area_code: str) -> dict[str, str]:
    """Per indicator of the pledge, the area whose figures a view of ``area_code`` shows: the area itself when the
    reporting schedule asks for it there or in its parts (a district adds up its delområden), else the first area
    the schedule names (Polisregion Syd for the police's survey, Malmö for the city's statistics)."""
    parents = dict(session.execute(select(col(Area.code), col(Area.parent_code))).all())

    def within(area: str) -> bool:  # area is area_code or one of its parts, at any depth
        seen: set[str] = set()
        while area and area not in seen:
            if area == area_code:
                return True
            seen.add(area)
            area = parents.get(area) or ""
        return False

    return {code: area_code if not plan.areas or any(within(a) for a in plan.areas) else plan.areas[0]
            for code, plan in schedules(session, pledge_code).items()}  # fmt: skip


def commitment_statuses(
    session: Session, pledge_code: str, until: dt.date, as_of: dt.datetime | None = None
) -> pd.DataFrame:
    """Every commitment of the pledge with its actor's newest status report for a period starting by ``until``
    (reported by ``as_of``, when given: reports are append-only, so a saved meeting's statuses are those before it).
    A report for a later period never hides the one before it: the newest report *up to* the cut-off counts."""
    rows = session.execute(
        text(
            """
            SELECT c.id, c.code, c.actor_code, c.kind, c.text, c.text_en, c.position, s.id AS status_id, s.period,
                   s.status, s.comment, s.source, s.reported_by, s.reported_at
            FROM commitment c
            JOIN pledge p ON p.id = c.pledge_id
            LEFT JOIN commitment_status s ON s.commitment_id = c.id AND (:as_of IS NULL OR s.reported_at <= :as_of)
            WHERE p.code = :pledge
            """
        )
        .bindparams(bindparam("as_of", type_=sa.DateTime(timezone=True)))
        .columns(reported_at=UTCDateTime),
        {"pledge": pledge_code, "as_of": as_of},
    ).mappings()
    frame = pd.DataFrame(list(rows))
    if not len(frame):
        return frame
    starts = [periods.parse_period(p).start if isinstance(p, str) else None for p in frame["period"]]
    frame = frame.assign(_start=starts)
    later = [s is not None and s > until for s in starts]
    frame.loc[later, ["status_id", "period", "status", "comment", "source", "reported_by", "reported_at"]] = None
    frame.loc[later, "_start"] = None
    # Per commitment the report of the newest period, the newest of its reports; a commitment with none keeps a
    # row of its own with empty status.
    frame = frame.sort_values(["_start", "period", "reported_at", "status_id"], ascending=False, na_position="last")
    frame = frame.drop_duplicates("id").sort_values("position")
    return frame.drop(columns=["_start", "status_id"]).reset_index(drop=True)


def reported_keys(
    session: Session, codes: list[str], area_code: str, meeting_id: int | None = None
) -> set[tuple[str, str]]:
    """(indicator, period) pairs that have a figure for the area (today, or when a meeting was saved)."""
    if not codes:
        return set()
    cf = _figure_source(meeting_id).c
    rows = session.execute(
        select(cf.indicator_code, cf.period).where(cf.area_code == area_code, cf.indicator_code.in_(codes))
    ).all()
    return {(a, b) for a, b in rows}


def schedules(session: Session, pledge_code: str) -> dict[str, Schedule]:
    """Each of the pledge's indicators' reporting schedule (:mod:`indicators.rules.schedule`), as its catalogue file
    gave it; an indicator without one (a store seeded before schedules) is expected for the pledge's own sub-areas."""
    p = session.execute(select(Pledge).where(col(Pledge.code) == pledge_code)).scalar_one_or_none()
    if p is None:
        return {}
    codes = pledge_indicator_codes(session, pledge_code)
    frequency = dict(session.execute(select(col(Indicator.code), col(Indicator.frequency))
                                     .where(col(Indicator.code).in_(codes))).all())  # fmt: skip
    stored = {r.indicator_code: r for r in session.execute(
        select(IndicatorSchedule).where(col(IndicatorSchedule.pledge_id) == p.id)).scalars()}  # fmt: skip
    parents = dict(session.execute(select(col(Area.code), col(Area.parent_code))).all())
    own = tuple(a for a in p.map_areas if parents.get(a) == p.area_code) or (p.area_code,)
    out = {}
    for code in codes:
        plan = stored.get(code)
        out[code] = Schedule(code, frequency[code], tuple(plan.areas) if plan else own,
                             plan.first_period if plan else None,
                             plan.grace_days if plan else DEFAULT_GRACE_DAYS)  # fmt: skip
    return out


def scheduled_areas(session: Session, pledge_code: str, actor_code: str) -> list[str]:
    """The areas where the reporting schedule asks the actor for figures in the pledge: the pledge's map areas in
    their order first, then the others (a city, a police region) by code."""
    p = session.execute(select(Pledge).where(col(Pledge.code) == pledge_code)).scalar_one_or_none()
    if p is None:
        return []
    mine = set(session.execute(select(col(Indicator.code)).where(col(Indicator.actor_code) == actor_code)).scalars())
    wanted = {a for code, plan in schedules(session, pledge_code).items() if code in mine for a in plan.areas}
    order = [*p.map_areas, p.area_code]
    return [a for a in dict.fromkeys(order) if a in wanted] + sorted(wanted - set(order))


DUE_STATE_COLUMNS = ["actor_code", "code", "name_sv", "name_en", "area_code", "period", "period_end", "deadline",
                     "state"]  # fmt: skip


def reporting_state(
    session: Session,
    pledge_code: str,
    today: dt.date,
    actor_code: str | None = None,
    area_code: str | None = None,
    meeting_id: int | None = None,
) -> pd.DataFrame:
    """Every figure the schedule expects by ``today`` (of one actor, for one area, when given), with its state:
    reported, due (ended, within the grace days) or overdue. As it stood when a meeting was saved, with
    ``meeting_id``."""
    p = session.execute(select(Pledge).where(col(Pledge.code) == pledge_code)).scalar_one_or_none()
    if p is None:
        return pd.DataFrame(columns=DUE_STATE_COLUMNS)
    plans = schedules(session, pledge_code)
    wanted = select(Indicator).where(col(Indicator.code).in_(list(plans)))
    if actor_code is not None:
        wanted = wanted.where(col(Indicator.actor_code) == actor_code)
    indicators = session.execute(wanted.order_by(col(Indicator.position), col(Indicator.code))).scalars().all()
    cf = _figure_source(meeting_id).c
    which = select(cf.indicator_code, cf.area_code, cf.period).where(
        cf.indicator_code.in_([i.code for i in indicators])
    )
    if area_code is not None:
        which = which.where(cf.area_code == area_code)
    reported = {tuple(r) for r in session.execute(which).all()}
    rows = []
    for ind in indicators:
        plan = plans[ind.code]
        for area in plan.areas:
            if area_code is not None and area != area_code:
                continue
            for period in plan.periods(p.start, p.end, today):
                state = plan.state(period, (ind.code, area, period.code) in reported, today)
                rows.append({"actor_code": ind.actor_code, "code": ind.code, "name_sv": ind.name_sv,
                             "name_en": ind.name_en, "area_code": area, "period": period.code,
                             "period_end": period.end, "deadline": plan.deadline(period),
                             "state": state.value})  # fmt: skip
    return pd.DataFrame(rows, columns=DUE_STATE_COLUMNS)


def overdue_figures(
    session: Session, pledge_code: str, area_code: str, today: dt.date, meeting_id: int | None = None
) -> pd.DataFrame:
    """The figures for an area that the reporting schedule expected and that are still missing after their grace
    days (an indicator not reported for the area is never overdue there)."""
    state = reporting_state(session, pledge_code, today, area_code=area_code, meeting_id=meeting_id)
    late = state[state["state"] == Due.OVERDUE.value]
    return pd.DataFrame(
        {
            "actor_code": late["actor_code"],
            "code": late["code"],
            "name_sv": late["name_sv"],
            "name_en": late["name_en"],
            "period": late["period"],
            "due": late["deadline"],
        },
        columns=["actor_code", "code", "name_sv", "name_en", "period", "due"],
    ).reset_index(drop=True)


COMPLETENESS_COLUMNS = ["actor_code", "area_code", "period", "expected", "reported", "due", "overdue", "rate"]


def completeness(session: Session, pledge_code: str, today: dt.date, meeting_id: int | None = None) -> pd.DataFrame:
    """The reporting rate per actor, area and period kind's period (as DHIS2's reporting-rate report): of the figures
    the schedule expected by ``today``, how many are reported, due and overdue (as a saved meeting saw them, with
    ``meeting_id``).

    Counted, not listed: the indicators whose schedules agree (frequency, first period, grace days, areas) expect
    the same figures, so the database counts each such group's reported figures per actor, area and period, and
    what is missing is the rest, due or overdue by the period's deadline. (Listing every expected figure, as
    :func:`reporting_state` does for one actor or area, read every current figure of the pledge into memory: at
    the malmo scale 1,6 million, 11 s and most of a gigabyte, on the overview's first run after every write.)"""
    p = session.execute(select(Pledge).where(col(Pledge.code) == pledge_code)).scalar_one_or_none()
    plans = schedules(session, pledge_code) if p is not None else {}
    of_indicator = select(col(Indicator.code), col(Indicator.actor_code)).where(col(Indicator.code).in_(list(plans)))
    actors = dict(session.execute(of_indicator).all())
    groups: dict[tuple[Any, ...], list[str]] = {}
    for code, plan in plans.items():
        if code in actors:
            groups.setdefault((plan.frequency, plan.first_period, plan.grace_days, plan.areas), []).append(code)
    cf = _figure_source(meeting_id).c
    parts = []
    for codes in groups.values():
        plan = plans[codes[0]]
        assert p is not None
        expected = plan.periods(p.start, p.end, today)
        if not expected or not plan.areas:
            continue
        overdue = [today > plan.deadline(period) for period in expected]
        per_actor = pd.Series([actors[c] for c in codes]).value_counts()  # indicators of each actor in the group
        names = ["actor_code", "area_code", "period"]
        grid = pd.MultiIndex.from_product([per_actor.index, plan.areas, [x.code for x in expected]], names=names)
        grid = grid.to_frame(index=False)
        grid["expected"] = grid["actor_code"].map(per_actor).astype("int64")
        grid["overdue_if_missing"] = overdue * (len(per_actor) * len(plan.areas))
        counted = session.execute(
            select(col(Indicator.actor_code), cf.area_code, cf.period, func.count())
            .join(Indicator, col(Indicator.code) == cf.indicator_code)
            .where(cf.indicator_code.in_(codes), cf.area_code.in_(plan.areas),
                   cf.period.in_([x.code for x in expected]))
            .group_by(col(Indicator.actor_code), cf.area_code, cf.period)
        ).all()  # fmt: skip
        reported = pd.DataFrame(counted, columns=["actor_code", "area_code", "period", "reported"])
        grid = grid.merge(reported, on=names, how="left")
        grid["reported"] = grid["reported"].fillna(0).astype("int64")
        missing = grid["expected"] - grid["reported"]
        grid["due"] = missing.where(~grid["overdue_if_missing"], 0)
        grid["overdue"] = missing.where(grid["overdue_if_missing"], 0)
        parts.append(grid.drop(columns="overdue_if_missing"))
    if not parts:
        return pd.DataFrame(columns=COMPLETENESS_COLUMNS)
    counts = (pd.concat(parts, ignore_index=True).groupby(["actor_code", "area_code", "period"], as_index=False)
              [["reported", "due", "overdue", "expected"]].sum())  # fmt: skip
    counts = counts[counts["expected"] > 0]
    counts["rate"] = (100 * counts["reported"] / counts["expected"]).round(1)
    return counts[COMPLETENESS_COLUMNS].reset_index(drop=True)


def changed_since(session: Session, pledge_code: str, since: dt.datetime) -> pd.DataFrame:
    """Figures stored since a moment (the last meeting): new ones (version 1) and corrections; a version that says
    what the one before it said (a returned figure sent again unchanged) is no correction and is left out."""
    codes = pledge_indicator_codes(session, pledge_code)
    if not codes:
        return pd.DataFrame()
    before = aliased(Figure)
    repeats = (
        select(col(before.id))
        .where(col(before.indicator_code) == Figure.indicator_code, col(before.area_code) == Figure.area_code,
               col(before.period) == Figure.period, col(before.version) == Figure.version - 1,
               or_(col(before.value) == Figure.value, and_(col(before.value).is_(None), col(Figure.value).is_(None))),
               or_(col(before.status_code) == Figure.status_code,
                   and_(col(before.status_code).is_(None), col(Figure.status_code).is_(None))))
        .exists()
    )  # fmt: skip
    rows = session.execute(
        select(
            col(Figure.indicator_code),
            col(Figure.area_code),
            col(Figure.period),
            col(Figure.value),
            col(Figure.status_code),
            col(Figure.version),
            col(Figure.entered_by),
            col(Figure.entered_at),
            col(Figure.source),
            col(Figure.review_state),
            col(Indicator.unit),
        )
        .join(Indicator, col(Indicator.code) == Figure.indicator_code)
        .where(col(Figure.entered_at) >= since, col(Figure.indicator_code).in_(codes), ~repeats)
        .order_by(col(Figure.entered_at).desc())
        .limit(500)
    ).mappings()
    return pd.DataFrame(list(rows))


def indicator(session: Session, code: str) -> dict[str, Any] | None:
    row = session.get(Indicator, code)
    if row is None:
        return None
    out = row.model_dump()
    out["commitments"] = [
        {"code": c.code, "text": c.text, "text_en": c.text_en, "actor_code": c.actor_code, "pledge": p}
        for c, p in session.execute(
            select(Commitment, col(Pledge.code))
            .join(IndicatorCommitment, col(IndicatorCommitment.commitment_id) == Commitment.id)
            .join(Pledge, col(Pledge.id) == Commitment.pledge_id)
            .where(col(IndicatorCommitment.indicator_code) == code)
            .order_by(col(Commitment.position))
        ).all()
    ]
    return out


def indicator_history(session: Session, code: str) -> pd.DataFrame:
    """Every version of every figure of one indicator, newest period first, corrections beside what they replaced."""
    rows = session.execute(
        select(
            col(Figure.area_code),
            col(Area.name).label("area_name"),
            col(Figure.period),
            col(Figure.period_start),
            col(Figure.version),
            col(Figure.value),
            col(Figure.status_code),
            col(Figure.n),
            col(Figure.source),
            col(Figure.note),
            col(Figure.entered_by),
            col(Figure.entered_at),
            col(Figure.review_state),
        )
        .join(Area, col(Area.code) == Figure.area_code)
        .where(col(Figure.indicator_code) == code)
        .order_by(col(Figure.period_start).desc(), col(Figure.area_code), col(Figure.version))
    ).mappings()
    return pd.DataFrame(list(rows))


def areas(session: Session) -> pd.DataFrame:
    rows = session.execute(
        select(col(Area.code), col(Area.name), col(Area.kind), col(Area.parent_code)).order_by(col(Area.code))
    ).all()
    return pd.DataFrame(rows, columns=["code", "name", "kind", "parent_code"])


# --- Map ----------------------------------------------------------------------------------------------------------


#: The tables :func:`indicator_periods` reads: the current figures, or what the public may see.
_PERIOD_TABLES = {"current_figure": CurrentFigure, "public_figure": PublicFigure}


def indicator_periods(
    session: Session,
    code: str,
    area_codes: list[str],
    table: Literal["current_figure", "public_figure"] = "current_figure",
) -> list[str]:
    """Periods with a figure of the indicator in any of the areas, newest first (``table``: the current figures,
    or ``public_figure`` for what the public may see)."""
    if not area_codes:
        return []
    t = sa.inspect(_PERIOD_TABLES[table]).local_table.c
    start = func.min(t.period_start).label("start")
    rows = session.execute(
        select(t.period, start)
        .where(t.indicator_code == code, t.area_code.in_(area_codes))
        .group_by(t.period)
        .order_by(start.desc(), t.period.desc())
    ).all()
    return [r[0] for r in rows]


def newest_figure_end(
    session: Session,
    pledge_code: str,
    table: Literal["current_figure", "public_figure"] = "current_figure",
    today: dt.date | None = None,
) -> dt.date | None:
    """The last day of the newest period, ended by ``today``, that has a figure of one of the pledge's indicators
    (``table``: the current figures, or ``public_figure`` for what the public may see); None without any. What
    "Siffror till och med" starts at: the data, never silently the pledge's end."""
    today = today or dt.date.today()
    codes = pledge_indicator_codes(session, pledge_code)
    if not codes:
        return None
    t = sa.inspect(_PERIOD_TABLES[table]).local_table.c
    start = func.min(t.period_start).label("start")
    newest = session.execute(
        select(t.period, start).where(t.indicator_code.in_(codes), t.period_start <= today)
        .group_by(t.period).order_by(start.desc()).limit(60)
    ).all()  # fmt: skip
    ends = [end for end in (periods.parse_period(p).end for p, _ in newest) if end <= today]
    return max(ends) if ends else None


def shapes(values: Any) -> list[Any]:
    """Area geometries as read by a text query: PostgreSQL hands over dicts, SQLite JSON text (read with orjson, a
    quarter of the time of json for Malmö's 136 shapes)."""
    return [g if isinstance(g, dict) or g is None else orjson.loads(g) for g in values]


MAP_COLUMNS = ["code", "name", "geometry", "centroid_lon", "centroid_lat", "value", "status_code", "n", "source",
               "review_state"]  # fmt: skip


def map_values(session: Session, code: str, period: str, area_codes: list[str]) -> pd.DataFrame:
    """Every listed area with its geometry and its current figure of the indicator for the period (if any)."""
    if not area_codes:
        return pd.DataFrame(columns=MAP_COLUMNS)
    rows = session.execute(
        text(
            """SELECT a.code, a.name, a.geometry, a.centroid_lon, a.centroid_lat,
                      f.value, f.status_code, f.n, f.source, f.review_state
               FROM area a
               LEFT JOIN current_figure cf
                 ON cf.area_code = a.code AND cf.indicator_code = :code AND cf.period = :period
               LEFT JOIN figure f ON f.id = cf.figure_id
               WHERE a.code IN :areas"""
        ).bindparams(bindparam("areas", expanding=True, type_=sa.String)),
        {"code": code, "period": period, "areas": area_codes},
    ).mappings()
    frame = pd.DataFrame(list(rows), columns=MAP_COLUMNS)
    frame["geometry"] = shapes(frame["geometry"])
    order = {c: i for i, c in enumerate(area_codes)}
    return frame.sort_values("code", key=lambda s: s.map(order)).reset_index(drop=True)


ACTIVITY_COLUMNS = ["id", "actor_code", "commitment_code", "type", "date", "area_code", "lon", "lat", "hours",
                    "participants", "description", "source"]  # fmt: skip


def activities(
    session: Session, pledge_code: str, start: dt.date, end: dt.date, types: tuple[str, ...] | None = None
) -> pd.DataFrame:
    """Activities of the pledge's actors in the pledge's map areas between two days (inclusive), newest first."""
    p = pledge(session, pledge_code)
    if p is None:
        return pd.DataFrame(columns=ACTIVITY_COLUMNS)
    if types is not None and not types:
        return pd.DataFrame(columns=ACTIVITY_COLUMNS)
    stmt: sa.Select[*tuple[Any, ...]] = (
        select(
            col(Activity.id), col(Activity.actor_code), col(Commitment.code).label("commitment_code"),
            col(Activity.type), col(Activity.date), col(Activity.area_code), col(Activity.lon), col(Activity.lat),
            col(Activity.hours), col(Activity.participants), col(Activity.description), col(Activity.source),
        )
        .select_from(Activity)
        .outerjoin(Commitment, col(Commitment.id) == Activity.commitment_id)
        .where(col(Activity.date).between(start, end), col(Activity.area_code).in_([*p["map_areas"], p["area_code"]]))
        .order_by(col(Activity.date).desc(), col(Activity.id).desc())
    )  # fmt: skip
    if types is not None:
        stmt = stmt.where(col(Activity.type).in_(types))
    return pd.DataFrame(list(session.execute(stmt).mappings()), columns=ACTIVITY_COLUMNS)


# --- Trends -------------------------------------------------------------------------------------------------------

SERIES_COLUMNS = ["indicator_code", "area_code", "area_name", "period", "period_start", "value", "status_code", "n",
                  "source", "review_state", "version"]  # fmt: skip


def series(session: Session, codes: list[str], area_codes: list[str]) -> pd.DataFrame:
    """The current figures of some indicators in some areas, oldest period first (what the trend charts draw)."""
    if not codes or not area_codes:
        return pd.DataFrame(columns=SERIES_COLUMNS)
    rows = session.execute(
        text(
            """SELECT cf.indicator_code, cf.area_code, ar.name AS area_name, cf.period, cf.period_start,
                      f.value, f.status_code, f.n, f.source, f.review_state, f.version
               FROM current_figure cf JOIN figure f ON f.id = cf.figure_id JOIN area ar ON ar.code = cf.area_code
               WHERE cf.indicator_code IN :codes AND cf.area_code IN :areas
               ORDER BY cf.indicator_code, cf.area_code, cf.period_start, cf.period"""
        )
        .bindparams(
            bindparam("codes", expanding=True, type_=sa.String), bindparam("areas", expanding=True, type_=sa.String)
        )
        .columns(period_start=sa.Date),
        {"codes": codes, "areas": area_codes},
    ).mappings()
    return in_area_order(pd.DataFrame(list(rows), columns=SERIES_COLUMNS), area_codes)


def in_area_order(rows: pd.DataFrame, area_codes: list[str]) -> pd.DataFrame:
    """A series' rows by indicator, the areas in the order given (the one the user chose first: a chart's legend and
    table follow it, not the areas' codes), each area's oldest period first."""
    position = {a: i for i, a in enumerate(dict.fromkeys(area_codes))}
    ordered = rows.assign(_at=rows["area_code"].map(position))
    return ordered.sort_values(["indicator_code", "_at", "period_start", "period"], kind="stable").drop(columns="_at")


# --- Commitments --------------------------------------------------------------------------------------------------


def commitment_indicators(session: Session, pledge_code: str) -> pd.DataFrame:
    """Which indicators follow up which commitment of the pledge."""
    rows = session.execute(
        select(col(Commitment.code), col(IndicatorCommitment.indicator_code))
        .join(IndicatorCommitment, col(IndicatorCommitment.commitment_id) == Commitment.id)
        .join(Pledge, col(Pledge.id) == Commitment.pledge_id)
        .where(col(Pledge.code) == pledge_code)
        .order_by(col(Commitment.position), col(IndicatorCommitment.indicator_code))
    ).all()
    return pd.DataFrame(rows, columns=["commitment_code", "indicator_code"])


def actor_last_update(session: Session, pledge_code: str) -> dict[str, dt.datetime]:
    """Per actor: when it last reported anything for the pledge (a figure, an activity or a commitment status)."""
    codes = pledge_indicator_codes(session, pledge_code)
    rows = session.execute(
        text(
            """SELECT actor, MAX(at) AS at FROM (
                   SELECT i.actor_code AS actor,
                          MAX((SELECT MAX(f.entered_at) FROM figure f WHERE f.indicator_code = i.code)) AS at
                   FROM indicator i WHERE i.code IN :codes
                   GROUP BY i.actor_code
                   UNION ALL
                   SELECT c.actor_code, MAX(cs.reported_at) FROM commitment_status cs
                   JOIN commitment c ON c.id = cs.commitment_id JOIN pledge p ON p.id = c.pledge_id
                   WHERE p.code = :pledge GROUP BY c.actor_code
                   UNION ALL
                   SELECT a.actor_code, MAX(a.entered_at) FROM activity a GROUP BY a.actor_code
               ) u GROUP BY actor"""
        )
        .bindparams(bindparam("codes", expanding=True, type_=sa.String))
        .columns(actor=sa.String, at=UTCDateTime),
        {"codes": codes, "pledge": pledge_code},
    ).all()
    return {actor: at for actor, at in rows if at is not None}


# --- Meetings -----------------------------------------------------------------------------------------------------


def meetings(session: Session, pledge_code: str) -> pd.DataFrame:
    """The pledge's saved meetings, newest first."""
    rows = session.execute(
        select(
            col(Meeting.id), col(Meeting.title), col(Meeting.held_on), col(Meeting.area_code), col(Meeting.until),
            col(Meeting.saved_by), col(Meeting.saved_at),
        )
        .where(col(Meeting.pledge_code) == pledge_code)
        .order_by(col(Meeting.held_on).desc(), col(Meeting.id).desc())
    ).all()  # fmt: skip
    return pd.DataFrame(rows, columns=["id", "title", "held_on", "area_code", "until", "saved_by", "saved_at"])


def meeting(session: Session, meeting_id: int) -> dict[str, Any] | None:
    row = session.get(Meeting, meeting_id)
    return row.model_dump() if row else None


def meeting_changes(session: Session, meeting_id: int) -> pd.DataFrame:
    """Figures that differ today from what a saved meeting saw: new figures, and corrections with then and now (a
    figure sent again with the value and status it had then, as a returned one may be, has not moved)."""
    m = session.get(Meeting, meeting_id)
    if m is None:
        return pd.DataFrame()
    codes = pledge_indicator_codes(session, m.pledge_code)
    rows = session.execute(
        text(
            """SELECT cf.indicator_code, cf.area_code, cf.period, cf.period_start,
                      old.value AS value_then, old.status_code AS status_then, old.version AS version_then,
                      now.value AS value_now, now.status_code AS status_now, now.version AS version_now,
                      now.entered_by, now.entered_at, now.review_state, i.unit
               FROM current_figure cf
               JOIN figure now ON now.id = cf.figure_id
               JOIN indicator i ON i.code = cf.indicator_code
               LEFT JOIN figure old
                 ON old.indicator_code = cf.indicator_code AND old.area_code = cf.area_code AND old.period = cf.period
                AND old.id <= :last
                AND NOT EXISTS (SELECT 1 FROM figure g WHERE g.indicator_code = old.indicator_code
                                AND g.area_code = old.area_code AND g.period = old.period
                                AND g.version > old.version AND g.id <= :last)
               WHERE cf.indicator_code IN :codes AND cf.figure_id > :last
                 AND NOT (old.id IS NOT NULL
                          AND (old.value = now.value OR (old.value IS NULL AND now.value IS NULL))
                          AND (old.status_code = now.status_code
                               OR (old.status_code IS NULL AND now.status_code IS NULL)))
               ORDER BY now.entered_at DESC, cf.indicator_code, cf.area_code
               LIMIT 2000"""
        )
        .bindparams(bindparam("codes", expanding=True, type_=sa.String))
        .columns(entered_at=UTCDateTime),
        {"codes": codes, "last": m.last_figure_id},
    ).mappings()
    return pd.DataFrame(
        list(rows),
        columns=["indicator_code", "area_code", "period", "period_start", "value_then", "status_then", "version_then",
                 "value_now", "status_now", "version_now", "entered_by", "entered_at", "review_state", "unit"],
    )  # fmt: skip


# --- Reporting and review -----------------------------------------------------------------------------------------

DUE_COLUMNS = ["indicator_code", "name_sv", "name_en", "unit", "frequency", "area_code", "period", "period_start",
               "due", "figure_id", "version", "value", "status_code", "n", "note", "source", "review_state",
               "review_comment", "entered_by", "entered_at", "state"]  # fmt: skip


def due_figures(
    session: Session,
    pledge_code: str,
    actor_code: str,
    area_codes: str | Sequence[str],
    today: dt.date,
    per_indicator: int = 6,
) -> pd.DataFrame:
    """For each of the actor's indicators that the reporting schedule asks for in an area (one area, or several):
    its latest ended periods (newest first, ``per_indicator`` of them) and every older one still missing after its
    deadline, each with its deadline, its state (reported, due, overdue) and what is already reported, if anything;
    by indicator, then area in the order given."""
    areas = [area_codes] if isinstance(area_codes, str) else list(dict.fromkeys(area_codes))
    p = session.execute(select(Pledge).where(col(Pledge.code) == pledge_code)).scalar_one_or_none()
    if p is None or not areas:
        return pd.DataFrame(columns=DUE_COLUMNS)
    codes = pledge_indicator_codes(session, pledge_code)
    indicators = session.execute(
        select(Indicator).where(col(Indicator.code).in_(codes), col(Indicator.actor_code) == actor_code)
        .order_by(col(Indicator.position))
    ).scalars().all()  # fmt: skip
    plans = {code: plan for code, plan in schedules(session, pledge_code).items() if set(areas) & set(plan.areas)}
    asked = [ind for ind in indicators if ind.code in plans]  # the schedule asks for these here
    reported: dict[tuple[str, str, str], dict[str, Any]] = {}
    if asked:
        for row in session.execute(
            text(
                """SELECT f.indicator_code, f.area_code, f.period, f.id AS figure_id, f.version, f.value,
                          f.status_code, f.n, f.note, f.source, f.review_state, f.review_comment, f.entered_by,
                          f.entered_at
                   FROM current_figure cf JOIN figure f ON f.id = cf.figure_id
                   WHERE cf.area_code IN :areas AND cf.indicator_code IN :codes"""
            )
            .bindparams(bindparam("codes", expanding=True, type_=sa.String),
                        bindparam("areas", expanding=True, type_=sa.String))
            .columns(entered_at=UTCDateTime),
            {"areas": areas, "codes": [ind.code for ind in asked]},
        ).mappings():  # fmt: skip
            reported[(row["indicator_code"], row["area_code"], row["period"])] = dict(row)
    rows = []
    for ind in asked:
        plan = plans[ind.code]
        ended = plan.periods(p.start, max(p.end, today), today)[::-1]  # newest first
        for area in (a for a in areas if a in plan.areas):
            for i, period in enumerate(ended):
                done = reported.get((ind.code, area, period.code), {})
                state = plan.state(period, bool(done), today)
                if i >= per_indicator and state is not Due.OVERDUE and done.get("review_state") != "returned":
                    continue  # older than the newest few, and nothing left to do (a returned one is to do)
                rows.append(
                    {
                        "indicator_code": ind.code, "name_sv": ind.name_sv, "name_en": ind.name_en, "unit": ind.unit,
                        "frequency": ind.frequency, "area_code": area, "period": period.code,
                        "period_start": period.start, "due": plan.deadline(period),
                        **{k: done.get(k) for k in DUE_COLUMNS[9:-1]}, "state": state.value,
                    }
                )  # fmt: skip
    return pd.DataFrame(rows, columns=DUE_COLUMNS)


REVIEW_COLUMNS = ["figure_id", "indicator_code", "name_sv", "name_en", "actor_code", "area_code", "period",
                  "period_start", "version", "value", "status_code", "n", "unit", "note", "source", "review_state",
                  "review_comment", "entered_by", "entered_at", "level"]  # fmt: skip


def figures_in_review(
    session: Session, states: tuple[str, ...], actor_code: str | None = None, period: str | None = None
) -> pd.DataFrame:
    """Newest versions in the given review states (submitted: to review; approved: to publish; returned: back
    with the editor), optionally of one actor or period, oldest first."""
    rows = session.execute(
        text(
            """SELECT f.id AS figure_id, f.indicator_code, i.name_sv, i.name_en, i.actor_code, f.area_code, f.period,
                      f.period_start, f.version, f.value, f.status_code, f.n, i.unit, f.note, f.source,
                      f.review_state, f.review_comment, f.entered_by, f.entered_at, i.level
               FROM current_figure cf JOIN figure f ON f.id = cf.figure_id
               JOIN indicator i ON i.code = f.indicator_code
               WHERE f.review_state IN :states
                 AND (:actor IS NULL OR i.actor_code = :actor) AND (:period IS NULL OR f.period = :period)
               ORDER BY f.entered_at, f.indicator_code, f.area_code, f.period_start
               LIMIT 5000"""
        )
        .bindparams(
            bindparam("states", expanding=True, type_=sa.String),
            bindparam("actor", type_=sa.String),
            bindparam("period", type_=sa.String),
        )
        .columns(entered_at=UTCDateTime),
        {"states": list(states), "actor": actor_code or None, "period": period or None},
    ).mappings()
    return pd.DataFrame(list(rows), columns=REVIEW_COLUMNS)


def histories(session: Session, keys: list[tuple[str, str]]) -> dict[tuple[str, str], list[tuple[str, float]]]:
    """The current numbers of each (indicator, area) in ``keys``, oldest period first, as (period, value): what
    the plausibility rule (:mod:`indicators.rules.plausibility`) compares a new value with."""
    out: dict[tuple[str, str], list[tuple[str, float]]] = {k: [] for k in keys}
    wanted = sorted(set(keys))
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        rows = session.execute(
            select(col(CurrentFigure.indicator_code), col(CurrentFigure.area_code), col(CurrentFigure.period),
                   col(Figure.value))
            .join(Figure, col(Figure.id) == CurrentFigure.figure_id)
            .where(tuple_(col(CurrentFigure.indicator_code), col(CurrentFigure.area_code)).in_(chunk),
                   col(Figure.value).is_not(None))
            .order_by(col(CurrentFigure.period_start), col(CurrentFigure.period))
        ).all()  # fmt: skip
        for code, area, period, value in rows:
            out[(code, area)].append((period, float(value)))
    return out


AUDIT_COLUMNS = ["at", "username", "action", "entity", "entity_key", "before", "after"]


def audit_trail(
    session: Session, username: str | None = None, key_prefix: str | None = None, limit: int = 500
) -> pd.DataFrame:
    """The audit trail, newest first: everything one user did, or everything that touched keys starting with a
    prefix (an indicator's figures are keyed ``CODE/AREA/PERIOD``)."""
    stmt = select(AuditEntry).order_by(col(AuditEntry.at).desc(), col(AuditEntry.id).desc())
    if username:
        stmt = stmt.where(col(AuditEntry.username) == username)
    if key_prefix:
        stmt = stmt.where(col(AuditEntry.entity_key).startswith(key_prefix))
    rows = session.execute(stmt.limit(limit)).scalars().all()
    return pd.DataFrame([r.model_dump(include=set(AUDIT_COLUMNS)) for r in rows], columns=AUDIT_COLUMNS)


def definition_changes(session: Session, code: str) -> pd.DataFrame:
    """How an indicator's definition changed, newest first, one row per changed field: when, who, which pledge's
    file, before and after (from the audit trail, where every catalogue change is kept as a new version)."""
    rows = session.execute(
        select(AuditEntry)
        .where(col(AuditEntry.entity) == "indicator", col(AuditEntry.entity_key) == code,
               col(AuditEntry.action) == "indicator.change")
        .order_by(col(AuditEntry.at).desc(), col(AuditEntry.id).desc())
    ).scalars()  # fmt: skip
    out = [
        {"at": r.at, "username": r.username, "pledge": (r.after or {}).get("pledge", ""), "field": field,
         "before": (r.before or {}).get(field), "after": value}
        for r in rows for field, value in (r.after or {}).items() if field != "pledge"
    ]  # fmt: skip
    return pd.DataFrame(out, columns=["at", "username", "pledge", "field", "before", "after"])


def usernames(session: Session) -> list[str]:
    return list(
        session.execute(select(col(AuditEntry.username)).distinct().order_by(col(AuditEntry.username))).scalars()
    )


def demo_accounts(session: Session) -> list[str]:
    """The demo accounts that are active and still have the published password, on a store with demo figures
    (the sign-in page names them to visitors at this machine only; `make run` prints them)."""
    if session.execute(select(col(Figure.id)).where(col(Figure.source) == DEMO_SOURCE).limit(1)).first() is None:
        return []
    return auth.exposed_demo_accounts(session)
