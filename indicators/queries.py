"""The one way out for data: read functions for pages, the CLI and exports. Aggregation happens in SQL."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
from sqlalchemy import func, select, text
from sqlmodel import Session, col

from indicators import periods
from indicators.db import safe_url
from indicators.models import (
    DEMO_SOURCE,
    Actor,
    Area,
    Commitment,
    CurrentFigure,
    Figure,
    Indicator,
    IndicatorCommitment,
    Level,
    Pledge,
)


def _count(session: Session, *stmt_parts: Any) -> int:
    return int(session.execute(select(func.count()).select_from(*stmt_parts)).scalar() or 0)


def store_info(session: Session, url: str) -> dict[str, Any]:
    """Counts of everything in the store (the CLI's `info`)."""
    by_level = dict.fromkeys((lvl.value for lvl in Level), 0)
    for level, count in session.execute(select(Indicator.level, func.count()).group_by(Indicator.level)).all():
        by_level[level] = int(count)
    demo = session.execute(select(func.count()).select_from(Figure).where(Figure.source == DEMO_SOURCE)).scalar()
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
        "database": safe_url(url),
    }


def catalogue_rows(session: Session) -> list[dict[str, Any]]:
    """Every indicator with its metadata and the commitment codes it follows up (the CLI's `catalogue`)."""
    links: dict[str, list[str]] = {}
    for code, commitment in session.execute(
        select(IndicatorCommitment.indicator_code, Commitment.code)
        .join(Commitment, Commitment.id == IndicatorCommitment.commitment_id)  # type: ignore[arg-type]
        .order_by(Commitment.position)
    ).all():
        links.setdefault(code, [])
        if commitment not in links[code]:
            links[code].append(commitment)
    rows = []
    for ind in session.execute(select(Indicator).order_by(Indicator.position, Indicator.code)).scalars():
        rows.append(
            {
                "code": ind.code,
                "name": ind.name_sv,
                "name_en": ind.name_en,
                "level": ind.level,
                "actor": ind.actor_code,
                "unit": ind.unit,
                "frequency": ind.frequency,
                "direction": ind.direction,
                "public": ind.public,
                "commitments": links.get(ind.code, []),
                "source": ind.source,
                "definition": ind.definition,
                "baseline": {"value": ind.baseline_value, "period": ind.baseline_period}
                if ind.baseline_value is not None
                else None,
                "target": {"value": ind.target_value, "period": ind.target_period}
                if ind.target_value is not None
                else None,
            }
        )
    return rows


def pledges(session: Session) -> pd.DataFrame:
    rows = session.execute(select(Pledge).order_by(Pledge.start.desc())).scalars().all()  # type: ignore[attr-defined]
    return pd.DataFrame([p.model_dump() for p in rows])


def pledge(session: Session, code: str) -> dict[str, Any] | None:
    row = session.execute(select(Pledge).where(Pledge.code == code)).scalar_one_or_none()
    return row.model_dump() if row else None


def actors(session: Session) -> pd.DataFrame:
    rows = session.execute(select(Actor)).scalars().all()
    return pd.DataFrame([a.model_dump() for a in rows], columns=["code", "name", "short_name", "parent_code"])


def level_summary(session: Session, pledge_code: str) -> pd.DataFrame:
    """Per follow-up level: how many commitments and indicators the pledge has (one row per level, in order)."""
    pledge_id = select(Pledge.id).where(Pledge.code == pledge_code).scalar_subquery()
    counts = {
        level: (int(indicators), int(commitments))
        for level, indicators, commitments in session.execute(
            select(Indicator.level, func.count(func.distinct(Indicator.code)), func.count(func.distinct(Commitment.id)))
            .join(IndicatorCommitment, IndicatorCommitment.indicator_code == Indicator.code)  # type: ignore[arg-type]
            .join(Commitment, Commitment.id == IndicatorCommitment.commitment_id)  # type: ignore[arg-type]
            .where(Commitment.pledge_id == pledge_id)
            .group_by(Indicator.level)
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
    """Per actor: its commitments in the pledge and the indicators it is responsible for."""
    pledge_id = select(Pledge.id).where(Pledge.code == pledge_code).scalar_subquery()
    commitments: dict[str, int] = dict(
        session.execute(
            select(Commitment.actor_code, func.count())
            .where(Commitment.pledge_id == pledge_id)
            .group_by(Commitment.actor_code)
        ).all()
    )
    indicators: dict[str, int] = dict(
        session.execute(
            select(Indicator.actor_code, func.count(func.distinct(Indicator.code)))
            .join(IndicatorCommitment, IndicatorCommitment.indicator_code == Indicator.code)  # type: ignore[arg-type]
            .join(Commitment, Commitment.id == IndicatorCommitment.commitment_id)  # type: ignore[arg-type]
            .where(Commitment.pledge_id == pledge_id)
            .group_by(Indicator.actor_code)
        ).all()
    )
    rows = []
    for a in session.execute(select(Actor)).scalars():
        rows.append(
            {
                "code": a.code,
                "name": a.name,
                "parent_code": a.parent_code,
                "commitments": int(commitments.get(a.code, 0)),
                "indicators": int(indicators.get(a.code, 0)),
            }
        )
    order = {code: i for i, code in enumerate(["POL", "MS", "FGK", "ASF", "MF", "BID"])}
    return (
        pd.DataFrame(rows).sort_values("code", key=lambda s: s.map(lambda c: order.get(c, 99))).reset_index(drop=True)
    )


def figure_history(session: Session, indicator_code: str, area_code: str, period: str) -> pd.DataFrame:
    """Every version of one figure, oldest first."""
    rows = session.execute(
        select(Figure)
        .where(Figure.indicator_code == indicator_code, Figure.area_code == area_code, Figure.period == period)
        .order_by(Figure.version)  # type: ignore[arg-type]
    ).scalars()
    return pd.DataFrame([r.model_dump() for r in rows])


def current_figure(session: Session, indicator_code: str, area_code: str, period: str) -> dict[str, Any] | None:
    """The newest version of one figure."""
    row = session.execute(
        select(Figure)
        .join(CurrentFigure, CurrentFigure.figure_id == Figure.id)  # type: ignore[arg-type]
        .where(
            CurrentFigure.indicator_code == indicator_code,
            CurrentFigure.area_code == area_code,
            CurrentFigure.period == period,
        )
    ).scalar_one_or_none()
    return row.model_dump() if row else None


def demo_share(session: Session) -> tuple[int, int]:
    """(current figures from demo data, all current figures): pages label demo data when the first is non-zero."""
    total = _count(session, CurrentFigure)
    demo = session.execute(
        select(func.count())
        .select_from(CurrentFigure)
        .join(Figure, Figure.id == CurrentFigure.figure_id)  # type: ignore[arg-type]
        .where(Figure.source == DEMO_SOURCE)
    ).scalar()
    return int(demo or 0), total


def pledge_indicator_codes(session: Session, pledge_code: str) -> list[str]:
    """Codes of the indicators that follow up any commitment of the pledge."""
    return list(
        session.execute(
            select(IndicatorCommitment.indicator_code)
            .join(Commitment, Commitment.id == IndicatorCommitment.commitment_id)  # type: ignore[arg-type]
            .join(Pledge, Pledge.id == Commitment.pledge_id)  # type: ignore[arg-type]
            .where(Pledge.code == pledge_code)
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
    "baseline_value",
    "position",
    "period",
    "value",
    "status_code",
    "n",
    "source",
    "review_state",
    "previous_period",
    "previous_value",
]


def latest_values(session: Session, pledge_code: str, area_code: str, until: dt.date) -> pd.DataFrame:
    """Per indicator of the pledge: the newest figure for the area with a period ending by ``until``, and the one
    before it (ranked in SQL; one row per indicator, indicators without figures included)."""
    codes = pledge_indicator_codes(session, pledge_code)
    if not codes:
        return pd.DataFrame(columns=LATEST_COLUMNS)
    ranked = text(
        f"""
        SELECT cf.indicator_code, cf.period, f.value, f.status_code, f.n, f.source, f.review_state,
               ROW_NUMBER() OVER (PARTITION BY cf.indicator_code ORDER BY cf.period_start DESC, cf.period DESC) AS rn
        FROM current_figure cf JOIN figure f ON f.id = cf.figure_id
        WHERE cf.area_code = :area AND cf.period_start <= :until
          AND cf.indicator_code IN ({", ".join(f":c{i}" for i in range(len(codes)))})
        """
    )
    params: dict[str, Any] = {"area": area_code, "until": until, **{f"c{i}": c for i, c in enumerate(codes)}}
    rows = pd.DataFrame(
        session.execute(text(f"SELECT * FROM ({ranked.text}) r WHERE rn <= 4"), params).mappings().all(),
        columns=["indicator_code", "period", "value", "status_code", "n", "source", "review_state", "rn"],
    )
    # A period that has not ended by `until` does not count yet (e.g. a year for an end of March): drop those
    # (at most the running period of each kind) and rank again.
    if len(rows):
        rows = rows[[periods.parse_period(p).end <= until for p in rows["period"]]]
        rows = rows.assign(rn=rows.groupby("indicator_code").cumcount() + 1)
    latest = rows[rows["rn"] == 1].drop(columns="rn").set_index("indicator_code")
    previous = rows[rows["rn"] == 2].set_index("indicator_code")[["period", "value"]]
    previous.columns = ["previous_period", "previous_value"]
    meta = (
        pd.DataFrame(
            [
                i.model_dump()
                for i in session.execute(select(Indicator).where(Indicator.code.in_(codes))).scalars()  # type: ignore[attr-defined]
            ]
        )
        .set_index("code")
        .drop(columns=["source"])
    )
    out = meta.join(latest, how="left").join(previous, how="left").reset_index()
    out = out.sort_values("position").reset_index(drop=True)
    return out[LATEST_COLUMNS]


def commitment_statuses(session: Session, pledge_code: str, until: dt.date) -> pd.DataFrame:
    """Every commitment of the pledge with its actor's newest status report for a period starting by ``until``."""
    rows = session.execute(
        text(
            """
            SELECT c.id, c.code, c.actor_code, c.kind, c.text, c.position, s.period, s.status, s.comment,
                   s.source, s.reported_by, s.reported_at
            FROM commitment c
            JOIN pledge p ON p.id = c.pledge_id
            LEFT JOIN (
                SELECT cs.*, ROW_NUMBER() OVER (
                    PARTITION BY cs.commitment_id ORDER BY cs.period DESC, cs.reported_at DESC, cs.id DESC) AS rn
                FROM commitment_status cs
            ) s ON s.commitment_id = c.id AND s.rn = 1
            WHERE p.code = :pledge
            ORDER BY c.position
            """
        ),
        {"pledge": pledge_code},
    ).mappings()
    frame = pd.DataFrame(list(rows))
    if len(frame):
        started = [p is None or periods.parse_period(p).start <= until for p in frame["period"]]
        frame.loc[[not s for s in started], ["period", "status", "comment", "reported_at"]] = None
    return frame


def reported_keys(session: Session, codes: list[str], area_code: str) -> set[tuple[str, str]]:
    """(indicator, period) pairs that have a figure for the area."""
    if not codes:
        return set()
    rows = session.execute(
        select(CurrentFigure.indicator_code, CurrentFigure.period).where(
            CurrentFigure.area_code == area_code,
            CurrentFigure.indicator_code.in_(codes),  # type: ignore[attr-defined]
        )
    ).all()
    return {(a, b) for a, b in rows}


def overdue_figures(session: Session, pledge_code: str, area_code: str, today: dt.date) -> pd.DataFrame:
    """Figures expected in the pledge period by each indicator's frequency, ended by ``today``, and not reported."""
    p = session.execute(select(Pledge).where(Pledge.code == pledge_code)).scalar_one()
    codes = pledge_indicator_codes(session, pledge_code)
    indicators = session.execute(select(Indicator).where(Indicator.code.in_(codes))).scalars().all()  # type: ignore[attr-defined]
    reported = reported_keys(session, codes, area_code)
    rows = []
    for ind in sorted(indicators, key=lambda i: i.position):
        for period in periods.expected_periods(ind.frequency, p.start, p.end, today):
            if (ind.code, period.code) not in reported:
                rows.append(
                    {
                        "actor_code": ind.actor_code,
                        "code": ind.code,
                        "name_sv": ind.name_sv,
                        "name_en": ind.name_en,
                        "period": period.code,
                        "due": period.end,
                    }
                )
    return pd.DataFrame(rows, columns=["actor_code", "code", "name_sv", "name_en", "period", "due"])


def changed_since(session: Session, pledge_code: str, since: dt.datetime) -> pd.DataFrame:
    """Figures stored since a moment (the last meeting): new ones (version 1) and corrections."""
    codes = pledge_indicator_codes(session, pledge_code)
    if not codes:
        return pd.DataFrame()
    rows = session.execute(
        select(
            Figure.indicator_code,
            Figure.area_code,
            Figure.period,
            Figure.value,
            Figure.status_code,
            Figure.version,
            Figure.entered_by,
            Figure.entered_at,
            Figure.source,
            Figure.review_state,
        )
        .where(Figure.entered_at >= since, Figure.indicator_code.in_(codes))  # type: ignore[attr-defined,operator]
        .order_by(Figure.entered_at.desc())  # type: ignore[attr-defined]
        .limit(500)
    ).mappings()
    return pd.DataFrame(list(rows))


def indicator(session: Session, code: str) -> dict[str, Any] | None:
    row = session.get(Indicator, code)
    if row is None:
        return None
    out = row.model_dump()
    out["commitments"] = [
        {"code": c.code, "text": c.text, "actor_code": c.actor_code, "pledge": p}
        for c, p in session.execute(
            select(Commitment, Pledge.code)
            .join(IndicatorCommitment, IndicatorCommitment.commitment_id == Commitment.id)  # type: ignore[arg-type]
            .join(Pledge, Pledge.id == Commitment.pledge_id)  # type: ignore[arg-type]
            .where(IndicatorCommitment.indicator_code == code)
            .order_by(Commitment.position)
        ).all()
    ]
    return out


def indicator_history(session: Session, code: str) -> pd.DataFrame:
    """Every version of every figure of one indicator, newest period first, corrections beside what they replaced."""
    rows = session.execute(
        select(
            Figure.area_code,
            col(Area.name).label("area_name"),
            Figure.period,
            Figure.period_start,
            Figure.version,  # type: ignore[attr-defined]
            Figure.value,
            Figure.status_code,
            Figure.n,
            Figure.source,
            Figure.note,
            Figure.entered_by,
            Figure.entered_at,
            Figure.review_state,
        )
        .join(Area, Area.code == Figure.area_code)  # type: ignore[arg-type]
        .where(Figure.indicator_code == code)
        .order_by(Figure.period_start.desc(), Figure.area_code, Figure.version)  # type: ignore[attr-defined]
    ).mappings()
    return pd.DataFrame(list(rows))


def areas(session: Session) -> pd.DataFrame:
    rows = session.execute(select(Area.code, Area.name, Area.kind, Area.parent_code).order_by(Area.code)).all()
    return pd.DataFrame(rows, columns=["code", "name", "kind", "parent_code"])
