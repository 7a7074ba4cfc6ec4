"""long standard ids: a province's own standard is named after the national one it raises

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-08 03:00:00.000000

A provincial standard's id is the national id and the province ("2022-2025-dong-nai", 18
characters; docs/rulebooks.md), longer than the 9 characters of "2022-2025" the columns were
declared with. SQLite never enforced the length, so no stored value changes; the declared type now
says what is stored (and a server database would enforce it). 40 characters, as the rulebook
schema's id pattern allows.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("review_round") as batch:
        batch.alter_column("standard_id", type_=sa.String(length=40), existing_type=sa.String(length=9))
    with op.batch_alter_table("survey") as batch:
        batch.alter_column("rulebook_id", type_=sa.String(length=40), existing_type=sa.String(length=9))


def downgrade() -> None:
    with op.batch_alter_table("survey") as batch:
        batch.alter_column("rulebook_id", type_=sa.String(length=9), existing_type=sa.String(length=40))
    with op.batch_alter_table("review_round") as batch:
        batch.alter_column("standard_id", type_=sa.String(length=9), existing_type=sa.String(length=40))
