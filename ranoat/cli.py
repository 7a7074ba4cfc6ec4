"""The `ranoat` command (also `python -m ranoat`). The contract is in docs/cli.md.

- `ranoat` with no arguments opens the GUI. The core never imports Qt: the GUI registers itself in
  the `ranoat.gui` entry-point group and is found there at run time.
- `ranoat classify --standard ID FILE`: JSON Lines in, one JSON line out per input line, in order.
- `ranoat standards`: each standard, its validity and what is missing from it.
- `ranoat import --db DB FILE`: a household list from Excel, all of it or nothing.
- `ranoat seal new-key|set-key`: the seal keys the province gives the communes (docs/merge.md).
- `ranoat province load|status|export|history`: the province's store (docs/province.md).
"""

from __future__ import annotations

import argparse
import codecs
import datetime as dt
import json
import multiprocessing
import re
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from enum import StrEnum
from importlib import metadata
from typing import IO, TYPE_CHECKING, Any

from ranoat import __version__
from ranoat.domain.vietnamese import format_date, format_number
from ranoat.rules.classify import ClassificationError, classify
from ranoat.rules.explain import reasons
from ranoat.rules.rulebook import Rulebook, RulebookError, load_all

if TYPE_CHECKING:
    from ranoat.storage.database import Database, NewDatabase

EXIT_OK, EXIT_LINE_FAILED, EXIT_USAGE = 0, 1, 2
# `average_living` (optional, true by default: the contract's "average_living_standard where the
# standard defines it and income was given"): false for a household that does not live from farming,
# forestry, fishery or salt making or did not apply (Mẫu 01), which is then not poor in the band
INPUT_FIELDS = frozenset({"id", "area", "b1", "income", "lacking", "region", "average_living"})


class InputErrorCode(StrEnum):
    """Errors of a `classify` input line that come before classification."""

    INVALID_JSON = "invalid_json"
    INVALID_RECORD = "invalid_record"
    UNKNOWN_FIELD = "unknown_field"
    INVALID_ID = "invalid_id"


def main(argv: Sequence[str] | None = None) -> int:
    multiprocessing.freeze_support()  # a frozen build's child processes (the import's reading) start here
    args = list(sys.argv[1:] if argv is None else argv)
    if not args:
        return launch_gui()
    parser = _parser()
    options = parser.parse_args(args)
    _use_utf8(sys.stdout)
    _use_utf8(sys.stderr)
    command: Callable[[argparse.Namespace], int] = options.run
    from ranoat.storage.files import remove_leftovers

    remove_leftovers()  # partial outputs that a killed export or merge left beside its outputs
    try:
        return command(options)
    except RulebookError as exc:
        print(f"ranoat: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # `ranoat … | head`: the reader left; not an error of ours
        sys.stderr.close()
        return EXIT_OK


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ranoat",
        description="Ranoat — rà soát hộ nghèo, hộ cận nghèo. Không có tham số: mở giao diện.",
    )
    parser.add_argument("--version", action="version", version=f"ranoat {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="LỆNH")

    gui = commands.add_parser("gui", help="mở giao diện (như khi chạy không tham số)")
    gui.set_defaults(run=lambda _options: launch_gui())

    classify_cmd = commands.add_parser(
        "classify",
        help="phân loại các hộ trong một tệp JSON Lines",
        description="Đọc JSON Lines (mỗi dòng một hộ), ghi một dòng JSON cho mỗi dòng vào, theo thứ tự. "
        "Mã thoát 1 nếu có dòng không phân loại được, 0 nếu không.",
    )
    classify_cmd.add_argument("--standard", required=True, metavar="ID", help="mã chuẩn nghèo, ví dụ 2022-2025")
    classify_cmd.add_argument("file", metavar="FILE", help="tệp JSON Lines, hoặc - để đọc từ đầu vào chuẩn")
    classify_cmd.set_defaults(run=_classify_command)

    demo = commands.add_parser(
        "demo",
        help="tạo cơ sở dữ liệu mô phỏng một xã (dữ liệu giả, cho trình diễn và kiểm thử)",
        description="Tạo một xã mô phỏng kiểu Lạng Sơn: thôn, hộ, thành viên và một kỳ rà soát đã kết thúc. "
        "Cùng seed cho cùng dữ liệu.",
    )
    demo.add_argument("--households", type=int, required=True, metavar="N", help="số hộ")
    demo.add_argument("--seed", type=int, default=1, metavar="S", help="hạt giống ngẫu nhiên (mặc định 1)")
    demo.add_argument("--commune", default="99901", metavar="CODE", help="mã xã (mặc định 99901)")
    demo.add_argument("--out", required=True, metavar="DB", help="tệp cơ sở dữ liệu mới (không ghi đè)")
    demo.set_defaults(run=_demo_command)

    export = commands.add_parser(
        "export",
        help="xuất sổ trao đổi của xã (danh sách, biểu mẫu và trang dữ liệu) cho kỳ rà soát mới nhất",
    )
    export.add_argument("--db", required=True, metavar="DB", help="tệp cơ sở dữ liệu của xã")
    export.add_argument("--out", required=True, metavar="FILE.xlsx", help="tệp Excel sẽ ghi")
    export.set_defaults(run=_export_command)

    merge = commands.add_parser(
        "merge",
        help="gộp sổ trao đổi của các xã thành một sổ tổng hợp (danh sách, biểu mẫu, trang kiểm tra)",
        description="Gộp các sổ trao đổi của xã (hoặc sổ đã gộp). Tệp hỏng, bị sửa tay, không phải sổ trao đổi "
        "bị từ chối và nêu lý do; người trùng giữa các xã được liệt kê để xác minh, không tự gộp. "
        "Mã thoát 0 khi gộp được ít nhất một tệp, 2 khi không gộp được tệp nào.",
    )
    merge.add_argument("files", nargs="+", metavar="FILE.xlsx", help="các sổ trao đổi (hoặc thư mục chứa chúng)")
    merge.add_argument("--out", required=True, metavar="MERGED.xlsx", help="tệp Excel tổng hợp sẽ ghi")
    merge.add_argument("--json", action="store_true", help="in tóm tắt dạng JSON ra đầu ra chuẩn")
    merge.add_argument(
        "--level",
        choices=["province", "district", "cluster"],
        default="province",
        help="cấp tổng hợp, dùng cho tiêu đề: province (tỉnh, mặc định), district (huyện), cluster (cụm xã)",
    )
    merge.add_argument("--name", default="", metavar="TÊN", help="tên đơn vị tổng hợp (mặc định: tên tỉnh của các xã)")
    merge.add_argument(
        "--allow-mixed",
        action="store_true",
        help="vẫn gộp các xã khác chuẩn nghèo hoặc khác kỳ rà soát (mặc định: từ chối)",
    )
    merge.add_argument(
        "--keys",
        metavar="FILE",
        help="tệp khoá niêm phong của tỉnh (CSV commune_code,key): kiểm tra niêm phong của từng xã; "
        "không có thì không kiểm tra niêm phong",
    )
    merge.set_defaults(run=_merge_command)

    from ranoat.province.cli import add_province_commands  # the province's store (docs/province.md)

    add_province_commands(commands)

    seal = commands.add_parser(
        "seal",
        help="khoá niêm phong: tỉnh cấp khoá cho xã (new-key), xã nhập khoá tỉnh cấp (set-key)",
        description="Niêm phong chứng minh sổ trao đổi do xã giữ khoá lập ra: tỉnh cấp cho mỗi xã một khoá bí mật, "
        "xã nhập khoá một lần, mỗi lần xuất sổ được niêm phong; khi gộp với --keys, tỉnh kiểm tra niêm phong.",
    )
    seal_commands = seal.add_subparsers(dest="seal_command", required=True, metavar="LỆNH")
    new_key = seal_commands.add_parser(
        "new-key",
        help="tạo khoá mới cho một xã, ghi vào tệp khoá của tỉnh và in khoá ra để trao cho xã",
    )
    new_key.add_argument("--commune", required=True, metavar="CODE", help="mã xã")
    new_key.add_argument(
        "--keys", default="khoa-niem-phong.csv", metavar="FILE", help="tệp khoá của tỉnh (mặc định khoa-niem-phong.csv)"
    )
    new_key.add_argument("--replace", action="store_true", help="thay khoá xã đã có (khoá cũ hết dùng được)")
    new_key.set_defaults(run=_seal_new_key_command)
    set_key = seal_commands.add_parser("set-key", help="nhập khoá niêm phong tỉnh đã cấp vào cơ sở dữ liệu của xã")
    set_key.add_argument("--db", required=True, metavar="DB", help="tệp cơ sở dữ liệu của xã")
    set_key.add_argument("key", metavar="KEY", help="khoá tỉnh cấp (14 nhóm 4 ký tự), hoặc - để đọc từ đầu vào chuẩn")
    set_key.add_argument("--replace", action="store_true", help="thay khoá đã đặt trước đó")
    set_key.set_defaults(run=_seal_set_key_command)

    import_cmd = commands.add_parser(
        "import",
        help="nhập danh sách hộ từ Excel (danh sách cũ, mẫu chính thức, hoặc sổ trao đổi của Ranoat)",
        description="Đọc danh sách, kiểm tra từng dòng và ghi vào cơ sở dữ liệu trong một giao dịch: có lỗi thì không "
        "ghi gì (mã thoát 1). Hộ đã có trong cơ sở dữ liệu (cùng CCCD, hoặc cùng họ tên + năm sinh + thôn) được xử "
        "lý theo --on-match. Tự sao lưu cơ sở dữ liệu trước khi ghi.",
    )
    import_cmd.add_argument("--db", required=True, metavar="DB", help="tệp cơ sở dữ liệu của xã")
    import_cmd.add_argument("file", metavar="FILE", help="tệp Excel .xlsx")
    import_cmd.add_argument("--mapping", metavar="FILE", help="tệp ghép cột (JSON) đã lưu từ trình hướng dẫn nhập")
    import_cmd.add_argument("--sheet", metavar="NAME", help="tên trang (mặc định: trang đầu tiên)")
    import_cmd.add_argument(
        "--on-match",
        choices=("skip", "update", "add"),
        default="skip",
        help="hộ đã có: skip = bỏ qua (mặc định), update = cập nhật, add = thêm thành hộ mới",
    )
    import_cmd.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không ghi")
    import_cmd.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    import_cmd.set_defaults(run=_import_command)

    standards = commands.add_parser("standards", help="liệt kê các chuẩn nghèo, hiệu lực và phần còn thiếu")
    standards.add_argument("--json", action="store_true", help="in dạng JSON")
    standards.set_defaults(run=_standards_command)

    from ranoat.cli_documents import add_documents_parser  # issue #17: the papers of a round

    add_documents_parser(commands)
    return parser


def _file_name_bytes(error: UnicodeError) -> tuple[str | bytes, int]:
    """Encoding error handler "ranoat-names" (issue #16): a file name that is not UTF-8 (Linux keeps
    a name's bytes as they are; Python holds each undecodable byte as a surrogate, PEP 383) is
    written back as its own bytes, what `ls` shows; any other lone surrogate as an escape."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    text = error.object[error.start : error.end]
    if all("\udc80" <= ch <= "\udcff" for ch in text):
        return bytes(ord(ch) - 0xDC00 for ch in text), error.end
    return text.encode("unicode_escape").decode("ascii"), error.end


codecs.register_error("ranoat-names", _file_name_bytes)


def _use_utf8(stream: IO[str]) -> None:
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(encoding="utf-8", errors="ranoat-names")


def _json(data: object) -> str:
    """JSON text for --json: a name's undecodable bytes as \\udcXX escapes (valid JSON, and
    `os.fsencode(json.loads(…))` gives the name's bytes back)."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return re.sub("[\ud800-\udfff]", lambda found: f"\\u{ord(found.group()):04x}", text)


def launch_gui() -> int:
    """Start the GUI registered in the `ranoat.gui` entry-point group."""
    found = metadata.entry_points(group="ranoat.gui", name="main")
    if not found:
        print("ranoat: chưa cài đặt giao diện (gói 'ui'); hãy cài đặt lại chương trình.", file=sys.stderr)
        return EXIT_USAGE
    start: Callable[[], int] = next(iter(found)).load()
    return start()


def _classify_command(options: argparse.Namespace) -> int:
    books = load_all()
    book = books.get(options.standard)
    if book is None:
        print(
            f"ranoat: không có chuẩn '{options.standard}'; các chuẩn có: {', '.join(books)}.",
            file=sys.stderr,
        )
        return EXIT_USAGE
    try:
        source = sys.stdin.buffer if options.file == "-" else open(options.file, "rb")  # noqa: SIM115
    except OSError as exc:
        print(f"ranoat: không mở được tệp {options.file}: {exc.strerror}", file=sys.stderr)
        return EXIT_USAGE
    failed = False
    with source:
        for output in classify_lines(book, source):
            failed = failed or "error" in output
            sys.stdout.write(json.dumps(output, ensure_ascii=False) + "\n")
    sys.stdout.flush()
    return EXIT_LINE_FAILED if failed else EXIT_OK


def classify_lines(book: Rulebook, source: IO[bytes]) -> Iterator[dict[str, Any]]:
    """One output record per non-blank input line, in order."""
    for number, raw in enumerate(source, start=1):
        if not raw.strip():
            continue
        yield classify_line(book, raw, number)


def classify_line(book: Rulebook, raw: bytes, number: int) -> dict[str, Any]:
    try:
        record = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return _error(None, InputErrorCode.INVALID_JSON, f"Dòng {number}: không phải văn bản UTF-8.")
    except json.JSONDecodeError as exc:
        return _error(
            None, InputErrorCode.INVALID_JSON, f"Dòng {number}: JSON không hợp lệ ({exc.msg}, cột {exc.colno})."
        )
    except ValueError as exc:  # e.g. an integer with more digits than Python converts
        return _error(None, InputErrorCode.INVALID_JSON, f"Dòng {number}: JSON không hợp lệ ({exc}).")
    if not isinstance(record, dict):
        return _error(None, InputErrorCode.INVALID_RECORD, f"Dòng {number}: mỗi dòng phải là một đối tượng JSON {{…}}.")
    household_id = record.get("id")
    if not isinstance(household_id, str) or not household_id:
        shown = household_id if isinstance(household_id, (int, float)) and not isinstance(household_id, bool) else None
        return _error(shown, InputErrorCode.INVALID_ID, f"Dòng {number}: thiếu 'id' hoặc 'id' không phải chuỗi.")
    unknown = sorted(set(record) - INPUT_FIELDS)
    if unknown:
        return _error(
            household_id,
            InputErrorCode.UNKNOWN_FIELD,
            f"Dòng {number}: trường không được hỗ trợ: {', '.join(unknown)} "
            f"(chỉ nhận: {', '.join(sorted(INPUT_FIELDS))}).",
        )
    average_living = record.get("average_living", True)
    if not isinstance(average_living, bool):
        return _error(
            household_id,
            InputErrorCode.INVALID_RECORD,
            f"Dòng {number}: 'average_living' phải là true hoặc false, nhận được {json.dumps(average_living)}.",
        )
    try:
        result = classify(
            book,
            area=record.get("area"),
            lacking=record.get("lacking"),
            b1=record.get("b1"),
            income=record.get("income"),
            region=record.get("region"),
            average_living=average_living,
        )
    except ClassificationError as exc:
        return _error(household_id, exc.code, f"Dòng {number}: {exc.message}")
    return {
        "id": household_id,
        "standard": result.standard,
        "category": result.category.value,
        "b2": result.b2,
        "lacking": list(result.lacking),
        "reasons": reasons(result, book),
        "rulebook_sha256": result.rulebook_sha256,
        "criteria": [
            {
                "key": c.key,
                "subject": c.subject,
                "value": c.value,
                "operator": c.operator,
                "threshold": c.threshold,
                "holds": c.holds,
                "confidence": c.confidence,
            }
            for c in result.criteria
        ],
    }


def _error(household_id: object, code: StrEnum, message: str) -> dict[str, Any]:
    return {"id": household_id, "error": {"code": code.value, "message": message}}


def _demo_command(options: argparse.Namespace) -> int:
    from pathlib import Path

    from ranoat.demo import create_demo
    from ranoat.storage.database import DatabaseError

    if options.households < 1:
        print("ranoat: --households phải là số nguyên dương.", file=sys.stderr)
        return EXIT_USAGE
    try:
        summary = create_demo(
            Path(options.out), households=options.households, seed=options.seed, commune_code=options.commune
        )
    except (FileExistsError, DatabaseError) as exc:
        print(f"ranoat: {exc}", file=sys.stderr)
        return EXIT_USAGE

    def rate(count: int) -> str:
        return format_number(round(100 * count / summary.households, 1)) + "%"

    print(
        f"Đã tạo {summary.path}: {format_number(summary.villages)} thôn, {format_number(summary.households)} hộ, "
        f"{format_number(summary.members)} nhân khẩu; hộ nghèo {format_number(summary.poor)} ({rate(summary.poor)}), "
        f"hộ cận nghèo {format_number(summary.near_poor)} ({rate(summary.near_poor)})."
    )
    return EXIT_OK


def _export_command(options: argparse.Namespace) -> int:
    from pathlib import Path

    from ranoat.domain.errors import OperationError
    from ranoat.operations.export import export_round, latest_round_id
    from ranoat.storage.database import DatabaseError, open_database

    try:
        with open_database(Path(options.db)) as database:
            result = export_round(database, latest_round_id(database), Path(options.out), load_all())
    except (DatabaseError, OperationError) as exc:
        print(f"ranoat: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as exc:  # disk full, a folder one may not write: nothing written, the database unchanged
        print(f"ranoat: không ghi được {options.out}: {exc.strerror}", file=sys.stderr)
        return EXIT_USAGE
    print(
        f"Đã ghi {result.path}: {format_number(result.households)} hộ, {format_number(result.members)} nhân khẩu; "
        f"các trang: {', '.join(result.sheets)}."
    )
    if result.seal_key_id:
        print(f"Đã niêm phong bằng khoá của xã (mã khoá {result.seal_key_id}).")
    else:
        print("Chưa niêm phong: xã chưa nhập khoá niêm phong do tỉnh cấp (ranoat seal set-key).")
    return EXIT_OK


def _seal_new_key_command(options: argparse.Namespace) -> int:
    from pathlib import Path

    from ranoat.excel.seal import key_id, key_text, new_key
    from ranoat.merge.seal import KeysFileError, add_key

    key = new_key()
    keys = Path(options.keys)
    try:
        replaced = add_key(keys, options.commune, key, replace=options.replace)
    except KeysFileError as exc:
        print(f"ranoat: {exc}", file=sys.stderr)
        return EXIT_USAGE
    print(f"Khoá niêm phong của xã {options.commune.strip()} (mã khoá {key_id(key)}):")
    print(key_text(key))
    print(
        f"Đã ghi vào {keys}" + (f", thay khoá cũ mã {replaced}" if replaced else "") + ". Trao khoá này cho xã theo "
        "đường an toàn; xã nhập một lần trong Thông tin xã (hoặc: ranoat seal set-key). Giữ kín tệp khoá."
    )
    return EXIT_OK


def _seal_set_key_command(options: argparse.Namespace) -> int:
    from pathlib import Path

    from ranoat.domain.errors import OperationError
    from ranoat.operations.seal import set_seal_key
    from ranoat.storage.database import DatabaseError, open_database

    text = sys.stdin.readline() if options.key == "-" else options.key
    try:
        with open_database(Path(options.db)) as database, database.session() as session:
            done = set_seal_key(session, text, replace=options.replace)
    except (DatabaseError, OperationError) as exc:
        print(f"ranoat: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if not done.changed:
        print(f"Xã đã có đúng khoá này (mã khoá {done.key_id}): không thay đổi gì.")
    elif done.replaced:
        print(f"Đã thay khoá niêm phong (mã khoá {done.replaced}) bằng khoá mã {done.key_id}.")
    else:
        print(f"Đã đặt khoá niêm phong (mã khoá {done.key_id}): từ nay mỗi lần xuất, sổ trao đổi được niêm phong.")
    return EXIT_OK


def _merge_command(options: argparse.Namespace) -> int:
    from pathlib import Path

    from ranoat.excel.document import WorkbookLimitError
    from ranoat.merge import Level, MergeSettings, merge_workbooks, write_merged
    from ranoat.merge.inputs import expand_inputs, output_conflict
    from ranoat.merge.seal import KeysFileError, SealKeys, read_keys

    keys: SealKeys | None = None
    if options.keys:
        try:
            keys = read_keys(Path(options.keys))
        except KeysFileError as exc:
            print(f"ranoat: {exc}", file=sys.stderr)
            return EXIT_USAGE

    named = [Path(f) for f in options.files]
    out = Path(options.out)
    if _resolved(out) is None:
        print(f"ranoat: không ghi được {out}: tên là một liên kết tượng trưng trỏ vòng về chính nó.", file=sys.stderr)
        return EXIT_USAGE
    # a symbolic link in a loop has no file behind it: kept as an input (rejected, with the reason) but
    # not compared with the output
    paths = expand_inputs(named)
    try:
        conflict = output_conflict([p for p in named if _resolved(p) is not None], out)
    except (RuntimeError, OSError):  # a loop among a folder's files: never write over any input
        target = _resolved(out)
        conflict = next(
            (f"Tệp kết quả {out} cũng là một tệp đầu vào: hãy chọn tên khác." for p in paths if _resolved(p) == target),
            None,
        )
    if conflict is not None:
        print(f"ranoat: {conflict}", file=sys.stderr)
        return EXIT_USAGE
    # an earlier merge's output in a folder given: replaced, not read
    paths = [p for p in paths if _resolved(p) != _resolved(out)]
    result = merge_workbooks(paths, load_all(), allow_mixed=options.allow_mixed, keys=keys)
    if result.merged_any:
        try:
            write_merged(result, out, MergeSettings(Level(options.level), options.name))
        except OSError as exc:
            print(f"ranoat: không ghi được {out}: {exc.strerror}", file=sys.stderr)
            return EXIT_USAGE
        except WorkbookLimitError as exc:  # a sheet Excel cannot hold: nothing written
            print(f"ranoat: {exc}", file=sys.stderr)
            return EXIT_USAGE
    if options.json:
        print(_json(merge_summary(result, out if result.merged_any else None)))
    else:
        for report in result.inputs:
            status = {"merged": "đã gộp", "rejected": "TỪ CHỐI", "duplicate_file": "tệp trùng"}[report.status.value]
            line = f"{report.path}: {status}"
            if report.seal is not None and report.seal.status.value == "verified":
                line += f" (niêm phong đã xác minh, mã khoá {report.seal.key_id})"
            print(f"{line} — {report.reason}" if report.reason else line)
        if result.keys_file is None:
            print("Không kiểm tra niêm phong (không có --keys): mã SHA-256 không chứng minh tệp do xã lập.")
        if result.merged_any:
            print(
                f"Đã ghi {out}: {format_number(len(result.communes))} xã, {format_number(result.household_count)} hộ, "
                f"{format_number(result.member_count)} nhân khẩu; {format_number(len(result.people))} nhóm người "
                "trùng giữa các xã cần xác minh (trang Kiểm tra)."
            )
    if not result.merged_any:
        print("ranoat: không gộp được tệp nào; không ghi tệp tổng hợp.", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK


def _resolved(path: Any) -> Any:
    """``path`` resolved, or None for a symbolic link in a loop (RuntimeError on Python 3.11, OSError
    later)."""
    try:
        return path.resolve()
    except (RuntimeError, OSError):
        return None


def merge_summary(result: Any, out: Any) -> dict[str, Any]:
    """The `ranoat merge --json` summary (docs/cli.md)."""
    return {
        "out": str(out) if out is not None else None,
        "inputs": [
            {
                "file": str(r.path),
                "status": r.status.value,
                "code": r.code or None,
                "reason": r.reason or None,
                "warnings": r.warnings,
                "communes": r.communes,
                "households": r.households,
                "members": r.members,
                "seal": _seal_summary(r.seal),
            }
            for r in result.inputs
        ],
        "keys": str(result.keys_file) if result.keys_file is not None else None,
        "standard": result.standard_id,
        "round_year": result.round_year,
        "households": result.household_count,
        "members": result.member_count,
        "communes": [
            {
                "code": c.code,
                "name": c.name,
                "households": len(c.households),
                "members": len(c.members),
                "file": str(c.source.path),
            }
            for c in result.communes
        ],
        "duplicate_people": [
            {
                "rule": d.rule,
                "people": [
                    {
                        "commune_code": p.commune_code,
                        "household_code": p.household_code,
                        "full_name": p.full_name,
                        "birth": p.birth,
                        "cccd": p.cccd or None,
                    }
                    for p in d.people
                ],
            }
            for d in result.people
        ],
        "duplicate_households": len(result.households),
        "totals_mismatch": [t.commune_code for t in result.totals if t.agrees is False],
    }


def _seal_summary(check: Any) -> dict[str, Any] | None:
    """An input's seal in `ranoat merge --json` (docs/cli.md); None when the file was not read."""
    if check is None:
        return None
    return {
        "status": check.status.value,
        "sealed": check.sealed,
        "key_id": check.key_id,
        "expected_key_id": check.expected_key_id,
    }


def _import_command(options: argparse.Namespace) -> int:
    """An exchange workbook may be imported into a database that does not exist yet: it carries
    the commune, so the database is built for it under a temporary name and given its name only
    once the import is complete (`build_database`) — nothing of anyone else is ever removed."""
    from pathlib import Path

    from ranoat.importing.sheet import ImportFileError
    from ranoat.operations.importing import is_exchange

    create = False
    if not Path(options.db).exists():
        try:
            create = is_exchange(Path(options.file))
        except ImportFileError as exc:  # the file's own message, not "no such database"
            print(f"ranoat: {exc}", file=sys.stderr)
            return EXIT_LINE_FAILED
    return _import_into(options, create=create)


@contextmanager
def _import_database(options: argparse.Namespace, *, create: bool) -> Iterator[tuple[Database, NewDatabase | None]]:
    """The database to import into, and the database being built (None when it exists already).

    A dry run works on a copy in a temporary folder (or on a new database there), removed
    afterwards: the original is not locked, backed up or upgraded, and no file is left anywhere. A
    real import opens without the backup on opening: `run_import` makes its own right before the
    write, and keeps it only if the write is committed.
    """
    from pathlib import Path

    from ranoat.storage.database import build_database, open_database, open_snapshot

    db = Path(options.db)
    if options.dry_run:
        with tempfile.TemporaryDirectory(prefix="ranoat-dry-run-") as folder:
            scratch = Path(folder)
            copy = open_database(scratch / db.name, create=True, backup=False) if create else open_snapshot(db, scratch)
            with copy as database:
                yield database, None
    elif create:
        with build_database(db) as new:
            yield new.database, new
    else:
        with open_database(db, backup=False) as database:
            yield database, None


def _import_into(options: argparse.Namespace, *, create: bool) -> int:
    from pathlib import Path

    from ranoat.domain.errors import OperationError
    from ranoat.importing.mapping import MappingFileError
    from ranoat.importing.plan import Choice
    from ranoat.importing.sheet import ImportFileError
    from ranoat.operations.importing import prepare_import, run_import
    from ranoat.storage.database import DatabaseError

    try:
        with _import_database(options, create=create) as (database, building):
            plan = prepare_import(
                database,
                Path(options.file),
                load_all(),
                mapping_file=Path(options.mapping) if options.mapping else None,
                sheet=options.sheet,
            )
            plan.choose_all(Choice(options.on_match))
            problems = [plan.problem_text(p) for p in plan.problems]
            summary: dict[str, Any] = {
                "file": str(options.file),
                "households": len(plan.households),
                "matches": len(plan.matches),
                "errors": [plan.problem_text(p) for p in plan.errors],
                "warnings": [plan.problem_text(p) for p in plan.problems if p.severity == "warning"],
                # the rows that are not households (totals, blank rows, repeated headers), each located
                "skipped_rows": [plan.problem_text(p) for p in plan.skipped],
                "status_source": plan.status_source or None,
            }
            if plan.errors:
                if options.json:
                    print(_json({**summary, "imported": False}))
                else:
                    for line in problems:
                        print(line, file=sys.stderr)
                    print(
                        f"ranoat: {len(plan.errors)} lỗi trong {options.file}; chưa ghi gì vào cơ sở dữ liệu.",
                        file=sys.stderr,
                    )
                return EXIT_LINE_FAILED
            if options.dry_run:
                if options.json:
                    print(_json({**summary, "imported": False}))
                else:
                    for line in problems:
                        print(line)
                    print(
                        f"Kiểm tra xong {options.file}: {format_number(len(plan.households))} hộ, "
                        f"{format_number(len(plan.matches))} hộ đã có "
                        "trong cơ sở dữ liệu; không có lỗi. Chưa ghi gì (--dry-run)."
                    )
                return EXIT_OK
            report = run_import(database, plan, backup=building is None)  # a new database: nothing to back up
            if building is not None:
                building.publish()
    except (DatabaseError, OperationError, ImportFileError, MappingFileError) as exc:
        print(f"ranoat: {exc}", file=sys.stderr)
        return EXIT_LINE_FAILED if isinstance(exc, (ImportFileError, MappingFileError)) else EXIT_USAGE
    if options.json:
        result = {
            **summary,
            "imported": True,
            "added": report.households_added,
            "updated": report.households_updated,
            "skipped": report.households_skipped,
            "members_added": report.members_added,
            "villages_created": report.villages_created,
            "round_year": report.round_year,
            "poor": report.poor,
            "near_poor": report.near_poor,
            "codes_changed": report.codes_changed,
            "backup": report.backup,
        }
        print(_json(result))
        return EXIT_OK
    for line in problems:
        print(line)
    print(report.summary())
    for old, new in report.codes_changed:
        print(f"  Mã hộ {old} đã có trong cơ sở dữ liệu: hộ mới được đặt mã {new}.")
    if report.backup:
        print(f"Bản sao lưu trước khi nhập: {report.backup}")
    return EXIT_OK


def _standards_command(options: argparse.Namespace) -> int:
    books = load_all()
    today = dt.date.today()
    if options.json:
        listing = [
            {
                "id": book.id,
                "title": book.model.title.vi,
                "valid_from": book.model.validity.valid_from.isoformat(),
                "valid_to": book.model.validity.valid_to.isoformat(),
                "in_force": book.in_force_on(today),
                "legal_basis": [doc.document for doc in book.model.legal_basis],
                "sha256": book.sha256,
                "missing": [{"key": m.key, "vi": m.vi, "en": m.en} for m in book.missing()],
            }
            for book in books.values()
        ]
        print(json.dumps(listing, ensure_ascii=False, indent=2))
        return EXIT_OK
    for book in books.values():
        validity = book.model.validity
        state = " — đang có hiệu lực" if book.in_force_on(today) else ""
        print(f"{book.id}  {book.model.title.vi}")
        print(f"  Hiệu lực: {format_date(validity.valid_from)} – {format_date(validity.valid_to)}{state}")
        print(f"  Căn cứ: {'; '.join(doc.document for doc in book.model.legal_basis)}")
        print(f"  SHA-256: {book.sha256}")
        missing = book.missing()
        if missing:
            print(f"  Còn thiếu ({len(missing)}):")
            for item in missing:
                print(f"    - {item.vi} [{item.key}]")
        else:
            print("  Còn thiếu: không")
        print()
    return EXIT_OK
