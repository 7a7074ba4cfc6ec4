"""Workbooks built in the tests, the way communes' lists really look: a title block, headers merged
over two rows ("Năm sinh" over "Nam" and "Nữ"), a numbering row, village section rows, the
official layout (the head's row, then the members), and text typed in TCVN3 or VNI fonts."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook

from ranoat.importing.legacy import TCVN3_TABLE, VNI_TABLE

Row = Sequence[object]

_TO_TCVN3 = {unicode: legacy for legacy, unicode in TCVN3_TABLE.items()}
_TO_VNI = {unicode: legacy for legacy, unicode in sorted(VNI_TABLE.items(), key=lambda kv: -len(kv[0]))}


def to_tcvn3(text: str) -> str:
    """Unicode → TCVN3 as .VnTime cells hold it (uppercase toned letters have no code: lower them)."""
    out = []
    for ch in text:
        if ch in _TO_TCVN3:
            out.append(_TO_TCVN3[ch])
        elif ch.lower() in _TO_TCVN3 and not ch.isascii() and ch.lower() != ch:
            out.append(_TO_TCVN3[ch.lower()])
        else:
            out.append(ch)
    return "".join(out)


def to_vni(text: str) -> str:
    return "".join(_TO_VNI.get(ch, ch) for ch in text)


def save(path: Path, rows: Sequence[Row], *, merges: Sequence[str] = (), sheet: str = "Danh sách") -> Path:
    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = sheet
    for row in rows:
        ws.append(list(row))
    for ref in merges:
        ws.merge_cells(ref)
    book.save(path)
    return path


TITLE: list[Row] = [
    ["UBND XÃ BẢN MẪU", None, None, None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
    [None, None, None, None, None, "Độc lập - Tự do - Hạnh phúc"],
    ["DANH SÁCH HỘ NGHÈO, HỘ CẬN NGHÈO NĂM 2025"],
    [],
]
# A B C D E F G H I J
HEADER: list[Row] = [
    ["STT", "Họ và tên", "Quan hệ với chủ hộ", "Năm sinh", None, "Dân tộc", "Số CCCD", "Thôn", "Phân loại", "Ghi chú"],
    [None, None, None, "Nam", "Nữ", None, None, None, None, None],
    ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)", "(9)", "(10)"],
]
HEADER_MERGES = ["A5:A6", "B5:B6", "C5:C6", "D5:E5", "F5:F6", "G5:G6", "H5:H6", "I5:I6", "J5:J6", "A3:J3"]

OFFICIAL_BODY: list[Row] = [
    [1, "Hoàng Văn Thào", "Chủ hộ", 1968, None, "Nùng", "020068000101", "Nà Pàn", "Hộ nghèo", None],
    [None, "Lương Thị Hoà", "Vợ", None, 1970, "Tày", "020170000102", None, None, None],
    [None, "Hoàng Văn Đức", "Con", 1995, None, "Nùng", "020095000103", None, None, None],
    [2, "Nguyễn Thị Thuỷ", "Chủ hộ", None, 1980, "Kinh", "020180000201", "Khòn Khẻ", "Hộ cận nghèo", None],
    [None, "Trần Minh Quý", "Con", 2005, None, "Kinh", "020205000202", None, None, None],
    ["Tổng cộng", None, None, 2, 3, None, None, None, "2 hộ", None],  # totals under the list
    [None, "Người lập biểu", None, None, None, None, None, None, "CHỦ TỊCH UBND XÃ", None],
]


def official(path: Path, body: Sequence[Row] = OFFICIAL_BODY, *, encode: object = None) -> Path:
    rows: list[Row] = [*TITLE, *HEADER, *body]
    if encode is not None:
        rows = [[encode(v) if isinstance(v, str) else v for v in row] for row in rows]  # type: ignore[operator]
    return save(path, rows, merges=HEADER_MERGES)


def household_rows(path: Path) -> Path:
    """One row per household, a title row, no relation column, villages as section rows."""
    return save(
        path,
        [
            ["Danh sách hộ nghèo thôn Nà Pàn và Khòn Khẻ"],
            ["TT", "Họ tên chủ hộ", "Giới tính", "Năm sinh", "Dân tộc", "CMND/CCCD", "Địa chỉ", "Hộ có người có công"],
            ["Thôn Nà Pàn"],
            [1, "Hoàng Văn Thào", "Nam", 1968, "Nùng", "020068000101", "Nà Pàn", "x"],
            [2, "Lộc Thị Mai", "Nữ", 1975, "Tày", 20175000301, "Nà Pàn", None],
            ["Thôn Khòn Khẻ"],
            [3, "Nguyễn Thị Thuỷ", "Nữ", 1980, "Kinh", "", "Khòn Khẻ", None],
        ],
        merges=["A1:H1", "A3:H3", "A6:H6"],
    )


def person_rows(path: Path) -> Path:
    """One row per person with a household code, in any order; columns in another order."""
    return save(
        path,
        [
            ["Mã hộ", "Ngày sinh", "Họ và tên", "Giới tính", "Quan hệ", "Dân tộc", "Thôn/bản", "Số định danh cá nhân"],
            ["NP-001", "12/05/1995", "Hoàng Văn Đức", "Nam", "Con", "Nùng", "Nà Pàn", "020095000103"],
            ["NP-001", "01/01/1968", "Hoàng Văn Thào", "Nam", "Chủ hộ", "Nùng", "Nà Pàn", "020068000101"],
            ["KK-002", "03/02/1980", "Nguyễn Thị Thuỷ", "Nữ", "Chủ hộ", "Kinh", "Khòn Khẻ", ""],
            ["NP-001", "20/10/1970", "Lương Thị Hoà", "Nữ", "Vợ", "Tày", "Nà Pàn", "020170000102"],
        ],
    )


# ----------------------------------------------------------------------------- an officer's own lists (issue #14)
# A B C D E F G H: the village first, a flat one-row header "Năm sinh Nam | Năm sinh Nữ"
FLAT_HEADER: list[object] = [
    "Thôn",
    "STT",
    "Họ và tên",
    "Quan hệ với chủ hộ",
    "Năm sinh Nam",
    "Năm sinh Nữ",
    "Dân tộc",
    "Số CCCD",
]
OWN_TITLE: list[Row] = [["UBND XÃ BẢN MẪU"], ["DANH SÁCH HỘ NGHÈO NĂM 2025"], []]
OWN_BODY: list[Row] = [
    ["Nà Pàn", 1, "Hoàng Văn Thào", "Chủ hộ", 1968, None, "Nùng", "020068000101"],  # row 5
    [None, None, "Lương Thị Hoà", "Vợ", None, 1970, "Tày", "020170000102"],
    ["Cộng thôn Nà Pàn", None, "1 hộ", None, 1, 1, None, None],  # row 7: a village's subtotal
    [],  # row 8: a blank separator
    FLAT_HEADER,  # row 9: the header again, at the top of the second printed page
    ["Khòn Khẻ", 2, "Nguyễn Thị Thuỷ", "Chủ hộ", None, 1980, "Kinh", "020180000201"],  # row 10
    [None, None, "Trần Minh Quý", "Con", 2005, None, "Kinh", None],
    ["Cộng", None, "1 hộ", None, 1, 1, None, None],  # row 12
    ["Tổng cộng", None, "2 hộ", None, 2, 2, None, None],  # row 13: the words in the village column
    [],
    [None, None, "Người lập biểu", None, None, None, "CHỦ TỊCH UBND XÃ", None],  # row 15
]


def own_list(path: Path, body: Sequence[Row] = OWN_BODY, *, title: Sequence[Row] = OWN_TITLE) -> Path:
    """An officer's own Excel list: a title naming the category and no category column, the header
    typed flat in one row, a subtotal per village, a blank row and the header repeated between the
    printed pages, the grand total, the signature block."""
    return save(path, [*title, FLAT_HEADER, *body])


def own_household_list(path: Path, title: str, *, total: bool = True) -> Path:
    """One row per household with a village column and no category column; the total's words are in
    the village column and its count in the name column (what made a village called "Tổng cộng")."""
    rows: list[Row] = [
        [title],
        ["STT", "Họ tên chủ hộ", "Giới tính", "Năm sinh", "Dân tộc", "Thôn"],
        [1, "Hoàng Văn Thào", "Nam", 1968, "Nùng", "Nà Pàn"],  # row 3
        [2, "Lộc Thị Mai", "Nữ", 1975, "Tày", "Nà Pàn"],
        [3, "Nguyễn Thị Thuỷ", "Nữ", 1980, "Kinh", "Khòn Khẻ"],
    ]
    return save(path, [*rows, [None, 3, None, None, None, "Tổng cộng"]] if total else rows)  # the total: row 6
