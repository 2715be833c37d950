"""current_figure: index whether each current version is demo data (the demo label counts the real ones by it)

The label needs how many current figures there are and how many of them are demo data. Counting every row's flag
read the whole table (125 ms at the `malmo` scale on SQLite, on every page's first view after a write); with this
index, the real figures are one short range and the total is counted from the narrowest index.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-22 23:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("current_figure", schema=None) as batch_op:
        batch_op.create_index("ix_current_figure_demo", ["demo"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("current_figure", schema=None) as batch_op:
        batch_op.drop_index("ix_current_figure_demo")
