"""The store's tables (SQLModel) and the fixed vocabularies they use.

Vocabularies are plain string codes in the database (portable across SQLite and PostgreSQL, easy to migrate);
the enums here are the one place that lists them.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlalchemy import JSON, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel


def utcnow() -> dt.datetime:
    """Aware UTC timestamp: every timestamp in the store is UTC (SQLModel returns them aware, on SQLite too)."""
    return dt.datetime.now(dt.UTC)


class Level(StrEnum):
    """The pledge's three follow-up levels, always in this order."""

    RESURS_AKTIVITET = "resurs_aktivitet"
    PRESTATION = "prestation"
    EFFEKT = "effekt"


class Direction(StrEnum):
    UP = "up"  # higher is better
    DOWN = "down"  # lower is better
    TARGET = "target"  # to plan: reaching the target is what counts
    CONTEXT = "context"  # no good direction


class CommitmentKind(StrEnum):
    GENERAL = "general"  # inriktning
    SPECIFIC = "specific"  # åtagande


class FigureStatus(StrEnum):
    """What a figure holds when it holds no number."""

    MISSING = "missing"  # uppgift saknas, shown as "–"
    SUPPRESSED = "suppressed"  # skyddad uppgift, shown as ".."
    NOT_APPLICABLE = "not_applicable"  # ej tillämpligt, shown as "."


class ReviewState(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    RETURNED = "returned"
    PUBLISHED = "published"


class ActivityType(StrEnum):
    PATROL = "patrol"
    SAFETY_WALK = "safety_walk"
    CLEANING = "cleaning"
    CITIZEN_DIALOGUE = "citizen_dialogue"
    SCHOOL_VISIT = "school_visit"
    CAMERA = "camera_installed"
    INSPECTION = "inspection"
    MEETING = "meeting"
    OTHER = "other"


class CommitmentState(StrEnum):
    NOT_STARTED = "not_started"
    ONGOING = "ongoing"
    DONE = "done"
    AT_RISK = "at_risk"


class Role(StrEnum):
    ADMIN = "admin"
    STEERING = "steering"
    EDITOR = "editor"
    VIEWER = "viewer"


DEMO_SOURCE = "demo"


#: An English text of the catalogue: empty (server default too, so rows older than migration 0014 work) when the
#: file gives none, and then shown in Swedish with a marker (:func:`indicators.base.i18n.in_language`).
def _english() -> Any:
    return Field(default="", sa_column_kwargs={"server_default": ""})


def _english_list() -> Any:
    return Field(default_factory=list, sa_column=Column(JSON, nullable=False, server_default="[]"))


class Pledge(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True, max_length=64)
    name: str
    name_en: str = _english()
    area_code: str = Field(foreign_key="area.code", max_length=32)
    start: dt.date
    end: dt.date
    signatories: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    source_document: str = ""
    summary: str = ""
    summary_en: str = _english()
    problem_picture: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    problem_picture_en: list[str] = _english_list()
    follow_up_channels: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    follow_up_channels_en: list[str] = _english_list()
    map_areas: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    #: The pledge this one renews (the same district's earlier pledge): the two share their catalogue as a family.
    renews_code: str | None = Field(default=None, max_length=64)


class Actor(SQLModel, table=True):
    code: str = Field(primary_key=True, max_length=16)
    name: str
    short_name: str = ""
    parent_code: str | None = Field(default=None, foreign_key="actor.code", max_length=16)


class Commitment(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("pledge_id", "code"),)

    id: int | None = Field(default=None, primary_key=True)
    pledge_id: int = Field(foreign_key="pledge.id", index=True)
    code: str = Field(max_length=16)
    actor_code: str = Field(foreign_key="actor.code", max_length=16)
    kind: str = Field(max_length=16)
    text: str
    text_en: str = _english()
    position: int = 0


class Area(SQLModel, table=True):
    code: str = Field(primary_key=True, max_length=32)
    name: str
    kind: str = Field(default="delomrade", max_length=16)  # delomrade | omrade | stad | region
    parent_code: str | None = Field(default=None, foreign_key="area.code", max_length=32)
    #: The sub-areas (the areas whose parent this is) make up this area exactly: a count here is their sum.
    parts_complete: bool = Field(default=False, sa_column_kwargs={"server_default": sa.false()})
    geometry: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    centroid_lon: float | None = None
    centroid_lat: float | None = None


class Indicator(SQLModel, table=True):
    code: str = Field(primary_key=True, max_length=32)
    name_sv: str
    name_en: str
    definition: str
    definition_en: str = _english()
    explanation: str = ""
    explanation_en: str = _english()
    unit: str = Field(max_length=32)
    level: str = Field(max_length=32, index=True)
    frequency: str = Field(max_length=16)
    direction: str = Field(max_length=16)
    source: str
    actor_code: str = Field(foreign_key="actor.code", max_length=16, index=True)
    public: bool = True
    baseline_value: float | None = None
    baseline_period: str | None = Field(default=None, max_length=16)
    target_value: float | None = None
    target_period: str | None = Field(default=None, max_length=16)
    target_note: str = ""
    target_note_en: str = _english()
    scale_min: float | None = None
    scale_max: float | None = None
    #: The largest value that makes sense for this indicator (within its unit's bound): larger values are refused.
    maximum: float | None = None
    categories: dict[str, str] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    position: int = 0
    #: What disclosure control protects: "people" (counts of people, crimes, respondents: small counts and thin
    #: surveys are hidden, and nothing hidden may be worked out) or "none" (the actors' own work, shown as counted).
    disclosure: str = Field(default="people", max_length=16, sa_column_kwargs={"server_default": "people"})
    #: The progress rule's thresholds where a pledge sets its own (:mod:`indicators.rules.status`); None: defaults.
    progress: dict[str, float] | None = Field(default=None, sa_column=Column(JSON, nullable=True))


class IndicatorCommitment(SQLModel, table=True):
    """Which commitments an indicator follows up (many to many)."""

    __tablename__ = "indicator_commitment"

    indicator_code: str = Field(foreign_key="indicator.code", primary_key=True, max_length=32)
    commitment_id: int = Field(foreign_key="commitment.id", primary_key=True, index=True)


class IndicatorSchedule(SQLModel, table=True):
    """Where and how often an indicator is reported in one pledge (:mod:`indicators.rules.schedule`)."""

    __tablename__ = "indicator_schedule"

    pledge_id: int = Field(foreign_key="pledge.id", primary_key=True)
    indicator_code: str = Field(foreign_key="indicator.code", primary_key=True, max_length=32)
    areas: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    first_period: str | None = Field(default=None, max_length=16)
    grace_days: int = 30


class Figure(SQLModel, table=True):
    """One version of one figure. Rows are never updated in value nor deleted: a correction is a new version.

    Only the review fields move forward (submitted → approved → published), and every move is audited.
    """

    __table_args__ = (
        UniqueConstraint("indicator_code", "area_code", "period", "version"),
        # Each indicator's newest entries: when an actor last reported, and what changed since a day.
        Index("ix_figure_indicator_entered", "indicator_code", "entered_at"),
        # The figures of a period: what publishing it rebuilds and audits.
        Index("ix_figure_indicator_period", "indicator_code", "period"),
        # The figures waiting for review or publication (a few among millions), by period.
        Index("ix_figure_review_state_period", "review_state", "period"),
    )

    id: int | None = Field(default=None, primary_key=True)
    indicator_code: str = Field(foreign_key="indicator.code", max_length=32)
    area_code: str = Field(foreign_key="area.code", max_length=32, index=True)
    period: str = Field(max_length=16)
    period_start: dt.date
    value: float | None = None
    status_code: str | None = Field(default=None, max_length=16)
    n: int | None = None
    source: str = Field(max_length=500, index=True)
    note: str = ""
    evidence_url: str = ""
    version: int = 1
    supersedes_id: int | None = Field(default=None, foreign_key="figure.id")
    entered_by: str = Field(max_length=64)
    entered_at: dt.datetime = Field(default_factory=utcnow)
    review_state: str = Field(default=ReviewState.SUBMITTED, max_length=16)
    review_comment: str = ""
    reviewed_by: str | None = Field(default=None, max_length=64)
    reviewed_at: dt.datetime | None = None


class CurrentFigure(SQLModel, table=True):
    """The newest version, and the newest published version, of each figure; maintained on every write."""

    __tablename__ = "current_figure"
    __table_args__ = (
        Index("ix_current_figure_area_period", "area_code", "period_start"),
        Index("ix_current_figure_demo", "demo"),
        Index("ix_current_figure_indicator_period", "indicator_code", "period"),
    )

    # The key is the figure's (the writer inserts it from the figure row, which refers to its indicator and area),
    # and both ids are of figure rows the writer has just written or read (figures are never deleted): no
    # references of its own to check, each cost a lookup per row written (migrations 0017, 0019).
    indicator_code: str = Field(primary_key=True, max_length=32)
    area_code: str = Field(primary_key=True, max_length=32)
    period: str = Field(primary_key=True, max_length=16)
    period_start: dt.date
    figure_id: int
    published_figure_id: int | None = None
    #: The current version is demo data (source "demo"): the pages' demo label counts these without a join.
    demo: bool = Field(default=False, sa_column_kwargs={"server_default": sa.false()})


class PublicFigure(SQLModel, table=True):
    """What the public may see of each figure: the newest published version of a public indicator's figure with
    disclosure control applied (value dropped, status and reason set). Rebuilt per indicator on every write that
    changes what is published (:func:`indicators.storage.release.refresh`); public pages, exports and the newsletter
    read only this table."""

    __tablename__ = "public_figure"
    __table_args__ = (
        Index("ix_public_figure_area_period", "area_code", "period_start"),
        Index("ix_public_figure_published", "indicator_code", "published_at"),
        Index("ix_public_figure_indicator_period", "indicator_code", "period"),
    )

    # Written by the release only, from figure rows that refer to their indicator and area: no references of its
    # own to check per row written (migration 0019).
    indicator_code: str = Field(primary_key=True, max_length=32)
    area_code: str = Field(primary_key=True, max_length=32)
    period: str = Field(primary_key=True, max_length=16)
    period_start: dt.date
    value: float | None = None
    status_code: str | None = Field(default=None, max_length=16)
    n: int | None = None
    source: str = Field(max_length=500)
    version: int
    published_at: dt.datetime | None = None
    protection: str | None = Field(default=None, max_length=24)


class DisclosedFigure(SQLModel, table=True):
    """The most any release has shown of one version of one figure, and when it was first shown: what an attacker
    who kept every download knows. Written whenever ``public_figure`` changes; never deleted (a release is
    permanent), so the disclosure audit can count on earlier releases (:mod:`indicators.rules.disclosure_audit`)."""

    __tablename__ = "disclosed_figure"
    __table_args__ = (Index("ix_disclosed_figure_indicator_period", "indicator_code", "period"),)

    # As ``public_figure``'s: written by the release only, no references of its own (migration 0019).
    indicator_code: str = Field(primary_key=True, max_length=32)
    area_code: str = Field(primary_key=True, max_length=32)
    period: str = Field(primary_key=True, max_length=16)
    version: int = Field(primary_key=True)
    shown: str = Field(max_length=16)  # value | small | suppressed | status
    since: dt.datetime = Field(default_factory=utcnow)


class StoreKey(SQLModel, table=True):
    """A random key made when the store is created, never shown: it seeds the consistent noise on public activity
    participant totals (:func:`indicators.rules.disclosure.perturb`), which an outsider must not be able to
    recompute."""

    __tablename__ = "store_key"

    id: int = Field(default=1, primary_key=True)
    key: str = Field(max_length=64)


class Activity(SQLModel, table=True):
    """Something an actor did, somewhere, some day (the resources-and-activities level)."""

    id: int | None = Field(default=None, primary_key=True)
    actor_code: str = Field(foreign_key="actor.code", max_length=16, index=True)
    commitment_id: int | None = Field(default=None, foreign_key="commitment.id")
    type: str = Field(max_length=32)
    date: dt.date = Field(index=True)
    area_code: str = Field(foreign_key="area.code", max_length=32)
    lon: float | None = None
    lat: float | None = None
    hours: float | None = None
    participants: int | None = None
    description: str = ""
    source: str = Field(max_length=500)
    entered_by: str = Field(max_length=64)
    entered_at: dt.datetime = Field(default_factory=utcnow)


class CommitmentStatus(SQLModel, table=True):
    """An actor's own report on a commitment for a period; the newest report per commitment and period counts."""

    __tablename__ = "commitment_status"

    id: int | None = Field(default=None, primary_key=True)
    commitment_id: int = Field(foreign_key="commitment.id", index=True)
    period: str = Field(max_length=16)
    status: str = Field(max_length=16)
    comment: str = ""
    source: str = Field(max_length=500)
    reported_by: str = Field(max_length=64)
    reported_at: dt.datetime = Field(default_factory=utcnow)


class Meeting(SQLModel, table=True):
    """A steering-group meeting saved with the point in time of its figures, so its view can be reopened exactly as
    it was: figure versions are append-only and numbered in order, so what it saw is every key's newest version up
    to ``last_figure_id`` (statuses are frozen by ``saved_at``: reports are append-only too)."""

    id: int | None = Field(default=None, primary_key=True)
    pledge_code: str = Field(max_length=64, index=True)
    title: str = Field(max_length=200)
    held_on: dt.date
    area_code: str = Field(foreign_key="area.code", max_length=32)
    until: dt.date  # the period filter in force: figures of periods ending by this day
    saved_by: str = Field(max_length=64)
    saved_at: dt.datetime = Field(default_factory=utcnow)
    last_figure_id: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    #: What the meeting decided, as the chair wrote it (one decision a line).
    decisions: str = Field(default="", sa_column_kwargs={"server_default": ""})


class MeetingItem(SQLModel, table=True):
    """An action item a meeting gave someone (what, who, by when), carried to every later meeting until done."""

    __tablename__ = "meeting_item"

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    text: str
    owner: str = Field(max_length=200)  # who: an actor's code or a role, as the chair wrote it
    due: dt.date | None = None
    done_on: dt.date | None = None
    done_note: str = ""
    done_meeting_id: int | None = Field(default=None, foreign_key="meeting.id")
    created_by: str = Field(max_length=64)
    created_at: dt.datetime = Field(default_factory=utcnow)


class ActionPer(StrEnum):
    """What a planned quantity counts over: each month, quarter or year of the action, or its whole time."""

    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"
    TOTAL = "total"


class PlannedAction(SQLModel, table=True):
    """One action of a pledge's åtgärdsplan: what an actor plans to do for a commitment, when, how much (in the unit
    of the indicator that measures it, or as activities of given types) and with what resources."""

    __tablename__ = "planned_action"
    __table_args__ = (UniqueConstraint("pledge_id", "code"),)

    id: int | None = Field(default=None, primary_key=True)
    pledge_id: int = Field(foreign_key="pledge.id", index=True)
    code: str = Field(max_length=16)
    commitment_id: int = Field(foreign_key="commitment.id", index=True)
    actor_code: str = Field(foreign_key="actor.code", max_length=16)
    text: str
    text_en: str = _english()
    contact: str = ""  # the contact role, never a person's name
    start: dt.date
    end: dt.date
    area_code: str = Field(foreign_key="area.code", max_length=32)
    quantity: float | None = None
    per: str = Field(default=ActionPer.QUARTER, max_length=16)
    indicator_code: str | None = Field(default=None, foreign_key="indicator.code", max_length=32)
    activity_types: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    hours: float | None = None  # resources planned: hours over the action's whole time
    kronor: float | None = None  # and money
    demo: bool = False
    position: int = 0
    #: Who last changed it in the app (None: as the catalogue file says). A file loaded again keeps such an
    #: action as it was edited (the app's version is newer than the file's).
    edited_by: str | None = Field(default=None, max_length=64)


class Problem(SQLModel, table=True):
    """One problem of a pledge's lägesbild, linked to the commitments meant to address it and the effect indicators
    that would show a change."""

    __table_args__ = (UniqueConstraint("pledge_id", "code"),)

    id: int | None = Field(default=None, primary_key=True)
    pledge_id: int = Field(foreign_key="pledge.id", index=True)
    code: str = Field(max_length=16)
    text: str
    text_en: str = _english()
    position: int = 0


class ProblemCommitment(SQLModel, table=True):
    __tablename__ = "problem_commitment"

    problem_id: int = Field(foreign_key="problem.id", primary_key=True)
    commitment_id: int = Field(foreign_key="commitment.id", primary_key=True, index=True)


class ProblemIndicator(SQLModel, table=True):
    """An effect indicator that would show the problem change."""

    __tablename__ = "problem_indicator"

    problem_id: int = Field(foreign_key="problem.id", primary_key=True)
    indicator_code: str = Field(foreign_key="indicator.code", primary_key=True, max_length=32)


class AnswerState(StrEnum):
    PLANNED = "planned"
    ONGOING = "ongoing"
    DONE = "done"


class Topic(SQLModel, table=True):
    """Something residents raised in citizen dialogues ("Ni sa"), and the answer ("vi gjorde"): never a name."""

    __table_args__ = (UniqueConstraint("pledge_id", "code"),)

    id: int | None = Field(default=None, primary_key=True)
    pledge_id: int = Field(foreign_key="pledge.id", index=True)
    code: str = Field(max_length=16)
    text: str
    text_en: str = _english()
    commitment_id: int | None = Field(default=None, foreign_key="commitment.id")
    action_id: int | None = Field(default=None, foreign_key="planned_action.id")
    answer: str = ""
    answer_en: str = _english()
    answer_state: str | None = Field(default=None, max_length=16)
    answered_on: dt.date | None = None
    answered_by: str | None = Field(default=None, max_length=64)
    #: When the steering group let the public see the topic and its answer (None: not public).
    published_at: dt.datetime | None = None


class TopicMention(SQLModel, table=True):
    """One time a topic was raised: where and when, and at which dialogue (an activity) if recorded."""

    __tablename__ = "topic_mention"

    id: int | None = Field(default=None, primary_key=True)
    topic_id: int = Field(foreign_key="topic.id", index=True)
    activity_id: int | None = Field(default=None, foreign_key="activity.id")
    area_code: str = Field(foreign_key="area.code", max_length=32)
    date: dt.date
    entered_by: str = Field(max_length=64)
    entered_at: dt.datetime = Field(default_factory=utcnow)


class User(SQLModel, table=True):
    __tablename__ = "app_user"  # "user" is reserved in PostgreSQL
    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(unique=True, max_length=64)
    role: str = Field(max_length=16)
    actor_code: str | None = Field(default=None, foreign_key="actor.code", max_length=16)
    password_hash: str = ""
    disabled: bool = False
    created_at: dt.datetime = Field(default_factory=utcnow)


class SignInThrottle(SQLModel, table=True):
    """Failed sign-ins per username and per client address (``user:NAME``, ``client:ADDRESS``): after a few, every
    attempt waits, longer after each further failure, whether the username exists or not (so the wait tells no one
    which accounts exist). Rows are forgotten an hour after their last failure."""

    __tablename__ = "sign_in_throttle"

    key: str = Field(primary_key=True, max_length=200)
    failures: int = 0
    last_failure_at: dt.datetime = Field(default_factory=utcnow, index=True)
    blocked_until: dt.datetime | None = None


class SignInHandoff(SQLModel, table=True):
    """A one-time code that hands a sign-in from the page to the server route that sets the HttpOnly session
    cookie (only its SHA-256 is kept; it expires within a minute and works once)."""

    __tablename__ = "sign_in_handoff"

    code_hash: str = Field(primary_key=True, max_length=64)
    username: str = Field(max_length=64)
    expires_at: dt.datetime


class SignInSession(SQLModel, table=True):
    """A browser's signed-in session: only the SHA-256 of its token is stored, never the token itself."""

    __tablename__ = "sign_in_session"

    token_hash: str = Field(primary_key=True, max_length=64)
    username: str = Field(max_length=64, index=True)
    created_at: dt.datetime = Field(default_factory=utcnow)
    last_seen: dt.datetime = Field(default_factory=utcnow)
    ended: bool = False


class AuditEntry(SQLModel, table=True):
    """Who did what, when, with the state before and after."""

    __tablename__ = "audit_entry"

    id: int | None = Field(default=None, primary_key=True)
    at: dt.datetime = Field(default_factory=utcnow, index=True)
    username: str = Field(max_length=64, index=True)
    action: str = Field(max_length=64)
    entity: str = Field(max_length=32)
    entity_key: str = Field(max_length=200, index=True)
    before: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    after: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))


class DataVersion(SQLModel, table=True):
    """One row whose counter every write bumps: the cache key that all app servers share."""

    __tablename__ = "data_version"

    id: int = Field(default=1, primary_key=True)
    version: int = 0
