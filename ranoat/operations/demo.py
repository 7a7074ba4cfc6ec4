"""`ranoat demo`: a realistic synthetic commune database for demos, tests and benchmarks.

A Lạng Sơn-like mountain commune (the commune is fictitious and says so in its name): Tày–Nùng
village names, Nùng, Tày, Kinh, Dao, Mông, Sán Chay and Hoa families with names in correct
diacritics, members whose CCCD agrees with their sex and birth year (rules.md §5), and a finished
2025 periodic review under 2022–2025 whose rates are near the region's (about 14% poor, 8%
near-poor; rules.md §6). Every survey is classified by the real `classify()` and records the
rulebook id and hash. The same seed gives the same data.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import insert

from ranoat.domain.household import CommuneType, Employment, PovertyCause, Relation, RoundKind, Schooling, Sex
from ranoat.domain.search import fold, name_sort_text, search_document
from ranoat.rules.classify import classify
from ranoat.rules.rulebook import Rulebook, load_all
from ranoat.storage.database import open_database
from ranoat.storage.models import (
    Commune,
    Household,
    HouseholdCause,
    Member,
    Officer,
    ReviewRound,
    Survey,
    Village,
)

STANDARD = "2022-2025"
ROUND_YEAR = 2025
CREATED = dt.datetime(2025, 12, 10, 8, 0, 0)
PROVINCE = ("20", "Lạng Sơn")  # CCCD province code 020 = Lạng Sơn

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
    poor: int
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
    database = open_database(out, create=True, user="ranoat demo")
    try:
        with database.session() as session:
            session.add(
                Commune(
                    province_code=PROVINCE[0],
                    province_name=PROVINCE[1],
                    code=commune_code,
                    name="Xã Bản Mẫu (dữ liệu mô phỏng)",
                    type=CommuneType.XA.value,
                    default_area="rural",
                    region="tdmnpb",
                )
            )
            session.add_all(
                [
                    Officer(name="Hoàng Thị Lan", title="Người lập biểu", role="preparer"),
                    Officer(name="Nông Văn Cường", title="Chủ tịch UBND xã", role="chair"),
                ]
            )
            session.execute(
                insert(Village),
                [
                    {"id": i + 1, "code": f"T{i + 1:02d}", "name": name, "position": i}
                    for i, name in enumerate(villages)
                ],
            )
            session.add(
                ReviewRound(
                    id=1,
                    year=ROUND_YEAR,
                    kind=RoundKind.PERIODIC.value,
                    standard_id=STANDARD,
                    starts_on=dt.date(ROUND_YEAR, 9, 1),
                    ends_on=dt.date(ROUND_YEAR, 12, 14),
                    status="closed",
                    created_at=CREATED,
                )
            )
            rows = _generate(rng, households, village_count, rulebook)
            counts = {"poor": 0, "near_poor": 0}
            batch = 5000
            for start in range(0, households, batch):
                chunk = rows[start : start + batch]
                session.execute(insert(Household), [r["household"] for r in chunk])
                session.execute(insert(Member), [m for r in chunk for m in r["members"]])
                causes = [c for r in chunk for c in r["causes"]]
                if causes:
                    session.execute(insert(HouseholdCause), causes)
                session.execute(insert(Survey), [r["survey"] for r in chunk])
                for r in chunk:
                    category = r["survey"]["category"]
                    if category in counts:
                        counts[category] += 1
                if progress is not None:
                    progress(min(start + batch, households), households)
            member_total = sum(len(r["members"]) for r in rows)
    finally:
        database.close()
    return DemoSummary(out, households, member_total, village_count, counts["poor"], counts["near_poor"])


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


def _generate(rng: random.Random, count: int, villages: int, rulebook: Rulebook) -> list[dict[str, Any]]:
    codes = list(rulebook.indicators_by_code)
    rows: list[dict[str, Any]] = []
    member_id = 0
    for index in range(count):
        household_id = index + 1
        village = 1 + index * villages // count
        ethnicity = _pick_ethnicity(rng)
        surname = rng.choice(SURNAMES[ethnicity])
        head_sex = Sex.MALE if rng.random() < 0.78 else Sex.FEMALE
        head_year = rng.randint(1950, 2000)
        people = [(_person(rng, head_sex, surname, head_year, ethnicity), Relation.HEAD)]
        if rng.random() < 0.85:
            spouse_sex = Sex.FEMALE if head_sex is Sex.MALE else Sex.MALE
            spouse_surname = rng.choice(SURNAMES[_pick_ethnicity(rng) if rng.random() < 0.3 else ethnicity])
            spouse_year = min(2005, max(1945, head_year + rng.randint(-6, 6)))
            people.append((_person(rng, spouse_sex, spouse_surname, spouse_year, ethnicity), Relation.SPOUSE))
        for _ in range(rng.choices([0, 1, 2, 3, 4], weights=[12, 25, 35, 20, 8])[0]):
            child_year = min(2025, head_year + rng.randint(20, 38))
            child_sex = rng.choice([Sex.MALE, Sex.FEMALE])
            people.append((_person(rng, child_sex, surname, child_year, ethnicity), Relation.CHILD))
        if rng.random() < 0.15 and head_year > 1965:
            parent_sex = rng.choice([Sex.MALE, Sex.FEMALE])
            parent = _person(rng, parent_sex, surname, head_year - rng.randint(20, 30), ethnicity)
            people.append((parent, Relation.PARENT))

        u = rng.random()
        if u < 0.14:  # poor: at or below the line, lacking three or more
            b1, lacking_n = rng.randint(70, 140), rng.randint(3, 6)
        elif u < 0.22:  # near-poor: at or below the line, lacking fewer than three
            b1, lacking_n = rng.randint(85, 140), rng.randint(0, 2)
        else:
            b1, lacking_n = rng.randint(141, 260), rng.choices([0, 1, 2, 3, 4], weights=[40, 30, 15, 10, 5])[0]
        lacking = rng.sample(codes, lacking_n)
        result = classify(rulebook, area="rural", lacking=lacking, b1=b1)
        category = result.category.value

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
        poorish = category in ("poor", "near_poor")
        causes = []
        if poorish:
            for cause in rng.sample(list(PovertyCause), rng.randint(1, 3)):
                note = "Thiên tai, mất mùa" if cause is PovertyCause.OTHER else ""
                causes.append({"household_id": household_id, "cause": cause.value, "note": note})
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
                    "created_at": CREATED,
                    "updated_at": CREATED,
                },
                "members": members,
                "causes": causes,
                "survey": {
                    "id": household_id,
                    "round_id": 1,
                    "household_id": household_id,
                    "b1": float(b1),
                    "lacking": list(result.lacking),
                    "category": category,
                    "b2": result.b2,
                    "rulebook_id": rulebook.id,
                    "rulebook_sha256": rulebook.sha256,
                    "officer": "Hoàng Thị Lan",
                    "status": "approved",
                    "created_at": CREATED,
                    "updated_at": CREATED,
                },
            }
        )
    return rows
