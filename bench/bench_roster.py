"""The member roster typed from the keyboard alone (issue #14 item 1).

Drives the real household dialog (``ui.dialogs.household_dialog.HouseholdDialog``) with key events
sent to whichever field has the focus, as a commune officer types a paper form: a 3-member household
(head, spouse, child; each with name, sex, birth year, CCCD, ethnicity), saved with Ctrl+S, no mouse.
Counts every key pressed (a chord such as Alt+N or Ctrl+S counts as one), separately the keys that
are the household's own data (letters of the names, digits of years and CCCDs) and the others
(Enter, list letters, Alt+N, Ctrl+S), and checks what was saved.

    QT_QPA_PLATFORM=offscreen uv run python bench/bench_roster.py
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
from dataclasses import dataclass, field

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from ranoat.domain.area import Area
from ranoat.domain.household import HouseholdData, Relation, Sex
from ranoat.operations.commune import VillageData
from ui.dialogs.household_dialog import HouseholdDialog

TARGET_KEYSTROKES = 70
TODAY = dt.date(2026, 11, 28)

# (kind, what): "data" text typed into the field; "pick" letters picking a list item; "key" a key name
Step = tuple[str, str]
ENTER: Step = ("key", "Enter")

HOUSEHOLD: list[list[Step]] = [
    [  # the head: relation "Chủ hộ" is already chosen for the first member
        ("data", "Lò Văn Páo"), ENTER, ENTER, ("pick", "n"), ENTER, ("data", "1975"), ENTER,
        ("pick", "thai"), ENTER, ("data", "014075001234"), ("key", "Alt+N"),
    ],
    [  # the spouse: the ethnicity follows the head's
        ("data", "Lường Thị Xuân"), ENTER, ("pick", "v"), ENTER, ("pick", "nu"), ENTER,
        ("data", "03/02/1978"), ENTER, ENTER, ("data", "014178005678"), ("key", "Alt+N"),
    ],
    [  # the child
        ("data", "Lò Văn Minh"), ENTER, ("pick", "co"), ENTER, ("pick", "n"), ENTER, ("data", "2005"),
        ENTER, ENTER, ("data", "014205009012"), ("key", "Ctrl+S"),
    ],
]  # fmt: skip

KEYS = {
    "Enter": (Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier),
    "Alt+N": (Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier),
    "Ctrl+S": (Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier),
}


@dataclass
class Count:
    data: int = 0
    other: int = 0
    mouse: int = 0
    log: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.data + self.other


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    if widget is None:
        raise AssertionError("no field has the focus")
    return widget


def type_char(char: str) -> None:
    """ASCII through QTest; Vietnamese letters as key events carrying the composed character, as a
    Vietnamese input method (Unikey, EVKey) delivers them."""
    if char.isascii():
        QTest.keyClicks(focused(), char)
    else:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(focused(), QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char))
    QApplication.processEvents()


def play(steps: list[Step], count: Count) -> None:
    for kind, what in steps:
        if kind == "key":
            key, modifier = KEYS[what]
            QTest.keyClick(focused(), key, modifier)
            QApplication.processEvents()
            count.other += 1
        else:
            for char in what:
                type_char(char)
            if kind == "data":
                count.data += len(what)
            else:
                count.other += len(what)
        count.log.append(f"{kind} {what!r} → {type(QApplication.focusWidget()).__name__}")


def make_dialog(saved: list[HouseholdData]) -> HouseholdDialog:
    def save(household: HouseholdData) -> str | None:
        saved.append(household)
        return None

    household = HouseholdData(code="T01-00001", village_id=1, area=Area.RURAL)
    dialog = HouseholdDialog(
        household, [VillageData("T01", "Thôn Nà Pàn", 1)], save, lambda _m: [], dt.date(2026, 11, 28)
    )
    dialog.show()
    dialog.activateWindow()
    deadline = time.monotonic() + 5
    while QApplication.focusWidget() is not dialog.full_name and time.monotonic() < deadline:
        QApplication.processEvents()
    return dialog


def enter_household() -> tuple[Count, list[HouseholdData], float]:
    saved: list[HouseholdData] = []
    dialog = make_dialog(saved)
    count = Count()
    start = time.perf_counter()
    for member in HOUSEHOLD:
        play(member, count)
    elapsed = time.perf_counter() - start
    dialog.deleteLater()
    return count, saved, elapsed


def check(saved: list[HouseholdData]) -> list[str]:
    """What the keys should have made; the problems found (none when all is right)."""
    if len(saved) != 1:
        return [f"saved {len(saved)} times, expected once"]
    expected = [
        ("Lò Văn Páo", Relation.HEAD, Sex.MALE, 1975, None, "03", "014075001234"),
        ("Lường Thị Xuân", Relation.SPOUSE, Sex.FEMALE, 1978, dt.date(1978, 2, 3), "03", "014178005678"),
        ("Lò Văn Minh", Relation.CHILD, Sex.MALE, 2005, None, "03", "014205009012"),
    ]
    got = [
        (m.full_name, m.relation, m.sex, m.birth_year, m.birth_date, m.ethnicity_code, m.cccd) for m in saved[0].members
    ]
    return [] if got == expected else [f"saved {got}, expected {expected}"]


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    del app
    count, saved, elapsed = enter_household()
    problems = check(saved)
    print("3-member household typed into the real dialog, no mouse")
    print(f"  keystrokes, all:                 {count.total}")
    print(f"  of which the household's data:   {count.data} (letters of names, digits of years, dates, CCCDs)")
    print(f"  of which moving and choosing:    {count.other} (Enter, list letters, Alt+N, Ctrl+S)")
    print(f"  mouse clicks:                    {count.mouse}")
    print(f"  time to play the keys:           {elapsed * 1000:.0f} ms")
    verdict = "pass" if not problems and count.other <= TARGET_KEYSTROKES else "FAIL"
    print(f"  target ≤ {TARGET_KEYSTROKES} keystrokes besides the data, no mouse: {verdict}")
    for problem in problems:
        print("  PROBLEM:", problem)
    return 0 if verdict == "pass" else 1


if __name__ == "__main__":
    raise SystemExit(main())
