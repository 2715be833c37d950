"""pledge renewals: the pledge a pledge renews

Pledges that renew one another form a family whose catalogue files may change what they share (as audited
versions); a file of an unrelated pledge may not change what another pledge defined (indicators.io.catalogue).

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-26 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A plain ADD COLUMN (nullable): SQLite adds it in place, so the tables referring to pledge are not rebuilt.
    op.add_column("pledge", sa.Column("renews_code", sa.String(length=64), nullable=True))


def downgrade() -> None:
    op.drop_column("pledge", "renews_code")
