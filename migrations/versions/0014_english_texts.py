"""English texts of the catalogue: the pledge's name, summary, problem picture and follow-up channels, each
commitment's text, and each indicator's definition, explanation and target note

Each is empty (or an empty list) until a catalogue file gives it, so rows stored before keep working: the English
pages then show the Swedish text with a marker that it is in Swedish only.

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-27 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: table → (column, is a list of texts)
COLUMNS: dict[str, list[tuple[str, bool]]] = {
    "pledge": [
        ("name_en", False),
        ("summary_en", False),
        ("problem_picture_en", True),
        ("follow_up_channels_en", True),
    ],  # fmt: skip
    "commitment": [("text_en", False)],
    "indicator": [("definition_en", False), ("explanation_en", False), ("target_note_en", False)],
}


def upgrade() -> None:
    # In place (ADD COLUMN with a constant default, on SQLite as on PostgreSQL): a batch copy of `pledge` or
    # `commitment` would break the foreign keys that point at them.
    for table, columns in COLUMNS.items():
        for name, is_list in columns:
            kind = sa.JSON() if is_list else sa.String()
            op.add_column(table, sa.Column(name, kind, nullable=False, server_default="[]" if is_list else ""))


def downgrade() -> None:
    for table, columns in COLUMNS.items():
        for name, _ in reversed(columns):
            op.execute(f"ALTER TABLE {table} DROP COLUMN {name}")  # in place (SQLite 3.35+ and PostgreSQL), as 0013
