"""figure: index each indicator's entries by time (when an actor last reported, what changed since a day)

The index on entered_at alone served neither query at city scale (both filter on the indicator too); it is
replaced, so imports maintain as many indexes as before.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22 20:45:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("figure", schema=None) as batch_op:
        batch_op.drop_index("ix_figure_entered_at")
        batch_op.create_index("ix_figure_indicator_entered", ["indicator_code", "entered_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("figure", schema=None) as batch_op:
        batch_op.drop_index("ix_figure_indicator_entered")
        batch_op.create_index("ix_figure_entered_at", ["entered_at"], unique=False)
