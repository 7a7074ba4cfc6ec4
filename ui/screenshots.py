"""Render the documentation screenshots at 1366×768: `python -m ui.screenshots docs/img`.

Run offscreen (QT_QPA_PLATFORM=offscreen); the PNGs are what README and docs/ show.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from ranoat.rules.rulebook import load_all
from ui.app import create_application
from ui.main_window import MainWindow

SIZE = (1366, 768)


def calculator(out: Path) -> Path:
    window = MainWindow(load_all(), today=dt.date(2026, 11, 28))
    window.resize(*SIZE)
    window.show()
    calc = window.standards_page.calculator
    calc.value.setText("138")
    for code in ("employment", "nutrition", "housing_area"):
        calc.indicator_check(code).setChecked(True)
    calc.indicator_check("housing_area").setFocus()
    create_application([]).processEvents()
    path = out / "calculator.png"
    window.grab().save(str(path))
    window.close()
    return path


def main(argv: list[str]) -> int:
    out = Path(argv[0] if argv else "docs/img")
    out.mkdir(parents=True, exist_ok=True)
    create_application(["ranoat-screenshots"])
    print(calculator(out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
