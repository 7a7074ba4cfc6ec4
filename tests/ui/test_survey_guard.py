"""Phiếu B never changes data behind the officer's back (issue #11 item 4), through the real window:
each household's form opens at its top with the focused field in view, and a change to a form
marked "Đã kiểm tra" or "Đã duyệt" makes it a draft again, visibly, on the status bar and in the
audit log."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from test_register_flow import TypeText, start

from ranoat.demo import create_demo
from ranoat.operations.surveys import load_survey
from ranoat.rules.rulebook import Rulebook, load_all
from ranoat.storage.models import AuditEntry, Survey
from ui.dialogs.round_dialog import RoundDialog
from ui.main_window import MainWindow
from ui.widgets.survey_page import SurveyPage


@pytest.fixture(scope="module")
def rulebooks() -> dict[str, Rulebook]:
    return load_all()


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "xa.sqlite3"
    create_demo(path, households=40, seed=3)
    return path


def open_window(qtbot: QtBot, rulebooks: dict[str, Rulebook], demo_path: Path, tmp_path: Path) -> MainWindow:
    """The demo commune with a new 2026 round under 2022-2025, its first household's Phiếu B open."""
    path = tmp_path / "xa.sqlite3"
    path.write_bytes(demo_path.read_bytes())
    window = start(qtbot, rulebooks, path)
    window.new_round()
    dialog = window.dialog
    assert isinstance(dialog, RoundDialog)
    dialog.standard.setCurrentIndex(dialog.standard.findData("2022-2025"))
    dialog.create_round()
    assert dialog.result() == QDialog.DialogCode.Accepted
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    register = window.register_page
    assert register is not None
    assert window.open_survey(register.model.id_at(0))
    return window


def in_view(survey: SurveyPage, widget: QWidget) -> bool:
    """The whole widget lies inside the scroll area's visible part."""
    viewport = survey.form_scroll.viewport()
    rect = QRect(widget.mapTo(viewport, QPoint(0, 0)), widget.size())
    return viewport.rect().contains(rect)


def scroll_to_bottom(qtbot: QtBot, survey: SurveyPage) -> None:
    bar = survey.form_scroll.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)  # at 1366×768 the form is taller than its view
    bar.setValue(bar.maximum())
    survey.save_button.setFocus()  # the last field of the form
    assert bar.value() > 0
    assert not in_view(survey, survey.b1)


def test_each_form_opens_at_the_top_with_the_focused_field_in_view(
    qtbot: QtBot, rulebooks: dict[str, Rulebook], demo_path: Path, tmp_path: Path
) -> None:
    window = open_window(qtbot, rulebooks, demo_path, tmp_path)
    survey = window.survey_page
    register = window.register_page
    assert register is not None
    bar = survey.form_scroll.verticalScrollBar()
    # Ctrl+PgDown: the next household
    scroll_to_bottom(qtbot, survey)
    qtbot.keyClick(survey, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert survey.current_household_id() == register.model.id_at(1)
    QApplication.processEvents()
    assert bar.value() == 0
    assert QApplication.focusWidget() is survey.b1
    assert in_view(survey, survey.b1)
    # from the register: Enter on another household
    scroll_to_bottom(qtbot, survey)
    window.show_page(0)
    register.select(register.model.id_at(3))
    register.table.setFocus()
    qtbot.keyClick(register.table, Qt.Key.Key_Return)
    assert survey.current_household_id() == register.model.id_at(3)
    QApplication.processEvents()
    assert bar.value() == 0
    focus = QApplication.focusWidget()
    assert focus is survey.b1
    assert in_view(survey, focus)
    # what is typed goes where the officer sees it
    qtbot.keyClicks(focus, "155")
    assert survey.b1.text() == "155"
    window.close()


def status_audit(window: MainWindow, survey_id: int) -> list[tuple[object, object]]:
    assert window.database is not None
    with window.database.session() as session:
        entries = session.scalars(
            select(AuditEntry)
            .where(AuditEntry.table_name == "survey", AuditEntry.record_id == str(survey_id))
            .order_by(AuditEntry.id)
        ).all()
        return [
            ((e.old or {}).get("status"), (e.new or {}).get("status"))
            for e in entries
            if e.action == "update" and "status" in (e.new or {})
        ]


@pytest.mark.parametrize("reviewed", ["Đã kiểm tra", "Đã duyệt"])
def test_a_change_to_a_checked_form_makes_it_a_draft_visibly_and_in_the_audit_log(
    qtbot: QtBot, type_text: TypeText, rulebooks: dict[str, Rulebook], demo_path: Path, tmp_path: Path, reviewed: str
) -> None:
    window = open_window(qtbot, rulebooks, demo_path, tmp_path)
    survey = window.survey_page
    register = window.register_page
    assert register is not None
    assert window.database is not None
    household_id = survey.current_household_id()
    assert household_id is not None
    round_id = register.round_id()
    assert round_id is not None
    type_text(survey.b1, "150")
    survey.status.setCurrentIndex(survey.status.findText(reviewed))
    assert survey.save()
    with window.database.session() as session:
        survey_id = session.scalar(
            select(Survey.id).where(Survey.household_id == household_id, Survey.round_id == round_id)
        )
    assert survey_id is not None

    # leave and come back: still checked; an unchanged form saved again stays checked
    qtbot.keyClick(survey, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(survey, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert survey.current_household_id() == household_id
    assert survey.status.currentText() == reviewed
    assert survey.status_badge.text() == f"Tình trạng: {reviewed}"
    assert survey.save()

    # digits typed into B1 (the focused field): the status says "Nháp" at once, and why
    assert QApplication.focusWidget() is survey.b1
    qtbot.keyClicks(survey.b1, "9")
    assert survey.status.currentText() == "Nháp"
    assert survey.status_badge.text() == "Tình trạng: Nháp", "in view beside the heading"
    assert f"chuyển từ «{reviewed}» về «Nháp»" in survey.status_notice.text()
    assert f"chuyển từ «{reviewed}» về «Nháp»" in window.statusBar().currentMessage()
    # the autosave stores the edit as a draft
    qtbot.waitUntil(lambda: not survey.is_dirty(), timeout=5000)
    with window.database.session() as session:
        stored = load_survey(session, round_id, household_id)
    assert stored is not None
    assert (stored.b1, stored.status.value) == (9.0, "draft")
    old = "checked" if reviewed == "Đã kiểm tra" else "approved"
    assert status_audit(window, survey_id) == [(old, "draft")], "inserted as checked, then old → new"

    # checked again by the officer, after the change: kept
    survey.status.setCurrentIndex(survey.status.findText(reviewed))
    assert survey.status_notice.text() == ""
    assert survey.save()
    with window.database.session() as session:
        stored = load_survey(session, round_id, household_id)
    assert stored is not None
    assert stored.status.value == old

    # a tick in part C (the household's groups) counts as a change too
    survey.person_of_merit.setChecked(not survey.person_of_merit.isChecked())
    assert survey.status.currentText() == "Nháp"
    # Ctrl+Z undoes the change and its consequence: the form as it was checked
    qtbot.keyClick(survey, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert survey.status.currentText() == reviewed
    assert survey.save()
    with window.database.session() as session:
        stored = load_survey(session, round_id, household_id)
    assert stored is not None
    assert stored.status.value == old
    window.close()
