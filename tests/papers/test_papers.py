"""The papers of a round (issue #17), opened with python-docx and checked against the database."""

from __future__ import annotations

import sqlite3
import subprocess
from collections import Counter
from pathlib import Path

import docx
import pytest

from ranoat.cli import main
from ranoat.demo import create_demo
from ranoat.domain.errors import OperationError
from ranoat.operations.export import latest_round_id
from ranoat.operations.papers import write_papers
from ranoat.operations.rounds import final_categories
from ranoat.papers.fields import FIELDS, PaperKind, sample
from ranoat.papers.pdf import find_office, to_pdf
from ranoat.papers.render import TemplateError, check_template, install_template, template_path
from ranoat.rules.rulebook import load_all
from ranoat.storage.database import open_database


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("papers") / "demo.sqlite"
    create_demo(path, households=300, seed=7)
    return path


def _text(path: Path) -> str:
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def _write(db: Path, out: Path, kind: PaperKind, **options: object) -> list[Path]:
    with open_database(db) as database:
        files = write_papers(database, latest_round_id(database), out, load_all(), [kind], **options)  # type: ignore[arg-type]
    return [f.path for f in files]


def test_every_poor_and_near_poor_household_has_one_certificate_with_its_members(demo: Path, tmp_path: Path) -> None:
    with open_database(demo) as database, database.session() as session:
        finals = final_categories(session, latest_round_id(database))
    listed = {h for h, category in finals.items() if category in ("poor", "near_poor")}
    assert listed  # the demo has both
    connection = sqlite3.connect(demo)
    names: dict[int, list[str]] = {}
    for household_id, name in connection.execute("SELECT household_id, full_name FROM member ORDER BY position"):
        names.setdefault(household_id, []).append(name)
    expected = Counter(frozenset(names[h]) for h in listed)

    found: Counter[frozenset[str]] = Counter()
    heads = 0
    for path in _write(demo, tmp_path, PaperKind.CERTIFICATES):
        document = docx.Document(str(path))
        heads += sum(p.text.startswith("Họ và tên chủ hộ:") for p in document.paragraphs)
        for table in document.tables:
            if len(table.columns) == 7 and table.rows[0].cells[2].text == "Quan hệ với chủ hộ":
                found[frozenset(row.cells[1].text for row in table.rows[1:])] += 1
    assert heads == len(listed)
    assert found == expected


def test_certificates_are_refused_for_a_household_that_is_not_poor_or_near_poor(demo: Path, tmp_path: Path) -> None:
    with open_database(demo) as database, database.session() as session:
        finals = final_categories(session, latest_round_id(database))
    other = next(h for h, category in finals.items() if category == "not_poor")
    chosen = next(h for h, category in finals.items() if category == "poor")
    [path] = _write(demo, tmp_path, PaperKind.CERTIFICATES, household_ids=[chosen])
    assert sum(p.text.startswith("Họ và tên chủ hộ:") for p in docx.Document(str(path)).paragraphs) == 1
    with pytest.raises(OperationError, match="Chỉ cấp giấy chứng nhận"):
        _write(demo, tmp_path, PaperKind.CERTIFICATES, household_ids=[chosen, other])


def test_the_minutes_carry_the_recorded_meeting(demo: Path, tmp_path: Path) -> None:
    connection = sqlite3.connect(demo)
    latest = connection.execute(
        "SELECT v.name, m.attendees, m.agreed FROM village_meeting m JOIN village v ON v.id = m.village_id "
        "WHERE m.round_id = (SELECT max(id) FROM review_round) AND m.id IN "
        "(SELECT max(id) FROM village_meeting WHERE round_id = (SELECT max(id) FROM review_round) GROUP BY village_id)"
    ).fetchall()
    paths = _write(demo, tmp_path, PaperKind.MINUTES)
    assert len(paths) == len(latest)
    texts = {p.name: _text(p) for p in paths}
    for village, attendees, agreed in latest:
        [text] = [t for t in texts.values() if f"Địa điểm: {village}," in t]
        percent = f"{100 * agreed / attendees:.1f}".replace(".", ",")
        assert f"Số người dự họp: {attendees}. Số người đồng ý với kết quả: {agreed}, đạt tỷ lệ {percent}%" in text


def test_the_decision_names_the_rounds_number_and_date_and_is_a_draft_without_one(demo: Path, tmp_path: Path) -> None:
    number, decided = (
        sqlite3.connect(demo)
        .execute("SELECT decision_number, decision_date FROM review_round ORDER BY id DESC LIMIT 1")
        .fetchone()
    )
    year, month, day = decided.split("-")
    [path] = _write(demo, tmp_path, PaperKind.DECISION)
    text = _text(path)
    assert f"Số: {number}" in text
    assert f"ngày {day} tháng {month} năm {year}" in text
    assert "DỰ THẢO" not in text

    draft = tmp_path / "draft.sqlite"
    draft.write_bytes(demo.read_bytes())
    with sqlite3.connect(draft) as connection:
        connection.execute(
            "UPDATE review_round SET status = 'open', decision_number = NULL, decision_date = NULL "
            "WHERE id = (SELECT max(id) FROM review_round)"
        )
    [path] = _write(draft, tmp_path / "draft", PaperKind.DECISION)
    text = _text(path)
    assert "DỰ THẢO" in text
    assert number not in text


def test_a_replaced_template_is_used(demo: Path, tmp_path: Path) -> None:
    own = tmp_path / "own.docx"
    document = docx.Document()
    document.add_paragraph("MẪU RIÊNG CỦA TỈNH cho {{ commune }}: {{ decision_number }}")
    document.save(str(own))
    folder = tmp_path / "templates"
    installed = install_template(PaperKind.DECISION, own, folder)
    assert template_path(PaperKind.DECISION, folder) == installed
    [path] = _write(demo, tmp_path / "out", PaperKind.DECISION, template_dir=folder)
    assert "MẪU RIÊNG CỦA TỈNH cho xã Bản Mẫu" in _text(path)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ("{{ commune_nme }}", "commune_nme"),  # an unknown top-level field
        ("{% for c in certificates %}{{ c.hed_name }}{% endfor %}", "hed_name"),  # an unknown field of an item
        ("{{ commune ", "dòng"),  # Jinja that does not parse
    ],
)
def test_a_broken_template_is_refused_naming_its_field(tmp_path: Path, body: str, field: str) -> None:
    broken = tmp_path / "broken.docx"
    document = docx.Document()
    document.add_paragraph(body)
    document.save(str(broken))
    folder = tmp_path / "templates"
    with pytest.raises(TemplateError, match=field):
        install_template(PaperKind.CERTIFICATES, broken, folder)
    assert not (folder / "giay-chung-nhan.docx").exists()  # never installed


def test_a_file_that_is_not_a_word_document_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "bad.docx"
    bad.write_text("not a zip")
    with pytest.raises(TemplateError, match=r"bad\.docx"):
        check_template(PaperKind.MINUTES, bad)


@pytest.mark.parametrize("kind", list(PaperKind))
def test_the_shipped_templates_use_only_their_documented_fields(kind: PaperKind) -> None:
    check_template(kind, template_path(kind))
    assert set(sample(kind)) == set(FIELDS[kind])


def test_the_cli_writes_every_kind_with_ascii_file_names(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["documents", "--db", str(demo), "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    files = sorted(tmp_path.glob("*.docx"))
    assert {f.name.split("-2025")[0] for f in files} == {
        "quyet-dinh-cong-nhan",
        "giay-chung-nhan",
        "giay-de-nghi",
        "bien-ban-hop-dan",
        "thong-bao-niem-yet",
    }
    assert all(f.name.isascii() for f in files)
    for f in files:
        assert str(f) in out
    assert main(["documents", "--db", str(demo), "--out", str(tmp_path), "--village", "NOPE"]) == 2


def test_posting_notice_lists_every_household_of_the_posting_list_with_its_dates(demo: Path, tmp_path: Path) -> None:
    _posting_from, posting_to = (
        sqlite3.connect(demo)
        .execute("SELECT posting_from, posting_to FROM review_round ORDER BY id DESC LIMIT 1")
        .fetchone()
    )
    [path] = _write(demo, tmp_path, PaperKind.POSTING)
    text = _text(path)
    y, m, d = posting_to.split("-")
    assert f"đến hết {d}/{m}/{y}" in text
    document = docx.Document(str(path))
    [table] = [t for t in document.tables if len(t.columns) == 8 and t.rows[0].cells[-2].text == "Danh sách"]
    with open_database(demo) as database, database.session() as session:
        finals = final_categories(session, latest_round_id(database))
    assert len(table.rows) - 1 >= sum(1 for c in finals.values() if c in ("poor", "near_poor"))


def test_pdf_through_libreoffice_keeps_the_national_title_and_every_cccd_on_one_line(
    demo: Path, tmp_path: Path
) -> None:
    assert find_office(), "LibreOffice is needed to print the papers (apt-get install libreoffice-writer-nogui)"
    [decision] = _write(demo, tmp_path, PaperKind.DECISION)
    certificates = _write(demo, tmp_path, PaperKind.CERTIFICATES)
    pdfs = to_pdf([decision, certificates[0]], tmp_path)
    for pdf in pdfs:
        assert pdf.read_bytes().startswith(b"%PDF")
        text = subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        # Nghị định 30/2020: the Quốc hiệu on one line (the heading's columns have fixed widths)
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    document = docx.Document(str(certificates[0]))
    grids = [t for t in document.tables if t.rows[0].cells[0].text == "STT"]
    cccds = {row.cells[-1].text for t in grids for row in t.rows[1:] if row.cells[-1].text}
    assert cccds
    printed = subprocess.run(
        ["pdftotext", "-layout", str(pdfs[1]), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert all(cccd in printed for cccd in cccds)  # 12 digits not broken across two lines


def test_without_libreoffice_the_word_files_are_written_and_the_message_says_how_to_print(
    demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("RANOAT_SOFFICE", str(tmp_path / "no-office" / "soffice"))  # not installed here
    assert find_office() is None
    out = tmp_path / "papers"
    code = main(["documents", "--db", str(demo), "--out", str(out), "--kind", "posting", "--pdf"])
    assert code == 2
    err = capsys.readouterr().err
    assert "Không tìm thấy LibreOffice" in err
    assert "Tệp Word (.docx) đã được ghi" in err
    assert "Traceback" not in err
    [written] = sorted(out.glob("*"))
    assert written.suffix == ".docx"
    assert written.name.startswith("thong-bao-niem-yet-")
    assert not list(out.glob("*.pdf"))
