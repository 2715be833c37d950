"""What a steering-group meeting decided, saved with it (empty for meetings saved before)

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-26 16:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("meeting", sa.Column("decisions", sa.String(), nullable=False, server_default=""))


def downgrade() -> None:
    op.execute("ALTER TABLE meeting DROP COLUMN decisions")  # in place (SQLite 3.35+ and PostgreSQL), as 0013
