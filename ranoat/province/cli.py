"""`ranoat province load|status|export|history` (docs/cli.md, docs/province.md)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from ranoat.domain.vietnamese import format_number

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2

STORE_HELP = (
    "kho dữ liệu của tỉnh: đường dẫn tệp SQLite (mặc định province.sqlite3 trong thư mục dữ liệu của người "
    "dùng) hoặc postgresql+psycopg://người_dùng@máy:cổng/cơ_sở (mật khẩu: biến môi trường RANOAT_STORE_PASSWORD)"
)


def add_province_commands(commands: Any) -> None:
    province = commands.add_parser(
        "province",
        help="kho dữ liệu của tỉnh: nạp sổ của các xã, xem đã nạp gì, xuất sổ tổng hợp",
        description="Kho dữ liệu của tỉnh (SQLite hoặc PostgreSQL) giữ sổ trao đổi của mọi xã qua các đợt rà soát.",
    )
    sub = province.add_subparsers(dest="province_command", required=True, metavar="LỆNH")
    load = sub.add_parser("load", help="nạp các sổ trao đổi của xã vào kho (qua mọi kiểm tra của gộp sổ)")
    load.add_argument("--store", default=None, metavar="KHO", help=STORE_HELP)
    load.add_argument("files", nargs="+", metavar="FILE.xlsx", help="các sổ trao đổi (hoặc thư mục chứa chúng)")
    load.add_argument("--keys", default=None, metavar="KHOÁ.csv", help="tệp khoá niêm phong của tỉnh")
    load.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    load.add_argument(
        "--workers",
        type=int,
        default=None,
        metavar="N",
        help="số tiến trình kiểm tra các sổ song song (mặc định: số nhân CPU, tối đa 4, khi có từ 8 sổ)",
    )
    load.set_defaults(run=_load)
    status = sub.add_parser(
        "status", help="các sổ đã nạp (xã, đợt, thời điểm xuất, số hộ, mã kiểm tra) và xã còn thiếu"
    )
    status.add_argument("--store", default=None, metavar="KHO", help=STORE_HELP)
    status.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    status.set_defaults(run=_status)
    export = sub.add_parser("export", help="ghi sổ tổng hợp (danh sách, biểu 7.1–7.10, trang kiểm tra) từ kho")
    export.add_argument("--store", default=None, metavar="KHO", help=STORE_HELP)
    export.add_argument("--year", type=int, required=True, metavar="NĂM", help="năm của đợt rà soát")
    export.add_argument(
        "--kind",
        default="periodic",
        metavar="LOẠI",
        help="loại đợt (periodic: định kỳ, mặc định; general: tổng rà soát; regular: thường xuyên)",
    )
    export.add_argument("--commune", action="append", default=[], metavar="MÃ", help="chỉ các xã này (lặp lại được)")
    export.add_argument("--out", required=True, metavar="MERGED.xlsx", help="tệp Excel tổng hợp sẽ ghi")
    export.add_argument("--level", choices=["province", "district", "cluster"], default="province", help="cấp tổng hợp")
    export.add_argument("--name", default="", metavar="TÊN", help="tên đơn vị tổng hợp")
    export.add_argument(
        "--forms-only",
        action="store_true",
        help="chỉ ghi các biểu 7.1–7.10 (đọc lần lượt từng xã, không giữ cả tỉnh trong bộ nhớ: dùng cho cả tỉnh)",
    )
    export.set_defaults(run=_export)
    history = sub.add_parser("history", help="một hộ qua các đợt rà soát (mã hộ của xã không đổi)")
    history.add_argument("--store", default=None, metavar="KHO", help=STORE_HELP)
    history.add_argument("--commune", required=True, metavar="MÃ", help="mã xã")
    history.add_argument("--household", required=True, metavar="MÃ_HỘ", help="mã hộ")
    history.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    history.set_defaults(run=_history)


def _open(options: argparse.Namespace) -> Any:
    from ranoat.province.store import StoreError, open_store

    try:
        return open_store(options.store)
    except StoreError as exc:
        print(f"ranoat: {exc}", file=sys.stderr)
        return None


def _load(options: argparse.Namespace) -> int:
    from ranoat.merge.inputs import expand_inputs
    from ranoat.merge.seal import KeysFileError, read_keys
    from ranoat.province.load import default_workers, load_files
    from ranoat.province.store import StoreError
    from ranoat.rules.rulebook import load_all

    keys = None
    if options.keys:
        try:
            keys = read_keys(Path(options.keys))
        except KeysFileError as exc:
            print(f"ranoat: {exc}", file=sys.stderr)
            return EXIT_USAGE
    store = _open(options)
    if store is None:
        return EXIT_USAGE
    try:
        inputs = expand_inputs([Path(f) for f in options.files])
        workers = default_workers(len(inputs)) if options.workers is None else max(1, options.workers)
        reports = load_files(store, inputs, load_all(), keys=keys, workers=workers)
    except StoreError as exc:
        print(f"ranoat: {exc}", file=sys.stderr)
        return EXIT_FAILED
    finally:
        store.close()
    if options.json:
        summary = {
            "store": store.name,
            "inputs": [
                {
                    "file": str(r.path),
                    "status": {"merged": "loaded"}.get(r.status.value, r.status.value),
                    "code": r.code or None,
                    "reason": r.reason or None,
                    "warnings": r.warnings,
                    "communes": r.communes,
                    "households": r.households,
                    "members": r.members,
                }
                for r in reports
            ],
        }
        print(json.dumps(summary, ensure_ascii=False, indent=2))
    else:
        for report in reports:
            word = {"merged": "đã nạp", "rejected": "TỪ CHỐI", "duplicate_file": "đã có, không đổi"}[
                report.status.value
            ]
            line = f"{report.path}: {word}"
            if report.status.value == "merged":
                line += f" ({format_number(report.households)} hộ, {format_number(report.members)} nhân khẩu)"
            print(f"{line} — {report.reason}" if report.reason else line)
    return EXIT_OK if all(r.status.value != "rejected" for r in reports) else EXIT_FAILED


def _status(options: argparse.Namespace) -> int:
    from ranoat.province.answers import status

    store = _open(options)
    if store is None:
        return EXIT_USAGE
    try:
        found = status(store)
    finally:
        store.close()
    if options.json:
        print(
            json.dumps(
                {
                    "store": store.name,
                    "loaded": [item.__dict__ for item in found.loaded],
                    "missing": [
                        {
                            "round_year": y,
                            "round_kind": k,
                            "round_month": m or None,
                            "communes": [{"code": c, "name": n} for c, n in who],
                        }
                        for (y, k, m), who in found.missing.items()
                    ],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return EXIT_OK
    print(f"Kho {store.name}: {format_number(len(found.loaded))} sổ đang dùng.")
    for item in found.loaded:
        old = f", {item.history} bản cũ" if item.history else ""
        print(
            f"{item.round_year} {item.round_kind}: {item.commune_name} ({item.commune_code}), xuất lúc "
            f"{item.exported_at or 'không rõ'}, {format_number(item.households)} hộ, "
            f"SHA-256 {item.data_sha256[:12]}…{old}"
        )
    for (year, kind, _), who in found.missing.items():
        if who:
            names = ", ".join(f"{n} ({c})" for c, n in who)
            print(f"Đợt {year} {kind}: còn thiếu {format_number(len(who))} xã: {names}")
    return EXIT_OK


def _export(options: argparse.Namespace) -> int:
    from ranoat.excel.document import WorkbookLimitError
    from ranoat.merge import Level, MergeSettings, write_merged
    from ranoat.province.answers import merged_result
    from ranoat.rules.rulebook import load_all

    if options.forms_only:
        return _export_forms(options)
    store = _open(options)
    if store is None:
        return EXIT_USAGE
    try:
        result = merged_result(store, load_all(), year=options.year, kind=options.kind, codes=options.commune)
    finally:
        store.close()
    if not result.communes:
        print(
            f"ranoat: kho {store.name} không có sổ nào của đợt {options.year} {options.kind}"
            f"{' cho các xã đã chọn' if options.commune else ''}; không ghi tệp.",
            file=sys.stderr,
        )
        return EXIT_USAGE
    missing = sorted(set(options.commune) - {c.code for c in result.communes})
    if missing:
        print(
            f"ranoat: kho chưa có sổ của xã {', '.join(missing)} cho đợt {options.year}: không ghi tệp.",
            file=sys.stderr,
        )
        return EXIT_USAGE
    out = Path(options.out)
    try:
        write_merged(result, out, MergeSettings(Level(options.level), options.name))
    except OSError as exc:
        print(f"ranoat: không ghi được {out}: {exc.strerror}", file=sys.stderr)
        return EXIT_USAGE
    except WorkbookLimitError as exc:
        print(f"ranoat: {exc}", file=sys.stderr)
        return EXIT_USAGE
    print(
        f"Đã ghi {out}: {format_number(len(result.communes))} xã, {format_number(result.household_count)} hộ, "
        f"{format_number(result.member_count)} nhân khẩu; {format_number(len(result.people))} nhóm người trùng giữa "
        "các xã cần xác minh (trang Kiểm tra)."
    )
    return EXIT_OK


def _export_forms(options: argparse.Namespace) -> int:
    from ranoat.merge import Level
    from ranoat.province.forms import province_forms, write_forms
    from ranoat.rules.rulebook import load_all

    store = _open(options)
    if store is None:
        return EXIT_USAGE
    try:
        result = province_forms(store, load_all(), year=options.year, kind=options.kind, codes=options.commune)
    finally:
        store.close()
    missing = sorted(set(options.commune) - {c.unit.code for c in result.communes})
    if not result.communes or missing:
        which = f" của xã {', '.join(missing)}" if missing else ""
        print(
            f"ranoat: kho {store.name} chưa có sổ{which} cho đợt {options.year} {options.kind}: không ghi tệp.",
            file=sys.stderr,
        )
        return EXIT_USAGE
    out = Path(options.out)
    try:
        write_forms(result, out, Level(options.level), options.name)
    except OSError as exc:
        print(f"ranoat: không ghi được {out}: {exc.strerror}", file=sys.stderr)
        return EXIT_USAGE
    print(
        f"Đã ghi {out}: biểu 7.1–7.10 của {format_number(len(result.communes))} xã, "
        f"{format_number(result.household_count)} hộ, {format_number(result.member_count)} nhân khẩu."
    )
    return EXIT_OK


def _history(options: argparse.Namespace) -> int:
    from ranoat.province.answers import household_history
    from ranoat.rules.explain import CATEGORY_NAMES

    words = {str(category.value): name for category, name in CATEGORY_NAMES.items()}

    store = _open(options)
    if store is None:
        return EXIT_USAGE
    try:
        entries = household_history(store, options.commune, options.household)
    finally:
        store.close()
    if options.json:
        print(json.dumps([e.__dict__ for e in entries], ensure_ascii=False, indent=2))
    else:
        if not entries:
            print(f"Kho không có hộ {options.household} của xã {options.commune}.")
        for e in entries:
            where = f" — {e.head_name or ''}, {e.village_name or ''}" if e.source == "export" else ""
            scores = f", B1 {e.b1}, B2 {e.b2}" if e.b1 is not None or e.b2 is not None else ""
            earlier = f" (theo sổ xuất lúc {e.exported_at}: đợt trước của xã)" if e.source == "earlier" else ""
            print(
                f"{e.round_year} {e.round_kind}: đầu kỳ {words.get(e.start_category or '', 'không có')}"
                f" → {words.get(e.result_category or '', 'chưa có kết quả')}"
                f"{' (' + e.transition + ')' if e.transition else ''}{scores}{where}{earlier}"
            )
    return EXIT_OK if entries else EXIT_FAILED
