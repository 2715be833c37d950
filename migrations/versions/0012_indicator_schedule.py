"""reporting schedules: where and how often each indicator of a pledge is reported

Overdue figures, completeness and the editors' lists of what to report follow each indicator's schedule in its
pledge (its areas, its first period, the grace days after a period ends) instead of expecting every indicator for
every area (indicators.rules.schedule).

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-26 09:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "indicator_schedule",
        sa.Column("pledge_id", sa.Integer(), sa.ForeignKey("pledge.id"), primary_key=True),
        sa.Column("indicator_code", sa.String(length=32), sa.ForeignKey("indicator.code"), primary_key=True),
        sa.Column("areas", sa.JSON(), nullable=False),
        sa.Column("first_period", sa.String(length=16), nullable=True),
        sa.Column("grace_days", sa.Integer(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("indicator_schedule")
