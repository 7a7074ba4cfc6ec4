"""Page 3 of the import wizard: every row, every problem highlighted with its message."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWizardPage,
)

from ranoat.importing import values
from ranoat.importing.layouts import Problem
from ranoat.importing.legacy import ENCODING_NAMES, TextEncoding
from ranoat.importing.plan import ImportPlan
from ranoat.importing.sheet import column_letter
from ranoat.operations.importing import (
    ListSource,
)
from ui.dialogs.import_wizard.common import MARK_BRUSHES, PREVIEW_LIMIT, severity_word
from ui.labels import MARK_COLOURS, category_label, relation_label, sex_label

if TYPE_CHECKING:  # the wizard makes the pages and imports them
    from ui.dialogs.import_wizard.wizard import ImportWizard


class PreviewModel(QAbstractTableModel):
    """The list's rows as read (after legacy conversion), with problems and conversions marked."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.headers: list[str] = []
        self.columns: list[int] = []  # sheet column of each table column
        self.rows: list[int] = []  # Excel row of each table row
        self.cells: list[list[str]] = []
        self.marks: dict[tuple[int, int], tuple[str, str]] = {}  # (Excel row, sheet column) → (severity, tip)

    def show_plan(self, plan: ImportPlan, source: ListSource | None) -> None:
        self.beginResetModel()
        self.marks = {}
        if source is not None and plan.mapping is not None:
            grid = source.grid
            labels = source.header.labels if source.header else {}
            self.columns = sorted(set(plan.mapping.columns.values()))
            self.headers = [f"{column_letter(c)}: {labels.get(c, '')}" for c in self.columns]
            first = (plan.mapping.header_last_row or 0) + 1
            self.rows = [r for r in range(first, min(len(grid.rows), first + PREVIEW_LIMIT) + 1)]
            self.cells = [[values.text(grid.value(r, c)) for c in self.columns] for r in self.rows]
            # the status each household will get, on its head's row (from the column, the title or the choice)
            statuses = {planned.draft.head_row: planned.draft.status for planned in plan.households}
            self.headers.append(self.tr("Tình trạng khi nhập"))
            self.columns.append(STATUS_COLUMN)
            for row, cells in zip(self.rows, self.cells, strict=True):
                cells.append(_status_text(statuses[row]) if row in statuses else "")
            for conversion in plan.conversions:
                tip = self.tr("Chuyển mã {enc} → Unicode:\ntrước: {before}\nsau: {after}").format(
                    enc=ENCODING_NAMES.get(plan.encoding, ""), before=conversion.before, after=conversion.after
                )
                self.marks[(conversion.row, conversion.column)] = ("converted", tip)
        else:  # the exchange workbook: one row per person
            self.headers = [self.tr("Mã hộ"), self.tr("Họ và tên"), self.tr("Quan hệ"), self.tr("Giới tính")]
            self.headers += [self.tr("Năm sinh"), self.tr("Dân tộc"), self.tr("Số CCCD"), self.tr("Thôn")]
            self.columns = list(range(1, len(self.headers) + 1))
            self.rows, self.cells = [], []
            for planned in plan.households:
                data = planned.draft.data
                for member, row in zip(data.members, planned.draft.member_rows, strict=False):
                    self.rows.append(row)
                    self.cells.append(
                        [
                            data.code,
                            member.full_name,
                            relation_label(member.relation),
                            sex_label(member.sex),
                            str(member.birth_year or ""),
                            member.ethnicity_code,
                            member.cccd,
                            planned.draft.village,
                        ]
                    )
        for problem in plan.problems:
            if problem.row is None:
                continue
            key = (problem.row, problem.column or 0)
            old = self.marks.get(key)
            severity = problem.severity
            if old is not None and old[0] == "error":
                severity = "error"
            tip = problem.message if old is None or old[0] == "converted" else old[1] + "\n" + problem.message
            self.marks[key] = (severity, tip)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def _mark(self, index: QModelIndex | QPersistentModelIndex) -> tuple[str, str] | None:
        row = self.rows[index.row()]
        return self.marks.get((row, self.columns[index.column()])) or self.marks.get((row, 0))

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cells[index.row()][index.column()]
        if role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ToolTipRole):
            mark = self._mark(index)
            if mark is None:
                return None
            if role == Qt.ItemDataRole.ToolTipRole:
                return mark[1]
            return MARK_BRUSHES.get(mark[0])
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.headers[section] if section < len(self.headers) else None
        return str(self.rows[section]) if section < len(self.rows) else None

    def table_row(self, excel_row: int) -> int:
        try:
            return self.rows.index(excel_row)
        except ValueError:
            return -1


class PreviewPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.owner = wizard
        self.setTitle(self.tr("Xem trước và kiểm tra"))
        self.setSubTitle(
            self.tr(
                "Ô đỏ: lỗi phải sửa trong tệp Excel rồi đọc lại; ô vàng: cảnh báo; ô xanh: chữ đã chuyển từ mã "
                "TCVN3/VNI sang Unicode (di chuột để xem trước/sau)."
            )
        )
        self.model = PreviewModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setDefaultSectionSize(140)
        self.problems = QListWidget()
        self.problems.itemActivated.connect(self._go_to)
        self.problems.itemClicked.connect(self._go_to)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        reread = QPushButton(self.tr("Đọc &lại tệp"))
        reread.clicked.connect(self._reread)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.problems)
        splitter.setSizes([330, 150])
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(reread)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)

    def show_plan(self, plan: ImportPlan) -> None:
        self.model.show_plan(plan, self.owner.source if plan.mapping is not None else None)
        self.table.resizeColumnsToContents()
        for column in range(self.model.columnCount()):
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), 240))
        self.problems.clear()
        for problem in sorted(plan.problems, key=_problem_order):
            item = QListWidgetItem(severity_word(problem) + plan.problem_text(problem))
            item.setData(Qt.ItemDataRole.UserRole, (problem.row, problem.column))
            if problem.severity == "error":
                item.setBackground(QBrush(MARK_COLOURS["error"]))
            elif problem.severity == "warning":
                item.setBackground(QBrush(MARK_COLOURS["warning"]))
            self.problems.addItem(item)
        errors = len(plan.errors)
        warnings = sum(1 for p in plan.problems if p.severity == "warning")
        people = sum(len(h.draft.data.members) for h in plan.households)
        text = self.tr("{h} hộ, {p} nhân khẩu; {e} lỗi, {w} cảnh báo.").format(
            h=len(plan.households), p=people, e=errors, w=warnings
        )
        if plan.encoding is not TextEncoding.UNICODE:
            text += " " + self.tr("Chữ trong tệp theo mã {enc}: đã chuyển {n} ô sang Unicode.").format(
                enc=ENCODING_NAMES[plan.encoding], n=len(plan.conversions)
            )
        if plan.new_villages:
            text += " " + self.tr("Thôn mới sẽ được tạo: {names}.").format(names=", ".join(plan.new_villages))
        if plan.skipped:
            text += " " + self.tr(
                "Bỏ qua {n} dòng không phải hộ (dòng tổng cộng, dòng trống, tiêu đề lặp lại)."
            ).format(n=len(plan.skipped))
        if plan.mapping is not None:
            text += " " + status_summary(plan)
        if errors:
            text += " " + self.tr("Hãy sửa các lỗi trong tệp Excel rồi bấm “Đọc lại tệp”: chưa ghi gì.")
        self.summary.setText(text)
        self.completeChanged.emit()

    def _go_to(self, item: QListWidgetItem) -> None:
        row, column = item.data(Qt.ItemDataRole.UserRole)
        if row is None:
            return
        table_row = self.model.table_row(row)
        if table_row < 0:
            return
        table_column = self.model.columns.index(column) if column in self.model.columns else 0
        index = self.model.index(table_row, table_column)
        self.table.scrollTo(index)
        self.table.setCurrentIndex(index)

    def _reread(self) -> None:
        self.owner.reread()

    def isComplete(self) -> bool:
        plan = self.owner.plan
        return plan is not None and not plan.errors and not self.owner.busy


STATUS_COLUMN = -1  # the preview's own column: no sheet column holds it


def _status_text(status: str | None) -> str:
    return category_label(status) if status else QCoreApplication.translate("PreviewPage", "Không có tình trạng")


def status_summary(plan: ImportPlan) -> str:
    """What status every household of a list will get, and where it comes from."""
    counts = "; ".join(
        QCoreApplication.translate("PreviewPage", "{status}: {n} hộ").format(n=n, status=_status_text(status))
        for status, n in plan.status_counts().items()
    )
    if plan.status_source == "title":
        source = QCoreApplication.translate("PreviewPage", "theo tiêu đề “{title}”").format(title=plan.status_title)
    elif plan.status_source == "chosen":
        source = QCoreApplication.translate("PreviewPage", "theo lựa chọn “cả danh sách là …” ở bước ghép cột")
    elif plan.status_source == "column":
        source = QCoreApplication.translate("PreviewPage", "theo cột phân loại hộ")
    else:
        return QCoreApplication.translate(
            "PreviewPage", "Tình trạng khi nhập: không hộ nào có tình trạng nghèo, cận nghèo (xem cảnh báo)."
        )
    text = QCoreApplication.translate("PreviewPage", "Tình trạng khi nhập ({source}): {counts}.").format(
        source=source, counts=counts or "—"
    )
    if plan.has_statuses and not plan.record_statuses:
        text += " " + QCoreApplication.translate("PreviewPage", "Tình trạng này không được ghi (xem cảnh báo).")
    return text


def _problem_order(problem: Problem) -> tuple[int, int, int]:
    return ({"error": 0, "warning": 1}.get(problem.severity, 2), problem.row or 0, problem.column or 0)
