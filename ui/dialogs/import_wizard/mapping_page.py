"""Page 2 of the import wizard: the header rows and which column holds which field."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    Qt,
)
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWizardPage,
)

from ranoat.domain.ethnicity import ethnic_groups
from ranoat.importing import values
from ranoat.importing.mapping import Layout, Mapping, remember, save_mapping
from ranoat.importing.sheet import column_letter
from ranoat.operations.importing import (
    ListSource,
)
from ui.dialogs.import_wizard.common import field_names, layout_names

if TYPE_CHECKING:  # the wizard makes the pages and imports them
    from ui.dialogs.import_wizard.wizard import ImportWizard


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
        self.category.addItem(self.tr("theo cột Phân loại, hoặc theo tiêu đề danh sách"), "")
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
