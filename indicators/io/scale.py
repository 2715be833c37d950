"""Demo stores at scale, for the benchmark: every generated figure has source "demo".

- ``sofielund``: the Sofielund catalogue with its demo data (what ``make run`` loads).
- ``malmo``: all 136 delområden of Malmö, 100 indicators over the three levels, ten years of monthly figures, 10 %
  of them corrected once: about 1.8 million figure rows (1.6 million figures).
- ``sverige``: the same 100 indicators for about 830 areas, about 10 million figures (meant for PostgreSQL).

Rows are written in bulk (``executemany`` on SQLite, ``COPY`` on PostgreSQL) with their ids, version links and
current pointers computed here, not one ORM object per row, inside the caller's transaction.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
from sqlalchemy import func, select
from sqlmodel import Session, col

from indicators.base.config import settings
from indicators.base.models import (
    DEMO_SOURCE,
    Actor,
    Area,
    Commitment,
    Indicator,
    IndicatorCommitment,
    Pledge,
    ReviewState,
)
from indicators.io import catalogue, demo
from indicators.render.maps import MALMO_OUTLINES
from indicators.rules.disclosure import default_mode
from indicators.rules.periods import PeriodKind, periods_between
from indicators.storage import store
from indicators.storage.store import SYSTEM, Action, BulkFigure, Principal, audit, require


@dataclass(frozen=True)
class Scale:
    name: str
    indicators: int
    extra_areas: int  # areas beyond Malmö's 136 delområden (no geometry)
    first_year: int
    years: int
    corrected: float  # share of figures corrected once


SCALES = {
    "sofielund": Scale("sofielund", 0, 0, 0, 0, 0.0),
    "malmo": Scale("malmo", 100, 0, 2016, 10, 0.10),
    "sverige": Scale("sverige", 100, 694, 2016, 10, 0.10),
}

#: Units per level, in turn (the mix a real catalogue has).
UNITS_BY_LEVEL = {
    "resurs_aktivitet": ["hours", "count", "sek"],
    "prestation": ["count", "persons", "percent"],
    "effekt": ["survey_percent", "per_1000", "index", "percent", "count"],
}


def pledge_code(name: str) -> str:
    """The pledge a scale's pages show."""
    return "sofielund-2022" if name == "sofielund" else f"{name}-demo"


def generate(session: Session, name: str, *, by: Principal = SYSTEM, progress: Callable[[str], None] | None = None
             ) -> dict[str, Any]:  # fmt: skip
    """Fill a migrated store with a scale's demo data. Refuses a store that already holds the scale."""
    require(by, Action.EDIT_CATALOGUE)
    scale = SCALES[name]
    say = progress or (lambda _: None)
    started = time.perf_counter()
    if session.execute(select(col(Pledge.id)).where(col(Pledge.code) == pledge_code(name))).first() and (
        name != "sofielund" or demo.has_demo(session)
    ):
        raise ValueError(f"the store already holds the {name!r} demo data: use an empty store")
    if session.execute(select(col(Pledge.id)).where(col(Pledge.code) == pledge_code("sofielund"))).first() is None:
        catalogue.seed(session, catalogue.load(settings().pledge_file), by=by)
    if name == "sofielund":
        counts = demo.seed_demo(session, pledge_code("sofielund"), by=by)
        return {"scale": name, "figures": counts["figures"], "seconds": round(time.perf_counter() - started, 1)}
    say("areas, pledge and indicators")
    areas = _areas(session, scale)
    codes = _catalogue(session, scale, areas)
    demo.demo_users(session, by)
    say(f"figures for {len(codes)} indicators × {len(areas)} areas × {scale.years * 12} months")
    figures, rows = _figures(session, scale, codes, areas, by)
    audit(session, by, "demo.scale", "pledge", pledge_code(name), None, {"figures": figures, "rows": rows})
    return {"scale": name, "figures": figures, "rows": rows, "seconds": round(time.perf_counter() - started, 1)}


def _areas(session: Session, scale: Scale) -> list[str]:
    """Malmö's 136 delområden (with their polygons), plus numbered areas without geometry for larger scales."""
    known = set(session.execute(select(col(Area.code))).scalars())
    features = json.loads(MALMO_OUTLINES.read_text(encoding="utf-8"))["features"]
    codes = []
    for f in features:
        code = str(f["properties"]["do_kod"])
        codes.append(code)
        if code not in known:
            session.add(
                Area(
                    code=code,
                    name=str(f["properties"]["delomrade"]).title(),
                    kind="delomrade",
                    parent_code="MALMO",
                    geometry=f["geometry"],
                    centroid_lon=f["properties"]["centroid_lon"],
                    centroid_lat=f["properties"]["centroid_lat"],
                )
            )
    for i in range(1, scale.extra_areas + 1):
        code = f"SE{i:04d}"
        codes.append(code)
        if code not in known:
            session.add(Area(code=code, name=f"Område {i} (demo)", kind="omrade", parent_code=None))
    session.flush()
    return codes


def _catalogue(session: Session, scale: Scale, areas: list[str]) -> list[str]:
    """A pledge over the areas, four general commitments per actor, and the indicators that follow them up."""
    actors = [a for a in session.execute(select(col(Actor.code)).order_by(col(Actor.code))).scalars()]
    pledge = Pledge(
        code=pledge_code(scale.name),
        name=f"Medborgarlöften i {'Malmö' if scale.name == 'malmo' else 'Sverige'} (demo)",
        area_code="MALMO",
        start=dt.date(2024, 1, 1),
        end=dt.date(2024, 12, 31),
        signatories=["Polisen", "Malmö stad", "Fastighetsägare BID Sofielund"],
        source_document="Genererade exempeldata för prestandatest (demo)",
        summary="Ett påhittat löfte med många områden och indikatorer, för att mäta hur tjänsten klarar en hel stad.",
        map_areas=areas[:136],
    )
    session.add(pledge)
    session.flush()
    assert pledge.id is not None
    commitments = []
    for i, actor in enumerate(actors):
        for j in range(4):
            c = Commitment(pledge_id=pledge.id, code=f"{actor}{j + 1}", actor_code=actor, kind="general",
                           text=f"Exempelåtagande {j + 1} för {actor} (demo).", position=i * 4 + j)  # fmt: skip
            session.add(c)
            commitments.append(c)
    session.flush()
    position = int(session.execute(select(func.max(Indicator.position))).scalar() or 0)
    codes = []
    levels = list(UNITS_BY_LEVEL)
    for i in range(scale.indicators):
        level = levels[i % 3]
        units = UNITS_BY_LEVEL[level]
        unit = units[(i // 3) % len(units)]
        commitment = commitments[i % len(commitments)]
        code = f"{scale.name[0].upper()}{i + 1:03d}"
        codes.append(code)
        session.add(
            Indicator(
                code=code,
                name_sv=f"Exempelindikator {i + 1} ({unit})",
                name_en=f"Demo indicator {i + 1} ({unit})",
                definition="Genererad för prestandatest; inga verkliga uppgifter.",
                explanation="Ett påhittat mått (demo).",
                unit=unit,
                level=level,
                frequency="monthly",
                direction="down" if i % 2 else "up",
                source=DEMO_SOURCE,
                actor_code=commitment.actor_code,
                public=i % 10 != 9,
                disclosure=default_mode(unit).value,  # as a catalogue without a declaration has it
                scale_min=1.0 if unit == "index" else None,
                scale_max=5.0 if unit == "index" else None,
                target_value=None,
                position=position + 1 + i,
            )
        )
        session.flush()
        assert commitment.id is not None
        session.add(IndicatorCommitment(indicator_code=code, commitment_id=commitment.id))
    session.flush()
    return codes


def _values(unit: str, shape: tuple[int, int], rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray | None]:
    """Plausible values (areas × months) for a unit, with n for survey shares."""
    level = rng.lognormal(mean=2.5, sigma=1.0, size=(shape[0], 1))
    trend = np.linspace(1.0, rng.uniform(0.7, 1.3), shape[1])[None, :]
    noisy = level * trend * rng.normal(1.0, 0.15, size=shape)
    n = None
    if unit in ("percent", "survey_percent"):
        values = np.clip(rng.normal(50, 15, size=(shape[0], 1)) + rng.normal(0, 5, size=shape), 0, 100).round(1)
        if unit == "survey_percent":
            n = rng.integers(20, 400, size=shape)
    elif unit == "index":
        values = np.clip(rng.normal(2.5, 0.5, size=(shape[0], 1)) + rng.normal(0, 0.2, size=shape), 1, 5).round(2)
    elif unit in ("count", "persons"):
        values = np.maximum(noisy, 0).round()
    else:
        values = np.maximum(noisy, 0).round(1)
    return values, n


def _figures(session: Session, scale: Scale, codes: list[str], areas: list[str], by: Principal) -> tuple[int, int]:
    """Write every figure row through the one writer (versions, current pointers and the public release with it);
    returns (figures, rows)."""
    months = periods_between(PeriodKind.MONTH, dt.date(scale.first_year, 1, 1),
                             dt.date(scale.first_year + scale.years - 1, 12, 1))  # fmt: skip
    last_published = months[-3].start  # the newest two months are submitted, not yet reviewed
    wanted = select(col(Indicator.code), col(Indicator.unit)).where(col(Indicator.code).in_(codes))
    units: dict[str, str] = dict(session.execute(wanted).all())
    rng = np.random.default_rng(20221)

    # Drawn per indicator, written period by period, as reports arrive (a period's figures lie together in the
    # store, as they do where a city reports month after month).
    drawn = {}
    for code in codes:
        values, ns = _values(units[code], (len(areas), len(months)), rng)
        drawn[code] = (values, ns, rng.random((len(areas), len(months))) < scale.corrected)

    def rows() -> Iterator[BulkFigure]:
        for m, month in enumerate(months):
            entered = dt.datetime.combine(month.end + dt.timedelta(days=10), dt.time(9), tzinfo=dt.UTC)
            state = ReviewState.PUBLISHED if month.start <= last_published else ReviewState.SUBMITTED
            reviewed = entered + dt.timedelta(days=5) if state == ReviewState.PUBLISHED else None
            reviewer = SYSTEM.username if reviewed else None
            for code in codes:
                values, ns, corrected = drawn[code]
                for a, area in enumerate(areas):
                    value = float(values[a, m])
                    n = None if ns is None else int(ns[a, m])
                    yield BulkFigure(code, area, month.code, value, None, n, DEMO_SOURCE, "", state, entered,
                                     reviewed_by=reviewer, reviewed_at=reviewed, version=1)  # fmt: skip
                    if corrected[a, m]:
                        fixed = round(value * 1.1, 1) if units[code] not in ("count", "persons") else value + 1
                        if units[code] in ("percent", "survey_percent"):
                            fixed = min(fixed, 100.0)
                        if units[code] == "index":
                            fixed = min(round(value * 1.05, 2), 5.0)
                        later = dt.timedelta(days=20)
                        yield BulkFigure(code, area, month.code, fixed, None, n, DEMO_SOURCE,
                                         "Rättad efter kontroll (demo)", state, entered + later, reviewed_by=reviewer,
                                         reviewed_at=reviewed + later if reviewed else None, version=2)  # fmt: skip

    total = store.insert_figures_bulk(session, by=by, figures=rows(), as_catalogue=True, load=f"scale {scale.name}",
                                      batch=100_000)  # fmt: skip
    figures = len(codes) * len(areas) * len(months)
    return figures, total
