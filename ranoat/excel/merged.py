"""The machine-readable part of a merged workbook (docs/exchange-format.md, "The merged workbook").

A merged workbook is itself mergeable: beside the lists, forms and check sheet for people it has
`data_communes` (one row per commune that was merged: the commune's own metadata), the communes'
data sheets (`data_households`, `data_members` and, from version 2, every other data sheet of a
commune's workbook: `ranoat.excel.rows.DATA_SHEETS`), each row led by its `commune_code`, and
`metadata` with a checksum over all of it: version 2 as a commune's workbook (`checksum_v2`),
version 1 (still read) over the three sheets of that version.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ranoat.excel.exchange import HOUSEHOLD_COLUMNS, MEMBER_COLUMNS, REPORT_KEYS, sheets_checksum
from ranoat.excel.rows import DATA_SHEETS

MERGED_FORMAT_NAME = "ranoat-merged"
MERGED_FORMAT_VERSION = 3

# The commune's own metadata keys (docs/exchange-format.md), one column each: version 1's …
COMMUNE_COLUMNS = (
    "commune_code",
    "commune_name",
    "commune_type",
    "commune_area",
    "province_code",
    "province_name",
    "round_year",
    "round_kind",
    "round_month",
    "round_status",
    "standard_id",
    "rulebook_sha256",
    "decision_number",
    "decision_date",
    "exported_at",
    "program_version",
    "household_rows",
    "member_rows",
    "data_sha256",
    *REPORT_KEYS,
)
# … and version 2's, which adds the commune's region and the row counts of its other data sheets
COMMUNE_COLUMNS_V2 = (
    *COMMUNE_COLUMNS,
    "commune_region",
    *(sheet.count_key for sheet in DATA_SHEETS if sheet.since == 2),
)
MERGED_HOUSEHOLD_COLUMNS = ("commune_code", *HOUSEHOLD_COLUMNS)  # version 1's
MERGED_MEMBER_COLUMNS = ("commune_code", *MEMBER_COLUMNS)


def commune_columns(version: int) -> tuple[str, ...]:
    return COMMUNE_COLUMNS if version < 2 else COMMUNE_COLUMNS_V2


def merged_columns(columns: Sequence[str]) -> tuple[str, ...]:
    """A commune sheet's columns in a merged workbook: led by the commune's code."""
    return ("commune_code", *columns)


def merged_checksum(
    communes: Iterable[Sequence[object]], households: Iterable[Sequence[object]], members: Iterable[Sequence[object]]
) -> str:
    """Version 1's checksum (over the three data sheets only)."""
    return sheets_checksum((("data_communes", communes), ("data_households", households), ("data_members", members)))
