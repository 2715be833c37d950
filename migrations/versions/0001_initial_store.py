"""initial store

Revision ID: 0001
Revises:
Create Date: 2026-11-22 11:11:33.413130
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel  # noqa: F401  (autogenerate writes sqlmodel.sql.sqltypes.AutoString)
from alembic import op


revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "actor",
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("short_name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column(
            "parent_code", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True
        ),
        sa.ForeignKeyConstraint(
            ["parent_code"],
            ["actor.code"],
        ),
        sa.PrimaryKeyConstraint("code"),
    )
    op.create_table(
        "area",
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column(
            "parent_code", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True
        ),
        sa.Column("geometry", sa.JSON(), nullable=True),
        sa.Column("centroid_lon", sa.Float(), nullable=True),
        sa.Column("centroid_lat", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(
            ["parent_code"],
            ["area.code"],
        ),
        sa.PrimaryKeyConstraint("code"),
    )
    op.create_table(
        "audit_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column(
            "username", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False
        ),
        sa.Column(
            "action", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False
        ),
        sa.Column(
            "entity", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False
        ),
        sa.Column(
            "entity_key", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False
        ),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_entry_at"), ["at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_audit_entry_entity_key"), ["entity_key"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_audit_entry_username"), ["username"], unique=False
        )

    op.create_table(
        "data_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "app_user",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "username", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False
        ),
        sa.Column("role", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column(
            "actor_code", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True
        ),
        sa.Column("password_hash", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("disabled", sa.Boolean(), nullable=False),
        sa.Column("failed_attempts", sa.Integer(), nullable=False),
        sa.Column("locked_until", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_code"],
            ["actor.code"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("username"),
    )
    op.create_table(
        "indicator",
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("name_sv", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("name_en", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("definition", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("explanation", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("unit", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("level", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column(
            "frequency", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False
        ),
        sa.Column(
            "direction", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False
        ),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column(
            "actor_code", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False
        ),
        sa.Column("public", sa.Boolean(), nullable=False),
        sa.Column("baseline_value", sa.Float(), nullable=True),
        sa.Column(
            "baseline_period",
            sqlmodel.sql.sqltypes.AutoString(length=16),
            nullable=True,
        ),
        sa.Column("target_value", sa.Float(), nullable=True),
        sa.Column(
            "target_period", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True
        ),
        sa.Column("target_note", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("scale_min", sa.Float(), nullable=True),
        sa.Column("scale_max", sa.Float(), nullable=True),
        sa.Column("categories", sa.JSON(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_code"],
            ["actor.code"],
        ),
        sa.PrimaryKeyConstraint("code"),
    )
    with op.batch_alter_table("indicator", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_indicator_actor_code"), ["actor_code"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_indicator_level"), ["level"], unique=False)

    op.create_table(
        "pledge",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column(
            "area_code", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False
        ),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("end", sa.Date(), nullable=False),
        sa.Column("signatories", sa.JSON(), nullable=False),
        sa.Column(
            "source_document", sqlmodel.sql.sqltypes.AutoString(), nullable=False
        ),
        sa.Column("summary", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("problem_picture", sa.JSON(), nullable=False),
        sa.Column("follow_up_channels", sa.JSON(), nullable=False),
        sa.Column("map_areas", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["area_code"],
            ["area.code"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code"),
    )
    op.create_table(
        "commitment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pledge_id", sa.Integer(), nullable=False),
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column(
            "actor_code", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False
        ),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("text", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_code"],
            ["actor.code"],
        ),
        sa.ForeignKeyConstraint(
            ["pledge_id"],
            ["pledge.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("pledge_id", "code"),
    )
    with op.batch_alter_table("commitment", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_commitment_pledge_id"), ["pledge_id"], unique=False
        )

    op.create_table(
        "figure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "indicator_code",
            sqlmodel.sql.sqltypes.AutoString(length=32),
            nullable=False,
        ),
        sa.Column(
            "area_code", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False
        ),
        sa.Column(
            "period", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False
        ),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column(
            "status_code", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True
        ),
        sa.Column("n", sa.Integer(), nullable=True),
        sa.Column(
            "source", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False
        ),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("evidence_url", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("supersedes_id", sa.Integer(), nullable=True),
        sa.Column(
            "entered_by", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False
        ),
        sa.Column("entered_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column(
            "review_state", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False
        ),
        sa.Column("review_comment", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column(
            "reviewed_by", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True
        ),
        sa.Column("reviewed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["area_code"],
            ["area.code"],
        ),
        sa.ForeignKeyConstraint(
            ["indicator_code"],
            ["indicator.code"],
        ),
        sa.ForeignKeyConstraint(
            ["supersedes_id"],
            ["figure.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("indicator_code", "area_code", "period", "version"),
    )
    with op.batch_alter_table("figure", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_figure_area_code"), ["area_code"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_figure_entered_at"), ["entered_at"], unique=False
        )
        batch_op.create_index(
            "ix_figure_key",
            ["indicator_code", "area_code", "period_start"],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_figure_source"), ["source"], unique=False)

    op.create_table(
        "activity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "actor_code", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False
        ),
        sa.Column("commitment_id", sa.Integer(), nullable=True),
        sa.Column("type", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column(
            "area_code", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False
        ),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("hours", sa.Float(), nullable=True),
        sa.Column("participants", sa.Integer(), nullable=True),
        sa.Column("description", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column(
            "source", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False
        ),
        sa.Column(
            "entered_by", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False
        ),
        sa.Column("entered_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_code"],
            ["actor.code"],
        ),
        sa.ForeignKeyConstraint(
            ["area_code"],
            ["area.code"],
        ),
        sa.ForeignKeyConstraint(
            ["commitment_id"],
            ["commitment.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("activity", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_activity_actor_code"), ["actor_code"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_activity_date"), ["date"], unique=False)

    op.create_table(
        "commitment_status",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("commitment_id", sa.Integer(), nullable=False),
        sa.Column(
            "period", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False
        ),
        sa.Column(
            "status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False
        ),
        sa.Column("comment", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column(
            "source", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False
        ),
        sa.Column(
            "reported_by", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False
        ),
        sa.Column("reported_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["commitment_id"],
            ["commitment.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("commitment_status", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_commitment_status_commitment_id"),
            ["commitment_id"],
            unique=False,
        )

    op.create_table(
        "current_figure",
        sa.Column(
            "indicator_code",
            sqlmodel.sql.sqltypes.AutoString(length=32),
            nullable=False,
        ),
        sa.Column(
            "area_code", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False
        ),
        sa.Column(
            "period", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False
        ),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("figure_id", sa.Integer(), nullable=False),
        sa.Column("published_figure_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["area_code"],
            ["area.code"],
        ),
        sa.ForeignKeyConstraint(
            ["figure_id"],
            ["figure.id"],
        ),
        sa.ForeignKeyConstraint(
            ["indicator_code"],
            ["indicator.code"],
        ),
        sa.ForeignKeyConstraint(
            ["published_figure_id"],
            ["figure.id"],
        ),
        sa.PrimaryKeyConstraint("indicator_code", "area_code", "period"),
    )
    with op.batch_alter_table("current_figure", schema=None) as batch_op:
        batch_op.create_index(
            "ix_current_figure_area_period", ["area_code", "period_start"], unique=False
        )

    op.create_table(
        "indicator_commitment",
        sa.Column(
            "indicator_code",
            sqlmodel.sql.sqltypes.AutoString(length=32),
            nullable=False,
        ),
        sa.Column("commitment_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["commitment_id"],
            ["commitment.id"],
        ),
        sa.ForeignKeyConstraint(
            ["indicator_code"],
            ["indicator.code"],
        ),
        sa.PrimaryKeyConstraint("indicator_code", "commitment_id"),
    )
    with op.batch_alter_table("indicator_commitment", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_indicator_commitment_commitment_id"),
            ["commitment_id"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("indicator_commitment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_indicator_commitment_commitment_id"))

    op.drop_table("indicator_commitment")
    with op.batch_alter_table("current_figure", schema=None) as batch_op:
        batch_op.drop_index("ix_current_figure_area_period")

    op.drop_table("current_figure")
    with op.batch_alter_table("commitment_status", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_commitment_status_commitment_id"))

    op.drop_table("commitment_status")
    with op.batch_alter_table("activity", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_activity_date"))
        batch_op.drop_index(batch_op.f("ix_activity_actor_code"))

    op.drop_table("activity")
    with op.batch_alter_table("figure", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_figure_source"))
        batch_op.drop_index("ix_figure_key")
        batch_op.drop_index(batch_op.f("ix_figure_entered_at"))
        batch_op.drop_index(batch_op.f("ix_figure_area_code"))

    op.drop_table("figure")
    with op.batch_alter_table("commitment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_commitment_pledge_id"))

    op.drop_table("commitment")
    op.drop_table("pledge")
    with op.batch_alter_table("indicator", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_indicator_level"))
        batch_op.drop_index(batch_op.f("ix_indicator_actor_code"))

    op.drop_table("indicator")
    op.drop_table("app_user")
    op.drop_table("data_version")
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_entry_username"))
        batch_op.drop_index(batch_op.f("ix_audit_entry_entity_key"))
        batch_op.drop_index(batch_op.f("ix_audit_entry_at"))

    op.drop_table("audit_entry")
    op.drop_table("area")
    op.drop_table("actor")
