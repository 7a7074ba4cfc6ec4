"""Which column holds which field: the header row (under a title block, with multi-row merged
headers), suggestions from the Vietnamese header text, and mappings saved to a file and
remembered for the next file with the same headers.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

import platformdirs

from ranoat.domain.category import Category
from ranoat.domain.search import fold
from ranoat.importing.legacy import TextEncoding, decode, normalize_text
from ranoat.importing.sheet import Grid, column_letter

HEADER_SEARCH_ROWS = 40  # a title block is a few rows; the header is near the top
MAPPING_VERSION = 1


class Layout(StrEnum):
    OFFICIAL = "official"  # the head's row, then the members' rows, with a relation column
    HOUSEHOLD = "household"  # one row per household (the head)
    PERSON = "person"  # one row per person, with a household code


LAYOUT_NAMES = {
    Layout.OFFICIAL: "Mẫu danh sách chính thức: dòng chủ hộ, tiếp theo là các thành viên",
    Layout.HOUSEHOLD: "Mỗi hộ một dòng (chủ hộ)",
    Layout.PERSON: "Mỗi người một dòng, có cột mã hộ",
}


@dataclass(frozen=True)
class Field:
    key: str
    label: str  # Vietnamese, for the mapping page
    keywords: tuple[str, ...]  # folded header text that suggests it
    household: bool = False  # a household's field (read from the head's row)


FIELDS: tuple[Field, ...] = (
    # official lists number the households (on the head's row); a numbered row with no relation is a head
    Field("sequence", "Số thứ tự hộ (STT)", ("stt", "tt", "so tt", "so thu tu"), True),
    Field("household_code", "Mã hộ", ("ma ho", "ma so ho", "ma ho gia dinh", "household_code"), True),
    Field("village", "Thôn, bản, tổ dân phố", ("thon", "ban", "to dan pho", "xom", "ap", "village_name"), True),
    Field("village_code", "Mã thôn", ("ma thon", "village_code"), True),
    Field("address", "Địa chỉ", ("dia chi", "noi o", "address"), True),
    Field("area", "Khu vực (nông thôn/thành thị)", ("khu vuc", "area"), True),
    Field("full_name", "Họ và tên", ("ho va ten", "ho ten", "ten chu ho", "ho ten chu ho", "full_name")),
    Field("relation", "Quan hệ với chủ hộ", ("quan he voi chu ho", "quan he", "qh voi chu ho", "relation")),
    Field("sex", "Giới tính", ("gioi tinh", "nam/nu", "sex")),
    Field("birth_year", "Năm sinh", ("nam sinh", "birth_year")),
    Field("birth_year_male", "Năm sinh (cột Nam)", ()),
    Field("birth_year_female", "Năm sinh (cột Nữ)", ()),
    Field("birth_date", "Ngày sinh", ("ngay sinh", "ngay thang nam sinh", "ngay, thang, nam sinh", "birth_date")),
    Field("ethnicity", "Dân tộc", ("dan toc", "ethnicity_code", "ethnicity")),
    Field(
        "cccd",
        "Số CCCD/CMND",
        (
            "so cccd",
            "cccd",
            "cmnd",
            "can cuoc",
            "so dinh danh",
            "dinh danh ca nhan",
            "chung minh nhan dan",
            "cccd/cmnd",
        ),
    ),
    Field(
        "category",
        "Phân loại hộ (nghèo/cận nghèo)",
        ("phan loai", "loai ho", "phan loai ho", "ho ngheo/can ngheo", "result_category"),
        True,
    ),
    Field("person_of_merit", "Hộ có người có công", ("nguoi co cong", "ncc", "person_of_merit"), True),
    Field("social_protection", "Hộ có đối tượng bảo trợ xã hội", ("bao tro xa hoi", "btxh", "social_protection"), True),
    Field(
        "no_working_capacity",
        "Hộ không có khả năng lao động",
        ("khong co kha nang lao dong", "kcknld", "khong co lao dong", "no_working_capacity"),
        True,
    ),
    Field(
        "farming",
        "Hộ làm nông, lâm, ngư, diêm nghiệp",
        (
            "nong lam ngu diem nghiep",
            "nong, lam, ngu, diem nghiep",
            "nong, lam, ngu nghiep",
            "nong lam ngu nghiep",
            "lam nong nghiep",
            "nong nghiep",
            "farming",
        ),
        True,
    ),
    Field("causes", "Nguyên nhân nghèo", ("nguyen nhan ngheo", "nguyen nhan", "causes"), True),
    Field("schooling", "Trình độ học vấn", ("trinh do hoc van", "hoc van", "trinh do van hoa", "schooling")),
    Field("health_insurance", "Bảo hiểm y tế", ("bao hiem y te", "bhyt", "the bhyt", "health_insurance")),
    Field("employment", "Việc làm", ("viec lam", "tinh trang viec lam", "nghe nghiep", "employment")),
    Field("disability", "Khuyết tật", ("khuyet tat", "nguoi khuyet tat", "disability")),
    Field("phone", "Điện thoại", ("dien thoai", "so dien thoai", "sdt"), True),
)
FIELDS_BY_KEY = {f.key: f for f in FIELDS}
_ROMAN_OR_NUMBER = re.compile(r"^\(?[0-9]{1,2}\)?$")
# one header row naming the year and the sex: "Năm sinh Nam", "Năm sinh (Nữ)", "Năm sinh - Nữ" (folded)
_FLAT_SEX_YEAR = re.compile(r"^(?:nam sinh|ngay,? thang,? nam sinh|ngay sinh)\s*(?:[-:(]|cua)?\s*(nam|nu)\s*\)?$")


@dataclass
class HeaderInfo:
    first_row: int  # Excel rows of the header block (inclusive)
    last_row: int
    labels: dict[int, str]  # column (from 1) → flattened label ("Năm sinh / Nam")

    @property
    def data_start(self) -> int:
        return self.last_row + 1


@dataclass
class Mapping:
    """Columns (from 1) per field key, and the options a list may need."""

    columns: dict[str, int] = field(default_factory=dict)
    header_first_row: int | None = None
    header_last_row: int | None = None
    layout: Layout | None = None  # None: decided from the mapped columns
    default_village: str = ""  # for lists without a village column (name or code)
    default_ethnicity: str = ""  # for lists without an ethnicity column (name or code)
    category: str = ""  # the status of every household of a list without a category column
    year: int | None = None  # the year of the list; None: from the title, else this year

    def effective_layout(self) -> Layout:
        if self.layout is not None:
            return self.layout
        if "relation" not in self.columns:
            return Layout.HOUSEHOLD
        return Layout.PERSON if "household_code" in self.columns else Layout.OFFICIAL


def _label_score(label: str, keywords: tuple[str, ...]) -> int:
    folded = fold(label)
    best = 0
    for keyword in keywords:
        if folded == keyword:
            best = max(best, 1000)
        elif re.search(rf"(^|[^a-z]){re.escape(keyword)}($|[^a-z])", folded):
            best = max(best, 100 + len(keyword))
    return best


def _cell_text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def is_numbering_row(values: Sequence[object]) -> bool:
    """The "(1) (2) (3) …" row many official forms print under the header."""
    present = [v for v in values if v not in (None, "")]
    if len(present) < 3:
        return False
    return all(
        (isinstance(v, int) and not isinstance(v, bool) and 0 <= v < 100)
        or (isinstance(v, str) and _ROMAN_OR_NUMBER.match(v.strip()) is not None)
        for v in present
    )


def _row_score(values: Sequence[object]) -> int:
    """How many distinct cells of a row name a field (a title merged across counts once)."""
    score = 0
    for text in {_cell_text(v) for v in values}:
        if text and len(text) < 80 and any(_label_score(text, f.keywords) for f in FIELDS):
            score += 1
    return score


def _looks_like_data(values: Sequence[object]) -> bool:
    return any(
        isinstance(v, (int, float)) and not isinstance(v, bool) and v >= 1000
        for v in values  # a birth year, a CCCD typed as a number
    ) or any(isinstance(v, str) and re.fullmatch(r"[0-9]{9,12}", v.strip()) for v in values)


def find_header(grid: Grid) -> HeaderInfo | None:
    """The header block: the row that names the most fields, with the rows merged into it above
    and below (multi-row headers) and the numbering row under it; None when no row names two."""
    limit = min(len(grid.rows), HEADER_SEARCH_ROWS)
    scored = [(_row_score(list(grid.rows[r])), r + 1) for r in range(limit)]
    best_score, best = max(scored, key=lambda s: (s[0], -s[1]), default=(0, 0))
    if best_score < 2:
        return None
    first = last = best
    # merged ranges that touch the header row pull in the rows they span
    for min_row, _min_col, max_row, _max_col in grid.merged:
        if min_row <= best <= max_row and max_row - min_row < 4:
            first, last = min(first, min_row), max(last, max_row)
    while last + 1 <= len(grid.rows):
        below = list(grid.rows[last])
        if is_numbering_row(below):
            last += 1
            break
        if _looks_like_data(below) or not any(_cell_text(v) for v in below):
            break
        if _is_sex_subheader(below, list(grid.rows[last - 1])):  # "Nam" "Nữ" under an unmerged "Năm sinh"
            last += 1
            continue
        if _row_score(below) == 0 or not all(isinstance(v, str) or v is None for v in below):
            break
        if len({_cell_text(v) for v in below if _cell_text(v)}) < 2:  # a section row ("Thôn Nà Pàn")
            break
        last += 1
    return header_from_rows(grid, first, last)


def _is_sex_subheader(below: Sequence[object], above: Sequence[object]) -> bool:
    """ "Nam" and "Nữ" under a "Năm sinh" typed in one cell and centred across two columns (not
    merged): the row below the header is part of it."""
    sexes = {c: fold(_cell_text(v)) for c, v in enumerate(below) if _cell_text(v)}
    if set(sexes.values()) != {"nam", "nu"}:
        return False
    for column in sexes:
        group = next((_cell_text(above[c]) for c in range(column, -1, -1) if _cell_text(above[c])), "")
        if "sinh" not in fold(group):
            return False
    return True


def _group_labels(grid: Grid, rows: list[int]) -> dict[tuple[int, int], str]:
    """The texts of the upper header rows as each column reads them: a cell left empty over a
    sub-header ("Năm sinh" centred across "Nam" and "Nữ" without merging) takes its left neighbour's."""
    found: dict[tuple[int, int], str] = {}
    for index, row in enumerate(rows):
        lower = rows[index + 1 :]
        for column in range(1, grid.width + 1):
            text = _cell_text(grid.value(row, column))
            if not text and column > 1 and lower:
                below = any(_cell_text(grid.value(r, column)) for r in lower)
                left_below = any(_cell_text(grid.value(r, column - 1)) for r in lower)
                if below and left_below:
                    text = found.get((row, column - 1), "")
            if text:
                found[(row, column)] = text
    return found


def header_from_rows(grid: Grid, first: int, last: int) -> HeaderInfo:
    """The header block of rows ``first``–``last``: each column's label is its cells' texts top to
    bottom ("Năm sinh / Nam"), leaving out a numbering row."""
    first, last = max(1, first), min(max(first, last), len(grid.rows))
    rows = [r for r in range(first, last + 1) if not is_numbering_row(list(grid.rows[r - 1]))]
    labels: dict[int, str] = {}
    texts = _group_labels(grid, rows)
    for column in range(1, grid.width + 1):
        parts: list[str] = []
        for row in rows:
            text = texts.get((row, column), "")
            if text and (not parts or parts[-1] != text):
                parts.append(" ".join(text.split()))
        if parts:
            labels[column] = " / ".join(parts)
    return HeaderInfo(first, last, labels)


def suggest(header: HeaderInfo) -> dict[str, int]:
    """Field → column, from the header labels: best matches first, each field and column once."""
    candidates: list[tuple[int, str, int]] = []
    for column, label in header.labels.items():
        folded = fold(label)
        parts = [p.strip() for p in folded.split("/")]
        # "Năm sinh / Nam" and "Năm sinh / Nữ" (merged over two rows), or flat in one row "Năm sinh Nam",
        # "Năm sinh (Nữ)": the birth year written in the column of the sex
        sex = parts[-1] if len(parts) >= 2 and "sinh" in folded else None
        flat = _FLAT_SEX_YEAR.match(folded)
        sex = sex if sex in ("nam", "nu") else flat.group(1) if flat else None
        if sex is not None:
            candidates.append((2000, "birth_year_male" if sex == "nam" else "birth_year_female", column))
            continue
        for item in FIELDS:
            score = max(_label_score(label, item.keywords), max(_label_score(p, item.keywords) for p in parts))
            if score:
                candidates.append((score, item.key, column))
    chosen: dict[str, int] = {}
    used: set[int] = set()
    for _score, key, column in sorted(candidates, key=lambda c: (-c[0], c[2])):
        if key not in chosen and column not in used:
            chosen[key] = column
            used.add(column)
    if "birth_year_male" in chosen or "birth_year_female" in chosen:
        chosen.pop("birth_year", None)
    return chosen


def _title_texts(grid: Grid, header: HeaderInfo) -> Iterator[tuple[str, str]]:
    """Each text of the title block above the header, folded (case, marks and đ ignored), with the
    text as shown; a text still in TCVN3 or VNI (a title typed in another font than the list) is
    also tried decoded."""
    seen: set[str] = set()
    for row in range(1, header.first_row):
        for value in grid.rows[row - 1]:
            text = " ".join(_cell_text(value).split())
            if not text or text in seen:
                continue
            seen.add(text)
            yield fold(text), text
            if all(ch <= "\u00ff" for ch in text):
                for encoding in (TextEncoding.TCVN3, TextEncoding.VNI):
                    decoded = normalize_text(decode(text, encoding))
                    if decoded != text:
                        yield fold(decoded), decoded


def header_year(grid: Grid, header: HeaderInfo) -> int | None:
    """The year a title block names ("… năm 2025"), if any."""
    for folded, _text in _title_texts(grid, header):
        found = re.search(r"\bnam\s+(20[0-9]{2})\b", folded)
        if found:
            return int(found.group(1))
    return None


@dataclass(frozen=True)
class TitleCategory:
    """What a list's title says its households are: ``category`` None when it names several
    ("DANH SÁCH HỘ NGHÈO, HỘ CẬN NGHÈO …"), then only a column can tell."""

    category: Category | None
    title: str


# "DANH SÁCH HỘ NGHÈO …", "DANH SÁCH CÁC HỘ CẬN NGHÈO …", "DANH SÁCH HỘ GIA ĐÌNH THOÁT NGHÈO …" (folded)
_TITLE_CATEGORY = re.compile(
    r"\bdanh sach (?:cac )?ho (?:gia dinh )?(thoat (?:can )?ngheo|can ngheo|ngheo|(?:co )?muc song trung binh)\b"
)
# a second category named after the first: "…, hộ cận nghèo", "… và cận nghèo"
_TITLE_ALSO = re.compile(
    r"^\s*(?:,|;|-|va|,\s*va)\s*(?:cac )?(?:ho )?(?:gia dinh )?(?:thoat |can |(?:co )?muc song|ngheo\b)"
)
_TITLE_CATEGORIES = {
    "ngheo": Category.POOR,
    "can ngheo": Category.NEAR_POOR,
    "thoat ngheo": Category.NOT_POOR,
    "thoat can ngheo": Category.NOT_POOR,
    "muc song trung binh": Category.AVERAGE_LIVING_STANDARD,
    "co muc song trung binh": Category.AVERAGE_LIVING_STANDARD,
}


def header_category(grid: Grid, header: HeaderInfo) -> TitleCategory | None:
    """The category a title block names ("DANH SÁCH HỘ NGHÈO NĂM 2025": poor), if any: marks or
    none, any case, TCVN3/VNI text decoded."""
    for folded, text in _title_texts(grid, header):
        found = _TITLE_CATEGORY.search(folded)
        if found is None:
            continue
        several = _TITLE_ALSO.match(folded[found.end() :]) is not None
        return TitleCategory(None if several else _TITLE_CATEGORIES[found.group(1)], text)
    return None


# ----------------------------------------------------------------------------- saved mappings
class MappingFileError(Exception):
    """A mapping file that cannot be used; Vietnamese message naming the file."""


def mapping_to_json(mapping: Mapping, header: HeaderInfo | None) -> dict[str, object]:
    labels = header.labels if header is not None else {}
    return {
        "format": "ranoat-import-mapping",
        "version": MAPPING_VERSION,
        "header_rows": [mapping.header_first_row, mapping.header_last_row],
        "columns": {
            key: {"column": column_letter(column), "header": labels.get(column, "")}
            for key, column in sorted(mapping.columns.items(), key=lambda item: item[1])
        },
        "layout": mapping.layout.value if mapping.layout else None,
        "default_village": mapping.default_village,
        "default_ethnicity": mapping.default_ethnicity,
        "category": mapping.category,
        "year": mapping.year,
    }


def _column_number(letter: str) -> int:
    number = 0
    for ch in letter.upper():
        if not "A" <= ch <= "Z":
            raise ValueError(letter)
        number = number * 26 + ord(ch) - 64
    return number


def mapping_from_json(data: object, header: HeaderInfo | None, source: str) -> Mapping:
    """A mapping read back; columns are found by their header text first, by letter otherwise."""
    if not isinstance(data, dict) or data.get("format") != "ranoat-import-mapping":
        raise MappingFileError(f"Tệp {source} không phải tệp ghép cột của Ranoat.")
    mapping = Mapping()
    rows = data.get("header_rows")
    if isinstance(rows, list) and len(rows) == 2 and all(isinstance(r, int) and r > 0 for r in rows):
        mapping.header_first_row, mapping.header_last_row = rows[0], rows[1]
    by_label = {fold(label): column for column, label in header.labels.items()} if header else {}
    columns = data.get("columns")
    if not isinstance(columns, dict):
        raise MappingFileError(f"Tệp {source}: thiếu mục “columns”.")
    for key, entry in columns.items():
        if key not in FIELDS_BY_KEY:
            raise MappingFileError(f"Tệp {source}: trường “{key}” không có trong danh sách trường nhập được.")
        if not isinstance(entry, dict):
            raise MappingFileError(f"Tệp {source}: trường “{key}” không hợp lệ.")
        label = fold(str(entry.get("header") or ""))
        if label and label in by_label:
            mapping.columns[key] = by_label[label]
            continue
        try:
            mapping.columns[key] = _column_number(str(entry.get("column") or ""))
        except ValueError as exc:
            raise MappingFileError(f"Tệp {source}: cột của trường “{key}” không hợp lệ.") from exc
    layout = data.get("layout")
    if layout is not None:
        try:
            mapping.layout = Layout(str(layout))
        except ValueError as exc:
            raise MappingFileError(f"Tệp {source}: kiểu danh sách “{layout}” không hợp lệ.") from exc
    mapping.default_village = str(data.get("default_village") or "")
    mapping.default_ethnicity = str(data.get("default_ethnicity") or "")
    mapping.category = str(data.get("category") or "")
    year = data.get("year")
    mapping.year = year if isinstance(year, int) and not isinstance(year, bool) else None
    if mapping.year is not None and not 1900 <= mapping.year <= 2200:  # would fail in the standard's dates (#16)
        raise MappingFileError(f"Tệp {source}: năm “{year}” của danh sách không hợp lệ (cần từ 1900 đến 2200).")
    return mapping


def load_mapping(path: Path, header: HeaderInfo | None) -> Mapping:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise MappingFileError(f"Không đọc được tệp ghép cột {path}: {exc}.") from exc
    return mapping_from_json(data, header, str(path))


def save_mapping(path: Path, mapping: Mapping, header: HeaderInfo | None) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.write_text(json.dumps(mapping_to_json(mapping, header), ensure_ascii=False, indent=2), encoding="utf-8")
    partial.replace(path)


def remembered_dir() -> Path:
    """Mappings remembered for next time, in the user's data folder (beside the database)."""
    return Path(platformdirs.user_data_dir("Ranoat", appauthor=False)) / "import-mappings"


def _header_key(header: HeaderInfo) -> str:
    text = "\x1f".join(f"{column}:{fold(label)}" for column, label in sorted(header.labels.items()))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


def remember(mapping: Mapping, header: HeaderInfo) -> Path:
    path = remembered_dir() / f"{_header_key(header)}.json"
    save_mapping(path, mapping, header)
    return path


def recall(header: HeaderInfo) -> Mapping | None:
    """The mapping last used for a file with the same headers, if any (a broken file is ignored)."""
    path = remembered_dir() / f"{_header_key(header)}.json"
    if not path.is_file():
        return None
    try:
        return load_mapping(path, header)
    except MappingFileError:
        return None
