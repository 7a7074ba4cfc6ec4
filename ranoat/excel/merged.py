"""The machine-readable part of a merged workbook (docs/exchange-format.md, "The merged workbook").

A merged workbook is itself mergeable: beside the lists, forms and check sheet for people it has
`data_communes` (one row per commune that was merged: the commune's own metadata), `data_households`
and `data_members` (the communes' data rows, each led by its `commune_code`), and `metadata` with a
SHA-256 over the three data sheets, in the same canonical form as a commune's workbook.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ranoat.excel.exchange import HOUSEHOLD_COLUMNS, MEMBER_COLUMNS, REPORT_KEYS, sheets_checksum

MERGED_FORMAT_NAME = "ranoat-merged"
MERGED_FORMAT_VERSION = 1

# The commune's own metadata keys (docs/exchange-format.md), one column each.
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
MERGED_HOUSEHOLD_COLUMNS = ("commune_code", *HOUSEHOLD_COLUMNS)
MERGED_MEMBER_COLUMNS = ("commune_code", *MEMBER_COLUMNS)


def merged_checksum(
    communes: Iterable[Sequence[object]], households: Iterable[Sequence[object]], members: Iterable[Sequence[object]]
) -> str:
    return sheets_checksum((("data_communes", communes), ("data_households", households), ("data_members", members)))
