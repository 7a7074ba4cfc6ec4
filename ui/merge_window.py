"""The merge window of the level above: add the communes' workbooks (files, a folder, or drag and
drop), see each input's status, merge on a worker thread with progress and cancel, open the result.

The merge level and the unit's name are settings (QSettings "merge/level", "merge/name"): they name
the header of the merged lists and forms. The province's seal keys file is one too ("merge/keys"):
with it each commune's seal is verified (ranoat.merge.seal); without it seals are not checked.
Mixing standards or rounds is refused unless the user confirms after seeing which communes differ.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QUrl
from PySide6.QtGui import QColor, QDesktopServices, QDragEnterEvent, QDropEvent, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ranoat.domain.vietnamese import format_number
from ranoat.excel.document import WorkbookLimitError
from ranoat.excel.reader import RejectCode
from ranoat.merge import (
    InputReport,
    InputStatus,
    Level,
    MergeCancelledError,
    MergeCode,
    MergeResult,
    MergeSettings,
    merge_workbooks,
    write_merged,
)
from ranoat.merge.inputs import expand_inputs, output_conflict
from ranoat.merge.seal import KeysFileError, SealCode, SealKeys, SealStatus, read_keys
from ranoat.province.load import default_workers
from ranoat.rules.rulebook import Rulebook
from ui.background import WorkDialog, Worker
from ui.province_window import Loaded, ProvinceWindow, StoreLoadWorker, remember_store, saved_store

COLUMNS = 5  # file, result, communes, households, reason
MIXED = {MergeCode.OTHER_STANDARD.value, MergeCode.OTHER_ROUND.value}


class MergeWorker(Worker):
    """Reads, checks and writes the merge on a worker thread."""

    def __init__(
        self,
        paths: list[Path],
        rulebooks: dict[str, Rulebook],
        out: Path,
        settings: MergeSettings,
        allow_mixed: bool,
        keys: SealKeys | None = None,
    ) -> None:
        super().__init__()
        self._paths = paths
        self._rulebooks = rulebooks
        self._out = out
        self._settings = settings
        self._allow_mixed = allow_mixed
        self._keys = keys

    def run(self) -> None:
        files = len(self._paths)
        total = files + 5

        def reading(done: int, _total: int, what: str) -> None:
            self.progressed.emit(min(done, files), total, what)

        def writing(done: int, _total: int, what: str) -> None:
            if self.cancel_requested:
                raise MergeCancelledError
            self.progressed.emit(files + 1 + done, total, what)

        try:
            result = merge_workbooks(
                self._paths,
                self._rulebooks,
                allow_mixed=self._allow_mixed,
                progress=reading,
                cancelled=lambda: self.cancel_requested,
                keys=self._keys,
            )
            if result.merged_any:
                write_merged(result, self._out, self._settings, progress=writing)
        except MergeCancelledError:
            self.cancelled.emit()
        except OSError as exc:
            self.failed.emit(f"{exc.filename or self._out}: {exc.strerror}")
        except WorkbookLimitError as exc:  # a sheet Excel cannot hold: nothing written, the message says which
            self.failed.emit(str(exc))
        else:
            self.finished.emit(result)


class MergeWindow(WorkDialog):
    """Gộp sổ của các xã."""

    def __init__(self, rulebooks: dict[str, Rulebook], folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Gộp sổ trao đổi của các xã"))
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.resize(1100, 620)
        self.setAcceptDrops(True)
        self._rulebooks = rulebooks
        self._paths: list[Path] = []
        self._allow_mixed = False
        self.merge_result: MergeResult | None = None
        self.loaded: Loaded | None = None  # the last load into the store (None: none since the inputs changed)
        self.result_path: Path | None = None
        self.open_folder_when_done = True
        settings = QSettings()

        hint = QLabel(
            self.tr(
                "Thêm các sổ trao đổi do xã xuất (tệp .xlsx), cả thư mục, hoặc kéo thả tệp vào đây. "
                "Tệp hỏng, bị sửa tay hoặc không phải sổ trao đổi sẽ bị từ chối và nêu lý do; "
                "người trùng giữa các xã chỉ được liệt kê để xác minh, không tự gộp."
            )
        )
        hint.setWordWrap(True)
        add_files = QPushButton(self.tr("Thêm &tệp…"))
        add_folder = QPushButton(self.tr("Thêm thư &mục…"))
        self.remove_button = QPushButton(self.tr("&Bỏ tệp đã chọn"))
        clear = QPushButton(self.tr("Bỏ &hết"))
        add_files.clicked.connect(self._browse_files)
        add_folder.clicked.connect(self._browse_folder)
        self.remove_button.clicked.connect(self.remove_selected)
        clear.clicked.connect(self.clear)
        buttons_row = QHBoxLayout()
        for button in (add_files, add_folder, self.remove_button, clear):
            buttons_row.addWidget(button)
        buttons_row.addStretch(1)

        self.table = QTableWidget(0, COLUMNS)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Tệp"), self.tr("Kết quả"), self.tr("Xã"), self.tr("Số hộ"), self.tr("Lý do, ghi chú")]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(0, 260)
        self.table.setColumnWidth(1, 110)
        self.table.setColumnWidth(2, 150)
        self.table.setColumnWidth(3, 80)
        self.table.installEventFilter(self)  # Delete removes the selected files

        self.level = QComboBox()
        for level, label in (
            (Level.PROVINCE, self.tr("Tỉnh")),
            (Level.DISTRICT, self.tr("Huyện")),
            (Level.CLUSTER, self.tr("Cụm xã")),
        ):
            self.level.addItem(label, level.value)
        saved = self.level.findData(settings.value("merge/level", Level.PROVINCE.value))
        self.level.setCurrentIndex(max(saved, 0))
        self.unit_name = QLineEdit(str(settings.value("merge/name", "")))
        self.unit_name.setPlaceholderText(self.tr("để trống: tên tỉnh của các xã"))
        self.out = QLineEdit(str(folder / "tong-hop-ra-soat.xlsx"))
        browse_out = QPushButton(self.tr("Chọn…"))
        browse_out.clicked.connect(self._browse_out)
        out_row = QHBoxLayout()
        out_row.addWidget(self.out, 1)
        out_row.addWidget(browse_out)
        self.keys = QLineEdit(str(settings.value("merge/keys", "")))
        self.keys.setPlaceholderText(self.tr("để trống: không kiểm tra niêm phong"))
        self.keys.setToolTip(
            self.tr(
                "Tệp khoá niêm phong của tỉnh (ranoat seal new-key): có tệp này, niêm phong của từng xã được kiểm "
                "tra; sổ niêm phong sai, hoặc không niêm phong trong khi tỉnh đã cấp khoá cho xã, bị từ chối."
            )
        )
        browse_keys = QPushButton(self.tr("Chọn tệp kh&oá…"))
        browse_keys.clicked.connect(self._browse_keys)
        keys_row = QHBoxLayout()
        keys_row.addWidget(self.keys, 1)
        keys_row.addWidget(browse_keys)
        self.store = QLineEdit(saved_store())
        self.store.setToolTip(
            self.tr(
                "Kho dữ liệu của tỉnh: tệp SQLite trên máy này, hoặc máy chủ "
                "postgresql+psycopg://người_dùng@máy/cơ_sở. "
                "Nạp vào kho giữ sổ của mọi xã qua các đợt; sổ cũ hơn của một xã được giữ làm lịch sử."
            )
        )
        self.load_button = QPushButton(self.tr("Nạ&p vào kho"))
        self.load_button.setEnabled(False)
        self.load_button.clicked.connect(self.load_to_store)
        open_store = QPushButton(self.tr("&Xem kho…"))
        open_store.clicked.connect(self.open_store)
        store_row = QHBoxLayout()
        store_row.addWidget(self.store, 1)
        store_row.addWidget(self.load_button)
        store_row.addWidget(open_store)
        self.province_window: ProvinceWindow | None = None
        self.open_when_done = QCheckBox(self.tr("Mở thư mục chứa tệp khi xong"))
        self.open_when_done.setChecked(True)
        form = QFormLayout()
        form.addRow(self.tr("&Cấp tổng hợp:"), self.level)
        form.addRow(self.tr("Tên đơn &vị:"), self.unit_name)
        out_label = QLabel(self.tr("Tệp &kết quả:"))
        out_label.setBuddy(self.out)
        form.addRow(out_label, out_row)
        keys_label = QLabel(self.tr("Tệp khoá niêm phong:"))
        keys_label.setBuddy(self.keys)
        form.addRow(keys_label, keys_row)
        store_label = QLabel(self.tr("Kho của tỉnh:"))
        store_label.setBuddy(self.store)
        form.addRow(store_label, store_row)
        form.addRow("", self.open_when_done)

        self.progress = QProgressBar()
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.status = QLabel(self.tr("Chưa có tệp nào."))
        self.status.setWordWrap(True)
        self.buttons = QDialogButtonBox()
        self.start_button = self.buttons.addButton(self.tr("&Gộp"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(self.tr("Đó&ng"), QDialogButtonBox.ButtonRole.RejectRole)
        self.start_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel)
        self.start_button.setEnabled(False)

        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addLayout(buttons_row)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)

    # ------------------------------------------------------------------ inputs
    def add_paths(self, paths: list[Path]) -> None:
        """Add files (folders: their .xlsx files); a file already in the list is not added twice."""
        known = {p.resolve() for p in self._paths}
        for path in expand_inputs(paths):
            if path.resolve() not in known:
                known.add(path.resolve())
                self._paths.append(path)
        self.merge_result = None
        self.loaded = None
        self._allow_mixed = False
        self._refresh()

    def paths(self) -> list[Path]:
        return list(self._paths)

    def remove_selected(self) -> None:
        rows = sorted({index.row() for index in self.table.selectedIndexes()}, reverse=True)
        for row in rows:
            del self._paths[row]
        self.merge_result = None
        self.loaded = None
        self._refresh()

    def clear(self) -> None:
        self._paths.clear()
        self.merge_result = None
        self.loaded = None
        self._refresh()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.table
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Delete
            and self._job is None
        ):
            self.remove_selected()
            return True
        return super().eventFilter(watched, event)

    def _browse_files(self) -> None:
        chosen, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Chọn sổ trao đổi của các xã"), "", self.tr("Sổ Excel (*.xlsx)")
        )
        self.add_paths([Path(p) for p in chosen])

    def _browse_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, self.tr("Chọn thư mục chứa sổ của các xã"))
        if chosen:
            self.add_paths([Path(chosen)])

    def _browse_out(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(self, self.tr("Ghi sổ tổng hợp"), self.out.text(), "Excel (*.xlsx)")
        if chosen:
            self.out.setText(chosen)

    def _browse_keys(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self, self.tr("Chọn tệp khoá niêm phong của tỉnh"), self.keys.text(), self.tr("Tệp khoá (*.csv)")
        )
        if chosen:
            self.keys.setText(chosen)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        self.add_paths([Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()])
        event.acceptProposedAction()

    def _reports(self) -> dict[Path, InputReport]:
        """The last run's report per input: the merge's, or the load into the store's."""
        if self.merge_result is not None:
            return {r.path: r for r in self.merge_result.inputs}
        return {r.path: r for r in self.loaded.reports} if self.loaded is not None else {}

    def _refresh(self) -> None:
        reports = self._reports()
        names = {c.code: c.name for c in self.merge_result.communes} if self.merge_result is not None else {}
        self.table.setRowCount(len(self._paths))
        labels = {
            InputStatus.MERGED: self.tr("Đã gộp") if self.loaded is None else self.tr("Đã nạp vào kho"),
            InputStatus.REJECTED: self.tr("Từ chối"),
            InputStatus.DUPLICATE_FILE: self.tr("Tệp trùng"),
        }
        for row, path in enumerate(self._paths):
            report = reports.get(path)
            if report is None:
                cells = [path.name, self.tr("Chờ gộp"), "", "", str(path.parent)]
                color = None
            else:
                status = labels[report.status]
                if report.code in MIXED:
                    status = self.tr("Khác chuẩn/kỳ")
                elif report.code == RejectCode.CHECKSUM.value:
                    status = self.tr("Bị sửa tay")
                elif report.code == MergeCode.VISIBLE_MISMATCH.value:
                    status = self.tr("Danh sách/biểu bị sửa")
                elif report.code == MergeCode.CODE_CONFLICT.value:
                    status = self.tr("Trùng mã xã")
                elif report.code == MergeCode.AMBIGUOUS_NEWEST.value:
                    status = self.tr("Không rõ bản mới nhất")
                elif report.status is InputStatus.MERGED and report.warnings:
                    status = self.tr("Đã gộp, cần xem ghi chú")
                elif report.code == SealCode.SEAL_INVALID.value:
                    status = self.tr("Niêm phong sai")
                elif report.code == SealCode.SEAL_MISSING.value:
                    status = self.tr("Thiếu niêm phong")
                reason = report.reason
                if report.seal is not None and report.seal.status is SealStatus.VERIFIED:
                    verified = self.tr("Niêm phong đã xác minh (mã khoá {key_id}).").format(key_id=report.seal.key_id)
                    reason = f"{verified} {reason}".strip()
                cells = [
                    path.name,
                    status,
                    ", ".join(names.get(c, c) for c in report.communes),
                    format_number(report.households) if report.status is InputStatus.MERGED else "",
                    reason,
                ]
                color = {
                    InputStatus.MERGED: QColor("#E3F4E1"),
                    InputStatus.REJECTED: QColor("#FBE3E1"),
                    InputStatus.DUPLICATE_FILE: QColor("#FFF4CE"),
                }[report.status]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if color is not None:
                    item.setBackground(color)
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()
        self.start_button.setEnabled(bool(self._paths) and self._job is None)
        self.load_button.setEnabled(bool(self._paths) and self._job is None)
        if self.merge_result is None and self.loaded is None:
            self.status.setText(
                self.tr("{n} tệp chờ gộp.").format(n=format_number(len(self._paths)))
                if self._paths
                else self.tr("Chưa có tệp nào.")
            )

    # ------------------------------------------------------------------ the merge
    def settings(self) -> MergeSettings:
        return MergeSettings(Level(self.level.currentData()), self.unit_name.text().strip())

    def target(self) -> Path:
        text = self.out.text().strip() or "tong-hop-ra-soat.xlsx"
        return Path(text if text.lower().endswith(".xlsx") else text + ".xlsx")

    def start(self) -> None:
        if self._job is not None or not self._paths:
            return
        stored = QSettings()
        stored.setValue("merge/level", self.level.currentData())
        stored.setValue("merge/name", self.unit_name.text().strip())
        stored.setValue("merge/keys", self.keys.text().strip())
        keys = None
        if self.keys.text().strip():
            try:
                keys = read_keys(Path(self.keys.text().strip()))
            except KeysFileError as exc:
                self.status.setText(str(exc))
                return
        out = self.target()
        conflict = output_conflict(self._paths, out, explicit=False)
        if conflict is not None:
            self.status.setText(conflict)
            return
        inputs = [p for p in self._paths if p.resolve() != out.resolve()]  # an earlier merge's output: replaced
        # the previous run's statuses and file are not this run's: shown as waiting until it ends
        self.merge_result = None
        self.loaded = None
        self.result_path = None
        self._refresh()
        self.start_button.setEnabled(False)
        self.cancel_button.setText(self.tr("&Huỷ"))
        self.status.setText(self.tr("Đang gộp…"))
        self.run_in_background(MergeWorker(inputs, self._rulebooks, out, self.settings(), self._allow_mixed, keys))

    # ------------------------------------------------------------------ the province's store
    def load_to_store(self) -> None:
        """Load the inputs into the province's store on a worker thread (each input through the merge's checks)."""
        if self._job is not None or not self._paths:
            return
        keys = None
        if self.keys.text().strip():
            try:
                keys = read_keys(Path(self.keys.text().strip()))
            except KeysFileError as exc:
                self.status.setText(str(exc))
                return
        spec = self.store.text().strip() or saved_store()
        remember_store(spec)
        self.merge_result = None
        self.loaded = None
        self._refresh()
        self.start_button.setEnabled(False)
        self.load_button.setEnabled(False)
        self.cancel_button.setText(self.tr("&Huỷ"))
        self.status.setText(self.tr("Đang nạp vào kho…"))
        workers = default_workers(len(self._paths))
        self.run_in_background(StoreLoadWorker(spec, list(self._paths), self._rulebooks, keys, workers))

    def open_store(self) -> None:
        spec = self.store.text().strip() or saved_store()
        remember_store(spec)
        self.province_window = ProvinceWindow(self._rulebooks, spec, self)
        self.province_window.show()
        self.province_window.refresh()

    def _loaded(self, result: Loaded) -> None:
        self.loaded = result
        self._refresh()
        done = [r for r in result.reports if r.status is InputStatus.MERGED]
        text = self.tr(
            "Kho {store}: đã nạp {loaded} tệp ({households} hộ); {same} tệp đã có, không đổi; "
            "{rejected} tệp bị từ chối."
        ).format(
            store=result.store,
            loaded=format_number(len(done)),
            households=format_number(sum(r.households for r in done)),
            same=format_number(sum(1 for r in result.reports if r.status is InputStatus.DUPLICATE_FILE)),
            rejected=format_number(sum(1 for r in result.reports if r.status is InputStatus.REJECTED)),
        )
        if result.cancelled:
            text += " " + self.tr("Đã huỷ: {left} tệp chưa nạp (các tệp đã nạp vẫn ở trong kho, đầy đủ).").format(
                left=format_number(len(self._paths) - len(result.reports))
            )
        self.status.setText(text)
        self.cancel_button.setText(self.tr("Đó&ng"))

    def _finished(self, result: MergeResult | Loaded) -> None:
        self._done()
        if isinstance(result, Loaded):
            self._loaded(result)
            return
        self.merge_result = result
        self._refresh()
        mixed = [r for r in result.inputs if MIXED.intersection(r.left_out)]  # also a merged file's commune
        if mixed and not self._allow_mixed:
            names = "\n".join(f"• {r.path.name}: {r.reason}" for r in mixed)
            answer = QMessageBox.question(
                self,
                self.tr("Xã khác chuẩn nghèo hoặc khác kỳ rà soát"),
                self.tr(
                    "Các tệp sau thuộc chuẩn nghèo hoặc kỳ rà soát khác với đa số và chưa được gộp:\n{names}\n\n"
                    "Vẫn gộp cả các tệp này?"
                ).format(names=names),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer == QMessageBox.StandardButton.Yes:
                self._allow_mixed = True
                self.start()
                return
        if not result.merged_any:
            self.status.setText(self.tr("Không gộp được tệp nào: không ghi tệp tổng hợp. Xem lý do trong bảng."))
            self.progress.setValue(0)
            self.cancel_button.setText(self.tr("Đó&ng"))
            return
        self.result_path = self.target()
        rejected = sum(1 for r in result.inputs if r.status is InputStatus.REJECTED)
        self.status.setText(
            self.tr(
                "Đã ghi {path}: {communes} xã, {households} hộ, {members} nhân khẩu. {rejected} tệp bị từ chối; "
                "{people} nhóm người trùng giữa các xã cần xác minh (trang Kiểm tra)."
            ).format(
                path=self.result_path,
                communes=format_number(len(result.communes)),
                households=format_number(result.household_count),
                members=format_number(result.member_count),
                rejected=format_number(rejected),
                people=format_number(len(result.people)),
            )
            + " "
            + self._seal_summary(result)
        )
        self.cancel_button.setText(self.tr("Đó&ng"))
        if self.open_when_done.isChecked() and self.open_folder_when_done:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.result_path.parent)))

    def _seal_summary(self, result: MergeResult) -> str:
        if result.keys_file is None:
            return self.tr("Không kiểm tra niêm phong (chưa chọn tệp khoá niêm phong).")
        verified = sum(1 for r in result.inputs if r.seal is not None and r.seal.status is SealStatus.VERIFIED)
        return self.tr("Niêm phong: {verified}/{inputs} tệp đã xác minh.").format(
            verified=format_number(verified), inputs=format_number(len(result.inputs))
        )

    def _failed(self, message: str) -> None:
        self._done()
        self.status.setText(self.tr("Không ghi được tệp tổng hợp: {message}").format(message=message))
        self.cancel_button.setText(self.tr("Đó&ng"))

    def _cancelled(self) -> None:
        self._done()
        self.progress.setValue(0)
        self.status.setText(self.tr("Đã huỷ: không có tệp nào được ghi."))
        self.cancel_button.setText(self.tr("Đó&ng"))

    def _done(self) -> None:
        self._stop_job()
        self.start_button.setEnabled(bool(self._paths))
        self.load_button.setEnabled(bool(self._paths))

    def closeEvent(self, event: object) -> None:
        if self._job is not None and self.is_running():
            self._job.cancel()
            self._done()
        super().closeEvent(event)  # type: ignore[arg-type]
