"""meetings as a point in time: the newest figure version a meeting saw, not a pointer per figure

Figure versions are append-only and numbered in the order they are stored, so what a meeting saw is every key's
newest version with an id up to the newest id stored when it was saved. Saving a meeting then writes one row
instead of one per current figure (1,6 million at the malmo scale). Earlier meetings keep exactly what they saw:
the newest version they pointed at is their point in time (a version of the pledge stored after it was not there
when they were saved, or it would have been among their pointers).

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-26 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.add_column(sa.Column("last_figure_id", sa.Integer(), nullable=False, server_default="0"))
    op.execute(
        "UPDATE meeting SET last_figure_id = COALESCE("
        "(SELECT MAX(mf.figure_id) FROM meeting_figure mf WHERE mf.meeting_id = meeting.id), 0)"
    )
    op.drop_table("meeting_figure")


def downgrade() -> None:
    op.create_table(
        "meeting_figure",
        sa.Column("meeting_id", sa.Integer(), sa.ForeignKey("meeting.id"), primary_key=True),
        sa.Column("figure_id", sa.Integer(), sa.ForeignKey("figure.id"), primary_key=True),
    )
    op.execute(
        "INSERT INTO meeting_figure (meeting_id, figure_id) "
        "SELECT m.id, f.id FROM meeting m JOIN figure f ON f.id <= m.last_figure_id "
        "WHERE NOT EXISTS (SELECT 1 FROM figure g WHERE g.indicator_code = f.indicator_code "
        "AND g.area_code = f.area_code AND g.period = f.period AND g.version > f.version AND g.id <= m.last_figure_id)"
    )
    # In place (SQLite 3.35+ and PostgreSQL): a batch copy of `meeting` would break meeting_figure's foreign key.
    op.execute("ALTER TABLE meeting DROP COLUMN last_figure_id")
