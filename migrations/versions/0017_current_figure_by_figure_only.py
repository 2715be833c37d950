"""current_figure refers to its figure only: its indicator's and area's foreign keys dropped

A pointer row's key is its figure's key (the writer inserts it from the figure row), and the figure row refers to
its indicator and area, so the pointer's own references to them checked nothing the figure's did not. They cost
PostgreSQL a trigger's lookup each per row: an import of 100,000 rows spent 1,1 of its 2,8 s of pointer writing on
them (issue 23).

Revision ID: 0017
Revises: 0016
Create Date: 2026-11-27 05:30:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: The names the keys have on PostgreSQL (its default), and the names SQLite's unnamed ones are given to drop them.
NAMING = {"fk": "%(table_name)s_%(column_0_name)s_fkey"}
DROPPED = (("indicator_code", "indicator", "code"), ("area_code", "area", "code"))


def upgrade() -> None:
    with op.batch_alter_table("current_figure", naming_convention=NAMING) as batch_op:
        for column, _, _ in DROPPED:
            batch_op.drop_constraint(f"current_figure_{column}_fkey", type_="foreignkey")


def downgrade() -> None:
    with op.batch_alter_table("current_figure", naming_convention=NAMING) as batch_op:
        for column, table, key in DROPPED:
            batch_op.create_foreign_key(f"current_figure_{column}_fkey", table, [column], [key])
