"""Render the documentation screenshots at 1366×768: `python -m ui.screenshots docs/img`.

Run offscreen (QT_QPA_PLATFORM=offscreen). Every page of the main window in Vietnamese and in
English (`<page>.png`, `<page>-en.png`), the dialogs the guide shows, the province's store window,
and, where LibreOffice and poppler are installed, the printed list and form 7.1 as they print. The
commune is a 5,000-household demo commune (synthetic data, said so in its name) generated on the fly.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QWidget

from ranoat.demo import create_demo
from ranoat.domain.round import RoundKind
from ranoat.rules.rulebook import load_all
from ranoat.storage.database import open_database
from ui.app import create_application
from ui.i18n import ENGLISH, VIETNAMESE, set_language
from ui.main_window import PAGE_DASHBOARD, PAGE_REGISTER, PAGE_ROUND, PAGE_STANDARDS, PAGE_SURVEY, MainWindow

SIZE = (1366, 768)
TODAY = dt.date(2026, 12, 8)


def _settle() -> None:
    app = create_application([])
    for _ in range(4):  # layouts and scroll bars settle over a few passes
        app.processEvents()
        time.sleep(0.05)


def _save(widget: QWidget, path: Path) -> Path:
    _settle()
    widget.grab().save(str(path))
    return path


def pages(out: Path, db_path: Path, language: str) -> list[Path]:
    """The five pages of the main window over the demo commune, in ``language``."""
    set_language(language)
    suffix = "" if language == VIETNAMESE else f"-{language}"
    saved: list[Path] = []
    window = MainWindow(load_all(), today=TODAY, database=open_database(db_path))
    window.resize(*SIZE)
    window.show()
    register = window.register_page
    assert register is not None
    window.show_page(PAGE_REGISTER)
    register.search.setText("nong thi")
    saved.append(_save(window, out / f"register{suffix}.png"))
    register.search.clear()
    register.category.setCurrentIndex(register.category.findData("poor"))
    _settle()
    current = register.current_id()
    assert current is not None
    window.open_survey(current)
    survey = window.survey_page
    survey.housing_area.setText("24")
    survey.indicator_check("housing_area").setFocus()
    window.show_page(PAGE_SURVEY)
    saved.append(_save(window, out / f"survey{suffix}.png"))
    survey.flush()
    window.show_page(PAGE_ROUND)
    saved.append(_save(window, out / f"round{suffix}.png"))
    window.show_page(PAGE_STANDARDS)
    calc = window.standards_page.calculator
    calc.value.setText("138")
    for code in ("employment", "nutrition", "housing_area"):
        calc.indicator_check(code).setChecked(True)
    calc.indicator_check("housing_area").setFocus()
    saved.append(_save(window, out / f"calculator{suffix}.png"))
    window.show_page(PAGE_DASHBOARD)
    saved.append(_save(window, out / f"dashboard{suffix}.png"))
    window.close()  # closes its database too
    return saved


def dialogs(out: Path, db_path: Path) -> list[Path]:
    """The dialogs the guide shows, in Vietnamese: the household, a new round at the change of
    standard, the comparison of two standards, the user guide."""
    from ui.dialogs.comparison_dialog import ComparisonDialog
    from ui.dialogs.household_dialog import HouseholdDialog
    from ui.dialogs.round_dialog import RoundDialog

    set_language(VIETNAMESE)
    books = load_all()
    saved: list[Path] = []
    window = MainWindow(books, today=TODAY, database=open_database(db_path))
    window.resize(*SIZE)
    window.show()
    register = window.register_page
    assert register is not None
    first = register.current_id()
    assert first is not None
    window.edit_household(first)
    household = window.dialog
    assert isinstance(household, HouseholdDialog)
    saved.append(_save(household, out / "household-dialog.png"))
    household.reject()
    round_dialog = RoundDialog(books, TODAY, lambda *args: None, window)
    round_dialog.resize(640, round_dialog.sizeHint().height())
    round_dialog.show()
    saved.append(_save(round_dialog, out / "round-dialog.png"))
    round_dialog.kind.setCurrentIndex(round_dialog.kind.findData(RoundKind.GENERAL))
    round_dialog.adjustSize()
    saved.append(_save(round_dialog, out / "round-dialog-general.png"))
    round_dialog.reject()
    page = window.round_page
    assert page is not None
    window.show_page(PAGE_ROUND)
    page.what_if_standard.setCurrentIndex(page.what_if_standard.findData("2016-2020"))
    page.compare()
    comparison = page.dialog
    assert isinstance(comparison, ComparisonDialog)
    saved.append(_save(comparison, out / "comparison.png"))
    comparison.reject()
    help_window = window.show_help()
    help_window.resize(1000, 700)
    saved.append(_save(help_window, out / "help.png"))
    help_window.close()
    window.close()  # closes its database too
    return saved


def printed(out: Path, db_path: Path) -> list[Path]:
    """The poor households' list and form 7.1 as LibreOffice prints the exported workbook (first page
    of each); nothing when LibreOffice or poppler is missing."""
    from ranoat.operations.export import export_round, latest_round_id

    soffice, pdftoppm = shutil.which("soffice") or shutil.which("libreoffice"), shutil.which("pdftoppm")
    if soffice is None or pdftoppm is None:
        print("LibreOffice or poppler missing: the printed pages are not rendered", file=sys.stderr)
        return []
    saved: list[Path] = []
    with tempfile.TemporaryDirectory() as folder:
        workbook = Path(folder) / "xa.xlsx"
        with open_database(db_path) as database:
            export_round(database, latest_round_id(database), workbook, load_all())
        subprocess.run(
            [soffice, "--headless", "--convert-to", "pdf", "--outdir", folder, str(workbook)],
            check=True,
            capture_output=True,
            timeout=300,
        )
        pdf = workbook.with_suffix(".pdf")
        form_title = "TỔNG HỢP KẾT QUẢ RÀ SOÁT"  # not translated: form 7.1's printed title
        for name, page in (("list-poor", 1), ("form-7-1", _first_page_of(pdf, form_title))):
            stem = Path(folder) / name
            subprocess.run(
                [pdftoppm, "-png", "-r", "80", "-f", str(page), "-l", str(page), "-singlefile", str(pdf), str(stem)],
                check=True,
                timeout=120,
            )
            target = out / f"{name}.png"
            shutil.copy(stem.with_suffix(".png"), target)
            saved.append(target)
    return saved


def _first_page_of(pdf: Path, text: str) -> int:
    """The first page of ``pdf`` whose text holds ``text`` (pdftotext), else 1."""
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        return 1
    content = subprocess.run([pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    for number, page in enumerate(content.split("\f"), start=1):
        if text in page:
            return number
    return 1


def province(out: Path, communes: int = 8, households: int = 400) -> Path:
    """The province's store window over a few demo communes loaded into a new store."""
    from ranoat.operations.export import export_round, latest_round_id
    from ranoat.province.load import load_files
    from ranoat.province.store import open_store
    from ui.province_window import ProvinceWindow

    set_language(VIETNAMESE)
    books = load_all()
    with tempfile.TemporaryDirectory(prefix="kho-tinh-") as folder:
        files = []
        for number in range(1, communes + 1):
            db_path = Path(folder) / f"xa-{number}.sqlite3"
            create_demo(db_path, households=households, seed=number, commune_code=f"061{number:02d}")
            files.append(Path(folder) / f"so-xa-061{number:02d}.xlsx")
            with open_database(db_path) as database:
                export_round(database, latest_round_id(database), files[-1], books)
        spec = str(Path(folder) / "province.sqlite3")
        store = open_store(spec)
        load_files(store, files, books)
        store.close()
        window = ProvinceWindow(books, spec)
        window.resize(*SIZE)
        window.show()
        window.refresh()
        app = create_application([])
        while window.read is None or window.is_running():
            app.processEvents()
            time.sleep(0.05)
        path = _save(window, out / "kho-du-lieu-tinh.png")
        window.close()
    return path


def main(argv: list[str]) -> int:
    out = Path(argv[0] if argv else "docs/img")
    out.mkdir(parents=True, exist_ok=True)
    create_application(["ranoat-screenshots"])
    with tempfile.TemporaryDirectory() as folder:
        demo = Path(folder) / "xa.sqlite3"
        create_demo(demo, households=5000, seed=1)
        steps: list[Callable[[], list[Path]]] = [
            lambda: pages(out, demo, VIETNAMESE),
            lambda: pages(out, demo, ENGLISH),
            lambda: dialogs(out, demo),
            lambda: printed(out, demo),
        ]
        for step in steps:
            for path in step():
                print(path)
    print(province(out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
