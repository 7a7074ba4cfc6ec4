"""Merging the communes' exchange workbooks at the level above (docs/merge.md).

`merge_workbooks()` reads every input (a commune's exchange workbook, or a merged workbook whose
communes are taken one by one), decides what can be trusted, and returns a `MergeResult`: one
`InputReport` per input, the communes kept, the forms over them (one unit per commune), the people
and households found in more than one commune, and each commune's own report totals against the
totals recomputed from its data rows. Nothing is merged automatically across communes: duplicates
are listed for a person to decide. `ranoat.merge.workbook` writes the result.

Rules (docs/merge.md):
- A file that is not a workbook, not an exchange workbook, truncated, of a newer format version, or
  whose data no longer matches its SHA-256 is rejected with the reason; the others still merge.
- The same data twice (same commune and checksum, or the same merged workbook) counts once: the later
  input is a ``duplicate_file``.
- The same commune in two different exports: the newest export (``exported_at``) is kept and the
  older input is rejected with code ``superseded``, naming the file kept. An export time later than
  the merge's clock (beyond `FUTURE_TOLERANCE`) is flagged and never trusted: two different exports
  of a commune one of which is so dated are both refused (``ambiguous_newest``).
- Two inputs with one commune code but another commune name or province are both refused
  (``code_conflict``), each reason naming both files and both names: never one dropped.
- The sheets people read (lists, forms) must be what the data rows give (`ranoat.merge.visible`):
  a file whose lists or forms differ is rejected (``visible_mismatch``), naming the sheets and cells.
- The merge takes the standard and round most of the communes have; a commune of another standard or
  round is rejected (``other_standard``, ``other_round``) unless ``allow_mixed``.
- With the province's keys file, a commune whose seal does not verify, or that is not sealed while
  the province has its key, is rejected (``seal_invalid``, ``seal_missing``; `ranoat.merge.seal`).
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import sys
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Generator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import closing
from pathlib import Path
from typing import Any

from ranoat.collector import collector_paused
from ranoat.domain.area import Area
from ranoat.domain.search import fold
from ranoat.domain.vietnamese import format_date, nfc
from ranoat.excel.exchange import REPORT_KEYS
from ranoat.excel.reader import ExchangeError, ExchangeWorkbook, RejectCode, read_exchange, records
from ranoat.excel.rows import MemberRow
from ranoat.merge.records import (
    CommuneData,
    Duplicate,
    InputReport,
    InputStatus,
    MergeCancelledError,
    MergeCode,
    MergeResult,
    MergeWarning,
    PersonRef,
    TotalsCheck,
    forms_of,
)
from ranoat.merge.seal import SealKeys, check_seal
from ranoat.merge.visible import check_visible
from ranoat.reports.round_report import ReportForms, summary_counts
from ranoat.rules.rulebook import Rulebook

Progress = Callable[[int, int, str], None]


# How far an export time may be ahead of the merge's clock before it is called in the future (clocks
# of two PCs differ by minutes; a day or a year ahead is a wrong clock).
FUTURE_TOLERANCE = dt.timedelta(minutes=10)


def _communes_of(workbook: ExchangeWorkbook, report: InputReport) -> list[CommuneData]:
    if not workbook.merged:
        return [
            CommuneData(dict(workbook.metadata), workbook.households, workbook.members, report, sheets=workbook.sheets)
        ]
    # a merged workbook: its rows by commune, each as the commune's own record (led by commune_code)
    by_commune: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    for name, rows in (("data_households", workbook.households), ("data_members", workbook.members)):
        for row in rows:
            by_commune[str(row[0])][name].append(row[1:])
    for name, rows in workbook.sheets.items():
        for row in rows:
            by_commune[str(row[0])][name].append(row[1:])
    communes = []
    for meta in workbook.communes:
        sheets = {name: records(name, rows) for name, rows in by_commune[str(meta["commune_code"])].items()}
        households, members = sheets.pop("data_households", []), sheets.pop("data_members", [])
        communes.append(CommuneData(dict(meta), households, members, report, sheets=sheets))
    return communes


def _exported(commune: CommuneData) -> str:
    return str(commune.meta.get("exported_at") or "")


def _export_time(commune: CommuneData) -> dt.datetime | None:
    """The export time as a moment (a time without a zone is UTC, as Ranoat writes it); None when absent
    or not a time."""
    try:
        when = dt.datetime.fromisoformat(_exported(commune))
    except ValueError:
        return None
    return when if when.tzinfo is not None else when.replace(tzinfo=dt.UTC)


def _in_future(commune: CommuneData, now: dt.datetime) -> bool:
    when = _export_time(commune)
    return when is not None and when > now + FUTURE_TOLERANCE


def _identity(meta: dict[str, Any]) -> tuple[str, str]:
    """What must agree for two inputs with one commune code to be one commune: its name (case and
    spacing ignored) and its province (the code; the name when a file has no code)."""

    def same(text: Any) -> str:
        return " ".join(nfc(str(text or "")).casefold().split())

    province = same(meta.get("province_code")) or same(meta.get("province_name"))
    return same(meta.get("commune_name")), province


def _data_key(workbook: ExchangeWorkbook) -> tuple[Any, ...]:
    """Inputs with the same key carry the same data. A commune's checksum covers its rows only: two
    communes (another code, name or province) with equal rows (say, none yet) are not one file."""
    checksum = str(workbook.metadata.get("data_sha256"))
    if workbook.merged:  # its rows carry their commune codes
        return (checksum,)
    return (checksum, str(workbook.metadata.get("commune_code") or ""), *_identity(workbook.metadata))


Checked = tuple[InputReport, list[CommuneData], tuple[Any, ...] | None]  # key None: the input is refused


def check_input(path: Path, rulebooks: dict[str, Rulebook], keys: SealKeys | None) -> Checked:
    """Read one input and make every check that needs only that file: the container and checksum
    (`read_exchange`), the seal, the values the forms count, the sheets people read against its data
    rows. Returns its report, its communes and the key of its data (None when it is refused)."""
    report = InputReport(Path(path))
    try:
        workbook = read_exchange(Path(path))
    except ExchangeError as exc:
        report.status, report.code, report.reason = InputStatus.REJECTED, exc.code.value, str(exc)
        return report, [], None
    if not _seal_accepted(report, workbook, keys):
        return report, [], None
    communes = _communes_of(workbook, report)
    try:
        for commune in communes:  # the values the forms count, checked now: a bad file is refused alone
            commune.records()
    except ExchangeError as exc:
        report.status, report.code, report.reason = InputStatus.REJECTED, exc.code.value, str(exc)
        return report, [], None
    # the sheets people read, against the data rows (a copy of an input too: its sheets may differ)
    standard = (workbook.metadata if workbook.merged or not communes else communes[0].meta).get("standard_id")
    report.visible = check_visible(
        report.path,
        communes,
        rulebooks.get(str(standard)),
        merged=workbook.merged,
        round_year=workbook.metadata.get("round_year"),
        program_version=workbook.metadata.get("program_version"),
    )
    if not report.visible.agrees:
        report.status, report.code = InputStatus.REJECTED, MergeCode.VISIBLE_MISMATCH.value
        report.reason = report.visible.reason(report.path)
        return report, [], None
    return report, communes, _data_key(workbook)


def default_workers(inputs: int) -> int:
    """Processes to read and check ``inputs`` inputs in: the cores (at most 4) for 6 inputs or more;
    none (this process) for fewer, where starting the processes (a second or two) costs more than
    it saves, and in a frozen bundle, whose program cannot be started as a bare Python."""
    if getattr(sys, "frozen", False):
        return 1
    return min(os.cpu_count() or 1, 4) if inputs >= 6 else 1


_worker: dict[str, Any] = {}  # a reading process's rulebooks and keys (`_start_worker`)


def _start_worker(rulebooks: dict[str, Rulebook], keys: SealKeys | None) -> None:
    _worker.update(rulebooks=rulebooks, keys=keys)


def _check_in_worker(path: Path) -> Checked:
    with collector_paused():
        return check_input(path, _worker["rulebooks"], _worker["keys"])


def _broken(path: Path) -> Checked:
    """The report of an input whose reading process died (a crash, out of memory): refused alone."""
    report = InputReport(Path(path))
    report.status, report.code = InputStatus.REJECTED, RejectCode.UNREADABLE.value
    report.reason = (
        f"Không đọc được tệp {path}: tiến trình đọc tệp dừng bất thường (tệp hỏng, quá lớn hoặc máy hết bộ nhớ). "
        "Hãy mở thử tệp bằng Excel hoặc xin xã xuất lại tệp, rồi gộp lại."
    )
    return report, [], None


def read_inputs(
    paths: Sequence[Path],
    rulebooks: dict[str, Rulebook],
    keys: SealKeys | None,
    progress: Progress | None,
    cancelled: Callable[[], bool] | None,
    total: int,
    workers: int | None = None,
) -> Generator[Checked, None, None]:
    """Each input checked (`check_input`), in the inputs' order: in this process, or in ``workers``
    spawned processes (default `default_workers`) with two inputs each in flight, so that memory
    stays that of a few communes beside the result. ``cancelled`` is asked before each input and,
    while waiting for one, every 0.1 s: True raises `MergeCancelledError` and ends the processes.
    A process that dies refuses the input it was reading (alone: after a death, one input at a
    time is in flight) and the merge goes on; the GUI is never the process that dies."""
    count = default_workers(len(paths)) if workers is None else workers

    def stop() -> bool:
        return cancelled is not None and cancelled()

    if count <= 1 or len(paths) <= 1:
        for index, path in enumerate(paths):
            if stop():
                raise MergeCancelledError
            if progress is not None:
                progress(index, total, f"Đọc {Path(path).name}")
            yield check_input(Path(path), rulebooks, keys)
        return
    yield from _read_in_processes(paths, rulebooks, keys, progress, stop, total, count)


def _read_in_processes(
    paths: Sequence[Path],
    rulebooks: dict[str, Rulebook],
    keys: SealKeys | None,
    progress: Progress | None,
    stop: Callable[[], bool],
    total: int,
    count: int,
) -> Generator[Checked, None, None]:
    context = multiprocessing.get_context("spawn")  # not forked: safe beside the GUI's threads, as on Windows

    def new_pool() -> ProcessPoolExecutor:
        return ProcessPoolExecutor(count, mp_context=context, initializer=_start_worker, initargs=(rulebooks, keys))

    pool = new_pool()
    started = pool.submit(int)  # nothing: done as soon as a process runs (one that cannot start breaks it)
    flight = 2 * count
    pending: deque[tuple[Path, Future[Checked]]] = deque()
    queue = deque(Path(p) for p in paths)
    index, finished, here = 0, False, False
    try:
        while queue or pending:
            if stop():
                raise MergeCancelledError
            if here:  # no process could start: this one reads what is left
                path = (pending.popleft()[0]) if pending else queue.popleft()
                if progress is not None:
                    progress(index, total, f"Đọc {path.name}")
                index += 1
                yield check_input(path, rulebooks, keys)
                continue
            while queue and len(pending) < flight:
                path = queue.popleft()
                pending.append((path, pool.submit(_check_in_worker, path)))
            path, future = pending[0]
            if progress is not None:
                progress(index, total, f"Đọc {path.name}")
            while not wait([future], timeout=0.1).done:
                if stop():
                    raise MergeCancelledError
            try:
                checked = future.result()
            except BrokenProcessPool:
                _end(pool)
                if started.exception() is not None:  # not a file's doing: no process ever ran
                    here = True
                    continue
                pool = new_pool()
                if flight > 1:  # one of those in flight killed its process: all again, one at a time
                    queue.extendleft(reversed([p for p, _ in pending]))
                    pending.clear()
                    flight = 1
                    continue
                checked = _broken(path)  # it was alone: this input did
            pending.popleft()
            index += 1
            yield checked
        finished = True
    finally:
        if finished:
            pool.shutdown()
        else:
            _end(pool)


def _end(pool: ProcessPoolExecutor) -> None:
    """Stop ``pool`` now, its running reads too (cancel, an error): the executor has no public way
    to end a task that has started, so its processes are terminated."""
    # the executor's dict of processes, kept before shutdown() drops it: its thread may still add one
    processes = getattr(pool, "_processes", None) or {}
    manager = getattr(pool, "_executor_manager_thread", None)
    pool.shutdown(wait=False, cancel_futures=True)
    seen: set[int] = set()
    for _ in range(3):
        workers = [p for p in list(processes.values()) if id(p) not in seen]
        if not workers:
            break
        for process in workers:
            seen.add(id(process))
            if process.is_alive():
                process.terminate()
        for process in workers:
            process.join(timeout=5)
    if manager is not None:
        manager.join(timeout=5)  # its thread gone too: nothing of this merge is left running


def merge_workbooks(
    paths: Sequence[Path],
    rulebooks: dict[str, Rulebook],
    *,
    allow_mixed: bool = False,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    now: dt.datetime | None = None,
    keys: SealKeys | None = None,
    workers: int | None = None,
) -> MergeResult:
    """Read, check and combine the inputs (nothing is written here). ``now``: the merge's clock (an
    aware time; the computer's clock when None): export times later than it are flagged, not trusted.
    With ``keys`` (the province's keys file), each commune's seal is verified (`ranoat.merge.seal`).
    ``workers``: processes reading and checking the inputs (`read_inputs`; None: `default_workers`)."""
    clock = now if now is not None else dt.datetime.now(dt.UTC)
    if clock.tzinfo is None:
        clock = clock.replace(tzinfo=dt.UTC)
    with collector_paused():
        result = _merge(paths, rulebooks, allow_mixed, progress, cancelled, clock, keys, workers)
    result.keys_file = keys.path if keys is not None else None
    return result


def _merge(
    paths: Sequence[Path],
    rulebooks: dict[str, Rulebook],
    allow_mixed: bool,
    progress: Progress | None,
    cancelled: Callable[[], bool] | None,
    now: dt.datetime,
    keys: SealKeys | None = None,
    workers: int | None = None,
) -> MergeResult:
    total = len(paths) + 1
    reports: list[InputReport] = []
    candidates: list[CommuneData] = []
    seen_data: dict[tuple[Any, ...], InputReport] = {}
    with closing(read_inputs(paths, rulebooks, keys, progress, cancelled, total, workers)) as checked:
        for report, communes, key in checked:
            reports.append(report)
            if key is None:  # refused on its own (its report says why)
                continue
            earlier = seen_data.get(key)
            if earlier is not None:
                report.status, report.code = InputStatus.DUPLICATE_FILE, MergeCode.SAME_DATA.value
                report.reason = f"Tệp {report.path} có cùng dữ liệu với tệp {earlier.path}: chỉ tính một lần."
                continue
            seen_data[key] = report
            report.communes = [c.code for c in communes]
            candidates.extend(communes)
    if progress is not None:
        progress(len(paths), total, "Đối chiếu và tổng hợp")

    kept = _newest_per_commune(candidates, now)
    kept = _same_standard_and_round(kept, allow_mixed)
    for report in reports:
        if report.status is InputStatus.MERGED and not any(c.source is report for c in kept):
            report.status, report.code = InputStatus.REJECTED, RejectCode.NOT_EXCHANGE.value
            report.reason = report.reason or f"Tệp {report.path} không có dữ liệu xã nào để gộp."
    for report in reports:
        if report.status is InputStatus.MERGED:
            mine = [c for c in kept if c.source is report]
            report.households = sum(len(c.households) for c in mine)
            report.members = sum(len(c.members) for c in mine)
    result = assemble(reports, kept, rulebooks, now)
    if progress is not None:
        progress(total, total, "Hoàn tất")
    return result


def assemble(
    reports: list[InputReport], kept: list[CommuneData], rulebooks: dict[str, Rulebook], now: dt.datetime
) -> MergeResult:
    """The merge over the communes kept: their order, forms, totals and duplicates. One path for the
    merge of files and for the province's store (`ranoat.province`), so both write the same cells."""
    kept = sorted(kept, key=lambda c: (c.area() is not Area.URBAN, c.code))
    standard = _most_common([str(c.meta.get("standard_id")) for c in kept])
    rulebook = rulebooks.get(standard) if standard else None
    forms, totals = _forms_and_totals(kept, rulebook)
    people, households = find_duplicates(kept)
    years = _most_common([c.meta.get("round_year") for c in kept])
    return MergeResult(
        inputs=reports,
        communes=kept,
        standard_id=standard,
        round_year=int(years) if isinstance(years, (int, float)) else None,
        round_kind=_most_common([c.meta.get("round_kind") for c in kept]),
        forms=forms,
        people=people,
        households=households,
        totals=totals,
        rulebook=rulebook,
        clock=now,
    )


def _seal_accepted(report: InputReport, workbook: ExchangeWorkbook, keys: SealKeys | None) -> bool:
    """Check the input's seal into ``report``; False when the check rejects it (its reason then
    names the file and the commune)."""
    report.seal = check_seal(workbook, keys)
    if report.seal.rejected:
        report.status, report.code, report.reason = InputStatus.REJECTED, report.seal.code, report.seal.reason
        return False
    report.reason = report.seal.reason  # a note ("không kiểm tra được niêm phong …") or nothing
    return True


def _most_common(values: list[Any]) -> Any:
    """The most frequent value; on a tie, the first seen."""
    if not values:
        return None
    counts = Counter(values)
    best = max(counts.values())
    return next(v for v in values if counts[v] == best)


def _drop(commune: CommuneData, code: MergeCode, note: str) -> None:
    """Leave ``commune`` out of the merge. Its input keeps its other communes (with the note); when
    none is left, it is a duplicate file (every commune already counted, same data) or rejected
    (the first other reason's code), the reason naming the file and every commune left out."""
    source = commune.source
    source.communes = [c for c in source.communes if c != commune.code]
    source.left_out.append(code.value)
    source.reason = "; ".join(filter(None, (source.reason, note)))
    if not source.communes:
        others = [c for c in source.left_out if c != MergeCode.SAME_DATA.value]
        source.status = InputStatus.REJECTED if others else InputStatus.DUPLICATE_FILE
        source.code = others[0] if others else MergeCode.SAME_DATA.value
        source.reason = f"Tệp {source.path}: {source.reason}."


def _warn(commune: CommuneData, warning: MergeWarning, note: str) -> None:
    """Flag ``commune``'s input (it still merges): the code once, the note in its reason."""
    source = commune.source
    if warning.value not in source.warnings:
        source.warnings.append(warning.value)
    source.reason = "; ".join(filter(None, (source.reason, note)))


def _where(commune: CommuneData) -> str:
    """ "Xã Nà Nưa trong tệp a.xlsx (xuất lúc …)": a commune's export, for a reason naming both files."""
    return f"{commune.name} trong tệp {commune.source.path.name} (xuất lúc {_exported(commune) or 'không rõ'})"


def _newest_per_commune(candidates: list[CommuneData], now: dt.datetime) -> list[CommuneData]:
    by_code: dict[str, list[CommuneData]] = defaultdict(list)
    for commune in candidates:
        by_code[commune.code].append(commune)
    clock = now.astimezone(dt.UTC).replace(microsecond=0).isoformat()
    kept = []
    for code, exports in by_code.items():
        if len({_identity(c.meta) for c in exports}) > 1:  # two communes, one code: which is which is not ours to guess
            for commune in exports:
                others = ", ".join(_where(o) for o in exports if o is not commune)
                _drop(
                    commune,
                    MergeCode.CODE_CONFLICT,
                    f"{_where(commune)} và {others} có cùng mã xã {code} nhưng khác tên xã hoặc tỉnh: không gộp "
                    "tệp nào mang mã này; hãy kiểm tra mã xã với các xã rồi gộp lại",
                )
            continue
        future = [c for c in exports if _in_future(c, now)]
        for commune in future:
            _warn(
                commune,
                MergeWarning.FUTURE_EXPORT,
                f"{commune.name} ({code}) xuất lúc {_exported(commune)}, muộn hơn giờ của máy gộp ({clock}): "
                "đồng hồ máy của xã (hoặc máy này) có thể sai",
            )
        if future and len({c.meta.get("data_sha256") for c in exports}) > 1:
            for commune in exports:  # a wrong clock must not decide which export is the newest
                others = ", ".join(_where(o) for o in exports if o is not commune)
                _drop(
                    commune,
                    MergeCode.AMBIGUOUS_NEWEST,
                    f"{_where(commune)} và {others} là các bản xuất khác nhau của {commune.name} ({code}), có bản "
                    f"ghi thời điểm xuất muộn hơn giờ của máy gộp ({clock}): không biết bản nào mới nhất, không gộp "
                    "bản nào; hãy hỏi xã bản nào đúng rồi gộp lại",
                )
            continue
        newest = max(exports, key=_exported)  # ISO 8601 UTC texts order as times; a tie keeps the first
        kept.append(newest)
        for older in exports:
            if older is newest:
                continue
            kept_in = newest.source.path.name
            if older.meta.get("data_sha256") == newest.meta.get("data_sha256"):
                note = f"{older.name} ({older.code}) đã có cùng dữ liệu trong tệp {kept_in}: chỉ tính một lần"
                _drop(older, MergeCode.SAME_DATA, note)
                continue
            if _exported(older) == _exported(newest):
                when = f"xuất lúc {_exported(newest)}" if _exported(newest) else "không rõ thời điểm xuất"
                note = (
                    f"{older.name} ({older.code}) có bản xuất khác trong tệp {kept_in}, cùng {when}: "
                    f"giữ tệp {kept_in} (đưa vào trước); hãy hỏi xã bản nào đúng"
                )
            else:
                note = (
                    f"{older.name} ({older.code}) đã có bản xuất mới hơn trong tệp {kept_in} "
                    f"(xuất lúc {_exported(newest)}; tệp này xuất lúc {_exported(older) or 'không rõ'}): "
                    "giữ bản mới hơn"
                )
            _drop(older, MergeCode.SUPERSEDED, note)
    order = {id(c): i for i, c in enumerate(candidates)}
    return sorted(kept, key=lambda c: order[id(c)])


def _same_standard_and_round(communes: list[CommuneData], allow_mixed: bool) -> list[CommuneData]:
    if allow_mixed or not communes:
        return communes
    standard = _most_common([c.meta.get("standard_id") for c in communes])
    round_key = _most_common([c.round_key for c in communes])
    kept = []
    for commune in communes:
        if commune.meta.get("standard_id") != standard:
            code, why = (
                MergeCode.OTHER_STANDARD,
                f"theo chuẩn {commune.meta.get('standard_id')}, các xã khác theo chuẩn {standard}",
            )
        elif commune.round_key != round_key:
            code, why = (
                MergeCode.OTHER_ROUND,
                f"thuộc kỳ rà soát năm {commune.meta.get('round_year')} ({commune.meta.get('round_kind')}), "
                f"các xã khác thuộc kỳ năm {round_key[0]} ({round_key[1]})",
            )
        else:
            kept.append(commune)
            continue
        _drop(commune, code, f"{commune.name} ({commune.code}) {why}: không gộp (dùng --allow-mixed nếu vẫn muốn gộp)")
    return kept


# ----------------------------------------------------------------------------- counting


def _forms_and_totals(
    communes: list[CommuneData], rulebook: Rulebook | None
) -> tuple[ReportForms | None, list[TotalsCheck]]:
    totals = []
    for commune in communes:
        recomputed = summary_counts(commune.records())
        reported = [commune.meta.get(k) for k in REPORT_KEYS]
        numbers = tuple(int(v) for v in reported if isinstance(v, (int, float)))
        totals.append(
            TotalsCheck(commune.code, commune.name, numbers if len(numbers) == len(REPORT_KEYS) else None, recomputed)
        )
    return forms_of(communes, rulebook), totals


# ----------------------------------------------------------------------------- duplicates
def _birth(row: MemberRow) -> str:
    date = row.birth_date
    if date:
        try:
            return format_date(dt.date.fromisoformat(str(date)))
        except ValueError:
            return str(date)
    year = row.birth_year
    return str(int(year)) if isinstance(year, (int, float)) else ""


def _person(commune: CommuneData, row: MemberRow) -> PersonRef:
    return PersonRef(
        commune.code,
        commune.name,
        str(row.household_code),
        str(row.full_name or ""),
        _birth(row),
        str(row.cccd or ""),
        str(row.relation or ""),
    )


def find_duplicates(communes: list[CommuneData]) -> tuple[list[Duplicate], list[Duplicate]]:
    """People in more than one commune (same CCCD; same folded name and date of birth), and the
    households whose heads are. Within one commune the commune's own checks apply."""
    Found = list[tuple[CommuneData, MemberRow]]  # noqa: N806 (a local type alias)
    by_cccd: dict[str, Found] = defaultdict(list)
    by_name: dict[str, Found] = defaultdict(list)
    folded: dict[str, str] = {}  # names repeat across 200,000 people: fold each once
    for commune in communes:
        for row in commune.members:
            cccd = row.cccd
            if cccd:
                by_cccd[str(cccd)].append((commune, row))
            name, date = row.full_name, row.birth_date
            if date and name:
                key = folded.get(name)
                if key is None:
                    key = folded[name] = fold(str(name))
                if key:  # a name of spaces only names nobody
                    by_name[f"{key}|{date}"].append((commune, row))
    people: list[Duplicate] = []
    by_cccd_rows: set[frozenset[int]] = set()  # the same people found by both rules are one group
    for rule, groups in (("cccd", by_cccd), ("name_birth", by_name)):
        for key, found in groups.items():
            if len(found) > 1 and len({commune.code for commune, _ in found}) > 1:
                rows = frozenset(id(row) for _, row in found)
                if rule == "cccd":
                    by_cccd_rows.add(rows)
                elif rows in by_cccd_rows:
                    continue
                people.append(Duplicate(rule, key, tuple(_person(commune, row) for commune, row in found)))
    households = [
        Duplicate(d.rule, d.key, tuple(p for p in d.people if p.relation == "head"))
        for d in people
        if len({p.commune_code for p in d.people if p.relation == "head"}) > 1
    ]
    people.sort(key=lambda d: (d.rule, d.people[0].commune_code, d.key))
    households.sort(key=lambda d: (d.rule, d.people[0].commune_code, d.key))
    return people, households
