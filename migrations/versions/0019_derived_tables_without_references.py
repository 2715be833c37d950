"""The tables the writers derive from figures keep no references of their own, and the figure table loses an
index nothing reads

``public_figure`` and ``disclosed_figure`` are written by the release only, from figure rows that refer to their
indicator and area; ``current_figure`` points at figure rows its writer has just inserted or read, and figures are
never deleted (a correction is a new version). Their own foreign keys checked nothing the figure's did not, and cost
PostgreSQL a trigger's lookup per row written: publishing a city's period (13,600 figures) spent about 0,5 s on the
disclosed rows' keys and 0,3 s on the pointers' (measured on a copy of the Malmö-scale store, issue 23). The index
``ix_figure_key`` (indicator, area, period start) served no query (the unique key and the indicator-and-period index
serve them), and every figure written or reviewed paid for it.

What the pointer's figure keys also did was refuse deleting a figure a pointer names (no code deletes figures; a
hand-written ``DELETE`` would have left a pointer to nothing, and its key unwritable after). Triggers now refuse
deleting any figure row (on SQLite also a ``REPLACE``'s deletions, with the connection's ``recursive_triggers``;
on PostgreSQL also ``TRUNCATE``) and changing a figure's id, at no cost to the writes (a table rebuilt by a later
SQLite batch migration must create them again).

Revision ID: 0019
Revises: 0018
Create Date: 2026-11-27 20:20:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: The names the keys have on PostgreSQL (its default), and the names SQLite's unnamed ones are given to drop them.
NAMING = {"fk": "%(table_name)s_%(column_0_name)s_fkey"}
DROPPED = {
    "public_figure": (("indicator_code", "indicator", "code"), ("area_code", "area", "code")),
    "disclosed_figure": (("indicator_code", "indicator", "code"), ("area_code", "area", "code")),
    "current_figure": (("figure_id", "figure", "id"), ("published_figure_id", "figure", "id")),
}


#: Why a figure row cannot be deleted (the error a hand-written ``DELETE`` gets), nor its id changed.
REFUSAL = "figures are never deleted: a correction or a withdrawal is a new version"
MOVED = "the id of a figure never changes: current and published figures point at it"


def upgrade() -> None:
    for table, keys in DROPPED.items():
        with op.batch_alter_table(table, naming_convention=NAMING) as batch_op:
            for column, _, _ in keys:
                batch_op.drop_constraint(f"{table}_{column}_fkey", type_="foreignkey")
    op.drop_index("ix_figure_key", table_name="figure")
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            f"CREATE TRIGGER figure_never_deleted BEFORE DELETE ON figure BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END"
        )
        op.execute(
            "CREATE TRIGGER figure_id_never_changes BEFORE UPDATE OF id ON figure WHEN NEW.id IS NOT OLD.id "
            f"BEGIN SELECT RAISE(ABORT, '{MOVED}'); END"
        )
        return
    for name, message in (("figure_never_deleted", REFUSAL), ("figure_id_never_changes", MOVED)):
        op.execute(
            f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"RAISE EXCEPTION USING ERRCODE = 'restrict_violation', MESSAGE = '{message}'; END $$"
        )
    op.execute(
        "CREATE TRIGGER figure_never_deleted BEFORE DELETE ON figure FOR EACH ROW"
        " EXECUTE FUNCTION figure_never_deleted()"
    )
    op.execute(
        "CREATE TRIGGER figure_never_truncated BEFORE TRUNCATE ON figure FOR EACH STATEMENT"
        " EXECUTE FUNCTION figure_never_deleted()"
    )
    op.execute(
        "CREATE TRIGGER figure_id_never_changes BEFORE UPDATE OF id ON figure FOR EACH ROW"
        " WHEN (NEW.id IS DISTINCT FROM OLD.id) EXECUTE FUNCTION figure_id_never_changes()"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER figure_never_deleted")
        op.execute("DROP TRIGGER figure_id_never_changes")
    else:
        for trigger in ("figure_never_deleted", "figure_never_truncated", "figure_id_never_changes"):
            op.execute(f"DROP TRIGGER {trigger} ON figure")
        op.execute("DROP FUNCTION figure_never_deleted()")
        op.execute("DROP FUNCTION figure_id_never_changes()")
    op.create_index("ix_figure_key", "figure", ["indicator_code", "area_code", "period_start"])
    for table, keys in DROPPED.items():
        with op.batch_alter_table(table, naming_convention=NAMING) as batch_op:
            for column, referred, key in keys:
                batch_op.create_foreign_key(f"{table}_{column}_fkey", referred, [column], [key])
