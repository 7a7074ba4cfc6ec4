"""Two standards household by household (issue #13): the round's results beside another
standard's, filtered by how they change, and written to a sheet the officer can print."""

from __future__ import annotations

from pathlib import Path

import platformdirs
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ranoat.domain.vietnamese import format_number
from ranoat.excel.comparison import write_comparison
from ranoat.operations.papers import slug
from ranoat.reports.comparison import Change, Comparison, ComparisonRow
from ui.i18n import QT_TRANSLATE_NOOP
from ui.labels import category_label

FILTERS = {
    Change.ALL: QT_TRANSLATE_NOOP("ComparisonDialog", "Tất cả các hộ"),
    Change.CHANGED: QT_TRANSLATE_NOOP("ComparisonDialog", "Các hộ đổi kết quả"),
    Change.JOINS: QT_TRANSLATE_NOOP("ComparisonDialog", "Vào danh sách nghèo, cận nghèo"),
    Change.LEAVES: QT_TRANSLATE_NOOP("ComparisonDialog", "Ra khỏi danh sách nghèo, cận nghèo"),
    Change.BETWEEN: QT_TRANSLATE_NOOP("ComparisonDialog", "Đổi giữa nghèo và cận nghèo"),
    Change.SAME: QT_TRANSLATE_NOOP("ComparisonDialog", "Giữ nguyên kết quả"),
    Change.UNCLASSIFIED: QT_TRANSLATE_NOOP("ComparisonDialog", "Không phân loại được theo chuẩn kia"),
}
Index = QModelIndex | QPersistentModelIndex


class ComparisonModel(QAbstractTableModel):
    def __init__(self, comparison: Comparison, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._comparison = comparison
        self._rows: list[ComparisonRow] = list(comparison.rows)
        value = self.tr("Thu nhập") if comparison.by_income else self.tr("B1")
        self._headers = [
            self.tr("Mã hộ"),
            self.tr("Chủ hộ"),
            self.tr("Thôn"),
            value,
            self.tr("Chuẩn {id} (của kỳ)").format(id=comparison.standard),
            self.tr("Chuẩn {id}").format(id=comparison.other_standard),
            self.tr("Ghi chú"),
        ]

    def show(self, change: Change) -> None:
        self.beginResetModel()
        self._rows = self._comparison.only(change)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._headers[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        row = self._rows[index.row()]
        if index.column() == 3:
            return format_number(row.value) if row.value is not None else ""
        if index.column() in (4, 5):
            code = row.stored if index.column() == 4 else row.other
            return category_label(code) if code is not None else self.tr("Chưa phân loại được")
        return (row.code, row.head, row.village, None, None, None, row.note)[index.column()]

    def row_at(self, row: int) -> ComparisonRow:
        return self._rows[row]


class ComparisonDialog(QDialog):
    def __init__(self, comparison: Comparison, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.comparison = comparison
        self.setWindowTitle(
            self.tr("So sánh chuẩn {a} và chuẩn {b}").format(a=comparison.standard, b=comparison.other_standard)
        )
        counts = comparison.counts()
        path = self.tr("thu nhập bình quân đã ghi") if comparison.by_income else self.tr("điểm B1")
        self.summary = QLabel(
            self.tr(
                "{label}. So sánh theo {path}: {all} hộ có phiếu, {changed} hộ đổi kết quả ({joins} vào danh sách, "
                "{leaves} ra khỏi danh sách, {between} đổi giữa nghèo và cận nghèo), {unclassified} hộ không phân loại "
                "được theo chuẩn {other}. Không kết quả nào của kỳ bị thay đổi."
            ).format(
                label=comparison.round_label,
                path=path,
                all=format_number(counts[Change.ALL]),
                changed=format_number(counts[Change.CHANGED]),
                joins=format_number(counts[Change.JOINS]),
                leaves=format_number(counts[Change.LEAVES]),
                between=format_number(counts[Change.BETWEEN]),
                unclassified=format_number(counts[Change.UNCLASSIFIED]),
                other=comparison.other_standard,
            )
        )
        self.summary.setWordWrap(True)
        self.filter = QComboBox()
        for change, text in FILTERS.items():
            self.filter.addItem(f"{self.tr(text)} ({format_number(counts[change])})", change)
        self.model = ComparisonModel(comparison, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((100, 180, 120, 80, 170, 130)):
            self.table.setColumnWidth(column, width)
        self.export_button = QPushButton(self.tr("&Xuất Excel…"))
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        shown = QLabel(self.tr("&Hiện:"))
        shown.setBuddy(self.filter)
        top.addWidget(shown)
        top.addWidget(self.filter, 1)
        top.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.notice)
        layout.addWidget(buttons)
        self.filter.currentIndexChanged.connect(self._filter)
        self.export_button.clicked.connect(self._ask_export)
        self.resize(1000, 560)

    def change(self) -> Change:
        return Change(self.filter.currentData())

    def _filter(self) -> None:
        self.model.show(self.change())

    def file_name(self) -> str:
        return f"so-sanh-chuan-{slug(self.comparison.standard)}-{slug(self.comparison.other_standard)}.xlsx"

    def export(self, path: Path) -> str:
        """Write the rows shown to ``path``; the notice (also returned) says what was written."""
        try:
            count = write_comparison(path, self.comparison, self.change())
        except OSError as exc:
            text = self.tr("Không ghi được tệp {name}: {error}. Hãy chọn nơi lưu khác rồi làm lại.").format(
                name=path, error=exc.strerror or exc
            )
        else:
            text = self.tr("Đã ghi {n} hộ vào {name}.").format(n=format_number(count), name=path)
        self.notice.setText(text)
        return text

    def _ask_export(self) -> None:
        suggested = Path(platformdirs.user_documents_dir()) / self.file_name()
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Xuất bảng so sánh"), str(suggested), self.tr("Sổ Excel (*.xlsx)")
        )
        if name:
            self.export(Path(name if name.lower().endswith(".xlsx") else name + ".xlsx"))
