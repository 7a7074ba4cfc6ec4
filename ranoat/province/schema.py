"""The province's store: its tables, designed from the exchange format (docs/province.md).

One row of ``exports`` per commune workbook loaded (a commune and a round, its export time and
checksum); the export's data rows in ``households``, ``members`` and ``sheet_rows`` (the other data
sheets of format v2: villages, officers, rounds, round entries, surveys, meetings, complaints), each
row's cells kept exactly as the reader gave them (JSON: text, whole numbers, numbers, empty), so
that an export from the store writes the same cells as the merge of the files. The columns the
store is asked about (commune, round, household code, village, result) are columns of their own.

SQLAlchemy Core, the same on SQLite and PostgreSQL. The tables are created by the Alembic
migrations of `ranoat/province/migrations` (version table ``province_alembic_version``).
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    text,
)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

communes = Table(
    "communes",
    metadata,
    Column("code", String(16), primary_key=True),
    Column("name", Text, nullable=False),
    Column("province_code", Text),
    Column("province_name", Text),
)

exports = Table(
    "exports",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("commune_code", String(16), ForeignKey("communes.code"), nullable=False),
    Column("round_year", Integer, nullable=False),
    Column("round_kind", String(16), nullable=False),
    Column("round_month", Integer, nullable=False),  # 0: none
    Column("standard_id", Text),
    Column("exported_at", Text, nullable=False),  # ISO 8601 as the workbook says ("" when none)
    Column("data_sha256", String(64), nullable=False),
    Column("households", Integer, nullable=False),
    Column("members", Integer, nullable=False),
    Column("file", Text, nullable=False),  # the path loaded, as given
    Column("loaded_at", Text, nullable=False),
    Column("current", Boolean, nullable=False),  # False: replaced by a newer export (history)
    Column("replaced_by", Integer, ForeignKey("exports.id")),
    Column("meta", Text, nullable=False),  # the workbook's metadata (JSON)
    Column("report", Text, nullable=False),  # the load's note, warnings and seal (JSON)
    # the export's counts for forms 7.1–7.10 and the dashboard (ranoat.province.forms, JSON; p0002)
    Column("counts", Text),
)
# one current export per commune and round: two staff loading one commune at once cannot both win
Index(
    "uq_exports_current",
    exports.c.commune_code,
    exports.c.round_year,
    exports.c.round_kind,
    exports.c.round_month,
    unique=True,
    sqlite_where=text("current"),
    postgresql_where=text("current"),
)
# the same export (commune, round, checksum) is stored once
Index(
    "uq_exports_data",
    exports.c.commune_code,
    exports.c.round_year,
    exports.c.round_kind,
    exports.c.round_month,
    exports.c.data_sha256,
    unique=True,
)

households = Table(
    "households",
    metadata,
    Column("export_id", Integer, ForeignKey("exports.id", ondelete="CASCADE"), primary_key=True),
    Column("seq", Integer, primary_key=True),
    Column("household_code", Text, nullable=False),
    Column("village_code", Text),
    Column("result_category", Text),
    Column("row", Text, nullable=False),  # the data_households row (JSON array)
    Column("head_ethnicity", Text),  # the head's ethnicity code (form 7.9), from data_members (p0002)
)
Index("ix_households_code", households.c.household_code)

members = Table(
    "members",
    metadata,
    Column("export_id", Integer, ForeignKey("exports.id", ondelete="CASCADE"), primary_key=True),
    Column("seq", Integer, primary_key=True),
    Column("household_code", Text, nullable=False),
    Column("row", Text, nullable=False),  # the data_members row (JSON array)
)

sheet_rows = Table(
    "sheet_rows",
    metadata,
    Column("export_id", Integer, ForeignKey("exports.id", ondelete="CASCADE"), primary_key=True),
    Column("sheet", String(32), primary_key=True),
    Column("seq", Integer, primary_key=True),
    Column("row", Text, nullable=False),
)

DATA_TABLES = (households, members, sheet_rows)
