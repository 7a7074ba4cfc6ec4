"""The member roster typed from the keyboard (issue #14 item 1), through the real dialog.

Keys are sent to whichever field has the focus, as an officer types: Enter and Tab move along the
paper order, a birth is typed as a year or dd/mm/yyyy, Alt+N starts a new member, lists are picked
by first letters without diacritics, and a new member is not given the head's family name."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from ranoat.domain.area import Area
from ranoat.domain.household import HouseholdData, MemberData, Relation, Sex
from ranoat.operations.commune import VillageData
from ui.dialogs.household_dialog import HouseholdDialog, parse_birth
from ui.widgets.keyboard import match_item

TODAY = dt.date(2026, 11, 28)
TypeText = Callable[[QWidget, str], None]


@pytest.fixture
def saved() -> list[HouseholdData]:
    return []


@pytest.fixture
def dialog(qtbot: QtBot, saved: list[HouseholdData]) -> Iterator[HouseholdDialog]:
    def save(household: HouseholdData) -> str | None:
        saved.append(household)
        return None

    household = HouseholdData(code="T01-00001", village_id=1, area=Area.RURAL)
    shown = HouseholdDialog(
        household, [VillageData("T01", "Thôn Nà Pàn", 1)], save, lambda _m: [], dt.date(2026, 11, 28)
    )
    shown.show()
    shown.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is shown.full_name)
    yield shown
    shown.done(0)  # closed by the test run, not by Esc: nothing to ask (so not through qtbot.addWidget)
    shown.deleteLater()


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def key(qtbot: QtBot, name: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(focused(), name, modifier)


def type_here(type_text: TypeText, text: str) -> None:
    type_text(focused(), text)


def test_enter_in_the_birth_year_moves_on_and_the_cccd_does_not_overwrite_it(
    qtbot: QtBot, type_text: TypeText, dialog: HouseholdDialog
) -> None:
    type_here(type_text, "Lò Văn Páo")
    for expected in (dialog.relation, dialog.sex, dialog.birth):
        key(qtbot, Qt.Key.Key_Return)
        assert focused() is expected
    type_here(type_text, "1975")
    key(qtbot, Qt.Key.Key_Return)
    assert focused() is dialog.ethnicity
    key(qtbot, Qt.Key.Key_Return)
    assert focused() is dialog.cccd
    type_here(type_text, "014075001234")
    member = dialog.members()[0]
    assert (member.full_name, member.birth_year, member.cccd) == ("Lò Văn Páo", 1975, "014075001234")


def test_tab_follows_the_paper_order_and_is_not_trapped_in_the_birth_field(
    qtbot: QtBot, dialog: HouseholdDialog
) -> None:
    order = [dialog.relation, dialog.sex, dialog.birth, dialog.ethnicity, dialog.cccd, dialog.schooling]
    for expected in order:
        key(qtbot, Qt.Key.Key_Tab)
        assert focused() is expected, type(focused()).__name__
    for expected in reversed(order[:-1]):
        key(qtbot, Qt.Key.Key_Backtab)
        assert focused() is expected


@pytest.mark.parametrize(
    ("typed", "year", "date"),
    [
        ("1975", 1975, None),
        ("03/02/1975", 1975, dt.date(1975, 2, 3)),
        ("3/2/1975", 1975, dt.date(1975, 2, 3)),
        ("03.02.1975", 1975, dt.date(1975, 2, 3)),
        ("03021975", 1975, dt.date(1975, 2, 3)),
        ("29/02/2024", 2024, dt.date(2024, 2, 29)),
    ],
)
def test_a_birth_is_typed_as_a_year_or_a_date(
    qtbot: QtBot, type_text: TypeText, dialog: HouseholdDialog, typed: str, year: int, date: dt.date | None
) -> None:
    key(qtbot, Qt.Key.Key_Tab)
    key(qtbot, Qt.Key.Key_Tab)
    key(qtbot, Qt.Key.Key_Tab)
    type_here(type_text, typed)
    member = dialog.members()[0]
    assert (member.birth_year, member.birth_date) == (year, date)
    assert "Không đọc được" not in dialog.birth_error.text()


@pytest.mark.parametrize("typed", ["29/02/2023", "31/04/1980", "197", "19755", "1/1/75", "abc"])
def test_an_unreadable_birth_is_an_error_that_blocks_saving(
    type_text: TypeText, dialog: HouseholdDialog, saved: list[HouseholdData], typed: str
) -> None:
    type_text(dialog.full_name, "Lò Văn Páo")
    dialog.sex.setCurrentIndex(dialog.sex.findData(Sex.MALE))
    type_text(dialog.birth, typed)
    assert f"Không đọc được «{typed}»" in dialog.birth_error.text()
    assert not dialog.save()
    assert saved == []


def test_parse_birth_boundaries() -> None:
    assert parse_birth("") == (None, None)
    assert parse_birth("1800") == (1800, None)
    assert parse_birth("1799") is None
    assert parse_birth("2100") == (2100, None)
    assert parse_birth("2101") is None
    assert parse_birth(" 31/12/1999 ") == (1999, dt.date(1999, 12, 31))
    assert parse_birth("00/01/1999") is None


def test_alt_n_starts_a_new_member_with_an_empty_name_and_the_heads_ethnicity(
    qtbot: QtBot, type_text: TypeText, dialog: HouseholdDialog
) -> None:
    type_here(type_text, "Lò Văn Páo")
    dialog.ethnicity.setCurrentIndex(dialog.ethnicity.findText("Thái"))
    key(qtbot, Qt.Key.Key_Tab)
    key(qtbot, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
    assert len(dialog.members()) == 2
    assert focused() is dialog.full_name
    assert dialog.full_name.text() == "", "a wife keeps her own family name: nothing is pre-filled"
    type_here(type_text, "Lường Thị Xuân")
    assert dialog.members()[1].full_name == "Lường Thị Xuân"
    assert dialog.members()[1].ethnicity_code == dialog.members()[0].ethnicity_code


@pytest.mark.parametrize(
    ("field", "typed", "expected"),
    [
        ("sex", "n", Sex.MALE),
        ("sex", "nu", Sex.FEMALE),
        ("sex", "nn", Sex.FEMALE),
        ("sex", "NỮ", Sex.FEMALE),
        ("relation", "v", Relation.SPOUSE),
        ("relation", "chong", Relation.SPOUSE),
        ("relation", "co", Relation.CHILD),
        ("relation", "con d", Relation.CHILD_IN_LAW),
        ("relation", "me", Relation.PARENT),
        ("relation", "chu", Relation.HEAD),
        ("relation", "chau", Relation.GRANDCHILD),
    ],
)
def test_sex_and_relation_are_picked_by_their_first_letters(
    qtbot: QtBot, type_text: TypeText, dialog: HouseholdDialog, field: str, typed: str, expected: object
) -> None:
    combo = getattr(dialog, field)
    combo.setFocus()
    qtbot.waitUntil(lambda: focused() is combo)
    type_here(type_text, typed)
    assert combo.currentData() == expected
    assert getattr(dialog.members()[0], field) == expected


def test_match_item_without_a_match_picks_nothing() -> None:
    assert match_item(["—", "Nam", "Nữ"], "x") == -1
    assert match_item(["—", "Nam", "Nữ"], "") == -1


def test_a_three_member_household_from_the_keyboard_alone(
    qtbot: QtBot, type_text: TypeText, dialog: HouseholdDialog, saved: list[HouseholdData]
) -> None:
    enter = Qt.Key.Key_Return
    members = [
        ("Lò Văn Páo", "", "n", "1975", "thai", "014075001234"),
        ("Lường Thị Xuân", "v", "nu", "03/02/1978", "", "014178005678"),
        ("Lò Văn Minh", "co", "n", "2005", "", "014205009012"),
    ]
    for position, (name, relation, sex, birth, ethnicity, cccd) in enumerate(members):
        for text in (name, relation, sex, birth, ethnicity):
            type_here(type_text, text)
            key(qtbot, enter)
        type_here(type_text, cccd)
        if position < len(members) - 1:
            key(qtbot, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
    key(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert len(saved) == 1, dialog.summary.text()
    got = [
        (m.full_name, m.relation, m.sex, m.birth_year, m.birth_date, m.ethnicity_code, m.cccd) for m in saved[0].members
    ]
    assert got == [
        ("Lò Văn Páo", Relation.HEAD, Sex.MALE, 1975, None, "03", "014075001234"),
        ("Lường Thị Xuân", Relation.SPOUSE, Sex.FEMALE, 1978, dt.date(1978, 2, 3), "03", "014178005678"),
        ("Lò Văn Minh", Relation.CHILD, Sex.MALE, 2005, None, "03", "014205009012"),
    ]


def test_an_existing_members_date_is_shown_as_typed(qtbot: QtBot) -> None:
    member = MemberData(full_name="A", relation=Relation.HEAD, birth_year=1975, birth_date=dt.date(1975, 2, 3))
    household = HouseholdData(code="T01-00002", village_id=1, area=Area.RURAL, members=[member])
    shown = HouseholdDialog(
        household, [VillageData("T01", "T", 1)], lambda _h: None, lambda _m: [], dt.date(2026, 1, 1)
    )
    qtbot.addWidget(shown)
    assert shown.birth.text() == "03/02/1975"
