"""farming household: only a household living from farming, forestry, fishery or salt making can be
recognised as having an average living standard (Quyết định 24/2021/QĐ-TTg Art. 6, Mẫu 01)

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-08 03:10:00.000000

One flag on the household, false for every household already stored: no household is marked
without the officer saying so. Their stored results are not recomputed here; a survey of an open
round is classified again when it or its household is next saved.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("household") as batch:
        batch.add_column(sa.Column("farming", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("household") as batch:
        batch.drop_column("farming")
