"""A public figure shown by a status symbol carries no number beside it

A figure handed in as a status (the reporter's own ``..``, ``–``, ``.``) was published with its n: a survey share
protected by its source showed its 12 respondents, telling the reader it is a thin survey. Publishing now writes such
rows without value or n (``indicators.storage.release``); this clears them in the rows published before.

Revision ID: 0018
Revises: 0017
Create Date: 2026-11-27 16:40:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("UPDATE public_figure SET value = NULL, n = NULL WHERE status_code IS NOT NULL")


def downgrade() -> None:
    """Nothing to undo: the numbers were never the public's, and the next publication writes every row again."""
