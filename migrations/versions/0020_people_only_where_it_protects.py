"""An indicator in a unit nothing can be checked in no longer says its figures are protected

A catalogue could declare ``disclosure: people`` on a share, hours, an index, tonnes, kronor or a category, where
disclosure control has nothing to check: the store said protected, the public saw every figure as reported. Loading
such a catalogue is refused now (``indicators.io.catalogue``); this sets the declaration stored before to what the
unit means without one (``none``), so the store says what the public view does. No published figure changes.

Revision ID: 0020
Revises: 0019
Create Date: 2026-11-28 03:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: The units ``indicators.rules.disclosure.protects`` holds nothing to protect in under ``people`` (as of this
#: revision: a migration keeps its own list, not the code's of the day).
UNPROTECTABLE = ("percent", "hours", "index", "tonnes", "sek", "category")


def upgrade() -> None:
    op.execute(
        sa.text("UPDATE indicator SET disclosure = 'none' WHERE disclosure = 'people' AND unit IN :units").bindparams(
            sa.bindparam("units", value=list(UNPROTECTABLE), expanding=True)
        )
    )


def downgrade() -> None:
    """Nothing to undo: ``people`` on these units never protected a figure (the public view is the same)."""
