"""Render the documentation screenshots at 1366×768: `python -m ui.screenshots docs/img`.

Run offscreen (QT_QPA_PLATFORM=offscreen). The register and Phiếu B use a 5,000-household demo
commune generated on the fly; the PNGs are what README and docs/ show.
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

from ranoat.demo import create_demo
from ranoat.rules.rulebook import load_all
from ranoat.storage.database import open_database
from ui.app import create_application
from ui.main_window import PAGE_DASHBOARD, PAGE_STANDARDS, MainWindow

SIZE = (1366, 768)
TODAY = dt.date(2026, 11, 28)


def _settle() -> None:
    app = create_application([])
    for _ in range(3):  # layouts and scroll bars settle over a few passes
        app.processEvents()
        time.sleep(0.05)


def calculator(out: Path) -> Path:
    window = MainWindow(load_all(), today=TODAY)
    window.resize(*SIZE)
    window.show()
    window.show_page(PAGE_STANDARDS)
    calc = window.standards_page.calculator
    calc.value.setText("138")
    for code in ("employment", "nutrition", "housing_area"):
        calc.indicator_check(code).setChecked(True)
    calc.indicator_check("housing_area").setFocus()
    _settle()
    path = out / "calculator.png"
    window.grab().save(str(path))
    window.close()
    return path


def register_and_survey(out: Path) -> list[Path]:
    with tempfile.TemporaryDirectory() as folder:
        db_path = Path(folder) / "xa.sqlite3"
        create_demo(db_path, households=5000, seed=1)
        window = MainWindow(load_all(), today=TODAY, database=open_database(db_path))
        window.resize(*SIZE)
        window.show()
        register = window.register_page
        assert register is not None
        register.search.setText("nong thi")
        _settle()
        register_png = out / "register.png"
        window.grab().save(str(register_png))
        register.search.clear()
        register.category.setCurrentIndex(register.category.findData("poor"))
        _settle()
        current = register.current_id()
        assert current is not None
        window.open_survey(current)
        survey = window.survey_page
        survey.housing_area.setText("24")
        survey.indicator_check("housing_area").setFocus()
        _settle()
        survey_png = out / "survey.png"
        window.grab().save(str(survey_png))
        survey.flush()
        window.show_page(PAGE_DASHBOARD)
        _settle()
        dashboard_png = out / "dashboard.png"
        window.grab().save(str(dashboard_png))
        window.close()
    return [register_png, survey_png, dashboard_png]


def province(out: Path, communes: int = 8, households: int = 400) -> Path:
    """The province's store window over a few demo communes loaded into a new store."""
    from ranoat.operations.export import export_round, latest_round_id
    from ranoat.province.load import load_files
    from ranoat.province.store import open_store
    from ui.province_window import ProvinceWindow

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
        _settle()
        path = out / "kho-du-lieu-tinh.png"
        window.grab().save(str(path))
        window.close()
    return path


def main(argv: list[str]) -> int:
    out = Path(argv[0] if argv else "docs/img")
    out.mkdir(parents=True, exist_ok=True)
    create_application(["ranoat-screenshots"])
    print(calculator(out))
    for path in register_and_survey(out):
        print(path)
    print(province(out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
