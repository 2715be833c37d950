"""indexes for rebuilding one period of an indicator

Publishing a period rebuilds and audits only that period (and what adds up with it) of each indicator it touched:
the figures, current figures, public figures and disclosed figures of an indicator and period, each found by index;
and the few figures waiting for review or publication, by state and period.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-26 06:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_INDEXES = [
    ("ix_figure_indicator_period", "figure"),
    ("ix_current_figure_indicator_period", "current_figure"),
    ("ix_public_figure_indicator_period", "public_figure"),
    ("ix_disclosed_figure_indicator_period", "disclosed_figure"),
]


def upgrade() -> None:
    for name, table in _INDEXES:
        op.create_index(name, table, ["indicator_code", "period"], unique=False)
    op.create_index("ix_figure_review_state_period", "figure", ["review_state", "period"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_figure_review_state_period", table_name="figure")
    for name, table in reversed(_INDEXES):
        op.drop_index(name, table_name=table)
