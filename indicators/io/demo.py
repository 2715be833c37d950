"""Demo data: plausible figures, activities, commitment reports and topics residents raised, generated
deterministically.

Everything made here is stored with source ``demo`` and shown labelled "Exempeldata" wherever it appears.
The same seed gives the same data, so demos, screenshots and tests agree.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session, col

from indicators.base.models import (
    DEMO_SOURCE,
    Activity,
    ActivityType,
    Actor,
    Area,
    Commitment,
    CommitmentState,
    CommitmentStatus,
    CurrentFigure,
    Figure,
    Indicator,
    IndicatorSchedule,
    Pledge,
    ReviewState,
    Role,
)
from indicators.read.queries import pledge_indicator_codes
from indicators.rules.periods import FREQUENCY_KIND, Frequency, Period, PeriodKind, is_complete, periods_between
from indicators.rules.units import UNITS
from indicators.storage import auth, feedback
from indicators.storage.store import SYSTEM, Action, BulkFigure, Principal, audit, insert_figures_bulk, require

SEED = 42
FIRST_DAY = dt.date(2019, 1, 1)
LAST_DAY = dt.date(2025, 12, 31)

#: Typical level of a monthly value by unit, before per-indicator and per-area variation.
_LEVEL = {
    "count": 12.0,
    "persons": 60.0,
    "hours": 120.0,
    "percent": 60.0,
    "survey_percent": 35.0,
    "tonnes": 4.0,
    "per_1000": 12.0,
    "per_100000": 1_200.0,
    "sek": 50_000.0,
    "days": 20.0,
}
_PER_PERIOD = {PeriodKind.MONTH: 1.0, PeriodKind.QUARTER: 3.0, PeriodKind.HALF: 6.0, PeriodKind.YEAR: 12.0}

#: Which activity types serve which commitments, and how they are placed.
ACTIVITY_PLAN: list[tuple[ActivityType, str, str, int]] = [
    (ActivityType.PATROL, "POL", "P2", 60),
    (ActivityType.CITIZEN_DIALOGUE, "POL", "P1", 14),
    (ActivityType.CAMERA, "POL", "P3", 6),
    (ActivityType.SCHOOL_VISIT, "ASF", "A3", 16),
    (ActivityType.CLEANING, "FGK", "F1", 40),
    (ActivityType.CITIZEN_DIALOGUE, "FGK", "F3", 8),
    (ActivityType.SAFETY_WALK, "BID", "B1", 12),
    (ActivityType.INSPECTION, "MF", "M1", 18),
]


def _demo_areas(session: Session, pledge: Pledge) -> list[str]:
    if pledge.map_areas:
        return list(pledge.map_areas)
    rows = session.execute(select(col(Area.code)).where(col(Area.kind) == "delomrade")).scalars().all()
    return list(rows)


def _value(ind: Indicator, rng: random.Random, step: int, steps: int, kind: PeriodKind, scale: float) -> float:
    """A value that drifts in the good direction over time, with noise, inside the unit's range."""
    u = UNITS[ind.unit]
    progress = step / max(steps - 1, 1)
    drift = {"up": 0.25, "down": -0.25}.get(ind.direction, 0.0) * progress
    noise = rng.gauss(0, 0.08)
    if u.scaled:
        low, high = ind.scale_min or 1.0, ind.scale_max or 5.0
        mid = low + (high - low) * (0.45 + 0.1 * scale)
        return round(min(high, max(low, mid * (1 + drift + noise))), 2)
    if u.categorical:
        return 3.0 if progress < 0.6 else 2.0
    base = _LEVEL.get(ind.unit, 10.0) * scale
    if not u.percent and ind.unit not in ("per_1000", "per_100000"):
        base *= _PER_PERIOD[kind]
    if ind.target_value is not None:
        # Demo values move towards the (demo) target over the years, so statuses vary.
        base = ind.target_value * (0.7 + 0.4 * progress) * scale**0.3
        drift = 0.0
    value = max(0.0, base * (1 + drift + noise))
    if u.percent:
        value = min(100.0, value)
    if u.integer:
        return float(round(value))
    return round(value, 1)


def _fit(value: float, ind: Indicator, period: Period) -> float:
    """A demo value as a reporter could enter it: within the unit's and the indicator's bound, and, for a count of
    days, the period's own number of days (a year of summer-square days has at most 365 or 366)."""
    u = UNITS[ind.unit]
    bounds = [b for b in (u.maximum, ind.maximum) if b is not None and not u.scaled]
    if u.days_of_period:
        bounds.append((period.end - period.start).days + 1)
    return float(min([value, *bounds]))


def demo_figures(session: Session, pledge: Pledge, today: dt.date, rng: random.Random) -> list[BulkFigure]:
    """Demo figures for every indicator of the pledge, on the pledge's map areas, 2019–2025, where no real
    figure exists. A few are corrected (a second version), the newest are not yet reviewed, and a few
    expected figures are left unreported so that 'overdue' has something to show."""
    codes = pledge_indicator_codes(session, pledge.code)
    indicators = session.execute(
        select(Indicator).where(col(Indicator.code).in_(codes)).order_by(col(Indicator.position))
    )
    taken = {
        (i, a, p)
        for i, a, p in session.execute(
            select(col(CurrentFigure.indicator_code), col(CurrentFigure.area_code), col(CurrentFigure.period))
        ).all()
    }
    areas = _demo_areas(session, pledge)
    # Context indicators measured elsewhere (shootings in Malmö, the police region's survey) have real figures for
    # their own area only: invented local values for them would be nonsense, so they get none.
    real_areas: dict[str, set[str]] = {}
    for code, area in session.execute(
        select(col(Figure.indicator_code), col(Figure.area_code)).where(col(Figure.source) != DEMO_SOURCE).distinct()
    ).all():
        real_areas.setdefault(code, set()).add(area)
    # An indicator scheduled for other areas only (the city, the police region: a key figure read from Kolada) is
    # measured there: its invented values are the city's, never the map's districts'.
    elsewhere = {
        code: list(where)
        for code, where in session.execute(
            select(col(IndicatorSchedule.indicator_code), col(IndicatorSchedule.areas)).where(
                col(IndicatorSchedule.pledge_id) == pledge.id
            )
        ).all()
        if where and not set(where) & set(areas)
    }
    last_day = min(LAST_DAY, today)
    out: list[BulkFigure] = []
    corrections: list[BulkFigure] = []
    units: dict[str, str] = {}
    for ind in indicators.scalars():
        units[ind.code] = ind.unit
        if ind.code in real_areas and (not real_areas[ind.code] & set(areas) or UNITS[ind.unit].categorical):
            continue  # a classification made by an authority is not invented either
        kind = FREQUENCY_KIND[Frequency(ind.frequency)] or PeriodKind.YEAR
        periods = [p for p in periods_between(kind, FIRST_DAY, last_day) if is_complete(p, today)]
        skip_last = ind.actor_code in ("MF", "ASF") and kind in (PeriodKind.MONTH, PeriodKind.QUARTER)
        for area in elsewhere.get(ind.code, areas):
            local = random.Random(f"{SEED}/{ind.code}/{area}")
            scale = 0.6 + 0.8 * local.random()
            for step, period in enumerate(periods):
                if (ind.code, area, period.code) in taken:
                    continue
                if skip_last and step >= len(periods) - 1:
                    continue  # left unreported on purpose: shows as overdue
                value = _fit(_value(ind, local, step, len(periods), kind, scale), ind, period)
                n = local.randint(20, 160) if UNITS[ind.unit].needs_n else None
                recent = period.start >= dt.date(2025, 7, 1)
                state = ReviewState.SUBMITTED if recent else ReviewState.PUBLISHED
                entered = dt.datetime.combine(period.end + dt.timedelta(days=10), dt.time(9), tzinfo=dt.UTC)
                out.append(BulkFigure(ind.code, area, period.code, value, None, n, DEMO_SOURCE, "", state, entered))
                if local.random() < 0.03 and not recent:
                    corrected = round(value * (1 + local.choice([-0.1, 0.1])), 1)
                    if UNITS[ind.unit].integer or UNITS[ind.unit].categorical:
                        corrected = float(round(corrected))
                    corrected = _fit(corrected, ind, period)
                    corrections.append(
                        BulkFigure(
                            ind.code,
                            area,
                            period.code,
                            corrected,
                            None,
                            n,
                            DEMO_SOURCE,
                            "Rättad efter kontroll (exempel)",
                            ReviewState.PUBLISHED,
                            entered + dt.timedelta(days=30),
                        )
                    )
    # A few numbers that are not numbers: missing and suppressed, as real reporting has them.
    for i in range(0, len(out), 97):
        f = out[i]
        status = "suppressed" if UNITS[units[f.indicator_code]].integer else "missing"
        out[i] = BulkFigure(
            f.indicator_code, f.area_code, f.period, None, status, None, DEMO_SOURCE, "", f.review_state, f.entered_at
        )
    return out + corrections


def _point_in(geometry: dict[str, Any], rng: random.Random) -> tuple[float, float]:
    """A random point inside a polygon's outer ring (rejection sampling on its bounding box)."""
    ring = geometry["coordinates"][0] if geometry["type"] == "Polygon" else geometry["coordinates"][0][0]
    xs, ys = [p[0] for p in ring], [p[1] for p in ring]
    for _ in range(200):
        x, y = rng.uniform(min(xs), max(xs)), rng.uniform(min(ys), max(ys))
        if _inside(x, y, ring):
            return round(x, 6), round(y, 6)
    return round(sum(xs) / len(xs), 6), round(sum(ys) / len(ys), 6)


def _inside(x: float, y: float, ring: list[list[float]]) -> bool:
    inside = False
    j = len(ring) - 1
    for i in range(len(ring)):
        xi, yi = ring[i][0], ring[i][1]
        xj, yj = ring[j][0], ring[j][1]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def demo_activities(session: Session, pledge: Pledge, rng: random.Random) -> list[Activity]:
    """Place-based activities during the pledge period, mostly in Södra Sofielund, each serving a commitment."""
    commitments = {
        c.code: c for c in session.execute(select(Commitment).where(col(Commitment.pledge_id) == pledge.id)).scalars()
    }
    wanted = select(Area).where(col(Area.code).in_(_demo_areas(session, pledge)))
    areas = {a.code: a for a in session.execute(wanted).scalars()}
    focus = [c for c in ("11319", "11320", "11322") if c in areas] or list(areas)
    days = (pledge.end - pledge.start).days
    out: list[Activity] = []
    for type_, actor, commitment_code, count in ACTIVITY_PLAN:
        commitment = commitments.get(commitment_code)
        for _ in range(count):
            area_code = rng.choice(focus if rng.random() < 0.8 else list(areas))
            area = areas[area_code]
            lon, lat = _point_in(area.geometry, rng) if area.geometry else (None, None)
            day = pledge.start + dt.timedelta(days=rng.randrange(days))
            out.append(
                Activity(
                    actor_code=actor,
                    commitment_id=commitment.id if commitment else None,
                    type=type_.value,
                    date=day,
                    area_code=area_code,
                    lon=lon,
                    lat=lat,
                    hours=round(rng.uniform(1, 6) * 2) / 2,
                    participants=rng.randint(2, 40)
                    if type_ in (ActivityType.CITIZEN_DIALOGUE, ActivityType.SAFETY_WALK, ActivityType.SCHOOL_VISIT)
                    else None,
                    description="Exempelaktivitet (demo)",
                    source=DEMO_SOURCE,
                    entered_by=SYSTEM.username,
                    entered_at=dt.datetime.combine(day + dt.timedelta(days=3), dt.time(9), tzinfo=dt.UTC),
                )
            )
    return out


def demo_statuses(session: Session, pledge: Pledge, rng: random.Random) -> list[CommitmentStatus]:
    """Quarterly status reports per commitment over the pledge period; a few left unreported."""
    quarters = periods_between(PeriodKind.QUARTER, pledge.start, pledge.end)
    out: list[CommitmentStatus] = []
    commitments = (
        session.execute(
            select(Commitment).where(col(Commitment.pledge_id) == pledge.id).order_by(col(Commitment.position))
        )
        .scalars()
        .all()
    )
    for c in commitments:
        local = random.Random(f"{SEED}/status/{c.code}")
        for i, q in enumerate(quarters):
            if c.actor_code == "MF" and i == len(quarters) - 1:
                continue  # not reported yet (demo)
            roll = local.random()
            if i == 0:
                state = CommitmentState.NOT_STARTED if roll < 0.3 else CommitmentState.ONGOING
            elif i == len(quarters) - 1:
                state = (
                    CommitmentState.DONE
                    if roll < 0.5
                    else (CommitmentState.AT_RISK if roll < 0.65 else CommitmentState.ONGOING)
                )
            else:
                state = CommitmentState.AT_RISK if roll < 0.15 else CommitmentState.ONGOING
            out.append(
                CommitmentStatus(
                    commitment_id=c.id,
                    period=q.code,
                    status=state.value,
                    comment="Exempelrapport (demo)",
                    source=DEMO_SOURCE,
                    reported_by=SYSTEM.username,
                    reported_at=dt.datetime.combine(q.end + dt.timedelta(days=7), dt.time(10), tzinfo=dt.UTC),
                )
            )
    return out


#: What residents raised at the demo dialogues (the pledge's lägesbild), in Swedish and English, how many times, and
#: the answer: commitment, state, what was done, and whether the steering group has published it.
DEMO_TOPICS: list[tuple[str, str, int, str | None, str, str, str, bool]] = [
    (
        "Narkotikahandel nära skolan",
        "Drug dealing near the school",
        6,
        "P2",
        "ongoing",
        "Polisen finns vid skolan morgon och eftermiddag två dagar i veckan (exempel).",
        "The police are at the school mornings and afternoons two days a week (example).",
        True,
    ),
    (
        "Mörka gångvägar genom parken",
        "Dark paths through the park",
        4,
        "G2",
        "done",
        "Ny belysning längs gångvägarna i parken (exempel).",
        "New lighting along the paths in the park (example).",
        True,
    ),
    (
        "Nedskräpning på gator och torg",
        "Litter in the streets and squares",
        5,
        "F1",
        "done",
        "Fler städrundor på helger och fler papperskorgar (exempel).",
        "More cleaning rounds at weekends and more litter bins (example).",
        True,
    ),
    (
        "Otrygghet på kvällen",
        "Feeling unsafe in the evening",
        3,
        "F2",
        "ongoing",
        "Trygghetsvärdar går i området fredag och lördag kväll (exempel).",
        "Safety hosts walk the area on Friday and Saturday evenings (example).",
        True,
    ),
    (
        "Höga hastigheter på gatorna",
        "Speeding in the streets",
        2,
        "F5",
        "planned",
        "Blomlådor som farthinder ställs ut till våren (exempel).",
        "Flower boxes as speed bumps will be put out in the spring (example).",
        False,
    ),
    ("Unga som lockas in i kriminalitet", "Young people drawn into crime", 1, None, "", "", "", False),
]


def demo_topics(session: Session, pledge: Pledge, by: Principal, today: dt.date) -> int:
    """The demo's "Ni sa – vi gjorde": topics from the lägesbild raised at the demo's dialogues (and school visits and
    safety walks), answered with commitments, most of them published. Written by the one writer of topics
    (:mod:`indicators.storage.feedback`), acting as the steering group; shown as demo data because they were raised
    at demo activities (source ``demo``)."""
    if feedback.count_topics(session, pledge.code):
        return 0
    session.flush()  # the demo activities get their ids
    last = min(today, pledge.end)
    dialogues = (
        session.execute(
            select(Activity)
            .where(
                col(Activity.source) == DEMO_SOURCE,
                col(Activity.type).in_(feedback.DIALOGUE_TYPES),
                col(Activity.date).between(pledge.start, last),
            )
            .order_by(col(Activity.date), col(Activity.id))
        )
        .scalars()
        .all()
    )
    if not dialogues:
        return 0
    commitments = set(
        session.execute(select(col(Commitment.code)).where(col(Commitment.pledge_id) == pledge.id)).scalars()
    )
    steering = Principal(by.username, Role.STEERING)
    rng = random.Random(f"{SEED}/topics")
    made = 0
    for text, text_en, times, commitment, state, answer, answer_en, published in DEMO_TOPICS:
        topic = feedback.create_topic(session, steering, pledge.code, text, text_en)
        assert topic.id is not None
        at = sorted(rng.sample(range(len(dialogues)), min(times, len(dialogues))))
        for i in at:
            feedback.record_mentions(
                session, steering, pledge.code, {"topics": [topic.id], "activity": dialogues[i].id}, today=today
            )
        made += 1
        if commitment is None or commitment not in commitments:
            continue
        answered = min(dialogues[at[-1]].date + dt.timedelta(days=30), last)
        feedback.answer_topic(
            session,
            steering,
            topic.id,
            {
                "commitment": commitment,
                "answer": answer,
                "answer_en": answer_en,
                "state": state,
                "answered_on": answered,
            },
            today=today,
        )
        if published:
            feedback.publish_topic(session, steering, topic.id)
    return made


def has_demo(session: Session) -> bool:
    from indicators.base.models import Figure

    return bool(
        session.execute(select(func.count()).select_from(Figure).where(col(Figure.source) == DEMO_SOURCE)).scalar()
    )


def seed_demo(
    session: Session, pledge_code: str, *, by: Principal = SYSTEM, today: dt.date | None = None
) -> dict[str, int]:
    """Add demo figures, activities and commitment reports for a pledge (once: a store with demo data is left as is)."""
    require(by, Action.EDIT_CATALOGUE)
    pledge = session.execute(select(Pledge).where(col(Pledge.code) == pledge_code)).scalar_one()
    if has_demo(session):
        return {"figures": 0, "activities": 0, "statuses": 0, "topics": 0, "users": demo_users(session, by)}
    rng = random.Random(SEED)
    figures = demo_figures(session, pledge, today or dt.date.today(), rng)
    count = insert_figures_bulk(session, by=by, figures=figures, as_catalogue=True, load=f"demo {pledge_code}")
    activities = demo_activities(session, pledge, rng)
    session.add_all(activities)
    statuses = demo_statuses(session, pledge, rng)
    session.add_all(statuses)
    topics = demo_topics(session, pledge, by, today or dt.date.today())
    users = demo_users(session, by)
    counts = {
        "figures": count,
        "activities": len(activities),
        "statuses": len(statuses),
        "topics": topics,
        "users": users,
    }
    audit(session, by, "demo.seed", "pledge", pledge_code, None, counts)
    return counts


#: Demo accounts (one per role, an editor per actor) so that a demo store can be tried at once. Their password is
#: printed by `make run` and in the README: never keep them on a store with real reports (`users disable`), and a
#: server that listens beyond this machine refuses to start while they are active (`ui.serve`).
DEMO_PASSWORD, DEMO_USERS = auth.DEMO_PASSWORD, auth.DEMO_USERS


def demo_users(session: Session, by: Principal) -> int:
    """Add the demo accounts that are missing (actors that the catalogue lacks are skipped)."""
    existing = {u["username"] for u in auth.users(session)}
    actors = set(session.execute(select(col(Actor.code))).scalars())
    added = 0
    for name, (role, actor) in DEMO_USERS.items():
        if name not in existing and (actor is None or actor in actors):
            auth.add_user(session, by, name, DEMO_PASSWORD, role, actor)
            added += 1
    return added
