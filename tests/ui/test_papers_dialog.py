"""The Giấy tờ dialog (issue #17): the papers are written off the GUI thread and listed."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from ranoat.demo import create_demo
from ranoat.operations.export import latest_round_id
from ranoat.operations.papers import certificate_candidates
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


def _certificate_heads(path: Path) -> list[str]:
    lines = [p.text for p in docx.Document(str(path)).paragraphs]
    return [
        line.split(":", 1)[1].split("Giới tính")[0].strip() for line in lines if line.startswith("Họ và tên chủ hộ:")
    ]


def test_the_officer_ticks_the_households_that_get_certificates(qtbot: QtBot, tmp_path: Path) -> None:
    db = tmp_path / "demo.sqlite"
    create_demo(db, households=340, seed=3)  # two villages
    with open_database(db) as database:
        round_id = latest_round_id(database)
        candidates = certificate_candidates(database, round_id, load_all())
        assert len(candidates) >= 3
        chosen = candidates[1]
        dialog = PapersDialog(
            database, round_id, load_all(), [(1, "Thôn 1")], chosen.household_id, True, tmp_path / "o"
        )
        qtbot.addWidget(dialog)
        assert dialog.households_box.isHidden()  # the decision is chosen first: no household list
        dialog.kind.setCurrentIndex(dialog.kind.findData(PaperKind.CERTIFICATES.value))
        assert not dialog.households_box.isHidden()
        assert dialog.households.count() == len(candidates)
        assert dialog.ticked() is None  # all ticked: one file per village, as before
        # a village shows its own households only (filtered from the lists read once)
        dialog.village.setCurrentIndex(dialog.village.findData(1))
        in_village = [c for c in candidates if c.village_id == 1]
        assert 0 < dialog.households.count() == len(in_village) < len(candidates)
        dialog.village.setCurrentIndex(0)
        assert dialog.households.count() == len(candidates)

        qtbot.mouseClick(dialog.no_households, Qt.MouseButton.LeftButton)
        dialog.start()
        assert dialog.status.text() == "Chưa chọn hộ nào để cấp giấy chứng nhận."
        assert not (tmp_path / "o").exists()  # nothing written

        qtbot.mouseClick(dialog.only_household, Qt.MouseButton.LeftButton)
        assert dialog.ticked() == [chosen.household_id]
        # and one more ticked from the keyboard: Space on the current row
        dialog.households.setFocus()
        dialog.households.setCurrentRow(0)
        qtbot.keyClick(dialog.households, Qt.Key.Key_Space)
        assert dialog.ticked() == [candidates[0].household_id, chosen.household_id]
        dialog.start()
        qtbot.waitUntil(lambda: dialog.files.count() > 0 and not dialog.is_running(), timeout=30000)
        [path] = [Path(str(dialog.files.item(i).data(256))) for i in range(dialog.files.count())]
        assert path.name.endswith("-2-ho.docx")
        assert _certificate_heads(path) == [candidates[0].head_name, chosen.head_name]


def test_the_province_uses_its_own_template_from_the_dialog_and_a_broken_one_is_refused(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "demo.sqlite"
    create_demo(db, households=60, seed=3)
    templates = tmp_path / "templates"
    broken, own = tmp_path / "broken.docx", tmp_path / "own.docx"
    for path, body in ((broken, "{{ commune_nme }}"), (own, "MẪU RIÊNG CỦA TỈNH cho {{ commune }}")):
        document = docx.Document()
        document.add_paragraph(body)
        document.save(str(path))
    with open_database(db) as database:
        dialog = PapersDialog(
            database, latest_round_id(database), load_all(), [], None, True, tmp_path / "o", template_dir=templates
        )
        qtbot.addWidget(dialog)
        dialog.kind.setCurrentIndex(dialog.kind.findData(PaperKind.DECISION.value))
        assert dialog.template.text() == "mẫu gốc của Ranoat"
        assert not dialog.shipped_button.isEnabled()

        assert not dialog.use_template(broken)
        assert "commune_nme" in dialog.status.text()  # the field is named
        assert not templates.exists() or not list(templates.iterdir())  # nothing installed

        assert dialog.use_template(own)
        assert dialog.template.text().startswith("mẫu riêng của tỉnh, xã:")
        dialog.start()
        qtbot.waitUntil(lambda: dialog.files.count() > 0 and not dialog.is_running(), timeout=30000)
        [path] = [Path(str(dialog.files.item(i).data(256))) for i in range(dialog.files.count())]
        assert "MẪU RIÊNG CỦA TỈNH cho xã Bản Mẫu" in "\n".join(p.text for p in docx.Document(str(path)).paragraphs)

        # back to the shipped wording: asks first; "No" keeps the province's copy
        monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.No)
        dialog.use_shipped_template()
        assert (templates / "quyet-dinh-cong-nhan.docx").is_file()
        monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Yes)
        dialog.use_shipped_template()
        assert not (templates / "quyet-dinh-cong-nhan.docx").exists()
        assert dialog.template.text() == "mẫu gốc của Ranoat"
