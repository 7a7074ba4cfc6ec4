"""The Giấy tờ dialog (issue #17): the papers are written off the GUI thread and listed."""

from __future__ import annotations

from pathlib import Path

import docx
from pytestqt.qtbot import QtBot

from ranoat.operations.demo import create_demo
from ranoat.operations.export import latest_round_id
from ranoat.papers.fields import PaperKind
from ranoat.rules.rulebook import load_all
from ranoat.storage.database import open_database
from ui.dialogs.papers_dialog import PapersDialog


def test_the_dialog_writes_the_chosen_paper_in_the_background(qtbot: QtBot, tmp_path: Path) -> None:
    db = tmp_path / "demo.sqlite"
    create_demo(db, households=160, seed=3)
    with open_database(db) as database:
        dialog = PapersDialog(
            database, latest_round_id(database), load_all(), [(1, "Thôn 1")], None, True, tmp_path / "out"
        )
        qtbot.addWidget(dialog)
        dialog.kind.setCurrentIndex(dialog.kind.findData(PaperKind.CERTIFICATES.value))
        assert not dialog.only_household.isEnabled()  # no household chosen in the register
        dialog.start()
        qtbot.waitUntil(lambda: dialog.files.count() > 0 and not dialog.is_running(), timeout=30000)
        [path] = [Path(str(dialog.files.item(i).data(256))) for i in range(dialog.files.count())]
        assert path.name.startswith("giay-chung-nhan-2025-")
        assert "GIẤY CHỨNG NHẬN" in dialog.preview.toPlainText()
        assert any(p.text.startswith("Họ và tên chủ hộ:") for p in docx.Document(str(path)).paragraphs)
        assert dialog.write_button.isEnabled()
