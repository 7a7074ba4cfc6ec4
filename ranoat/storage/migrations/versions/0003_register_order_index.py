"""register order index: (head_sort, code) replaces the index on head_sort alone

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 01:45:00.000000

The register lists every household's id ordered by the head's sort key, then the code. With an
index on head_sort alone SQLite walked it, looked every household row up for its code and sorted
the ties in a temporary B-tree (82 ms for 50,000 households); (head_sort, code) holds the order and,
with the rowid in every index entry, the id: the list is read from the index alone. The old index
is a prefix of the new one and goes.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_household_head_sort_code", "household", ["head_sort", "code"], unique=False)
    op.drop_index("ix_household_head_sort", table_name="household")


def downgrade() -> None:
    op.create_index("ix_household_head_sort", "household", ["head_sort"], unique=False)
    op.drop_index("ix_household_head_sort_code", table_name="household")
