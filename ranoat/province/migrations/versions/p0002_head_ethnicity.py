"""The head's ethnicity as a column of ``households``: the forms (7.9) and the dashboard count
households by it, and reading it from the members' rows would read every member of the province.
``exports.counts``: each export's counts for the forms, kept at load (empty for the exports loaded
before: counted from their rows when asked).

Revision ID: p0002
Revises: p0001
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "p0002"
down_revision = "p0001"
branch_labels = None
depends_on = None

RELATION, ETHNICITY = 3, 7  # data_members' columns (ranoat.excel.rows.MemberRow)


def upgrade() -> None:
    op.add_column("households", sa.Column("head_ethnicity", sa.Text))
    op.add_column("exports", sa.Column("counts", sa.Text))
    bind = op.get_bind()
    members = sa.table("members", sa.column("export_id"), sa.column("household_code"), sa.column("row"))
    households = sa.table(
        "households", sa.column("export_id"), sa.column("household_code"), sa.column("head_ethnicity")
    )
    for (export_id,) in bind.execute(sa.select(members.c.export_id).distinct()).all():
        heads = {}
        for code, text in bind.execute(
            sa.select(members.c.household_code, members.c.row).where(members.c.export_id == export_id)
        ):
            cells = json.loads(text)
            if len(cells) > ETHNICITY and cells[RELATION] == "head":  # the last head, as the merge counts
                heads[code] = cells[ETHNICITY]
        for code, ethnicity in heads.items():
            bind.execute(
                sa.update(households)
                .where(households.c.export_id == export_id, households.c.household_code == code)
                .values(head_ethnicity=ethnicity)
            )


def downgrade() -> None:
    op.drop_column("households", "head_ethnicity")
    op.drop_column("exports", "counts")
