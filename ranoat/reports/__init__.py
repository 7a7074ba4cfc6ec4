"""The official outputs of a review round as plain typed data: report forms 7.1–7.10 of Phụ lục
VII, Circular 07/2021 (`forms`; numbered as the local templates number them, not the circular's
text), the detailed and posting lists (`lists`), and `build_report()` that bundles them from a round
as read (`round_report`; the reading is `operations.round_read.round_report`). No database, layout
or file format here: a writer (Excel, print) formats the numbers and places the cells.
"""

from ranoat.reports.forms import (
    COMMUNE_UNIT_HEADER,
    VILLAGE_UNIT_HEADER,
    Column,
    EthnicColumn,
    Form,
    IndicatorColumn,
    Line,
    Row,
    RowKind,
    Section,
    Table,
    Unit,
    UnitCounts,
    form_7_1,
    form_7_2,
    form_7_3,
    form_7_4,
    form_7_5,
    form_7_6,
    form_7_7,
    form_7_8,
    form_7_9,
    form_7_10,
    percent,
)
from ranoat.reports.lists import HouseholdList, ListColumn, ListEntry, ListKind, Person
from ranoat.reports.round_report import RoundReport, Signatory, build_report

__all__ = [
    "COMMUNE_UNIT_HEADER",
    "VILLAGE_UNIT_HEADER",
    "Column",
    "EthnicColumn",
    "Form",
    "HouseholdList",
    "IndicatorColumn",
    "Line",
    "ListColumn",
    "ListEntry",
    "ListKind",
    "Person",
    "RoundReport",
    "Row",
    "RowKind",
    "Section",
    "Signatory",
    "Table",
    "Unit",
    "UnitCounts",
    "build_report",
    "form_7_1",
    "form_7_2",
    "form_7_3",
    "form_7_4",
    "form_7_5",
    "form_7_6",
    "form_7_7",
    "form_7_8",
    "form_7_9",
    "form_7_10",
    "percent",
]
