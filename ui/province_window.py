"""The province's store in the GUI (docs/province.md): what is loaded and what is missing, the
province's dashboard (the commune dashboard's charts, one row per commune) and forms 7.1–7.10 of a
round, each read on a worker thread with progress and cancel. Loading into the store is in the
merge window (`ui.merge_window`), with the same workers.

The store is a SQLite file (default: `province.sqlite3` in the user's data folder) or a PostgreSQL
URL; it is remembered in QSettings "province/store". A server's password is never shown: the store
is named by `ranoat.province.store.describe`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QSettings, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ranoat.domain.vietnamese import format_number
from ranoat.merge import InputReport, Level
from ranoat.merge.seal import SealKeys
from ranoat.province.answers import Status
from ranoat.province.forms import CancelledError, ProvinceForms
from ranoat.province.store import StoreError, default_store_path
from ranoat.rules.rulebook import Rulebook
from ui.background import WorkDialog, Worker

if TYPE_CHECKING:  # imported when the window is made: matplotlib takes ~1.2 s to import
    from ui.widgets.dashboard_page import DashboardPage

STORE_SETTING = "province/store"
LOADED_COLUMNS = 8  # commune, code, round, exported at, households, members, older copies, checksum


def saved_store() -> str:
    """The store last used (QSettings), else the default SQLite file."""
    return str(QSettings().value(STORE_SETTING, "") or default_store_path())


def remember_store(spec: str) -> None:
    QSettings().setValue(STORE_SETTING, spec)


def round_text(year: int, kind: str, month: int) -> str:
    if kind == "periodic":
        return QCoreApplication.translate("ProvinceWindow", "{year} — định kỳ").format(year=year)
    if kind == "general":
        return QCoreApplication.translate("ProvinceWindow", "{year} — tổng rà soát").format(year=year)
    return QCoreApplication.translate("ProvinceWindow", "{year} — thường xuyên tháng {month}").format(
        year=year, month=month
    )


@dataclass(frozen=True)
class Loaded:
    """What a load into the store gave: one report per input loaded (fewer when cancelled)."""

    store: str
    reports: list[InputReport]
    cancelled: bool


@dataclass(frozen=True)
class Read:
    """The store's status, and the round's forms when asked (None: the store has no round)."""

    store: str
    status: Status
    forms: ProvinceForms | None
    written: Path | None = None


class StoreLoadWorker(Worker):
    """Loads the inputs into the store, one transaction per commune; cancel stops before the next input."""

    def __init__(
        self,
        store: str,
        paths: list[Path],
        rulebooks: dict[str, Rulebook],
        keys: SealKeys | None = None,
        workers: int = 1,
    ) -> None:
        """``workers`` > 1: the inputs are checked in that many spawned processes (`load_files`)."""
        super().__init__()
        self._store, self._paths, self._rulebooks, self._keys = store, paths, rulebooks, keys
        self._workers = workers

    def run(self) -> None:
        from ranoat.province.load import load_files
        from ranoat.province.store import open_store

        try:
            store = open_store(self._store)
            try:
                reports = load_files(
                    store,
                    self._paths,
                    self._rulebooks,
                    keys=self._keys,
                    progress=self.progressed.emit,
                    cancelled=lambda: self.cancel_requested,
                    workers=self._workers,
                )
            finally:
                store.close()
        except StoreError as exc:
            self.failed.emit(str(exc))
            return
        self.finished.emit(Loaded(store.name, reports, self.cancel_requested and len(reports) < len(self._paths)))


class StoreReadWorker(Worker):
    """Reads the store's status and (``round_key``, or the newest round) its forms; writes them to
    ``out`` when given."""

    def __init__(
        self,
        store: str,
        rulebooks: dict[str, Rulebook],
        round_key: tuple[int, str, int] | None = None,
        out: Path | None = None,
        level: Level = Level.PROVINCE,
        name: str = "",
    ) -> None:
        super().__init__()
        self._store, self._rulebooks, self._round, self._out = store, rulebooks, round_key, out
        self._level, self._name = level, name

    def run(self) -> None:
        from ranoat.province.answers import status
        from ranoat.province.forms import province_forms, write_forms
        from ranoat.province.store import open_store

        try:
            store = open_store(self._store)
            try:
                found = status(store)
                key = self._round or (max(found.missing) if found.missing else None)
                forms = None
                if key is not None:
                    forms = province_forms(
                        store,
                        self._rulebooks,
                        year=key[0],
                        kind=key[1],
                        progress=self.progressed.emit,
                        cancelled=lambda: self.cancel_requested,
                    )
            finally:
                store.close()
            if self._out is not None and forms is not None and forms.communes:
                write_forms(forms, self._out, self._level, self._name)
        except CancelledError:
            self.cancelled.emit()
            return
        except StoreError as exc:
            self.failed.emit(str(exc))
            return
        except OSError as exc:
            self.failed.emit(f"{exc.filename or self._out}: {exc.strerror}")
            return
        self.finished.emit(Read(store.name, found, forms, self._out if forms is not None else None))


class ProvinceWindow(WorkDialog):
    """Kho dữ liệu của tỉnh."""

    def __init__(self, rulebooks: dict[str, Rulebook], store: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Kho dữ liệu của tỉnh"))
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.resize(1280, 720)
        self._rulebooks = rulebooks
        self.read: Read | None = None
        self._pending: tuple[tuple[int, str, int] | None, Path | None] | None = None

        self.store = QLineEdit(store or saved_store())
        self.store.setToolTip(
            self.tr(
                "Tệp SQLite trên máy này, hoặc địa chỉ máy chủ postgresql+psycopg://người_dùng@máy:cổng/cơ_sở "
                "(mật khẩu: biến môi trường RANOAT_STORE_PASSWORD, không lưu ở đây)."
            )
        )
        browse = QPushButton(self.tr("Chọn tệp…"))
        browse.clicked.connect(self._browse_store)
        self.refresh_button = QPushButton(self.tr("&Làm mới"))
        self.refresh_button.clicked.connect(lambda: self.refresh())
        self.rounds = QComboBox()
        self.rounds.setMinimumContentsLength(24)
        self.rounds.activated.connect(self._round_chosen)
        top = QHBoxLayout()
        store_label = QLabel(self.tr("&Kho:"))
        store_label.setBuddy(self.store)
        top.addWidget(store_label)
        top.addWidget(self.store, 1)
        top.addWidget(browse)
        top.addWidget(self.refresh_button)
        top.addWidget(QLabel(self.tr("Đợt rà soát:")))
        top.addWidget(self.rounds)

        self.table = QTableWidget(0, LOADED_COLUMNS)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Xã"),
                self.tr("Mã xã"),
                self.tr("Đợt"),
                self.tr("Xuất lúc"),
                self.tr("Số hộ"),
                self.tr("Nhân khẩu"),
                self.tr("Bản cũ"),
                self.tr("Mã kiểm tra (SHA-256)"),
            ]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.missing = QLabel()
        self.missing.setWordWrap(True)
        self.missing.setTextFormat(Qt.TextFormat.PlainText)
        loaded = QWidget()
        loaded_layout = QVBoxLayout(loaded)
        loaded_layout.addWidget(self.table, 1)
        loaded_layout.addWidget(self.missing)
        from ui.widgets.dashboard_page import DashboardPage  # matplotlib: only when the window opens

        self.dashboard: DashboardPage = DashboardPage(communes=True)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.dashboard, self.tr("Tổng hợp"))
        self.tabs.addTab(loaded, self.tr("Sổ đã nạp"))

        self.progress = QProgressBar()
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.status = QLabel(self.tr("Bấm «Làm mới» để đọc kho."))
        self.status.setWordWrap(True)
        self.buttons = QDialogButtonBox()
        self.export_button = self.buttons.addButton(
            self.tr("Xuất &biểu 7.1–7.10…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.export_button.setEnabled(False)
        self.export_button.clicked.connect(self._ask_export)
        self.cancel_button = self.buttons.addButton(self.tr("Đó&ng"), QDialogButtonBox.ButtonRole.RejectRole)
        self.cancel_button.clicked.connect(self.cancel)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)

    # ------------------------------------------------------------------ reading
    def store_spec(self) -> str:
        return self.store.text().strip() or str(default_store_path())

    def refresh(self, round_key: tuple[int, str, int] | None = None, out: Path | None = None) -> None:
        """Read the store (and the round's forms; ``out``: write them there) on a worker thread."""
        if self._job is not None:
            return
        remember_store(self.store_spec())
        self.refresh_button.setEnabled(False)
        self.export_button.setEnabled(False)
        self.cancel_button.setText(self.tr("&Huỷ"))
        self.status.setText(self.tr("Đang đọc kho…"))
        self.run_in_background(StoreReadWorker(self.store_spec(), self._rulebooks, round_key, out))

    def chosen_round(self) -> tuple[int, str, int] | None:
        data: Any = self.rounds.currentData()
        return (int(data[0]), str(data[1]), int(data[2])) if data else None

    def _round_chosen(self, _index: int) -> None:
        self.refresh(self.chosen_round())

    def _browse_store(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Chọn tệp kho dữ liệu"),
            self.store_spec(),
            self.tr("Kho SQLite (*.sqlite3)"),
            options=QFileDialog.Option.DontConfirmOverwrite,
        )
        if chosen:
            self.store.setText(chosen)
            self.refresh()

    def _ask_export(self) -> None:
        key = self.chosen_round()
        if key is None:
            return
        suggested = str(Path(self.store_spec()).parent / f"bieu-tong-hop-{key[0]}.xlsx")
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Ghi biểu 7.1–7.10"), suggested, "Excel (*.xlsx)")
        if name:
            self.refresh(key, Path(name if name.lower().endswith(".xlsx") else name + ".xlsx"))

    # ------------------------------------------------------------------ results
    def _finished(self, result: Read) -> None:
        self._done()
        self.read = result
        self._show_loaded(result.status)
        key = (result.forms.round_year, result.forms.round_kind) if result.forms is not None else None
        self.rounds.clear()
        for year, kind, month in sorted(result.status.missing, reverse=True):
            self.rounds.addItem(round_text(year, kind, month), [year, kind, month])
            if key == (year, kind):
                self.rounds.setCurrentIndex(self.rounds.count() - 1)
        forms = result.forms
        if forms is None or not forms.communes:
            self.status.setText(self.tr("Kho {store} chưa có sổ nào.").format(store=result.store))
            return
        from ranoat.province.dashboard import province_dashboard

        self.dashboard.show_round(province_dashboard(forms))
        self.export_button.setEnabled(True)
        text = self.tr("Kho {store}: {communes} xã, {households} hộ, {members} nhân khẩu trong đợt {round}.").format(
            store=result.store,
            communes=format_number(len(forms.communes)),
            households=format_number(forms.household_count),
            members=format_number(forms.member_count),
            round=self.rounds.currentText(),
        )
        if result.written is not None:
            text += " " + self.tr("Đã ghi biểu 7.1–7.10 vào {path}.").format(path=result.written)
        self.status.setText(text)

    def _show_loaded(self, found: Status) -> None:
        self.table.setRowCount(len(found.loaded))
        for row, item in enumerate(found.loaded):
            cells = [
                item.commune_name,
                item.commune_code,
                round_text(item.round_year, item.round_kind, item.round_month),
                item.exported_at or self.tr("không rõ"),
                format_number(item.households),
                format_number(item.members),
                format_number(item.history) if item.history else "",
                item.data_sha256[:16] + "…",
            ]
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setToolTip(item.file if column == 0 else text)
                self.table.setItem(row, column, cell)
        self.table.resizeColumnsToContents()
        lines = [
            self.tr("Đợt {round}: còn thiếu {n} xã: {names}").format(
                round=round_text(*key), n=format_number(len(who)), names=", ".join(f"{n} ({c})" for c, n in who)
            )
            for key, who in sorted(found.missing.items(), reverse=True)
            if who
        ]
        self.missing.setText("\n".join(lines) or self.tr("Mọi xã trong kho đã có sổ của từng đợt đã nạp."))

    def _failed(self, message: str) -> None:
        self._done()
        self.status.setText(self.tr("Không đọc được kho: {message}").format(message=message))

    def _cancelled(self) -> None:
        self._done()
        self.progress.setValue(0)
        self.status.setText(self.tr("Đã huỷ: không ghi tệp nào."))

    def _done(self) -> None:
        self._stop_job()
        self.refresh_button.setEnabled(True)
        self.cancel_button.setText(self.tr("Đó&ng"))

    def closeEvent(self, event: object) -> None:
        if self._job is not None and self.is_running():
            self._job.cancel()
            self._done()
        super().closeEvent(event)  # type: ignore[arg-type]
