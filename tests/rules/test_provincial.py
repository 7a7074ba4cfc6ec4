"""Provincial standards as data (issue #13 item 8): a rulebook that declares it is a province's
standard, loaded by the user into the data folder, validated with the same schema and hashed, and
chosen by `standard_on` only for a commune of that province.

The fixture `fixtures/2022-2025-dong-nai.yaml` is a TEST FIXTURE, not law: Đồng Nai's published
2022–2025 figures as issue #13 quotes them (2.0M / 2.5M đồng, at least 2 lacking indicators).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import text

from ranoat.domain.area import Area
from ranoat.domain.category import Category
from ranoat.domain.errors import OperationError
from ranoat.domain.household import CommuneType, HouseholdData, MemberData, Relation, Sex
from ranoat.domain.round import RoundKind
from ranoat.domain.survey import SurveyData
from ranoat.excel.reader import read_exchange
from ranoat.merge import InputStatus, merge_workbooks
from ranoat.operations.commune import CommuneData, VillageData, save_commune
from ranoat.operations.export import export_round
from ranoat.operations.households import save_household
from ranoat.operations.importing import choose_standard
from ranoat.operations.rounds import create_round
from ranoat.operations.surveys import save_survey
from ranoat.rules.classify import Classification, classify
from ranoat.rules.datafile import content_hash
from ranoat.rules.rulebook import (
    RulebookError,
    install_rulebook,
    load_all,
    load_rulebook,
    rulebook_dir,
    user_rulebook_dir,
)
from ranoat.storage.database import open_database

FIXTURE = Path(__file__).parent / "fixtures" / "2022-2025-dong-nai.yaml"
DONG_NAI, LANG_SON = "75", "20"
IN_2024 = dt.date(2024, 6, 1)


def fixture_data() -> dict[str, Any]:
    data = yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def written(tmp_path: Path, data: dict[str, Any], name: str) -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_the_fixture_is_a_provincial_standard_marked_as_a_fixture() -> None:
    book = load_rulebook(FIXTURE)
    assert book.province is not None
    assert (book.province.code, book.province.name, book.province.raises) == (DONG_NAI, "Đồng Nai", "2022-2025")
    assert "KIỂM THỬ" in book.model.title.vi
    assert book.model.legal_basis[0].role == "provincial_decision"
    assert book.model.income.poverty_line.for_area(Area.RURAL) == 2_000_000
    assert book.model.income.poverty_line.for_area(Area.URBAN) == 2_500_000
    assert book.model.deprivation.poor_min_count.value == 2
    assert not any(path.stem.endswith("dong-nai") for path in rulebook_dir().glob("*.yaml")), "none shipped"


@pytest.mark.parametrize(
    ("change", "key", "fragment"),
    [
        pytest.param(lambda d: d.pop("province"), "id", "needs a 'province' block", id="provincial id, no province"),
        pytest.param(
            lambda d: d["province"].update(raises="2016-2020"), "id", "'2016-2020-<province>'", id="raises another"
        ),
        pytest.param(
            lambda d: d.update(legal_basis=d["legal_basis"][1:]), "legal_basis", "provincial_decision", id="no decision"
        ),
        pytest.param(lambda d: d["province"].update(code="Đồng Nai"), "province.code", "", id="code not 2 digits"),
        pytest.param(lambda d: d.update(id="2022-2025-Dong Nai"), "id", "", id="id not a slug"),
    ],
)
def test_a_broken_provincial_standard_is_refused_naming_the_key(
    tmp_path: Path, change: Any, key: str, fragment: str
) -> None:
    data = fixture_data()
    change(data)
    path = written(tmp_path, data, f"{data['id']}.yaml")
    with pytest.raises(RulebookError) as caught:
        load_rulebook(path)
    assert caught.value.key == key
    assert fragment in caught.value.problem


def test_a_national_id_with_a_province_block_is_refused(tmp_path: Path) -> None:
    data = yaml.safe_load((rulebook_dir() / "2022-2025.yaml").read_text(encoding="utf-8"))
    data["province"] = fixture_data()["province"]
    with pytest.raises(RulebookError) as caught:
        load_rulebook(written(tmp_path, data, "2022-2025.yaml"))
    assert caught.value.key == "id"


def test_installed_it_is_in_the_user_folder_hashed_and_loaded_beside_the_national_ones(tmp_path: Path) -> None:
    source = tmp_path / "chuan-ngheo-dong-nai.yaml"  # any name: it is stored under its id
    source.write_bytes(FIXTURE.read_bytes())
    national = load_all()
    assert "2022-2025-dong-nai" not in national
    book = install_rulebook(source, national)
    assert Path(book.path) == user_rulebook_dir() / "2022-2025-dong-nai.yaml"
    assert book.sha256 == content_hash(fixture_data())
    books = load_all()
    assert list(books) == ["2016-2020", "2022-2025", "2022-2025-dong-nai", "2027-2030"]
    assert books["2022-2025-dong-nai"].sha256 == book.sha256
    assert books.problems == ()


def test_standard_on_chooses_it_only_for_a_commune_of_its_province(tmp_path: Path) -> None:
    install_rulebook(FIXTURE, load_all())
    books = load_all()
    assert books.standard_on(IN_2024) == "2022-2025"  # no province: national only
    assert books.standard_on(IN_2024, LANG_SON) == "2022-2025"
    assert books.standard_on(IN_2024, DONG_NAI) == "2022-2025-dong-nai"
    in_force = books.in_force(IN_2024, DONG_NAI)
    assert in_force is not None
    assert in_force.id == "2022-2025-dong-nai"
    # 2026: the national 2022–2025 standard is still in force; the fixture's validity ended in 2025
    assert books.standard_on(dt.date(2026, 3, 1), DONG_NAI) == "2022-2025"
    assert books.standard_on(dt.date(2027, 3, 1), DONG_NAI) == "2027-2030"


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        pytest.param(lambda d: None, "chỉ nạp được chuẩn nghèo của tỉnh", id="a national standard"),
        pytest.param(
            lambda d: d["income"]["poverty_line"].update(rural=1_400_000),
            "(khu vực nông thôn) 1.400.000 đồng thấp hơn chuẩn quốc gia 1.500.000 đồng",
            id="lower than the national line",
        ),
    ],
)
def test_install_refuses_what_cannot_be_a_provincial_standard_and_copies_nothing(
    tmp_path: Path, change: Any, fragment: str
) -> None:
    if fragment.startswith("chỉ"):
        data = yaml.safe_load((rulebook_dir() / "2022-2025.yaml").read_text(encoding="utf-8"))
    else:
        data = fixture_data()
        change(data)
    source = written(tmp_path, data, "tinh.yaml")
    with pytest.raises(RulebookError) as caught:
        install_rulebook(source, load_all())
    assert fragment in str(caught.value)
    assert str(source) in str(caught.value)
    assert not list(user_rulebook_dir().glob("*.yaml"))


def test_a_broken_file_in_the_user_folder_does_not_stop_the_program() -> None:
    folder = user_rulebook_dir()
    folder.mkdir(parents=True)
    (folder / "2022-2025-hong.yaml").write_text("id: [khong dung", encoding="utf-8")
    (folder / "2022-2025-dong-nai.yaml").write_bytes(FIXTURE.read_bytes())
    books = load_all()
    assert "2022-2025-dong-nai" in books
    assert len(books.problems) == 1
    assert "2022-2025-hong.yaml" in books.problems[0]


def test_it_classifies_by_its_own_lines_and_count() -> None:
    book = load_rulebook(FIXTURE)
    national = load_all()["2022-2025"]
    lacking = ["employment", "nutrition"]
    ours = classify(book, area="rural", lacking=lacking, income=1_800_000)
    assert isinstance(ours, Classification)
    assert ours.category is Category.POOR  # ≤ 2.0M and 2 lacking
    assert (
        classify(national, area="rural", lacking=lacking, income=1_800_000, average_living=True).category
        is Category.AVERAGE_LIVING_STANDARD
    )
    assert classify(book, area="urban", lacking=["employment"], income=2_500_000).category is Category.NEAR_POOR


def test_a_round_can_use_it(tmp_path: Path) -> None:
    install_rulebook(FIXTURE, load_all())
    books = load_all()
    with open_database(tmp_path / "xa.sqlite3", create=True) as db:
        with db.session() as session:
            save_commune(
                session,
                CommuneData(
                    province_code=DONG_NAI,
                    province_name="Đồng Nai",
                    code="26041",
                    name="Xã Mẫu",
                    type=CommuneType.XA,
                    default_area=Area.RURAL,
                    villages=[VillageData("A1", "Ấp 1")],
                ),
            )
        with db.session() as session:
            village = session.execute(text("SELECT id FROM village")).scalar_one()
            member = MemberData("Trần Văn Mẫu", Sex.MALE, Relation.HEAD, 1970)
            household = save_household(
                session, HouseholdData(code="A1-1", village_id=village, area=Area.RURAL, members=[member]), IN_2024
            )
        with db.session() as session:
            info = create_round(
                session, year=2024, kind=RoundKind.PERIODIC, standard_id="2022-2025-dong-nai", rulebooks=books
            )
            assert info.standard_id == "2022-2025-dong-nai"
        with db.session() as session:
            saved = save_survey(
                session,
                round_id=info.id,
                household_id=household.id,
                data=SurveyData(income=1_900_000, lacking=["employment", "nutrition"]),
                rulebooks=books,
            )
    assert isinstance(saved.outcome, Classification)
    assert saved.outcome.category is Category.POOR
    assert saved.outcome.rulebook_sha256 == books["2022-2025-dong-nai"].sha256
    # exported, its workbook names the standard and merges where the standard is loaded too
    out = tmp_path / "xa.xlsx"
    with open_database(tmp_path / "xa.sqlite3") as db:
        export_round(db, info.id, out, books)
    assert read_exchange(out).metadata["standard_id"] == "2022-2025-dong-nai"
    merged = merge_workbooks([out], books)
    assert [i.status for i in merged.inputs] == [InputStatus.MERGED]
    assert merged.household_count == 1
    national_only = merge_workbooks([out], {k: b for k, b in books.items() if b.province is None})
    assert national_only.inputs[0].status is InputStatus.REJECTED
    assert "không có chuẩn nghèo 2022-2025-dong-nai" in national_only.inputs[0].reason


def _commune(db_path: Path, province_code: str, province_name: str) -> None:
    with open_database(db_path, create=True) as db, db.session() as session:
        save_commune(
            session,
            CommuneData(
                province_code=province_code,
                province_name=province_name,
                code="06172",
                name="Xã Mẫu",
                type=CommuneType.XA,
                default_area=Area.RURAL,
                villages=[VillageData("T01", "Thôn 1")],
            ),
        )


def test_a_round_of_another_province_cannot_use_it(tmp_path: Path) -> None:
    install_rulebook(FIXTURE, load_all())
    books = load_all()
    _commune(tmp_path / "xa.sqlite3", LANG_SON, "Lạng Sơn")
    with open_database(tmp_path / "xa.sqlite3") as db:
        with db.session() as session, pytest.raises(OperationError) as refused:
            create_round(session, year=2024, kind=RoundKind.PERIODIC, standard_id="2022-2025-dong-nai", rulebooks=books)
        assert str(refused.value) == (
            "Chuẩn nghèo 2022-2025-dong-nai là chuẩn riêng của tỉnh Đồng Nai (mã 75); xã này thuộc tỉnh Lạng Sơn "
            "(mã 20), nên không dùng được chuẩn đó. Hãy chọn chuẩn quốc gia hoặc chuẩn của tỉnh mình."
        )
        with db.session() as session:
            assert session.execute(text("SELECT count(*) FROM review_round")).scalar_one() == 0  # nothing opened
            national = create_round(
                session, year=2024, kind=RoundKind.PERIODIC, standard_id="2022-2025", rulebooks=books
            )
        assert national.standard_id == "2022-2025"


def test_an_imported_list_takes_the_standard_of_the_commune_s_province(tmp_path: Path) -> None:
    install_rulebook(FIXTURE, load_all())
    books = load_all()
    assert choose_standard(books, 2024, DONG_NAI) == "2022-2025-dong-nai"
    assert choose_standard(books, 2024, LANG_SON) == "2022-2025"
    assert choose_standard(books, 2024) == "2022-2025"
