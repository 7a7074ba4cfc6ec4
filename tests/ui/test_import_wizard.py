"""The import wizard (Tệp → Nhập danh sách từ Excel…) walked end to end with pytest-qt: file and
sheet, header and column mapping, the preview with problems and legacy text, matches, the import
off the GUI thread, the report; and a list with errors that cannot go past the preview."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from importing.databases import commune_database
from openpyxl import Workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from ranoat.importing.plan import Choice
from ranoat.rules.rulebook import load_all
from ranoat.storage.database import open_database
from ranoat.storage.models import Household, Member
from ui.dialogs.import_wizard import ImportWizard
from ui.labels import MARK_COLOURS
from ui.main_window import MainWindow

HEADER: list[list[object]] = [
    ["DANH SÁCH HỘ NGHÈO NĂM 2025"],
    ["STT", "Họ và tên", "Quan hệ với chủ hộ", "Năm sinh", None, "Dân tộc", "Thôn"],
    [None, None, None, "Nam", "Nữ", None, None],
]


def workbook(path: Path, body: list[list[object]], *, title: str = "DANH SÁCH HỘ NGHÈO NĂM 2025") -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "DS hộ nghèo"
    rows: list[list[object]] = [[title], *HEADER[1:], *body]
    for row in rows:
        sheet.append(row)
    for ref in ("A1:G1", "A2:A3", "B2:B3", "C2:C3", "D2:E2", "F2:F3", "G2:G3"):
        sheet.merge_cells(ref)
    book.save(path)
    return path


GOOD: list[list[object]] = [
    [1, "Hoaøng Vaên Thaøo", "Chuû hoä", 1968, None, "Nuøng", "Thoân Naø Paøn"],  # VNI text
    [None, "Löông Thò Hoaø", "Vôï", None, 1970, "Taøy", None],
    [2, "Nguyễn Thị Thuỷ", "Chủ hộ", None, 1980, "Kinh", "Thôn Khòn Khẻ"],
]


def open_wizard(qtbot: QtBot, tmp_path: Path) -> tuple[MainWindow, ImportWizard]:
    database = commune_database(tmp_path / "xa.sqlite3")
    window = MainWindow(load_all(), database=database)
    qtbot.addWidget(window)
    window.import_list()
    wizard = window.dialog
    assert isinstance(wizard, ImportWizard)
    return window, wizard


def go_next(qtbot: QtBot, wizard: ImportWizard, page: object) -> None:
    wizard.button(QWizard.WizardButton.NextButton).click()
    qtbot.waitUntil(lambda: wizard.currentPage() is page, timeout=30000)


def choose_file(qtbot: QtBot, wizard: ImportWizard, path: Path) -> None:
    wizard.file_page.path.setText(str(path))
    wizard.file_page.load_sheets()
    assert wizard.file_page.sheet.currentText() == "DS hộ nghèo"
    go_next(qtbot, wizard, wizard.mapping_page)


def test_the_wizard_imports_a_list_end_to_end(qtbot: QtBot, tmp_path: Path) -> None:
    window, wizard = open_wizard(qtbot, tmp_path)
    choose_file(qtbot, wizard, workbook(tmp_path / "ds.xlsx", GOOD))
    mapping = wizard.mapping_page
    assert (mapping.first_row.value(), mapping.last_row.value()) == (2, 3)
    fields = {column: combo.currentData() for column, combo in mapping.combos.items()}
    assert fields == {
        1: "sequence",
        2: "full_name",
        3: "relation",
        4: "birth_year_male",
        5: "birth_year_female",
        6: "ethnicity",
        7: "village",
    }
    assert mapping.year.value() == 2025
    go_next(qtbot, wizard, wizard.preview_page)
    preview = wizard.preview_page
    assert "2 hộ, 3 nhân khẩu; 0 lỗi" in preview.summary.text()
    assert "VNI" in preview.summary.text()
    model = preview.model
    name = model.index(0, 1)
    assert model.data(name) == "Hoàng Văn Thào"
    assert "trước: Hoaøng Vaên Thaøo" in model.data(name, Qt.ItemDataRole.ToolTipRole)
    assert model.data(model.index(1, 1)) == "Lương Thị Hòa"
    assert preview.isComplete()
    go_next(qtbot, wizard, wizard.matches_page)
    assert "Không có hộ nào" in wizard.matches_page.note.text()
    go_next(qtbot, wizard, wizard.run_page)
    run = wizard.run_page
    assert "Sẽ thêm 2 hộ" in run.summary.text()
    assert not wizard.button(QWizard.WizardButton.FinishButton).isEnabled()
    run.start.click()
    qtbot.waitUntil(lambda: run.result is not None, timeout=30000)
    assert "thêm 2 hộ (3 nhân khẩu)" in run.report.toPlainText()
    assert wizard.button(QWizard.WizardButton.FinishButton).isEnabled()
    assert window.database is not None
    with window.database.session() as session:
        assert session.scalar(select(func.count()).select_from(Member)) == 3
        assert session.scalar(select(Household.head_name).order_by(Household.id)) == "Hoàng Văn Thào"
    assert window.register_page is not None
    qtbot.waitUntil(lambda: window.register_page is not None and window.register_page.model.rowCount() == 2)
    wizard.button(QWizard.WizardButton.FinishButton).click()
    window.close()


def test_a_list_with_errors_stops_at_the_preview_with_each_problem_located(qtbot: QtBot, tmp_path: Path) -> None:
    window, wizard = open_wizard(qtbot, tmp_path)
    bad = [list(row) for row in GOOD]
    bad[1][4] = "bảy mươi"
    choose_file(qtbot, wizard, workbook(tmp_path / "loi.xlsx", bad))
    go_next(qtbot, wizard, wizard.preview_page)
    preview = wizard.preview_page
    assert not preview.isComplete()
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    texts = [preview.problems.item(i).text() for i in range(preview.problems.count())]
    assert any("Tệp loi.xlsx, trang “DS hộ nghèo”, dòng 5, cột E (Năm sinh / Nữ)" in t for t in texts)
    model = preview.model
    assert model.data(model.index(1, 4), Qt.ItemDataRole.BackgroundRole).color() == MARK_COLOURS["error"]
    preview.problems.itemClicked.emit(preview.problems.item(0))
    assert preview.table.currentIndex().row() == 1
    # fixed in Excel, read again: the preview clears and the import can go on
    workbook(tmp_path / "loi.xlsx", GOOD)
    wizard.reread()
    qtbot.waitUntil(lambda: preview.isComplete(), timeout=30000)
    assert preview.problems.count() == 0
    assert window.database is not None
    with window.database.session() as session:
        assert session.scalar(select(func.count()).select_from(Household)) == 0
    wizard.reject()
    window.close()


def test_matches_are_shown_and_the_choice_applies(qtbot: QtBot, tmp_path: Path) -> None:
    window, wizard = open_wizard(qtbot, tmp_path)
    path = workbook(tmp_path / "ds.xlsx", GOOD)
    choose_file(qtbot, wizard, path)
    go_next(qtbot, wizard, wizard.preview_page)
    go_next(qtbot, wizard, wizard.matches_page)
    go_next(qtbot, wizard, wizard.run_page)
    wizard.run_page.start.click()
    qtbot.waitUntil(lambda: wizard.run_page.result is not None, timeout=30000)
    wizard.button(QWizard.WizardButton.FinishButton).click()

    window.import_list()
    again = window.dialog
    assert isinstance(again, ImportWizard)
    choose_file(qtbot, again, path)
    go_next(qtbot, again, again.preview_page)
    go_next(qtbot, again, again.matches_page)
    matches = again.matches_page
    assert matches.table.rowCount() == 2
    assert matches.combos[0].currentText() == "Bỏ qua"
    reason = matches.table.item(0, 3)
    assert reason is not None
    assert "cùng họ tên, năm sinh 1968 và thôn" in reason.text()
    matches.choose_all(Choice.ADD)
    go_next(qtbot, again, again.run_page)
    assert "Sẽ thêm 2 hộ, cập nhật 0 hộ, bỏ qua 0 hộ" in again.run_page.summary.text()
    again.run_page.start.click()
    qtbot.waitUntil(lambda: again.run_page.result is not None, timeout=30000)
    assert window.database is not None
    with window.database.session() as session:
        assert session.scalar(select(func.count()).select_from(Household)) == 4
    again.button(QWizard.WizardButton.FinishButton).click()
    window.close()


def test_cancel_during_the_import_keeps_the_wizard_open_and_writes_nothing(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A slow import (the real one, slowed down between its steps) is cancelled from the Cancel button."""
    import time

    import ui.dialogs.import_wizard.wizard as module
    from ranoat.operations.importing import run_import

    def slow(*args: Any, progress: Any, cancelled: Any, **kwargs: Any) -> Any:
        def step(done: int, total: int, what: str) -> None:
            progress(done, total, what)
            deadline = time.monotonic() + 30
            while not cancelled() and time.monotonic() < deadline:
                time.sleep(0.01)

        return run_import(*args, progress=step, cancelled=cancelled, **kwargs)

    monkeypatch.setattr(module, "run_import", slow)
    window, wizard = open_wizard(qtbot, tmp_path)
    choose_file(qtbot, wizard, workbook(tmp_path / "ds.xlsx", GOOD))
    go_next(qtbot, wizard, wizard.preview_page)
    go_next(qtbot, wizard, wizard.matches_page)
    go_next(qtbot, wizard, wizard.run_page)
    wizard.run_page.start.click()
    qtbot.waitUntil(lambda: wizard.progress.isVisible() and wizard.status.text() == "Chuẩn bị ghi", timeout=10000)
    wizard.button(QWizard.WizardButton.CancelButton).click()
    qtbot.waitUntil(lambda: not wizard.is_running(), timeout=30000)
    assert wizard.isVisible()
    assert "Đã huỷ: chưa ghi gì." in wizard.run_page.report.toPlainText()
    assert wizard.run_page.start.isEnabled()
    assert not wizard.run_page.isComplete()
    assert window.database is not None
    with window.database.session() as session:
        assert session.scalar(select(func.count()).select_from(Household)) == 0
    wizard.reject()
    window.close()


def test_every_import_field_has_a_name_in_the_wizard() -> None:
    from ranoat.importing.mapping import FIELDS
    from ui.dialogs.import_wizard.common import field_names

    assert list(field_names()) == [field.key for field in FIELDS]


def test_an_exchange_workbook_needs_no_mapping(qtbot: QtBot, tmp_path: Path) -> None:
    from ranoat.demo import create_demo
    from ranoat.operations.export import export_round, latest_round_id

    rulebooks = load_all()
    create_demo(tmp_path / "demo.sqlite3", households=40, seed=3)
    with open_database(tmp_path / "demo.sqlite3") as demo:
        exchange = export_round(demo, latest_round_id(demo), tmp_path / "so.xlsx", rulebooks).path
    with open_database(tmp_path / "empty.sqlite3", create=True) as database:
        wizard = ImportWizard(database, rulebooks, [], tmp_path)
        qtbot.addWidget(wizard)
        wizard.show()
        wizard.file_page.path.setText(str(exchange))
        wizard.file_page.load_sheets()
        assert "sổ trao đổi của Ranoat" in wizard.file_page.info.text()
        go_next(qtbot, wizard, wizard.preview_page)  # the mapping page is skipped
        assert "40 hộ" in wizard.preview_page.summary.text()
        assert wizard.preview_page.model.rowCount() > 40  # one row per person
        go_next(qtbot, wizard, wizard.matches_page)
        go_next(qtbot, wizard, wizard.run_page)
        # an empty database: a v2 exchange workbook is restored whole (its two rounds, surveys, meetings …)
        assert "khôi phục toàn bộ — 40 hộ, 2 kỳ rà soát" in wizard.run_page.summary.text()
        wizard.run_page.start.click()
        qtbot.waitUntil(lambda: wizard.run_page.result is not None, timeout=30000)
        assert "Đã khôi phục so.xlsx: 40 hộ (144 nhân khẩu), 2 kỳ rà soát" in wizard.run_page.report.toPlainText()
        wizard.button(QWizard.WizardButton.FinishButton).click()


def test_the_preview_says_the_status_the_title_gives_every_household(qtbot: QtBot, tmp_path: Path) -> None:
    """No category column: "DANH SÁCH HỘ CẬN NGHÈO …" makes every household near-poor, said in the
    preview's summary and on each head's row; the import records it (issue #14 item 4)."""
    window, wizard = open_wizard(qtbot, tmp_path)
    choose_file(qtbot, wizard, workbook(tmp_path / "ds.xlsx", GOOD, title="DANH SÁCH HỘ CẬN NGHÈO NĂM 2025"))
    assert "category" not in wizard.mapping_page.mapping().columns
    go_next(qtbot, wizard, wizard.preview_page)
    preview = wizard.preview_page
    assert (
        "Tình trạng khi nhập (theo tiêu đề “DANH SÁCH HỘ CẬN NGHÈO NĂM 2025”): Hộ cận nghèo: 2 hộ."
        in preview.summary.text()
    )
    model = preview.model
    status = model.columnCount() - 1
    assert model.headerData(status, Qt.Orientation.Horizontal) == "Tình trạng khi nhập"
    assert [model.data(model.index(row, status)) for row in range(model.rowCount())] == [
        "Hộ cận nghèo",  # the head of household 1
        "",  # her husband's row: a member
        "Hộ cận nghèo",
    ]
    assert preview.isComplete()
    go_next(qtbot, wizard, wizard.matches_page)
    go_next(qtbot, wizard, wizard.run_page)
    wizard.run_page.start.click()
    qtbot.waitUntil(lambda: wizard.run_page.result is not None, timeout=30000)
    assert "0 hộ nghèo, 2 hộ cận nghèo" in wizard.run_page.report.toPlainText()
    wizard.button(QWizard.WizardButton.FinishButton).click()
    window.close()


def test_the_preview_warns_when_nothing_gives_the_status(qtbot: QtBot, tmp_path: Path) -> None:
    window, wizard = open_wizard(qtbot, tmp_path)
    choose_file(qtbot, wizard, workbook(tmp_path / "ds.xlsx", GOOD, title="DANH SÁCH HỘ GIA ĐÌNH THÔN NÀ PÀN"))
    go_next(qtbot, wizard, wizard.preview_page)
    preview = wizard.preview_page
    assert "không hộ nào có tình trạng nghèo, cận nghèo (xem cảnh báo)" in preview.summary.text()
    assert "0 lỗi, 1 cảnh báo" in preview.summary.text()
    texts = [preview.problems.item(i).text() for i in range(preview.problems.count())]
    assert [t for t in texts if t.startswith("Cảnh báo — ")] == [
        "Cảnh báo — Tệp ds.xlsx, trang “DS hộ nghèo”: Danh sách không có cột phân loại hộ và tiêu đề không ghi "
        "đây là danh sách hộ nghèo hay hộ cận nghèo. Các hộ sẽ được nhập không có tình trạng nghèo, cận nghèo. "
        "Nếu cả danh sách là hộ nghèo (hoặc hộ cận nghèo), hãy chọn điều đó ở mục “Tình trạng hộ” khi ghép cột "
        "(tệp ghép cột: mục “category”); nếu có cột phân loại, hãy ghép cột đó."
    ]
    model = preview.model
    assert model.data(model.index(0, model.columnCount() - 1)) == "Không có tình trạng"
    assert preview.isComplete()  # a warning: the list can still be imported, without statuses
    wizard.reject()
    window.close()


def test_totals_and_blank_rows_do_not_block_the_preview(qtbot: QtBot, tmp_path: Path) -> None:
    """A "Tổng cộng" row with its counts (the count in the name column) and a blank row before it:
    noted with their rows in the preview, not households, and the import can go on (issue #14)."""
    window, wizard = open_wizard(qtbot, tmp_path)
    body: list[list[object]] = [*GOOD, [], ["Tổng cộng", "2 hộ", None, 1, 2, None, None]]  # rows 7 and 8
    choose_file(qtbot, wizard, workbook(tmp_path / "ds.xlsx", body))
    go_next(qtbot, wizard, wizard.preview_page)
    preview = wizard.preview_page
    assert "2 hộ, 3 nhân khẩu; 0 lỗi" in preview.summary.text()
    assert "Bỏ qua 2 dòng không phải hộ" in preview.summary.text()
    texts = [preview.problems.item(i).text() for i in range(preview.problems.count())]
    assert texts == [
        "Ghi chú — Tệp ds.xlsx, trang “DS hộ nghèo”, dòng 7: Dòng trống: bỏ qua.",
        "Ghi chú — Tệp ds.xlsx, trang “DS hộ nghèo”, dòng 8: Dòng tổng cộng “Tổng cộng”: không phải một hộ, bỏ qua.",
    ]
    assert preview.isComplete()
    wizard.reject()
    window.close()


# ----------------------------------------------------------------------------- reading in a child process (#16)
def test_the_wizard_reads_the_file_in_a_child_process(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The list is parsed by `run_isolated` (the real one: a spawned child), not in the GUI's process."""
    import ui.dialogs.import_wizard.wizard as module
    from ranoat.importing.isolated import run_isolated

    calls: list[str] = []

    def spy(path: Path, function: Any, *args: Any, cancelled: Any) -> Any:
        calls.append(function.__name__)
        return run_isolated(path, function, *args, cancelled=cancelled)

    monkeypatch.setattr(module, "run_isolated", spy)
    window, wizard = open_wizard(qtbot, tmp_path)
    choose_file(qtbot, wizard, workbook(tmp_path / "ds.xlsx", GOOD))
    assert calls == ["read_list"]
    assert wizard.source is not None
    assert wizard.source.grid.value(4, 2) == "Hoàng Văn Thào"
    wizard.reject()
    window.close()


def test_a_reading_that_aborts_is_a_message_and_the_program_goes_on(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The child really aborts (os.abort: SIGABRT, as calamine did on a cell at XFD1048576)."""
    import os

    import ui.dialogs.import_wizard.wizard as module
    from ranoat.importing.isolated import run_isolated

    def aborting(path: Path, _function: Any, *_args: Any, cancelled: Any) -> Any:
        return run_isolated(path, os.abort, cancelled=cancelled)

    monkeypatch.setattr(module, "run_isolated", aborting)
    window, wizard = open_wizard(qtbot, tmp_path)
    wizard.file_page.path.setText(str(workbook(tmp_path / "ds.xlsx", GOOD)))
    wizard.file_page.load_sheets()
    wizard.button(QWizard.WizardButton.NextButton).click()
    qtbot.waitUntil(lambda: not wizard.is_running() and bool(wizard.file_page.info.text()), timeout=60000)
    assert wizard.file_page.info.text().startswith("Tệp ds.xlsx: việc đọc tệp bị dừng đột ngột")
    assert wizard.currentPage() is wizard.file_page
    wizard.reject()
    window.close()


def test_cancel_while_reading_stops_the_child_within_a_second(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A reading that would take a minute (the child sleeps) is cancelled from the Huỷ button."""
    import time

    import ui.dialogs.import_wizard.wizard as module
    from ranoat.importing.isolated import run_isolated

    started: list[float] = []

    def slow(path: Path, _function: Any, *_args: Any, cancelled: Any) -> Any:
        started.append(time.monotonic())
        return run_isolated(path, time.sleep, 60, cancelled=cancelled)

    monkeypatch.setattr(module, "run_isolated", slow)
    window, wizard = open_wizard(qtbot, tmp_path)
    wizard.file_page.path.setText(str(workbook(tmp_path / "ds.xlsx", GOOD)))
    wizard.file_page.load_sheets()
    wizard.button(QWizard.WizardButton.NextButton).click()
    qtbot.waitUntil(lambda: bool(started), timeout=10000)
    qtbot.wait(1500)  # the child well started
    assert wizard.is_running()
    cancelled_at = time.monotonic()
    wizard.button(QWizard.WizardButton.CancelButton).click()
    qtbot.waitUntil(lambda: not wizard.is_running(), timeout=10000)
    stopped = time.monotonic() - cancelled_at
    assert stopped < 1.0, f"{stopped:.2f} s"
    assert wizard.isVisible()
    assert wizard.file_page.info.text() == "Đã huỷ: chưa ghi gì."
    wizard.reject()
    window.close()
