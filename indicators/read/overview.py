"""The steering group's overview, composed once from the queries and the status rules.

The Översikt page, the printable meeting report and a saved meeting's reopened view all read this one structure,
so they cannot disagree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from sqlmodel import Session, col, select

from indicators.base.models import Indicator
from indicators.read import queries
from indicators.rules import status


@dataclass
class Overview:
    pledge: dict[str, Any]
    area_code: str
    until: dt.date
    levels: pd.DataFrame  # per level: indicators, commitments
    assessed: pd.DataFrame  # latest value per indicator with its status
    counts: dict[str, dict[str, int]]  # per level: good / behind / no_data / no_target
    #: per actor: its own commitments (each counted once), with_departments (a parent's own and its departments'
    #: commitments; None for an actor without departments), indicators, on_track / behind / not_reported (own)
    actors: pd.DataFrame
    commitments: pd.DataFrame  # per commitment: the actor's newest own status
    overdue: pd.DataFrame
    changed: pd.DataFrame  # figures stored since `since` (empty for a saved meeting), with their `categories`
    since: dt.datetime | None = None
    meeting: dict[str, Any] | None = None
    meeting_changes: pd.DataFrame = field(default_factory=pd.DataFrame)  # a meeting's figures then and now (labelled)
    #: What moved since a meeting (the one shown, else the pledge's newest): that meeting, and per indicator and per
    #: commitment whose status differs, its status then and now; the figures new or corrected since are in
    #: ``meeting_changes``.
    compared_to: dict[str, Any] | None = None
    status_moves: pd.DataFrame = field(default_factory=pd.DataFrame)  # code, name_sv, name_en, then, now
    commitment_moves: pd.DataFrame = field(default_factory=pd.DataFrame)  # code, actor_code, text, then, now
    #: The reporting rate (:func:`indicators.read.queries.completeness`) on the overview's today, or as the meeting
    #: shown saw it on its day: what is late then, not at the period chosen (as ``overdue``).
    completeness: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def changed_new(self) -> int:
        """How many of the figures in ``changed`` are new (their first version)."""
        return int((self.changed["version"] == 1).sum()) if len(self.changed) else 0

    @property
    def changed_corrected(self) -> int:
        """How many of the figures in ``changed`` correct an earlier version."""
        return len(self.changed) - self.changed_new


def build(
    session: Session,
    pledge_code: str,
    area_code: str,
    until: dt.date,
    today: dt.date,
    since: dt.datetime | None = None,
    meeting_id: int | None = None,
) -> Overview | None:
    """Everything the overview shows. With ``meeting_id``, the figures and statuses as that meeting saw them
    (its area and period replace the ones given) and the differences to today's figures."""
    pledge = queries.pledge(session, pledge_code)
    if pledge is None:
        return None
    meeting = queries.meeting(session, meeting_id) if meeting_id is not None else None
    as_of = None
    if meeting is not None:
        area_code, until, today, as_of = meeting["area_code"], meeting["until"], meeting["held_on"], meeting["saved_at"]
    assessed = status.assess_latest(queries.latest_values(session, pledge_code, area_code, until, meeting_id))
    actors = queries.actor_summary(session, pledge_code)
    commitments = queries.commitment_statuses(session, pledge_code, until, as_of)
    # Each commitment once, under the actor who gave it (its own newest report), so the columns add up to the
    # pledge's commitments; a parent (Malmö stad) answers for its departments' too: a count of its own beside them.
    rollup = status.actor_rollup(commitments, {})
    rollup = rollup.set_index("actor_code") if len(rollup) else pd.DataFrame()
    children = actors.groupby("parent_code")["commitments"].sum()
    own = zip(actors["code"], actors["commitments"], strict=True)
    actors["with_departments"] = [int(n + children[c]) if c in children.index else None for c, n in own]
    for key in ("on_track", "behind", "not_reported"):
        actors[key] = [int(rollup[key].get(c, 0)) if key in rollup else 0 for c in actors["code"]]
    names = dict(zip(actors["code"], actors["name"], strict=True))
    actors["parent_name"] = [names.get(p, "") if isinstance(p, str) else "" for p in actors["parent_code"]]
    # A category indicator's labels beside its figures wherever they are listed (I23's 3 is "särskilt utsatt område").
    labels = {c: x for c, x in zip(assessed["code"], assessed["categories"], strict=True) if isinstance(x, dict)}
    changed = queries.changed_since(session, pledge_code, since) if since and meeting is None else pd.DataFrame()
    changed = _named(session, changed)
    # What moved since the meeting shown, else since the pledge's newest meeting: statuses then and now, and the
    # figures stored after it.
    saved = queries.meetings(session, pledge_code)
    compared_to = meeting or (queries.meeting(session, int(saved["id"].iloc[0])) if len(saved) else None)
    meeting_changes, status_moves, commitment_moves = pd.DataFrame(), pd.DataFrame(), pd.DataFrame()
    if compared_to is not None:
        ref = int(compared_to["id"])
        meeting_changes = _named(session, queries.meeting_changes(session, ref))
        now = status.assess_latest(queries.latest_values(session, pledge_code, area_code, until))
        then = assessed if meeting is not None else status.assess_latest(
            queries.latest_values(session, pledge_code, area_code, until, ref))  # fmt: skip
        status_moves = _moves(then, now, "code", "status", ["name_sv", "name_en"])
        commitment_moves = _moves(
            commitments if meeting is not None else queries.commitment_statuses(
                session, pledge_code, until, compared_to["saved_at"]),
            queries.commitment_statuses(session, pledge_code, until), "code", "status",
            ["actor_code", "text", "text_en"],
        )  # fmt: skip
    return Overview(
        pledge=pledge,
        area_code=area_code,
        until=until,
        levels=queries.level_summary(session, pledge_code),
        assessed=assessed,
        counts=status.level_counts(assessed),
        actors=actors,
        commitments=commitments,
        overdue=queries.overdue_figures(session, pledge_code, area_code, today, meeting_id),
        changed=_with_labels(changed, labels),
        since=since,
        meeting=meeting,
        meeting_changes=_with_labels(meeting_changes, labels),
        compared_to=compared_to,
        status_moves=status_moves,
        commitment_moves=commitment_moves,
        completeness=queries.completeness(session, pledge_code, today, meeting_id),
    )


def _moves(then: pd.DataFrame, now: pd.DataFrame, key: str, column: str, keep: list[str]) -> pd.DataFrame:
    """The rows whose ``column`` differs between ``then`` and ``now`` (joined on ``key``, in ``now``'s order):
    ``key``, the ``keep`` columns, and ``then`` and ``now`` (None for no status)."""
    if not len(now):
        return pd.DataFrame(columns=[key, *keep, "then", "now"])
    before = dict(zip(then[key], then[column], strict=True)) if len(then) else {}

    def value(x: object) -> str | None:
        return x if isinstance(x, str) else None

    rows = [{key: r[key], **{k: r[k] for k in keep}, "then": value(before.get(r[key])), "now": value(r[column])}
            for r in now.to_dict("records") if value(before.get(r[key])) != value(r[column])]  # fmt: skip
    return pd.DataFrame(rows, columns=[key, *keep, "then", "now"])


def _named(session: Session, figures: pd.DataFrame) -> pd.DataFrame:
    """Figures with their indicator's names and their area's name (a chair reads names, not codes)."""
    if not len(figures):
        return figures
    codes = sorted(set(figures["indicator_code"]))
    wanted = select(col(Indicator.code), col(Indicator.name_sv), col(Indicator.name_en))
    names = {c: (sv, en) for c, sv, en in session.execute(wanted.where(col(Indicator.code).in_(codes))).all()}
    areas = queries.areas(session)
    area_names = dict(zip(areas["code"], areas["name"], strict=True))
    return figures.assign(
        name_sv=[names.get(c, (c, c))[0] for c in figures["indicator_code"]],
        name_en=[names.get(c, (c, c))[1] for c in figures["indicator_code"]],
        area_name=[area_names.get(a, a) for a in figures["area_code"]],
    )


def _with_labels(figures: pd.DataFrame, labels: dict[str, dict[str, str]]) -> pd.DataFrame:
    """``figures`` with a column ``categories``: each row's indicator's category labels (None for a number)."""
    if not len(figures):
        return figures
    return figures.assign(categories=[labels.get(code) for code in figures["indicator_code"]])


def assessed_by_code(session: Session, pledge_code: str, area_code: str, until: dt.date) -> dict[str, dict[str, Any]]:
    """Each of the pledge's indicators by code: its latest value in the area with its status (what Åtaganden lists
    under each commitment)."""
    latest = status.assess_latest(queries.latest_values(session, pledge_code, area_code, until))
    return {r["code"]: r for r in latest.to_dict("records")}
