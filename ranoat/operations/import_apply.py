"""Writing an import plan: in the caller's one transaction, all of it or nothing.

New households, members and causes go in by bulk insert (tens of thousands of rows in seconds,
notes/stack-facts.md); a matched household the user chose to update goes through `save_household`
(the ORM: the audit log records old → new). The import itself gets one audit line naming the file
and what it wrote. Where the list gives statuses (poor, near-poor), they are stored as a closed
round of the list's year, "the list imported from Excel": each household's start status is its
status on the list, no Phiếu B, so the round's result is that status and the next review round
carried forward from it starts from the list (forms 7.2/7.3 count from it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from ranoat.domain.errors import OperationError
from ranoat.domain.household import MemberData
from ranoat.domain.round import ReviewSource, RoundKind, RoundStatus
from ranoat.domain.search import fold, name_sort_text, search_document
from ranoat.domain.vietnamese import format_number, nfc
from ranoat.importing.plan import Choice, ImportPlan, PlannedHousehold
from ranoat.operations.households import load_household, save_household
from ranoat.operations.import_restore import restore_workbook
from ranoat.operations.rounds import LISTED, final_categories
from ranoat.storage.models import (
    AuditEntry,
    Base,
    Commune,
    Household,
    ReviewRound,
    RoundHousehold,
    Village,
    utcnow,
)

Progress = Callable[[int, int, str], None]
BATCH = 1000


class ImportCancelledError(Exception):
    """The user cancelled; the transaction was rolled back and nothing was written."""


@dataclass
class ImportReport:
    file: str
    households_added: int = 0
    households_updated: int = 0
    households_skipped: int = 0
    members_added: int = 0
    villages_created: list[str] = field(default_factory=list)
    round_id: int | None = None
    round_year: int | None = None
    poor: int = 0
    near_poor: int = 0
    codes_changed: list[tuple[str, str]] = field(default_factory=list)  # (code in the file, code given)
    warnings: list[str] = field(default_factory=list)
    # the rows of the list that are not households (totals, blank rows, repeated headers), each located
    rows_skipped: list[str] = field(default_factory=list)
    backup: str | None = None
    # a v2 exchange workbook restored whole into an empty database
    restored: bool = False
    rounds: int = 0
    surveys: int = 0
    meetings: int = 0
    complaints: int = 0

    def summary(self) -> str:
        n = format_number
        if self.restored:
            return (
                f"Đã khôi phục {self.file}: {n(self.households_added)} hộ ({n(self.members_added)} nhân khẩu), "
                f"{n(self.rounds)} kỳ rà soát (kỳ xuất: năm {self.round_year}), {n(self.surveys)} phiếu B, "
                f"{n(self.meetings)} cuộc họp thôn, {n(self.complaints)} khiếu nại; kết quả kỳ năm {self.round_year}: "
                f"{n(self.poor)} hộ nghèo, {n(self.near_poor)} hộ cận nghèo."
            )
        parts = [
            f"Đã nhập {self.file}: thêm {n(self.households_added)} hộ ({n(self.members_added)} nhân khẩu)",
            f"cập nhật {n(self.households_updated)} hộ",
            f"bỏ qua {n(self.households_skipped)} hộ",
        ]
        text = ", ".join(parts) + "."
        if self.rows_skipped:
            text += (
                f" Bỏ qua {n(len(self.rows_skipped))} dòng không phải hộ (dòng tổng cộng, dòng trống, tiêu đề lặp lại)."
            )
        if self.villages_created:
            text += f" Tạo mới {n(len(self.villages_created))} thôn: {', '.join(self.villages_created)}."
        if self.round_id is not None:
            text += (
                f" Tình trạng theo danh sách được ghi thành kỳ rà soát định kỳ năm {self.round_year} (đã đóng): "
                f"{n(self.poor)} hộ nghèo, {n(self.near_poor)} hộ cận nghèo."
            )
        return text


def _member_row(household_id: int, position: int, member: MemberData) -> dict[str, object]:
    name = nfc(" ".join(member.full_name.split()))
    assert member.sex is not None
    assert member.relation is not None
    assert member.birth_year is not None
    return {
        "household_id": household_id,
        "position": position,
        "full_name": name,
        "name_folded": fold(name),
        "sex": member.sex.value,
        "birth_date": member.birth_date,
        "birth_year": member.birth_year,
        "ethnicity_code": member.ethnicity_code,
        "cccd": member.cccd.strip() or None,
        "relation": member.relation.value,
        "schooling": member.schooling.value if member.schooling else None,
        "health_insurance": member.health_insurance,
        "employment": member.employment.value if member.employment else None,
        "disability": member.disability,
    }


def write_plan(  # noqa: C901
    session: Session,
    plan: ImportPlan,
    *,
    today: dt.date,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ImportReport:
    """Write the plan in ``session`` (the caller commits; any exception rolls everything back)."""
    if plan.errors:
        raise OperationError(f"Danh sách còn {len(plan.errors)} lỗi; chưa ghi gì vào cơ sở dữ liệu.")
    report = ImportReport(plan.path.name, rows_skipped=[plan.problem_text(p) for p in plan.skipped])
    total = len(plan.households)

    def step(done: int, what: str) -> None:
        if cancelled is not None and cancelled():
            raise ImportCancelledError
        if progress is not None:
            progress(done, total, what)

    step(0, "Chuẩn bị ghi")
    if plan.restore is not None:
        return _restore(session, plan, report, step)
    _commune(session, plan)
    village_ids = _villages(session, plan, report)
    now = utcnow()
    next_id = (session.scalar(select(func.max(Household.id))) or 0) + 1
    codes = set(session.scalars(select(Household.code)))
    counters: dict[str, int] = {}
    village_codes: dict[int, str] = {row.id: row.code for row in session.execute(select(Village.id, Village.code))}
    written: dict[int, str | None] = {}  # household id → status on the list
    households: list[dict[str, object]] = []
    members: list[dict[str, object]] = []
    causes: list[dict[str, object]] = []

    def flush_batch() -> None:
        for table, rows in (("household", households), ("member", members), ("household_cause", causes)):
            if rows:
                session.execute(insert(Base.metadata.tables[table]), rows)
                rows.clear()

    for done, planned in enumerate(plan.households):
        if done % BATCH == 0:
            flush_batch()
            step(done, "Ghi các hộ")
        draft, data = planned.draft, planned.draft.data
        village_id = planned.village_id if planned.village_id is not None else village_ids[planned.new_village or ""]
        data.village_id = village_id
        if planned.match is not None and planned.choice is Choice.SKIP:
            report.households_skipped += 1
            continue
        if planned.match is not None and planned.choice is Choice.UPDATE:
            _update(session, planned, today)
            report.households_updated += 1
            written[planned.match.household_id] = draft.status
            continue
        code = data.code.strip()
        if not code or code in codes:
            given = _next_code(village_codes.get(village_id, "H"), codes, counters)
            if code:
                report.codes_changed.append((code, given))
            code = given
        codes.add(code)
        household_id = next_id
        next_id += 1
        head = data.head()
        assert head is not None
        head_name = nfc(" ".join(head.full_name.split()))
        minority_override = None
        if draft.ethnic_minority is not None and draft.ethnic_minority != (head.ethnicity_code != "01"):
            minority_override = draft.ethnic_minority
        households.append(
            {
                "id": household_id,
                "code": code,
                "village_id": village_id,
                "address": nfc(data.address.strip()),
                "area": data.area.value,
                "phone": data.phone.strip(),
                "person_of_merit": data.person_of_merit,
                "social_protection": data.social_protection,
                "no_working_capacity": data.no_working_capacity,
                "farming": data.farming,
                "ethnic_minority_override": minority_override,
                "search_text": search_document(
                    code, [m.full_name for m in data.members], [m.cccd for m in data.members if m.cccd]
                ),
                "head_name": head_name,
                "head_sort": name_sort_text(head_name),
                "member_count": len(data.members),
                "created_at": now,
                "updated_at": now,
            }
        )
        members.extend(_member_row(household_id, position, m) for position, m in enumerate(data.members))
        causes.extend(
            {"household_id": household_id, "cause": cause.value, "note": nfc(note.strip())}
            for cause, note in data.causes.items()
        )
        report.households_added += 1
        report.members_added += len(data.members)
        written[household_id] = draft.status
    flush_batch()
    step(total, "Ghi tình trạng hộ nghèo, cận nghèo")
    if plan.has_statuses and plan.record_statuses:
        _status_round(session, plan, written, report)
    session.execute(
        insert(Base.metadata.tables[AuditEntry.__tablename__]),
        [
            {
                "at": now,
                "user": str(session.info.get("user", "?")),
                "table_name": "import",
                "record_id": plan.path.name[:60],
                "action": "insert",
                "old": None,
                "new": {
                    "file": plan.path.name,
                    "sheet": plan.sheet,
                    "added": report.households_added,
                    "updated": report.households_updated,
                    "skipped": report.households_skipped,
                    "members_added": report.members_added,
                    "round_id": report.round_id,
                },
            }
        ],
    )
    session.flush()
    return report


def _restore(
    session: Session, plan: ImportPlan, report: ImportReport, step: Callable[[int, str], None]
) -> ImportReport:
    assert plan.restore is not None
    book = plan.restore
    report.households_added, report.members_added = restore_workbook(session, book, step)
    report.restored = True
    report.round_year = int(book.metadata["round_year"])
    report.rounds = len(book.sheets["data_rounds"])
    report.surveys = len(book.sheets["data_surveys"])
    report.meetings = len(book.sheets["data_meetings"])
    report.complaints = len(book.sheets["data_complaints"])
    report.poor = sum(row.result_category == "poor" for row in book.households)
    report.near_poor = sum(row.result_category == "near_poor" for row in book.households)
    step(len(plan.households), "Hoàn tất")
    return report


def _commune(session: Session, plan: ImportPlan) -> None:
    setup = plan.commune
    existing = session.scalar(select(Commune))
    if setup is None:
        if existing is None:
            raise OperationError("Cơ sở dữ liệu chưa có thông tin xã: hãy khai báo xã (Xã → Thông tin xã) trước.")
        return
    if existing is None:
        session.add(
            Commune(
                province_code=setup.province_code,
                province_name=setup.province_name,
                code=setup.code,
                name=setup.name,
                type="phuong" if setup.area == "urban" else "xa",
                default_area=setup.area,
            )
        )
    elif existing.code != setup.code:
        raise OperationError(
            f"Sổ trao đổi là của {setup.name} (mã {setup.code}), khác xã của cơ sở dữ liệu "
            f"({existing.name}, mã {existing.code})."
        )


def _villages(session: Session, plan: ImportPlan, report: ImportReport) -> dict[str, int]:
    created: dict[str, int] = {}
    if not plan.new_villages:
        return created
    position = (session.scalar(select(func.max(Village.position))) or 0) + 1
    codes = set(session.scalars(select(Village.code)))
    wanted = {p.new_village: p.draft.village_code for p in plan.households if p.new_village}
    for name in plan.new_villages:
        code = wanted.get(name) or ""
        if not code or code in codes:
            number = len(codes) + 1
            while f"T{number:02d}" in codes:
                number += 1
            code = f"T{number:02d}"
        codes.add(code)
        village = Village(code=code, name=nfc(name.strip()), position=position)
        position += 1
        session.add(village)
        session.flush()
        created[name] = village.id
        report.villages_created.append(village.name)
    return created


def _next_code(prefix: str, codes: set[str], counters: dict[str, int]) -> str:
    """The next free code of a village: its code, a dash, five digits (as `next_household_code`)."""
    number = counters.get(prefix, len(codes) + 1)
    while f"{prefix}-{number:05d}" in codes:
        number += 1
    counters[prefix] = number + 1
    return f"{prefix}-{number:05d}"


def _update(session: Session, planned: PlannedHousehold, today: dt.date) -> None:
    """The list's values replace the stored ones for the columns the list has (an empty cell keeps
    the stored value); the people of the list are matched to the stored members (CCCD, else name +
    year); people not on the list stay in the household."""
    assert planned.match is not None
    stored = load_household(session, planned.match.household_id)
    new = planned.draft.data
    fields = planned.draft.fields
    stored.village_id = new.village_id
    for key in ("address", "area", "phone", "person_of_merit", "social_protection", "no_working_capacity", "farming"):
        if key in fields:
            setattr(stored, key, getattr(new, key))
    if "causes" in fields:
        stored.causes = dict(new.causes)
    by_cccd = {m.cccd: m for m in stored.members if m.cccd}
    by_person = {(fold(m.full_name), m.birth_year): m for m in stored.members}
    member_fields = {
        "full_name": ("full_name",),
        "relation": ("relation",),
        "sex": ("sex",),
        "birth_year": ("birth_year", "birth_date"),
        "birth_year_male": ("birth_year", "birth_date", "sex"),
        "birth_year_female": ("birth_year", "birth_date", "sex"),
        "birth_date": ("birth_date", "birth_year"),
        "ethnicity": ("ethnicity_code",),
        "cccd": ("cccd",),
        "schooling": ("schooling",),
        "health_insurance": ("health_insurance",),
        "employment": ("employment",),
        "disability": ("disability",),
    }
    for member in new.members:
        target = by_cccd.get(member.cccd) if member.cccd else None
        target = target or by_person.get((fold(member.full_name), member.birth_year))
        if target is None:
            stored.members.append(member)
            continue
        for key, attributes in member_fields.items():
            if key in fields:
                for attribute in attributes:
                    value = getattr(member, attribute)
                    if value is not None and value != "":  # an empty cell keeps what is stored
                        setattr(target, attribute, value)
    save_household(session, stored, today)


def _status_round(session: Session, plan: ImportPlan, written: dict[int, str | None], report: ImportReport) -> None:
    assert plan.standard_id is not None
    previous = session.scalar(select(ReviewRound.id).order_by(ReviewRound.id.desc()).limit(1))
    finals = final_categories(session, previous) if previous is not None else {}
    round_ = ReviewRound(
        year=plan.year,
        kind=RoundKind.PERIODIC.value,
        standard_id=plan.standard_id,
        status=RoundStatus.CLOSED.value,
        previous_round_id=previous,
        decision_number=None,
    )
    session.add(round_)
    session.flush()
    rows = []
    for (household_id,) in session.execute(select(Household.id)):
        start = written[household_id] if household_id in written else finals.get(household_id)
        rows.append(
            {
                "round_id": round_.id,
                "household_id": household_id,
                "start_category": start,
                "source": (ReviewSource.CARRIED if start in LISTED else ReviewSource.NOT_LISTED).value,
                "application_reason": "",
                "other_reason": "",
            }
        )
        if household_id in written:
            report.poor += start == "poor"
            report.near_poor += start == "near_poor"
    for first in range(0, len(rows), 5000):
        session.execute(insert(Base.metadata.tables[RoundHousehold.__tablename__]), rows[first : first + 5000])
    report.round_id, report.round_year = round_.id, plan.year
