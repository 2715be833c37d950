"""The one way in for data: write functions that check who is acting, keep history append-only, and audit.

Every function takes the acting user (a :class:`Principal`) and raises :class:`PermissionDenied` when the role or
the actor does not allow the write. Functions take a session and never commit: the caller's unit of work
(:func:`indicators.storage.db.run_write`) commits everything or nothing.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from json.encoder import encode_basestring_ascii as _json_string  # what json.dumps writes a text as
from typing import Any, NamedTuple

from sqlalchemy import and_, func, select, text, tuple_, update
from sqlmodel import Session, col

from indicators.base.i18n import N_, DomainError, Message, t
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
    MeetingItem,
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
    EDIT_PLAN = "edit_plan"
    TOPIC_CREATE = "topic_create"  # a new topic residents raised ("Ni sa – vi gjorde", indicators.storage.feedback)
    TOPIC_MENTION = "topic_mention"  # a topic raised (again) at a dialogue: where and when
    TOPIC_ANSWER = "topic_answer"  # what was done, with which commitment, and how far it has come
    TOPIC_PUBLISH = "topic_publish"  # let the public see a topic and its answer, or take it back
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
    Action.EDIT_PLAN: frozenset({Role.EDITOR}),
    # the steering group, which reports no actor's figures, may record and answer what residents raised
    Action.TOPIC_CREATE: frozenset({Role.EDITOR, Role.STEERING}),
    Action.TOPIC_MENTION: frozenset({Role.EDITOR, Role.STEERING}),
    Action.TOPIC_ANSWER: frozenset({Role.EDITOR, Role.STEERING}),
    Action.TOPIC_PUBLISH: frozenset({Role.STEERING}),
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


class UnknownIndicator(DomainError, ValueError):
    """A write names an indicator the catalogue does not hold."""

    def __init__(self, codes: Iterable[str]):
        super().__init__(N_("error.store.unknown_indicator"), codes=", ".join(sorted(codes)))


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


#: The columns the figure writer fills (the id is the database's; the supersedes link is set after the insert).
FIGURE_COLUMNS = ["indicator_code", "area_code", "period", "period_start", "value", "status_code", "n", "source",
                  "note", "evidence_url", "version", "supersedes_id", "entered_by", "entered_at", "review_state",
                  "review_comment", "reviewed_by", "reviewed_at"]  # fmt: skip
AUDIT_COLUMNS = ["at", "username", "action", "entity", "entity_key", "before", "after"]


def audit_many(
    session: Session,
    by: Principal,
    action: str,
    entity: str,
    entries: Sequence[tuple[str, dict[str, Any] | None, dict[str, Any] | None]],
) -> None:
    """One audit entry per (key, before, after), in one bulk insert (bulk writes stay fast)."""
    _audit_rows(session, by, entity, [(action, key, before, after) for key, before, after in entries])


def _audit_rows(
    session: Session,
    by: Principal,
    entity: str,
    entries: Sequence[tuple[str, str, dict[str, Any] | None, dict[str, Any] | None]],
) -> None:
    """One audit entry per (action, key, before, after), in one bulk insert."""
    if not entries:
        return
    now = utcnow()
    rows = ((now, by.username, action, entity, key[:200], before, after) for action, key, before, after in entries)
    db.insert_rows(session, "audit_entry", AUDIT_COLUMNS, rows)


def figure_key(indicator_code: str, area_code: str, period: str) -> str:
    return f"{indicator_code}/{area_code}/{period}"


def figure_snapshot(figure: Figure) -> dict[str, Any]:
    """The audited view of a figure version (JSON-safe); with the figure's key, the version names the row."""
    return _audited(figure.version, figure.value, figure.status_code, figure.n, figure.source, figure.note,
                    figure.review_state)  # fmt: skip


def _audited(
    version: int, value: float | None, status_code: str | None, n: int | None, source: str, note: str, state: str
) -> dict[str, Any]:
    """The one shape of a figure version in the audit trail, whichever path wrote it."""
    return {"version": version, "value": value, "status_code": status_code, "n": n, "source": source, "note": note,
            "review_state": state}  # fmt: skip


#: :func:`_audited` as the audit trail's JSON text, as ``json.dumps`` writes it (key order, separators).
_AUDITED_JSON = '{"version": %s, "value": %s, "status_code": %s, "n": %s, "source": %s, "note": %s, "review_state": %s}'


def _audited_text(
    version: int, value: float | None, status_code: str | None, n: int | None, source: str, note: str, state: str
) -> str:
    """:func:`_audited` as the audit trail stores it (:func:`~indicators.storage.db.json_text`: ``json.dumps``, a
    number that is not finite as null), character for character, but made without the dict and the encoder's
    overhead for the types a figure's fields have (an int version and n, a float value, texts: written as json
    writes each); any other type goes the general way."""
    if (
        type(version) is int
        and (value is None or type(value) is float)
        and (status_code is None or type(status_code) is str)
        and (n is None or type(n) is int)
        and type(source) is str
        and type(note) is str
        and type(state) is str
    ):
        number = "null" if value is None or not math.isfinite(value) else float.__repr__(value)
        return _AUDITED_JSON % (version, number, "null" if status_code is None else _json_string(status_code),
                                "null" if n is None else n, _json_string(source), _json_string(note),
                                _json_string(state))  # fmt: skip
    return db.json_text(_audited(version, value, status_code, n, source, note, state))


def current_version(session: Session, indicator_code: str, area_code: str, period: str) -> Figure | None:
    """The newest version of a figure, as stored now (the writer and publishing write with set-based statements, so
    an object this session loaded before is read again)."""
    row = session.get(CurrentFigure, (indicator_code, area_code, period), populate_existing=True)
    return session.get(Figure, row.figure_id, populate_existing=True) if row else None


def _require_for_figures(session: Session, by: Principal, codes: Iterable[str], action: Action) -> None:
    """Check ``action`` for the actors responsible for the given indicators (all must be known)."""
    codes = set(codes)
    rows = session.execute(
        select(col(Indicator.code), col(Indicator.actor_code)).where(col(Indicator.code).in_(codes))
    ).all()
    unknown = codes - {code for code, _ in rows}
    if unknown:
        raise UnknownIndicator(unknown)
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
) -> Figure:
    """Store one figure as a new version (the first, or a correction that supersedes the newest): the form's and
    a catalogue's path into :func:`insert_figures_bulk`, the one writer of figure versions.

    ``expected_version`` is the version the user saw (0 for none): if someone saved another since, nothing is
    stored and :class:`ConflictError` carries the newer figure.
    """
    row = BulkFigure.of(figure, review_state, expected_version)
    try:
        insert_figures_bulk(session, by=by, figures=[row], action=Action.REPORT_FIGURE)
    except StaleRowsError:
        newer = current_version(session, figure.indicator_code, figure.area_code, figure.period)
        assert newer is not None
        raise ConflictError(newer) from None
    stored = current_version(session, figure.indicator_code, figure.area_code, figure.period)
    assert stored is not None
    return stored


class BulkFigure(NamedTuple):
    """One figure version to write (already validated), as every path hands it to :func:`insert_figures_bulk`. A
    named tuple, not a dataclass: immutable as well, and made in a fifth of the time (an import makes 100,000)."""

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
    evidence_url: str = ""
    #: Who reviewed it and when (the scale generator's history of published figures; otherwise None).
    reviewed_by: str | None = None
    reviewed_at: dt.datetime | None = None
    #: The version, for a generator that numbers its own rows (only on keys with nothing stored); None: the next.
    version: int | None = None

    @classmethod
    def of(
        cls, figure: FigureInput, review_state: str = ReviewState.SUBMITTED, expected_version: int | None = None
    ) -> BulkFigure:
        """A checked figure (the form's, the grid's, a file's row) as a version in ``review_state`` based on
        ``expected_version``."""
        return cls(figure.indicator_code, figure.area_code, figure.period, figure.value, figure.status_code, figure.n,
                   figure.source, figure.note, review_state, None, expected_version, figure.evidence_url)  # fmt: skip


Key = tuple[str, str, str]

#: Each review state's text (a row's state may be the enum or its text: either finds its text here).
_STATE_TEXT: dict[str, str] = {state: str(state) for state in ReviewState}


#: What a figure version says, as validation names the fields: a version that says the same as the newest one
#: stored is not written again (:meth:`StoredFigure.repeated_by`).
CONTENT = ("value", "status", "n", "source", "note", "evidence_url")


def _content(f: BulkFigure | StoredFigure) -> tuple[Any, ...]:
    """A version's :data:`CONTENT`, in that order."""
    return f.value, f.status_code, f.n, f.source, f.note, f.evidence_url


@dataclass(frozen=True)
class StoredFigure:
    """The newest stored version of a figure's key: what a new row is compared with before it is written."""

    version: int
    value: float | None
    status_code: str | None
    n: int | None
    source: str
    note: str
    evidence_url: str
    review_state: str

    def repeated_by(self, row: BulkFigure) -> bool:
        """Whether ``row`` says nothing this version does not: the same value, status code, n, source, comment and
        evidence link (:data:`CONTENT`). Who sends it, when, and the review state it would start in do not count:
        storing it would only add a version equal to this one, put it back in review and list it as a correction.
        A returned version is never repeated: sending it again, even unchanged, is the editor's answer to the
        steering group, and goes back to them."""
        return self.review_state != ReviewState.RETURNED and _content(self) == _content(row)

    def changed(self, row: BulkFigure) -> list[str]:
        """The fields of :data:`CONTENT` in which ``row`` differs from this version."""
        return [name for name, old, new in zip(CONTENT, _content(self), _content(row), strict=True) if old != new]


@db.pause_gc()
def insert_figures_bulk(
    session: Session,
    *,
    by: Principal,
    figures: Iterable[BulkFigure],
    as_catalogue: bool = False,
    action: Action = Action.IMPORT,
    load: str = "",
    batch: int = 20_000,
    progress: Callable[[float], None] | None = None,
) -> int:
    """The one writer of figure versions: the form, the reporting grid, a file import, a catalogue, the demo and the
    scale generator all store figures through it, so every path makes the same rows and the same audit.

    In the caller's transaction and with few statements: each figure becomes the next version of its key (a key may
    appear more than once: later rows correct earlier ones), linked to the version it supersedes, with the current
    pointers (and whether the current version is demo data) kept, and the public release rebuilt where something
    published changed. A row whose ``expected_version`` is not the newest stored version refuses the whole write
    (:class:`StaleRowsError`). A row that repeats the newest version of its key (:meth:`StoredFigure.repeated_by`:
    a file imported twice, a form saved again unchanged) is not written: no version, no audit entry; the count
    returned is of the rows written. The permission is ``action``'s (the form's or an import's), or the
    catalogue's with ``as_catalogue``. Every figure written is audited (``figure.submit`` or ``figure.correct``,
    the version before and the new one), except in a generated load named by ``load`` (the demo, the scale
    generator: one ``figure.load`` entry with the rows written). ``figures`` may be a generator: it is read
    ``batch`` rows at a time."""
    kind = Action.EDIT_CATALOGUE if as_catalogue else action
    require(by, kind)  # before anything, even for nothing to write
    session.flush()  # the rows refer to indicators and areas the caller may just have added
    # One figure writer at a time, until this transaction ends (SQLite's write lock already makes it so): the rows
    # above `after_id` are this write's own, and the versions read below stay the newest while it writes.
    db.lock_for_transaction(session, db.FIGURE_WRITES)
    total_rows = len(figures) if isinstance(figures, Sequence) else None
    checked: set[str] = set()
    known = _Stored()  # the newest stored version of the keys met, before this write
    # Per key written here: what its last row says (CONTENT), its review state, version and audit text; what a later
    # row of the same key is compared with, numbered after and audited against.
    written: dict[Key, tuple[tuple[Any, ...], str, int, str | None]] = {}
    repeated = False  # a key written twice here: its pointers are the newest of its rows
    corrected = False  # a version above 1 written: it supersedes one
    after_id = int(session.execute(select(func.max(Figure.id))).scalar() or 0)  # ids grow: the new rows are above
    now = utcnow()
    username = by.username
    starts: dict[str, dt.date] = {}
    published: set[tuple[str, str]] = set()
    entries: list[tuple[Any, ...]] = []  # the audit trail's rows, one per figure written (none in a generated load)
    stored = known.figures
    returned, published_state = str(ReviewState.RETURNED), str(ReviewState.PUBLISHED)
    done = read = 0
    rest = iter(figures)
    while chunk := list(itertools.islice(rest, batch)):
        new_codes = {f.indicator_code for f in chunk} - checked
        if new_codes:
            _require_for_figures(session, by, new_codes, kind)
            checked |= new_codes
        known.look_up(session, [(f.indicator_code, f.area_code, f.period) for f in chunk])
        _refuse_stale(session, chunk, known.versions)
        rows: list[tuple[Any, ...]] = []
        for f in chunk:
            code, area, period, value, status, n, source, note = (f.indicator_code, f.area_code, f.period, f.value,
                                                                  f.status_code, f.n, f.source, f.note)  # fmt: skip
            key = (code, area, period)
            content = (value, status, n, source, note, f.evidence_url)  # CONTENT, as _content
            earlier = written.get(key)
            before = None
            if earlier is None:
                newest = stored.get(key)
                if newest is not None:
                    if newest.repeated_by(f):
                        continue  # unchanged: a version equal to the newest would change nothing but the history
                    if not load:
                        before = _audited_text(newest.version, newest.value, newest.status_code, newest.n,
                                               newest.source, newest.note, newest.review_state)  # fmt: skip
            elif earlier[1] != returned and earlier[0] == content:
                continue  # the same, as a row before it in this write says it
            else:
                repeated = True
                before = earlier[3]
            if f.version is not None:  # a generator numbering its own rows, on keys with nothing stored
                if key in stored:
                    raise ValueError(f"{figure_key(*key)}: a numbered row for a key that has stored versions")
                version = f.version
            else:
                version = (earlier[2] if earlier is not None else newest.version if newest is not None else 0) + 1
            if version > 1:
                corrected = True
            start = starts.get(period)
            if start is None:
                start = starts[period] = parse_period(period).start
            state = _STATE_TEXT.get(f.review_state) or str(f.review_state)
            rows.append((code, area, period, start, value, status, n, source, note, f.evidence_url, version, None,
                         username, f.entered_at or now, state, "", f.reviewed_by, f.reviewed_at))  # fmt: skip
            if state == published_state:
                published.add((code, period))
            after = None
            if not load:
                after = _audited_text(version, value, status, n, source, note, state)
                entries.append((now, username, "figure.correct" if version > 1 else "figure.submit", "figure",
                                f"{code}/{area}/{period}"[:200], before, after))  # fmt: skip
            written[key] = (content, state, version, after)
        done += db.insert_rows(session, "figure", FIGURE_COLUMNS, rows)
        read += len(chunk)
        if progress is not None and total_rows:
            progress(read / total_rows)
    if not done:
        return 0
    _refresh_current(session, after_id, grouped=repeated, corrected=corrected)
    if published:  # what the public sees changes only where something was published
        release.refresh_periods(session, published)
    if load:  # a generated load: one entry for it
        audit(session, by, "figure.load", "figure", load[:200], None, {"rows": done})
    elif entries:  # a report (form, grid, file) or a catalogue's figures: one entry per figure
        db.insert_rows(session, "audit_entry", AUDIT_COLUMNS, entries)
    return done


class _Stored:
    """What is stored for the keys a write meets: the newest version of each (and its audit snapshot, made when a
    correction needs it). Looked up by key for a few rows (a form's one figure costs one indexed read), by indicator
    and period for many (a file's month of every area: that month's figures, not the indicators' whole history)."""

    FEW = 500

    def __init__(self) -> None:
        self.versions: dict[Key, int] = {}
        self.figures: dict[Key, StoredFigure] = {}
        self._keys: set[Key] = set()
        self._pairs: set[tuple[str, str]] = set()  # (indicator, period): every stored figure of it looked up

    def look_up(self, session: Session, keys: Iterable[Key]) -> None:
        pairs = self._pairs
        wanted = {key for key in keys if (key[0], key[2]) not in pairs}
        wanted -= self._keys
        if not wanted:
            return
        stmt = select(col(Figure.indicator_code), col(Figure.area_code), col(Figure.period), col(Figure.version),
                      col(Figure.value), col(Figure.status_code), col(Figure.n), col(Figure.source),
                      col(Figure.note), col(Figure.evidence_url), col(Figure.review_state)).join(
            CurrentFigure, col(CurrentFigure.figure_id) == col(Figure.id))  # fmt: skip
        if len(wanted) <= self.FEW:
            self._keys |= wanted
            by_key = tuple_(col(CurrentFigure.indicator_code), col(CurrentFigure.area_code), col(CurrentFigure.period))
            found = session.execute(stmt.where(by_key.in_(sorted(wanted)))).all()
        else:  # every (indicator, period) of the keys, and so every pair of the two sets: a superset of the keys
            codes = sorted({code for code, _, _ in wanted})
            periods = sorted({period for _, _, period in wanted})
            pairs.update(itertools.product(codes, periods))
            found = session.execute(stmt.where(col(CurrentFigure.indicator_code).in_(codes),
                                               col(CurrentFigure.period).in_(periods))).all()  # fmt: skip
        for code, area, period, version, value, status, n, source, note, evidence_url, state in found:
            key = (code, area, period)
            self.versions[key] = int(version)
            self.figures[key] = StoredFigure(int(version), value, status, n, source, note, evidence_url, state)


def stored_versions(session: Session, keys: Sequence[Key]) -> dict[Key, int]:
    """The newest stored version of each (indicator, area, period) key; 0 for a key with none."""
    stored = stored_figures(session, keys)
    return {key: stored[key].version if key in stored else 0 for key in keys}


def stored_figures(session: Session, keys: Sequence[Key]) -> dict[Key, StoredFigure]:
    """The newest stored version of each (indicator, area, period) key that has one (what the writer compares a
    row with: a file's preview tells new rows, unchanged ones and corrections apart with it)."""
    known = _Stored()
    known.look_up(session, keys)
    return {key: known.figures[key] for key in keys if key in known.figures}


def _refuse_stale(session: Session, figures: Sequence[BulkFigure], versions: dict[Key, int]) -> None:
    """:class:`StaleRowsError` if any row was based on another version than the newest one stored."""
    found = []
    for f in figures:
        if (
            f.expected_version is None
            or versions.get((f.indicator_code, f.area_code, f.period), 0) == f.expected_version
        ):
            continue
        current = current_version(session, f.indicator_code, f.area_code, f.period)
        found.append({"indicator_code": f.indicator_code, "area_code": f.area_code, "period": f.period,
                      "based_on": f.expected_version, "version": current.version if current else 0,
                      "entered_by": current.entered_by if current else "",
                      "value": current.value if current else None})  # fmt: skip
    if found:
        raise StaleRowsError(found)


#: Whether the newest version (the highest id) of a key's rows is demo data, as an aggregate over the key's rows
#: (the parameter ``:demo`` is the demo source); the same SQL on SQLite and PostgreSQL.
CURRENT_IS_DEMO = "COALESCE(MAX(CASE WHEN source = :demo THEN id END) = MAX(id), FALSE)"

#: The new pointers' values taking a current pointer's place: the newest published version only when one of the new
#: rows is published (otherwise the published pointer stays).
_POINTERS_UPSERT = """
    ON CONFLICT (indicator_code, area_code, period) DO UPDATE SET
        figure_id = excluded.figure_id,
        published_figure_id = COALESCE(excluded.published_figure_id, current_figure.published_figure_id),
        demo = excluded.demo
"""


def _refresh_current(session: Session, after_id: int, grouped: bool = True, corrected: bool = True) -> None:
    """Link the figure rows inserted after ``after_id`` to the versions they supersede, and point ``current_figure``
    at the newest (and newest published) version of each of their keys (set-based, only the keys touched: the new
    rows are read by their ids, a range). ``grouped``: a key may have several of the new rows, and its pointers are
    the newest of them (laid out period by period, as the generator writes); otherwise each new row is its key's
    pointer, taken without grouping and laid out as the rows were written: a first version (1) makes a new pointer
    by a plain insert, a correction (``corrected``: some row has a version above 1) moves its key's pointer."""
    if corrected:
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
    insert = ("INSERT INTO current_figure (indicator_code, area_code, period, period_start, figure_id, "
              "published_figure_id, demo)")  # fmt: skip
    values = {"after": after_id, "demo": DEMO_SOURCE}
    if grouped:
        # The new rows' range read first, by itself (on SQLite materialised: grouped straight from the table, SQLite
        # would walk the whole table by its key index, the GROUP BY's order, rather than the range of new ids).
        hint = "MATERIALIZED " if session.get_bind().dialect.name == "sqlite" else ""
        select_new = f"""
            WITH new AS {hint}(SELECT indicator_code, area_code, period, period_start, id, review_state, source
                               FROM figure WHERE id > :after)
            SELECT indicator_code, area_code, period, MIN(period_start), MAX(id),
                   MAX(CASE WHEN review_state = 'published' THEN id END), {CURRENT_IS_DEMO}
            FROM new WHERE TRUE
            GROUP BY indicator_code, area_code, period
            ORDER BY MIN(period_start), indicator_code, area_code
        """  # noqa: S608 - the composed parts are constants of this module
        session.execute(text(f"{insert} {select_new} {_POINTERS_UPSERT}"), values)
        return
    each = (
        "SELECT indicator_code, area_code, period, period_start, id, "
        "CASE WHEN review_state = 'published' THEN id END, source = :demo FROM figure WHERE id > :after"
    )
    # A key's first version has no pointer yet (the pointer is written with the key's first figure): inserted.
    session.execute(text(f"{insert} {each} AND version = 1 ORDER BY id"), values)
    if corrected:
        session.execute(text(f"{insert} {each} AND version > 1 ORDER BY id {_POINTERS_UPSERT}"), values)


#: How far ahead a meeting may be dated (one planned for next week may be saved now).
MEETING_AHEAD = 31


def save_meeting(
    session: Session,
    by: Principal,
    pledge_code: str,
    title: str,
    held_on: dt.date,
    area_code: str,
    until: dt.date,
    decisions: str = "",
    items: Sequence[NewItem] = (),
) -> int:
    """Save a meeting: its title, date, filters, what it decided and the action items it gave (what, who, by when),
    and its point in time: the newest figure version stored now. Every item is checked first: one broken rule
    refuses the whole meeting, each broken rule named by item and field.

    Versions are append-only and numbered in order, so every key's newest version up to that one is exactly what
    the meeting saw (:func:`indicators.read.queries._figure_source`); statuses are frozen by time (reports are
    append-only too). One row, however many figures the store holds. Returns the meeting's id.
    """
    require(by, Action.SAVE_MEETING)
    title = title.strip()
    if not title:
        raise ValidationError([FieldError("title", "validation.required_fill")])
    problem = text_problem(title, 200)
    if problem:
        raise ValidationError([FieldError("title", problem)])
    decisions = decisions.strip()
    problem = text_problem(decisions, 4000)
    if problem:
        raise ValidationError([FieldError("decisions", problem)])
    clean = _clean_items(items, held_on)
    if session.execute(select(col(Pledge.id)).where(col(Pledge.code) == pledge_code)).first() is None:
        raise ValidationError([FieldError("pledge", "error.store.unknown_pledge", pledge=pledge_code)])
    # A meeting is held on a real day, not years ahead: a mistyped year would stay "the newest meeting", the only one
    # whose items may be ticked done, for ever.
    today = dt.date.today()
    if not isinstance(held_on, dt.date) or not dt.date(2000, 1, 1) <= held_on <= today + dt.timedelta(
        days=MEETING_AHEAD
    ):
        raise ValidationError(
            [FieldError("held_on", "error.store.meeting_day", last=str(today + dt.timedelta(days=MEETING_AHEAD)))]
        )
    if not isinstance(until, dt.date) or until.year < 1990 or until.year > 2100:
        raise ValidationError([FieldError("until", "error.store.meeting_until")])
    if session.get(Area, area_code) is None:
        raise ValidationError([FieldError("area", "error.store.unknown_area", area=area_code)])
    # (On PostgreSQL a version another transaction stores at this very moment, with a lower number but committed
    # after this one, would count as seen: a moment's difference, never a figure from another time.)
    last = session.execute(select(func.max(col(Figure.id)))).scalar_one_or_none() or 0
    meeting = Meeting(pledge_code=pledge_code, title=title, held_on=held_on, area_code=area_code, until=until,
                      saved_by=by.username, last_figure_id=last, decisions=decisions)  # fmt: skip
    session.add(meeting)
    session.flush()
    assert meeting.id is not None
    rows = [MeetingItem(meeting_id=meeting.id, text=i.text, owner=i.owner, due=i.due, created_by=by.username)
            for i in clean]  # fmt: skip
    session.add_all(rows)
    session.flush()
    given = [{"id": r.id, "text": r.text, "owner": r.owner, "due": r.due and str(r.due)} for r in rows]
    audit(session, by, "meeting.save", "meeting", str(meeting.id), None,
          {"title": title, "held_on": str(held_on), "decisions": decisions, "items": given})  # fmt: skip
    return meeting.id


# --- A meeting's action items ---------------------------------------------------------------------------------------

#: The longest an action item's "what" and "who" may be.
ITEM_TEXT_MAX, ITEM_OWNER_MAX = 1000, 200
#: The earliest day an item may be due, and how many years after its meeting the latest.
ITEM_FIRST_DUE, ITEM_DUE_YEARS = dt.date(2000, 1, 1), 5
#: What each field of an item is called where a broken rule is shown.
ITEM_FIELDS = {"item_text": N_("meeting.item_text"), "item_owner": N_("meeting.item_owner"),
               "item_due": N_("meeting.item_due"), "done_on": N_("meeting.item_done_on"),
               "done_note": N_("meeting.item_done_note")}  # fmt: skip


@dataclass(frozen=True)
class NewItem:
    """An action item as the chair writes it at a meeting: what, who (an actor's code or a role) and by when."""

    text: str
    owner: str
    due: dt.date | None = None


class ItemFieldError(FieldError):
    """A broken rule of one field of one action item: named by the item (its row in the form, or its text) and the
    field, in the reader's language ("Uppdrag 2, Vem: måste fyllas i")."""

    def label(self, lang: str = "sv") -> str:
        item = self.params.get("item")
        if self.field == "item":  # the item as a whole (unknown, already done, at the wrong meeting)
            return t("meeting.item", lang, item=item)
        field = t(ITEM_FIELDS[self.field], lang)
        return t("meeting.item_field", lang, item=item, field=field) if item is not None else field


def _years_after(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year + years, day=28)


def _clean_items(items: Sequence[NewItem], held_on: dt.date) -> list[NewItem]:
    """The items with their texts trimmed, or a ValidationError naming every broken rule (item by its row)."""
    errors: list[FieldError] = []
    clean: list[NewItem] = []
    last_due = _years_after(held_on, ITEM_DUE_YEARS)
    for row, item in enumerate(items, start=1):
        text_, owner = (item.text or "").strip(), (item.owner or "").strip()
        for field, value, limit in (("item_text", text_, ITEM_TEXT_MAX), ("item_owner", owner, ITEM_OWNER_MAX)):
            problem = Message("validation.required_fill") if not value else text_problem(value, limit)
            if problem:
                errors.append(ItemFieldError(field, problem, item=row))
        due = item.due
        if due is not None and (not isinstance(due, dt.date) or isinstance(due, dt.datetime)):
            errors.append(ItemFieldError("item_due", Message("error.store.item_due_date"), item=row))
        elif due is not None and not ITEM_FIRST_DUE <= due <= last_due:
            errors.append(ItemFieldError("item_due", Message("error.store.item_due_range", first=str(ITEM_FIRST_DUE),
                                                             last=str(last_due)), item=row))  # fmt: skip
        clean.append(NewItem(text_, owner, due))
    if errors:
        raise ValidationError(errors)
    return clean


def _meeting_order(m: Meeting) -> tuple[dt.date, int]:
    """Meetings follow each other by the day they were held, then by the order they were saved."""
    return m.held_on, m.id or 0


def _closing_point(session: Session, item_id: int, meeting_id: int) -> tuple[MeetingItem, Meeting, Meeting]:
    """The item, the meeting that gave it and the meeting it is closed or reopened at, checked: the latter is the
    pledge's newest meeting (later meetings have seen the item as it was, and must go on seeing it so) and comes
    after the one that gave the item."""
    item = session.get(MeetingItem, item_id)
    if item is None:
        raise ValidationError([ItemFieldError("item", Message("error.store.item_unknown"), item=item_id)])
    origin, at = session.get(Meeting, item.meeting_id), session.get(Meeting, meeting_id)
    assert origin is not None
    named = {"item": f"”{item.text[:60]}”"}
    if at is None or at.pledge_code != origin.pledge_code:
        raise ValidationError([ItemFieldError("item", Message("error.store.item_meeting", id=meeting_id), **named)])
    if _meeting_order(at) <= _meeting_order(origin) or (at.id or 0) < (origin.id or 0):
        raise ValidationError([ItemFieldError("item", Message("error.store.item_not_later"), **named)])
    newest = session.execute(
        select(Meeting).where(col(Meeting.pledge_code) == at.pledge_code)
        .order_by(col(Meeting.held_on).desc(), col(Meeting.id).desc()).limit(1)
    ).scalar_one()  # fmt: skip
    if newest.id != at.id:
        rule = Message("error.store.item_not_newest", title=newest.title, held_on=str(newest.held_on))
        raise ValidationError([ItemFieldError("item", rule, **named)])
    return item, origin, at


def _item_state(item: MeetingItem) -> dict[str, Any]:
    return {"done_on": item.done_on and str(item.done_on), "done_note": item.done_note,
            "done_meeting_id": item.done_meeting_id}  # fmt: skip


def mark_item_done(
    session: Session, by: Principal, item_id: int, meeting_id: int, done_on: dt.date | None, note: str = ""
) -> None:
    """Mark an action item done at a meeting (the pledge's newest), on a day between the meeting that gave it and
    this one, with an optional note. From this meeting on it leaves the list of open items; earlier meetings
    reopened still show it open, as they saw it."""
    require(by, Action.SAVE_MEETING)
    item, origin, at = _closing_point(session, item_id, meeting_id)
    named = {"item": f"”{item.text[:60]}”"}
    if item.done_meeting_id is not None:
        done_at = session.get(Meeting, item.done_meeting_id)
        rule = Message("error.store.item_done_already", on=str(item.done_on), title=done_at.title if done_at else "?")
        raise ValidationError([ItemFieldError("item", rule, **named)])
    errors: list[FieldError] = []
    if done_on is None:
        errors.append(ItemFieldError("done_on", Message("validation.required_fill"), **named))
    elif not isinstance(done_on, dt.date) or isinstance(done_on, dt.datetime):
        errors.append(ItemFieldError("done_on", Message("error.store.item_due_date"), **named))
    elif not origin.held_on <= done_on <= at.held_on:
        errors.append(ItemFieldError("done_on", Message("error.store.item_done_range", first=str(origin.held_on),
                                                        last=str(at.held_on)), **named))  # fmt: skip
    note = (note or "").strip()
    problem = text_problem(note, ITEM_TEXT_MAX)
    if problem:
        errors.append(ItemFieldError("done_note", problem, **named))
    if errors:
        raise ValidationError(errors)
    before = _item_state(item)
    item.done_on, item.done_note, item.done_meeting_id = done_on, note, at.id
    session.add(item)
    session.flush()
    audit(session, by, "meeting_item.done", "meeting_item", str(item.id), before, _item_state(item))


def reopen_item(session: Session, by: Principal, item_id: int, meeting_id: int) -> None:
    """Take back an item's "done" at the meeting that marked it (the pledge's newest): it is open again."""
    require(by, Action.SAVE_MEETING)
    item, _origin, at = _closing_point(session, item_id, meeting_id)
    if item.done_meeting_id != at.id:
        raise ValidationError([ItemFieldError("item", Message("error.store.item_not_done_here"),
                                              item=f"”{item.text[:60]}”")])  # fmt: skip
    before = _item_state(item)
    item.done_on, item.done_note, item.done_meeting_id = None, "", None
    session.add(item)
    session.flush()
    audit(session, by, "meeting_item.reopen", "meeting_item", str(item.id), before, _item_state(item))


@dataclass(frozen=True)
class ItemMark:
    """An item as the chair leaves it at a meeting: done (on a day, with an optional note) or not."""

    item_id: int
    done: bool
    done_on: dt.date | None = None
    note: str = ""


def mark_items(session: Session, by: Principal, meeting_id: int, marks: Sequence[ItemMark]) -> tuple[int, int]:
    """The chair's ticks at a meeting, all or nothing: an item newly ticked is marked done, one this meeting marked
    done and now unticked is reopened, and one done here whose day or note changed is marked again. Every broken
    rule is named by its item. Returns how many were marked done and how many reopened."""
    require(by, Action.SAVE_MEETING)
    errors: list[FieldError] = []
    done = reopened = 0
    for mark in marks:
        item = session.get(MeetingItem, mark.item_id)
        here = item is not None and item.done_meeting_id == meeting_id
        try:
            if mark.done and item is not None and here:
                if (item.done_on, item.done_note) != (mark.done_on, (mark.note or "").strip()):
                    reopen_item(session, by, mark.item_id, meeting_id)
                    mark_item_done(session, by, mark.item_id, meeting_id, mark.done_on, mark.note)
                    done += 1
            elif mark.done:
                mark_item_done(session, by, mark.item_id, meeting_id, mark.done_on, mark.note)
                done += 1
            elif here:
                reopen_item(session, by, mark.item_id, meeting_id)
                reopened += 1
        except ValidationError as refused:  # the rest are checked too; nothing is kept (the caller rolls back)
            errors.extend(refused.errors)
    if errors:
        raise ValidationError(errors)
    return done, reopened


# --- Rules from the store ------------------------------------------------------------------------------------------


def rules(session: Session, today: dt.date | None = None) -> Rules:
    """What validation needs from the store: the indicators and areas (forms, imports and the CLI share it)."""
    indicators = {i.code: i for i in session.execute(select(Indicator)).scalars()}
    areas = set(session.execute(select(col(Area.code))).scalars())
    return Rules(indicators=indicators, areas=areas, today=today or dt.date.today())


def actor_commitments(session: Session, actor_code: str | None) -> dict[str, int]:
    """The commitments an actor may report on: code → id (a parent's own commitments only)."""
    rows = session.execute(
        select(col(Commitment.code), col(Commitment.id)).where(col(Commitment.actor_code) == actor_code)
    ).all()
    return {code: int(id_) for code, id_ in rows}


# --- Activities and commitment statuses -----------------------------------------------------------------------------


def record_activity(session: Session, by: Principal, raw: dict[str, Any], today: dt.date | None = None) -> Activity:
    """Validate and store an activity of the acting editor's actor."""
    require(by, Action.RECORD_ACTIVITY, by.actor_code if by else None)
    areas = {code: geometry for code, geometry in session.execute(select(col(Area.code), col(Area.geometry))).all()}
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
        .where(col(CommitmentStatus.commitment_id) == clean.commitment_id, col(CommitmentStatus.period) == clean.period)
        .order_by(col(CommitmentStatus.reported_at).desc(), col(CommitmentStatus.id).desc())
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


def approve_figures(session: Session, by: Principal, figure_ids: Iterable[int]) -> int:
    """Approve submitted figures. An approval carries no comment: a review comment is the reason a figure was
    returned, which the editor sees on Rapportera, and nothing an approved figure needs."""
    return _review(session, by, figure_ids, ReviewState.APPROVED, "")


def return_figures(session: Session, by: Principal, figure_ids: Iterable[int], comment: str) -> int:
    """Return submitted figures to the editor with the reason (required), which the editor sees on Rapportera."""
    require(by, Action.REVIEW)
    comment = comment.strip()
    if not comment:
        raise ValidationError([FieldError("comment", "error.store.return_reason")])
    problem = text_problem(comment)
    if problem:
        raise ValidationError([FieldError("comment", problem)])
    return _review(session, by, figure_ids, ReviewState.RETURNED, comment)


def _review(session: Session, by: Principal, figure_ids: Iterable[int], state: ReviewState, comment: str) -> int:
    """Move submitted figures to ``state``. Only the newest version of a figure can be reviewed; anything else is
    refused and nothing changes."""
    require(by, Action.REVIEW)
    ids = sorted(set(figure_ids))
    rows = session.execute(select(Figure).where(col(Figure.id).in_(ids))).scalars().all()
    current = set(
        session.execute(select(col(CurrentFigure.figure_id)).where(col(CurrentFigure.figure_id).in_(ids))).scalars()
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
    action = "figure.approve" if state == ReviewState.APPROVED else "figure.return"
    for row in rows:
        before = figure_snapshot(row)
        row.review_state, row.review_comment, row.reviewed_by, row.reviewed_at = state, comment, by.username, now
        session.add(row)
        audit(session, by, action, "figure", figure_key(row.indicator_code, row.area_code, row.period), before,
              figure_snapshot(row))  # fmt: skip
    session.flush()
    return len(rows)


def publish_figures(
    session: Session,
    by: Principal,
    period: str | None = None,
    indicator_code: str | None = None,
    expected: int | None = None,
) -> int:
    """Publish every approved newest version (of a period and/or indicator) in one action: they become what the
    public sees. Returns how many were published. ``expected``: the number the member confirmed on screen; when the
    approved set now holds another (approved, corrected or partly published since), nothing is published and
    :class:`ValidationError` says so. None of them left is 0: someone else has published them."""
    require(by, Action.PUBLISH)
    current = and_(  # the newest version, joined by the figure's key (an index)
        col(CurrentFigure.indicator_code) == col(Figure.indicator_code),
        col(CurrentFigure.area_code) == col(Figure.area_code),
        col(CurrentFigure.period) == col(Figure.period),
        col(CurrentFigure.figure_id) == col(Figure.id),
    )
    stmt = (
        select(
            col(Figure.id), col(Figure.indicator_code), col(Figure.area_code), col(Figure.period), col(Figure.version)
        )
        .join(CurrentFigure, current)
        .where(col(Figure.review_state) == ReviewState.APPROVED)
    )
    if period is not None:  # only None is every period: "" is no period, refused (PeriodError), never all of them
        stmt = stmt.where(col(Figure.period) == parse_period(period).code)
    if indicator_code is not None:
        stmt = stmt.where(col(Figure.indicator_code) == indicator_code)
    rows = session.execute(stmt).all()
    if not rows:
        return 0
    if expected is not None and len(rows) != expected:
        raise ValidationError([FieldError("period", "error.store.publish_changed", now=len(rows), seen=expected)])
    now = utcnow()
    if session.get_bind().dialect.name == "postgresql":
        _publish_in_postgresql(session, by, rows, now)
    else:
        _publish_by_indicator_and_period(session, by, rows, now)
    release.refresh_periods(session, {(r.indicator_code, r.period) for r in rows})
    audit_many(session, by, "figure.publish", "figure", [
        (figure_key(r.indicator_code, r.area_code, r.period), {"review_state": "approved", "version": r.version},
         {"review_state": "published", "version": r.version}) for r in rows
    ])  # fmt: skip
    return len(rows)


def _publish_in_postgresql(session: Session, by: Principal, rows: Sequence[Any], now: dt.datetime) -> None:
    """The release's figures marked published and made what the public sees, in two statements whatever its size:
    the ids and keys go to the server as arrays (a city's period is 13,600 figures, hundreds of indicator-and-period
    statements before; what is left is the rewriting of each figure row and pointer: README, "Performance"), in the
    binary format (``%(…)b``: the driver's text format dumped a list item by item, twice as slow here)."""
    ids = [r.id for r in rows]
    connection = session.connection()
    connection.exec_driver_sql(  # the ids as the key's own type, so that the primary key's index finds them
        "UPDATE figure SET review_state = %(state)s, reviewed_by = %(by)s, reviewed_at = %(at)s"
        " WHERE id = ANY(%(ids)b::integer[])",
        {"state": ReviewState.PUBLISHED.value, "by": by.username, "at": now, "ids": ids},
    )
    connection.exec_driver_sql(
        "UPDATE current_figure AS c SET published_figure_id = c.figure_id"
        " FROM unnest(%(codes)b::varchar[], %(areas)b::varchar[], %(periods)b::varchar[], %(ids)b::integer[])"
        " AS k(indicator_code, area_code, period, figure_id)"
        " WHERE c.indicator_code = k.indicator_code AND c.area_code = k.area_code AND c.period = k.period"
        " AND c.figure_id = k.figure_id",
        {"codes": [r.indicator_code for r in rows], "areas": [r.area_code for r in rows],
         "periods": [r.period for r in rows], "ids": ids},
    )  # fmt: skip


def _publish_by_indicator_and_period(session: Session, by: Principal, rows: Sequence[Any], now: dt.datetime) -> None:
    """As :func:`_publish_in_postgresql` does, one statement per indicator and period (cheap in SQLite, where a
    statement is a call in the same process)."""
    by_key: dict[tuple[str, str], list[int]] = {}
    for r in rows:
        by_key.setdefault((r.indicator_code, r.period), []).append(r.id)
    quiet = {"synchronize_session": False}
    for (code, figure_period), ids in by_key.items():
        session.execute(
            update(Figure)
            .where(col(Figure.indicator_code) == code, col(Figure.period) == figure_period, col(Figure.id).in_(ids))
            .values(review_state=ReviewState.PUBLISHED, reviewed_by=by.username, reviewed_at=now),
            execution_options=quiet,
        )
        session.execute(
            update(CurrentFigure)
            .where(col(CurrentFigure.indicator_code) == code, col(CurrentFigure.period) == figure_period,
                   col(CurrentFigure.figure_id).in_(ids))
            .values(published_figure_id=CurrentFigure.figure_id),
            execution_options=quiet,
        )  # fmt: skip


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
