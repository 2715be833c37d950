"""Releasing figures to the public: ``public_figure`` rebuilt, with disclosure control, wherever a write changed
what is published, and ``disclosed_figure`` remembering what each release showed (a release is permanent).

Called inside the writer's transaction (:mod:`indicators.storage.store`, the catalogue and demo loaders); the
public reads (:mod:`indicators.read.published`) only ever read what this wrote.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy import bindparam, delete, func, select, text
from sqlmodel import Session, SQLModel, col

from indicators.base.models import (
    Area,
    AuditEntry,
    Indicator,
    utcnow,
)
from indicators.rules import disclosure, disclosure_audit
from indicators.storage import db

#: The tables a release reads and writes, as Core tables (whose columns hand back typed dates and UTC times).
_CURRENT, _FIGURE, _PUBLIC, _DISCLOSED = (
    SQLModel.metadata.tables[name] for name in ("current_figure", "figure", "public_figure", "disclosed_figure")
)
_STORED = ["indicator_code", "area_code", "period", "period_start", "value", "status_code", "n", "source", "version",
           "published_at", "protection"]  # fmt: skip


def refresh(session: Session, codes: Iterable[str] | None = None) -> int:
    """Rebuild ``public_figure`` for whole indicators (all when ``codes`` is None), in the caller's transaction, and
    remember what the new release shows (``disclosed_figure``). Returns the number of rows the public now sees of
    them."""
    if codes is None:
        codes = session.execute(select(col(Indicator.code))).scalars().all()
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
    """Each indicator is decided whole, block by block (:class:`indicators.rules.disclosure_audit.Scope`): the primary
    rules per figure, then, where its figures add up to one another (an area and its parts, a year and its
    quarters), the attacker's audit over this release and every earlier one
    (:func:`indicators.rules.disclosure_audit.audit`). A figure hidden to protect another stays hidden while it is the
    same version (so a rebuild that changes nothing shows the same), and what was once shown stays counted as
    known. Every write that changes what is published calls this for what it touched."""
    if not wanted:
        return 0
    indicators = {
        code: (unit_code, mode, bool(public))
        for code, unit_code, mode, public in session.execute(
            text("SELECT code, unit, disclosure, public FROM indicator WHERE code IN :codes").bindparams(
                bindparam("codes", expanding=True, type_=sa.String)
            ),
            {"codes": sorted(wanted)},
        ).all()
    }
    now = utcnow()
    sqlite = session.connection().dialect.name == "sqlite"
    shown = 0
    # The indicators' new public rows, written together (a statement per indicator cost PostgreSQL a round trip and
    # a COPY's set-up each: a city's period touches a hundred indicators), a batch at a time (a whole store's rebuild
    # is millions of rows), and what the public saw of each before.
    batch: list[tuple[Any, ...]] = []
    seen: dict[tuple[str, str, str, int], str] = {}
    kinds = {code: disclosure.kind(u, mode) if public else None for code, (u, mode, public) in indicators.items()}
    audited = sorted(code for code, kind in kinds.items() if kind is not None)
    tree = area_tree(session)
    scopes = _scopes(session, audited, tree) if audited else {}
    # The periods to rebuild per indicator (None: all of its), and the indicators that rebuild the same periods read
    # together (a period's publication: those reported in that kind of period alone in one read, those whose periods
    # nest in another, with the whole block), a statement per kind of read rather than per indicator (a round trip
    # each cost PostgreSQL half a second of a city's period); whole indicators one at a time (a whole store's
    # rebuild is millions of rows).
    groups: dict[tuple[str, ...] | None, list[str]] = {}
    for code in sorted(wanted):
        if code not in indicators:
            continue
        scope = scopes.get(code)
        if scope is not None and not scope.needs_audit():
            scopes.pop(code)
            scope = None
        touched = wanted[code]
        only: list[str] | None = None
        if touched is not None and indicators[code][2]:  # (an indicator not public has no public rows at all)
            blocks = {scope.block(p) for p in touched} if scope is not None else set(touched)
            only = sorted({q.code for b in blocks for q in scope.block_periods(b)} if scope is not None else blocks)
            if len(only) > 500:  # most of the indicator (a demo or catalogue load): one query for all of it
                only = None
        groups.setdefault(tuple(only) if only is not None else None, []).append(code)
    areas = max(1, len(tree.parents))
    for periods, codes in groups.items():
        size = 1 if periods is None else max(1, _ROWS // (len(periods) * areas))  # a row per area and period, at most
        for i in range(0, len(codes), size):
            chunk = codes[i : i + size]
            only = list(periods) if periods is not None else None
            read = _read(session, chunk, only, [c for c in chunk if indicators[c][2]], scopes, sqlite)
            session.execute(delete(_PUBLIC).where(_where(_PUBLIC, chunk, only)))
            for code in chunk:
                unit_code, mode, is_public = indicators[code]
                if not is_public:
                    continue
                out, previous = _decide(session, code, read, unit_code, mode, kinds[code], scopes.get(code), now,
                                        sqlite)  # fmt: skip
                batch.extend(out)
                seen.update(((code, *key), value) for key, value in previous.items())
                shown += len(out)
                if len(batch) >= _BATCH:
                    _write(session, batch, seen, now, sqlite)
                    batch, seen = [], {}
    _write(session, batch, seen, now, sqlite)
    return shown


#: How many rows of each kind :func:`_rebuild` reads in one statement, at most, reckoning a row per area for each
#: indicator and period: a city's period in one or two reads, a file of a hundred months of every indicator an
#: indicator or a few at a time (as much as one indicator's whole history was read at once before).
_ROWS = 100_000

#: How many new public rows :func:`_rebuild` gathers before it writes them.
_BATCH = 100_000


def _write(
    session: Session, out: list[tuple[Any, ...]], seen: dict[tuple[str, str, str, int], str], now: dt.datetime,
    sqlite: bool,
) -> None:  # fmt: skip
    """The new public rows stored (their old ones were deleted by :func:`_rebuild`), and what they show
    remembered."""
    if out:
        db.insert_rows(session, "public_figure", list(_STORED), out)  # a release can be a million rows
        _remember(session, out, seen, now, sqlite)


@dataclass
class _Read:
    """What a rebuild reads of a group of indicators before it deletes their public rows, by indicator: what the
    public sees now (as the audit counts it, and row by row where an audit may keep a block as it was), the newest
    published figures, and, where an audit runs, every version and what each release showed."""

    previous: dict[str, dict[tuple[str, str, int], tuple[str, Any]]]
    before: dict[str, dict[tuple[str, str], tuple[Any, ...]]]
    rows: dict[str, list[Any]]
    versions: dict[str, list[disclosure_audit.Version]]
    disclosed: dict[str, list[disclosure_audit.Disclosed]]


def _read(
    session: Session, codes: list[str], only: list[str] | None, public: list[str],
    scopes: dict[str, disclosure_audit.Scope], sqlite: bool,
) -> _Read:  # fmt: skip
    """Everything :func:`_decide` needs of ``codes`` (of the periods ``only``, or all), in a statement per kind."""
    p, cf, f, d = _PUBLIC.c, _CURRENT.c, _FIGURE.c, _DISCLOSED.c
    audited = [c for c in codes if c in scopes]
    previous: dict[str, dict[tuple[str, str, int], tuple[str, Any]]] = {c: {} for c in codes}
    for r in session.execute(
        select(p.indicator_code, p.area_code, p.period, p.version, p.status_code, p.protection).where(
            _where(_PUBLIC, codes, only)
        )
    ):
        previous[r[0]][(r[1], r[2], int(r[3]))] = (disclosure.shown(r[5], r[4]), r[5])
    before: dict[str, dict[tuple[str, str], tuple[Any, ...]]] = {c: {} for c in audited}
    if audited:  # the public rows as they are now, ready to be written back
        for r in session.execute(select(*(p[c] for c in _STORED)).where(_where(_PUBLIC, audited, only))):
            row = list(r)
            row[3] = row[3].isoformat() if sqlite and row[3] is not None else row[3]
            row[9] = _stamp(row[9], sqlite)
            before[row[0]][(row[1], row[2])] = tuple(row)
    rows: dict[str, list[Any]] = {c: [] for c in public}
    if public:
        for r in session.execute(
            select(
                cf.indicator_code, cf.area_code, cf.period, cf.period_start, f.value, f.status_code, f.n, f.source,
                f.version, func.coalesce(f.reviewed_at, f.entered_at).label("published_at"),
            )
            .select_from(_CURRENT)
            .join(_FIGURE, f.id == cf.published_figure_id)
            .where(cf.published_figure_id.is_not(None), _where(_CURRENT, public, only))
            .order_by(cf.period_start, cf.area_code)
        ):  # fmt: skip
            rows[r[0]].append(r[1:])
    versions: dict[str, list[disclosure_audit.Version]] = {c: [] for c in audited}
    disclosed: dict[str, list[disclosure_audit.Disclosed]] = {c: [] for c in audited}
    if audited:
        for code, a, period, v, value, n, at in session.execute(
            select(f.indicator_code, f.area_code, f.period, f.version, f.value, f.n, f.entered_at).where(
                _where(_FIGURE, audited, only)
            )
        ):
            versions[code].append(disclosure_audit.Version(a, period, int(v), value, n, at))
        for code, a, period, v, shown, since in session.execute(
            select(d.indicator_code, d.area_code, d.period, d.version, d.shown, d.since).where(
                _where(_DISCLOSED, audited, only)
            )
        ):
            disclosed[code].append(disclosure_audit.Disclosed(a, period, int(v), shown, since))
    return _Read(previous, before, rows, versions, disclosed)


def _decide(
    session: Session,
    code: str,
    read: _Read,
    unit_code: str,
    mode: str,
    kind: disclosure_audit.Kind | None,
    scope: disclosure_audit.Scope | None,
    now: dt.datetime,
    sqlite: bool,
) -> tuple[list[tuple[Any, ...]], dict[tuple[str, str, int], str]]:  # fmt: skip
    """The public rows to write for one indicator (or some of its periods; their old ones are deleted), with what the
    public saw of each figure before (for :func:`_remember`)."""
    previous = read.previous[code]
    # What the public sees now, row by row: a block whose correction waits is shown again exactly so.
    before = read.before.get(code, {})
    rows = read.rows[code]
    if not rows:
        return [], {}
    why = {(r[0], r[1]): disclosure.primary(r[3], unit_code, r[5], mode) for r in rows}
    withheld: set[tuple[str, str]] = set()  # left out of this release altogether (the audit's last resort)
    waiting: set[str] = set()  # blocks shown as the public saw them before: a correction there waits
    if kind is not None and scope is not None:
        release: dict[disclosure_audit.Cell, tuple[int, disclosure_audit.Shown]] = {}
        for r in rows:
            cell, version = (r[0], r[1]), int(r[7])
            if why[cell] is None and previous.get((*cell, version), (None, None))[1] == disclosure.COMPLEMENTARY:
                why[cell] = disclosure.COMPLEMENTARY  # hidden for another figure before: still the same version
            release[cell] = (version, disclosure.shown(why[cell], r[4]))
        outcome = disclosure_audit.audit(kind, read.versions[code], read.disclosed[code], release, scope, now)
        for cell in outcome.hide:
            why[cell] = disclosure.COMPLEMENTARY
        withheld = outcome.withhold
        _note_given_away(session, code, outcome.unprotectable)
        # A correction the audit leaves out of the release, of a figure the public sees now: the public keeps seeing
        # its whole block as before (not its row alone beside the corrected others, which a reader would add up as
        # if current), so nothing tells that a correction waits, and nothing new is shown until it can be safely.
        late = {cell for cell in withheld if cell in before}
        waiting = {scope.block(cell[1]) for cell in late}
        current = _new_versions(rows)
        _note_waiting(session, code, {(*cell, current[cell]) for cell in late})
    out = []
    for r in rows:
        cell = (r[0], r[1])
        if cell in withheld or (waiting and scope is not None and scope.block(r[1]) in waiting):
            continue
        w = why[cell]
        # A figure without a number (hidden by a rule, or handed in as a status such as the reporter's own ``..``)
        # is shown with no number beside it: its respondents would tell a thin survey from a thick one.
        bare = bool(w or r[4])
        out.append((code, r[0], r[1], r[2].isoformat() if sqlite else r[2], None if bare else r[3],
                    disclosure.STATUS_OF[w] if w else r[4], None if bare else r[5], r[6], r[7],
                    _stamp(r[8], sqlite), w))  # fmt: skip
    if waiting and scope is not None:
        out.extend(row for cell, row in before.items() if scope.block(cell[1]) in waiting)
    return out, {k: s for k, (s, _) in previous.items()}


def _new_versions(rows: Iterable[Any]) -> dict[tuple[str, str], int]:
    """The version each published cell now has (the rows :func:`_read` reads)."""
    return {(r[0], r[1]): int(r[7]) for r in rows}


def _where(table: sa.Table, codes: list[str], only: list[str] | None) -> sa.ColumnElement[bool]:
    """The rows of some indicators in ``table``, or of some of their periods."""
    of = table.c.indicator_code == codes[0] if len(codes) == 1 else table.c.indicator_code.in_(codes)
    return of if only is None else sa.and_(of, table.c.period.in_(only))


def area_tree(session: Session) -> disclosure_audit.Tree:
    """The areas' parents, and the areas exactly made up of their sub-areas (what sums the audit may use)."""
    rows = session.execute(select(col(Area.code), col(Area.parent_code), col(Area.parts_complete))).all()
    return disclosure_audit.Tree(
        parents={code: parent for code, parent, _ in rows},
        complete=frozenset(code for code, _, complete in rows if complete),
    )


def _scopes(session: Session, codes: list[str], tree: disclosure_audit.Tree) -> dict[str, disclosure_audit.Scope]:
    """What of each indicator adds up: from the areas in a sum it has figures in, and every period it has figures in
    (published or not). Two statements for all the indicators (one pair per indicator cost PostgreSQL a round trip
    each, and the list of a city's areas compiled anew each time: 0,4 s of a city's period)."""
    many = {"codes": codes}
    areas: dict[str, list[str]] = {code: [] for code in codes}
    summed = tree.summed()
    if summed:
        # One probe of the key's index per indicator and area: a subquery with LIMIT, which the planner cannot turn
        # into a join (PostgreSQL planned EXISTS as a scan of every figure, 0,8 s at a city's size; this 22 ms).
        sql = text(
            "SELECT i.code, a.code FROM indicator AS i, area AS a WHERE i.code IN :codes AND a.code IN :areas AND "
            "(SELECT 1 FROM current_figure AS c WHERE c.indicator_code = i.code AND c.area_code = a.code LIMIT 1) = 1"
        ).bindparams(
            bindparam("codes", expanding=True, type_=sa.String), bindparam("areas", expanding=True, type_=sa.String)
        )
        for code, area in session.execute(sql, {**many, "areas": summed}).all():
            areas[code].append(area)
    found: dict[str, list[str]] = {code: [] for code in codes}
    # Each indicator's periods by stepping through its (indicator, period) index, one probe per period found: DISTINCT
    # read every figure of every indicator (220 ms for forty of a city's indicators; this 22 ms).
    sql = text(
        "WITH RECURSIVE found (code, period) AS ("
        " SELECT i.code, (SELECT min(c.period) FROM current_figure AS c WHERE c.indicator_code = i.code)"
        " FROM indicator AS i WHERE i.code IN :codes"
        " UNION ALL SELECT found.code, (SELECT min(c.period) FROM current_figure AS c"
        " WHERE c.indicator_code = found.code AND c.period > found.period) FROM found WHERE found.period IS NOT NULL"
        ") SELECT code, period FROM found WHERE period IS NOT NULL"
    ).bindparams(bindparam("codes", expanding=True, type_=sa.String))
    for code, period in session.execute(sql, many).all():
        found[code].append(period)
    return {code: disclosure_audit.Scope(tree, sorted(areas[code]), sorted(found[code])) for code in codes}


#: The order of what a release can show of a figure, as SQL (a later release can only tell more of a version).
_RANK_SQL = "CASE {0} WHEN 'value' THEN 3 WHEN 'small' THEN 2 WHEN 'suppressed' THEN 1 ELSE 0 END"


def _remember(
    session: Session, out: list[tuple[Any, ...]], previous: dict[tuple[str, str, str, int], str], now: dt.datetime,
    sqlite: bool,
) -> None:  # fmt: skip
    """Keep, per version of each figure, the most any release has shown of it (a release is never taken back);
    ``previous`` is what the public saw of each (indicator, area, period, version) before."""
    changed = []
    stamp = _stamp(now, sqlite)
    for r in out:
        shown = disclosure.shown(r[10], r[5])
        if previous.get((r[0], r[1], r[2], int(r[8]))) != shown:
            changed.append((r[0], r[1], r[2], int(r[8]), shown, stamp))
    if not changed:
        return
    # Placeholders and the fixed _RANK_SQL only. PostgreSQL takes the rows as six arrays in one statement (a
    # statement per row, even pipelined, cost it 2 s for a city's period), sent in the binary format (%b: half the
    # driver's time of the text format's for a city's period); SQLite, the driver's own executemany.
    given = (
        "SELECT * FROM unnest(%b::varchar[], %b::varchar[], %b::varchar[], %b::integer[], %b::varchar[], "
        "%b::timestamptz[])"
        if not sqlite
        else "VALUES (?, ?, ?, ?, ?, ?)"
    )
    sql = (
        f"INSERT INTO disclosed_figure (indicator_code, area_code, period, version, shown, since) {given} "
        "ON CONFLICT (indicator_code, area_code, period, version) DO UPDATE SET shown = excluded.shown "
        f"WHERE {_RANK_SQL.format('excluded.shown')} > {_RANK_SQL.format('disclosed_figure.shown')}"
    )
    connection = session.connection()
    for i in range(0, len(changed), 50_000):
        chunk = changed[i : i + 50_000]
        if sqlite:
            connection.exec_driver_sql(sql, chunk)
        else:
            connection.exec_driver_sql(sql, tuple(list(column) for column in zip(*chunk, strict=True)))


def _note_given_away(session: Session, code: str, given: list[tuple[str, str, int]]) -> None:
    """A protected figure that earlier releases already gave away: said once in the audit trail (the release goes
    ahead; nothing can be taken back from the past)."""
    from indicators.storage.store import SYSTEM, audit, figure_key

    for area, period, version in given:
        key = figure_key(code, area, period)
        seen = session.execute(
            select(col(AuditEntry.id)).where(
                col(AuditEntry.entity_key) == key, col(AuditEntry.action) == "disclosure.given_away"
            )
        ).first()
        if seen is None:
            audit(session, SYSTEM, "disclosure.given_away", "figure", key, None, {"version": version})


def _note_waiting(session: Session, code: str, waiting: set[tuple[str, str, int]]) -> None:
    """A correction left out of the release while its block is shown as before: said once per version in the audit
    trail (staff see why the corrected figure is not public yet)."""
    from indicators.storage.store import SYSTEM, audit, figure_key

    for area, period, version in sorted(waiting):
        key = figure_key(code, area, period)
        said = session.execute(
            select(col(AuditEntry.after)).where(
                col(AuditEntry.entity_key) == key, col(AuditEntry.action) == "disclosure.correction_waits"
            )
        ).scalars()
        if not any(isinstance(a, dict) and a.get("version") == version for a in said):
            audit(session, SYSTEM, "disclosure.correction_waits", "figure", key, None, {"version": version})


def _stamp(value: dt.datetime | None, sqlite: bool) -> Any:
    """A UTC timestamp as SQLAlchemy keeps it in SQLite (naive text), or as is for PostgreSQL."""
    if value is None or not sqlite:
        return value
    return value.replace(tzinfo=None).isoformat(" ", timespec="microseconds")
