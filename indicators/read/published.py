"""What the public may see, and only that: the one way public pages, the newsletter and the open-data export read.

- Figures: the newest *published* version of each figure of an indicator marked public, with disclosure control
  (:mod:`indicators.rules.disclosure`) decided once per indicator whenever what is published changes, and kept in the
  ``public_figure`` table (:func:`refresh`), so a page, a chart, a map, a tooltip and a download hide the same
  cells. Unpublished versions, non-public indicators, notes and reporters never reach that table.
- Commitments: each commitment with its actor's newest status word and date (no internal comment).
- Activities: counts per type and area (no points, no descriptions), participant counts disclosure-controlled.

The functions taking a session are read through the app's cache; the others derive views from their frames.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Collection
from typing import Any

import numpy as np
import pandas as pd
import sqlalchemy as sa
from sqlalchemy import bindparam, select, text, type_coerce
from sqlalchemy.types import NullType
from sqlmodel import Session, col
from sqlmodel.sql.sqltypes import UTCDateTime

from indicators.base.i18n import N_, DomainError
from indicators.base.models import (
    DEMO_SOURCE,
    Area,
    Indicator,
    PublicFigure,
    StoreKey,
)
from indicators.read import queries
from indicators.rules import disclosure, periods
from indicators.rules.status import assess_latest
from indicators.rules.units import unit

#: What the public frame holds: never which rule hid a value (the status says only that it is hidden).
FIGURE_COLUMNS = ["indicator_code", "area_code", "area_name", "period", "period_start", "value", "status_code", "n",
                  "source", "review_state", "version", "unit", "published_at"]  # fmt: skip


@functools.lru_cache(maxsize=65536)
def _ended(period: str, until: dt.date) -> bool:
    return periods.parse_period(period).end <= until


def figures(
    session: Session,
    codes: tuple[str, ...] | None = None,
    areas: tuple[str, ...] | None = None,
    period: str | None = None,
) -> pd.DataFrame:
    """Published figures of public indicators (newest published version), disclosure control applied: all of
    them, or those of some indicators, areas and/or one period."""
    p = PublicFigure
    stmt: sa.Select[*tuple[Any, ...]] = (
        select(
            col(p.indicator_code), col(p.area_code), col(Area.name).label("area_name"), col(p.period),
            col(p.period_start), col(p.value), col(p.status_code), col(p.n), col(p.source), col(p.version),
            col(Indicator.unit),
            # as the driver hands it (text on SQLite): nothing reads it, and parsing would cost every row
            type_coerce(col(p.published_at), NullType()),
        )
        .join(Indicator, col(Indicator.code) == p.indicator_code)
        .join(Area, col(Area.code) == p.area_code)
        .order_by(col(Indicator.position), col(p.indicator_code), col(p.area_code), col(p.period_start), col(p.period))
    )  # fmt: skip
    if codes is not None:
        stmt = stmt.where(col(p.indicator_code).in_(codes))
    if areas is not None:
        stmt = stmt.where(col(p.area_code).in_(areas))
    if period is not None:
        stmt = stmt.where(col(p.period) == period)
    columns = [c for c in FIGURE_COLUMNS if c != "review_state"]
    frame = pd.DataFrame(session.execute(stmt).all(), columns=columns)
    frame["review_state"] = "published"
    return frame[FIGURE_COLUMNS]


def indicators_with_figures(session: Session) -> list[str]:
    """Codes of the indicators the public has any figure of (one index probe per indicator)."""
    return list(
        session.execute(
            text(
                "SELECT code FROM indicator i "
                "WHERE EXISTS (SELECT 1 FROM public_figure p WHERE p.indicator_code = i.code)"
            )
        ).scalars()
    )


def areas_with_figures(session: Session, code: str) -> list[str]:
    """Codes of the areas the public has a figure of the indicator for."""
    return list(
        session.execute(
            text("SELECT DISTINCT area_code FROM public_figure WHERE indicator_code = :code"), {"code": code}
        ).scalars()
    )


def indicators(session: Session, pledge_code: str) -> list[dict[str, Any]]:
    """The public indicators of a pledge, in catalogue order, with the commitments each follows up."""
    codes = set(queries.pledge_indicator_codes(session, pledge_code))
    links = queries.commitment_indicators(session, pledge_code)
    rows = session.execute(
        select(Indicator).where(col(Indicator.public)).order_by(col(Indicator.position), col(Indicator.code))
    ).scalars()
    followed: dict[str, list[str]] = {}
    for commitment, indicator in zip(links["commitment_code"], links["indicator_code"], strict=True):
        followed.setdefault(indicator, []).append(commitment)
    mine = [i.model_dump() for i in rows if i.code in codes]
    public = _public_baselines(session, pledge_code, mine)
    shown = [_shown_baseline(i, public) for i in mine]
    return [i | {"commitments": followed.get(i["code"], [])} for i in shown]


def _public_baselines(session: Session, pledge_code: str, inds: list[dict[str, Any]]) -> set[tuple[str, float]]:
    """(indicator, value) of each protected indicator whose published figure for its baseline period, in the pledge's
    area or the area the indicator is read in there, the public sees as a number."""
    wanted = [i for i in inds if i.get("baseline_value") is not None and i.get("baseline_period")
              and disclosure.protects(i["unit"], i["disclosure"])]  # fmt: skip
    if not wanted:
        return set()
    pledge = queries.pledge(session, pledge_code)
    if pledge is None:
        return set()
    where = queries.reported_where(session, pledge_code, pledge["area_code"])
    found: set[tuple[str, float]] = set()
    for ind in wanted:
        areas = sorted({pledge["area_code"], where.get(ind["code"], pledge["area_code"])})
        values = session.execute(
            text(
                "SELECT value FROM public_figure WHERE indicator_code = :c AND period = :p AND area_code IN :areas "
                "AND value IS NOT NULL"
            ).bindparams(bindparam("areas", expanding=True, type_=sa.String)),
            {"c": ind["code"], "p": ind["baseline_period"], "areas": areas},
        ).scalars()
        found.update((ind["code"], float(v)) for v in values)
    return found


def _shown_baseline(ind: dict[str, Any], public: Collection[tuple[str, float]] = ()) -> dict[str, Any]:
    """A baseline is a figure too. Of an indicator whose figures are protected (:func:`disclosure.protects`), it
    reaches the public only as a copy of what the public already sees: the indicator's published figure for the
    baseline period, in the pledge's area or the area it is read in, shown as that same number (``public``, from
    :func:`_public_baselines`). Any other baseline could be the very figure hidden as ``<5`` or ``..`` (K07's 3
    shootings; a total hidden to protect a part), so it is not given (the chart's baseline line and its label go
    with it, and the status is measured from the previous figure instead). Other indicators' baselines are shown."""
    value = ind.get("baseline_value")
    if value is None or not disclosure.protects(ind["unit"], ind["disclosure"]):
        return ind
    if any(code == ind["code"] and abs(v - float(value)) < 1e-9 for code, v in public):
        return ind
    return ind | {"baseline_value": None, "baseline_period": None}


def commitments(session: Session, pledge_code: str, until: dt.date) -> pd.DataFrame:
    """Every commitment with its actor's newest status (word and date only: comments stay internal)."""
    rows = queries.commitment_statuses(session, pledge_code, until)
    return rows[["code", "actor_code", "kind", "text", "text_en", "position", "period", "status", "reported_at"]]


class SpanError(DomainError, ValueError):
    """Activity totals asked for over a span the public is not offered (``str()``: why, in Swedish)."""


def quarter_ends(day: dt.date) -> dt.date:
    """The last day of the newest quarter that has ended by ``day`` (``day`` itself if it ends one)."""
    quarter = periods.period_containing(periods.PeriodKind.QUARTER, day)
    return day if quarter.end == day else quarter.start - dt.timedelta(days=1)


def activity_span(
    pledge: dict[str, Any], until: dt.date, today: dt.date | None = None
) -> tuple[dt.date, dt.date] | None:
    """What "done since the pledge started" covers for a visitor's "up to" day: from the pledge's first day to the
    end of the newest quarter ended by then (or the pledge's own end). Totals only ever change a whole quarter at a
    time, so two visits a day apart cannot be subtracted to get one day's activities. None before a quarter ends."""
    last = min(until, today or dt.date.today())
    end = pledge["end"] if pledge["end"] <= last else quarter_ends(last)
    if end < pledge["start"]:
        return None
    return pledge["start"], end


def activity_spans(pledge: dict[str, Any], today: dt.date | None = None) -> list[tuple[dt.date, dt.date]]:
    """The spans a newsletter may cover: each ended quarter of the pledge (the first from the pledge's first day),
    and the pledge from its start to the end of each of them, newest first."""
    span = activity_span(pledge, pledge["end"], today)
    if span is None:
        return []
    quarters = periods.periods_between(periods.PeriodKind.QUARTER, pledge["start"], span[1])
    out: list[tuple[dt.date, dt.date]] = []
    for q in reversed(quarters):
        end = min(q.end, span[1])
        out.append((max(q.start, pledge["start"]), end))
        if max(q.start, pledge["start"]) != pledge["start"]:
            out.append((pledge["start"], end))
    return out


def _whole(pledge: dict[str, Any], start: dt.date, end: dt.date) -> bool:
    """Is ``start``–``end`` a span the public is offered: a quarter of the pledge, or the pledge so far?"""
    ends_right = end == pledge["end"] or periods.period_containing(periods.PeriodKind.QUARTER, end).end == end
    quarter = periods.period_containing(periods.PeriodKind.QUARTER, end)
    starts_right = start == pledge["start"] or start == quarter.start
    return ends_right and starts_right and start <= end


def _activity_rows(session: Session, pledge_code: str, start: dt.date, end: dt.date) -> pd.DataFrame:
    p = queries.pledge(session, pledge_code)
    columns = ["id", "type", "area_code", "hours", "participants", "demo", "date"]
    if p is None:
        return pd.DataFrame(columns=columns)
    if not _whole(p, start, end):
        raise SpanError("error.span", start=start, end=end)
    rows = session.execute(
        text(
            """SELECT id, type, area_code, hours, participants, CASE WHEN source = :demo THEN 1 ELSE 0 END, date
               FROM activity WHERE date BETWEEN :start AND :end AND area_code IN :areas
               ORDER BY type, area_code, id"""
        )
        .bindparams(bindparam("areas", expanding=True, type_=sa.String))
        .columns(date=sa.Date),
        {"start": start, "end": end, "demo": DEMO_SOURCE, "areas": [*p["map_areas"], p["area_code"]]},
    ).all()
    return pd.DataFrame(rows, columns=columns)


def activity_counts(session: Session, pledge_code: str, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Activities of the pledge's actors over a whole span, counted per type and area (for the map): the actors'
    own work, shown as counted."""
    rows = _activity_rows(session, pledge_code, start, end)
    frame = rows.groupby(["type", "area_code"], as_index=False).agg(activities=("id", "count"), hours=("hours", "sum"),
                                                                     demo=("demo", "sum"))  # fmt: skip
    return frame.astype({"activities": int, "demo": int})


def activity_totals(session: Session, pledge_code: str, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Activities per type over a whole span (a quarter, or the pledge so far): how many and hours as counted, and
    participants as the public may see them (:func:`indicators.rules.disclosure.span_participants`: each quarter by
    the cell key method, 0–4 as "<5", others with a consistent noise of at most ±2; a longer span the sum of its
    quarters as shown, a "<5" counted as 2, so no combination of the offered spans narrows a quarter's "<5")."""
    rows = _activity_rows(session, pledge_code, start, end)
    columns = ["type", "activities", "hours", "participants", "participants_status", "demo"]
    if not len(rows):
        return pd.DataFrame(columns=columns)
    key = store_key(session)
    quarter = [_quarter(d) for d in rows["date"]]
    out = []
    for kind, mine in rows.assign(quarter=quarter).groupby("type", sort=True):
        quarters = [list(zip(q["id"], q["participants"], strict=True)) for _, q in mine.groupby("quarter", sort=True)]
        value, status = disclosure.span_participants(key, quarters)
        out.append((kind, len(mine), mine["hours"].sum(min_count=1), value, status, int(mine["demo"].sum())))
    return pd.DataFrame(out, columns=columns).astype({"activities": int, "demo": int})


def _quarter(day: Any) -> str:
    """The quarter an activity's day falls in (the unit every public participant total is built from)."""
    if not isinstance(day, dt.date):
        day = dt.date.fromisoformat(str(day)[:10])
    return periods.period_containing(periods.PeriodKind.QUARTER, day).code


def store_key(session: Session) -> str:
    """The store's secret key (made by migration 0008), which seeds the participant totals' noise."""
    found = session.execute(select(col(StoreKey.key)).where(col(StoreKey.id) == 1)).scalar_one_or_none()
    if found is None:
        raise RuntimeError("the store has no key: run `python -m indicators init`")
    return str(found)


def last_updates(session: Session, pledge_code: str) -> dict[str, dt.datetime]:
    """Per actor: the last public change (a figure published, a status reported, an activity recorded)."""
    rows = session.execute(
        text(
            """SELECT actor, MAX(at) AS at FROM (
                   SELECT i.actor_code AS actor,
                          (SELECT MAX(p.published_at) FROM public_figure p WHERE p.indicator_code = i.code) AS at
                   FROM indicator i WHERE i.public
                   UNION ALL
                   SELECT c.actor_code, MAX(s.reported_at) FROM commitment_status s
                   JOIN commitment c ON c.id = s.commitment_id JOIN pledge p ON p.id = c.pledge_id
                   WHERE p.code = :pledge GROUP BY c.actor_code
                   UNION ALL
                   SELECT actor_code, MAX(entered_at) FROM activity GROUP BY actor_code
               ) u WHERE at IS NOT NULL GROUP BY actor"""
        ).columns(actor=sa.String, at=UTCDateTime),
        {"pledge": pledge_code},
    ).all()
    return {actor: at for actor, at in rows}


def area_shapes(session: Session, codes: tuple[str, ...]) -> pd.DataFrame:
    """The listed areas with their geometry and centroid (for the public maps)."""
    rows = session.execute(
        select(
            col(Area.code), col(Area.name), col(Area.geometry), col(Area.centroid_lon), col(Area.centroid_lat)
        ).where(col(Area.code).in_(codes))
    ).all()
    frame = pd.DataFrame(rows, columns=["code", "name", "geometry", "centroid_lon", "centroid_lat"])
    frame["geometry"] = queries.shapes(frame["geometry"])
    order = {c: i for i, c in enumerate(codes)}
    return frame.sort_values("code", key=lambda s: s.map(order)).reset_index(drop=True)


def series(figs: pd.DataFrame, codes: list[str], area_codes: list[str], until: dt.date | None = None) -> pd.DataFrame:
    """The published figures of some indicators in some areas (with periods ended by ``until``), the areas in the
    order given (the visitor's own first: the chart's legend and table follow it, not the areas' codes), oldest
    period first (what a trend chart draws)."""
    rows = figs[figs["indicator_code"].isin(codes) & figs["area_code"].isin(area_codes)]
    if until is not None:
        rows = rows[np.array([_ended(p, until) for p in rows["period"]], dtype=bool)]
    return queries.in_area_order(rows, area_codes).reset_index(drop=True)


def map_values(figs: pd.DataFrame, shapes: pd.DataFrame, code: str, period: str) -> pd.DataFrame:
    """Every area of ``shapes`` with its published figure of the indicator for the period (if any)."""
    rows = figs[(figs["indicator_code"] == code) & (figs["period"] == period)]
    values = rows.set_index("area_code")[["value", "status_code", "n", "source", "review_state"]]
    out = shapes.join(values, on="code")
    return out[queries.MAP_COLUMNS]


def latest_for_area(session: Session, pledge_code: str, area: str, until: dt.date) -> pd.DataFrame:
    """:func:`latest` for the pledge's public indicators in one area, with each one's status (one cached read)."""
    inds = indicators(session, pledge_code)
    where = queries.reported_where(session, pledge_code, area)  # a region's survey is read in the region
    ranked = session.execute(
        text(
            """SELECT * FROM (
                   SELECT p.indicator_code, p.area_code, p.period, p.period_start, p.value, p.status_code, p.n,
                          p.source, p.version,
                          ROW_NUMBER() OVER (PARTITION BY p.indicator_code, p.area_code
                                             ORDER BY p.period_start DESC, p.period DESC) AS rn
                   FROM public_figure p WHERE p.area_code IN :areas AND p.period_start <= :until) r
               WHERE rn <= 4"""
        )
        .bindparams(bindparam("areas", expanding=True, type_=sa.String))
        .columns(period_start=sa.Date),
        {"areas": sorted({area, *where.values()}), "until": until},
    ).all()
    rows = pd.DataFrame(ranked, columns=["indicator_code", "area_code", "period", "period_start", "value",
                                         "status_code", "n", "source", "version", "rn"])  # fmt: skip
    out = assess_latest(latest(rows, inds, area, until, where, _baseline_n(session, inds, area, where)))
    names = dict(session.execute(select(col(Area.code), col(Area.name))).all())
    return out.assign(elsewhere=["" if a == area else names.get(a, a) for a in out["area_code"]])


def _baseline_n(session: Session, inds: list[dict[str, Any]], area: str, where: dict[str, str]) -> dict[str, Any]:
    """Per indicator, the n of its published figure for its baseline period, in the area it is read in (the status
    rule weighs a survey share's change against both values' uncertainty)."""
    keys = [(i["code"], where.get(i["code"], area), i["baseline_period"]) for i in inds
            if i.get("baseline_period") and unit(i["unit"]).needs_n]  # fmt: skip
    found: dict[str, Any] = {}
    for code, area_code, period in keys:
        n = session.execute(
            text("SELECT n FROM public_figure WHERE indicator_code = :c AND area_code = :a AND period = :p"),
            {"c": code, "a": area_code, "p": period},
        ).scalar()
        found[code] = n
    return found


def periods_with_figures(session: Session, code: str, areas: tuple[str, ...], until: dt.date | None) -> list[str]:
    """Periods (ended by ``until``) with a published figure of the indicator in any of the areas, newest first."""
    found = queries.indicator_periods(session, code, list(areas), table="public_figure")
    return [p for p in found if until is None or _ended(p, until)]


#: What :func:`latest` carries of each indicator.
INDICATOR_KEYS = ("code", "name_sv", "name_en", "level", "actor_code", "unit", "frequency", "direction",
                  "target_value", "target_period", "baseline_value", "baseline_period", "position", "explanation",
                  "explanation_en", "categories")  # fmt: skip


def latest(
    figs: pd.DataFrame,
    inds: list[dict[str, Any]],
    area: str,
    until: dt.date,
    where: dict[str, str] | None = None,
    baseline_n: dict[str, Any] | None = None,
) -> pd.DataFrame:
    """Per public indicator: its newest published figure for the area (or, by ``where``, for the area the indicator
    is reported in: :func:`indicators.read.queries.reported_where`) with a period ended by ``until``, and the one
    before it (indicators without figures included, with no period); ``area_code`` says whose figure it is. With
    what the status rule needs (:func:`indicators.rules.status.assess_latest`): the periods, the n of the figures
    (``baseline_n``: of each indicator's published baseline-period figure, where given) and the indicator's own
    thresholds."""
    where = where or {}
    baseline_n = baseline_n or {}
    own = np.array([a == where.get(c, area) for c, a in zip(figs["indicator_code"], figs["area_code"], strict=True)],
                   dtype=bool)  # fmt: skip
    rows = figs[own]  # a boolean array even when empty (an empty list would select columns)
    rows = rows[np.array([_ended(p, until) for p in rows["period"]], dtype=bool)]
    rows = rows.sort_values(["period_start", "period"], ascending=False)
    newest: dict[str, list[Any]] = {}
    for record in rows.to_dict("records"):
        mine = newest.setdefault(record["indicator_code"], [])
        if len(mine) < 2:
            mine.append(record)
    out = []
    for ind in inds:
        mine = newest.get(ind["code"], [])
        now = mine[0] if mine else None
        before = mine[1] if len(mine) > 1 else None
        out.append(
            {k: ind.get(k) for k in INDICATOR_KEYS}
            | {
                "progress_thresholds": ind.get("progress"),
                "baseline_n": baseline_n.get(ind["code"]),
                "period": None if now is None else now["period"],
                "value": None if now is None else now["value"],
                "status_code": None if now is None else now["status_code"],
                "n": None if now is None else now["n"],
                "source": ind["source"] if now is None else now["source"],
                "previous_period": None if before is None else before["period"],
                "previous_value": None if before is None else before["value"],
                "previous_n": None if before is None else before["n"],
                "area_code": where.get(ind["code"], area),
            }
        )
    return pd.DataFrame(out)


def uncertainty_key(unit_code: str) -> str:
    """The catalogue key of the sentence that says how certain a figure in this unit is."""
    u = unit(unit_code)
    if u.needs_n:
        return N_("pub.uncertainty.survey")
    if u.scaled:
        return N_("pub.uncertainty.index")
    if u.categorical:
        return N_("pub.uncertainty.category")
    if disclosure.additive(unit_code):
        return N_("pub.uncertainty.count")
    if unit_code in disclosure.RATE_UNITS:
        return N_("pub.uncertainty.crime")
    return N_("pub.uncertainty.register")


def data_info(session: Session) -> dict[str, Any]:
    """How many published figures the public can see, and the day the newest was published (for Om tjänsten)."""
    count, newest = session.execute(text("SELECT COUNT(*), MAX(published_at) FROM public_figure")).one()
    return {"figures": int(count or 0), "published": str(newest)[:10] if newest else None}
