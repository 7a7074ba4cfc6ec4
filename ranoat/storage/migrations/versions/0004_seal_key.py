"""seal key: the commune's secret key for sealing its exchange workbooks

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07 05:40:00.000000

The province gives each commune a key (docs/merge.md, "The seal"); the commune enters it once in
its settings and every export is then sealed with it. One nullable column on the commune's one
row: a database without a key exports unsealed files, as before.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("commune") as batch:
        batch.add_column(sa.Column("seal_key", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("commune") as batch:
        batch.drop_column("seal_key")
