"""`ranoat demo`: a realistic synthetic commune database for demos, tests and benchmarks.

A Lạng Sơn-like mountain commune (the commune is fictitious and says so in its name): Tày–Nùng
village names, Nùng, Tày, Kinh, Dao, Mông, Sán Chay and Hoa families with names in correct
diacritics, members whose CCCD agrees with their sex and birth year (rules.md §5), and two finished
periodic reviews under 2022–2025, each closed by the commune chair's decision:

- 2024 (lists for 2025): about 17% poor and 9% near-poor. Its start statuses are a notional 2023
  list with similar rates, so the round has movements of its own.
- 2025 (lists for 2026), the latest: one Markov step from the 2024 results, landing near the
  region's rates (about 14% poor, 8% near-poor; rules.md §6), with households that fell back, a few
  "other" movements (moved in, split off, died, moved away) and meeting overrides, each with its
  reason. Its start statuses are the 2024 results.

Each round has its list to review (start status, why reviewed, Mẫu 01 applications with date and
reason), a meeting in every village that agreed (in 2025 one village met twice: the first meeting
did not reach 50%), posting dates, complaints with their re-check, the decision number and date.
Every survey is classified by the real `classify()` and records the rulebook id and hash; the draw
of B1 and lacking indicators is what makes the result come out as the Markov step says.

The same seed gives the same data, and no wall-clock time is written: every row goes in by bulk
insert (which is also what keeps 50,000 households fast), so the audit log stays empty.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from ranoat.domain.category import Category
from ranoat.domain.household import CommuneType, Employment, PovertyCause, Relation, Schooling, Sex
from ranoat.domain.round import OtherMove, ReviewSource, RoundKind, RoundStatus
from ranoat.domain.search import fold, name_sort_text, search_document
from ranoat.domain.survey import SurveyStatus
from ranoat.rules.classify import classify
from ranoat.rules.rulebook import Rulebook, load_all
from ranoat.storage.database import build_database
from ranoat.storage.models import (
    Base,
    Commune,
    Complaint,
    Household,
    HouseholdCause,
    Member,
    Officer,
    ReviewRound,
    RoundHousehold,
    Survey,
    Village,
    VillageMeeting,
)

STANDARD = "2022-2025"
ROUND_YEAR = 2025  # the latest round; members' ages (and so who has a CCCD) are as of this year
PROVINCE = ("20", "Lạng Sơn")  # CCCD province code 020 = Lạng Sơn
OFFICER = "Hoàng Thị Lan"
CHAIR = "Nông Văn Cường"
ENTERED = dt.datetime(2024, 9, 3, 8, 0, 0)  # when the households were entered
MOVED_IN_ENTERED = dt.datetime(2025, 9, 8, 8, 0, 0)  # households that joined the commune in 2025

POOR, NEAR_POOR, OUT = Category.POOR.value, Category.NEAR_POOR.value, Category.NOT_POOR.value
LISTED = (POOR, NEAR_POOR)

# Shares (poor, near-poor) of the notional 2023 list, and one year's step from each status as
# (→ poor, → near-poor), the rest out. 2023 → 2024 keeps the rates near 17% / 9%; 2024 → 2025
# lands near the region's 14% / 8% (rules.md §6). A household out in 2024 that was on the 2023
# list falls back more often than one that was never listed.
NOTIONAL_2023 = (0.17, 0.09)
STEP_TO_2024 = {POOR: (0.80, 0.10), NEAR_POOR: (0.10, 0.55), OUT: (0.034, 0.032)}
STEP_TO_2025 = {POOR: (0.70, 0.12), NEAR_POOR: (0.08, 0.50), OUT: (0.015, 0.016)}
FELL_BACK_TO_2025 = (0.08, 0.12)
OTHER_MOVE_SHARE = 0.005  # of households, in 2025
OVERRIDE_SHARE = 0.003  # of surveys, in each round
APPLIED_SHARE = {True: 0.6, False: 0.01}  # Mẫu 01 among households not listed at the start, by result listed
# The meeting's decision → what Phiếu B computed instead, and why the meeting decided otherwise.
OVERRIDES: dict[str, list[tuple[str, str]]] = {
    POOR: [
        (
            NEAR_POOR,
            "Hộ có người ốm nặng dài ngày, không có khả năng lao động; thực tế thiếu hụt nhiều hơn Phiếu B ghi nhận",
        )
    ],
    NEAR_POOR: [
        (POOR, "Hộ đã được hỗ trợ làm nhà và bể nước trong năm; thực tế thiếu hụt dưới 3 chỉ số"),
        (OUT, "Lao động chính bị tai nạn giữa năm, thu nhập thực tế thấp hơn điểm B1 ước tính"),
    ],
    OUT: [(NEAR_POOR, "Hộ có con đi làm công nhân gửi tiền về đều đặn, Phiếu B chưa phản ánh thu nhập này")],
}
APPLICATION_REASONS = [
    "Gia đình có người ốm nặng, thu nhập giảm",
    "Nhà bị hư hỏng nặng do mưa lũ",
    "Lao động chính mất việc làm",
    "Mất mùa, vật nuôi bị dịch bệnh",
    "Hộ mới tách, chưa có đất sản xuất",
]
ELSEWHERE = ["tỉnh Cao Bằng", "tỉnh Thái Nguyên", "tỉnh Bắc Ninh", "xã khác trong tỉnh", "Thành phố Hà Nội"]


@dataclass(frozen=True)
class _Round:
    id: int
    year: int
    decision_number: str
    decision_date: dt.date
    posting: tuple[dt.date, dt.date]  # niêm yết: 3 working days

    @property
    def opened(self) -> dt.datetime:
        return dt.datetime(self.year, 9, 1, 8, 0, 0)

    @property
    def surveyed(self) -> dt.datetime:
        return dt.datetime(self.year, 10, 15, 8, 0, 0)


ROUNDS = (
    _Round(1, 2024, "98/QĐ-UBND", dt.date(2024, 12, 13), (dt.date(2024, 11, 18), dt.date(2024, 11, 20))),
    _Round(2, 2025, "125/QĐ-UBND", dt.date(2025, 12, 15), (dt.date(2025, 11, 24), dt.date(2025, 11, 26))),
)

# (ethnicity code from ethnic-groups.csv, share of households)
ETHNIC_MIX = [("07", 0.42), ("02", 0.35), ("01", 0.16), ("09", 0.04), ("08", 0.015), ("15", 0.01), ("04", 0.005)]
SURNAMES = {
    "07": ["Hoàng", "Nông", "Lương", "Lăng", "Vi", "Lộc", "Hứa", "Chu", "Mã", "Lành", "Lục", "Đinh"],
    "02": ["Hoàng", "Nông", "Hà", "Lương", "Triệu", "Vi", "Chu", "Linh", "Lộc", "Ma", "Đàm", "Bế"],
    "01": ["Nguyễn", "Trần", "Lê", "Phạm", "Vũ", "Đỗ", "Bùi", "Đặng", "Ngô", "Dương"],
    "09": ["Triệu", "Bàn", "Đặng", "Lý", "Chảo", "Phùng"],
    "08": ["Giàng", "Vàng", "Sùng", "Lý", "Hầu", "Thào"],
    "15": ["Lâm", "Hoàng", "Tằng", "Trương"],
    "04": ["Hoàng", "Lý", "Trương", "Lưu"],
}
MIDDLE = {Sex.MALE: ["Văn", "Văn", "Đức", "Minh", "Quang"], Sex.FEMALE: ["Thị", "Thị", "Thị", "Ngọc"]}
GIVEN = {
    Sex.MALE: [
        "Đức",
        "Hùng",
        "Cường",
        "Tuấn",
        "Minh",
        "Sơn",
        "Hải",
        "Thắng",
        "Lâm",
        "Khánh",
        "Quân",
        "Dũng",
        "Thành",
        "Hưng",
        "Tiến",
        "Vinh",
        "Bảo",
        "Phúc",
        "Khoa",
        "Nghĩa",
        "Toàn",
        "Chiến",
        "Pảo",
        "Sằn",
    ],
    Sex.FEMALE: [
        "Hoa",
        "Lan",
        "Mai",
        "Hương",
        "Thảo",
        "Hằng",
        "Nga",
        "Nhung",
        "Liên",
        "Thơm",
        "Xuân",
        "Duyên",
        "Huyền",
        "Thủy",
        "Yến",
        "Ngọc",
        "Dương",
        "Quyên",
        "Tươi",
        "Nhàn",
        "Sình",
        "Mùi",
    ],
}
PLACE_START = ["Nà", "Khuổi", "Pác", "Bó", "Khau", "Phai", "Cốc", "Còn", "Lũng", "Bản", "Nà"]
PLACE_END = [
    "Pàn",
    "Tát",
    "Là",
    "Củng",
    "Quan",
    "Lầm",
    "Mò",
    "Sla",
    "Thin",
    "Phầy",
    "Nưa",
    "Lệnh",
    "Đon",
    "Chang",
    "Hin",
    "Cáy",
    "Slằng",
    "Mạ",
    "Van",
    "Rọ",
]


@dataclass(frozen=True)
class DemoSummary:
    path: Path
    households: int
    members: int
    villages: int
    poor: int  # results of the latest (2025) round
    near_poor: int


def cccd_for(rng: random.Random, sex: Sex, birth_year: int, province: str = "020") -> str:
    """A CCCD consistent with sex and birth year: digit 4 = sex and century, 5–6 = year (rules.md §5)."""
    century = (birth_year // 100) - 19  # 1900s → 0, 2000s → 1
    sex_digit = 2 * century + (1 if sex is Sex.FEMALE else 0)
    return f"{province}{sex_digit}{birth_year % 100:02d}{rng.randrange(10**6):06d}"


def create_demo(
    out: Path,
    *,
    households: int,
    seed: int,
    commune_code: str = "99901",
    progress: Callable[[int, int], None] | None = None,
) -> DemoSummary:
    """Write a new demo database at ``out`` (which must not exist)."""
    if out.exists():
        raise FileExistsError(f"Tệp {out} đã tồn tại; chọn tên khác (không ghi đè dữ liệu).")
    rng = random.Random(seed)
    rulebook = load_all()[STANDARD]
    village_count = max(1, round(households / 160))
    villages = _village_names(rng, village_count)
    fates = _fates(rng, households, village_count)
    rows = _generate(rng, households, villages, rulebook, fates)
    meetings = _meetings(rng, village_count)
    complaints = _complaints(rng, rows)
    with build_database(out, user="ranoat demo") as new:  # built aside, named only once complete
        with new.database.session() as session:
            _put(
                session,
                Commune,
                [
                    {
                        "id": 1,
                        "province_code": PROVINCE[0],
                        "province_name": PROVINCE[1],
                        "code": commune_code,
                        "name": demo_commune_name(commune_code),
                        "type": CommuneType.XA.value,
                        "default_area": "rural",
                        "region": "tdmnpb",
                    }
                ],
            )
            _put(
                session,
                Officer,
                [
                    {"id": 1, "name": OFFICER, "title": "Người lập biểu", "role": "preparer"},
                    {"id": 2, "name": CHAIR, "title": "Chủ tịch UBND xã", "role": "chair"},
                ],
            )
            _put(
                session,
                Village,
                [
                    {"id": i + 1, "code": f"T{i + 1:02d}", "name": name, "position": i}
                    for i, name in enumerate(villages)
                ],
            )
            _put(session, ReviewRound, [_round_row(plan) for plan in ROUNDS])
            batch = 5000
            for start in range(0, households, batch):
                chunk = rows[start : start + batch]
                _put(session, Household, [r["household"] for r in chunk])
                _put(session, Member, [m for r in chunk for m in r["members"]])
                _put(session, HouseholdCause, [c for r in chunk for c in r["causes"]])
                _put(session, Survey, [s for r in chunk for s in r["surveys"]])
                _put(session, RoundHousehold, [x for r in chunk for x in r["rounds"]])
                if progress is not None:
                    progress(min(start + batch, households), households)
            _put(session, VillageMeeting, meetings)
            _put(session, Complaint, complaints)
        new.publish()
    latest = [r["finals"][-1] for r in rows]
    return DemoSummary(
        out,
        households,
        sum(len(r["members"]) for r in rows),
        village_count,
        latest.count(POOR),
        latest.count(NEAR_POOR),
    )


def _put(session: Session, model: type[Base], rows: Sequence[dict[str, Any]]) -> None:
    """Insert rows in one executemany (Core, not the ORM: no per-row work, no audit lines)."""
    if rows:
        session.execute(insert(Base.metadata.tables[model.__tablename__]), rows)


def _round_row(plan: _Round) -> dict[str, Any]:
    return {
        "id": plan.id,
        "year": plan.year,
        "kind": RoundKind.PERIODIC.value,
        "month": None,
        "standard_id": STANDARD,
        "starts_on": dt.date(plan.year, 9, 1),
        "ends_on": dt.date(plan.year, 12, 14),
        "status": RoundStatus.CLOSED.value,
        "created_at": plan.opened,
        "previous_round_id": plan.id - 1 if plan.id > 1 else None,
        "posting_from": plan.posting[0],
        "posting_to": plan.posting[1],
        "decision_number": plan.decision_number,
        "decision_date": plan.decision_date,
    }


def demo_commune_name(commune_code: str) -> str:
    """ "Xã Bản Mẫu" for the default code; another code gets its own made-up name (the same every
    time), so that the communes of a merge demo can be told apart."""
    if commune_code == "99901":
        return "Xã Bản Mẫu (dữ liệu mô phỏng)"
    pick = random.Random(commune_code)
    return f"Xã {pick.choice(PLACE_START)} {pick.choice(PLACE_END)} (dữ liệu mô phỏng)"


def _village_names(rng: random.Random, count: int) -> list[str]:
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < count:
        kind = rng.choice(["Thôn", "Thôn", "Bản"])
        name = f"{kind} {rng.choice(PLACE_START)} {rng.choice(PLACE_END)}"
        if name in seen:
            name = f"{name} {len(names) + 1}"
        seen.add(name)
        names.append(name)
    return names


def _pick_ethnicity(rng: random.Random) -> str:
    u, total = rng.random(), 0.0
    for code, share in ETHNIC_MIX:
        total += share
        if u < total:
            return code
    return ETHNIC_MIX[0][0]


def _person(rng: random.Random, sex: Sex, surname: str, birth_year: int, ethnicity: str) -> dict[str, Any]:
    name = f"{surname} {rng.choice(MIDDLE[sex])} {rng.choice(GIVEN[sex])}"
    birth_date: dt.date | None = None
    if rng.random() < 0.9:
        birth_date = dt.date(birth_year, rng.randint(1, 12), rng.randint(1, 28))
    age = ROUND_YEAR - birth_year
    return {
        "full_name": name,
        "name_folded": fold(name),
        "sex": sex.value,
        "birth_date": birth_date,
        "birth_year": birth_year,
        "ethnicity_code": ethnicity,
        "cccd": cccd_for(rng, sex, birth_year) if age >= 14 else None,
        "health_insurance": rng.random() < 0.93,
        "disability": rng.random() < 0.03,
        "schooling": _schooling(rng, age).value,
        "employment": _employment(rng, age).value,
    }


def _schooling(rng: random.Random, age: int) -> Schooling:
    if age < 3:
        return Schooling.NONE
    if age < 18:
        return Schooling.STUDYING if rng.random() < 0.95 else Schooling.NONE
    return rng.choice(
        [
            Schooling.PRIMARY,
            Schooling.LOWER_SECONDARY,
            Schooling.LOWER_SECONDARY,
            Schooling.UPPER_SECONDARY,
            Schooling.VOCATIONAL,
            Schooling.HIGHER,
        ]
    )


def _employment(rng: random.Random, age: int) -> Employment:
    if age < 15:
        return Employment.CHILD
    if age < 18:
        return Employment.STUDYING
    if age >= 65:
        return Employment.RETIRED
    return rng.choices(
        [Employment.EMPLOYED, Employment.WAGE_NO_CONTRACT, Employment.UNEMPLOYED, Employment.UNABLE],
        weights=[80, 12, 6, 2],
    )[0]


# ----------------------------------------------------------------------------- two years of results
@dataclass(frozen=True)
class _Fate:
    """What happens to one household: its notional 2023 status, the results intended for 2024 and
    2025 (None: not surveyed that year — it joined in 2025, or left), and an "other" movement."""

    start: str | None  # None: not in the commune before 2025
    results: tuple[str | None, str | None]
    move: OtherMove | None = None
    reason: str = ""


def _draw(rng: random.Random, shares: tuple[float, float]) -> str:
    u = rng.random()
    return POOR if u < shares[0] else NEAR_POOR if u < shares[0] + shares[1] else OUT


def _village_of(index: int, count: int, villages: int) -> int:
    return 1 + index * villages // count


def _code(index: int, count: int, villages: int) -> str:
    return f"T{_village_of(index, count, villages):02d}-{index + 1:05d}"


def _fates(rng: random.Random, count: int, villages: int) -> list[_Fate]:
    fates = []
    for _ in range(count):
        start = _draw(rng, NOTIONAL_2023)
        first = _draw(rng, STEP_TO_2024[start])
        step = FELL_BACK_TO_2025 if first == OUT and start in LISTED else STEP_TO_2025[first]
        fates.append(_Fate(start, (first, _draw(rng, step))))
    # "Other" movements of 2025: half join the lists (moved in, split off), half leave them.
    kinds = [
        (OtherMove.MOVED_IN, OtherMove.DIED, OtherMove.SPLIT, OtherMove.MOVED_AWAY)[i % 4]
        for i in range(round(count * OTHER_MOVE_SHARE))
    ]
    joining = [k for k in kinds if not k.leaves]
    joiners = rng.sample(range(count), len(joining))
    taken = set(joiners)  # and the households a new one split from: they stay
    for index, move in zip(joiners, joining, strict=True):
        month = rng.randint(2, 8)
        if move is OtherMove.SPLIT:
            parent = next(
                (j for j in (index - 1, index + 1, index - 2, index + 2) if 0 <= j < count and j not in taken), 0
            )
            taken.add(parent)
            reason = f"Tách hộ từ hộ {_code(parent, count, villages)} (con lập gia đình riêng), tháng {month}/2025"
        else:
            reason = f"Cả hộ chuyển đến từ {rng.choice(ELSEWHERE)}, đăng ký thường trú tháng {month}/2025"
        fates[index] = _Fate(None, (None, POOR if rng.random() < 0.55 else NEAR_POOR), move, reason)
    leaving = [k for k in kinds if k.leaves]
    listed = [i for i, f in enumerate(fates) if f.results[0] in LISTED and i not in taken]
    for index, move in zip(rng.sample(listed, min(len(leaving), len(listed))), leaving, strict=False):
        month = rng.randint(2, 8)
        if move is OtherMove.DIED:
            reason = f"Hộ một người; chủ hộ qua đời tháng {month}/2025"
        else:
            reason = f"Cả hộ chuyển đi {rng.choice(ELSEWHERE)} sinh sống từ tháng {month}/2025"
        fate = fates[index]
        fates[index] = _Fate(fate.start, (fate.results[0], None), move, reason)
    return fates


def _scores(
    rng: random.Random, category: str, codes: list[str], previous: tuple[int, list[str]] | None
) -> tuple[int, list[str]]:
    """A B1 score and lacking indicators that `classify()` (rural, 2022–2025) puts in ``category``;
    close to last year's where there was one: a similar score in the same band, the same lacks first."""
    if category == POOR:  # at or below the line, lacking three or more
        low, high, count = 70, 140, rng.randint(3, 6)
    elif category == NEAR_POOR:  # at or below the line, lacking fewer than three
        low, high, count = 85, 140, rng.randint(0, 2)
    else:
        low, high, count = 141, 260, rng.choices([0, 1, 2, 3, 4], weights=[40, 30, 15, 10, 5])[0]
    b1 = rng.randint(low, high)
    lacking: list[str] = []
    if previous is not None:
        last_b1, last_lacking = previous
        if low <= last_b1 <= high:
            b1 = min(high, max(low, last_b1 + rng.randint(-12, 12)))
        lacking = rng.sample(last_lacking, min(count, len(last_lacking)))
    rest = [c for c in codes if c not in lacking]
    return b1, lacking + rng.sample(rest, count - len(lacking))


def _source(rng: random.Random, year: int, start: str | None, result: str | None) -> dict[str, Any]:
    """Why a household is on the list: carried from the start list, a Mẫu 01 application, or not listed."""
    if start in LISTED:
        return {"source": ReviewSource.CARRIED.value, "applied_on": None, "application_reason": ""}
    if rng.random() < APPLIED_SHARE[result in LISTED]:
        return {
            "source": ReviewSource.APPLIED_01.value,
            "applied_on": dt.date(year, 8, 15) + dt.timedelta(days=rng.randrange(60)),
            "application_reason": rng.choice(APPLICATION_REASONS),
        }
    return {"source": ReviewSource.NOT_LISTED.value, "applied_on": None, "application_reason": ""}


def _meetings(rng: random.Random, villages: int) -> list[dict[str, Any]]:
    """A meeting per village per round that agreed (≥ 50%); in 2025 one village's first meeting did
    not, so its results were reviewed again and a second meeting agreed a week later."""
    rows: list[dict[str, Any]] = []
    met_twice = rng.randrange(villages) + 1
    for plan in ROUNDS:
        for village in range(1, villages + 1):
            held_on = dt.date(plan.year, 10, 20) + dt.timedelta(days=(village - 1) * 25 // villages)
            if plan.year == ROUND_YEAR and village == met_twice:
                attendees = rng.randint(30, 90)
                rows.append(
                    {
                        "round_id": plan.id,
                        "village_id": village,
                        "held_on": held_on,
                        "attendees": attendees,
                        "agreed": attendees * 2 // 5,
                        "note": "Dưới 50% người dự họp đồng ý; rà soát lại và họp lại",
                    }
                )
                held_on += dt.timedelta(days=7)
            attendees = rng.randint(30, 90)
            agreed = min(attendees, -(-attendees * rng.randint(60, 98) // 100))
            rows.append(
                {
                    "round_id": plan.id,
                    "village_id": village,
                    "held_on": held_on,
                    "attendees": attendees,
                    "agreed": agreed,
                    "note": "",
                }
            )
    return [{"id": i + 1, **row} for i, row in enumerate(rows)]


def _complaints(rng: random.Random, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One complaint in 2024 and two in 2025, received while the lists were posted, each re-checked
    within three working days."""

    def household(round_index: int, categories: tuple[str, ...]) -> int:
        found: list[int] = [r["household"]["id"] for r in rows if r["finals"][round_index] in categories]
        found = found or [r["household"]["id"] for r in rows if r["finals"][round_index] is not None] or [1]
        return rng.choice(found)

    first, latest = ROUNDS
    kept = "Phúc tra: điểm B1 và các chỉ số thiếu hụt đúng như Phiếu B; giữ nguyên kết quả rà soát."
    complaints = [
        (
            first,
            household(0, (OUT,)),
            first.posting[1],
            "Hộ đề nghị xem xét lại: gia đình có người ốm nặng, thu nhập thấp hơn kết quả chấm điểm.",
            first.posting[1] + dt.timedelta(days=2),
            kept,
        ),
        (
            latest,
            household(1, (OUT,)),
            latest.posting[0] + dt.timedelta(days=1),
            "Hộ cho rằng mình thuộc diện cận nghèo vì mất mùa ngô năm nay.",
            latest.posting[1] + dt.timedelta(days=1),
            kept,
        ),
        (
            latest,
            household(1, LISTED),
            latest.posting[1],
            "Danh sách niêm yết ghi sai năm sinh của chủ hộ.",
            latest.posting[1] + dt.timedelta(days=2),
            "Phúc tra: kết quả rà soát đúng; đã sửa năm sinh chủ hộ trong danh sách.",
        ),
    ]
    return [
        {
            "id": i + 1,
            "round_id": plan.id,
            "household_id": household_id,
            "received_on": received,
            "content": content,
            "rechecked_on": rechecked,
            "outcome": outcome,
        }
        for i, (plan, household_id, received, content, rechecked, outcome) in enumerate(complaints)
    ]


def _generate(
    rng: random.Random, count: int, villages: list[str], rulebook: Rulebook, fates: list[_Fate]
) -> list[dict[str, Any]]:
    codes = list(rulebook.indicators_by_code)
    rows: list[dict[str, Any]] = []
    member_id = 0
    survey_id = 0
    for index, fate in enumerate(fates):
        household_id = index + 1
        village = _village_of(index, count, len(villages))
        ethnicity = _pick_ethnicity(rng)
        surname = rng.choice(SURNAMES[ethnicity])
        head_sex = Sex.MALE if rng.random() < 0.78 else Sex.FEMALE
        alone = fate.move is OtherMove.DIED  # an elderly person living alone
        head_year = rng.randint(1935, 1952) if alone else rng.randint(1950, 2000)
        people = [(_person(rng, head_sex, surname, head_year, ethnicity), Relation.HEAD)]
        if not alone and rng.random() < 0.85:
            spouse_sex = Sex.FEMALE if head_sex is Sex.MALE else Sex.MALE
            spouse_surname = rng.choice(SURNAMES[_pick_ethnicity(rng) if rng.random() < 0.3 else ethnicity])
            spouse_year = min(2005, max(1945, head_year + rng.randint(-6, 6)))
            people.append((_person(rng, spouse_sex, spouse_surname, spouse_year, ethnicity), Relation.SPOUSE))
        for _ in range(0 if alone else rng.choices([0, 1, 2, 3, 4], weights=[12, 25, 35, 20, 8])[0]):
            child_year = min(2025, head_year + rng.randint(20, 38))
            child_sex = rng.choice([Sex.MALE, Sex.FEMALE])
            people.append((_person(rng, child_sex, surname, child_year, ethnicity), Relation.CHILD))
        if not alone and rng.random() < 0.15 and head_year > 1965:
            parent_sex = rng.choice([Sex.MALE, Sex.FEMALE])
            parent = _person(rng, parent_sex, surname, head_year - rng.randint(20, 30), ethnicity)
            people.append((parent, Relation.PARENT))

        # Phiếu B of each round, drawn so that classify() gives the intended result — or, for a few,
        # a neighbouring one that the village meeting then decided otherwise (an override).
        surveys: list[dict[str, Any]] = []
        finals: list[str | None] = []
        previous: tuple[int, list[str]] | None = None
        for plan, intended in zip(ROUNDS, fate.results, strict=True):
            if intended is None:
                finals.append(None)
                continue
            computed, decided, reason = intended, None, None
            if rng.random() < OVERRIDE_SHARE:
                computed, reason = rng.choice(OVERRIDES[intended])
                decided = intended
            b1, lacking = _scores(rng, computed, codes, previous)
            previous = (b1, lacking)
            result = classify(rulebook, area="rural", lacking=lacking, b1=b1)
            category = result.category.value
            if decided == category:
                decided, reason = None, None
            finals.append(decided or category)
            survey_id += 1
            surveys.append(
                {
                    "id": survey_id,
                    "round_id": plan.id,
                    "household_id": household_id,
                    "b1": float(b1),
                    "lacking": list(result.lacking),
                    "category": category,
                    "b2": result.b2,
                    "rulebook_id": rulebook.id,
                    "rulebook_sha256": rulebook.sha256,
                    "officer": OFFICER,
                    "status": SurveyStatus.APPROVED.value,
                    "override_category": decided,
                    "override_reason": reason,
                    "override_by": f"Họp dân {villages[village - 1]}" if decided else None,
                    "created_at": plan.surveyed,
                    "updated_at": plan.surveyed,
                }
            )

        # The list to review of each round: 2024 starts from the notional 2023 list, 2025 from the
        # 2024 results. A household that joined in 2025 is in the 2025 round only.
        listing: list[dict[str, Any]] = []
        for plan, start, end in ((ROUNDS[0], fate.start, finals[0]), (ROUNDS[1], finals[0], finals[1])):
            if plan is ROUNDS[0] and fate.start is None:
                continue
            move = fate.move if plan is ROUNDS[1] else None
            if move is not None and not move.leaves:
                why: dict[str, Any] = {
                    "source": ReviewSource.APPLIED_01.value,
                    "applied_on": dt.date(plan.year, 8, 20) + dt.timedelta(days=rng.randrange(30)),
                    "application_reason": "Hộ mới chuyển đến/mới tách hộ, đề nghị rà soát",
                }
            else:
                why = _source(rng, plan.year, start, end)
            listing.append(
                {
                    "round_id": plan.id,
                    "household_id": household_id,
                    "start_category": start,
                    **why,
                    "other_move": move.value if move is not None else None,
                    "other_reason": fate.reason if move is not None else "",
                }
            )

        code = f"T{village:02d}-{household_id:05d}"
        members = []
        for position, (person, relation) in enumerate(people):
            member_id += 1
            members.append(
                {
                    "id": member_id,
                    "household_id": household_id,
                    "position": position,
                    "relation": relation.value,
                    **person,
                }
            )
        search_text = search_document(
            code, [m["full_name"] for m in members], [m["cccd"] for m in members if m["cccd"]]
        )
        latest = finals[1] if finals[1] is not None else finals[0]
        poorish = latest in LISTED
        causes = []
        if poorish:
            for cause in rng.sample(list(PovertyCause), rng.randint(1, 3)):
                note = "Thiên tai, mất mùa" if cause is PovertyCause.OTHER else ""
                causes.append({"household_id": household_id, "cause": cause.value, "note": note})
        entered = ENTERED if fate.start is not None else MOVED_IN_ENTERED
        rows.append(
            {
                "household": {
                    "id": household_id,
                    "code": code,
                    "village_id": village,
                    "address": "",
                    "area": "rural",
                    "phone": f"09{rng.randrange(10**8):08d}" if rng.random() < 0.7 else "",
                    "person_of_merit": rng.random() < 0.03,
                    "social_protection": rng.random() < (0.2 if poorish else 0.05),
                    "no_working_capacity": poorish and rng.random() < 0.08,
                    "ethnic_minority_override": None,
                    "search_text": search_text,
                    "head_name": members[0]["full_name"],
                    "head_sort": name_sort_text(members[0]["full_name"]),
                    "member_count": len(members),
                    "created_at": entered,
                    "updated_at": entered,
                },
                "members": members,
                "causes": causes,
                "surveys": surveys,
                "rounds": listing,
                "finals": finals,
            }
        )
    return rows
