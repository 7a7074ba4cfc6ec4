"""The seal in the windows: the commune enters the province's key once in its settings (changing it
asks first), and the merge window checks seals with the province's keys file, remembered."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDialog, QMessageBox
from pytestqt.qtbot import QtBot

import ui.merge_window
from ranoat.demo import create_demo
from ranoat.excel.reader import read_exchange
from ranoat.excel.seal import key_id, key_text
from ranoat.merge.seal import write_keys
from ranoat.operations.export import export_round, latest_round_id
from ranoat.operations.seal import commune_seal_key
from ranoat.rules.rulebook import load_all
from ranoat.storage.database import open_database
from ui.dialogs.commune_dialog import CommuneDialog
from ui.main_window import MainWindow
from ui.merge_window import MergeWindow

KEY, NEW_KEY = bytes(range(32)), bytes(range(50, 82))


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> MainWindow:
    path = tmp_path / "xa.sqlite3"
    create_demo(path, households=15, seed=2)
    main = MainWindow(load_all(), database=open_database(path))
    qtbot.addWidget(main)
    main.show()
    return main


def commune_dialog(window: MainWindow) -> CommuneDialog:
    window.edit_commune()
    dialog = window.dialog
    assert isinstance(dialog, CommuneDialog)
    return dialog


def stored_key(window: MainWindow) -> bytes | None:
    assert window.database is not None
    with window.database.session() as session:
        return commune_seal_key(session)


def answer(monkeypatch: pytest.MonkeyPatch, button: QMessageBox.StandardButton) -> list[str]:
    asked: list[str] = []

    def question(_parent: object, _title: str, text: str, *_args: object) -> QMessageBox.StandardButton:
        asked.append(text)
        return button

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked


def test_the_key_is_entered_once_in_the_commune_settings_and_seals_the_export(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = commune_dialog(window)
    assert "Chưa có khoá" in dialog.seal_state.text()
    assert dialog.seal_key.echoMode() is dialog.seal_key.EchoMode.PasswordEchoOnEdit
    text = key_text(KEY)
    dialog.seal_key.setText(text[:-1] + ("A" if text[-1] != "A" else "B"))  # one letter mistyped
    dialog.save()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "gõ sai" in dialog.error.text()
    assert text[:20] not in dialog.error.text()
    assert stored_key(window) is None
    asked = answer(monkeypatch, QMessageBox.StandardButton.No)
    dialog.seal_key.setText(text.lower())
    dialog.save()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert asked == []  # the first key: nothing to ask
    assert stored_key(window) == KEY
    assert window.database is not None
    out = tmp_path / "xa.xlsx"
    export_round(window.database, latest_round_id(window.database), out, load_all())
    assert read_exchange(out).metadata["seal_key_id"] == key_id(KEY)

    again = commune_dialog(window)
    assert key_id(KEY) in again.seal_state.text()
    assert again.seal_key.text() == ""  # the key is never shown back
    again.save()  # other details saved, the key untouched, no question
    assert again.result() == QDialog.DialogCode.Accepted
    assert asked == []
    assert stored_key(window) == KEY
    window.close()


def test_changing_the_key_asks_first(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    dialog = commune_dialog(window)
    dialog.seal_key.setText(key_text(KEY))
    dialog.save()
    assert stored_key(window) == KEY

    refused = commune_dialog(window)
    asked = answer(monkeypatch, QMessageBox.StandardButton.No)
    refused.seal_key.setText(key_text(NEW_KEY))
    refused.save()
    assert len(asked) == 1
    assert key_id(KEY) in asked[0]
    assert key_id(NEW_KEY) in asked[0]
    assert refused.result() != QDialog.DialogCode.Accepted
    assert "giữ nguyên" in refused.error.text()
    assert stored_key(window) == KEY

    asked = answer(monkeypatch, QMessageBox.StandardButton.Yes)
    refused.save()
    assert len(asked) == 1
    assert refused.result() == QDialog.DialogCode.Accepted
    assert stored_key(window) == NEW_KEY
    window.close()


# ----------------------------------------------------------------------------- the merge window
@pytest.fixture
def settings_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The merge window's settings in a file of this test (not the user's, which other runs share)."""
    path = tmp_path / "settings.ini"
    monkeypatch.setattr(ui.merge_window, "QSettings", lambda: QSettings(str(path), QSettings.Format.IniFormat))
    return path


def run_merge(window: MergeWindow, qtbot: QtBot) -> None:
    qtbot.mouseClick(window.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.merge_result is not None and not window.is_running(), timeout=60_000)


def test_the_merge_window_checks_seals_with_the_keys_file_and_remembers_it(
    qtbot: QtBot, tmp_path: Path, settings_file: Path
) -> None:
    sealed, unsealed = tmp_path / "99941.xlsx", tmp_path / "99942.xlsx"
    for code, out in (("99941", sealed), ("99942", unsealed)):
        db = tmp_path / f"{code}.sqlite3"
        create_demo(db, households=15, seed=int(code[-1]), commune_code=code)
        with open_database(db) as database:
            if out == sealed:
                with database.session() as session:
                    from ranoat.operations.seal import set_seal_key

                    set_seal_key(session, key_text(KEY))
            export_round(database, latest_round_id(database), out, load_all())
    keys = tmp_path / "khoa.csv"
    write_keys(keys, {"99941": KEY, "99942": NEW_KEY})

    window = MergeWindow(load_all(), tmp_path)
    qtbot.addWidget(window)
    window.open_folder_when_done = False
    window.out.setText(str(tmp_path / "gop.xlsx"))
    assert window.keys.text() == ""
    window.add_paths([sealed, unsealed])
    run_merge(window, qtbot)
    statuses = {window.table.item(r, 0).text(): window.table.item(r, 1).text() for r in range(2)}  # type: ignore[union-attr]
    assert statuses == {"99941.xlsx": "Đã gộp", "99942.xlsx": "Đã gộp"}
    assert "Không kiểm tra niêm phong" in window.status.text()

    window.keys.setText(str(keys))
    run_merge(window, qtbot)
    rows = {
        window.table.item(r, 0).text(): (window.table.item(r, 1).text(), window.table.item(r, 4).text())  # type: ignore[union-attr]
        for r in range(2)
    }
    assert rows["99941.xlsx"] == ("Đã gộp", f"Niêm phong đã xác minh (mã khoá {key_id(KEY)}).")
    assert rows["99942.xlsx"][0] == "Thiếu niêm phong"
    assert "99942" in rows["99942.xlsx"][1]
    assert "Niêm phong: 1/2 tệp đã xác minh." in window.status.text()
    window.close()

    reopened = MergeWindow(load_all(), tmp_path)
    qtbot.addWidget(reopened)
    assert reopened.keys.text() == str(keys)
    keys.write_text("not,a keys file\n", encoding="utf-8")
    reopened.add_paths([sealed])
    qtbot.mouseClick(reopened.start_button, Qt.MouseButton.LeftButton)
    assert str(keys) in reopened.status.text()
    assert "dòng 1" in reopened.status.text()
    assert reopened.merge_result is None
    assert not reopened.is_running()
    reopened.close()


def test_the_export_dialog_says_whether_the_workbook_is_sealed(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    from ui.dialogs.export_dialog import ExportDialog

    def export() -> str:
        window.export_excel()
        dialog = window.dialog
        assert isinstance(dialog, ExportDialog)
        dialog.open_folder_when_done = False
        dialog.folder.setText(str(tmp_path / "out"))
        dialog.start()
        qtbot.waitUntil(lambda: dialog.result_path is not None, timeout=60_000)
        return dialog.status.text()

    assert "Chưa niêm phong" in export()
    dialog = commune_dialog(window)
    dialog.seal_key.setText(key_text(KEY))
    dialog.save()
    said = export()
    assert f"Đã niêm phong bằng khoá của xã (mã khoá {key_id(KEY)})." in said
    assert key_text(KEY) not in said
    window.close()
