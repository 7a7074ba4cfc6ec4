"""Hostile-input campaign (issue #16): mutations of real exports run through `ranoat import` and
`ranoat merge`, each in a process of its own, with its peak memory and wall time.

    uv run python bench/bench_hostile.py                      # every family (about 10 min on 2 cores)
    uv run python bench/bench_hostile.py --families corrupt names --offsets 20 --verbose

Not a timed test: a script, like the others in bench/. It builds a demo commune (`ranoat demo`),
its exchange workbook (`ranoat export`) and its official list (the generator of
`bench/bench_import.py`), then makes hostile variants of both:

- **dimension**: a declared ``<dimension ref="A1:XFD1048576">`` on a list sheet, a data sheet, the metadata;
- **far-cell**: one cell at XFD1048576 or ALL200000;
- **merged**: 1,000 merged ranges A2:GR20000; 25,000 small ones;
- **zip-bomb**: a sheet unpacking to 80 MB or 1 GB of filler, shared strings of 300 MB, a zip listing
  12,000 members, a dense sheet of several million cells (a large file that is no bomb by its ratio);
- **corrupt**: one byte inverted at many offsets (evenly spread and at the zip's headers), truncations,
  the central directory's version bytes;
- **types**: odd values with the checksum computed again (text, 10^20, dates, flags in number columns);
- **names**: a name that is not UTF-8, a newline in the name, 200 characters, a symbolic link in a loop,
  a folder named .xlsx, an empty file.

Each file goes through three commands: `ranoat import --dry-run` (the exchange reader, or the list reader
for a list), `ranoat import --dry-run --sheet NAME` (the list reader on a sheet of the file) and
`ranoat merge FILE --out OUT`. Each run's peak resident memory comes from `os.wait4` (the child's
own ``ru_maxrss``), its time from the wall clock; a run beyond `--timeout` is killed and counted.
A run passes when its peak memory is ≤ 500 MB and its time ≤ 30 s (for inputs ≤ 50 MB), no
"Traceback" is in its output and its exit status is a documented one (import: 0, 1; merge: 0, 2).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchutil import bench_env, markdown_table, print_machine_facts, print_section, ranoat_command

MEMORY_LIMIT_MB = 500
TIME_LIMIT_S = 30
SIZE_LIMIT = 50 * 1024 * 1024
EXPECTED = {"import": {0, 1}, "import-sheet": {0, 1}, "merge": {0, 2}}


@dataclass
class Case:
    family: str
    name: str
    path: Path
    sheet: str = "DS hộ nghèo"  # the list sheet the "import-sheet" run reads

    @property
    def commands(self) -> tuple[str, ...]:
        """A list is read by the list reader in the plain import already: no second import of it."""
        if self.sheet == "DS":
            return ("import", "merge")
        return ("import", "import-sheet", "merge")


@dataclass
class Run:
    case: Case
    command: str
    status: int
    seconds: float
    peak_mb: float
    traceback: bool
    killed: bool
    size: int
    said: str = ""

    @property
    def ok(self) -> bool:
        within = self.size > SIZE_LIMIT or (self.peak_mb <= MEMORY_LIMIT_MB and self.seconds <= TIME_LIMIT_S)
        return within and not self.traceback and not self.killed and self.status in EXPECTED[self.command]


@dataclass
class Base:
    folder: Path
    db: Path
    exchange: Path
    listing: Path
    members: dict[str, bytes] = field(default_factory=dict)


# ----------------------------------------------------------------------------- zip surgery
def _members(path: Path) -> list[tuple[zipfile.ZipInfo, bytes]]:
    with zipfile.ZipFile(path) as archive:
        return [(info, archive.read(info)) for info in archive.infolist()]


def _rewrite(source: Path, out: Path, change: Callable[[str, bytes], bytes | None], *, level: int = 6) -> Path:
    """``source`` with each member passed through ``change`` (None: left out)."""
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as target:
        for info, data in _members(source):
            changed = change(info.filename, data)
            if changed is not None:
                target.writestr(info.filename, changed)
    return out


def _sheet_of(path: Path, title: str) -> str:
    """The zip member of the worksheet named ``title``."""
    with zipfile.ZipFile(path) as archive:
        book = archive.read("xl/workbook.xml").decode()
        rels = archive.read("xl/_rels/workbook.xml.rels").decode()
    found = re.search(r'<sheet name="' + re.escape(title) + r'"[^>]*r:id="(rId\d+)"', book)
    assert found, title
    target = re.search(r'Id="' + found.group(1) + r'"[^>]*Target="([^"]+)"', rels)
    if target is None:
        target = re.search(r'Target="([^"]+)"[^>]*Id="' + found.group(1) + '"', rels)
    assert target, found.group(1)
    return "xl/" + target.group(1).lstrip("/").removeprefix("xl/")


def _in_sheet(source: Path, out: Path, member: str, change: Callable[[bytes], bytes], *, level: int = 6) -> Path:
    return _rewrite(source, out, lambda name, data: change(data) if name == member else data, level=level)


def _dimension(data: bytes, ref: bytes) -> bytes:
    if re.search(rb"<dimension ", data):
        return re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="' + ref + b'"', data)
    return data.replace(b"<sheetData", b'<dimension ref="' + ref + b'"/><sheetData', 1)


def _far_cell(data: bytes, ref: bytes) -> bytes:
    row = re.match(rb"[A-Z]+([0-9]+)", ref)
    assert row
    cell = b'<row r="' + row.group(1) + b'"><c r="' + ref + b'" t="inlineStr"><is><t>x</t></is></c></row>'
    return data.replace(b"</sheetData>", cell + b"</sheetData>", 1)


def _merges(data: bytes, refs: Iterator[bytes], count: int) -> bytes:
    cells = b"".join(b'<mergeCell ref="' + ref + b'"/>' for ref in refs)
    block = b'<mergeCells count="%d">' % count + cells + b"</mergeCells>"
    data = re.sub(rb"<mergeCells.*?</mergeCells>", b"", data, flags=re.S)
    return data.replace(b"</sheetData>", b"</sheetData>" + block, 1)


def _filler_member(source: Path, out: Path, member: str, megabytes: int) -> Path:
    """``member`` preceded by ``megabytes`` MB of an XML comment, streamed into the zip."""
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for info, data in _members(source):
            if info.filename != member:
                target.writestr(info.filename, data)
                continue
            head, _, tail = data.partition(b"<sheetData")
            with target.open(info.filename, "w", force_zip64=True) as stream:
                stream.write(head + b"<!--")
                block = b" " * (1024 * 1024)
                for _ in range(megabytes):
                    stream.write(block)
                stream.write(b"-->" + b"<sheetData" + tail)
    return out


def _dense(source: Path, out: Path, member: str, rows: int, columns: int) -> Path:
    """A list sheet of ``rows`` × ``columns`` distinct numbers: large, but no bomb by its ratio."""
    letters = [chr(ord("A") + c) for c in range(columns)]
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target:
        for info, data in _members(source):
            if info.filename != member:
                target.writestr(info.filename, data)
                continue
            data = re.sub(rb"<dimension[^>]*/>", b"", data)
            head, _, tail = data.partition(b"</sheetData>")
            with target.open(info.filename, "w", force_zip64=True) as stream:
                stream.write(head)
                for first in range(100_000, 100_000 + rows, 5_000):
                    stream.write(
                        "".join(
                            f'<row r="{r}">'
                            + "".join(f'<c r="{x}{r}"><v>{r * 7 + i}</v></c>' for i, x in enumerate(letters))
                            + "</row>"
                            for r in range(first, first + 5_000)
                        ).encode()
                    )
                stream.write(b"</sheetData>" + tail)
    return out


def _many_members(out: Path, count: int) -> Path:
    with zipfile.ZipFile(out, "w") as archive:
        for index in range(count):
            archive.writestr(f"xl/x{index}.xml", b"")
    return out


# ----------------------------------------------------------------------------- the base files
def build_base(folder: Path, households: int) -> Base:
    from bench_import import write_official_list

    db, exchange, listing = folder / "xa.sqlite3", folder / "so-trao-doi.xlsx", folder / "danh-sach.xlsx"
    env = bench_env(folder)
    subprocess.run(
        [*ranoat_command(), "demo", "--households", str(households), "--out", str(db)],
        check=True,
        env=env,
        capture_output=True,
    )
    subprocess.run(
        [*ranoat_command(), "export", "--db", str(db), "--out", str(exchange)], check=True, env=env, capture_output=True
    )
    write_official_list(db, listing)
    return Base(folder, db, exchange, listing)


def _resealed(source: Path, out: Path, sheet: str, column: str, value: Any) -> Path:
    """One cell changed and the checksum computed again (as in tests/hostile/test_odd_inputs.py)."""
    import openpyxl
    from python_calamine import CalamineWorkbook

    from ranoat.excel.exchange import FORMAT_VERSION, checksum_v2
    from ranoat.excel.reader import ExchangeError, _layout, _rows, read_exchange

    book = openpyxl.load_workbook(source)
    if sheet == "metadata":
        keys = [c.value for c in book[sheet]["A"]]
        book[sheet].cell(keys.index(column) + 1, 2).value = value
    else:
        header = [c.value for c in book[sheet][1]]
        book[sheet].cell(2, header.index(column) + 1).value = value
    book.save(out)
    try:
        loaded = read_exchange(out, verify=False)
    except ExchangeError:  # refused before any checksum (format_version): left as it is
        return out
    calamine = CalamineWorkbook.from_path(str(out))
    layout = _layout(False, FORMAT_VERSION)
    rows = {name: _rows(out, calamine, name, columns) for name, columns, _ in layout}
    calamine.close()
    checksum = checksum_v2(loaded.metadata, [(name, rows[name]) for name, _, _ in layout])
    for cells in book["metadata"].iter_rows():
        if cells[0].value == "data_sha256":
            cells[1].value = checksum
    book.save(out)
    return out


def cases(base: Base, families: set[str], offsets: int, seed: int) -> Iterator[Case]:  # noqa: C901
    folder = base.folder / "cases"
    folder.mkdir(exist_ok=True)
    e, lst = base.exchange, base.listing
    list_sheet = _sheet_of(e, "DS hộ nghèo")
    data_sheet = _sheet_of(e, "data_households")
    meta_sheet = _sheet_of(e, "metadata")
    own_sheet = _sheet_of(lst, "DS")

    def at(name: str) -> Path:
        return folder / name

    if "dimension" in families:
        for label, source, member, sheet in (
            ("list-sheet", e, list_sheet, "DS hộ nghèo"),
            ("data-sheet", e, data_sheet, "DS hộ nghèo"),
            ("metadata", e, meta_sheet, "DS hộ nghèo"),
            ("own-list", lst, own_sheet, "DS"),
        ):
            path = _in_sheet(source, at(f"dim-{label}.xlsx"), member, lambda d: _dimension(d, b"A1:XFD1048576"))
            yield Case("dimension", f"A1:XFD1048576 on {label}", path, sheet)
    if "far-cell" in families:
        for ref in (b"XFD1048576", b"ALL200000"):
            for label, source, member, sheet in (
                ("list-sheet", e, list_sheet, "DS hộ nghèo"),
                ("own-list", lst, own_sheet, "DS"),
            ):
                path = _in_sheet(
                    source, at(f"far-{ref.decode()}-{label}.xlsx"), member, lambda d, r=ref: _far_cell(d, r)
                )
                yield Case("far-cell", f"{ref.decode()} on {label}", path, sheet)
    if "merged" in families:
        big = _in_sheet(
            lst,
            at("merged-big.xlsx"),
            own_sheet,
            lambda d: _merges(_far_cell(d, b"GR20000"), iter([b"A2:GR20000"] * 1000), 1000),
        )
        yield Case("merged", "1,000 × A2:GR20000 on own-list", big, "DS")
        small = (f"A{r}:B{r + 1}".encode() for r in range(10, 50_010, 2))
        path = _in_sheet(lst, at("merged-many.xlsx"), own_sheet, lambda d: _merges(d, small, 25_000))
        yield Case("merged", "25,000 small ranges on own-list", path, "DS")
        path = _in_sheet(e, at("merged-data.xlsx"), data_sheet, lambda d: _merges(d, iter([b"A2:Z5000"] * 500), 500))
        yield Case("merged", "500 × A2:Z5000 on data_households", path)
    if "zip-bomb" in families:
        yield Case("zip-bomb", "80 MB filler in a list sheet", _filler_member(e, at("bomb-80.xlsx"), list_sheet, 80))
        yield Case("zip-bomb", "1 GB filler in a list sheet", _filler_member(e, at("bomb-1g.xlsx"), list_sheet, 1024))
        strings = (
            b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            + b"<si><t>"
            + b"a" * (300 * 1024 * 1024)
            + b"</t></si></sst>"
        )
        yield Case(
            "zip-bomb",
            "300 MB shared string",
            _rewrite(e, at("bomb-strings.xlsx"), lambda n, d: strings if n == "xl/sharedStrings.xml" else d, level=9),
        )
        yield Case("zip-bomb", "12,000 zip members", _many_members(at("bomb-members.xlsx"), 12_000))
        yield Case(
            "zip-bomb", "dense 600,000 × 8 list", _dense(lst, at("dense-list.xlsx"), own_sheet, 600_000, 8), "DS"
        )
        yield Case(
            "zip-bomb", "dense 1,000,000 × 10 data sheet", _dense(e, at("dense-data.xlsx"), data_sheet, 1_000_000, 10)
        )
    if "corrupt" in families:
        random.seed(seed)
        for label, source, sheet in (("exchange", e, "DS hộ nghèo"), ("own-list", lst, "DS")):
            data = source.read_bytes()
            spots = sorted(
                {
                    *(len(data) * i // offsets for i in range(offsets)),
                    *(m.start() + 6 for m in re.finditer(b"PK\x01\x02", data)),
                }
            )
            spots = sorted(random.sample(spots, offsets + 4)) if len(spots) > offsets + 4 else spots
            for spot in spots:
                mutated = bytearray(data)
                mutated[spot] ^= 0xFF
                path = at(f"byte-{label}-{spot}.xlsx")
                path.write_bytes(bytes(mutated))
                yield Case("corrupt", f"{label}: byte {spot} of {len(data)} inverted", path, sheet)
            for cut in (0.1, 0.5, 0.999):
                path = at(f"cut-{label}-{cut}.xlsx")
                path.write_bytes(data[: int(len(data) * cut)])
                yield Case("corrupt", f"{label}: cut at {cut:.1%}", path, sheet)
            central = data.rfind(b"PK\x01\x02")
            mutated = bytearray(data)
            mutated[central + 5] = mutated[central + 6] = 0x15
            path = at(f"version-{label}.xlsx")
            path.write_bytes(bytes(mutated))
            yield Case("corrupt", f"{label}: central directory version 21.1", path, sheet)
    if "types" in families:
        for sheet, column, value in (
            ("metadata", "round_year", "năm 2025"),
            ("metadata", "round_year", 99999),
            ("metadata", "round_year", 10**20),
            ("metadata", "format_version", "hai"),
            ("metadata", "household_rows", -1),
            ("data_members", "position", "một"),
            ("data_members", "position", 10**20),
            ("data_members", "birth_year", 1.5),
            ("data_households", "member_count", "nhiều"),
            ("data_households", "person_of_merit", 7),
            ("data_surveys", "income", 10**19),
            ("data_rounds", "year", "2025"),
        ):
            path = _resealed(e, at(f"type-{sheet}-{column}-{str(value)[:12]}.xlsx"), sheet, column, value)
            yield Case("types", f"{sheet}.{column} = {value!r}", path)
    if "names" in families:
        raw = os.fsencode(folder)
        odd = Path(os.fsdecode(raw + b"/\xff\xfe t\xean.xlsx"))
        shutil.copyfile(e, odd)
        yield Case("names", "name not UTF-8 (good file)", odd)
        broken = Path(os.fsdecode(raw + b"/\xff h\xf4ng.xlsx"))
        broken.write_bytes(e.read_bytes()[:5000])
        yield Case("names", "name not UTF-8 (cut file)", broken)
        newline = at("dong\nmoi.xlsx")
        shutil.copyfile(lst, newline)
        yield Case("names", "newline in the name (list)", newline, "DS")
        long = at("d" * 190 + ".xlsx")
        shutil.copyfile(e, long)
        yield Case("names", "200-character name", long)
        loop = at("vong.xlsx")
        loop.symlink_to(at("vong2.xlsx"))
        at("vong2.xlsx").symlink_to(loop)
        yield Case("names", "symbolic link in a loop", loop)
        folder_named = at("thu-muc.xlsx")
        folder_named.mkdir()
        yield Case("names", "a folder named .xlsx", folder_named)
        empty = at("rong.xlsx")
        empty.write_bytes(b"")
        yield Case("names", "empty file", empty)


# ----------------------------------------------------------------------------- running
class Launcher:
    """A small process started before any file is made, which starts each run and waits for it with
    `os.wait4`. Linux keeps a process's peak RSS across fork and exec: children forked from this
    script, once it has built a 300 MB string, would all report 300 MB and more."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, __file__, "--launcher"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )

    def run(self, command: list[str], env: dict[str, str], timeout: float) -> dict[str, Any]:
        assert self.process.stdin is not None
        assert self.process.stdout is not None
        self.process.stdin.write(json.dumps({"command": command, "env": env, "timeout": timeout}) + "\n")
        self.process.stdin.flush()
        return json.loads(self.process.stdout.readline())  # type: ignore[no-any-return]

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait()


def launcher() -> int:
    """The launcher's side: one JSON request a line in, one JSON result a line out."""
    for line in sys.stdin:
        request = json.loads(line)
        started = time.monotonic()
        with tempfile.TemporaryFile() as output:
            child = subprocess.Popen(request["command"], stdout=output, stderr=subprocess.STDOUT, env=request["env"])
            killed = threading.Event()

            def kill(pid: int = child.pid, flag: threading.Event = killed) -> None:
                flag.set()
                os.kill(pid, signal.SIGKILL)

            timer = threading.Timer(request["timeout"], kill)
            timer.start()
            _pid, status, usage = os.wait4(child.pid, 0)
            timer.cancel()
            seconds = time.monotonic() - started
            output.seek(0)
            said = output.read().decode("utf-8", "replace")
        peak = usage.ru_maxrss / 1024 if sys.platform != "darwin" else usage.ru_maxrss / 1024 / 1024
        result = {
            "status": os.waitstatus_to_exitcode(status),
            "seconds": seconds,
            "peak_mb": peak,
            "killed": killed.is_set(),
            "said": said[-4000:],
        }
        sys.stdout.write(json.dumps(result) + "\n")
        sys.stdout.flush()
    return 0


def run(case: Case, command: str, base: Base, timeout: float, env: dict[str, str], launch: Launcher) -> Run:
    out = base.folder / "out"
    out.mkdir(exist_ok=True)
    target = out / "tong-hop.xlsx"
    if command == "merge":
        args = ["merge", str(case.path), "--out", str(target)]
    else:
        args = ["import", "--db", str(base.db), "--dry-run", str(case.path)]
        if command == "import-sheet":
            args[-1:-1] = ["--sheet", case.sheet]
    # a name that is not UTF-8 crosses the JSON pipe as its surrogates, and back to bytes in os.fsencode
    done = launch.run([*ranoat_command(), *args], env, timeout)
    shutil.rmtree(out, ignore_errors=True)
    size = case.path.stat().st_size if case.path.is_file() and not case.path.is_symlink() else 0
    said = str(done["said"])
    return Run(
        case,
        command,
        int(done["status"]),
        float(done["seconds"]),
        float(done["peak_mb"]),
        "Traceback" in said,
        bool(done["killed"]),
        size,
        said,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    families = ["dimension", "far-cell", "merged", "zip-bomb", "corrupt", "types", "names"]
    parser.add_argument("--families", nargs="+", choices=families, default=families)
    parser.add_argument("--households", type=int, default=500, metavar="N", help="households of the demo (default 500)")
    parser.add_argument("--offsets", type=int, default=10, metavar="K", help="corrupted offsets per file (default 10)")
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--timeout", type=float, default=90.0, metavar="S", help="kill a run after S seconds")
    parser.add_argument("--json", metavar="FILE", help="write every run as JSON")
    parser.add_argument("--verbose", action="store_true", help="print each run as it ends")
    parser.add_argument("--launcher", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.launcher:
        return launcher()

    launch = Launcher()
    print_machine_facts()
    started = time.monotonic()
    runs: list[Run] = []
    with tempfile.TemporaryDirectory(prefix="ranoat-hostile-") as folder:
        base = build_base(Path(folder), options.households)
        env = bench_env(Path(folder))
        print(
            f"\nbase: exchange {base.exchange.stat().st_size // 1024} KB, list {base.listing.stat().st_size // 1024} KB"
        )
        for case in cases(base, set(options.families), options.offsets, options.seed):
            for command in case.commands:
                done = run(case, command, base, options.timeout, env, launch)
                runs.append(done)
                if options.verbose or not done.ok:
                    last = done.said.strip().splitlines()[-1:] if done.said.strip() else [""]
                    mark = "ok  " if done.ok else "FAIL"
                    print(
                        f"{mark} {case.family:9} {case.name[:48]:48} {command:12} exit {done.status:4} "
                        f"{done.seconds:6.1f} s {done.peak_mb:6.0f} MB  {last[0][:140]!r}",
                        flush=True,
                    )
    launch.close()
    rows = []
    for family in options.families:
        mine = [r for r in runs if r.case.family == family]
        if not mine:
            continue
        statuses = sorted({f"{r.command} {r.status}" for r in mine})
        rows.append(
            [
                family,
                str(len({r.case.name for r in mine})),
                str(len(mine)),
                f"{max(r.size for r in mine) / 1024 / 1024:.1f}",
                f"{max(r.peak_mb for r in mine):.0f}",
                f"{max(r.seconds for r in mine):.1f}",
                str(sum(r.traceback for r in mine)),
                str(sum(not r.ok for r in mine)),
                ", ".join(statuses),
            ]
        )
    headers = ["family", "files", "runs", "largest MB", "peak MB", "max s", "tracebacks", "failed", "exit statuses"]
    print_section("Hostile inputs", headers, rows)
    print()
    print(markdown_table(headers, rows))
    failed = [r for r in runs if not r.ok]
    print(
        f"\n{len(runs)} runs, {len(failed)} failed; {time.monotonic() - started:.0f} s in all; load {os.getloadavg()}"
    )
    if options.json:
        Path(options.json).write_text(
            json.dumps(
                [
                    {
                        "family": r.case.family,
                        "case": r.case.name,
                        "command": r.command,
                        "status": r.status,
                        "seconds": round(r.seconds, 2),
                        "peak_mb": round(r.peak_mb, 1),
                        "size": r.size,
                        "traceback": r.traceback,
                        "killed": r.killed,
                        "ok": r.ok,
                        "last_line": (r.said.strip().splitlines() or [""])[-1][:300],
                    }
                    for r in runs
                ],
                ensure_ascii=False,
                indent=1,
            ),
            encoding="utf-8",
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
