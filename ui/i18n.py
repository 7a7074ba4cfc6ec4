"""The UI language: Vietnamese (the source language of every string in ui/) or English.

The choice is a user setting (QSettings, key ``ui/language``) read once at start-up; changing it in
Xem → Ngôn ngữ / Language applies on the next start. Translations are compiled Qt catalogues in the
shipped folder ``i18n`` (``resources/i18n`` in a source tree, ``ranoat/_resources/i18n`` in a wheel):
``ranoat_en.qm`` for Ranoat's own strings and, for Qt's standard buttons (OK, Cancel, Yes, No…),
Qt's ``qtbase_<lang>.qm`` from the PySide6 wheel, or Ranoat's own ``qtbase_vi.qm`` (Qt ships none).
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QSettings, QTranslator

from ranoat.domain.round import RoundInfo, RoundKind
from ranoat.shipped import shipped_dir

VIETNAMESE = "vi"
ENGLISH = "en"
DEFAULT_LANGUAGE = VIETNAMESE
# Each language by its own name: whoever cannot read the current language still finds theirs.
LANGUAGES: dict[str, str] = {VIETNAMESE: "Tiếng Việt", ENGLISH: "English"}
SETTING = "ui/language"

_installed: list[QTranslator] = []
_current = DEFAULT_LANGUAGE


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Mark ``text`` for the catalogue under ``context`` (pyside6-lupdate finds the call by its name) and
    return it unchanged; translate it where shown: QCoreApplication.translate(context, text), or self.tr
    in a class named ``context``. PySide6's own QT_TRANSLATE_NOOP is typed to return object."""
    return text


def settings() -> QSettings:
    """The user's settings (organisation and application name come from create_application)."""
    return QSettings()


def saved_language(store: QSettings | None = None) -> str:
    """The language chosen by the user; Vietnamese when none (or an unknown one) is saved."""
    value = (store or settings()).value(SETTING, DEFAULT_LANGUAGE)
    return value if isinstance(value, str) and value in LANGUAGES else DEFAULT_LANGUAGE


def save_language(language: str, store: QSettings | None = None) -> None:
    if language not in LANGUAGES:
        raise ValueError(f"unknown UI language: {language!r}")
    store = store or settings()
    store.setValue(SETTING, language)
    store.sync()


def translations_dir() -> Path | None:
    """Ranoat's compiled translations (``*.qm``), in the source tree or the installed wheel."""
    return shipped_dir("i18n")


def qt_translations_dir() -> Path:
    """Qt's own translations, inside the PySide6 wheel."""
    return Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))


def catalogues(language: str) -> list[Path]:
    """The .qm files to install for ``language``, Qt's first (Ranoat's strings take precedence)."""
    found: list[Path] = []
    own = translations_dir()
    qt_base = qt_translations_dir() / f"qtbase_{language}.qm"
    if qt_base.is_file():
        found.append(qt_base)
    elif own is not None and (own / f"qtbase_{language}.qm").is_file():
        found.append(own / f"qtbase_{language}.qm")
    if language != VIETNAMESE and own is not None and (own / f"ranoat_{language}.qm").is_file():
        found.append(own / f"ranoat_{language}.qm")
    return found


def set_language(language: str) -> list[Path]:
    """Install the translators of ``language`` in the running application, replacing any installed
    before. Widgets built afterwards speak the language; the ones already built keep their text.
    Returns the catalogues loaded."""
    global _current
    if language not in LANGUAGES:
        raise ValueError(f"unknown UI language: {language!r}")
    for translator in _installed:
        QCoreApplication.removeTranslator(translator)
    _installed.clear()
    loaded: list[Path] = []
    for path in catalogues(language):
        translator = QTranslator()
        if translator.load(str(path)):
            QCoreApplication.installTranslator(translator)
            _installed.append(translator)  # a translator must outlive its installation
            loaded.append(path)
    _current = language
    return loaded


def current_language() -> str:
    """The language of the translators installed (Vietnamese until set_language is called)."""
    return _current


class Bilingual(Protocol):
    """A text of the data (rulebooks, point tables): written in both languages."""

    @property
    def vi(self) -> str: ...

    @property
    def en(self) -> str: ...


def localized(text: Bilingual) -> str:
    """A text of the data in the UI language."""
    return text.en if _current == ENGLISH else text.vi


def round_label(info: RoundInfo) -> str:
    """The round's name in the UI language (in Vietnamese, the core's RoundInfo.label)."""
    if info.kind is RoundKind.PERIODIC:
        text = QCoreApplication.translate("RoundLabel", "Rà soát định kỳ năm {year} — chuẩn {standard}")
    elif info.kind is RoundKind.GENERAL:
        text = QCoreApplication.translate(
            "RoundLabel", "Tổng rà soát năm {year} (danh sách giai đoạn mới) — chuẩn {standard}"
        )
    else:
        text = QCoreApplication.translate(
            "RoundLabel", "Rà soát thường xuyên tháng {month} năm {year} — chuẩn {standard}"
        )
    return text.format(year=info.year, month=info.month, standard=info.standard_id)
