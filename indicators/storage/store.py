"""The one way in for data: write functions that check who is acting, keep history append-only, and audit.

Every function takes the acting user (a :class:`Principal`) and raises :class:`PermissionDenied` when the role or
the actor does not allow the write. Functions take a session and never commit: the caller's unit of work
(:func:`indicators.storage.db.run_write`) commits everything or nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import and_, func, select, text, update
from sqlmodel import Session

from indicators.base.i18n import N_, DomainError, Message
from indicators.base.models import (
    DEMO_SOURCE,
    Activity,
    Area,
    AuditEntry,
    Commitment,
    CommitmentStatus,
    CurrentFigure,
    Figure,
    Indicator,
    Meeting,
    Pledge,
    ReviewState,
    Role,
    utcnow,
)
from indicators.rules.periods import parse_period
from indicators.rules.validation import (
    MAX_TEXT,
    FieldError,
    FigureInput,
    Rules,
    ValidationError,
    text_problem,
    validate_activity,
    validate_status,
)
from indicators.storage import db, release


@dataclass(frozen=True)
class Principal:
    """Who is acting: enough to decide permissions, never an ORM object (safe in caches and session state)."""

    username: str
    role: Role
    actor_code: str | None = None


#: The loader of catalogue files and demo data: acts with the catalogue permission.
SYSTEM = Principal("system", Role.ADMIN)


class Action(StrEnum):
    REPORT_FIGURE = "report_figure"
    RECORD_ACTIVITY = "record_activity"
    REPORT_STATUS = "report_status"
    IMPORT = "import"
    REVIEW = "review"
    PUBLISH = "publish"
    SAVE_MEETING = "save_meeting"
    MANAGE_USERS = "manage_users"
    EDIT_CATALOGUE = "edit_catalogue"
    RESTORE = "restore"


#: Which roles may do what. Editors are further bound to their own actor (see :func:`require`).
ALLOWED: dict[Action, frozenset[Role]] = {
    Action.REPORT_FIGURE: frozenset({Role.EDITOR}),
    Action.RECORD_ACTIVITY: frozenset({Role.EDITOR}),
    Action.REPORT_STATUS: frozenset({Role.EDITOR}),
    Action.IMPORT: frozenset({Role.EDITOR}),
    Action.REVIEW: frozenset({Role.STEERING}),
    Action.PUBLISH: frozenset({Role.STEERING}),
    Action.SAVE_MEETING: frozenset({Role.STEERING}),
    Action.MANAGE_USERS: frozenset({Role.ADMIN}),
    Action.EDIT_CATALOGUE: frozenset({Role.ADMIN}),
    Action.RESTORE: frozenset({Role.ADMIN}),
}


class PermissionDenied(DomainError, PermissionError):
    """The acting user may not do this (a message id and values; ``str()`` in Swedish)."""


class ConflictError(DomainError, RuntimeError):
    """Someone else saved a newer version first; ``current`` is that version (a plain dict, safe after rollback)."""

    def __init__(self, current: Figure):
        self.current = {**figure_snapshot(current), "entered_by": current.entered_by, "entered_at": current.entered_at}
        super().__init__(N_("error.store.conflict"), by=current.entered_by, version=current.version,
                         at=f"{current.entered_at:%Y-%m-%d %H:%M}")  # fmt: skip


class StaleRowsError(DomainError, RuntimeError):
    """Rows of a grid or file were based on versions that someone else has since replaced; nothing was stored.
    ``stale`` names each: the key, the version the row was based on and the current one, and who saved it."""

    def __init__(self, stale: list[dict[str, Any]]):
        self.stale = stale
        shown = [
            Message(
                "error.store.stale_row",
                row=f"{s['indicator_code']} {s['area_code']} {s['period']}",
                version=s["version"],
                by=s["entered_by"],
                basis=Message("error.store.stale_based_on", version=s["based_on"])
                if s["based_on"]
                else Message("error.store.stale_new"),
            )
            for s in stale[:5]
        ]
        more = Message("error.store.stale_more", count=len(stale) - 5) if len(stale) > 5 else ""
        super().__init__(N_("error.store.stale"), n=len(stale), rows=shown, more=more)


def require(by: Principal | None, action: Action, actor_code: str | None = None) -> None:
    """Raise PermissionDenied unless ``by`` may do ``action`` (for ``actor_code``'s data, when given)."""
    if by is None:
        raise PermissionDenied("error.store.signed_out")
    if by.role not in ALLOWED[action]:
        raise PermissionDenied("error.store.role", role=by.role, action=action)
    if by.role is Role.EDITOR and actor_code is not None and by.actor_code != actor_code:
        raise PermissionDenied("error.store.other_actor", mine=by.actor_code, other=actor_code)


def audit(
    session: Session,
    by: Principal,
    action: str,
    entity: str,
    key: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    session.add(
        AuditEntry(username=by.username, action=action, entity=entity, entity_key=key, before=before, after=after)
    )


#: The columns a bulk insert fills (the id, review and supersedes links are the database's and the refresh's).
BULK_COLUMNS = ["indicator_code", "area_code", "period", "period_start", "value", "status_code", "n", "source", "note",
                "evidence_url", "version", "supersedes_id", "entered_by", "entered_at", "review_state",
                "review_comment"]  # fmt: skip
AUDIT_COLUMNS = ["at", "username", "action", "entity", "entity_key", "before", "after"]


def audit_many(
    session: Session,
    by: Principal,
    action: str,
    entity: str,
    entries: Sequence[tuple[str, dict[str, Any] | None, dict[str, Any] | None]],
) -> None:
    """One audit entry per (key, before, after), in one bulk insert (bulk writes stay fast)."""
    if not entries:
        return
    now = utcnow()
    rows = ((now, by.username, action, entity, key[:200], before, after) for key, before, after in entries)
    db.insert_rows(session, "audit_entry", AUDIT_COLUMNS, rows)


def figure_key(indicator_code: str, area_code: str, period: str) -> str:
    return f"{indicator_code}/{area_code}/{period}"


def figure_snapshot(figure: Figure) -> dict[str, Any]:
    """The audited view of a figure version (JSON-safe)."""
    return {
        "id": figure.id,
        "version": figure.version,
        "value": figure.value,
        "status_code": figure.status_code,
        "n": figure.n,
        "source": figure.source,
        "note": figure.note,
        "review_state": figure.review_state,
    }


def current_version(session: Session, indicator_code: str, area_code: str, period: str) -> Figure | None:
    row = session.get(CurrentFigure, (indicator_code, area_code, period))
    return session.get(Figure, row.figure_id) if row else None


def _require_for_figures(session: Session, by: Principal, codes: Iterable[str], action: Action) -> None:
    """Check ``action`` for the actors responsible for the given indicators (all must be known)."""
    codes = set(codes)
    rows = session.execute(
        select(Indicator.code, Indicator.actor_code).where(Indicator.code.in_(codes))  # type: ignore[attr-defined]
    ).all()
    unknown = codes - {code for code, _ in rows}
    if unknown:
        raise ValueError(f"okänd indikator {', '.join(sorted(unknown))}")
    require(by, action)
    for _, actor_code in rows:
        require(by, action, actor_code)


def submit_figure(
    session: Session,
    *,
    by: Principal,
    figure: FigureInput,
    expected_version: int | None = None,
    review_state: ReviewState = ReviewState.SUBMITTED,
    as_catalogue: bool = False,
) -> Figure:
    """Store a figure as a new version (the first, or a correction that supersedes the newest).

    ``expected_version`` is the version the user saw (0 for none): if someone saved another since, nothing is
    stored and :class:`ConflictError` carries the newer figure. ``as_catalogue`` stores a published figure from a
    catalogue file (the catalogue permission instead of the actor's reporting permission).
    """
    _require_for_figures(
        session, by, [figure.indicator_code], Action.EDIT_CATALOGUE if as_catalogue else Action.REPORT_FIGURE
    )
    previous = current_version(session, figure.indicator_code, figure.area_code, figure.period)
    if expected_version is not None and (previous.version if previous else 0) != expected_version:
        assert previous is not None
        raise ConflictError(previous)
    row = Figure(
        indicator_code=figure.indicator_code,
        area_code=figure.area_code,
        period=figure.period,
        period_start=parse_period(figure.period).start,
        value=figure.value,
        status_code=figure.status_code,
        n=figure.n,
        source=figure.source,
        note=figure.note,
        evidence_url=figure.evidence_url,
        version=(previous.version + 1) if previous else 1,
        supersedes_id=previous.id if previous else None,
        entered_by=by.username,
        review_state=review_state,
    )
    session.add(row)
    session.flush()
    _point_current(session, row)
    audit(
        session,
        by,
        "figure.correct" if previous else "figure.submit",
        "figure",
        figure_key(row.indicator_code, row.area_code, row.period),
        figure_snapshot(previous) if previous else None,
        figure_snapshot(row),
    )
    return row


def _point_current(session: Session, row: Figure) -> None:
    assert row.id is not None
    current = session.get(CurrentFigure, (row.indicator_code, row.area_code, row.period))
    published = row.id if row.review_state == ReviewState.PUBLISHED else None
    if current is None:
        session.add(
            CurrentFigure(
                indicator_code=row.indicator_code,
                area_code=row.area_code,
                period=row.period,
                period_start=row.period_start,
                figure_id=row.id,
                published_figure_id=published,
                demo=row.source == DEMO_SOURCE,
            )
        )
    else:
        current.figure_id = row.id
        current.demo = row.source == DEMO_SOURCE
        if published is not None:
            current.published_figure_id = published
        session.add(current)
    session.flush()
    if published is not None:
        release.refresh_periods(session, [(row.indicator_code, row.period)])


@dataclass(frozen=True)
class BulkFigure:
    """A figure for the bulk path (demo data, large imports): already validated."""

    indicator_code: str
    area_code: str
    period: str
    value: float | None
    status_code: str | None = None
    n: int | None = None
    source: str = ""
    note: str = ""
    review_state: str = ReviewState.PUBLISHED
    entered_at: dt.datetime | None = None
    #: The version the row was based on (0: none yet), as the one-figure form's ``expected_version``; None: the
    #: row corrects whatever is there (catalogue and demo loads).
    expected_version: int | None = None


@db.pause_gc()
def insert_figures_bulk(
    session: Session,
    *,
    by: Principal,
    figures: Sequence[BulkFigure],
    as_catalogue: bool = False,
    batch: int = 20_000,
    progress: Callable[[float], None] | None = None,
) -> int:
    """Insert many figures with few statements, versions chained and current pointers kept, in the caller's
    transaction. Each key may appear more than once (later rows correct earlier ones)."""
    codes = {f.indicator_code for f in figures}
    _require_for_figures(session, by, codes, Action.EDIT_CATALOGUE if as_catalogue else Action.IMPORT)
    if not figures:
        return 0
    versions: dict[tuple[str, str, str], int] = {}
    existing = session.execute(
        select(Figure.indicator_code, Figure.area_code, Figure.period, func.max(Figure.version))
        .where(Figure.indicator_code.in_(codes))  # type: ignore[attr-defined]
        .group_by(Figure.indicator_code, Figure.area_code, Figure.period)
    ).all()
    for ind, area, period, version in existing:
        versions[(ind, area, period)] = int(version)
    _refuse_stale(session, figures, versions)
    after_id = int(session.execute(select(func.max(Figure.id))).scalar() or 0)  # ids grow: the new rows are above
    now = utcnow()
    starts: dict[str, dt.date] = {}
    rows: list[tuple[Any, ...]] = []
    entries: list[tuple[str, dict[str, Any] | None, dict[str, Any] | None]] = []  # a report's audit, per figure
    for f in figures:
        key = (f.indicator_code, f.area_code, f.period)
        version = versions.get(key, 0) + 1
        versions[key] = version
        start = starts.get(f.period)
        if start is None:
            start = starts[f.period] = parse_period(f.period).start
        state = str(f.review_state)
        rows.append((f.indicator_code, f.area_code, f.period, start, f.value, f.status_code, f.n, f.source, f.note,
                     "", version, None, by.username, f.entered_at or now, state, ""))  # fmt: skip
        if not as_catalogue:
            entries.append((figure_key(*key), {"version": version - 1} if version > 1
                            else None, {"version": version, "value": f.value, "status_code": f.status_code, "n": f.n,
                                        "source": f.source, "note": f.note, "review_state": state}))  # fmt: skip
    done = 0
    for i in range(0, len(rows), batch):
        done += db.insert_rows(session, "figure", BULK_COLUMNS, rows[i : i + batch])
        if progress is not None:
            progress(done / len(rows))
    _refresh_current(session, after_id)
    published = [f for f in figures if f.review_state == ReviewState.PUBLISHED]
    if published:  # what the public sees changes only where something was published
        release.refresh_periods(session, {(f.indicator_code, f.period) for f in published})
    if as_catalogue:  # catalogue and demo loads: one entry for the load
        audit(session, by, "figure.bulk_insert", "figure", ",".join(sorted(codes))[:200], None, {"rows": len(rows)})
    else:  # a report through the grid or a file: one entry per figure, as a form's report has
        audit_many(session, by, "figure.import", "figure", entries)
    return len(rows)


def stored_versions(session: Session, keys: Sequence[tuple[str, str, str]]) -> dict[tuple[str, str, str], int]:
    """The newest stored version of each (indicator, area, period) key; 0 for a key with none."""
    found = dict.fromkeys(keys, 0)
    for code in {k[0] for k in keys}:
        for area, period, version in session.execute(
            select(Figure.area_code, Figure.period, func.max(Figure.version))
            .where(Figure.indicator_code == code).group_by(Figure.area_code, Figure.period)
        ).all():  # fmt: skip
            if (code, area, period) in found:
                found[(code, area, period)] = int(version)
    return found


def _refuse_stale(session: Session, figures: Sequence[BulkFigure], versions: dict[tuple[str, str, str], int]) -> None:
    """:class:`StaleRowsError` if any row was based on another version than the newest one stored."""
    found = []
    for f in figures:
        if (
            f.expected_version is None
            or versions.get((f.indicator_code, f.area_code, f.period), 0) == f.expected_version
        ):
            continue
        current = session.execute(
            select(Figure).where(Figure.indicator_code == f.indicator_code, Figure.area_code == f.area_code,
                                 Figure.period == f.period)
            .order_by(Figure.version.desc()).limit(1)  # type: ignore[attr-defined]
        ).scalar_one_or_none()  # fmt: skip
        found.append({"indicator_code": f.indicator_code, "area_code": f.area_code, "period": f.period,
                      "based_on": f.expected_version, "version": current.version if current else 0,
                      "entered_by": current.entered_by if current else "",
                      "value": current.value if current else None})  # fmt: skip
    if found:
        raise StaleRowsError(found)


#: Whether the newest version (the highest id) of a key's rows is demo data, as an aggregate over the key's rows
#: (the parameter ``:demo`` is the demo source); the same SQL on SQLite and PostgreSQL.
CURRENT_IS_DEMO = "COALESCE(MAX(CASE WHEN source = :demo THEN id END) = MAX(id), FALSE)"


def _refresh_current(session: Session, after_id: int) -> None:
    """Link the figure rows inserted after ``after_id`` to the versions they supersede, and point ``current_figure``
    at the newest (and newest published) version of each of their keys (set-based, only the keys touched)."""
    session.execute(
        text(
            """
            UPDATE figure SET supersedes_id = (
                SELECT p.id FROM figure p
                WHERE p.indicator_code = figure.indicator_code AND p.area_code = figure.area_code
                  AND p.period = figure.period AND p.version = figure.version - 1)
            WHERE figure.id > :after AND figure.version > 1
            """
        ),
        {"after": after_id},
    )
    # The new rows are the newest versions of their keys: they become current, and the newest published one (if
    # any of them is published) becomes the published pointer; otherwise the published pointer stays.
    session.execute(
        text(
            f"""
            INSERT INTO current_figure (indicator_code, area_code, period, period_start, figure_id, published_figure_id,
                                        demo)
            SELECT indicator_code, area_code, period, MIN(period_start), MAX(id),
                   MAX(CASE WHEN review_state = 'published' THEN id END), {CURRENT_IS_DEMO}
            FROM figure WHERE id > :after
            GROUP BY indicator_code, area_code, period
            ON CONFLICT (indicator_code, area_code, period) DO UPDATE SET
                figure_id = excluded.figure_id,
                published_figure_id = COALESCE(excluded.published_figure_id, current_figure.published_figure_id),
                demo = excluded.demo
            """
        ),
        {"after": after_id, "demo": DEMO_SOURCE},
    )


def save_meeting(
    session: Session, by: Principal, pledge_code: str, title: str, held_on: dt.date, area_code: str, until: dt.date
) -> int:
    """Save a meeting: its title, date and filters, and a pointer to every figure version current now.

    Versions are append-only, so the pointers freeze exactly what the meeting saw; statuses are frozen by time
    (reports are append-only too). Returns the meeting's id.
    """
    require(by, Action.SAVE_MEETING)
    title = title.strip()
    if not title:
        raise ValidationError([FieldError("title", "validation.required_fill")])
    problem = text_problem(title, 200)
    if problem:
        raise ValidationError([FieldError("title", problem)])
    if session.execute(select(Pledge.id).where(Pledge.code == pledge_code)).first() is None:
        raise ValidationError([FieldError("pledge", "error.store.unknown_pledge", pledge=pledge_code)])
    meeting = Meeting(
        pledge_code=pledge_code, title=title, held_on=held_on, area_code=area_code, until=until, saved_by=by.username
    )
    session.add(meeting)
    session.flush()
    session.execute(
        text(
            """
            INSERT INTO meeting_figure (meeting_id, figure_id)
            SELECT DISTINCT :meeting, cf.figure_id
            FROM current_figure cf
            JOIN indicator_commitment ic ON ic.indicator_code = cf.indicator_code
            JOIN commitment c ON c.id = ic.commitment_id
            JOIN pledge p ON p.id = c.pledge_id
            WHERE p.code = :pledge
            """
        ),
        {"meeting": meeting.id, "pledge": pledge_code},
    )
    audit(session, by, "meeting.save", "meeting", str(meeting.id), None, {"title": title, "held_on": str(held_on)})
    assert meeting.id is not None
    return meeting.id


# --- Rules from the store ------------------------------------------------------------------------------------------


def rules(session: Session, today: dt.date | None = None) -> Rules:
    """What validation needs from the store: the indicators and areas (forms, imports and the CLI share it)."""
    indicators = {i.code: i for i in session.execute(select(Indicator)).scalars()}
    areas = set(session.execute(select(Area.code)).scalars())
    return Rules(indicators=indicators, areas=areas, today=today or dt.date.today())


def actor_commitments(session: Session, actor_code: str | None) -> dict[str, int]:
    """The commitments an actor may report on: code → id (a parent's own commitments only)."""
    rows = session.execute(select(Commitment.code, Commitment.id).where(Commitment.actor_code == actor_code)).all()
    return {code: int(id_) for code, id_ in rows}


# --- Activities and commitment statuses -----------------------------------------------------------------------------


def record_activity(session: Session, by: Principal, raw: dict[str, Any], today: dt.date | None = None) -> Activity:
    """Validate and store an activity of the acting editor's actor."""
    require(by, Action.RECORD_ACTIVITY, by.actor_code if by else None)
    areas = {code: geometry for code, geometry in session.execute(select(Area.code, Area.geometry)).all()}
    clean = validate_activity(
        raw, areas=areas, commitments=actor_commitments(session, by.actor_code), today=today or dt.date.today()
    )
    assert by.actor_code is not None
    row = Activity(
        actor_code=by.actor_code,
        commitment_id=clean.commitment_id,
        type=clean.type,
        date=clean.date,
        area_code=clean.area_code,
        lon=clean.lon,
        lat=clean.lat,
        hours=clean.hours,
        participants=clean.participants,
        description=clean.description,
        source=clean.source or by.actor_code,
        entered_by=by.username,
    )
    session.add(row)
    session.flush()
    audit(session, by, "activity.record", "activity", str(row.id), None, row.model_dump(mode="json"))
    return row


def report_status(session: Session, by: Principal, raw: dict[str, Any], today: dt.date | None = None) -> int:
    """Validate and store an actor's own status of one of its commitments for a period (a new report; the newest
    counts, older ones stay)."""
    require(by, Action.REPORT_STATUS, by.actor_code if by else None)
    clean = validate_status(raw, commitments=actor_commitments(session, by.actor_code), today=today or dt.date.today())
    before = session.execute(
        select(CommitmentStatus)
        .where(CommitmentStatus.commitment_id == clean.commitment_id, CommitmentStatus.period == clean.period)
        .order_by(CommitmentStatus.reported_at.desc(), CommitmentStatus.id.desc())  # type: ignore[attr-defined,union-attr]
    ).scalars().first()  # fmt: skip
    row = CommitmentStatus(
        commitment_id=clean.commitment_id,
        period=clean.period,
        status=clean.status,
        comment=clean.comment,
        source=by.actor_code or "",
        reported_by=by.username,
    )
    session.add(row)
    session.flush()
    audit(session, by, "status.report", "commitment_status", f"{raw.get('commitment')}/{clean.period}",
          {"status": before.status, "comment": before.comment} if before else None,
          {"status": row.status, "comment": row.comment})  # fmt: skip
    assert row.id is not None
    return row.id


# --- Review and publishing ------------------------------------------------------------------------------------------


def review_figures(session: Session, by: Principal, figure_ids: Iterable[int], approve: bool, comment: str = "") -> int:
    """Approve submitted figures, or return them to the editor with a comment (required). Only the newest version
    of a figure can be reviewed; anything else is refused and nothing changes."""
    require(by, Action.REVIEW)
    comment = comment.strip()
    if not approve and not comment:
        raise ValidationError([FieldError("comment", "error.store.return_reason")])
    problem = text_problem(comment)
    if problem:
        raise ValidationError([FieldError("comment", problem)])
    ids = sorted(set(figure_ids))
    rows = session.execute(select(Figure).where(Figure.id.in_(ids))).scalars().all()  # type: ignore[union-attr]
    current = set(
        session.execute(select(CurrentFigure.figure_id).where(CurrentFigure.figure_id.in_(ids))).scalars()  # type: ignore[attr-defined]
    )
    problems = [Message("error.store.review_state", figure=figure_key(r.indicator_code, r.area_code, r.period),
                        state=r.review_state) for r in rows if r.review_state != ReviewState.SUBMITTED]  # fmt: skip
    problems += [Message("error.store.review_corrected", figure=figure_key(r.indicator_code, r.area_code, r.period),
                         version=r.version) for r in rows if r.id not in current]  # fmt: skip
    if len(rows) != len(ids):
        problems.append(Message("error.store.unknown_figure"))
    if problems:
        raise ValidationError([FieldError("review", "error.store.review_only_submitted", problems=problems[:5])])
    now = utcnow()
    state = ReviewState.APPROVED if approve else ReviewState.RETURNED
    for row in rows:
        before = figure_snapshot(row)
        row.review_state, row.review_comment, row.reviewed_by, row.reviewed_at = state, comment, by.username, now
        session.add(row)
        audit(session, by, "figure.approve" if approve else "figure.return", "figure",
              figure_key(row.indicator_code, row.area_code, row.period), before, figure_snapshot(row))  # fmt: skip
    session.flush()
    return len(rows)


def publish_figures(
    session: Session, by: Principal, period: str | None = None, indicator_code: str | None = None
) -> int:
    """Publish every approved newest version (of a period and/or indicator) in one action: they become what the
    public sees. Returns how many were published."""
    require(by, Action.PUBLISH)
    current = and_(  # the newest version, joined by the figure's key (an index)
        CurrentFigure.indicator_code == Figure.indicator_code,
        CurrentFigure.area_code == Figure.area_code,
        CurrentFigure.period == Figure.period,
        CurrentFigure.figure_id == Figure.id,
    )
    stmt = (
        select(Figure.id, Figure.indicator_code, Figure.area_code, Figure.period, Figure.version)
        .join(CurrentFigure, current)
        .where(Figure.review_state == ReviewState.APPROVED)
    )
    if period:
        stmt = stmt.where(Figure.period == parse_period(period).code)
    if indicator_code:
        stmt = stmt.where(Figure.indicator_code == indicator_code)
    rows = session.execute(stmt).all()
    if not rows:
        return 0
    now = utcnow()
    # Set-based: one statement per indicator and period (a period of a city's figures at once).
    by_key: dict[tuple[str, str], list[int]] = {}
    for r in rows:
        by_key.setdefault((r.indicator_code, r.period), []).append(r.id)
    quiet = {"synchronize_session": False}
    for (code, figure_period), ids in by_key.items():
        session.execute(
            update(Figure)
            .where(Figure.indicator_code == code, Figure.period == figure_period, Figure.id.in_(ids))  # type: ignore[union-attr]
            .values(review_state=ReviewState.PUBLISHED, reviewed_by=by.username, reviewed_at=now),
            execution_options=quiet,
        )
        session.execute(
            update(CurrentFigure)
            .where(CurrentFigure.indicator_code == code, CurrentFigure.period == figure_period,  # type: ignore[arg-type]
                   CurrentFigure.figure_id.in_(ids))  # type: ignore[attr-defined]
            .values(published_figure_id=CurrentFigure.figure_id),
            execution_options=quiet,
        )  # fmt: skip
    release.refresh_periods(session, {(r.indicator_code, r.period) for r in rows})
    audit_many(session, by, "figure.publish", "figure", [
        (figure_key(r.indicator_code, r.area_code, r.period), {"review_state": "approved", "version": r.version},
         {"review_state": "published", "version": r.version}) for r in rows
    ])  # fmt: skip
    return len(rows)


def withdraw_figure(
    session: Session,
    by: Principal,
    indicator_code: str,
    area_code: str,
    period: str,
    reason: str,
    expected_version: int | None = None,
) -> Figure:
    """Withdraw a figure: a new version without a value ("missing") carrying the reason. Nothing is deleted."""
    _require_for_figures(session, by, [indicator_code], Action.REPORT_FIGURE)  # who may, before anything else
    reason = reason.strip()
    if not reason:
        raise ValidationError([FieldError("note", "error.store.withdraw_reason")])
    problem = text_problem(reason, MAX_TEXT - len("Återkallad: "))
    if problem:
        raise ValidationError([FieldError("note", problem)])
    previous = current_version(session, indicator_code, area_code, period)
    if previous is None:
        raise ValidationError(
            [FieldError("period", "error.store.no_figure", figure=figure_key(indicator_code, area_code, period))]
        )
    withdrawn = FigureInput(indicator_code, area_code, previous.period, None, "missing", None, previous.source,
                            f"Återkallad: {reason}")  # fmt: skip
    return submit_figure(session, by=by, figure=withdrawn, expected_version=expected_version)
