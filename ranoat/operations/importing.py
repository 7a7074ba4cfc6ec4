"""Importing an existing household list from Excel (issue #7): one function per step of the
wizard, and `import_file` for the command line.

1. `read_list`: the sheet, its header block and the mapping remembered or suggested for it.
2. `plan_list` / `plan_exchange`: every problem and every match, nothing written.
3. `run_import`: an automatic backup right before one transaction — all of it or nothing (and
   the backup kept only if the transaction is committed).

Ranoat's own exchange workbook is recognised by its data sheets and read through its checked
reader (`ranoat.excel.reader`): its columns need no mapping, and the round's result becomes each
household's status.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from ranoat.domain.area import Area
from ranoat.domain.errors import OperationError
from ranoat.domain.household import Employment, HouseholdData, MemberData, PovertyCause, Relation, Schooling, Sex
from ranoat.excel.exchange import SHEETS
from ranoat.excel.reader import ExchangeError, ExchangeWorkbook, read_commune_exchange
from ranoat.excel.rows import HouseholdRow, MemberRow
from ranoat.importing.layouts import Draft, Problem, read_layout
from ranoat.importing.legacy import TextEncoding, normalize_text
from ranoat.importing.mapping import (
    HeaderInfo,
    Mapping,
    find_header,
    header_category,
    header_from_rows,
    header_year,
    load_mapping,
    recall,
    suggest,
)
from ranoat.importing.plan import CommuneSetup, Conversion, ImportPlan, build_plan, later_rounds
from ranoat.importing.sheet import Grid, ImportFileError, read_grid, sheet_names
from ranoat.operations.import_apply import ImportReport, write_plan
from ranoat.operations.import_restore import can_restore
from ranoat.rules.rulebook import Rulebook, standard_on
from ranoat.storage.database import Database
from ranoat.storage.models import Commune

Progress = Callable[[int, int, str], None]


@dataclass
class ListSource:
    """A sheet read, its header block (None when no row names two fields) and a starting mapping."""

    grid: Grid
    header: HeaderInfo | None
    mapping: Mapping
    remembered: bool  # the mapping is the one used last time for the same headers


def has_exchange_sheets(names: Iterable[str]) -> bool:
    """The sheets of Ranoat's exchange workbook are all there (``names``: a workbook's sheets)."""
    return set(SHEETS) <= set(names)


def is_exchange(path: Path) -> bool:
    return has_exchange_sheets(sheet_names(path))


def read_list(path: Path, sheet: str | None = None, *, header_rows: tuple[int, int] | None = None) -> ListSource:
    grid = read_grid(Path(path), sheet)
    header = header_from_rows(grid, *header_rows) if header_rows else find_header(grid)
    mapping = Mapping()
    remembered = False
    if header is not None:
        found = recall(header)
        if found is not None:
            mapping, remembered = found, True
        else:
            mapping.columns = suggest(header)
        mapping.header_first_row, mapping.header_last_row = header.first_row, header.last_row
    return ListSource(grid, header, mapping, remembered)


def choose_standard(rulebooks: dict[str, Rulebook], year: int, province: str | None = None) -> str:
    """The standard in force at the end of the list's year (`ranoat.rules.rulebook.standard_on`), a
    provincial one only for a commune of its province (``province``, the commune's province code)."""
    return standard_on(rulebooks, dt.date(year, 12, 31), province)


def _province_code(session: Session) -> str | None:
    commune = session.scalar(select(Commune))
    return commune.province_code if commune is not None else None


def _default_area(session: Session) -> Area:
    commune = session.scalar(select(Commune))
    return Area(commune.default_area) if commune is not None else Area.RURAL


def plan_list(
    session: Session,
    source: ListSource,
    mapping: Mapping,
    rulebooks: dict[str, Rulebook],
    *,
    today: dt.date | None = None,
) -> ImportPlan:
    today = today or dt.date.today()
    grid = source.grid
    header = source.header
    if mapping.header_first_row and mapping.header_last_row:
        header = header_from_rows(grid, mapping.header_first_row, mapping.header_last_row)
    plan = ImportPlan(grid.path, grid.sheet, mapping.effective_layout(), grid.encoding, [], [], mapping=mapping)
    plan.conversions = [
        Conversion(grid.sheet, r, c, before, after) for (r, c), (before, after) in grid.converted.items()
    ]
    if header is None:
        plan.problems.append(
            Problem(
                "error",
                "Không tìm thấy dòng tiêu đề (dòng có “Họ và tên”, “Năm sinh”, …) trong 40 dòng đầu; "
                "hãy chỉ ra dòng tiêu đề.",
                grid.sheet,
            )
        )
        return plan
    if session.scalar(select(Commune)) is None:
        plan.problems.append(
            Problem("error", "Cơ sở dữ liệu chưa có thông tin xã: hãy khai báo xã (Xã → Thông tin xã) trước khi nhập.")
        )
        return plan
    reading = _category_from_title(plan, grid, header, mapping)
    result = read_layout(grid, header, reading, default_area=_default_area(session), today=today)
    plan.problems.extend(result.problems)
    plan.skipped = result.skipped
    plan.data_rows = result.data_rows
    plan.year = mapping.year or header_year(grid, header) or today.year
    build_plan(session, plan, result.drafts, columns=mapping.columns, labels=header.labels, today=today)
    _no_status_warning(plan)
    _status_checks(session, plan, rulebooks)
    return plan


def _category_from_title(plan: ImportPlan, grid: Grid, header: HeaderInfo, mapping: Mapping) -> Mapping:
    """The mapping to read the list with: when it has no category column and no "the whole list is
    …", the category its title names ("DANH SÁCH HỘ NGHÈO NĂM 2025": every household is poor).
    The user's mapping itself is left as it is (saved and remembered without the title's category)."""
    if "category" in mapping.columns:
        plan.status_source = "column"
        return mapping
    if mapping.category:
        plan.status_source = "chosen"
        return mapping
    title = header_category(grid, header)
    if title is None:
        return mapping
    plan.status_title = title.title
    if title.category is None:
        return mapping
    plan.status_source = "title"
    return replace(mapping, category=title.category.value)


def _no_status_warning(plan: ImportPlan) -> None:
    if plan.status_source or not plan.households:
        return
    if plan.status_title:
        said = (
            f"Tiêu đề “{plan.status_title}” nêu nhiều loại hộ và danh sách không có cột phân loại hộ: "
            "không biết hộ nào là hộ nghèo, hộ nào là hộ cận nghèo."
        )
    else:
        said = "Danh sách không có cột phân loại hộ và tiêu đề không ghi đây là danh sách hộ nghèo hay hộ cận nghèo."
    plan.problems.append(
        Problem(
            "warning",
            f"{said} Các hộ sẽ được nhập không có tình trạng nghèo, cận nghèo. Nếu cả danh sách là hộ nghèo "
            "(hoặc hộ cận nghèo), hãy chọn điều đó ở mục “Tình trạng hộ” khi ghép cột (tệp ghép cột: mục "
            "“category”); nếu có cột phân loại, hãy ghép cột đó.",
            plan.sheet,
        )
    )


def _status_checks(session: Session, plan: ImportPlan, rulebooks: dict[str, Rulebook]) -> None:
    if not plan.has_statuses:
        return
    plan.standard_id = plan.standard_id or choose_standard(rulebooks, plan.year, _province_code(session))
    later = later_rounds(session, plan.year)
    if later:
        plan.record_statuses = False
        plan.problems.append(
            Problem(
                "warning",
                f"Cơ sở dữ liệu đã có kỳ rà soát năm {', '.join(str(y) for y in later)}: tình trạng nghèo, cận nghèo "
                f"của danh sách năm {plan.year} không được ghi (chỉ ghi được làm điểm xuất phát trước các kỳ đó); "
                "các hộ và thành viên vẫn được nhập.",
            )
        )


# ----------------------------------------------------------------------------- the exchange workbook
def plan_exchange(
    session: Session,
    path: Path,
    rulebooks: dict[str, Rulebook],
    *,
    today: dt.date | None = None,
    book: ExchangeWorkbook | None = None,
) -> ImportPlan:
    """Ranoat's exchange workbook: checked (checksum, row counts, values) and read without a mapping.
    A v2 workbook into an empty database (no households, no rounds) is restored whole
    (`ranoat.operations.import_restore`: ``plan.restore``); else its households and members are imported as
    a list's, the round's result becoming each household's status. ``book``: the workbook already
    read (`read_commune_exchange`, by the wizard in a child process: `ranoat.importing.isolated`)."""
    today = today or dt.date.today()
    path = Path(path)
    if book is None:
        try:
            book = read_commune_exchange(path)
        except ExchangeError as exc:
            raise ImportFileError(str(exc)) from exc
    meta = book.metadata
    plan = ImportPlan(path, "data_households", None, TextEncoding.UNICODE, [], [])
    plan.year = int(meta.get("round_year") or today.year)
    standard = str(meta.get("standard_id") or "")
    plan.standard_id = (
        standard if standard in rulebooks else choose_standard(rulebooks, plan.year, _province_code(session))
    )
    households: list[HouseholdRow] = book.households if not book.merged else []
    members: list[MemberRow] = book.members if not book.merged else []
    if book.merged:
        raise ImportFileError(
            f"Tệp {path} là sổ đã gộp của nhiều xã, không phải sổ trao đổi của một xã: không nhập được vào "
            "cơ sở dữ liệu của một xã."
        )
    areas = Counter(str(row.area) for row in households)
    plan.commune = CommuneSetup(
        province_code=str(meta.get("province_code") or ""),
        province_name=normalize_text(str(meta.get("province_name") or "")),
        code=str(meta.get("commune_code") or ""),
        name=normalize_text(str(meta.get("commune_name") or "")),
        area=areas.most_common(1)[0][0] if areas else "rural",
    )
    existing = session.scalar(select(Commune))
    if existing is not None and existing.code != plan.commune.code:
        plan.problems.append(
            Problem(
                "error",
                f"Sổ trao đổi là của {plan.commune.name} (mã {plan.commune.code}), khác xã của cơ sở dữ liệu "
                f"({existing.name}, mã {existing.code}).",
                "metadata",
            )
        )
        return plan
    rows_of: dict[str, list[tuple[int, MemberRow]]] = {}
    for index, member_row in enumerate(members, start=2):
        rows_of.setdefault(str(member_row.household_code), []).append((index, member_row))
    drafts: list[Draft] = []
    fields = frozenset(
        {
            "village",
            "address",
            "area",
            "person_of_merit",
            "social_protection",
            "no_working_capacity",
            "farming",
            "causes",
            "full_name",
            "relation",
            "sex",
            "birth_year",
            "birth_date",
            "ethnicity",
            "cccd",
            "schooling",
            "health_insurance",
            "employment",
            "disability",
        }
    )
    for index, row in enumerate(households, start=2):
        code = str(row.household_code)

        def problem(message: str, sheet: str = "data_households", at: int = index) -> None:
            plan.problems.append(Problem("error", message, sheet, at))

        try:
            notes = json.loads(row.cause_notes) if row.cause_notes else {}
            data = HouseholdData(
                code=code,
                village_id=None,
                area=Area(str(row.area)),
                address=normalize_text(str(row.address or "")),
                phone=str(row.phone or ""),
                person_of_merit=bool(row.person_of_merit),
                social_protection=bool(row.social_protection),
                no_working_capacity=bool(row.no_working_capacity),
                farming=bool(row.farming),
                causes={PovertyCause(c): str(notes.get(c, "")) for c in str(row.causes or "").split(",") if c},
            )
        except ValueError as exc:
            problem(f"giá trị không hợp lệ ({exc}).")
            continue
        draft = Draft(
            data=data,
            village=normalize_text(str(row.village_name or "")),
            village_code=str(row.village_code or ""),
            status=str(row.result_category) if row.result_category else None,
            head_row=index,
            fields=fields,
            code_given=True,
            ethnic_minority=bool(row.ethnic_minority),
        )
        for at, member in sorted(rows_of.pop(code, []), key=lambda item: int(str(item[1].position or 0))):
            try:
                birth, insured = member.birth_date, member.health_insurance
                data.members.append(
                    MemberData(
                        full_name=normalize_text(str(member.full_name or "")),
                        relation=Relation(str(member.relation)),
                        sex=Sex(str(member.sex)),
                        birth_year=int(str(member.birth_year)),
                        birth_date=dt.date.fromisoformat(str(birth)) if birth else None,
                        ethnicity_code=str(member.ethnicity_code or ""),
                        cccd=str(member.cccd or ""),
                        schooling=Schooling(str(member.schooling)) if member.schooling else None,
                        health_insurance=None if insured is None else bool(insured),
                        employment=Employment(str(member.employment)) if member.employment else None,
                        disability=bool(member.disability),
                    )
                )
            except ValueError as exc:
                problem(f"giá trị không hợp lệ ({exc}).", "data_members", at)
                continue
            draft.member_rows.append(at)
        drafts.append(draft)
    for code, orphans in rows_of.items():
        plan.problems.append(
            Problem(
                "error",
                f"thành viên của hộ {code}, không có hộ này trong data_households.",
                "data_members",
                orphans[0][0],
            )
        )
    plan.data_rows = len(households)
    build_plan(session, plan, drafts, columns={}, labels={}, today=today)
    if can_restore(session, book):  # an empty database: the whole round and its history, as exported
        plan.restore = book
        return plan
    _status_checks(session, plan, rulebooks)
    return plan


# ----------------------------------------------------------------------------- writing
def run_import(
    database: Database,
    plan: ImportPlan,
    *,
    today: dt.date | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    backup: bool = True,
) -> ImportReport:
    """An automatic backup right before the write, then the whole plan in one transaction: any
    failure or a cancel rolls back, leaves the database exactly as it was and removes that backup
    again (a copy of an unchanged database would only push a useful one out)."""
    if plan.errors:
        raise OperationError(f"Danh sách còn {len(plan.errors)} lỗi; chưa ghi gì vào cơ sở dữ liệu.")

    def write() -> ImportReport:
        with database.session() as session:
            return write_plan(session, plan, today=today or dt.date.today(), progress=progress, cancelled=cancelled)

    if not backup:
        return write()
    with database.backup_for_change("import") as backup_path:
        report = write()
    report.backup = str(backup_path)
    return report


def prepare_import(
    database: Database,
    path: Path,
    rulebooks: dict[str, Rulebook],
    *,
    mapping_file: Path | None = None,
    sheet: str | None = None,
    today: dt.date | None = None,
) -> ImportPlan:
    """Read and plan a file as the command line does: the exchange workbook, or a list with the
    mapping of ``mapping_file`` (else the remembered or suggested one)."""
    path = Path(path)
    if sheet is None and mapping_file is None and is_exchange(path):
        with database.session() as session:
            return plan_exchange(session, path, rulebooks, today=today)
    source = read_list(path, sheet)
    mapping = load_mapping(Path(mapping_file), source.header) if mapping_file is not None else source.mapping
    with database.session() as session:
        return plan_list(session, source, mapping, rulebooks, today=today)
