"""The household form's "Hộ làm nông nghiệp, lâm nghiệp, ngư nghiệp, diêm nghiệp": stored, shown
again, and the one condition besides the application (Mẫu 01) for the average living standard."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from test_register_flow import TypeText, add_household, open_round, set_up_commune, start

from ranoat.operations.households import load_household
from ranoat.rules.rulebook import Rulebook, load_all
from ui.dialogs.household_dialog import HouseholdDialog


@pytest.fixture(scope="module")
def rulebooks() -> dict[str, Rulebook]:
    return load_all()


def test_the_farming_flag_is_typed_saved_and_shown_again(
    qtbot: QtBot, type_text: TypeText, rulebooks: dict[str, Rulebook], tmp_path: Path
) -> None:
    window = start(qtbot, rulebooks, tmp_path / "xa.sqlite3", create=True)
    set_up_commune(type_text, window)
    open_round(window)
    dialog = add_household(qtbot, type_text, window)
    assert not dialog.farming.isChecked()
    assert "Mẫu 01" in dialog.farming.toolTip()
    dialog.farming.setFocus()
    qtbot.keyClick(dialog.farming, Qt.Key.Key_Space)
    assert dialog.save(), dialog.summary.text()
    register = window.register_page
    assert register is not None
    household_id = register.model.id_at(0)
    assert window.database is not None
    with window.database.session() as session:
        assert load_household(session, household_id).farming is True
    window.edit_household(household_id)
    again = window.dialog
    assert isinstance(again, HouseholdDialog)
    assert again.farming.isChecked()
    again.close()
    window.close()
