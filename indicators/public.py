"""What the public may see, and only that: the one way public pages, the newsletter and the open-data export read.

- Figures: the newest *published* version of each figure of an indicator marked public, with disclosure control
  (:mod:`indicators.disclosure`) decided once per indicator whenever what is published changes, and kept in the
  ``public_figure`` table (:func:`refresh`), so a page, a chart, a map, a tooltip and a download hide the same
  cells. Unpublished versions, non-public indicators, notes and reporters never reach that table.
- Commitments: each commitment with its actor's newest status word and date (no internal comment).
- Activities: counts per type and area (no points, no descriptions), participant counts disclosure-controlled.

The functions taking a session are read through the app's cache; the others derive views from their frames.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from sqlalchemy import select, text
from sqlmodel import Session

from indicators import charts, disclosure, disclosure_audit, maps, periods, queries, tables
from indicators.models import (
    DEMO_SOURCE,
    Area,
    AuditEntry,
    Indicator,
    Level,
    StoreKey,
    utcnow,
)
from indicators.status import assess_latest
from indicators.units import unit

#: What the public frame holds: never which rule hid a value (the status says only that it is hidden).
FIGURE_COLUMNS = ["indicator_code", "area_code", "area_name", "period", "period_start", "value", "status_code", "n",
                  "source", "review_state", "version", "unit", "published_at"]  # fmt: skip
_STORED = ["indicator_code", "area_code", "period", "period_start", "value", "status_code", "n", "source", "version",
           "published_at", "protection"]  # fmt: skip


def refresh(session: Session, codes: Iterable[str] | None = None) -> int:
    """Rebuild ``public_figure`` for whole indicators (all when ``codes`` is None), in the caller's transaction, and
    remember what the new release shows (``disclosed_figure``). Returns the number of rows the public now sees of
    them."""
    if codes is None:
        codes = session.execute(select(Indicator.code)).scalars().all()
    return _rebuild(session, {code: None for code in codes})


def refresh_periods(session: Session, touched: Iterable[tuple[str, str]]) -> int:
    """Rebuild ``public_figure`` where a write changed what is published: the (indicator, period) pairs touched, and
    whatever adds up with them (the period's other areas; a year with its quarters). Everything else the public sees
    stays as it was, so publishing one period costs the same however many years the store holds."""
    wanted: dict[str, set[str] | None] = {}
    for code, period in touched:
        found = wanted.setdefault(code, set())
        assert found is not None
        found.add(period)
    return _rebuild(session, wanted)


def _rebuild(session: Session, wanted: dict[str, set[str] | None]) -> int:
    """Each indicator is decided whole, block by block (:class:`indicators.disclosure_audit.Scope`): the primary
    rules per figure, then, where its figures add up to one another (an area and its parts, a year and its
    quarters), the attacker's audit over this release and every earlier one
    (:func:`indicators.disclosure_audit.audit`). A figure hidden to protect another stays hidden while it is the
    same version (so a rebuild that changes nothing shows the same), and what was once shown stays counted as
    known. Every write that changes what is published calls this for what it touched."""
    if not wanted:
        return 0
    in_list, params = queries._in(sorted(wanted))
    indicators = {
        code: (unit_code, mode, bool(public))
        for code, unit_code, mode, public in session.execute(
            text(f"SELECT code, unit, disclosure, public FROM indicator WHERE code IN ({in_list})"), params
        ).all()
    }
    now = utcnow()
    sqlite = session.connection().dialect.name == "sqlite"
    tree: disclosure_audit.Tree | None = None
    shown = 0
    for code in sorted(wanted):
        if code not in indicators:
            continue
        unit_code, mode, is_public = indicators[code]
        kind = disclosure.kind(unit_code, mode) if is_public else None
        scope: disclosure_audit.Scope | None = None
        if kind is not None:
            tree = tree or area_tree(session)
            scope = _scope(session, code, tree)
            if not scope.needs_audit():
                scope = None
        touched = wanted[code]
        only: list[str] | None = None  # the periods to rebuild (None: all of the indicator's)
        if touched is not None and is_public:  # (an indicator not public has no public rows at all)
            blocks = {scope.block(p) for p in touched} if scope is not None else set(touched)
            only = sorted({q.code for b in blocks for q in scope.block_periods(b)} if scope is not None else blocks)
            if len(only) > 500:  # most of the indicator (a demo or catalogue load): one query for all of it
                only = None
        shown += _rebuild_indicator(session, code, only, unit_code, mode, is_public, kind, scope, now, sqlite)
    return shown


def _rebuild_indicator(
    session: Session,
    code: str,
    only: list[str] | None,
    unit_code: str,
    mode: str,
    is_public: bool,
    kind: disclosure_audit.Kind | None,
    scope: disclosure_audit.Scope | None,
    now: dt.datetime,
    sqlite: bool,
) -> int:  # fmt: skip
    where, params = _where(code, only)
    previous = _shown_now(session, where, params)
    session.execute(text(f"DELETE FROM public_figure WHERE {where}"), params)
    if not is_public:
        return 0
    rows = session.execute(
        text(
            f"""SELECT cf.area_code, cf.period, cf.period_start, f.value, f.status_code, f.n, f.source, f.version,
                       COALESCE(f.reviewed_at, f.entered_at) AS published_at
                FROM current_figure cf
                JOIN figure f ON f.id = cf.published_figure_id
                WHERE cf.published_figure_id IS NOT NULL AND {_where(code, only, "cf.")[0]}
                ORDER BY cf.period_start, cf.area_code"""
        ),
        params,
    ).all()
    if not rows:
        return 0
    why = {(r[0], r[1]): disclosure.primary(r[3], unit_code, r[5], mode) for r in rows}
    withheld: set[tuple[str, str]] = set()  # left out of this release altogether (the audit's last resort)
    if kind is not None and scope is not None:
        release: dict[disclosure_audit.Cell, tuple[int, disclosure_audit.Shown]] = {}
        for r in rows:
            cell, version = (r[0], r[1]), int(r[7])
            if why[cell] is None and previous.get((*cell, version), (None, None))[1] == disclosure.COMPLEMENTARY:
                why[cell] = disclosure.COMPLEMENTARY  # hidden for another figure before: still the same version
            release[cell] = (version, disclosure.shown(why[cell], r[4]))
        outcome = disclosure_audit.audit(
            kind, _versions(session, where, params), _disclosed(session, where, params), release, scope, now
        )
        for cell in outcome.hide:
            why[cell] = disclosure.COMPLEMENTARY
        withheld = outcome.withhold
        _note_given_away(session, code, outcome.unprotectable)
    out = []
    for r in rows:
        cell = (r[0], r[1])
        if cell in withheld:
            continue
        w = why[cell]
        out.append((code, r[0], r[1], _day(r[2]).isoformat() if sqlite else _day(r[2]), None if w else r[3],
                    disclosure.STATUS_OF[w] if w else r[4], None if w else r[5], r[6], r[7],
                    _stamp(_utc(r[8]), sqlite), w))  # fmt: skip
    mark = "?" if sqlite else "%s"
    sql = f"INSERT INTO public_figure ({', '.join(_STORED)}) VALUES ({', '.join([mark] * len(_STORED))})"
    connection = session.connection()
    for i in range(0, len(out), 50_000):
        connection.exec_driver_sql(sql, out[i : i + 50_000])
    _remember(session, out, {k: s for k, (s, _) in previous.items()}, now, sqlite)
    return len(out)


def _where(code: str, only: list[str] | None, table: str = "") -> tuple[str, dict[str, Any]]:
    """The rows of one indicator, or of some of its periods (a text condition on ``indicator_code`` and ``period``,
    of the table named by ``table``, e.g. ``"cf."``)."""
    if only is None:
        return f"{table}indicator_code = :code", {"code": code}
    in_list, params = queries._in(only, "p")
    return f"{table}indicator_code = :code AND {table}period IN ({in_list})", {"code": code, **params}


def area_tree(session: Session) -> disclosure_audit.Tree:
    """The areas' parents, and the areas exactly made up of their sub-areas (what sums the audit may use)."""
    rows = session.execute(select(Area.code, Area.parent_code, Area.parts_complete)).all()
    return disclosure_audit.Tree(
        parents={code: parent for code, parent, _ in rows},
        complete=frozenset(code for code, _, complete in rows if complete),
    )


def _scope(session: Session, code: str, tree: disclosure_audit.Tree) -> disclosure_audit.Scope:
    """What of an indicator adds up: from the areas in a sum it has figures in, and every period it has figures in
    (published or not)."""
    summed = tree.summed()
    areas: list[str] = []
    if summed:
        in_list, params = queries._in(summed, "a")
        sql = f"SELECT DISTINCT area_code FROM current_figure WHERE indicator_code = :code AND area_code IN ({in_list})"
        areas = list(session.execute(text(sql), {"code": code, **params}).scalars().all())
    found = (
        session.execute(text("SELECT DISTINCT period FROM current_figure WHERE indicator_code = :code"), {"code": code})
        .scalars()
        .all()
    )
    return disclosure_audit.Scope(tree, areas, list(found))


def _versions(session: Session, where: str, params: dict[str, Any]) -> list[disclosure_audit.Version]:
    rows = session.execute(
        text(f"SELECT area_code, period, version, value, n, entered_at FROM figure WHERE {where}"), params
    ).all()
    return [disclosure_audit.Version(a, p, int(v), value, n, _utc(at) or utcnow()) for a, p, v, value, n, at in rows]


def _disclosed(session: Session, where: str, params: dict[str, Any]) -> list[disclosure_audit.Disclosed]:
    rows = session.execute(
        text(f"SELECT area_code, period, version, shown, since FROM disclosed_figure WHERE {where}"), params
    ).all()
    return [disclosure_audit.Disclosed(a, p, int(v), shown, _utc(since) or utcnow()) for a, p, v, shown, since in rows]


def _shown_now(session: Session, where: str, params: dict[str, Any]) -> dict[tuple[str, str, int], tuple[str, Any]]:
    """What the public sees now, as the audit counts it (before a rebuild), and why each hidden figure is hidden."""
    rows = session.execute(
        text(f"SELECT area_code, period, version, status_code, protection FROM public_figure WHERE {where}"), params
    ).all()
    return {(r[0], r[1], int(r[2])): (disclosure.shown(r[4], r[3]), r[4]) for r in rows}


#: The order of what a release can show of a figure, as SQL (a later release can only tell more of a version).
_RANK_SQL = "CASE {0} WHEN 'value' THEN 3 WHEN 'small' THEN 2 WHEN 'suppressed' THEN 1 ELSE 0 END"


def _remember(
    session: Session, out: list[tuple[Any, ...]], previous: dict[tuple[str, str, int], str], now: dt.datetime,
    sqlite: bool,
) -> None:  # fmt: skip
    """Keep, per version of each figure, the most any release has shown of it (a release is never taken back)."""
    changed = []
    stamp = _stamp(now, sqlite)
    for r in out:
        shown = disclosure.shown(r[10], r[5])
        if previous.get((r[1], r[2], int(r[8]))) != shown:
            changed.append((r[0], r[1], r[2], int(r[8]), shown, stamp))
    if not changed:
        return
    mark = "?" if sqlite else "%s"
    sql = (
        "INSERT INTO disclosed_figure (indicator_code, area_code, period, version, shown, since) "
        f"VALUES ({', '.join([mark] * 6)}) ON CONFLICT (indicator_code, area_code, period, version) "
        "DO UPDATE SET shown = excluded.shown "
        f"WHERE {_RANK_SQL.format('excluded.shown')} > {_RANK_SQL.format('disclosed_figure.shown')}"
    )
    connection = session.connection()
    for i in range(0, len(changed), 50_000):
        connection.exec_driver_sql(sql, changed[i : i + 50_000])


def _note_given_away(session: Session, code: str, given: list[tuple[str, str, int]]) -> None:
    """A protected figure that earlier releases already gave away: said once in the audit trail (the release goes
    ahead; nothing can be taken back from the past)."""
    from indicators.store import SYSTEM, audit, figure_key

    for area, period, version in given:
        key = figure_key(code, area, period)
        seen = session.execute(
            select(AuditEntry.id).where(AuditEntry.entity_key == key, AuditEntry.action == "disclosure.given_away")
        ).first()
        if seen is None:
            audit(session, SYSTEM, "disclosure.given_away", "figure", key, None, {"version": version})


def _stamp(value: dt.datetime | None, sqlite: bool) -> Any:
    """A UTC timestamp as SQLAlchemy keeps it in SQLite (naive text), or as is for PostgreSQL."""
    if value is None or not sqlite:
        return value
    return value.replace(tzinfo=None).isoformat(" ", timespec="microseconds")


@functools.lru_cache(maxsize=65536)
def _ended(period: str, until: dt.date) -> bool:
    return periods.parse_period(period).end <= until


def _day(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def _utc(value: Any) -> dt.datetime | None:
    """A timestamp from the store as an aware UTC datetime (SQLite hands back naive text)."""
    if value is None:
        return None
    stamp = value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))
    return stamp.replace(tzinfo=dt.UTC) if stamp.tzinfo is None else stamp.astimezone(dt.UTC)


def figures(
    session: Session,
    codes: tuple[str, ...] | None = None,
    areas: tuple[str, ...] | None = None,
    period: str | None = None,
) -> pd.DataFrame:
    """Published figures of public indicators (newest published version), disclosure control applied: all of
    them, or those of some indicators, areas and/or one period."""
    where: list[str] = []
    params: dict[str, Any] = {}
    if codes is not None:
        in_list, params = queries._in(list(codes) or [""])
        where.append(f"p.indicator_code IN ({in_list})")
    if areas is not None:
        in_list, area_params = queries._in(list(areas) or [""], "a")
        where.append(f"p.area_code IN ({in_list})")
        params |= area_params
    if period is not None:
        where.append("p.period = :period")
        params["period"] = period
    rows = session.execute(
        text(
            f"""SELECT p.indicator_code, p.area_code, a.name AS area_name, p.period, p.period_start, p.value,
                       p.status_code, p.n, p.source, p.version, i.unit, p.published_at
                FROM public_figure p
                JOIN indicator i ON i.code = p.indicator_code
                JOIN area a ON a.code = p.area_code
                {"WHERE " + " AND ".join(where) if where else ""}
                ORDER BY i.position, p.indicator_code, p.area_code, p.period_start, p.period"""
        ),
        params,
    ).all()
    columns = [c for c in FIGURE_COLUMNS if c != "review_state"]
    frame = pd.DataFrame(rows, columns=columns)
    frame["review_state"] = "published"
    frame["period_start"] = [
        d if isinstance(d, dt.date) else dt.date.fromisoformat(str(d)) for d in frame["period_start"]
    ]
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
        select(Indicator).where(Indicator.public).order_by(Indicator.position, Indicator.code)  # type: ignore[arg-type]
    ).scalars()
    followed: dict[str, list[str]] = {}
    for commitment, indicator in zip(links["commitment_code"], links["indicator_code"], strict=True):
        followed.setdefault(indicator, []).append(commitment)
    shown = [_shown_baseline(i.model_dump()) for i in rows if i.code in codes]
    return [i | {"commitments": followed.get(i["code"], [])} for i in shown]


def _shown_baseline(ind: dict[str, Any]) -> dict[str, Any]:
    """A baseline is a figure too: one that the rules would hide (a count of 1–4 people) is not given to the public
    (the chart's baseline line and its label go with it)."""
    value = ind.get("baseline_value")
    if value is not None and disclosure.primary(value, ind["unit"], None, ind["disclosure"]) == disclosure.SMALL:
        return ind | {"baseline_value": None, "baseline_period": None}
    return ind


def commitments(session: Session, pledge_code: str, until: dt.date) -> pd.DataFrame:
    """Every commitment with its actor's newest status (word and date only: comments stay internal)."""
    rows = queries.commitment_statuses(session, pledge_code, until)
    return rows[["code", "actor_code", "kind", "text", "position", "period", "status", "reported_at"]]


class SpanError(ValueError):
    """Activity totals asked for over a span the public is not offered (a message in plain Swedish)."""


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
    columns = ["id", "type", "area_code", "hours", "participants", "demo"]
    if p is None:
        return pd.DataFrame(columns=columns)
    if not _whole(p, start, end):
        raise SpanError(f"aktiviteter summeras bara för hela kvartal eller löftesperioden till ett kvartals slut, "
                        f"inte {start}–{end}")  # fmt: skip
    areas_in, params = queries._in([*p["map_areas"], p["area_code"]], "a")
    rows = session.execute(
        text(
            f"""SELECT id, type, area_code, hours, participants, CASE WHEN source = :demo THEN 1 ELSE 0 END
                FROM activity WHERE date BETWEEN :start AND :end AND area_code IN ({areas_in})
                ORDER BY type, area_code, id"""
        ),
        params | {"start": start, "end": end, "demo": DEMO_SOURCE},
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
    participants as the public may see them (:func:`indicators.disclosure.perturb`: 1–4 as "<5", others with a
    consistent noise of at most ±2)."""
    rows = _activity_rows(session, pledge_code, start, end)
    columns = ["type", "activities", "hours", "participants", "participants_status", "demo"]
    if not len(rows):
        return pd.DataFrame(columns=columns)
    key = store_key(session)
    out = []
    for kind, mine in rows.groupby("type", sort=True):
        value, status = disclosure.perturb(key, zip(mine["id"], mine["participants"], strict=True))
        known = mine["participants"].notna().any()
        out.append((kind, len(mine), mine["hours"].sum(min_count=1), value if known else None,
                    status if known else None, int(mine["demo"].sum())))  # fmt: skip
    return pd.DataFrame(out, columns=columns).astype({"activities": int, "demo": int})


def store_key(session: Session) -> str:
    """The store's secret key (made by migration 0008), which seeds the participant totals' noise."""
    found = session.execute(select(StoreKey.key).where(StoreKey.id == 1)).scalar_one_or_none()
    if found is None:
        raise RuntimeError("the store has no key: run `python -m indicators init`")
    return str(found)


def last_updates(session: Session, pledge_code: str) -> dict[str, dt.datetime]:
    """Per actor: the last public change (a figure published, a status reported, an activity recorded)."""
    rows = session.execute(
        text(
            """SELECT actor, MAX(at) FROM (
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
    frame["geometry"] = queries.shapes(frame["geometry"])
    order = {c: i for i, c in enumerate(codes)}
    return frame.sort_values("code", key=lambda s: s.map(order)).reset_index(drop=True)


# --- Views derived from the frames above (no session) ---------------------------------------------------------------


def series(figs: pd.DataFrame, codes: list[str], area_codes: list[str], until: dt.date | None = None) -> pd.DataFrame:
    """The published figures of some indicators in some areas (with periods ended by ``until``), oldest period first
    (what a trend chart draws)."""
    rows = figs[figs["indicator_code"].isin(codes) & figs["area_code"].isin(area_codes)]
    if until is not None:
        rows = rows[np.array([_ended(p, until) for p in rows["period"]], dtype=bool)]
    return rows.sort_values(["indicator_code", "area_code", "period_start", "period"]).reset_index(drop=True)


def trend(
    session: Session, pledge_code: str, code: str, area_codes: tuple[str, ...], until: dt.date, lang: str
) -> tuple[pd.DataFrame | None, go.Figure | None]:
    """Utveckling's chart of one public indicator in some areas: its published series up to ``until`` as the
    public's table (None when there is none) and the figure of its points (None when every figure is hidden),
    built once per data version."""
    ind = next(i for i in indicators(session, pledge_code) if i["code"] == code)
    data = series(figures(session, (code,), area_codes), [code], list(area_codes), until)
    points = charts.plotted(data, ind, lang)
    figure = charts.trend_figure(points, ind, queries.pledge(session, pledge_code), None, lang) if len(points) else None
    return tables.public_series_table(data, ind, lang) if len(data) else None, figure


def map_values(figs: pd.DataFrame, shapes: pd.DataFrame, code: str, period: str) -> pd.DataFrame:
    """Every area of ``shapes`` with its published figure of the indicator for the period (if any)."""
    rows = figs[(figs["indicator_code"] == code) & (figs["period"] == period)]
    values = rows.set_index("area_code")[["value", "status_code", "n", "source", "review_state"]]
    out = shapes.join(values, on="code")
    return out[queries.MAP_COLUMNS]


def latest_for_area(session: Session, pledge_code: str, area: str, until: dt.date) -> pd.DataFrame:
    """:func:`latest` for the pledge's public indicators in one area, with each one's status (one cached read)."""
    inds = indicators(session, pledge_code)
    ranked = session.execute(
        text(
            """SELECT * FROM (
                   SELECT p.indicator_code, p.area_code, p.period, p.period_start, p.value, p.status_code, p.n,
                          p.source, p.version,
                          ROW_NUMBER() OVER (PARTITION BY p.indicator_code
                                             ORDER BY p.period_start DESC, p.period DESC) AS rn
                   FROM public_figure p WHERE p.area_code = :area AND p.period_start <= :until) r
               WHERE rn <= 4"""
        ),
        {"area": area, "until": until},
    ).all()
    rows = pd.DataFrame(ranked, columns=["indicator_code", "area_code", "period", "period_start", "value",
                                         "status_code", "n", "source", "version", "rn"])  # fmt: skip
    rows["period_start"] = [_day(d) for d in rows["period_start"]]
    return assess_latest(latest(rows, inds, area, until))


def latest_items(session: Session, pledge_code: str, area: str, until: dt.date, lang: str) -> dict[str, Any]:
    """Utveckling's first section: whether any shown figure is demo data, and per follow-up level the items the
    public reads (:func:`indicators.tables.public_items`; none when the level has no figure yet)."""
    assessed = latest_for_area(session, pledge_code, area, until)
    shown = assessed[assessed["period"].notna()]
    return {
        "demo": bool((assessed["source"] == DEMO_SOURCE).any()),
        "levels": {level.value: tables.public_items(shown[shown["level"] == level.value], lang) for level in Level},
    }


def periods_with_figures(session: Session, code: str, areas: tuple[str, ...], until: dt.date | None) -> list[str]:
    """Periods (ended by ``until``) with a published figure of the indicator in any of the areas, newest first."""
    found = queries.indicator_periods(session, code, list(areas), table="public_figure")
    return [p for p in found if until is None or _ended(p, until)]


#: What :func:`latest` carries of each indicator.
INDICATOR_KEYS = ("code", "name_sv", "name_en", "level", "actor_code", "unit", "frequency", "direction",
                  "target_value", "baseline_value", "position", "explanation", "categories")  # fmt: skip


def latest(figs: pd.DataFrame, inds: list[dict[str, Any]], area: str, until: dt.date) -> pd.DataFrame:
    """Per public indicator: its newest published figure for the area with a period ended by ``until``, and the one
    before it (indicators without figures included, with no period)."""
    rows = figs[figs["area_code"] == area]
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
            {k: ind[k] for k in INDICATOR_KEYS}
            | {
                "period": None if now is None else now["period"],
                "value": None if now is None else now["value"],
                "status_code": None if now is None else now["status_code"],
                "n": None if now is None else now["n"],
                "source": ind["source"] if now is None else now["source"],
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
    count, newest = session.execute(text("SELECT COUNT(*), MAX(published_at) FROM public_figure")).one()
    return {"figures": int(count or 0), "published": str(newest)[:10] if newest else None}


def indicator_map(
    session: Session, code: str, period: str, map_areas: tuple[str, ...], lang: str, basemap: bool
) -> tuple[pd.DataFrame, maps.BuiltDeck]:
    """The public map of one indicator and period over the pledge's areas: its rows (for the legend and the table)
    and the built deck, made once per data version (a city's polygons take longer to lay out than to reuse)."""
    ind = queries.indicator(session, code)
    assert ind is not None
    has = set(areas_with_figures(session, code))
    geo = tuple(a for a in map_areas if a in has)
    rows = maps.area_rows(map_values(figures(session, (code,), geo, period), area_shapes(session, map_areas), code,
                                     period), ind, lang)  # fmt: skip
    return maps.built(rows, maps.choropleth(rows, ind, basemap=basemap, lang=lang))


#: The activity map's "indicator": a count with no target (the map colours areas by how many activities).
ACTIVITY_KIND = {"code": "", "unit": "count", "direction": "context", "target_value": None, "baseline_value": None}


def activity_map(
    session: Session, pledge_code: str, start: dt.date, end: dt.date, lang: str, basemap: bool
) -> tuple[pd.DataFrame, maps.BuiltDeck]:
    """Activities between two days counted per area of the pledge's map, as map rows (for the legend and the
    table) and the built deck, made once per data version."""
    p = queries.pledge(session, pledge_code)
    assert p is not None
    counts = activity_counts(session, pledge_code, start, end).groupby("area_code")["activities"].sum()
    shapes = area_shapes(session, tuple(p["map_areas"]))
    values = shapes.assign(value=[float(counts.get(c, 0)) for c in shapes["code"]], status_code=None, n=None,
                           source="", review_state="published")  # fmt: skip
    rows = maps.area_rows(values, ACTIVITY_KIND, lang).assign(status_text="")
    return maps.built(rows, maps.choropleth(rows, ACTIVITY_KIND, basemap=basemap, lang=lang))
