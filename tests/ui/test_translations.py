"""English as the second UI language: the catalogue keeps up with ui/, its .qm with the catalogue,
and the main window starts in the saved language (Vietnamese by default)."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import unicodedata
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMenu, QMessageBox
from pytestqt.qtbot import QtBot

import ui.app
from ranoat.domain.round import RoundInfo, RoundKind, RoundStatus
from ranoat.rules.rulebook import Rulebook, load_all
from tools import translations
from tools.translations import FIX, I18N, Message, catalogue, check, hardcoded, problems, read, stale_qm
from ui import i18n
from ui.main_window import MainWindow

TODAY = dt.date(2026, 11, 28)


@pytest.fixture(scope="module")
def rulebooks() -> dict[str, Rulebook]:
    return load_all()


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> QSettings:
    """The user's settings, in a file of this test (never the real user's)."""
    path = str(tmp_path / "settings.ini")
    monkeypatch.setattr(i18n, "settings", lambda: QSettings(path, QSettings.Format.IniFormat))
    return i18n.settings()


@pytest.fixture
def language(qapp: QApplication) -> Iterator[None]:
    """Whatever language a test installs, the next test starts in Vietnamese again."""
    yield
    i18n.set_language(i18n.VIETNAMESE)


def window_in(qtbot: QtBot, rulebooks: dict[str, Rulebook], language: str) -> MainWindow:
    i18n.set_language(language)
    window = MainWindow(rulebooks, today=TODAY)
    qtbot.addWidget(window)
    return window


def menu_texts(menu: object) -> list[str]:
    assert isinstance(menu, QMenu)
    return [action.text() for action in menu.actions() if not action.isSeparator()]


def accelerators(texts: list[str]) -> list[str]:
    return [match.lower() for text in texts for match in re.findall(r"&([^&\s])", text.replace("&&", ""))]


def english_letters(text: str) -> bool:
    """No Vietnamese letter in ``text`` (typographic punctuation allowed)."""
    return all(char.isascii() or not char.isalpha() for char in text)


# -- the catalogue and its tooling ------------------------------------------------------------------
def test_every_ui_string_is_in_the_catalogue_and_translated() -> None:
    report = check("en")
    if not report.ok():  # the report alone, without pytest's repr of it
        ts = catalogue("en").relative_to(translations.ROOT)
        pytest.fail(f"{ts} is behind ui/:\n{report}\n\nTo fix: {FIX}.", pytrace=False)


def test_every_compiled_catalogue_is_current() -> None:
    sources = sorted(I18N.glob("*.ts"))
    assert [ts.name for ts in sources] == ["qtbase_vi.ts", "ranoat_en.ts"]
    for ts in sources:
        assert stale_qm(ts) == [], f"{ts.name}: its .qm is out of date. To fix: {FIX}."


def test_translations_are_nfc_and_keep_terms_and_placeholders() -> None:
    messages = read(catalogue("en"))
    assert len(messages) > 300
    for message in messages:
        for text in (message.source, message.translation):
            assert unicodedata.is_normalized("NFC", text), f"{message}: not NFC (composed) Vietnamese"
    english = {m.source: m.translation for m in messages}
    assert english["Hộ nghèo"] == "Poor households"
    assert english["Hộ cận nghèo"] == "Near-poor households"
    assert english["Phiếu B"] == "Form B"
    assert english["&Xã"] == "&Commune"
    assert english["Niêm yết công khai danh sách"] == "Public posting of the lists"
    assert english["Quy chuẩn {id}"] == "Rulebook {id}"


def test_the_check_names_a_new_string_and_says_what_to_do(tmp_path: Path) -> None:
    sources = tmp_path / "ui"
    shutil.copytree(translations.UI, sources)
    (sources / "new_widget.py").write_text(
        "from PySide6.QtWidgets import QWidget\n\n\n"
        "class NewWidget(QWidget):\n"
        "    def title(self) -> str:\n"
        "        return self.tr('Gộp dữ liệu các xã')\n",
        encoding="utf-8",
    )
    before = check("en", translations.UI)  # ui/ may hold strings others are adding right now
    report = check("en", sources)
    assert not report.ok()
    pending = {m.key for m in before.missing}
    assert [m.key for m in report.missing if m.key not in pending] == [("NewWidget", "Gộp dữ liệu các xã", "")]
    assert report.gone == before.gone
    assert "[NewWidget] 'Gộp dữ liệu các xã'" in str(report)
    assert "make translations" in FIX


def test_the_check_finds_a_string_gone_from_ui(tmp_path: Path) -> None:
    sources = tmp_path / "ui"
    shutil.copytree(translations.UI, sources)
    (sources / "widgets" / "keyboard.py").unlink()
    (sources / "widgets" / "classification_panel.py").unlink()
    report = check("en", sources)
    assert {m.context for m in report.gone} == {"ClassificationPanel"}
    assert "no longer in ui/ but still in the .ts" in str(report)


def test_no_vietnamese_literal_escapes_translation() -> None:
    """A Vietnamese literal outside tr()/translate()/QT_TRANSLATE_NOOP stays Vietnamese in English."""
    left = hardcoded()
    assert left == [], "not marked for translation:\n" + "\n".join(left)


def test_the_hardcoded_scan_skips_docstrings_and_marked_data(tmp_path: Path) -> None:
    sources = tmp_path / "ui"
    sources.mkdir()
    (sources / "page.py").write_text(
        '"""Trang danh sách."""\n'
        'A = {"poor": "Hộ nghèo"}\n'
        'B = QT_TRANSLATE_NOOP("Ctx", "Hộ cận nghèo")\n'
        'C = "Người lập biểu"  # not translated: stored as data\n',
        encoding="utf-8",
    )
    assert hardcoded(sources) == ["ui/page.py:2: 'Hộ nghèo'"]


def test_fill_writes_translations_per_context_or_for_any_context(tmp_path: Path) -> None:
    ts = tmp_path / "ranoat_en.ts"
    unfinished = '<message><source>{}</source><translation type="unfinished"></translation></message>'
    contexts = "".join(
        f"<context><name>{name}</name>{unfinished.format('Hộ nghèo')}{unfinished.format('Thôn')}</context>"
        for name in ("Category", "ClassificationPanel")
    )
    ts.write_text(f'<?xml version="1.0" encoding="utf-8"?><TS version="2.1">{contexts}</TS>', encoding="utf-8")
    filled: translations.Translations = {
        "Category": {"Hộ nghèo": "Poor"},  # this context only
        "Hộ nghèo": "Poor household",  # any other
        "Thôn": "Village",
    }
    assert translations.fill(ts, filled) == 4
    assert [(m.context, m.source, m.translation, m.finished) for m in read(ts)] == [
        ("Category", "Hộ nghèo", "Poor", True),
        ("Category", "Thôn", "Village", True),
        ("ClassificationPanel", "Hộ nghèo", "Poor household", True),
        ("ClassificationPanel", "Thôn", "Village", True),
    ]


def test_broken_placeholders_and_accelerators_are_reported() -> None:
    def message(source: str, translation: str) -> Message:
        return Message("Ctx", source, "", translation, finished=True)

    assert problems(message("Mã lỗi: {code}", "Error code: {code}")) == []
    assert problems(message("Mã lỗi: {code}", "Error code")) != []
    assert problems(message("&Tệp", "File")) == ["the &-accelerator is missing or extra"]
    assert problems(message("Chủ hộ: &nbsp;{x}", "Head: &nbsp;{x}")) == []
    assert problems(message(" (đang áp dụng)", "(in force)")) == ["leading blank differs from the source"]


def test_a_qm_behind_its_ts_is_reported(tmp_path: Path) -> None:
    ts = tmp_path / "ranoat_en.ts"
    shutil.copyfile(catalogue("en"), ts)
    shutil.copyfile(catalogue("en").with_suffix(".qm"), tmp_path / "ranoat_en.qm")
    assert stale_qm(ts) == []
    ts.write_text(ts.read_text(encoding="utf-8").replace(">Form B<", ">Form B (new)<"), encoding="utf-8")
    assert any("Form B (new)" in line for line in stale_qm(ts))
    (tmp_path / "ranoat_en.qm").unlink()
    assert stale_qm(ts) == ["ranoat_en.qm is missing or unreadable"]


# -- the running application ----------------------------------------------------------------------
@pytest.mark.usefixtures("language")
def test_main_window_is_vietnamese_by_default(qtbot: QtBot, rulebooks: dict[str, Rulebook], store: QSettings) -> None:
    assert i18n.saved_language() == "vi"
    window = window_in(qtbot, rulebooks, i18n.saved_language())
    assert window.windowTitle() == "Ranoat — Rà soát hộ nghèo, hộ cận nghèo"
    assert [a.text() for a in window.menuBar().actions()] == [
        "&Tệp",
        "&Xã",
        "X&em",
        "Trợ &giúp",
    ]  # Alt+E: Alt+X is the Xã menu
    assert [window.nav.item(i).text() for i in range(window.nav.count())] == [
        "Danh sách hộ",
        "Phiếu B",
        "Kỳ rà soát",
        "Chuẩn nghèo",
        "Tổng hợp",
    ]
    assert window.language_menu.title() == "&Ngôn ngữ / Language"
    assert window.language_actions["vi"].isChecked()
    # Qt has no Vietnamese catalogue: Ranoat's own gives its standard buttons Vietnamese names
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    assert [b.text() for b in buttons.buttons()] == ["Đồng ý", "Huỷ"]


@pytest.mark.usefixtures("language")
def test_main_window_in_english(qtbot: QtBot, rulebooks: dict[str, Rulebook]) -> None:
    window = window_in(qtbot, rulebooks, "en")
    assert window.windowTitle() == "Ranoat — Review of poor and near-poor households"
    menus = {a.text(): a.menu() for a in window.menuBar().actions() if isinstance(a.menu(), QMenu)}
    assert list(menus) == ["&File", "&Commune", "&View", "&Help"]
    assert menu_texts(menus["&View"]) == [
        "&Households",
        "&Form B",
        "&Review round",
        "Poverty &standard",
        "S&ummary",
        "&Language / Ngôn ngữ",
    ]
    assert menu_texts(window.language_menu) == ["Tiếng Việt", "English"]
    assert window.language_actions["en"].isChecked()
    assert [window.nav.item(i).text() for i in range(window.nav.count())] == [
        "Households",
        "Form B",
        "Review round",
        "Poverty standard",
        "Summary",
    ]
    assert window.empty_page.text() == "No database is open. Use File → Open… or File → New database…"
    assert window.standard_label.text().startswith("Standard in force: ")
    every_menu = [list(menus)] + [menu_texts(m) for m in menus.values()]
    for texts in every_menu:
        letters = accelerators(texts)
        assert not [k for k, n in Counter(letters).items() if n > 1], f"accelerators repeat in {texts}"
        for text in texts:  # no Vietnamese left, but the language names themselves
            assert text in ("Tiếng Việt", "&Language / Ngôn ngữ") or english_letters(text), text
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    assert [b.text() for b in buttons.buttons()] == ["OK", "Cancel"]


@pytest.mark.usefixtures("language")
def test_choosing_english_saves_it_for_the_next_start(
    qtbot: QtBot, rulebooks: dict[str, Rulebook], store: QSettings
) -> None:
    window = window_in(qtbot, rulebooks, i18n.saved_language())
    window.language_menu.actions()[1].trigger()  # English
    assert i18n.saved_language() == "en"
    assert window.language_actions["en"].isChecked()
    # a window-modal notice (an application-modal QMessageBox.information would fail the test)
    [notice] = [box for box in window.findChildren(QMessageBox) if box.isVisible()]
    assert notice.text() == "Ranoat sẽ hiển thị bằng English từ lần khởi động sau."
    notice.close()
    assert window.windowTitle() == "Ranoat — Rà soát hộ nghèo, hộ cận nghèo"  # until the restart
    assert window.choose_language("vi") is None  # back to the language in use: nothing to restart
    assert i18n.saved_language() == "vi"


@pytest.mark.usefixtures("language")
def test_start_up_follows_the_saved_language(
    qtbot: QtBot, store: QSettings, monkeypatch: pytest.MonkeyPatch, qapp: QApplication
) -> None:
    i18n.save_language("en")
    started: list[MainWindow] = []

    class Recorded(MainWindow):
        def show(self) -> None:
            started.append(self)
            qtbot.addWidget(self)

    monkeypatch.setattr(ui.app, "MainWindow", Recorded)
    monkeypatch.setattr(type(qapp), "exec", lambda self: 0)
    assert ui.app.main() == 0
    assert i18n.current_language() == "en"
    window = started[0]
    assert window.windowTitle().startswith("Ranoat — ")
    assert [a.text() for a in window.menuBar().actions()] == ["&File", "&Commune", "&View", "&Help"]
    assert window.database_label.text().startswith("Database: ")
    assert window.database is not None
    window.close()


def test_an_unknown_saved_language_falls_back_to_vietnamese(store: QSettings) -> None:
    store.setValue(i18n.SETTING, "fr")
    assert i18n.saved_language() == "vi"
    with pytest.raises(ValueError, match="unknown UI language"):
        i18n.save_language("fr")


@pytest.mark.usefixtures("language")
def test_round_names_and_data_texts_follow_the_language(rulebooks: dict[str, Rulebook]) -> None:
    periodic = RoundInfo(1, 2025, RoundKind.PERIODIC, "2022-2025", RoundStatus.OPEN, None)
    monthly = RoundInfo(2, 2026, RoundKind.REGULAR, "2022-2025", RoundStatus.OPEN, 3)
    title = rulebooks["2022-2025"].model.title
    assert i18n.round_label(periodic) == periodic.label == "Rà soát định kỳ năm 2025 — chuẩn 2022-2025"
    assert i18n.round_label(monthly) == monthly.label == "Rà soát thường xuyên tháng 3 năm 2026 — chuẩn 2022-2025"
    assert i18n.localized(title) == title.vi
    i18n.set_language("en")
    assert i18n.round_label(periodic) == "Periodic review 2025 — standard 2022-2025"
    assert i18n.round_label(monthly) == "Ongoing review 3/2026 — standard 2022-2025"
    assert i18n.localized(title) == title.en != title.vi
