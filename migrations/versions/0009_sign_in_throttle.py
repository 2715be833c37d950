"""sign-in throttle and hand-off, and each indicator's own largest value

- ``sign_in_throttle``: failed sign-ins per username and per client address, with the wait they earn (replaces the
  account lock kept on ``app_user``, whose two columns go).
- ``sign_in_handoff``: one-time codes that hand a sign-in to the route that sets the HttpOnly session cookie.
- ``indicator.maximum``: the largest value that makes sense for the indicator (the unit's bound applies too).

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-26 01:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel  # noqa: F401  (autogenerate writes sqlmodel.sql.sqltypes.AutoString)
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "sign_in_throttle",
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failure_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("blocked_until", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_index("ix_sign_in_throttle_last_failure_at", "sign_in_throttle", ["last_failure_at"])
    op.create_table(
        "sign_in_handoff",
        sa.Column("code_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("username", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("expires_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("code_hash"),
    )
    op.add_column("indicator", sa.Column("maximum", sa.Float(), nullable=True))
    # Plain DROP COLUMN (SQLite 3.35+, PostgreSQL), not a batch copy of the table.
    op.execute("ALTER TABLE app_user DROP COLUMN failed_attempts")
    op.execute("ALTER TABLE app_user DROP COLUMN locked_until")


def downgrade() -> None:
    op.add_column("app_user", sa.Column("locked_until", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
    op.add_column("app_user", sa.Column("failed_attempts", sa.Integer(), nullable=False, server_default="0"))
    op.execute("ALTER TABLE indicator DROP COLUMN maximum")
    op.drop_table("sign_in_handoff")
    op.drop_index("ix_sign_in_throttle_last_failure_at", table_name="sign_in_throttle")
    op.drop_table("sign_in_throttle")
