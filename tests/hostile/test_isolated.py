"""The import wizard's reading runs in a child process (issue #16): an abort or a runaway
allocation there is a message naming the file, not the end of the program, and a cancel stops the
child within a second. The functions run are the standard library's (``os.abort``, ``time.sleep``,
``bytearray``), so that what is measured is the child's handling, not a test's stand-in."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest

from ranoat.importing.isolated import CANCEL_SECONDS, ReadCancelledError, run_isolated
from ranoat.importing.sheet import ImportFileError, read_grid


def test_a_child_that_aborts_is_a_message_naming_the_file() -> None:
    with pytest.raises(ImportFileError) as caught:
        run_isolated(Path("/du-lieu/danh-sach.xlsx"), os.abort)
    message = str(caught.value)
    assert message.startswith("Tệp danh-sach.xlsx: việc đọc tệp bị dừng đột ngột")
    assert ("SIGABRT" in message) if sys.platform != "win32" else ("mã thoát" in message)
    assert "Ranoat vẫn chạy bình thường, chưa ghi gì" in message


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_AS is Linux's")
def test_a_runaway_allocation_fails_in_the_child_with_a_message() -> None:
    with pytest.raises(ImportFileError, match=r"Tệp bom\.xlsx: đọc tệp cần hơn 256 MB bộ nhớ"):
        run_isolated(Path("bom.xlsx"), bytearray, 3 * 1024**3, memory_limit=256 * 1024**2)


def test_cancel_stops_the_child_within_a_second() -> None:
    asked: list[float] = []

    def cancelled() -> bool:
        if not asked:
            asked.append(time.monotonic() + 1.5)  # cancel 1.5 s after the start, the child well under way
        return time.monotonic() >= asked[0]

    with pytest.raises(ReadCancelledError):
        run_isolated(Path("lon.xlsx"), time.sleep, 60, cancelled=cancelled)
    stopped = time.monotonic() - asked[0]
    assert stopped < CANCEL_SECONDS, f"the child took {stopped:.2f} s to stop"


def test_a_reading_comes_back_and_a_refusal_keeps_its_message(tmp_path: Path) -> None:
    import openpyxl

    path = tmp_path / "ds.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Họ và tên", "Năm sinh"])
    sheet.append(["Hoàng Văn Thào", 1968])
    book.save(path)
    grid = run_isolated(path, read_grid, path)
    assert grid.value(2, 1) == "Hoàng Văn Thào"
    path.write_bytes(b"not a zip")
    with pytest.raises(ImportFileError, match=r"ds\.xlsx không phải sổ Excel \.xlsx hợp lệ"):
        run_isolated(path, read_grid, path)
