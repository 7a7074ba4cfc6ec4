"""The register's table model: lazy over tens of thousands of households.

It holds the ordered ids of the households that match the filter and a cache of rows; rows are
fetched a page at a time when the view asks for them (Qt "Fetch More" pattern; Anki's browser).
Columns are declared as data.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QGuiApplication

from ranoat.domain.vietnamese import format_number
from ranoat.operations.register import (
    SORT_KEYS,
    RegisterFilter,
    RegisterRow,
    member_hits,
    register_ids,
    register_rows,
    search_matches,
    search_phrase,
    search_texts,
)
from ranoat.storage.database import Database
from ui.i18n import QT_TRANSLATE_NOOP
from ui.labels import REGISTER_COLOURS, category_label, status_label

PAGE = 200
_LOADER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="register-search")


@dataclass(frozen=True)
class Column:
    header: str
    text: Callable[[RegisterRow], str]
    align_right: bool = False


def _score(value: float | int | None) -> str:
    return "" if value is None else format_number(value)


def _result(row: RegisterRow) -> str:
    unclassified = QCoreApplication.translate("HouseholdTable", "Chưa phân loại")
    text = category_label(row.result, unclassified if row.status else "")
    return text + " *" if row.override else text  # * = decided by the village meeting


COLUMNS = [
    Column(QT_TRANSLATE_NOOP("HouseholdTable", "Mã hộ"), lambda r: r.code),
    Column(QT_TRANSLATE_NOOP("HouseholdTable", "Chủ hộ"), lambda r: r.head_name),
    Column(QT_TRANSLATE_NOOP("HouseholdTable", "Thôn"), lambda r: r.village),
    Column(QT_TRANSLATE_NOOP("HouseholdTable", "Số nhân khẩu"), lambda r: str(r.members), align_right=True),
    Column(QT_TRANSLATE_NOOP("HouseholdTable", "Đầu kỳ"), lambda r: category_label(r.start)),
    Column(QT_TRANSLATE_NOOP("HouseholdTable", "Kết quả"), _result),
    Column("B1", lambda r: _score(r.b1), align_right=True),
    Column("B2", lambda r: _score(r.b2), align_right=True),
    Column(
        QT_TRANSLATE_NOOP("HouseholdTable", "Phiếu B"),
        lambda r: status_label(r.status, QCoreApplication.translate("HouseholdTable", "Chưa có")),
    ),
]
HEAD_COLUMN = 1
RESULT_COLUMN = 5


class HouseholdTableModel(QAbstractTableModel):
    """Ordered ids and a row cache. The list for the filters other than the search is read with SQL
    when they change; the search then narrows it in memory, key by key, against the households'
    folded search documents, read once (on a worker thread, soon after the register opens). A key
    typed before they are read is answered with SQL (`search_matches`), not waited for."""

    def __init__(self, database: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._database = database
        self._filter = RegisterFilter()
        self._base_filter: RegisterFilter | None = None
        self._base_ids: list[int] = []
        self._ids: list[int] = []
        self._positions: dict[int, int] = {}
        self._rows: dict[int, RegisterRow] = {}
        # households the search found through a member who is not the head: that member's name, read
        # with each page of rows (only for the rows shown, never the whole list)
        self._hits: dict[int, str] = {}
        self._texts: dict[int, str] | None = None
        self._texts_future: Future[dict[int, str]] | None = None

    def preload_search(self) -> None:
        """Read the search documents on a worker thread, so the first key typed does not wait."""
        if self._texts is None and self._texts_future is None:
            self._texts_future = _LOADER.submit(self._read_texts)

    def _read_texts(self) -> dict[int, str]:
        with self._database.session() as session:
            return search_texts(session)

    def _search_texts(self) -> dict[int, str] | None:
        """The search documents once read (`preload_search`); None until then."""
        future = self._texts_future
        if self._texts is None and future is not None and future.done():
            self._texts = future.result()
            self._texts_future = None
        return self._texts

    def wait_for_search(self) -> None:
        """Wait until the search documents are read (tests; the keys never wait)."""
        self.preload_search()
        if self._texts is None and self._texts_future is not None:
            self._texts_future.result()
            self._search_texts()

    # -- filtering ---------------------------------------------------------------------------
    def set_filter(self, flt: RegisterFilter, *, reread: bool = False) -> None:
        self.beginResetModel()
        self._filter = flt
        base = replace(flt, search="")
        if reread or base != self._base_filter:
            with self._database.session() as session:
                self._base_ids = register_ids(session, base)
            self._base_filter = base
        phrase = search_phrase(flt.search)
        texts = self._search_texts() if phrase else None
        if phrase and texts is None:
            # A key typed before the documents are read (on the worker, soon after the register
            # shows): the same search in SQL, one scan, rather than waiting for the read (a read
            # started now would compete with this key for the GIL).
            with self._database.session() as session:
                matches = search_matches(session, phrase)
            self._ids = [i for i in self._base_ids if i in matches]
        elif phrase and texts is not None:
            self._ids = [i for i in self._base_ids if phrase in texts.get(i, "")]
        else:
            self._ids = list(self._base_ids)
        self._positions = {household_id: row for row, household_id in enumerate(self._ids)}
        self._rows.clear()
        self._hits.clear()
        self.endResetModel()

    def current_filter(self) -> RegisterFilter:
        return self._filter

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """A click on a column's header (QTableView with sorting enabled): the list in that
        column's order, read with SQL; the search then narrows it in memory, so the order holds while
        the officer types (Vietnamese collation for names, numbers for B1/B2, the poor first)."""
        if not 0 <= column < len(SORT_KEYS):
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if (self._filter.sort, self._filter.descending) != (SORT_KEYS[column], descending):
            QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # a few hundred ms on 50,000 households
            try:
                self.set_filter(replace(self._filter, sort=SORT_KEYS[column], descending=descending))
            finally:
                QGuiApplication.restoreOverrideCursor()

    def refresh(self, household_id: int | None = None) -> None:
        """Re-read after a change. A household already in the list: its row only (its cells are read
        again when shown). A new household, or any other change: the whole list."""
        wanted = self._texts is not None or self._texts_future is not None
        if self._texts_future is not None:
            self._texts_future = None  # a read under way may have missed the change: read again
        if household_id is not None and household_id in self._positions:
            if self._texts is not None:
                with self._database.session() as session:
                    self._texts.update(search_texts(session, [household_id]))
            self._rows.pop(household_id, None)
            self._hits.pop(household_id, None)
            row = self._positions[household_id]
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))
        else:
            self._texts = None  # a household was added or removed: read the documents again
            self.set_filter(self._filter, reread=True)  # (keys meanwhile are answered with SQL)
        if wanted:
            self.preload_search()

    def ids(self) -> list[int]:
        return list(self._ids)

    def id_at(self, row: int) -> int:
        return self._ids[row]

    def row_of(self, household_id: int) -> int:
        return self._positions.get(household_id, -1)

    def row_data(self, row: int) -> RegisterRow:
        household_id = self._ids[row]
        cached = self._rows.get(household_id)
        if cached is None:
            start = (row // PAGE) * PAGE
            page = [i for i in self._ids[start : start + PAGE] if i not in self._rows]
            phrase = search_phrase(self._filter.search)
            with self._database.session() as session:
                for fetched in register_rows(session, page, self._filter.round_id):
                    self._rows[fetched.id] = fetched
                if phrase:
                    self._hits.update(member_hits(session, page, phrase))
            cached = self._rows[household_id]
        return cached

    def member_hit(self, row: int) -> str | None:
        """The member, not the head, through whom the search found the household in ``row``."""
        self.row_data(row)  # its page read, with the page's hits
        return self._hits.get(self._ids[row])

    # -- Qt model ----------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        column = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            text = column.text(self.row_data(index.row()))
            hit = self.member_hit(index.row()) if index.column() == HEAD_COLUMN else None
            if hit is not None:  # found through another member: say whom (issue #14)
                return QCoreApplication.translate("HouseholdTable", "{head} · khớp: {member}").format(
                    head=text, member=hit
                )
            return text
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == RESULT_COLUMN:
            return REGISTER_COLOURS.get(self.row_data(index.row()).result or "")
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == HEAD_COLUMN:
            hit = self.member_hit(index.row())
            if hit is not None:
                return QCoreApplication.translate(
                    "HouseholdTable", "Tìm thấy hộ này qua thành viên {member} (không phải chủ hộ)."
                ).format(member=hit)
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == RESULT_COLUMN:
            row = self.row_data(index.row())
            if row.override:
                computed = category_label(row.category, QCoreApplication.translate("HouseholdTable", "chưa phân loại"))
                return QCoreApplication.translate(
                    "HouseholdTable", "Kết quả tính: {computed}; kết quả quyết định sau họp dân: {decided}"
                ).format(computed=computed, decided=category_label(row.override))
        if role == Qt.ItemDataRole.UserRole:
            return self._ids[index.row()]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            return QCoreApplication.translate("HouseholdTable", COLUMNS[section].header)
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        return None
