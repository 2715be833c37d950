"""Catalogue files (YAML): a pledge, its actors, commitments, indicators, areas and real published figures.

A file is validated whole before anything is stored, and stored in one transaction: a bad file names the file, the
entry and the rule broken, and leaves the store unchanged. Another pledge (next year's renewal, another district)
is another file; no code changes.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from functools import cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from sqlalchemy import delete, select
from sqlmodel import Session

from indicators.base.config import DATA_DIR
from indicators.base.models import (
    Actor,
    Area,
    Commitment,
    CommitmentKind,
    Direction,
    Indicator,
    IndicatorCommitment,
    Level,
    Pledge,
    ReviewState,
)
from indicators.rules.disclosure import Mode, default_mode
from indicators.rules.periods import Frequency, PeriodError, parse_period
from indicators.rules.units import UNITS
from indicators.rules.validation import Rules, validate_figure
from indicators.rules.validation import ValidationError as FigureValidationError
from indicators.storage import release
from indicators.storage.store import SYSTEM, Action, Principal, audit, current_version, require, submit_figure


class CatalogueError(ValueError):
    """A catalogue file breaks a rule; the message names the file, the entry and the rule."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class GeometryRef(_Strict):
    file: str
    feature: int | None = None
    code_property: str | None = None


class AreaSpec(_Strict):
    code: str
    name: str
    kind: Literal["delomrade", "omrade", "stad", "region"] = "delomrade"
    parent: str | None = None
    #: The areas naming this one as parent make it up exactly (no gap, no overlap): a count here is their sum.
    parts_complete: bool = False
    geometry: GeometryRef | None = None

    @field_validator("code", mode="before")
    @classmethod
    def _code_text(cls, v: Any) -> str:
        return str(v)


class AreasFile(_Strict):
    areas: list[AreaSpec]


class PledgeSpec(_Strict):
    code: str
    name: str
    area: str
    areas_file: str
    map_areas: list[str] = Field(default_factory=list)
    start: dt.date
    end: dt.date
    signatories: list[str]
    source_document: str
    summary: str = ""
    problem_picture: list[str] = Field(default_factory=list)
    follow_up_channels: list[str] = Field(default_factory=list)


class ActorSpec(_Strict):
    code: str
    name: str
    short_name: str = ""
    parent: str | None = None


class CommitmentSpec(_Strict):
    code: str
    actor: str
    kind: CommitmentKind
    text: str


class ValueAt(_Strict):
    value: float
    period: str


class IndicatorSpec(_Strict):
    code: str
    name_sv: str
    name_en: str
    definition: str
    explanation: str = ""
    unit: str
    level: Level
    frequency: Frequency
    direction: Direction
    source: str
    actor: str
    commitments: list[str] = Field(min_length=1)
    public: bool = True
    baseline: ValueAt | None = None
    target: ValueAt | None = None
    target_note: str = ""
    scale: tuple[float, float] | None = None
    categories: dict[int, str] | None = None
    #: The largest value that makes sense (e.g. 744 hours in a month); never above the unit's own bound.
    maximum: float | None = None
    #: people: protected (small counts and thin surveys hidden, nothing hidden worked out); none: the actors' own
    #: work, shown as counted. Default: people for counts and survey shares, none for other measures.
    disclosure: Mode | None = None

    @field_validator("unit")
    @classmethod
    def _known_unit(cls, v: str) -> str:
        if v not in UNITS:
            raise ValueError(f"unknown unit {v!r} (known: {', '.join(UNITS)})")
        return v


class FigureSpec(_Strict):
    indicator: str
    area: str
    period: str
    value: float | None = None
    status: str | None = None
    n: int | None = None
    source: str
    note: str = ""

    @field_validator("area", "period", mode="before")
    @classmethod
    def _text(cls, v: Any) -> str:
        return str(v)


class CatalogueFile(_Strict):
    pledge: PledgeSpec
    actors: list[ActorSpec]
    commitments: list[CommitmentSpec]
    indicators: list[IndicatorSpec]
    figures: list[FigureSpec] = Field(default_factory=list)


class Catalogue:
    """A loaded, cross-checked catalogue file with its areas."""

    def __init__(self, path: Path, spec: CatalogueFile, areas: list[AreaSpec], geometries: dict[str, Any]):
        self.path = path
        self.spec = spec
        self.areas = areas
        self.geometries = geometries


def _read_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise CatalogueError(f"{path}: file not found") from exc
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise CatalogueError(f"{path}: not valid UTF-8 YAML: {exc}") from exc


def _entry_name(data: Any, loc: tuple[Any, ...]) -> str:
    """'indicators[3] (I04).unit' from a pydantic error location."""
    parts: list[str] = []
    node = data
    for step in loc:
        if isinstance(step, int) and parts:
            parts[-1] += f"[{step}]"
            node = node[step] if isinstance(node, list) and step < len(node) else None
            if isinstance(node, dict) and "code" in node:
                parts[-1] += f" ({node['code']})"
            elif isinstance(node, dict) and "indicator" in node:
                parts[-1] += f" ({node['indicator']} {node.get('area')} {node.get('period')})"
        else:
            parts.append(str(step))
            node = node.get(step) if isinstance(node, dict) else None
    return ".".join(parts)


def _parse(model: type[BaseModel], data: Any, path: Path) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = [f"{path}: {_entry_name(data, tuple(e['loc']))}: {e['msg']}" for e in exc.errors()]
        raise CatalogueError("\n".join(problems)) from exc


@cache
def _geojson(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _geometry(ref: GeometryRef, code: str, base: Path, path: Path) -> dict[str, Any]:
    file = (base / ref.file).resolve()
    try:
        features = _geojson(file)["features"]
    except (OSError, ValueError, KeyError) as exc:
        raise CatalogueError(f"{path}: areas ({code}).geometry: cannot read GeoJSON {ref.file}: {exc}") from exc
    if ref.feature is not None:
        if not 0 <= ref.feature < len(features):
            raise CatalogueError(f"{path}: areas ({code}).geometry: no feature {ref.feature} in {ref.file}")
        return features[ref.feature]["geometry"]  # type: ignore[no-any-return]
    prop = ref.code_property or "code"
    for feature in features:
        if str(feature["properties"].get(prop)) == code:
            return feature["geometry"]  # type: ignore[no-any-return]
    raise CatalogueError(f"{path}: areas ({code}).geometry: no feature with {prop} = {code} in {ref.file}")


def load(path: str | Path) -> Catalogue:
    """Read and check a catalogue file and its areas file; raise CatalogueError naming every broken rule."""
    path = Path(path)
    spec: CatalogueFile = _parse(CatalogueFile, _read_yaml(path), path)
    areas_path = (path.parent / spec.pledge.areas_file).resolve()
    areas: AreasFile = _parse(AreasFile, _read_yaml(areas_path), areas_path)
    geometries = {
        a.code: _geometry(
            a.geometry, a.code, DATA_DIR if a.geometry.file.startswith("geo/") else areas_path.parent, areas_path
        )
        for a in areas.areas
        if a.geometry is not None
    }
    _cross_check(path, spec, areas.areas, areas_path)
    return Catalogue(path, spec, areas.areas, geometries)


def _dupes(codes: list[str]) -> list[str]:
    seen: set[str] = set()
    return sorted({c for c in codes if c in seen or seen.add(c)})  # type: ignore[func-returns-value]


def _cross_check(path: Path, spec: CatalogueFile, areas: list[AreaSpec], areas_path: Path) -> None:
    problems: list[str] = []
    area_codes = {a.code for a in areas}
    for dup in _dupes([a.code for a in areas]):
        problems.append(f"{areas_path}: areas ({dup}): duplicate area code")
    for a in areas:
        if a.parent is not None and a.parent not in area_codes:
            problems.append(f"{areas_path}: areas ({a.code}).parent: unknown area {a.parent!r}")
        if a.parts_complete and not any(b.parent == a.code for b in areas):
            problems.append(f"{areas_path}: areas ({a.code}).parts_complete: no area names it as parent")
    p = spec.pledge
    if p.area not in area_codes:
        problems.append(f"{path}: pledge.area: unknown area {p.area!r}")
    for code in p.map_areas:
        if code not in area_codes:
            problems.append(f"{path}: pledge.map_areas: unknown area {code!r}")
    if p.end < p.start:
        problems.append(f"{path}: pledge.end: ends before it starts")

    actors = {a.code for a in spec.actors}
    for dup in _dupes([a.code for a in spec.actors]):
        problems.append(f"{path}: actors ({dup}): duplicate actor code")
    for i, actor in enumerate(spec.actors):
        if actor.parent is not None and actor.parent not in actors:
            problems.append(f"{path}: actors[{i}] ({actor.code}).parent: unknown actor {actor.parent!r}")

    commitments = {c.code for c in spec.commitments}
    for dup in _dupes([c.code for c in spec.commitments]):
        problems.append(f"{path}: commitments ({dup}): duplicate commitment code")
    for i, spec_c in enumerate(spec.commitments):
        if spec_c.actor not in actors:
            problems.append(f"{path}: commitments[{i}] ({spec_c.code}).actor: unknown actor {spec_c.actor!r}")

    followed: set[str] = set()
    for dup in _dupes([ind.code for ind in spec.indicators]):
        problems.append(f"{path}: indicators ({dup}): duplicate indicator code")
    for i, ind in enumerate(spec.indicators):
        where = f"{path}: indicators[{i}] ({ind.code})"
        if ind.actor not in actors:
            problems.append(f"{where}.actor: unknown actor {ind.actor!r}")
        for c in ind.commitments:
            if c not in commitments:
                problems.append(f"{where}.commitments: unknown commitment {c!r}")
        followed.update(ind.commitments)
        for name, at in (("baseline", ind.baseline), ("target", ind.target)):
            if at is not None:
                try:
                    parse_period(at.period)
                except PeriodError as exc:
                    problems.append(f"{where}.{name}.period: {exc}")
        unit = UNITS[ind.unit]
        if unit.scaled and ind.scale is None:
            problems.append(f"{where}.scale: an index needs its scale, e.g. [1, 5]")
        if unit.categorical and not ind.categories:
            problems.append(f"{where}.categories: a category indicator needs its categories")
        if ind.maximum is not None and (ind.maximum <= (unit.minimum or 0) or (unit.maximum or math.inf) < ind.maximum):
            problems.append(f"{where}.maximum: must lie above {unit.minimum or 0} and at most the unit's "
                            f"{unit.maximum or 'bound'}")  # fmt: skip
    for code in sorted(commitments - followed):
        problems.append(f"{path}: commitments ({code}): no indicator follows up this commitment")

    if not problems:
        rules = Rules(indicators=_indicator_rows(spec), areas=area_codes)
        for i, f in enumerate(spec.figures):
            try:
                validate_figure(_figure_fields(f), rules)
            except FigureValidationError as exc:
                problems.append(f"{path}: figures[{i}] ({f.indicator} {f.area} {f.period}): {exc}")
        keys = [f"{f.indicator}/{f.area}/{f.period}" for f in spec.figures]
        for dup in _dupes(keys):
            problems.append(f"{path}: figures ({dup}): the same figure twice")
    if problems:
        raise CatalogueError("\n".join(problems))


def _figure_fields(f: FigureSpec) -> dict[str, Any]:
    return {
        "indicator": f.indicator,
        "area": f.area,
        "period": f.period,
        "value": f.value,
        "status": f.status,
        "n": f.n,
        "source": f.source,
        "note": f.note,
    }


def _indicator_row(ind: IndicatorSpec, position: int) -> Indicator:
    return Indicator(
        code=ind.code,
        name_sv=ind.name_sv,
        name_en=ind.name_en,
        definition=ind.definition,
        explanation=ind.explanation,
        unit=ind.unit,
        level=ind.level.value,
        frequency=ind.frequency.value,
        direction=ind.direction.value,
        source=ind.source,
        actor_code=ind.actor,
        public=ind.public,
        baseline_value=ind.baseline.value if ind.baseline else None,
        baseline_period=parse_period(ind.baseline.period).code if ind.baseline else None,
        target_value=ind.target.value if ind.target else None,
        target_period=parse_period(ind.target.period).code if ind.target else None,
        target_note=ind.target_note,
        scale_min=ind.scale[0] if ind.scale else None,
        scale_max=ind.scale[1] if ind.scale else None,
        maximum=ind.maximum,
        categories={str(k): v for k, v in ind.categories.items()} if ind.categories else None,
        position=position,
        disclosure=(ind.disclosure or default_mode(ind.unit)).value,
    )


def _indicator_rows(spec: CatalogueFile) -> dict[str, Indicator]:
    return {ind.code: _indicator_row(ind, i) for i, ind in enumerate(spec.indicators)}


def _upsert(session: Session, row: Any) -> tuple[Any, bool]:
    """Insert or update a catalogue row by primary key; returns (row, changed)."""
    mapper = type(row)
    key = tuple(getattr(row, c.name) for c in mapper.__table__.primary_key.columns)  # type: ignore[attr-defined]
    existing = session.get(mapper, key if len(key) > 1 else key[0])
    if existing is None:
        session.add(row)
        return row, True
    changed = False
    for name, value in row.model_dump().items():
        if getattr(existing, name) != value:
            setattr(existing, name, value)
            changed = True
    return existing, changed


def seed(session: Session, catalogue: Catalogue, *, by: Principal = SYSTEM) -> dict[str, int]:
    """Store a checked catalogue in the caller's transaction (idempotent: a second run changes nothing)."""
    require(by, Action.EDIT_CATALOGUE)
    spec = catalogue.spec
    counts = {"areas": 0, "actors": 0, "commitments": 0, "indicators": 0, "figures": 0}
    # Parents first: areas and actors refer to rows of their own table.
    for area in sorted(catalogue.areas, key=lambda a: a.parent is not None):
        geometry = catalogue.geometries.get(area.code)
        lon, lat = _centroid(geometry) if geometry else (None, None)
        area_row = Area(
            code=area.code,
            name=area.name,
            kind=area.kind,
            parent_code=area.parent,
            parts_complete=area.parts_complete,
            geometry=geometry,
            centroid_lon=lon,
            centroid_lat=lat,
        )
        counts["areas"] += _upsert(session, area_row)[1]
        session.flush()
    for actor in sorted(spec.actors, key=lambda a: a.parent is not None):
        actor_row = Actor(
            code=actor.code, name=actor.name, short_name=actor.short_name or actor.name, parent_code=actor.parent
        )
        counts["actors"] += _upsert(session, actor_row)[1]
        session.flush()
    p = spec.pledge
    pledge = session.exec(select(Pledge).where(Pledge.code == p.code)).scalar_one_or_none()  # type: ignore[call-overload]
    fields = {
        "name": p.name,
        "area_code": p.area,
        "start": p.start,
        "end": p.end,
        "signatories": p.signatories,
        "source_document": p.source_document,
        "summary": p.summary,
        "problem_picture": p.problem_picture,
        "follow_up_channels": p.follow_up_channels,
        "map_areas": p.map_areas,
    }
    if pledge is None:
        pledge = Pledge(code=p.code, **fields)
        session.add(pledge)
    else:
        for name, value in fields.items():
            setattr(pledge, name, value)
    session.flush()
    assert pledge.id is not None
    commitment_ids: dict[str, int] = {}
    for position, c in enumerate(spec.commitments):
        existing = session.exec(  # type: ignore[call-overload]
            select(Commitment).where(Commitment.pledge_id == pledge.id, Commitment.code == c.code)
        ).scalar_one_or_none()
        if existing is None:
            existing = Commitment(pledge_id=pledge.id, code=c.code, actor_code=c.actor, kind=c.kind.value, text=c.text)
            counts["commitments"] += 1
        existing.actor_code, existing.kind, existing.text, existing.position = c.actor, c.kind.value, c.text, position
        session.add(existing)
        session.flush()
        assert existing.id is not None
        commitment_ids[c.code] = existing.id
    for indicator_row in _indicator_rows(spec).values():
        counts["indicators"] += _upsert(session, indicator_row)[1]
    session.flush()
    pledge_commitments = list(commitment_ids.values())
    session.execute(
        delete(IndicatorCommitment).where(IndicatorCommitment.commitment_id.in_(pledge_commitments))  # type: ignore[attr-defined]
    )
    for ind in spec.indicators:
        for code in ind.commitments:
            session.add(IndicatorCommitment(indicator_code=ind.code, commitment_id=commitment_ids[code]))
    session.flush()
    rules = Rules(indicators=_indicator_rows(spec), areas={a.code for a in catalogue.areas})
    for f in spec.figures:
        figure = validate_figure(_figure_fields(f), rules)
        now = current_version(session, figure.indicator_code, figure.area_code, figure.period)
        if now is not None and (now.value, now.status_code, now.n, now.source, now.note) == (
            figure.value,
            figure.status_code,
            figure.n,
            figure.source,
            figure.note,
        ):
            continue
        submit_figure(session, by=by, figure=figure, review_state=ReviewState.PUBLISHED, as_catalogue=True)
        counts["figures"] += 1
    release.refresh(session, [ind.code for ind in spec.indicators])  # an indicator may have become (non-)public
    audit(session, by, "catalogue.seed", "pledge", p.code, None, {"file": catalogue.path.name, **counts})
    return counts


def _centroid(geometry: dict[str, Any]) -> tuple[float, float]:
    """Mean of the outer ring's vertices: good enough to place a label or a point for a small district."""
    ring = geometry["coordinates"][0] if geometry["type"] == "Polygon" else geometry["coordinates"][0][0]
    lons = [pt[0] for pt in ring[:-1]] or [ring[0][0]]
    lats = [pt[1] for pt in ring[:-1]] or [ring[0][1]]
    return round(sum(lons) / len(lons), 6), round(sum(lats) / len(lats), 6)
