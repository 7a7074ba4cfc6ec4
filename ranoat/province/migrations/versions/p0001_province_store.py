"""The province's store: communes, exports (commune × round, with history), their data rows.

Revision ID: p0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "p0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "communes",
        sa.Column("code", sa.String(16), primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("province_code", sa.Text),
        sa.Column("province_name", sa.Text),
        sa.PrimaryKeyConstraint("code", name="pk_communes"),
    )
    op.create_table(
        "exports",
        sa.Column("id", sa.Integer, autoincrement=True),
        sa.Column("commune_code", sa.String(16), nullable=False),
        sa.Column("round_year", sa.Integer, nullable=False),
        sa.Column("round_kind", sa.String(16), nullable=False),
        sa.Column("round_month", sa.Integer, nullable=False),
        sa.Column("standard_id", sa.Text),
        sa.Column("exported_at", sa.Text, nullable=False),
        sa.Column("data_sha256", sa.String(64), nullable=False),
        sa.Column("households", sa.Integer, nullable=False),
        sa.Column("members", sa.Integer, nullable=False),
        sa.Column("file", sa.Text, nullable=False),
        sa.Column("loaded_at", sa.Text, nullable=False),
        sa.Column("current", sa.Boolean, nullable=False),
        sa.Column("replaced_by", sa.Integer),
        sa.Column("meta", sa.Text, nullable=False),
        sa.Column("report", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_exports"),
        sa.ForeignKeyConstraint(["commune_code"], ["communes.code"], name="fk_exports_commune_code_communes"),
        sa.ForeignKeyConstraint(["replaced_by"], ["exports.id"], name="fk_exports_replaced_by_exports"),
    )
    round_columns = ["commune_code", "round_year", "round_kind", "round_month"]
    op.create_index(
        "uq_exports_current",
        "exports",
        round_columns,
        unique=True,
        sqlite_where=sa.text("current"),
        postgresql_where=sa.text("current"),
    )
    op.create_index("uq_exports_data", "exports", [*round_columns, "data_sha256"], unique=True)
    op.create_table(
        "households",
        sa.Column("export_id", sa.Integer, nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("household_code", sa.Text, nullable=False),
        sa.Column("village_code", sa.Text),
        sa.Column("result_category", sa.Text),
        sa.Column("row", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("export_id", "seq", name="pk_households"),
        sa.ForeignKeyConstraint(
            ["export_id"], ["exports.id"], ondelete="CASCADE", name="fk_households_export_id_exports"
        ),
    )
    op.create_index("ix_households_code", "households", ["household_code"])
    op.create_table(
        "members",
        sa.Column("export_id", sa.Integer, nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("household_code", sa.Text, nullable=False),
        sa.Column("row", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("export_id", "seq", name="pk_members"),
        sa.ForeignKeyConstraint(["export_id"], ["exports.id"], ondelete="CASCADE", name="fk_members_export_id_exports"),
    )
    op.create_table(
        "sheet_rows",
        sa.Column("export_id", sa.Integer, nullable=False),
        sa.Column("sheet", sa.String(32), nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("row", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("export_id", "sheet", "seq", name="pk_sheet_rows"),
        sa.ForeignKeyConstraint(
            ["export_id"], ["exports.id"], ondelete="CASCADE", name="fk_sheet_rows_export_id_exports"
        ),
    )


def downgrade() -> None:
    for table in ("sheet_rows", "members", "households", "exports", "communes"):
        op.drop_table(table)
