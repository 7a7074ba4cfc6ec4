"""The round dialog offers a province's own standard only to a commune of that province, and
defaults to it there (issue #13, provincial standards). The fixture is Đồng Nai's published
2022–2025 figures, a TEST FIXTURE (tests/rules/fixtures)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pytestqt.qtbot import QtBot

from ranoat.rules.rulebook import install_rulebook, load_all
from ui.dialogs.round_dialog import RoundDialog

FIXTURE = Path(__file__).resolve().parents[1] / "rules" / "fixtures" / "2022-2025-dong-nai.yaml"


def offered(dialog: RoundDialog) -> list[str]:
    return [str(dialog.standard.itemData(i)) for i in range(dialog.standard.count())]


def test_a_province_s_standard_is_offered_only_in_that_province(qtbot: QtBot) -> None:
    install_rulebook(FIXTURE, load_all())
    books = load_all()
    today = dt.date(2024, 9, 5)  # a periodic review of 2024 makes the lists of 2025
    for province, default in (("75", "2022-2025-dong-nai"), ("20", "2022-2025"), (None, "2022-2025")):
        dialog = RoundDialog(books, today, lambda *args: None, province=province)
        qtbot.addWidget(dialog)
        assert ("2022-2025-dong-nai" in offered(dialog)) is (province == "75"), province
        assert {"2016-2020", "2022-2025", "2027-2030"} <= set(offered(dialog))
        assert dialog.standard.currentData() == default, province
