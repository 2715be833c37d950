"""current_figure: whether each current version is demo data, kept on write

The pages' demo label counted demo figures by joining every current figure to its version: seconds at city scale,
on every first page view after a write. The flag makes it one pass over current_figure.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22 21:05:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("current_figure", sa.Column("demo", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.execute(
        "UPDATE current_figure SET demo = EXISTS "
        "(SELECT 1 FROM figure f WHERE f.id = current_figure.figure_id AND f.source = 'demo')"
    )


def downgrade() -> None:
    with op.batch_alter_table("current_figure", schema=None) as batch_op:
        batch_op.drop_column("demo")
