"""disclosure audit: what each indicator protects, which areas are made up of their parts, and what releases showed

- ``indicator.disclosure``: "people" (protected: counts of people and events, survey shares) or "none" (the actors'
  own work, shown as counted); existing indicators get the default for their unit.
- ``area.parts_complete``: the area's sub-areas make it up exactly (a total the audit may subtract from).
- ``disclosed_figure``: per version of each figure, the most any release has shown of it and since when.
- ``store_key``: a random key, never shown, that seeds the consistent noise on public participant totals.

After the upgrade the public view is rebuilt with the audit, which records the present release as the first one
it knows.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-25 23:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel  # noqa: F401  (autogenerate writes sqlmodel.sql.sqltypes.AutoString)
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: Units whose figures are protected unless the catalogue says otherwise (counts and survey shares).
PROTECTED_UNITS = ("count", "persons", "days", "survey_percent")


def upgrade() -> None:
    # Plain ADD COLUMN (not a batch copy, which would trip the foreign keys that point at these tables).
    op.add_column(
        "indicator",
        sa.Column("disclosure", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False, server_default="people"),
    )
    units = ", ".join(f"'{u}'" for u in PROTECTED_UNITS)
    op.execute(f"UPDATE indicator SET disclosure = 'none' WHERE unit NOT IN ({units})")
    op.add_column("area", sa.Column("parts_complete", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.create_table(
        "disclosed_figure",
        sa.Column("indicator_code", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("area_code", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("period", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("shown", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("since", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["area_code"], ["area.code"]),
        sa.ForeignKeyConstraint(["indicator_code"], ["indicator.code"]),
        sa.PrimaryKeyConstraint("indicator_code", "area_code", "period", "version"),
    )
    op.create_table(
        "store_key",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    import secrets

    op.execute(sa.text("INSERT INTO store_key (id, key) VALUES (1, :key)").bindparams(key=secrets.token_hex(32)))
    # The public view is rebuilt with the audit once the store is at the newest schema (indicators.storage.db.migrate): the
    # application's rules read the newest tables, which a migration in the middle of an upgrade may not have yet.
    from alembic import context

    context.config.attributes["rebuild_public"] = True


def downgrade() -> None:
    op.drop_table("store_key")
    op.drop_table("disclosed_figure")
    # A plain DROP COLUMN (SQLite 3.35+, PostgreSQL): a batch copy of these tables would trip the foreign keys that
    # point at them.
    op.execute("ALTER TABLE area DROP COLUMN parts_complete")
    op.execute("ALTER TABLE indicator DROP COLUMN disclosure")
