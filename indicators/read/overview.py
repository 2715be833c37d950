"""The steering group's overview, composed once from the queries and the status rules.

The Översikt page, the printable meeting report and a saved meeting's reopened view all read this one structure,
so they cannot disagree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from sqlmodel import Session

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
    meeting_changes = (
        queries.meeting_changes(session, meeting_id)
        if meeting_id is not None and meeting is not None
        else pd.DataFrame()
    )
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
