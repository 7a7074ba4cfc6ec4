"""Where the time goes: cProfile over the scenarios of bench_register.py, on a copy of a demo database.

    uv run ranoat demo --households 50000 --out /tmp/xa.sqlite3
    uv run python bench/profile_register.py --db /tmp/xa.sqlite3 [--scenario open|keystroke|save-form] [--top 25]

Each scenario runs once unprofiled (so that one-time costs such as imports and statement
compilation are out of the way), then again under cProfile; the functions with the most
cumulative time are printed.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench_register import _qt_ready, close_window, open_and_show, type_key


def profiled(label: str, action: Callable[[], object], top: int) -> None:
    profile = cProfile.Profile()
    profile.enable()
    action()
    profile.disable()
    print(f"\n#### {label}")
    stats = pstats.Stats(profile, stream=sys.stdout)
    stats.sort_stats(pstats.SortKey.CUMULATIVE).print_stats(top)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, required=True, help="a demo database (copied; the copy is measured)")
    parser.add_argument("--scenario", choices=["open", "keystroke", "save-form", "all"], default="all")
    parser.add_argument("--top", type=int, default=30, help="functions shown per scenario")
    options = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="ranoat-profile-") as folder:
        data_home = Path(folder)
        path = data_home / "xa.sqlite3"
        shutil.copyfile(options.db, path)
        _qt_ready(data_home)
        from ranoat.domain.round import RoundKind
        from ui.app import create_application

        create_application(sys.argv[:1])
        window, _ = open_and_show(path)  # warm-up
        close_window(window)
        holder: dict[str, Any] = {}

        def open_() -> None:
            holder["window"], _ = open_and_show(path)

        if options.scenario in ("open", "all"):
            profiled("open → first page painted (repeat open)", open_, options.top)
        else:
            open_()
        window = holder["window"]
        page = window.register_page

        if options.scenario in ("keystroke", "all"):

            def keystroke() -> None:
                type_key(page.search, "h")  # matches nearly every household: the slowest kind of key
                for row in range(30):
                    page.model.row_data(row)

            page.search.clear()
            keystroke()
            page.search.clear()
            profiled("keystroke 'h' into an empty search field → first 30 rows", keystroke, options.top)
            page.search.clear()

        if options.scenario in ("save-form", "all"):
            assert window._create_round(2026, RoundKind.PERIODIC, "2022-2025", None) is None
            ids = page.model.ids()
            window.open_survey(ids[1000])
            window.survey_page.b1.setText("120")
            window.survey_page.save()
            window.open_survey(ids[2000])
            window.survey_page.b1.setText("130")
            profiled("SurveyPage.save() from the form", window.survey_page.save, options.top)
        close_window(window)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
