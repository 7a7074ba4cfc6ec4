"""An import plan: the drafts checked against the domain rules and matched against the database.

Nothing is written here. Each household gets its village (an existing one, or one to create), a
code (its own, or the next free one of its village), the problems of its rows, and the household
already in the database that it may be (same CCCD, or same folded name + birth year + village), for
the user to choose: update it, skip the row, or add a new household.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from ranoat.domain.search import fold
from ranoat.domain.validation import validate_household
from ranoat.excel.reader import ExchangeWorkbook
from ranoat.importing.layouts import Draft, Problem, Severity
from ranoat.importing.legacy import TextEncoding
from ranoat.importing.mapping import FIELDS_BY_KEY, Layout, Mapping
from ranoat.storage.models import Household, Member, ReviewRound, Village


class Choice(StrEnum):
    UPDATE = "update"  # cập nhật hộ đã có
    SKIP = "skip"  # bỏ qua dòng này
    ADD = "add"  # thêm thành hộ mới


CHOICE_NAMES = {Choice.UPDATE: "Cập nhật hộ đã có", Choice.SKIP: "Bỏ qua", Choice.ADD: "Thêm thành hộ mới"}


@dataclass(frozen=True)
class Match:
    household_id: int
    household_code: str
    head_name: str
    village: str
    reason: str  # Vietnamese: why it looks like the same household


@dataclass
class PlannedHousehold:
    draft: Draft
    village_id: int | None  # an existing village; None: `new_village`
    new_village: str | None
    match: Match | None
    choice: Choice = Choice.ADD  # for a match, the user's choice (default: skip)


@dataclass
class Conversion:
    sheet: str
    row: int
    column: int
    before: str
    after: str


@dataclass
class CommuneSetup:
    """The commune an exchange workbook names, for an empty database."""

    province_code: str
    province_name: str
    code: str
    name: str
    area: str


@dataclass
class ImportPlan:
    path: Path
    sheet: str
    layout: Layout | None  # None: Ranoat's exchange workbook
    encoding: TextEncoding
    households: list[PlannedHousehold]
    problems: list[Problem]
    conversions: list[Conversion] = field(default_factory=list)
    new_villages: list[str] = field(default_factory=list)
    year: int = 0
    standard_id: str | None = None  # the standard of the imported statuses' round
    commune: CommuneSetup | None = None
    mapping: Mapping | None = None
    data_rows: int = 0
    record_statuses: bool = True  # False when the database already has a round of that year or later
    # where the households' statuses come from: "column" (the category column), "chosen" (the
    # mapping's "the whole list is …"), "title" (the title names it: `status_title`), "" (nowhere)
    status_source: str = ""
    status_title: str = ""  # the title that names the list's category (or several), as shown
    skipped: list[Problem] = field(default_factory=list)  # rows that are not households (also in problems)
    # a v2 exchange workbook restored whole into an empty database (`ranoat.operations.import_restore`)
    restore: ExchangeWorkbook | None = None

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def matches(self) -> list[PlannedHousehold]:
        return [h for h in self.households if h.match is not None]

    @property
    def has_statuses(self) -> bool:
        return any(h.draft.status for h in self.households)

    def status_counts(self) -> dict[str | None, int]:
        """How many households get each status (a Category value; None: no status), in list order."""
        counts: dict[str | None, int] = {}
        for planned in self.households:
            counts[planned.draft.status] = counts.get(planned.draft.status, 0) + 1
        return counts

    def choose_all(self, choice: Choice) -> None:
        for planned in self.matches:
            planned.choice = choice

    def problem_text(self, problem: Problem) -> str:
        """The problem with the file named: "Tệp ds.xlsx, trang “DS”, dòng 12, cột D (Năm sinh): …"."""
        where = problem.where()
        return (
            f"Tệp {self.path.name}, {where}: {problem.message}" if where else f"Tệp {self.path.name}: {problem.message}"
        )


_VILLAGE_PREFIX = re.compile(r"^(thon|ban|xom|ap|to dan pho|to|khu|lang|khom|buon|soc|phum)\s+")
_FIELD_OF = {
    "full_name": ("full_name",),
    "sex": ("sex",),
    "relation": ("relation",),
    "birth_year": ("birth_year", "birth_year_male", "birth_year_female", "birth_date"),
    "birth_date": ("birth_date", "birth_year"),
    "ethnicity_code": ("ethnicity",),
    "cccd": ("cccd",),
}


def _village_key(name: str) -> str:
    return _VILLAGE_PREFIX.sub("", fold(name))


def build_plan(  # noqa: C901
    session: Session,
    plan: ImportPlan,
    drafts: list[Draft],
    *,
    columns: dict[str, int],
    labels: dict[int, str],
    today: dt.date,
) -> ImportPlan:
    """Villages, codes, the domain checks and the matches of every draft (read-only on ``session``)."""
    villages = list(session.scalars(select(Village).order_by(Village.position, Village.id)))
    by_code = {v.code: v for v in villages}
    by_name: dict[str, Village] = {}
    for known in villages:
        by_name.setdefault(fold(known.name), known)
        by_name.setdefault(_village_key(known.name), known)
    existing_codes = set(session.scalars(select(Household.code)))
    new_villages: dict[str, str] = {}  # key → name as written first
    sheet = plan.sheet
    reported: dict[int | None, set[int | None]] = {}  # row → columns with an error read already
    for known_problem in plan.problems:
        if known_problem.severity == "error":
            reported.setdefault(known_problem.row, set()).add(known_problem.column)

    def problem(draft: Draft, index: int | None, key: str | None, message: str, severity: Severity = "error") -> None:
        row = draft.member_rows[index] if index is not None and index < len(draft.member_rows) else draft.head_row
        family = [columns[k] for k in _FIELD_OF.get(key, (key,)) if k in columns] if key is not None else []
        column = family[0] if family else None
        already = reported.get(row, set())
        if severity == "error" and not family and key in ("sex", "relation") and None in already:
            return  # "Thiếu giới tính của …" was said for the row
        if severity == "error" and (column in already or any(c in already for c in family)):
            return  # the reading already said what is wrong with this cell or row
        label = labels.get(column, FIELDS_BY_KEY[key].label if key in FIELDS_BY_KEY else "") if column else ""
        plan.problems.append(Problem(severity, message, sheet, row, column, label))

    for draft in drafts:
        village: Village | None = None
        new_name: str | None = None
        if draft.village_code and draft.village_code in by_code:
            village = by_code[draft.village_code]
        elif draft.village:
            village = by_code.get(draft.village) or by_name.get(fold(draft.village))
            village = village or by_name.get(_village_key(draft.village))
            if village is None:
                key = _village_key(draft.village)
                new_name = new_villages.setdefault(key, draft.village)
        elif len(villages) == 1:
            village = villages[0]
        else:
            problem(
                draft,
                None,
                "village",
                "Không biết hộ thuộc thôn nào: danh sách không có cột thôn, bản, tổ dân phố; "
                "hãy chọn cột thôn hoặc một thôn chung cho cả danh sách.",
            )
        draft.data.village_id = village.id if village is not None else -1
        # members without an ethnicity take the head's; without either it is a problem
        head = draft.data.head()
        for index, member in enumerate(draft.data.members):
            if not member.ethnicity_code:
                if head is not None and head.ethnicity_code:
                    member.ethnicity_code = head.ethnicity_code
                elif member.full_name:
                    problem(
                        draft,
                        index,
                        "ethnicity_code",
                        "Thiếu dân tộc (danh sách không có cột dân tộc hoặc ô để trống); "
                        "hãy chọn cột dân tộc hoặc một dân tộc chung cho cả danh sách.",
                    )
                    member.ethnicity_code = "01"  # checked already: keeps validate_household quiet
        if not draft.data.code:
            draft.data.code = "?"  # a code is given at write time (`apply.write_plan`)
        for issue in validate_household(draft.data, today):
            if issue.field in ("village_id", "code"):
                continue
            parts = issue.field.split(".")
            position = int(parts[1]) if len(parts) >= 2 and parts[0] == "members" else None
            field_key = parts[2] if len(parts) >= 3 else None
            if issue.severity == "info" and field_key == "cccd":
                continue
            problem(draft, position, field_key, issue.message, issue.severity)
        if draft.data.code == "?":
            draft.data.code = ""
        plan.households.append(PlannedHousehold(draft, village.id if village else None, new_name, None))
    plan.new_villages = list(new_villages.values())
    _duplicates_in_file(plan, columns, labels)
    _match(session, plan, existing_codes)
    return plan


def _duplicates_in_file(plan: ImportPlan, columns: dict[str, int], labels: dict[int, str]) -> None:
    first: dict[str, int] = {}
    column = columns.get("cccd")
    for planned in plan.households:
        draft = planned.draft
        for index, member in enumerate(draft.data.members):
            number = member.cccd.strip()
            if not number:
                continue
            row = draft.member_rows[index] if index < len(draft.member_rows) else draft.head_row
            if number in first and first[number] != row:
                # Ranoat's own export carries what its register holds (a duplicate entered before
                # entry refused it): imported with a warning, so a commune can move to a new PC.
                carried = plan.layout is None
                plan.problems.append(
                    Problem(
                        "warning" if carried else "error",
                        f"Số CCCD {number} trùng với người ở dòng {first[number]}"
                        + (
                            ": vẫn nhập như trong sổ đã xuất; hãy đối chiếu giấy tờ và sửa số sai sau khi nhập."
                            if carried
                            else "."
                        ),
                        plan.sheet,
                        row,
                        column,
                        labels.get(column, "") if column else "",
                    )
                )
            else:
                first.setdefault(number, row)


def _match(session: Session, plan: ImportPlan, existing_codes: set[str]) -> None:
    """Households of the database that a draft may be: same code, CCCD, or name + year + village."""
    if not existing_codes:
        return
    by_cccd: dict[str, set[int]] = {}
    by_person: dict[tuple[str, int, int], set[int]] = {}
    for member_household, folded, birth_year, cccd, village_id in session.execute(
        select(Member.household_id, Member.name_folded, Member.birth_year, Member.cccd, Household.village_id).join(
            Household, Household.id == Member.household_id
        )
    ):
        if cccd:
            by_cccd.setdefault(cccd, set()).add(member_household)
        by_person.setdefault((folded, birth_year, village_id), set()).add(member_household)
    households = {
        row.id: row
        for row in session.execute(
            select(Household.id, Household.code, Household.head_name, Village.name).join(
                Village, Village.id == Household.village_id
            )
        )
    }
    id_by_code = {row.code: household_id for household_id, row in households.items()}
    for planned in plan.households:
        draft = planned.draft
        votes: dict[int, list[str]] = {}
        if draft.code_given and draft.data.code in id_by_code:
            votes.setdefault(id_by_code[draft.data.code], []).append(f"cùng mã hộ {draft.data.code}")
        for member in draft.data.members:
            if member.cccd and member.cccd in by_cccd:
                for household_id in by_cccd[member.cccd]:
                    votes.setdefault(household_id, []).append(f"{member.full_name}: cùng số CCCD {member.cccd}")
            elif planned.village_id is not None and member.birth_year is not None:
                key = (fold(member.full_name), member.birth_year, planned.village_id)
                for household_id in by_person.get(key, ()):
                    votes.setdefault(household_id, []).append(
                        f"{member.full_name}: cùng họ tên, năm sinh {member.birth_year} và thôn"
                    )
        if not votes:
            continue
        best = max(votes, key=lambda h: (len(votes[h]), -h))
        row = households[best]
        reason = "; ".join(dict.fromkeys(votes[best]))
        if len(votes) > 1:
            others = ", ".join(households[h].code for h in votes if h != best)
            reason += f" (cũng giống hộ {others})"
        planned.match = Match(best, row.code, row.head_name, row.name, reason)
        planned.choice = Choice.SKIP


def later_rounds(session: Session, year: int) -> list[int]:
    return sorted(set(session.scalars(select(ReviewRound.year).where(ReviewRound.year >= year))))
