"""What the public may see, and only that: the one way public pages, the newsletter and the open-data export read.

- Figures: the newest *published* version of each figure of an indicator marked public, with disclosure control
  (:mod:`indicators.disclosure`) applied once over all of them, so a page, a chart, a map, a tooltip and a download
  hide the same cells. Unpublished versions, non-public indicators, notes and reporters never leave this module.
- Commitments: each commitment with its actor's newest status word and date (no internal comment).
- Activities: counts per type and area (no points, no descriptions), participant counts disclosure-controlled.

The functions taking a session are read through the app's cache; the others derive views from their frames.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import select, text
from sqlmodel import Session

from indicators import disclosure, periods, queries
from indicators.models import DEMO_SOURCE, Area, Indicator
from indicators.units import unit

FIGURE_COLUMNS = ["indicator_code", "area_code", "area_name", "period", "period_start", "value", "status_code", "n",
                  "source", "review_state", "version", "unit", "protection", "published_at"]  # fmt: skip


def figures(session: Session) -> pd.DataFrame:
    """Every published figure of a public indicator (newest published version), disclosure control applied."""
    rows = session.execute(
        text(
            """SELECT cf.indicator_code, cf.area_code, a.name AS area_name, cf.period, cf.period_start,
                      f.value, f.status_code, f.n, f.source, f.version, i.unit,
                      COALESCE(f.reviewed_at, f.entered_at) AS published_at
               FROM current_figure cf
               JOIN figure f ON f.id = cf.published_figure_id
               JOIN indicator i ON i.code = cf.indicator_code
               JOIN area a ON a.code = cf.area_code
               WHERE cf.published_figure_id IS NOT NULL AND i.public
               ORDER BY i.position, cf.indicator_code, cf.area_code, cf.period_start, cf.period"""
        )
    ).mappings()
    frame = pd.DataFrame(list(rows), columns=[c for c in FIGURE_COLUMNS if c not in ("review_state", "protection")])
    parents: dict[str, str | None] = dict(session.execute(select(Area.code, Area.parent_code)).all())
    frame = disclosure.protect(frame, parents)
    frame["review_state"] = "published"
    frame["period_start"] = [
        d if isinstance(d, dt.date) else dt.date.fromisoformat(str(d)) for d in frame["period_start"]
    ]
    frame["n"] = [
        None if pd.isna(n) or isinstance(p, str) else int(n)
        for n, p in zip(frame["n"], frame["protection"], strict=True)
    ]
    return frame[FIGURE_COLUMNS]


def indicators(session: Session, pledge_code: str) -> list[dict[str, Any]]:
    """The public indicators of a pledge, in catalogue order, with the commitments each follows up."""
    codes = set(queries.pledge_indicator_codes(session, pledge_code))
    links = queries.commitment_indicators(session, pledge_code)
    rows = session.execute(
        select(Indicator).where(Indicator.public).order_by(Indicator.position, Indicator.code)  # type: ignore[arg-type]
    ).scalars()
    return [
        i.model_dump() | {"commitments": links[links["indicator_code"] == i.code]["commitment_code"].tolist()}
        for i in rows
        if i.code in codes
    ]


def commitments(session: Session, pledge_code: str, until: dt.date) -> pd.DataFrame:
    """Every commitment with its actor's newest status (word and date only: comments stay internal)."""
    rows = queries.commitment_statuses(session, pledge_code, until)
    return rows[["code", "actor_code", "kind", "text", "position", "period", "status", "reported_at"]]


def _activities(session: Session, pledge_code: str, start: dt.date, end: dt.date, by_area: bool) -> list[Any]:
    p = queries.pledge(session, pledge_code)
    if p is None:
        return []
    areas_in, params = queries._in([*p["map_areas"], p["area_code"]], "a")
    keys = "type, area_code" if by_area else "type"
    return list(
        session.execute(
            text(
                f"""SELECT {keys}, COUNT(*) AS activities, SUM(hours) AS hours, SUM(participants) AS participants,
                           SUM(CASE WHEN source = :demo THEN 1 ELSE 0 END) AS demo
                    FROM activity WHERE date BETWEEN :start AND :end AND area_code IN ({areas_in})
                    GROUP BY {keys} ORDER BY {keys}"""
            ),
            params | {"start": start, "end": end, "demo": DEMO_SOURCE},
        ).all()
    )


def activity_counts(session: Session, pledge_code: str, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Activities of the pledge's actors between two days, counted per type and area (for the map)."""
    rows = _activities(session, pledge_code, start, end, by_area=True)
    frame = pd.DataFrame(rows, columns=["type", "area_code", "activities", "hours", "participants", "demo"])
    return frame.drop(columns="participants").astype({"activities": int, "demo": int})


def activity_totals(session: Session, pledge_code: str, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Activities per type between two days: how many, hours, and participants (a total of 1–4 is "small")."""
    frame = pd.DataFrame(
        _activities(session, pledge_code, start, end, by_area=False),
        columns=["type", "activities", "hours", "participants", "demo"],
    )
    small = [not pd.isna(x) and 0 < x < disclosure.SMALL_COUNT for x in frame["participants"]]
    frame["participants"] = [
        None if s or pd.isna(x) else int(x) for x, s in zip(frame["participants"], small, strict=True)
    ]
    frame["participants_status"] = ["small" if s else None for s in small]
    return frame.astype({"activities": int, "demo": int})


def last_updates(session: Session, pledge_code: str) -> dict[str, dt.datetime]:
    """Per actor: the last public change (a figure published, a status reported, an activity recorded)."""
    rows = session.execute(
        text(
            """SELECT actor, MAX(at) FROM (
                   SELECT i.actor_code AS actor, MAX(f.reviewed_at) AS at
                   FROM current_figure cf JOIN figure f ON f.id = cf.published_figure_id
                   JOIN indicator i ON i.code = cf.indicator_code WHERE i.public GROUP BY i.actor_code
                   UNION ALL
                   SELECT c.actor_code, MAX(s.reported_at) FROM commitment_status s
                   JOIN commitment c ON c.id = s.commitment_id JOIN pledge p ON p.id = c.pledge_id
                   WHERE p.code = :pledge GROUP BY c.actor_code
                   UNION ALL
                   SELECT actor_code, MAX(entered_at) FROM activity GROUP BY actor_code
               ) u WHERE at IS NOT NULL GROUP BY actor"""
        ),
        {"pledge": pledge_code},
    ).all()
    return {actor: queries._aware(at) for actor, at in rows}


def area_shapes(session: Session, codes: tuple[str, ...]) -> pd.DataFrame:
    """The listed areas with their geometry and centroid (for the public maps)."""
    rows = session.execute(
        select(Area.code, Area.name, Area.geometry, Area.centroid_lon, Area.centroid_lat).where(
            Area.code.in_(codes)  # type: ignore[attr-defined]
        )
    ).all()
    frame = pd.DataFrame(rows, columns=["code", "name", "geometry", "centroid_lon", "centroid_lat"])
    frame["geometry"] = [g if isinstance(g, dict) or g is None else json.loads(g) for g in frame["geometry"]]
    order = {c: i for i, c in enumerate(codes)}
    return frame.sort_values("code", key=lambda s: s.map(order)).reset_index(drop=True)


# --- Views derived from the frames above (no session) ---------------------------------------------------------------


def series(figs: pd.DataFrame, codes: list[str], area_codes: list[str], until: dt.date | None = None) -> pd.DataFrame:
    """The published figures of some indicators in some areas (with periods ended by ``until``), oldest period first
    (what a trend chart draws)."""
    rows = figs[figs["indicator_code"].isin(codes) & figs["area_code"].isin(area_codes)]
    if until is not None:
        rows = rows[np.array([periods.parse_period(p).end <= until for p in rows["period"]], dtype=bool)]
    return rows.sort_values(["indicator_code", "area_code", "period_start", "period"]).reset_index(drop=True)


def periods_of(figs: pd.DataFrame, code: str, area_codes: list[str], until: dt.date | None = None) -> list[str]:
    """Periods (ended by ``until``) with a published figure of the indicator in any of the areas, newest first."""
    rows = series(figs, [code], area_codes, until)
    ordered = rows.drop_duplicates("period").sort_values(["period_start", "period"], ascending=False)
    return ordered["period"].tolist()


def map_values(figs: pd.DataFrame, shapes: pd.DataFrame, code: str, period: str) -> pd.DataFrame:
    """Every area of ``shapes`` with its published figure of the indicator for the period (if any)."""
    rows = figs[(figs["indicator_code"] == code) & (figs["period"] == period)]
    values = rows.set_index("area_code")[["value", "status_code", "n", "source", "review_state"]]
    out = shapes.join(values, on="code")
    return out[queries.MAP_COLUMNS]


#: What :func:`latest` carries of each indicator.
INDICATOR_KEYS = ("code", "name_sv", "name_en", "level", "actor_code", "unit", "frequency", "direction",
                  "target_value", "baseline_value", "position", "explanation", "categories")  # fmt: skip


def latest(figs: pd.DataFrame, inds: list[dict[str, Any]], area: str, until: dt.date) -> pd.DataFrame:
    """Per public indicator: its newest published figure for the area with a period ended by ``until``, and the one
    before it (indicators without figures included, with no period)."""
    rows = figs[figs["area_code"] == area]
    rows = rows[np.array([periods.parse_period(p).end <= until for p in rows["period"]], dtype=bool)]
    rows = rows.sort_values(["period_start", "period"], ascending=False)
    out = []
    for ind in inds:
        mine = rows[rows["indicator_code"] == ind["code"]]
        now = mine.iloc[0] if len(mine) else None
        before = mine.iloc[1] if len(mine) > 1 else None
        out.append(
            {k: ind[k] for k in INDICATOR_KEYS}
            | {
                "period": None if now is None else now["period"],
                "value": None if now is None else now["value"],
                "status_code": None if now is None else now["status_code"],
                "n": None if now is None else now["n"],
                "source": ind["source"] if now is None else now["source"],
                "protection": None if now is None else now["protection"],
                "previous_period": None if before is None else before["period"],
                "previous_value": None if before is None else before["value"],
            }
        )
    return pd.DataFrame(out)


def uncertainty_key(unit_code: str) -> str:
    """The catalogue key of the sentence that says how certain a figure in this unit is."""
    u = unit(unit_code)
    if u.needs_n:
        return "pub.uncertainty.survey"
    if u.scaled:
        return "pub.uncertainty.index"
    if u.categorical:
        return "pub.uncertainty.category"
    if disclosure.additive(unit_code):
        return "pub.uncertainty.count"
    if unit_code == "per_1000":
        return "pub.uncertainty.crime"
    return "pub.uncertainty.register"


def data_info(session: Session) -> dict[str, Any]:
    """How many published figures the public can see, and the day the newest was published (for Om tjänsten)."""
    figs = figures(session)
    newest = figs["published_at"].dropna().max() if len(figs) else None
    return {"figures": len(figs), "published": None if newest is None or pd.isna(newest) else str(newest)[:10]}
