"""Merging the communes' exchange workbooks at the level above: `core` reads and checks, `workbook`
writes the merged workbook (docs/merge.md)."""

from ranoat.merge.records import InputReport, InputStatus, Level, MergeCancelledError, MergeCode, MergeResult
from ranoat.merge.run import merge_workbooks
from ranoat.merge.workbook import MergeSettings, write_merged

__all__ = [
    "InputReport",
    "InputStatus",
    "Level",
    "MergeCancelledError",
    "MergeCode",
    "MergeResult",
    "MergeSettings",
    "merge_workbooks",
    "write_merged",
]
