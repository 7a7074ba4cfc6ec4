"""Tệp → Nhập danh sách từ Excel…: the import wizard (issue #7).

1. The file and its sheet.
2. The header rows and which column holds which field, suggested from the header text (or the
   mapping remembered for the same headers); the mapping can be saved to a file for `ranoat import`.
3. The preview: every row, every problem highlighted with its message, legacy (TCVN3/VNI) text shown
   before → after.
4. Households already in the database: update, skip or add as new, per household.
5. The import itself, off the GUI thread with progress and cancel, then the report.

Reading, checking and writing all run on a worker thread; the core does the work
(`ranoat.operations.importing`), the wizard only shows it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from ranoat.domain.errors import OperationError
from ranoat.domain.ethnicity import ethnic_groups
from ranoat.domain.names import RELATION_NAMES, SEX_NAMES
from ranoat.importing import values
from ranoat.importing.layouts import Problem
from ranoat.importing.legacy import ENCODING_NAMES, TextEncoding
from ranoat.importing.mapping import Layout, Mapping, MappingFileError, remember, save_mapping
from ranoat.importing.plan import Choice, ImportPlan
from ranoat.importing.sheet import ImportFileError, column_letter, sheet_names
from ranoat.operations.import_apply import ImportCancelledError, ImportReport
from ranoat.operations.importing import (
    ListSource,
    has_exchange_sheets,
    plan_exchange,
    plan_list,
    read_list,
    run_import,
)
from ranoat.rules.rulebook import Rulebook
from ranoat.storage.database import Database, DatabaseError
from ui.background import Background, Worker

Job = Callable[[Callable[[int, int, str], None], Callable[[], bool]], object]
ERROR_COLOUR = QColor("#f8c9c4")
WARNING_COLOUR = QColor("#fbe7a6")
CONVERTED_COLOUR = QColor("#cfe3f7")
MARK_BRUSHES = {"error": QBrush(ERROR_COLOUR), "warning": QBrush(WARNING_COLOUR), "converted": QBrush(CONVERTED_COLOUR)}
PREVIEW_LIMIT = 100_000  # rows shown in the preview (all of a commune's list)


class ImportTask(Worker):
    """Runs one step of the import on a worker thread."""

    def __init__(self, job: Job) -> None:
        super().__init__()
        self._job = job

    def run(self) -> None:
        try:
            result = self._job(lambda d, t, w: self.progressed.emit(d, t, w), lambda: self.cancel_requested)
        except ImportCancelledError:
            self.cancelled.emit()
        except (ImportFileError, OperationError, MappingFileError, DatabaseError, OSError) as exc:
            self.failed.emit(str(exc))
        else:
            if self.cancel_requested:
                self.cancelled.emit()
            else:
                self.finished.emit(result)


# ----------------------------------------------------------------------------- the preview table
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
                            RELATION_NAMES[member.relation] if member.relation else "",
                            SEX_NAMES[member.sex] if member.sex else "",
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


def field_names() -> dict[str, str]:
    """The import fields as the mapping page words them (the core keys them by code)."""
    return {
        "sequence": QCoreApplication.translate("ImportFields", "Số thứ tự hộ (STT)"),
        "household_code": QCoreApplication.translate("ImportFields", "Mã hộ"),
        "village": QCoreApplication.translate("ImportFields", "Thôn, bản, tổ dân phố"),
        "village_code": QCoreApplication.translate("ImportFields", "Mã thôn"),
        "address": QCoreApplication.translate("ImportFields", "Địa chỉ"),
        "area": QCoreApplication.translate("ImportFields", "Khu vực (nông thôn/thành thị)"),
        "full_name": QCoreApplication.translate("ImportFields", "Họ và tên"),
        "relation": QCoreApplication.translate("ImportFields", "Quan hệ với chủ hộ"),
        "sex": QCoreApplication.translate("ImportFields", "Giới tính"),
        "birth_year": QCoreApplication.translate("ImportFields", "Năm sinh"),
        "birth_year_male": QCoreApplication.translate("ImportFields", "Năm sinh (cột Nam)"),
        "birth_year_female": QCoreApplication.translate("ImportFields", "Năm sinh (cột Nữ)"),
        "birth_date": QCoreApplication.translate("ImportFields", "Ngày sinh"),
        "ethnicity": QCoreApplication.translate("ImportFields", "Dân tộc"),
        "cccd": QCoreApplication.translate("ImportFields", "Số CCCD/CMND"),
        "category": QCoreApplication.translate("ImportFields", "Phân loại hộ (nghèo/cận nghèo)"),
        "person_of_merit": QCoreApplication.translate("ImportFields", "Hộ có người có công"),
        "social_protection": QCoreApplication.translate("ImportFields", "Hộ có đối tượng bảo trợ xã hội"),
        "no_working_capacity": QCoreApplication.translate("ImportFields", "Hộ không có khả năng lao động"),
        "causes": QCoreApplication.translate("ImportFields", "Nguyên nhân nghèo"),
        "schooling": QCoreApplication.translate("ImportFields", "Trình độ học vấn"),
        "health_insurance": QCoreApplication.translate("ImportFields", "Bảo hiểm y tế"),
        "employment": QCoreApplication.translate("ImportFields", "Việc làm"),
        "disability": QCoreApplication.translate("ImportFields", "Khuyết tật"),
        "phone": QCoreApplication.translate("ImportFields", "Điện thoại"),
    }


def layout_names() -> dict[Layout, str]:
    return {
        Layout.OFFICIAL: QCoreApplication.translate(
            "ImportFields", "Mẫu danh sách chính thức: dòng chủ hộ, tiếp theo là các thành viên"
        ),
        Layout.HOUSEHOLD: QCoreApplication.translate("ImportFields", "Mỗi hộ một dòng (chủ hộ)"),
        Layout.PERSON: QCoreApplication.translate("ImportFields", "Mỗi người một dòng, có cột mã hộ"),
    }


def choice_names() -> dict[Choice, str]:
    return {
        Choice.UPDATE: QCoreApplication.translate("ImportFields", "Cập nhật hộ đã có"),
        Choice.SKIP: QCoreApplication.translate("ImportFields", "Bỏ qua"),
        Choice.ADD: QCoreApplication.translate("ImportFields", "Thêm thành hộ mới"),
    }


def severity_word(problem: Problem) -> str:
    if problem.severity == "error":
        return QCoreApplication.translate("ImportFields", "Lỗi — ")
    if problem.severity == "warning":
        return QCoreApplication.translate("ImportFields", "Cảnh báo — ")
    return QCoreApplication.translate("ImportFields", "Ghi chú — ")


# ----------------------------------------------------------------------------- pages
class FilePage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.owner = wizard
        self.setTitle(self.tr("Chọn tệp Excel"))
        self.setSubTitle(
            self.tr(
                "Danh sách hộ nghèo, cận nghèo của năm trước: mẫu danh sách chính thức, danh sách tự lập, tệp xuất "
                "từ phần mềm khác, hoặc sổ trao đổi của Ranoat. Tệp được đọc, không bị sửa."
            )
        )
        self.path = QLineEdit()
        self.path.setPlaceholderText(self.tr("Đường dẫn tệp .xlsx"))
        browse = QPushButton(self.tr("&Chọn tệp…"))
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        self.sheet = QComboBox()
        self.info = QLabel()
        self.info.setWordWrap(True)
        form = QFormLayout(self)
        file_label = QLabel(self.tr("&Tệp:"))
        file_label.setBuddy(self.path)  # a row of widgets has no buddy of its own
        form.addRow(file_label, row)
        form.addRow(self.tr("T&rang:"), self.sheet)
        form.addRow("", self.info)
        self.path.editingFinished.connect(self.load_sheets)
        self.sheet.currentIndexChanged.connect(self.completeChanged)

    def _browse(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self, self.tr("Chọn danh sách Excel"), str(self.owner.folder), self.tr("Sổ Excel (*.xlsx *.xlsm)")
        )
        if chosen:
            self.path.setText(chosen)
            self.load_sheets()

    def load_sheets(self) -> None:
        self.sheet.clear()
        self.info.clear()
        text = self.path.text().strip()
        if not text:
            return
        path = Path(text)
        try:
            names = sheet_names(path)
        except ImportFileError as exc:
            self.info.setText(str(exc))
            self.completeChanged.emit()
            return
        self.owner.exchange = exchange = has_exchange_sheets(names)
        if exchange:
            self.sheet.addItem(self.tr("(sổ trao đổi của Ranoat: đọc các trang dữ liệu)"), None)
            self.info.setText(
                self.tr(
                    "Đây là sổ trao đổi của Ranoat: các cột đã biết, không cần ghép cột; kết quả của kỳ rà soát "
                    "trong sổ được ghi làm tình trạng hiện tại của các hộ."
                )
            )
        else:
            for name in names:
                self.sheet.addItem(name, name)
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.sheet.count() > 0 and not self.owner.busy

    def validatePage(self) -> bool:
        if self.owner.ready_for(self):
            return True
        path = Path(self.path.text().strip())
        sheet = self.sheet.currentData()
        if self.owner.exchange:
            self.owner.make_plan_of_exchange(path, after=self)
        else:
            self.owner.read(path, sheet, after=self)
        return False


class MappingPage(QWizardPage):
    """The header rows and the field of each column."""

    SKIP = "—"

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.owner = wizard
        self.setTitle(self.tr("Dòng tiêu đề và ghép cột"))
        self.setSubTitle(
            self.tr(
                "Ranoat đã tìm dòng tiêu đề và gợi ý cột cho từng trường theo tên cột. Kiểm tra, sửa nếu cần; "
                "lần sau tệp có cùng tiêu đề sẽ dùng lại cách ghép này."
            )
        )
        self.first_row = QSpinBox()
        self.last_row = QSpinBox()
        for box in (self.first_row, self.last_row):
            box.setRange(1, 1000)
        self.layout_choice = QComboBox()
        self.layout_choice.addItem(self.tr("Tự nhận biết theo các cột"), None)
        for kind, name in layout_names().items():
            self.layout_choice.addItem(name, kind.value)
        self.default_village = QComboBox()
        self.default_village.setEditable(True)
        self.default_ethnicity = QComboBox()
        self.default_ethnicity.addItem("", "")
        for group in ethnic_groups():
            self.default_ethnicity.addItem(group.name, group.code)
        self.category = QComboBox()
        self.category.addItem(self.tr("theo cột Phân loại (nếu có)"), "")
        self.category.addItem(self.tr("cả danh sách là hộ nghèo"), "poor")
        self.category.addItem(self.tr("cả danh sách là hộ cận nghèo"), "near_poor")
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Cột"), self.tr("Tiêu đề trong tệp"), self.tr("Dữ liệu mẫu"), self.tr("Trường của Ranoat")]
        )
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        self.combos: dict[int, QComboBox] = {}
        self.status = QLabel()
        self.status.setWordWrap(True)
        save = QPushButton(self.tr("&Lưu cách ghép cột ra tệp…"))
        save.clicked.connect(self._save)
        reread = QPushButton(self.tr("Đọc lại &tiêu đề"))
        reread.clicked.connect(self._reread_header)

        rows = QHBoxLayout()
        rows.addWidget(QLabel(self.tr("Dòng tiêu đề từ")))
        rows.addWidget(self.first_row)
        rows.addWidget(QLabel(self.tr("đến")))
        rows.addWidget(self.last_row)
        rows.addWidget(reread)
        rows.addStretch(1)
        options = QGridLayout()
        options.addWidget(QLabel(self.tr("Kiểu danh sách:")), 0, 0)
        options.addWidget(self.layout_choice, 0, 1)
        options.addWidget(QLabel(self.tr("Năm của danh sách:")), 0, 2)
        options.addWidget(self.year, 0, 3)
        options.addWidget(QLabel(self.tr("Thôn chung (khi không có cột thôn):")), 1, 0)
        options.addWidget(self.default_village, 1, 1)
        options.addWidget(QLabel(self.tr("Dân tộc chung (khi không có cột):")), 1, 2)
        options.addWidget(self.default_ethnicity, 1, 3)
        options.addWidget(QLabel(self.tr("Tình trạng hộ:")), 2, 0)
        options.addWidget(self.category, 2, 1)
        options.setColumnStretch(1, 1)
        options.setColumnStretch(3, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(rows)
        layout.addWidget(self.table, 1)
        layout.addLayout(options)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(save)
        layout.addLayout(bottom)

    def show_source(self, source: ListSource, villages: list[str], year: int) -> None:
        mapping = source.mapping
        header = source.header
        self.first_row.setValue(header.first_row if header else 1)
        self.last_row.setValue(header.last_row if header else 1)
        self.default_village.clear()
        self.default_village.addItem("")
        self.default_village.addItems(villages)
        self.default_village.setCurrentText(mapping.default_village)
        index = self.default_ethnicity.findData(mapping.default_ethnicity)
        self.default_ethnicity.setCurrentIndex(max(index, 0))
        self.category.setCurrentIndex(max(self.category.findData(mapping.category), 0))
        self.layout_choice.setCurrentIndex(
            max(self.layout_choice.findData(mapping.layout.value if mapping.layout else None), 0)
        )
        self.year.setValue(mapping.year or year)
        self._fill(source, mapping)
        if header is None:
            self.status.setText(
                self.tr("Không tìm thấy dòng tiêu đề: hãy chọn các dòng tiêu đề rồi bấm “Đọc lại tiêu đề”.")
            )
        elif source.remembered:
            self.status.setText(self.tr("Đã dùng lại cách ghép cột lần trước cho tệp có cùng tiêu đề."))
        else:
            self.status.setText(self.tr("Các cột được gợi ý theo tiêu đề; cột không dùng để “—”."))

    def _fill(self, source: ListSource, mapping: Mapping) -> None:
        grid = source.grid
        labels = source.header.labels if source.header else {}
        first_data = (source.header.last_row if source.header else self.last_row.value()) + 1
        by_column = {column: key for key, column in mapping.columns.items()}
        self.table.setRowCount(grid.width)
        self.combos = {}
        for row, column in enumerate(range(1, grid.width + 1)):
            samples = [
                values.text(grid.value(r, column))
                for r in range(first_data, min(first_data + 4, len(grid.rows) + 1))
                if grid.value(r, column) is not None
            ]
            for col, text in enumerate((column_letter(column), labels.get(column, ""), "; ".join(samples))):
                item = QTableWidgetItem(text)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.table.setItem(row, col, item)
            combo = QComboBox()
            combo.addItem(self.SKIP, None)
            for key, label in field_names().items():
                combo.addItem(label, key)
            combo.setCurrentIndex(max(combo.findData(by_column.get(column)), 0))
            self.table.setCellWidget(row, 3, combo)
            self.combos[column] = combo

    def _reread_header(self) -> None:
        source = self.owner.source
        if source is None:
            return
        from ranoat.importing.mapping import header_from_rows, suggest

        first, last = self.first_row.value(), max(self.first_row.value(), self.last_row.value())
        source.header = header_from_rows(source.grid, first, last)
        source.mapping = Mapping(columns=suggest(source.header), header_first_row=first, header_last_row=last)
        self._fill(source, source.mapping)

    def mapping(self) -> Mapping:
        columns: dict[str, int] = {}
        for column, combo in self.combos.items():
            key = combo.currentData()
            if key:
                columns[str(key)] = column
        layout = self.layout_choice.currentData()
        return Mapping(
            columns=columns,
            header_first_row=self.first_row.value(),
            header_last_row=max(self.first_row.value(), self.last_row.value()),
            layout=Layout(layout) if layout else None,
            default_village=self.default_village.currentText().strip(),
            default_ethnicity=str(self.default_ethnicity.currentData() or ""),
            category=str(self.category.currentData() or ""),
            year=self.year.value(),
        )

    def _save(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(
            self, self.tr("Lưu cách ghép cột"), str(self.owner.folder / "ghep-cot.json"), "JSON (*.json)"
        )
        if chosen:
            self.save_to(Path(chosen))

    def save_to(self, path: Path) -> None:
        source = self.owner.source
        save_mapping(path, self.mapping(), source.header if source else None)
        self.status.setText(self.tr("Đã lưu cách ghép cột vào {path}.").format(path=path))

    def validatePage(self) -> bool:
        if self.owner.ready_for(self):
            return True
        mapping = self.mapping()
        source = self.owner.source
        if source is not None and source.header is not None:
            with contextlib.suppress(OSError):  # remembering is a convenience: never block the import for it
                remember(mapping, source.header)
        self.owner.make_plan(mapping, after=self)
        return False

    def isComplete(self) -> bool:
        return not self.owner.busy


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
                item.setBackground(QBrush(ERROR_COLOUR))
            elif problem.severity == "warning":
                item.setBackground(QBrush(WARNING_COLOUR))
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


def _problem_order(problem: Problem) -> tuple[int, int, int]:
    return ({"error": 0, "warning": 1}.get(problem.severity, 2), problem.row or 0, problem.column or 0)


class MatchesPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.owner = wizard
        self.setTitle(self.tr("Hộ đã có trong cơ sở dữ liệu"))
        self.setSubTitle(
            self.tr(
                "Các hộ dưới đây giống hộ đã có (cùng số CCCD, hoặc cùng họ tên, năm sinh và thôn). Chọn cho từng hộ: "
                "cập nhật hộ đã có theo danh sách, bỏ qua, hoặc thêm thành hộ mới."
            )
        )
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Dòng"),
                self.tr("Chủ hộ trong tệp"),
                self.tr("Hộ đã có"),
                self.tr("Vì sao giống"),
                self.tr("Xử lý"),
            ]
        )
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.combos: list[QComboBox] = []
        self.note = QLabel()
        self.note.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(QLabel(self.tr("Tất cả:")))
        for choice in Choice:
            button = QPushButton(choice_names()[choice])
            button.clicked.connect(lambda _checked=False, c=choice: self.choose_all(c))
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def initializePage(self) -> None:
        plan = self.owner.plan
        matches = plan.matches if plan else []
        self.table.setRowCount(len(matches))
        self.combos = []
        for row, planned in enumerate(matches):
            match = planned.match
            assert match is not None
            head = planned.draft.data.head()
            texts = [
                str(planned.draft.head_row),
                head.full_name if head else "",
                f"{match.household_code} — {match.head_name} ({match.village})",
                match.reason,
            ]
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
            combo = QComboBox()
            for choice, name in choice_names().items():
                combo.addItem(name, choice.value)
            combo.setCurrentIndex(combo.findData(planned.choice.value))
            combo.currentIndexChanged.connect(
                lambda _i, p=planned, c=combo: setattr(p, "choice", Choice(str(c.currentData())))
            )
            self.table.setCellWidget(row, 4, combo)
            self.combos.append(combo)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        if matches:
            self.note.setText(self.tr("{n} hộ trong tệp giống hộ đã có.").format(n=len(matches)))
        else:
            self.note.setText(self.tr("Không có hộ nào trong tệp trùng với hộ đã có: mọi hộ sẽ được thêm mới."))

    def choose_all(self, choice: Choice) -> None:
        for combo in self.combos:
            combo.setCurrentIndex(combo.findData(choice.value))


class RunPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.owner = wizard
        self.setTitle(self.tr("Nhập vào cơ sở dữ liệu"))
        self.setSubTitle(
            self.tr(
                "Ranoat sao lưu cơ sở dữ liệu rồi ghi cả danh sách trong một lần: nếu có trục trặc hoặc bạn huỷ, "
                "cơ sở dữ liệu giữ nguyên như trước."
            )
        )
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.start = QPushButton(self.tr("&Nhập danh sách"))
        self.start.clicked.connect(self._start)
        self.report = QPlainTextEdit()
        self.report.setReadOnly(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        row = QHBoxLayout()
        row.addWidget(self.start)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.report, 1)
        self.result: ImportReport | None = None

    def initializePage(self) -> None:
        plan = self.owner.plan
        if plan is None:
            return
        choices = [h.choice for h in plan.matches]
        added = len(plan.households) - len(choices) + choices.count(Choice.ADD)
        text = self.tr("Sẽ thêm {a} hộ, cập nhật {u} hộ, bỏ qua {s} hộ.").format(
            a=added, u=choices.count(Choice.UPDATE), s=choices.count(Choice.SKIP)
        )
        if plan.restore is not None:
            sheets = plan.restore.sheets
            text = self.tr(
                "Cơ sở dữ liệu còn trống: sổ trao đổi được khôi phục toàn bộ — {h} hộ, {r} kỳ rà soát, {p} phiếu B, "
                "{m} cuộc họp thôn, {c} khiếu nại, như ở xã đã xuất sổ."
            ).format(
                h=len(plan.restore.households),
                r=len(sheets["data_rounds"]),
                p=len(sheets["data_surveys"]),
                m=len(sheets["data_meetings"]),
                c=len(sheets["data_complaints"]),
            )
        elif plan.has_statuses and plan.record_statuses:
            text += " " + self.tr(
                "Tình trạng nghèo, cận nghèo theo danh sách được ghi thành kỳ rà soát định kỳ năm {y} (đã đóng, "
                "chuẩn {s}); kỳ rà soát tiếp theo bắt đầu từ đó."
            ).format(y=plan.year, s=plan.standard_id)
        self.summary.setText(text)

    def _start(self) -> None:
        self.start.setEnabled(False)
        self.owner.write(after=self)

    def show_report(self, report: ImportReport) -> None:
        self.result = report
        lines = [report.summary()]
        lines += [
            self.tr("Mã hộ {old} đã có: hộ mới được đặt mã {new}.").format(old=old, new=new)
            for old, new in report.codes_changed
        ]
        if report.backup:
            lines.append(self.tr("Bản sao lưu trước khi nhập: {path}").format(path=report.backup))
        self.report.setPlainText("\n".join(lines))
        self.completeChanged.emit()

    def show_message(self, text: str, *, again: bool) -> None:
        self.report.setPlainText(text)
        self.start.setEnabled(again)

    def isComplete(self) -> bool:
        return self.result is not None


# ----------------------------------------------------------------------------- the wizard
class ImportWizard(QWizard):
    imported = Signal(object)  # ImportReport

    def __init__(
        self,
        database: Database,
        rulebooks: dict[str, Rulebook],
        villages: list[str],
        folder: Path,
        today: dt.date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Nhập danh sách từ Excel"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.resize(1100, 680)
        self.database = database
        self.rulebooks = rulebooks
        self.villages = villages
        self.folder = folder
        self.today = today or dt.date.today()
        self.exchange = False
        self.source: ListSource | None = None
        self.plan: ImportPlan | None = None
        self.busy = False
        self._advance_from: QWizardPage | None = None
        self._job: Background | None = None
        self._on_done: Callable[[Any], None] = lambda _result: None
        self._on_failed: Callable[[str], None] = lambda _message: None

        self.file_page = FilePage(self)
        self.mapping_page = MappingPage(self)
        self.preview_page = PreviewPage(self)
        self.matches_page = MatchesPage(self)
        self.run_page = RunPage(self)
        self.pages = [self.file_page, self.mapping_page, self.preview_page, self.matches_page, self.run_page]
        for page in self.pages:
            self.addPage(page)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.status = QLabel()
        footer = QWidget()
        footer_layout = QHBoxLayout(footer)
        footer_layout.setContentsMargins(0, 0, 0, 0)
        footer_layout.addWidget(self.status, 1)
        footer_layout.addWidget(self.progress, 1)
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("&Tiếp >"))
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("< &Quay lại"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("&Xong"))
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("&Huỷ"))
        self.footer = footer  # status and progress: moved onto the page that starts a step

    # -- page flow ----------------------------------------------------------------------------
    def nextId(self) -> int:
        current = self.currentId()
        if current == 0 and self.exchange:
            return 2  # the exchange workbook needs no mapping
        return super().nextId()

    def ready_for(self, page: QWizardPage) -> bool:
        """True once the work started from ``page`` has finished: the wizard may go on."""
        if self._advance_from is page and not self.busy:
            self._advance_from = None
            return True
        return False

    def _move_footer(self) -> None:
        page = self.currentPage()
        layout = page.layout() if page is not None else None
        if layout is not None and self.footer.parent() is not page:
            layout.addWidget(self.footer)

    # -- work on the worker thread --------------------------------------------------------------
    def _run(self, job: Job, done: Callable[[Any], None], failed: Callable[[str], None], what: str) -> None:
        if self._job is not None:
            return
        self.busy = True
        self._move_footer()
        self.status.setText(what)
        self.progress.setVisible(True)
        self.progress.setRange(0, 0)
        for page in self.pages:
            page.completeChanged.emit()
        self._on_done, self._on_failed = done, failed
        self._job = Background(
            self,
            ImportTask(job),
            progressed=self._progressed,
            finished=self._task_finished,
            failed=self._task_failed,
            cancelled=self._task_cancelled,
        )
        self._job.start()

    def _task_finished(self, result: object) -> None:
        done = self._on_done
        self._finish(lambda: done(result))

    def _task_failed(self, message: str) -> None:
        failed = self._on_failed
        self._finish(lambda: failed(message))

    def _task_cancelled(self) -> None:
        failed = self._on_failed
        self._finish(lambda: failed(self.tr("Đã huỷ: chưa ghi gì.")))

    def _progressed(self, done: int, total: int, what: str) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.status.setText(what)

    def _finish(self, then: Callable[[], None]) -> None:
        if self._job is not None:
            self._job.stop()
        self._job = None
        self.busy = False
        self.progress.setVisible(False)
        self.status.clear()
        then()
        for page in self.pages:
            page.completeChanged.emit()

    def _advance(self, page: QWizardPage) -> None:
        self._advance_from = page
        self.next()

    def is_running(self) -> bool:
        return self._job is not None

    def reject(self) -> None:
        if self._job is not None:
            self._job.cancel()
            self.status.setText(self.tr("Đang huỷ…"))
            return
        super().reject()

    def done(self, result: int) -> None:
        if self._job is not None:
            self._job.cancel()
            self._job.stop()
        super().done(result)

    # -- steps ----------------------------------------------------------------------------------
    def read(self, path: Path, sheet: str | None, *, after: QWizardPage) -> None:
        def job(_progress: Callable[[int, int, str], None], _cancelled: Callable[[], bool]) -> object:
            return read_list(path, sheet)

        def done(source: ListSource) -> None:
            self.source = source
            self.mapping_page.show_source(source, self.villages, self.today.year - 1)
            self._advance(after)

        self._run(job, done, self._show_error, self.tr("Đang đọc tệp…"))

    def make_plan(self, mapping: Mapping, *, after: QWizardPage | None) -> None:
        source = self.source
        assert source is not None

        def job(_progress: Callable[[int, int, str], None], _cancelled: Callable[[], bool]) -> object:
            with self.database.session() as session:
                return plan_list(session, source, mapping, self.rulebooks, today=self.today)

        self._run(job, lambda plan: self._planned(plan, after), self._show_error, self.tr("Đang kiểm tra…"))

    def make_plan_of_exchange(self, path: Path, *, after: QWizardPage | None) -> None:
        self.source = None

        def job(_progress: Callable[[int, int, str], None], _cancelled: Callable[[], bool]) -> object:
            with self.database.session() as session:
                return plan_exchange(session, path, self.rulebooks, today=self.today)

        self._run(job, lambda plan: self._planned(plan, after), self._show_error, self.tr("Đang kiểm tra…"))

    def _planned(self, plan: ImportPlan, after: QWizardPage | None) -> None:
        self.plan = plan
        self.preview_page.show_plan(plan)
        if after is not None:
            self._advance(after)

    def reread(self) -> None:
        """Read the file again (after the user fixed it in Excel) with the same mapping."""
        path = Path(self.file_page.path.text().strip())
        if self.exchange:
            self.make_plan_of_exchange(path, after=None)
            return
        mapping = self.mapping_page.mapping()
        sheet = self.file_page.sheet.currentData()

        def job(_progress: Callable[[int, int, str], None], _cancelled: Callable[[], bool]) -> object:
            source = read_list(path, sheet)
            with self.database.session() as session:
                return source, plan_list(session, source, mapping, self.rulebooks, today=self.today)

        def done(result: tuple[ListSource, ImportPlan]) -> None:
            self.source = result[0]
            self._planned(result[1], None)

        self._run(job, done, self._show_error, self.tr("Đang đọc lại tệp…"))

    def write(self, *, after: RunPage) -> None:
        plan = self.plan
        assert plan is not None

        def job(progress: Callable[[int, int, str], None], cancelled: Callable[[], bool]) -> object:
            return run_import(self.database, plan, today=self.today, progress=progress, cancelled=cancelled)

        def done(report: ImportReport) -> None:
            after.show_report(report)
            self.button(QWizard.WizardButton.CancelButton).setEnabled(False)
            self.button(QWizard.WizardButton.BackButton).setEnabled(False)
            self.imported.emit(report)

        def failed(message: str) -> None:
            after.show_message(self.tr("Không nhập được: {m} Cơ sở dữ liệu giữ nguyên.").format(m=message), again=True)

        self._run(job, done, failed, self.tr("Đang ghi…"))

    def _show_error(self, message: str) -> None:
        self.status.setText(message)
        page = self.currentPage()
        if page is self.file_page:
            self.file_page.info.setText(message)
        elif page is self.mapping_page:
            self.mapping_page.status.setText(message)
        elif page is self.preview_page:
            self.preview_page.summary.setText(message)
