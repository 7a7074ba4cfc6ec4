"""The first start of a portable Ranoat says where its data is (issue #15 item 2)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox

from ui.app import application_icon, portable_notice


def test_the_notice_names_the_data_folder_and_how_to_choose_another(qapp: QApplication, tmp_path: Path) -> None:
    folder = tmp_path / "USB" / "Ranoat" / "du-lieu"
    notice = portable_notice(folder)
    assert str(folder) in notice.text()
    assert "bên cạnh Ranoat.exe" in notice.text()
    assert "Tệp → Cơ sở dữ liệu mới…" in notice.text()
    assert notice.icon() == QMessageBox.Icon.Information


def test_the_application_icon_is_shipped(qapp: QApplication) -> None:
    icon = application_icon()
    assert not icon.isNull()
    assert icon.pixmap(32, 32).width() == 32
