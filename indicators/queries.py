"""The one way out for data: read functions for pages, the CLI and exports. Aggregation happens in SQL."""

from __future__ import annotations

from typing import Any

import pandas as pd
from sqlalchemy import func, select
from sqlmodel import Session

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
    indicators: dict[str, int] = dict(
        session.execute(
            select(Indicator.level, func.count(func.distinct(Indicator.code)))
            .join(IndicatorCommitment, IndicatorCommitment.indicator_code == Indicator.code)  # type: ignore[arg-type]
            .join(Commitment, Commitment.id == IndicatorCommitment.commitment_id)  # type: ignore[arg-type]
            .where(Commitment.pledge_id == pledge_id)
            .group_by(Indicator.level)
        ).all()
    )
    commitments: dict[str, int] = dict(
        session.execute(
            select(Indicator.level, func.count(func.distinct(Commitment.id)))
            .join(IndicatorCommitment, IndicatorCommitment.indicator_code == Indicator.code)  # type: ignore[arg-type]
            .join(Commitment, Commitment.id == IndicatorCommitment.commitment_id)  # type: ignore[arg-type]
            .where(Commitment.pledge_id == pledge_id)
            .group_by(Indicator.level)
        ).all()
    )
    return pd.DataFrame(
        [
            {
                "level": lvl.value,
                "indicators": int(indicators.get(lvl.value, 0)),
                "commitments": int(commitments.get(lvl.value, 0)),
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
