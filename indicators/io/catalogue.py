"""Catalogue files (YAML): a pledge, its actors, commitments, indicators, areas and real published figures.

A file is validated whole before anything is stored, and stored in one transaction: a bad file names the file, the
entry and the rule broken, and leaves the store unchanged. Another pledge (next year's renewal, another district)
is another file; no code changes.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from sqlalchemy import delete, func, select
from sqlmodel import Session, col

from indicators.base.config import DATA_DIR
from indicators.base.models import (
    ActionPer,
    Activity,
    ActivityType,
    Actor,
    Area,
    Commitment,
    CommitmentKind,
    CommitmentStatus,
    CurrentFigure,
    Direction,
    Figure,
    Indicator,
    IndicatorCommitment,
    IndicatorSchedule,
    Level,
    PlannedAction,
    Pledge,
    Problem,
    ProblemCommitment,
    ProblemIndicator,
    ReviewState,
    Topic,
)
from indicators.rules.disclosure import Mode, default_mode, protects
from indicators.rules.periods import MAX_YEAR, MIN_YEAR, Frequency, PeriodError, matches_frequency, parse_period
from indicators.rules.plan import SUMMABLE_UNITS
from indicators.rules.schedule import DEFAULT_GRACE_DAYS
from indicators.rules.units import UNITS
from indicators.rules.validation import Rules, personal_data, text_problem, validate_figure
from indicators.rules.validation import ValidationError as FigureValidationError
from indicators.storage import release
from indicators.storage.store import (
    SYSTEM,
    Action,
    BulkFigure,
    Principal,
    audit,
    insert_figures_bulk,
    require,
    stored_figures,
)


class CatalogueError(ValueError):
    """A catalogue file breaks a rule; the message names the file, the entry and the rule."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


#: A code: a letter or digit, then letters, digits, "_", "-" or "." (``I03B``, ``11319``, ``sofielund-2022``). Codes
#: name folders of the open data (``/oppna-data/<pledge>/``) and start rows of its spreadsheets, so nothing else: no
#: "/" or ".." to leave a folder, no "=", "+", "-" or "@" first for a spreadsheet to run.
CODE_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]*")


def _code(value: str) -> str:
    if not CODE_PATTERN.fullmatch(value):
        raise ValueError(f"a code is a letter or digit, then letters, digits, '_', '-' or '.' (not {value!r})")
    return value


Code = Annotated[str, Field(min_length=1), AfterValidator(_code)]
#: A number a file gives: never NaN nor infinite.
Finite = Annotated[float, Field(allow_inf_nan=False)]


class GeometryRef(_Strict):
    file: str
    feature: int | None = None
    code_property: str | None = None


class AreaSpec(_Strict):
    code: Code
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
    code: Code
    name: str
    #: English texts (optional): where one is missing, the English pages show the Swedish text, marked as such.
    name_en: str = ""
    area: str
    areas_file: str
    map_areas: list[str] = Field(default_factory=list)
    start: dt.date
    end: dt.date
    signatories: list[str]
    source_document: str
    summary: str = ""
    summary_en: str = ""
    problem_picture: list[str] = Field(default_factory=list)
    #: Item by item the problem picture in English: as many items as ``problem_picture``, or none.
    problem_picture_en: list[str] = Field(default_factory=list)
    follow_up_channels: list[str] = Field(default_factory=list)
    follow_up_channels_en: list[str] = Field(default_factory=list)
    #: The code of the pledge this one renews (next year's pledge for the same district): the two are one family,
    #: whose files may change what they share (as a new, audited version); no other file may.
    renews: str | None = None


class ActorSpec(_Strict):
    code: Code
    name: str
    short_name: str = ""
    parent: str | None = None


class CommitmentSpec(_Strict):
    code: Code
    actor: str
    kind: CommitmentKind
    text: str
    text_en: str = ""


class ValueAt(_Strict):
    value: Finite
    period: str


class ScheduleSpec(_Strict):
    """Where and how often an indicator is reported in this pledge: its areas (or the kinds of area of the pledge's
    areas file, e.g. ``stad``), the first period due, and the days after a period ends before a missing figure is
    overdue. Without a schedule: the pledge's own sub-areas, from the pledge's start, 30 days' grace."""

    areas: list[str] | None = None
    area_kinds: list[Literal["delomrade", "omrade", "stad", "region"]] | None = None
    first: str | None = None
    grace_days: int = Field(DEFAULT_GRACE_DAYS, ge=0, le=366)

    @field_validator("areas", mode="before")
    @classmethod
    def _codes_text(cls, v: Any) -> Any:
        return [str(x) for x in v] if isinstance(v, list) else v


class ProgressSpec(_Strict):
    """This indicator's own thresholds for the progress rule (:mod:`indicators.rules.status`): the actual pace of
    change since the baseline as a share of the pace needed to reach the target by its period. At or above
    ``on_track``: on track; below ``deteriorating``: going the wrong way; between: slow. Without it: the defaults."""

    on_track: Finite = Field(gt=0, le=2)
    deteriorating: Finite = Field(ge=-2, le=1)

    @model_validator(mode="after")
    def _ordered(self) -> ProgressSpec:
        if self.deteriorating >= self.on_track:
            raise ValueError("deteriorating must be below on_track")
        return self


class IndicatorSpec(_Strict):
    code: Code
    name_sv: str
    name_en: str
    definition: str
    definition_en: str = ""
    explanation: str = ""
    explanation_en: str = ""
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
    target_note_en: str = ""
    scale: tuple[Finite, Finite] | None = None
    categories: dict[int, str] | None = None
    #: The largest value that makes sense (e.g. 744 hours in a month); never above the unit's own bound.
    maximum: Finite | None = None
    #: people: protected (small counts and thin surveys hidden, nothing hidden worked out); none: the actors' own
    #: work, shown as counted. Default: people for counts and survey shares, none for other measures.
    disclosure: Mode | None = None
    schedule: ScheduleSpec | None = None
    progress: ProgressSpec | None = None

    @field_validator("unit")
    @classmethod
    def _known_unit(cls, v: str) -> str:
        if v not in UNITS:
            raise ValueError(f"unknown unit {v!r} (known: {', '.join(UNITS)})")
        return v

    @field_validator("disclosure")
    @classmethod
    def _protectable(cls, v: Mode | None, info: ValidationInfo) -> Mode | None:
        """``people`` on a unit the rules cannot protect would promise a protection the public view does not give."""
        unit_code = info.data.get("unit")
        if v == Mode.PEOPLE and unit_code in UNITS and not protects(unit_code, v):
            raise ValueError(
                f"disclosure: people cannot protect a value in {unit_code!r}: disclosure control protects counts, "
                "survey shares with their number of respondents (survey_percent with n) and rates; report the "
                "figure as one of those, or declare disclosure: none if it tells nothing about few people"
            )
        return v


class ActionSpec(_Strict):
    """One action of the åtgärdsplan: what an actor plans for a commitment, when, how much and with what."""

    code: Code
    commitment: str
    actor: str | None = None  # default: the commitment's actor
    text: str = Field(min_length=1, max_length=1000)
    text_en: str = Field("", max_length=1000)
    contact: str = Field("", max_length=200)  # a role (kommunpolis, områdeskoordinator), never a person's name
    start: dt.date | None = None  # default: the pledge's start
    end: dt.date | None = None  # default: the pledge's end
    area: str | None = None  # default: the pledge's area
    quantity: Finite | None = Field(None, ge=0, le=10_000_000)
    per: ActionPer = ActionPer.QUARTER
    indicator: str | None = None  # what measures it (a unit that adds up over time)
    activities: list[ActivityType] = Field(default_factory=list)  # the recorded activities that count toward it
    hours: Finite | None = Field(None, ge=0, le=1_000_000)
    kronor: Finite | None = Field(None, ge=0, le=1_000_000_000_000)
    demo: bool = False  # a made-up example quantity, labelled as demo wherever shown


class ProblemSpec(_Strict):
    """One problem of the lägesbild: the commitments meant to address it and the effect indicators that would show
    a change."""

    code: Code
    text: str = Field(min_length=1, max_length=1000)
    text_en: str = Field("", max_length=1000)
    commitments: list[str] = Field(min_length=1)
    effects: list[str] = Field(default_factory=list)


class FigureSpec(_Strict):
    indicator: str
    area: str
    period: str
    value: Finite | None = None
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
    problems: list[ProblemSpec] = Field(default_factory=list)
    actions: list[ActionSpec] = Field(default_factory=list)
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
    return json.loads(path.read_text(encoding="utf-8"))


def _geometry(ref: GeometryRef, code: str, base: Path, path: Path) -> dict[str, Any]:
    file = (base / ref.file).resolve()
    try:
        features = _geojson(file)["features"]
    except (OSError, ValueError, KeyError) as exc:
        raise CatalogueError(f"{path}: areas ({code}).geometry: cannot read GeoJSON {ref.file}: {exc}") from exc
    if ref.feature is not None:
        if not 0 <= ref.feature < len(features):
            raise CatalogueError(f"{path}: areas ({code}).geometry: no feature {ref.feature} in {ref.file}")
        return features[ref.feature]["geometry"]
    prop = ref.code_property or "code"
    for feature in features:
        if str(feature["properties"].get(prop)) == code:
            return feature["geometry"]
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
    return sorted(code for code, times in Counter(codes).items() if times > 1)


def _case_twins(codes: Iterable[str]) -> list[list[str]]:
    """Codes that differ only in case (``I01`` and ``i01``): each group, sorted."""
    groups: dict[str, set[str]] = defaultdict(set)
    for code in codes:
        groups[code.casefold()].add(code)
    return sorted(sorted(group) for group in groups.values() if len(group) > 1)


def _loops(parents: Mapping[str, str | None], starts: Iterable[str]) -> list[list[str]]:
    """The loops of parents reachable from ``starts`` (an area inside itself, an actor its own department), each as
    its codes in order, from its smallest code; every walk stops at a code it has seen."""
    loops: dict[frozenset[str], list[str]] = {}
    done: set[str] = set()
    for start in starts:
        path: list[str] = []
        on_path: dict[str, int] = {}
        here: str | None = start
        while here is not None and here not in done and here not in on_path:
            on_path[here] = len(path)
            path.append(here)
            here = parents.get(here)
        if here is not None and here in on_path:
            loop = path[on_path[here] :]
            first = loop.index(min(loop))
            loops.setdefault(frozenset(loop), loop[first:] + loop[:first])
        done.update(path)
    return sorted(loops.values())


def _loop_text(loop: Sequence[str]) -> str:
    return " → ".join([*loop, loop[0]])


_Row = TypeVar("_Row")


def _parents_first(
    rows: Sequence[_Row], code: Callable[[_Row], str], parent: Callable[[_Row], str | None]
) -> list[_Row]:
    """``rows`` with each one after its parent where the parent is among them (the order given, otherwise): a file
    may list a delområde before its district. Rows in a loop of parents (refused before this) come last."""
    listed = {code(r) for r in rows}
    placed: set[str] = set()
    out: list[_Row] = []
    waiting = list(rows)
    while waiting:
        ready = [r for r in waiting if parent(r) is None or parent(r) not in listed or parent(r) in placed]
        if not ready:
            return out + waiting
        for r in ready:
            placed.add(code(r))
        out += ready
        waiting = [r for r in waiting if code(r) not in placed]
    return out


def _cross_check(path: Path, spec: CatalogueFile, areas: list[AreaSpec], areas_path: Path) -> None:
    problems: list[str] = []
    area_codes = {a.code for a in areas}
    for dup in _dupes([a.code for a in areas]):
        problems.append(f"{areas_path}: areas ({dup}): duplicate area code")
    for twins in _case_twins(area_codes):
        problems.append(f"{areas_path}: areas ({', '.join(twins)}): codes that differ only in case")
    for loop in _loops({a.code: a.parent for a in areas}, [a.code for a in areas]):
        problems.append(f"{areas_path}: areas ({loop[0]}).parent: a loop of parents {_loop_text(loop)} (an area "
                        "cannot lie inside itself)")  # fmt: skip
    for a in areas:
        if a.parent is not None and a.parent not in area_codes:
            problems.append(f"{areas_path}: areas ({a.code}).parent: unknown area {a.parent!r}")
        if a.parts_complete and not any(b.parent == a.code for b in areas):
            problems.append(f"{areas_path}: areas ({a.code}).parts_complete: no area names it as parent")
    p = spec.pledge
    if p.renews is not None and p.renews == p.code:
        problems.append(f"{path}: pledge.renews: a pledge cannot renew itself")
    if p.area not in area_codes:
        problems.append(f"{path}: pledge.area: unknown area {p.area!r}")
    for code in p.map_areas:
        if code not in area_codes:
            problems.append(f"{path}: pledge.map_areas: unknown area {code!r}")
    for name, day in (("start", p.start), ("end", p.end)):
        if not MIN_YEAR <= day.year <= MAX_YEAR:
            problems.append(f"{path}: pledge.{name}: {day.isoformat()} lies outside the supported years "
                            f"{MIN_YEAR}–{MAX_YEAR} (pledge {p.code})")  # fmt: skip
    if p.end < p.start:
        problems.append(f"{path}: pledge.end: {p.end.isoformat()} ends before it starts (pledge.start "
                        f"{p.start.isoformat()}, pledge {p.code})")  # fmt: skip
    for name, swedish, english in (("problem_picture", p.problem_picture, p.problem_picture_en),
                                   ("follow_up_channels", p.follow_up_channels, p.follow_up_channels_en)):  # fmt: skip
        if english and len(english) != len(swedish):
            problems.append(f"{path}: pledge.{name}_en: {len(english)} items, pledge.{name} has {len(swedish)}; "
                            f"give each item in English, in the same order, or none (pledge {p.code})")  # fmt: skip

    actors = {a.code for a in spec.actors}
    for dup in _dupes([a.code for a in spec.actors]):
        problems.append(f"{path}: actors ({dup}): duplicate actor code")
    for twins in _case_twins(actors):
        problems.append(f"{path}: actors ({', '.join(twins)}): codes that differ only in case")
    for i, actor in enumerate(spec.actors):
        if actor.parent is not None and actor.parent not in actors:
            problems.append(f"{path}: actors[{i}] ({actor.code}).parent: unknown actor {actor.parent!r}")
    for loop in _loops({a.code: a.parent for a in spec.actors}, [a.code for a in spec.actors]):
        problems.append(f"{path}: actors ({loop[0]}).parent: a loop of parents {_loop_text(loop)} (an actor "
                        "cannot be its own department)")  # fmt: skip

    commitments = {c.code for c in spec.commitments}
    for dup in _dupes([c.code for c in spec.commitments]):
        problems.append(f"{path}: commitments ({dup}): duplicate commitment code")
    for twins in _case_twins(commitments):
        problems.append(f"{path}: commitments ({', '.join(twins)}): codes that differ only in case")
    for i, spec_c in enumerate(spec.commitments):
        if spec_c.actor not in actors:
            problems.append(f"{path}: commitments[{i}] ({spec_c.code}).actor: unknown actor {spec_c.actor!r}")

    followed: set[str] = set()
    for dup in _dupes([ind.code for ind in spec.indicators]):
        problems.append(f"{path}: indicators ({dup}): duplicate indicator code")
    for twins in _case_twins({ind.code for ind in spec.indicators}):
        problems.append(f"{path}: indicators ({', '.join(twins)}): codes that differ only in case")
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
        if (plan := ind.schedule) is not None:
            if plan.areas is not None and plan.area_kinds is not None:
                problems.append(f"{where}.schedule: give areas or area_kinds, not both")
            for code in plan.areas or []:
                if code not in area_codes:
                    problems.append(f"{where}.schedule.areas: unknown area {code!r}")
            if plan.area_kinds is not None and not [a for a in areas if a.kind in plan.area_kinds]:
                problems.append(f"{where}.schedule.area_kinds: no area of kind {', '.join(plan.area_kinds)}")
            if plan.first is not None:
                try:
                    first = parse_period(plan.first)
                except PeriodError as exc:
                    problems.append(f"{where}.schedule.first: {exc}")
                else:
                    if not matches_frequency(first, ind.frequency):
                        problems.append(f"{where}.schedule.first: {first.code} is a {first.kind.value} period; "
                                        f"{ind.code} is reported {ind.frequency.value}")  # fmt: skip
    for code in sorted(commitments - followed):
        problems.append(f"{path}: commitments ({code}): no indicator follows up this commitment")
    problems += _plan_problems(path, spec, {a.code: a for a in areas})

    if not problems:
        rules = Rules(indicators=_indicator_rows(spec), areas=area_codes)
        for i, f in enumerate(spec.figures):
            try:
                validate_figure(_figure_fields(f), rules)
            except FigureValidationError as exc:
                problems.append(f"{path}: figures[{i}] ({f.indicator} {f.area} {f.period}): {exc}")
        keys = [f"{f.indicator}/{f.area}/{_period_code(f.period)}" for f in spec.figures]
        for dup in _dupes(keys):
            problems.append(f"{path}: figures ({dup}): the same figure twice")
    if problems:
        raise CatalogueError("\n".join(problems))


def _period_code(text: str) -> str:
    """A period as the store writes it (``2020-h2`` is ``2020-H2``), or the text when it is no period."""
    try:
        return parse_period(text).code
    except PeriodError:
        return text


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
        definition_en=ind.definition_en,
        explanation=ind.explanation,
        explanation_en=ind.explanation_en,
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
        target_note_en=ind.target_note_en,
        scale_min=ind.scale[0] if ind.scale else None,
        scale_max=ind.scale[1] if ind.scale else None,
        maximum=ind.maximum,
        categories={str(k): v for k, v in ind.categories.items()} if ind.categories else None,
        position=position,
        disclosure=(ind.disclosure or default_mode(ind.unit)).value,
        progress=ind.progress.model_dump() if ind.progress else None,
    )


def _indicator_rows(spec: CatalogueFile) -> dict[str, Indicator]:
    return {ind.code: _indicator_row(ind, i) for i, ind in enumerate(spec.indicators)}


def _upsert(session: Session, row: Any) -> tuple[Any, bool]:
    """Insert or update a catalogue row by primary key; returns (row, changed)."""
    mapper = type(row)
    key = tuple(getattr(row, c.name) for c in mapper.__table__.primary_key.columns)
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


def _area_row(area: AreaSpec, geometry: dict[str, Any] | None) -> Area:
    lon, lat = _centroid(geometry) if geometry else (None, None)
    return Area(code=area.code, name=area.name, kind=area.kind, parent_code=area.parent,
                parts_complete=area.parts_complete, geometry=geometry, centroid_lon=lon, centroid_lat=lat)  # fmt: skip


#: Fields that are presentation or derived, not definition: a file may set them without it being a change of what
#: another pledge defined (an indicator's place in its own file's list; an area's centroid, made from its geometry).
_NOT_DEFINITION = {"position", "centroid_lon", "centroid_lat"}
#: Fields whose change would make stored figures invalid (or their periods no longer the indicator's kind): refused
#: while the indicator has figures.
_FIGURE_SHAPING = ("unit", "scale_min", "scale_max", "categories", "frequency")


@dataclass(frozen=True)
class Change:
    """A catalogue row a file would change: the fields with their stored and new values."""

    entity: str
    code: str
    before: dict[str, Any]
    after: dict[str, Any]


def _shown(value: Any) -> str:
    return _cut(repr(value))


def _cut(text: str) -> str:
    return text if len(text) <= 80 else text[:77] + "..."


def _form(text: str) -> str:
    return next((f for f in ("NFC", "NFD") if unicodedata.is_normalized(f, text)), "mixed Unicode forms")


def _shown_pair(old: Any, new: Any) -> tuple[str, str]:
    """Two values as a refusal shows them. Texts that look the same (``Malmö`` as one letter ö, NFC, or as o and a
    combining diaeresis, NFD) are shown with their characters escaped and their Unicode forms, so the difference
    shows."""
    if isinstance(old, str) and isinstance(new, str) and old != new:
        if unicodedata.normalize("NFKC", old) == unicodedata.normalize("NFKC", new):
            return f"{_cut(ascii(old))} ({_form(old)})", f"{_cut(ascii(new))} ({_form(new)})"
    return _shown(old), _shown(new)


def _check_changes(session: Session, catalogue: Catalogue, rows: list[Area | Actor | Indicator]) -> list[Change]:
    """The definitions this file would change, or :class:`CatalogueError` naming every change it may not make.

    Actors, areas and indicators are shared by code across pledges (so a renewal continues the same series). A file
    may change a shared definition only where no pledge outside its own family (itself and the pledges it renews,
    and those renewing it) uses it; an indicator's unit, scale and categories not at all while it has figures."""
    pledge = catalogue.spec.pledge
    problems: list[str] = []
    if pledge.renews is not None:
        renewed = session.execute(select(Pledge).where(col(Pledge.code) == pledge.renews)).scalar_one_or_none()
        if renewed is None:
            problems.append(f"{catalogue.path}: pledge.renews: no pledge {pledge.renews!r} in the store")
        elif renewed.area_code != pledge.area:
            problems.append(f"{catalogue.path}: pledge.renews: {pledge.renews} is a pledge for {renewed.area_code}, "
                            f"this one for {pledge.area}; a renewal is the same district's next pledge")  # fmt: skip
    family = _family(session, pledge.code, pledge.renews if not problems else None)
    users = _users(session)
    changes: list[Change] = []
    stored_areas = {code: (parent, complete) for code, parent, complete in session.execute(
        select(col(Area.code), col(Area.parent_code), col(Area.parts_complete))).all()}  # fmt: skip
    for row in rows:
        if isinstance(row, Area) and (row.code not in stored_areas or stored_areas[row.code][0] != row.parent_code):
            # A part added to (or taken from) an area another pledge counts as made up exactly of its parts: a new
            # area, or a stored one moved under another parent.
            was = stored_areas[row.code][0] if row.code in stored_areas else None
            for whole, how in ((row.parent_code, "added to"), (was, "taken from")):
                if not whole or not stored_areas.get(whole, (None, False))[1]:
                    continue
                others = sorted(users.get(("area", whole), set()) - family)
                if not others:
                    continue
                if row.code not in stored_areas:
                    problems.append(f"{catalogue.path}: area {row.code}: a new part of {whole}, which pledge "
                                    f"{', '.join(others)} counts as made up exactly of its parts")  # fmt: skip
                else:
                    problems.append(f"{catalogue.path}: area {row.code}: parent_code is {was!r}, this file says "
                                    f"{row.parent_code!r}: a part {how} {whole}, which pledge {', '.join(others)} "
                                    "counts as made up exactly of its parts")  # fmt: skip
        entity = type(row).__name__.lower()
        stored = session.get(type(row), row.code)
        if stored is None:
            continue
        new, old = row.model_dump(), stored.model_dump()
        others = sorted(users.get((entity, row.code), set()) - family)
        if others and isinstance(row, Indicator) and isinstance(stored, Indicator):
            row.position = stored.position  # its place in another pledge's list stays as that pledge set it
        fields = [f for f in new if f not in _NOT_DEFINITION and new[f] != old[f]]
        if not fields:
            continue
        change = Change(entity, row.code, {f: old[f] for f in fields}, {f: new[f] for f in fields})
        if others:
            owners = ", ".join(others)
            shown = {f: _shown_pair(old[f], new[f]) for f in fields}
            problems += [f"{catalogue.path}: {entity} {row.code}: {f} is {shown[f][0]} as pledge {owners} "
                         f"defines it; this file says {shown[f][1]}" for f in fields]  # fmt: skip
        if isinstance(row, Indicator) and "maximum" in fields and new["maximum"] is not None:
            above = session.execute(
                select(func.count()).select_from(CurrentFigure).join(Figure, col(Figure.id) == CurrentFigure.figure_id)
                .where(col(CurrentFigure.indicator_code) == row.code, col(Figure.value) > new["maximum"])
            ).scalar()  # fmt: skip
            if above:
                problems.append(f"{catalogue.path}: indicator {row.code}: maximum {_shown(new['maximum'])} lies "
                                f"below {above} stored figures")  # fmt: skip
        if isinstance(row, Indicator) and (shaping := [f for f in _FIGURE_SHAPING if f in fields]):
            keys = session.execute(
                select(col(CurrentFigure.area_code), col(CurrentFigure.period))
                .where(col(CurrentFigure.indicator_code) == row.code).order_by(col(CurrentFigure.period_start))
            ).all()  # fmt: skip
            if keys:
                sample = ", ".join(f"{area}/{period}" for area, period in keys[:5])
                problems += [f"{catalogue.path}: indicator {row.code}: changing {f} from {_shown(old[f])} to "
                             f"{_shown(new[f])} would make its {len(keys)} stored figures invalid ({sample}"
                             f"{', …' if len(keys) > 5 else ''})" for f in shaping]  # fmt: skip
        changes.append(change)
    if problems:
        raise CatalogueError(
            "a file may not change what another pledge defined, nor what stored figures depend on "
            "(give the new thing its own code, or mark next year's file with `renews:`):\n" + "\n".join(problems)
        )
    return changes


def _family(session: Session, code: str, renews: str | None) -> set[str]:
    """A pledge and every pledge connected to it by renewals, either way (as stored, plus what the file says)."""
    links = [(c, r) for c, r in session.execute(select(col(Pledge.code), col(Pledge.renews_code))).all() if r]
    links = [(c, r) for c, r in links if c != code] + ([(code, renews)] if renews else [])
    family, grown = {code}, True
    while grown:
        grown = False
        for a, b in links:
            if (a in family) != (b in family):
                family |= {a, b}
                grown = True
    return family


def _above(parents: Mapping[str, str | None], code: str) -> list[str]:
    """The codes above ``code`` (its parent, the parent's parent, ...), stopping at any it has seen: a loop of
    parents in the store (refused since; older stores may hold one) never makes a walk endless."""
    out: list[str] = []
    seen = {code}
    here = parents.get(code)
    while here and here not in seen:
        out.append(here)
        seen.add(here)
        here = parents.get(here)
    return out


def _users(session: Session) -> dict[tuple[str, str], set[str]]:
    """Which pledges use each actor, area and indicator: (entity, code) → pledge codes."""
    out: dict[tuple[str, str], set[str]] = {}
    for indicator, actor, pledge in session.execute(
        select(col(Indicator.code), col(Indicator.actor_code), col(Pledge.code))
        .join(IndicatorCommitment, col(IndicatorCommitment.indicator_code) == col(Indicator.code))
        .join(Commitment, col(Commitment.id) == col(IndicatorCommitment.commitment_id))
        .join(Pledge, col(Pledge.id) == col(Commitment.pledge_id))
    ).all():  # fmt: skip
        out.setdefault(("indicator", indicator), set()).add(pledge)
        out.setdefault(("actor", actor), set()).add(pledge)
    for actor, pledge in session.execute(
        select(col(Commitment.actor_code), col(Pledge.code)).join(Pledge, col(Pledge.id) == col(Commitment.pledge_id))
    ).all():  # fmt: skip
        out.setdefault(("actor", actor), set()).add(pledge)
    parents = dict(session.execute(select(col(Actor.code), col(Actor.parent_code))).all())
    for (entity, code), pledges in list(out.items()):
        if entity == "actor":
            for parent in _above(parents, code):
                out.setdefault(("actor", parent), set()).update(pledges)
    area_parents = dict(session.execute(select(col(Area.code), col(Area.parent_code))).all())
    for pledge, area, map_areas in session.execute(
        select(col(Pledge.code), col(Pledge.area_code), col(Pledge.map_areas))
    ).all():  # fmt: skip
        for start in {area, *(map_areas or [])}:
            for here in [start, *_above(area_parents, start)]:
                out.setdefault(("area", here), set()).add(pledge)
    # An area holding figures of a pledge's indicators, or in one of its reporting schedules, is that pledge's too.
    of_indicator = {code: pledges for (entity, code), pledges in out.items() if entity == "indicator"}
    for indicator, area in session.execute(
        select(col(CurrentFigure.indicator_code), col(CurrentFigure.area_code)).distinct()
    ).all():  # fmt: skip
        out.setdefault(("area", area), set()).update(of_indicator.get(indicator, set()))
    for pledge, areas in session.execute(
        select(col(Pledge.code), col(IndicatorSchedule.areas))
        .join(Pledge, col(Pledge.id) == IndicatorSchedule.pledge_id)
    ).all():  # fmt: skip
        for area in areas or []:
            out.setdefault(("area", area), set()).add(pledge)
    return out


def _plan_problems(path: Path, spec: CatalogueFile, areas: Mapping[str, AreaSpec]) -> list[str]:
    """What is wrong with a file's lägesbild problems and åtgärdsplan, checked against the file itself."""
    problems: list[str] = []
    p = spec.pledge
    commitments = {c.code: c for c in spec.commitments}
    actors = {a.code for a in spec.actors}
    indicators = {i.code: i for i in spec.indicators}
    for section, codes in (("problems", [x.code for x in spec.problems]), ("actions", [x.code for x in spec.actions])):
        for dup in _dupes(codes):
            problems.append(f"{path}: {section} ({dup}): duplicate code")
        for twins in _case_twins(set(codes)):
            problems.append(f"{path}: {section} ({', '.join(twins)}): codes that differ only in case")
    texts = [(f"problems[{i}] ({x.code}).{name}", getattr(x, name)) for i, x in enumerate(spec.problems)
             for name in ("text", "text_en")] + [
        (f"actions[{i}] ({x.code}).{name}", getattr(x, name)) for i, x in enumerate(spec.actions)
        for name in ("text", "text_en", "contact")]  # fmt: skip
    for where, value in texts:  # what the public reads: no hidden characters, no personal data
        if problem := text_problem(value, 1000) or personal_data(value):
            problems.append(f"{path}: {where}: {problem.text('en')}")
    for i, prob in enumerate(spec.problems):
        where = f"{path}: problems[{i}] ({prob.code})"
        for c in prob.commitments:
            if c not in commitments:
                problems.append(f"{where}.commitments: unknown commitment {c!r}")
        for code in prob.effects:
            if code not in indicators:
                problems.append(f"{where}.effects: unknown indicator {code!r}")
            elif indicators[code].level != Level.EFFEKT:
                problems.append(f"{where}.effects: {code} is a {indicators[code].level.value} indicator; a problem's "
                                "change shows in effect indicators (level effekt)")  # fmt: skip
    for i, act in enumerate(spec.actions):
        where = f"{path}: actions[{i}] ({act.code})"
        if act.commitment not in commitments:
            problems.append(f"{where}.commitment: unknown commitment {act.commitment!r}")
        if act.actor is not None and act.actor not in actors:
            problems.append(f"{where}.actor: unknown actor {act.actor!r}")
        if act.area is not None and act.area not in areas:
            problems.append(f"{where}.area: unknown area {act.area!r}")
        start, end = act.start or p.start, act.end or p.end
        if end < start:
            problems.append(f"{where}.end: {end.isoformat()} ends before it starts ({start.isoformat()})")
        if start < p.start or end > p.end:
            problems.append(f"{where}.start/end: {start.isoformat()}–{end.isoformat()} lies outside the pledge "
                            f"{p.start.isoformat()}–{p.end.isoformat()} (pledge {p.code})")  # fmt: skip
        if act.indicator is not None:
            ind = indicators.get(act.indicator)
            if ind is None:
                problems.append(f"{where}.indicator: unknown indicator {act.indicator!r}")
            elif act.quantity is not None and ind.unit not in SUMMABLE_UNITS:
                problems.append(f"{where}.indicator: {ind.code} is in {ind.unit}, which does not add up over time; "
                                "a planned quantity needs a count, persons, hours, days, tonnes or kronor")  # fmt: skip
        if act.quantity is not None and act.indicator is None and not act.activities:
            problems.append(f"{where}.quantity: say what measures it: an indicator, or the activities that count")
    return problems


def _check_store(session: Session, catalogue: Catalogue) -> list[Commitment]:
    """What no file may do, whichever pledge it is for, checked against the store: give a code that differs only in
    case from a stored one; take a stored pledge over for another district; close a loop of renewals or renew a
    pledge that starts later; drop a commitment that has reports. Returns the stored commitments of the pledge that
    its file no longer lists (to remove), or raises :class:`CatalogueError` naming every problem. (A loop of parents
    is refused on loading: a file lists every parent it names, so its codes' parents in the store become the
    file's, and a loop through stored rows is one the file states.)"""
    path, spec, p = catalogue.path, catalogue.spec, catalogue.spec.pledge
    problems: list[str] = []
    pledges = {row.code: row for row in session.execute(select(Pledge)).scalars()}
    for entity, codes, known in (("area", [a.code for a in catalogue.areas],
                                  session.execute(select(col(Area.code))).scalars().all()),
                                 ("actor", [a.code for a in spec.actors],
                                  session.execute(select(col(Actor.code))).scalars().all()),
                                 ("indicator", [i.code for i in spec.indicators],
                                  session.execute(select(col(Indicator.code))).scalars().all()),
                                 ("pledge", [p.code], pledges)):  # fmt: skip
        stored_codes: dict[str, set[str]] = defaultdict(set)
        for code in known:
            stored_codes[code.casefold()].add(code)
        for code in codes:
            twins = stored_codes.get(code.casefold(), set())
            if twins and code not in twins:
                problems.append(f"{path}: {entity} {code}: differs only in case from the stored {entity} "
                                f"{', '.join(sorted(twins))}; write it as stored for the same {entity}, or give a code "
                                f"of its own (pledge {p.code})")  # fmt: skip
    mine = pledges.get(p.code)
    if mine is not None and mine.area_code != p.area:
        problems.append(f"{path}: pledge.area: the pledge {p.code} is for area {mine.area_code}, this file says "
                        f"{p.area}; give the new pledge its own code")  # fmt: skip
    renewals = {code: row.renews_code for code, row in pledges.items() if code != p.code} | {p.code: p.renews}
    for loop in _loops(renewals, [p.code]):
        problems.append(f"{path}: pledge.renews: a loop of renewals {_loop_text(loop)} (pledge {p.code}; a pledge "
                        "renews an earlier one)")  # fmt: skip
    renewed = pledges.get(p.renews) if p.renews else None
    if renewed is not None and renewed.start > p.start:
        problems.append(f"{path}: pledge.renews: {renewed.code} starts {renewed.start.isoformat()}, after pledge "
                        f"{p.code} (start {p.start.isoformat()}); a pledge renews an earlier one")  # fmt: skip
    for later in pledges.values():
        if later.renews_code == p.code and later.code != p.code and later.start < p.start:
            problems.append(f"{path}: pledge.start: {p.start.isoformat()} is after the start "
                            f"{later.start.isoformat()} of pledge {later.code}, which renews {p.code}")  # fmt: skip
    dropped: list[Commitment] = []
    if mine is not None:
        listed = {c.code for c in spec.commitments}
        for commitment in session.execute(
            select(Commitment).where(col(Commitment.pledge_id) == mine.id).order_by(col(Commitment.position))
        ).scalars():  # fmt: skip
            if commitment.code in listed:
                continue
            held = [(session.execute(select(func.count()).where(link == commitment.id)).scalar() or 0, what)
                    for link, what in ((col(CommitmentStatus.commitment_id), "status reports"),
                                       (col(Activity.commitment_id), "activities"),
                                       (col(Topic.commitment_id), "answers to topics residents raised"))]  # fmt: skip
            if reported := " and ".join(f"{n} {what}" for n, what in held if n):
                problems.append(f"{path}: commitments: commitment {commitment.code} of pledge {p.code} has "
                                f"{reported}; keep it in the file")  # fmt: skip
            dropped.append(commitment)
    if problems:
        raise CatalogueError("\n".join(problems))
    return dropped


def _pledge_areas(catalogue: Catalogue) -> set[str]:
    """The areas a file's own pledge uses: its area and map areas, their parts (at any depth) and the areas above
    them, and the areas of its reporting schedules. A file's figures are for these."""
    pledge = catalogue.spec.pledge
    parents = {a.code: a.parent for a in catalogue.areas}
    children: dict[str, list[str]] = defaultdict(list)
    for code, parent in parents.items():
        if parent:
            children[parent].append(code)
    own: set[str] = set()
    frontier = [pledge.area, *pledge.map_areas]
    while frontier:
        here = frontier.pop()
        if here not in own:
            own.add(here)
            frontier += children.get(here, [])
    own |= {above for code in [pledge.area, *pledge.map_areas] for above in _above(parents, code)}
    for ind in catalogue.spec.indicators:
        own.update(schedule_areas(catalogue, ind.schedule))
    return own


def schedule_areas(catalogue: Catalogue, plan: ScheduleSpec | None) -> list[str]:
    """The areas an indicator is reported for in this pledge: its schedule's areas, or the areas of its kinds, or
    by default the pledge's own sub-areas (its map areas inside its area; the pledge's area when it has none)."""
    pledge = catalogue.spec.pledge
    if plan is not None and plan.areas is not None:
        return list(plan.areas)
    if plan is not None and plan.area_kinds is not None:
        return [a.code for a in catalogue.areas if a.kind in plan.area_kinds]
    parents = {a.code: a.parent for a in catalogue.areas}
    return [a for a in pledge.map_areas if parents.get(a) == pledge.area] or [pledge.area]


def _store_schedules(session: Session, catalogue: Catalogue, pledge_id: int) -> None:
    """The pledge's reporting schedules, as the file gives them now (a pledge's own: replaced whole)."""
    session.execute(delete(IndicatorSchedule).where(col(IndicatorSchedule.pledge_id) == pledge_id))
    for ind in catalogue.spec.indicators:
        plan = ind.schedule
        session.add(IndicatorSchedule(
            pledge_id=pledge_id, indicator_code=ind.code, areas=schedule_areas(catalogue, plan),
            first_period=parse_period(plan.first).code if plan and plan.first else None,
            grace_days=plan.grace_days if plan else DEFAULT_GRACE_DAYS,
        ))  # fmt: skip
    session.flush()


def seed(session: Session, catalogue: Catalogue, *, by: Principal = SYSTEM) -> dict[str, int]:
    """Store a checked catalogue in the caller's transaction (idempotent: a second run changes nothing)."""
    require(by, Action.EDIT_CATALOGUE)
    spec = catalogue.spec
    counts = {"areas": 0, "actors": 0, "commitments": 0, "indicators": 0, "figures": 0}
    # Parents first: areas and actors refer to rows of their own table (a file may list a part before its whole).
    area_rows = [_area_row(area, catalogue.geometries.get(area.code))
                 for area in _parents_first(catalogue.areas, lambda a: a.code, lambda a: a.parent)]  # fmt: skip
    actor_rows = [Actor(code=a.code, name=a.name, short_name=a.short_name or a.name, parent_code=a.parent)
                  for a in _parents_first(spec.actors, lambda a: a.code, lambda a: a.parent)]  # fmt: skip
    indicator_rows = list(_indicator_rows(spec).values())
    dropped = _check_store(session, catalogue)
    users = _users(session)  # before this file's rows: who used what
    family = _family(session, spec.pledge.code, spec.pledge.renews)
    changes = _check_changes(session, catalogue, [*area_rows, *actor_rows, *indicator_rows])
    for row in [*area_rows, *actor_rows]:
        counts["areas" if isinstance(row, Area) else "actors"] += _upsert(session, row)[1]
        session.flush()
    p = spec.pledge
    pledge = session.execute(select(Pledge).where(col(Pledge.code) == p.code)).scalar_one_or_none()
    fields: dict[str, Any] = {
        "name": p.name,
        "name_en": p.name_en,
        "area_code": p.area,
        "start": p.start,
        "end": p.end,
        "signatories": p.signatories,
        "source_document": p.source_document,
        "summary": p.summary,
        "summary_en": p.summary_en,
        "problem_picture": p.problem_picture,
        "problem_picture_en": p.problem_picture_en,
        "follow_up_channels": p.follow_up_channels,
        "follow_up_channels_en": p.follow_up_channels_en,
        "map_areas": p.map_areas,
        "renews_code": p.renews,
    }
    if pledge is None:
        pledge = Pledge(code=p.code, **fields)
        session.add(pledge)
    else:  # a change of a stored pledge is a new version in the audit trail, as a changed definition is
        edited = [name for name, value in fields.items() if getattr(pledge, name) != value]
        if edited:
            audit(session, by, "pledge.change", "pledge", p.code,
                  {"pledge": p.code, **{n: _jsonable(getattr(pledge, n)) for n in edited}},
                  {"pledge": p.code, **{n: _jsonable(fields[n]) for n in edited}})  # fmt: skip
        for name, value in fields.items():
            setattr(pledge, name, value)
    session.flush()
    assert pledge.id is not None
    commitment_ids: dict[str, int] = {}
    for position, c in enumerate(spec.commitments):
        existing = session.execute(
            select(Commitment).where(col(Commitment.pledge_id) == pledge.id, col(Commitment.code) == c.code)
        ).scalar_one_or_none()
        if existing is None:
            existing = Commitment(pledge_id=pledge.id, code=c.code, actor_code=c.actor, kind=c.kind.value, text=c.text,
                                  text_en=c.text_en)  # fmt: skip
            counts["commitments"] += 1
        else:
            was = {"actor_code": existing.actor_code, "kind": existing.kind, "text": existing.text,
                   "text_en": existing.text_en}  # fmt: skip
            wants = {"actor_code": c.actor, "kind": c.kind.value, "text": c.text, "text_en": c.text_en}
            if edited := [k for k in was if was[k] != wants[k]]:
                audit(session, by, "commitment.change", "commitment", f"{p.code}/{c.code}",
                      {"pledge": p.code, **{k: was[k] for k in edited}},
                      {"pledge": p.code, **{k: wants[k] for k in edited}})  # fmt: skip
        existing.actor_code, existing.kind, existing.text, existing.position = c.actor, c.kind.value, c.text, position
        existing.text_en = c.text_en
        session.add(existing)
        session.flush()
        assert existing.id is not None
        commitment_ids[c.code] = existing.id
    for indicator_row in indicator_rows:
        counts["indicators"] += _upsert(session, indicator_row)[1]
    session.flush()
    _store_schedules(session, catalogue, pledge.id)
    for change in changes:  # each changed definition is a new version in the audit trail: who, when, before, after
        audit(session, by, f"{change.entity}.change", change.entity, change.code,
              {"pledge": p.code, **change.before}, {"pledge": p.code, **change.after})  # fmt: skip
    pledge_commitments = list(commitment_ids.values())
    session.execute(delete(IndicatorCommitment).where(col(IndicatorCommitment.commitment_id).in_(pledge_commitments)))
    for ind in spec.indicators:
        for code in ind.commitments:
            session.add(IndicatorCommitment(indicator_code=ind.code, commitment_id=commitment_ids[code]))
    _store_plan(session, catalogue, pledge.id, commitment_ids, by)  # before a dropped commitment goes: its actions
    for gone in dropped:  # no longer in the file, and nothing reported on it (checked): removed with its links
        links = session.execute(select(col(IndicatorCommitment.indicator_code))
                                .where(col(IndicatorCommitment.commitment_id) == gone.id)).scalars().all()  # fmt: skip
        session.execute(delete(IndicatorCommitment).where(col(IndicatorCommitment.commitment_id) == gone.id))
        audit(session, by, "commitment.remove", "commitment", f"{p.code}/{gone.code}",
              {"pledge": p.code, "actor_code": gone.actor_code, "kind": gone.kind, "text": gone.text,
               "text_en": gone.text_en, "indicators": sorted(links)}, None)  # fmt: skip
        session.delete(gone)
    session.flush()
    rules = Rules(indicators=_indicator_rows(spec), areas={a.code for a in catalogue.areas})
    to_write = [BulkFigure(figure.indicator_code, figure.area_code, figure.period, figure.value, figure.status_code,
                       figure.n, figure.source, figure.note, ReviewState.PUBLISHED, evidence_url=figure.evidence_url)
            for figure in (validate_figure(_figure_fields(f), rules) for f in spec.figures)]  # fmt: skip
    stored = stored_figures(session, [(r.indicator_code, r.area_code, r.period) for r in to_write])
    changed: list[BulkFigure] = []
    foreign: list[str] = []
    own = _pledge_areas(catalogue)
    for i, f in enumerate(spec.figures):
        if f.area not in own:
            foreign.append(f"{catalogue.path}: figures[{i}] ({f.indicator} {f.area} {f.period}): area {f.area} is "
                           f"not one pledge {p.code} uses (its area {p.area}, its map areas, their parts and the "
                           "areas above them, its schedules' areas)")  # fmt: skip
    for written in to_write:
        code, area, period = written.indicator_code, written.area_code, written.period
        now = stored.get((code, area, period))
        if now is not None and now.repeated_by(written):  # the writer's rule: the same figure is not a correction
            continue
        owners = sorted(users.get(("indicator", code), set()) - family)
        if now is not None and owners:
            foreign.append(f"{catalogue.path}: figures ({code} {area} {period}): {_shown(now.value)} as pledge "
                           f"{', '.join(owners)} reported it; this file says {_shown(written.value)}")  # fmt: skip
        elif owners:  # a shared series: a file's figures are published unreviewed, so only its own pledges' own
            foreign.append(f"{catalogue.path}: figures ({code} {area} {period}): {code} is also pledge "
                           f"{', '.join(owners)}'s indicator; report its figures through the import, where the "
                           "steering group reviews them")  # fmt: skip
        changed.append(written)
    if foreign:  # checked before any figure is written; the caller's transaction undoes the catalogue rows
        raise CatalogueError(
            "a file may add figures only for the areas its pledge uses and only to indicators no other pledge "
            "shares, and may not correct figures of another pledge's indicators:\n" + "\n".join(foreign)
        )
    counts["figures"] = insert_figures_bulk(session, by=by, figures=changed, as_catalogue=True)
    release.refresh(session, [ind.code for ind in spec.indicators])  # an indicator may have become (non-)public
    audit(session, by, "catalogue.seed", "pledge", p.code, None, {"file": catalogue.path.name, **counts})
    return counts


#: What an actor's editor may change in the app (:func:`indicators.storage.plan.save_action`); the rest (commitment,
#: actor, area, what measures it) stays the catalogue's, also for an action changed in the app.
APP_FIELDS = frozenset({"text", "contact", "start", "end", "quantity", "per", "hours", "kronor"})


def _store_plan(session: Session, catalogue: Catalogue, pledge_id: int, commitments: dict[str, int],
                by: Principal) -> None:  # fmt: skip
    """The pledge's problems with their links, and its åtgärdsplan, as the file gives them (kept by code, so their
    ids stay; each change a version in the audit trail). An action changed in the app since keeps that change (the
    app's version is the newer); an action the file no longer lists is removed, unless a topic residents raised
    is answered by it."""
    spec, p = catalogue.spec, catalogue.spec.pledge
    stored = {row.code: row for row in session.execute(select(Problem).where(col(Problem.pledge_id) == pledge_id))
              .scalars()}  # fmt: skip
    links: dict[int, dict[str, list[str]]] = defaultdict(lambda: {"commitments": [], "effects": []})
    by_id = {v: k for k, v in commitments.items()}
    for pid, cid in session.execute(select(col(ProblemCommitment.problem_id), col(ProblemCommitment.commitment_id))):
        links[pid]["commitments"].append(by_id.get(cid, str(cid)))
    for pid, code in session.execute(select(col(ProblemIndicator.problem_id), col(ProblemIndicator.indicator_code))):
        links[pid]["effects"].append(code)
    listed = set()
    for position, prob in enumerate(spec.problems):
        listed.add(prob.code)
        row = stored.get(prob.code)
        wants = {"text": prob.text, "text_en": prob.text_en, "commitments": sorted(prob.commitments),
                 "effects": sorted(prob.effects)}  # fmt: skip
        if row is None:
            row = Problem(pledge_id=pledge_id, code=prob.code, text=prob.text, text_en=prob.text_en, position=position)
            session.add(row)
        else:
            assert row.id is not None
            was = {"text": row.text, "text_en": row.text_en, "commitments": sorted(links[row.id]["commitments"]),
                   "effects": sorted(links[row.id]["effects"])}  # fmt: skip
            if edited := [k for k in was if was[k] != wants[k]]:
                audit(session, by, "problem.change", "problem", f"{p.code}/{prob.code}",
                      {"pledge": p.code, **{k: was[k] for k in edited}},
                      {"pledge": p.code, **{k: wants[k] for k in edited}})  # fmt: skip
            row.text, row.text_en, row.position = prob.text, prob.text_en, position
        session.flush()
        session.execute(delete(ProblemCommitment).where(col(ProblemCommitment.problem_id) == row.id))
        session.execute(delete(ProblemIndicator).where(col(ProblemIndicator.problem_id) == row.id))
        assert row.id is not None
        session.add_all([ProblemCommitment(problem_id=row.id, commitment_id=commitments[c])
                         for c in dict.fromkeys(prob.commitments)])  # fmt: skip
        session.add_all([ProblemIndicator(problem_id=row.id, indicator_code=c) for c in dict.fromkeys(prob.effects)])
    for code, row in stored.items():
        if code not in listed:
            session.execute(delete(ProblemCommitment).where(col(ProblemCommitment.problem_id) == row.id))
            session.execute(delete(ProblemIndicator).where(col(ProblemIndicator.problem_id) == row.id))
            audit(session, by, "problem.remove", "problem", f"{p.code}/{code}", {"pledge": p.code, "text": row.text},
                  None)  # fmt: skip
            session.delete(row)
    session.flush()

    actions = {row.code: row for row in session.execute(
        select(PlannedAction).where(col(PlannedAction.pledge_id) == pledge_id)).scalars()}  # fmt: skip
    owners = {c.code: c.actor for c in spec.commitments}
    for position, act in enumerate(spec.actions):
        fields: dict[str, Any] = {
            "commitment_id": commitments[act.commitment], "actor_code": act.actor or owners[act.commitment],
            "text": act.text, "text_en": act.text_en, "contact": act.contact, "start": act.start or p.start,
            "end": act.end or p.end, "area_code": act.area or p.area, "quantity": act.quantity, "per": act.per.value,
            "indicator_code": act.indicator, "activity_types": [a.value for a in act.activities], "hours": act.hours,
            "kronor": act.kronor, "demo": act.demo,
        }  # fmt: skip
        row = actions.pop(act.code, None)
        if row is None:
            session.add(PlannedAction(pledge_id=pledge_id, code=act.code, position=position, **fields))
            continue
        row.position = position
        if row.edited_by is not None:  # changed in the app since: the app's version of what it may change is newer
            fields = {k: v for k, v in fields.items() if k not in APP_FIELDS}
        if edited := [k for k, v in fields.items() if getattr(row, k) != v]:
            audit(session, by, "action.change", "planned_action", f"{p.code}/{act.code}",
                  {"pledge": p.code, **{k: _jsonable(getattr(row, k)) for k in edited}},
                  {"pledge": p.code, **{k: _jsonable(fields[k]) for k in edited}})  # fmt: skip
            for k in edited:
                setattr(row, k, fields[k])
    answered = set(session.execute(select(col(Topic.action_id)).where(col(Topic.action_id).is_not(None))).scalars())
    blocked = [code for code, row in actions.items() if row.id in answered]
    if blocked:
        raise CatalogueError(f"{catalogue.path}: actions: {', '.join(sorted(blocked))} of pledge {p.code} answer "
                             "topics residents raised (Ni sa – vi gjorde); keep them in the file")  # fmt: skip
    for code, row in actions.items():
        audit(session, by, "action.remove", "planned_action", f"{p.code}/{code}",
              {"pledge": p.code, "text": row.text, "quantity": row.quantity, "per": row.per}, None)  # fmt: skip
        session.delete(row)
    session.flush()


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def _centroid(geometry: dict[str, Any]) -> tuple[float, float]:
    """Mean of the outer ring's vertices: good enough to place a label or a point for a small district."""
    ring = geometry["coordinates"][0] if geometry["type"] == "Polygon" else geometry["coordinates"][0][0]
    lons = [pt[0] for pt in ring[:-1]] or [ring[0][0]]
    lats = [pt[1] for pt in ring[:-1]] or [ring[0][1]]
    return round(sum(lons) / len(lons), 6), round(sum(lats) / len(lats), 6)
