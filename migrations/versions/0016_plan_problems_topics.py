"""The åtgärdsplan (planned actions), the lägesbild's problems and their links, what residents raised in dialogues
and the answers ("Ni sa – vi gjorde"), meetings' action items, and an indicator's own progress thresholds

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-26 18:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _english() -> sa.Column:
    return sa.Column("text_en", sa.String(), nullable=False, server_default="")


def upgrade() -> None:
    op.add_column("indicator", sa.Column("progress", sa.JSON(), nullable=True))
    op.create_table(
        "meeting_item",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("meeting_id", sa.Integer(), sa.ForeignKey("meeting.id"), nullable=False, index=True),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column("owner", sa.String(length=200), nullable=False),
        sa.Column("due", sa.Date(), nullable=True),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("done_note", sa.String(), nullable=False),
        sa.Column("done_meeting_id", sa.Integer(), sa.ForeignKey("meeting.id"), nullable=True),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    )
    op.create_table(
        "planned_action",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("pledge_id", sa.Integer(), sa.ForeignKey("pledge.id"), nullable=False, index=True),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("commitment_id", sa.Integer(), sa.ForeignKey("commitment.id"), nullable=False, index=True),
        sa.Column("actor_code", sa.String(length=16), sa.ForeignKey("actor.code"), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        _english(),
        sa.Column("contact", sa.String(), nullable=False),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("end", sa.Date(), nullable=False),
        sa.Column("area_code", sa.String(length=32), sa.ForeignKey("area.code"), nullable=False),
        sa.Column("quantity", sa.Float(), nullable=True),
        sa.Column("per", sa.String(length=16), nullable=False),
        sa.Column("indicator_code", sa.String(length=32), sa.ForeignKey("indicator.code"), nullable=True),
        sa.Column("activity_types", sa.JSON(), nullable=False),
        sa.Column("hours", sa.Float(), nullable=True),
        sa.Column("kronor", sa.Float(), nullable=True),
        sa.Column("demo", sa.Boolean(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("edited_by", sa.String(length=64), nullable=True),
        sa.UniqueConstraint("pledge_id", "code"),
    )
    op.create_table(
        "problem",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("pledge_id", sa.Integer(), sa.ForeignKey("pledge.id"), nullable=False, index=True),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        _english(),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.UniqueConstraint("pledge_id", "code"),
    )
    op.create_table(
        "problem_commitment",
        sa.Column("problem_id", sa.Integer(), sa.ForeignKey("problem.id"), primary_key=True),
        sa.Column("commitment_id", sa.Integer(), sa.ForeignKey("commitment.id"), primary_key=True, index=True),
    )
    op.create_table(
        "problem_indicator",
        sa.Column("problem_id", sa.Integer(), sa.ForeignKey("problem.id"), primary_key=True),
        sa.Column("indicator_code", sa.String(length=32), sa.ForeignKey("indicator.code"), primary_key=True),
    )
    op.create_table(
        "topic",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("pledge_id", sa.Integer(), sa.ForeignKey("pledge.id"), nullable=False, index=True),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        _english(),
        sa.Column("commitment_id", sa.Integer(), sa.ForeignKey("commitment.id"), nullable=True),
        sa.Column("action_id", sa.Integer(), sa.ForeignKey("planned_action.id"), nullable=True),
        sa.Column("answer", sa.String(), nullable=False),
        sa.Column("answer_en", sa.String(), nullable=False, server_default=""),
        sa.Column("answer_state", sa.String(length=16), nullable=True),
        sa.Column("answered_on", sa.Date(), nullable=True),
        sa.Column("answered_by", sa.String(length=64), nullable=True),
        sa.Column("published_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.UniqueConstraint("pledge_id", "code"),
    )
    op.create_table(
        "topic_mention",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("topic_id", sa.Integer(), sa.ForeignKey("topic.id"), nullable=False, index=True),
        sa.Column("activity_id", sa.Integer(), sa.ForeignKey("activity.id"), nullable=True),
        sa.Column("area_code", sa.String(length=32), sa.ForeignKey("area.code"), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("entered_by", sa.String(length=64), nullable=False),
        sa.Column("entered_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    )


def downgrade() -> None:
    for table in ("topic_mention", "topic", "problem_indicator", "problem_commitment", "problem", "planned_action",
                  "meeting_item"):  # fmt: skip
        op.drop_table(table)
    op.execute("ALTER TABLE indicator DROP COLUMN progress")  # in place (SQLite 3.35+ and PostgreSQL), as 0013
