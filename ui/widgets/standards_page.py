"""The "Chuẩn nghèo" page: the standards we know, their validity and gaps, and the calculator.

A province's own standard (`Rulebook.province`) is loaded here from a file ("Nạp chuẩn nghèo của
tỉnh…", `install_rulebook`: validated with the shipped rulebooks' schema, then copied into the data
folder) and listed with the national ones; the page adds it to the rulebooks it was given, which
are the main window's, so that a round opened afterwards can use it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QGroupBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ranoat.domain.vietnamese import format_date
from ranoat.rules.rulebook import Rulebook, RulebookError, install_rulebook, standard_on
from ui.i18n import localized
from ui.widgets.calculator import PovertyCalculator


class StandardsPage(QWidget):
    def __init__(
        self,
        rulebooks: dict[str, Rulebook],
        today: dt.date,
        parent: QWidget | None = None,
        *,
        user_dir: Path | None = None,
    ):
        super().__init__(parent)
        self._rulebooks = rulebooks
        self._today = today
        self._user_dir = user_dir  # where loaded provincial standards go (None: the user's data folder)
        self.table = QTableWidget(len(rulebooks), 3)
        self.table.setHorizontalHeaderLabels([self.tr("Chuẩn"), self.tr("Hiệu lực"), self.tr("Còn thiếu")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column in (0, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self._fill_table()

        self.load_button = QPushButton(self.tr("&Nạp chuẩn nghèo của tỉnh…"))
        self.load_button.setToolTip(
            self.tr("Nạp tệp chuẩn nghèo riêng của tỉnh (YAML, cùng định dạng với các chuẩn quốc gia).")
        )
        self.load_button.clicked.connect(self._choose_file)
        self.load_status = QLabel()
        self.load_status.setWordWrap(True)
        problems = getattr(rulebooks, "problems", ())
        if problems:
            self.load_status.setText(
                self.tr("Không dùng được tệp chuẩn nghèo trong thư mục dữ liệu: {problems}").format(
                    problems="; ".join(problems)
                )
            )

        self.details = QTextBrowser()
        self.details.setOpenLinks(False)

        default = standard_on(rulebooks, today)
        self.calculator = PovertyCalculator(rulebooks, default)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(QLabel(self.tr("<b>Các chuẩn nghèo</b>")))
        left_layout.addWidget(self.table)
        left_layout.addWidget(self.load_button)
        left_layout.addWidget(self.load_status)
        details_box = QGroupBox(self.tr("Căn cứ pháp lý và phần còn thiếu"))
        details_layout = QVBoxLayout(details_box)
        details_layout.addWidget(self.details)
        left_layout.addWidget(details_box, 1)

        right = QGroupBox(self.tr("Máy tính phân loại hộ"))
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.calculator)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([440, 900])
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

        self.table.currentCellChanged.connect(self._row_changed)
        self.table.selectRow(list(rulebooks).index(default))
        self.calculator.standard.currentIndexChanged.connect(self._follow_calculator)

    def _fill_table(self) -> None:
        self.table.setRowCount(len(self._rulebooks))
        for row, book in enumerate(self._rulebooks.values()):
            validity = book.model.validity
            state = self.tr(" (đang áp dụng)") if book.in_force_on(self._today) else ""
            if book.province is not None:
                state += self.tr(" — chuẩn của tỉnh {name}").format(name=book.province.name)
            missing = book.missing()
            cells = [
                book.id,
                f"{format_date(validity.valid_from)} – {format_date(validity.valid_to)}{state}",
                self.tr("{n} mục").format(n=len(missing)) if missing else self.tr("đủ"),
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, book.id)
                item.setToolTip(localized(book.model.title))
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()

    def _choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Nạp chuẩn nghèo của tỉnh"), "", self.tr("Tệp chuẩn nghèo (*.yaml *.yml)")
        )
        if path:
            self.load_file(Path(path))

    def load_file(self, path: Path) -> Rulebook | None:
        """Validate and install a provincial standard, add it to the list; None (and the reason
        shown under the list) when the file is refused."""
        try:
            book = install_rulebook(path, self._rulebooks, self._user_dir)
        except (RulebookError, OSError) as exc:
            self.load_status.setText(self.tr("Không nạp được chuẩn nghèo: {error}").format(error=exc))
            return None
        books = {**self._rulebooks, book.id: book}
        self._rulebooks.clear()  # the main window's dict: in place, in chronological order
        self._rulebooks.update(sorted(books.items(), key=lambda item: item[1].model.validity.valid_from))
        self._fill_table()
        self.calculator.standard.blockSignals(True)
        self.calculator.standard.clear()
        for each in self._rulebooks.values():
            self.calculator.standard.addItem(f"{each.id} — {localized(each.model.title)}", each.id)
        self.calculator.standard.blockSignals(False)
        self.table.selectRow(list(self._rulebooks).index(book.id))
        self.load_status.setText(
            self.tr("Đã nạp chuẩn nghèo {id} của tỉnh {province} vào thư mục dữ liệu.").format(
                id=book.id, province=book.province.name if book.province else ""
            )
        )
        return book

    def _row_changed(self, row: int, _column: int, _old_row: int, _old_column: int) -> None:
        if row < 0:
            return
        book = list(self._rulebooks.values())[row]
        self.details.setHtml(self._describe(book))
        index = self.calculator.standard.findData(book.id)
        if index != self.calculator.standard.currentIndex():
            self.calculator.standard.setCurrentIndex(index)

    def _follow_calculator(self) -> None:
        row = self.calculator.standard.currentIndex()
        if row != self.table.currentRow():
            self.table.selectRow(row)

    def _describe(self, book: Rulebook) -> str:
        basis = "".join(f"<li>{doc.document}</li>" for doc in book.model.legal_basis)
        missing = book.missing()
        if missing:
            gaps = "".join(f"<li>{localized(item)}</li>" for item in missing)
            gap_html = self.tr(
                "<p><b>Còn thiếu</b> (chưa có trong văn bản hoặc chưa được xác minh):</p><ul>{items}</ul>"
            )
            gap_text = gap_html.format(items=gaps)
        else:
            gap_text = self.tr("<p>Không thiếu giá trị nào.</p>")
        province = book.province
        scope = (
            self.tr(
                "<p>Chuẩn riêng của tỉnh <b>{name}</b> (mã tỉnh {code}), nâng chuẩn quốc gia {raises}; "
                "chỉ dùng cho các xã của tỉnh này.</p>"
            ).format(name=province.name, code=province.code, raises=province.raises)
            if province is not None
            else ""
        )
        digest = self.tr("<p>Mã băm (SHA-256) của dữ liệu: <code>{sha}</code><br>Tệp: {path}</p>").format(
            sha=book.sha256, path=book.path
        )
        return self.tr("<p><b>{title}</b></p>{scope}<p>Căn cứ:</p><ul>{basis}</ul>{gaps}{digest}").format(
            title=localized(book.model.title), scope=scope, basis=basis, gaps=gap_text, digest=digest
        )
