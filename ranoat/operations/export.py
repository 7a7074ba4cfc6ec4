"""Exporting a round: the commune exchange workbook (lists, forms and data sheets) to .xlsx.

Written to a temporary file and renamed into place only when complete (a crash or a cancel never
leaves half a workbook). Long: it reports progress and can be cancelled between steps.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from ranoat.collector import collector_paused
from ranoat.domain.errors import OperationError
from ranoat.excel.document import atomic_workbook
from ranoat.excel.exchange import write_exchange_sheets
from ranoat.excel.official import write_report
from ranoat.operations.round_read import exchange_data, read_round, round_report
from ranoat.operations.seal import commune_seal_key
from ranoat.rules.rulebook import Rulebook
from ranoat.storage.database import Database
from ranoat.storage.models import ReviewRound

Progress = Callable[[int, int, str], None]  # done, total, what


class ExportCancelledError(Exception):
    """The user cancelled; nothing was written under the target name."""


@dataclass(frozen=True)
class ExportResult:
    path: Path
    households: int
    members: int
    sheets: list[str]
    seal_key_id: str | None = None  # the data sheets were sealed with the commune's key of this fingerprint


def latest_round_id(database: Database) -> int:
    with database.session() as session:
        round_id = session.scalar(select(ReviewRound.id).order_by(ReviewRound.year.desc(), ReviewRound.id.desc()))
    if round_id is None:
        raise OperationError("Cơ sở dữ liệu chưa có kỳ rà soát nào để xuất.")
    return round_id


def export_round(
    database: Database,
    round_id: int,
    out: Path,
    rulebooks: dict[str, Rulebook],
    *,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    village_id: int | None = None,
    lists: bool = True,
    forms: bool = True,
    data_sheets: bool = True,
) -> ExportResult:
    """Write the chosen outputs of a round. A village's export (for its posting board) has its lists
    only: forms and data sheets are always the whole commune's."""
    if village_id is not None:
        forms = data_sheets = False
    if not (lists or forms or data_sheets):
        raise OperationError("Chưa chọn nội dung nào để xuất.")
    total = 4

    def step(done: int, what: str) -> None:
        if cancelled is not None and cancelled():
            raise ExportCancelledError
        if progress is not None:
            progress(done, total, what)

    with collector_paused():
        return _export(database, round_id, out, rulebooks, step, total, village_id, lists, forms, data_sheets)


def _export(
    database: Database,
    round_id: int,
    out: Path,
    rulebooks: dict[str, Rulebook],
    step: Callable[[int, str], None],
    total: int,
    village_id: int | None,
    lists: bool,
    forms: bool,
    data_sheets: bool,
) -> ExportResult:
    step(0, "Đọc dữ liệu")
    with database.session() as session:
        read = read_round(session, round_id, rulebooks)  # once, for the report and the data sheets
        report = round_report(session, round_id, rulebooks, village_id=village_id, read=read)
        step(1, "Tính các biểu mẫu")
        seal_key = commune_seal_key(session)
        data = (
            exchange_data(session, round_id, rulebooks, read=read, report=report, seal_key=seal_key)
            if data_sheets
            else None
        )
    with atomic_workbook(out) as book:
        step(2, "Ghi danh sách và biểu mẫu")
        write_report(book, report, lists=lists, forms=forms)
        step(3, "Ghi các trang dữ liệu")
        if data is not None:
            write_exchange_sheets(book, data)
        sheets = [sheet.name for sheet in book.worksheets()]
        step(total, "Hoàn tất")
    households = len(data.households) if data else sum(len(x.entries) for x in report.lists)
    members = len(data.members) if data else sum(len(e.people) for x in report.lists for e in x.entries)
    sealed = data.metadata.get("seal_key_id") if data else None
    return ExportResult(out, households, members, sheets, str(sealed) if sealed else None)
