"""Loading communes' exchange workbooks into the province's store (docs/province.md).

Every input goes through the merge's checks (`ranoat.merge.merge_workbooks` on that file alone:
container, format version, checksum, the sheets people read, the seal with a keys file). Then, per
commune of the input, in one transaction serialised per commune and round (SQLite: one writer at a
time; PostgreSQL: an advisory lock on the commune and round, and a unique index on the current
export that no two loads can both pass):

- the same export (commune, round, checksum) already loaded: nothing changes (``duplicate_file``);
- the commune's code already in the store under another commune name or province: refused
  (``code_conflict``), naming both;
- an older export than the one loaded: refused (``superseded``), naming the file and export time
  loaded;
- otherwise the export is stored and becomes the current one; an older one stays as history.

A rejected input changes nothing. People found in more than one commune are the merge's section 4
when the province exports (`ranoat.province.answers`): Ranoat never merges two people.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Generator, Iterable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import asdict
from itertools import islice
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, insert, select, update

from ranoat.merge import InputReport, InputStatus, MergeCode, merge_workbooks
from ranoat.merge.records import CommuneData
from ranoat.merge.run import _identity
from ranoat.merge.seal import SealKeys
from ranoat.province.forms import commune_counts, counts_json
from ranoat.province.schema import communes, exports, households, members, sheet_rows
from ranoat.province.store import Store
from ranoat.rules.rulebook import Rulebook

Progress = Callable[[int, int, str], None]
BATCH = 5000


def _json(row: Sequence[Any]) -> str:
    return json.dumps(list(row), ensure_ascii=False, separators=(",", ":"))


def round_of(meta: dict[str, Any]) -> tuple[int, str, int]:
    year, kind, month = meta.get("round_year"), meta.get("round_kind"), meta.get("round_month")
    return (int(year) if isinstance(year, (int, float)) else 0, str(kind or ""), int(month) if month else 0)


def _round_lock(code: str, key: tuple[int, str, int]) -> int:
    digest = hashlib.sha256(f"{code}|{key[0]}|{key[1]}|{key[2]}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


Checked = tuple[InputReport, list[tuple[CommuneData, str]]]  # the input's report, its communes and their counts
_worker: dict[str, Any] = {}  # a checking process's rulebooks, keys and clock (`_start_worker`)


def default_workers(inputs: int) -> int:
    """Processes to check ``inputs`` inputs in: the cores (at most 4) for 8 inputs or more; one for
    fewer, where starting the processes (a few seconds) costs more than it saves."""
    return min(os.cpu_count() or 1, 4) if inputs >= 8 else 1


def _check(path: Path, rulebooks: dict[str, Rulebook], keys: SealKeys | None, now: dt.datetime | None) -> Checked:
    """The merge's checks of one input, and each of its communes' counts for the forms."""
    result = merge_workbooks([Path(path)], rulebooks, allow_mixed=True, keys=keys, now=now)
    found = []
    for commune in result.communes:
        standard = str(commune.meta.get("standard_id"))
        found.append((commune, counts_json(commune_counts(commune, rulebooks.get(standard)), standard)))
    return result.inputs[0], found


def _start_worker(rulebooks: dict[str, Rulebook], keys: SealKeys | None, now: dt.datetime | None) -> None:
    _worker.update(rulebooks=rulebooks, keys=keys, now=now)


def _check_in_worker(path: Path) -> Checked:
    return _check(path, _worker["rulebooks"], _worker["keys"], _worker["now"])


def _checked(
    paths: Sequence[Path],
    rulebooks: dict[str, Rulebook],
    keys: SealKeys | None,
    now: dt.datetime | None,
    workers: int,
) -> Generator[Checked, None, None]:
    """Each input checked, in order: in this process, or in ``workers`` processes with at most
    two inputs each in flight (memory stays that of a few communes, not of the province)."""
    if workers <= 1 or len(paths) <= 1:
        for path in paths:
            yield _check(path, rulebooks, keys, now)
        return
    # spawned, not forked: safe from a process with threads (the GUI's), and the same on Windows
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        workers, mp_context=context, initializer=_start_worker, initargs=(rulebooks, keys, now)
    ) as pool:
        pending: deque[Future[Checked]] = deque()
        queue = iter(paths)
        try:
            for path in islice(queue, 2 * workers):
                pending.append(pool.submit(_check_in_worker, path))
            while pending:
                done = pending.popleft().result()
                following = next(queue, None)
                if following is not None:
                    pending.append(pool.submit(_check_in_worker, following))
                yield done
        finally:
            for future in pending:
                future.cancel()


def load_files(
    store: Store,
    paths: Sequence[Path],
    rulebooks: dict[str, Rulebook],
    *,
    keys: SealKeys | None = None,
    now: dt.datetime | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    workers: int = 1,
) -> list[InputReport]:
    """Load each input (each in its own transactions); one report per input, as the merge gives.
    ``workers`` > 1: the inputs are checked in that many processes while this one writes.
    ``cancelled``: asked before each input; True stops there (the inputs loaded so far stay loaded,
    each complete; the reports returned are theirs)."""
    reports: list[InputReport] = []
    checked = _checked(paths, rulebooks, keys, now, workers)
    for index, path in enumerate(paths):
        if cancelled is not None and cancelled():
            checked.close()
            break
        if progress is not None:
            progress(index, len(paths), f"Nạp {Path(path).name}")
        report, found = next(checked)
        reports.append(report)
        if report.status is not InputStatus.MERGED:
            continue
        notes, stored = [], []
        for commune, counted in found:
            code, note = _load_commune(store, commune, report, counted)
            if code is None:
                stored.append(commune.code)
            notes.append((code, note))
        refused = [(code, note) for code, note in notes if code is not None]
        if refused:
            report.communes = stored
            report.left_out = [str(code) for code, _ in refused]
            text = "; ".join(note for _, note in refused)
            if not stored:
                same = all(code == MergeCode.SAME_DATA.value for code, _ in refused)
                report.status = InputStatus.DUPLICATE_FILE if same else InputStatus.REJECTED
                report.code = (
                    MergeCode.SAME_DATA.value if same else str(next(c for c, _ in refused if c != "same_data"))
                )
                report.households = report.members = 0
                report.reason = f"Tệp {report.path}: {text}."
            else:
                report.reason = "; ".join(filter(None, (report.reason, text)))
    checked.close()
    if progress is not None:
        progress(len(reports), len(paths), "Hoàn tất")
    return reports


def _load_commune(store: Store, commune: CommuneData, report: InputReport, counted: str) -> tuple[str | None, str]:
    """Store one commune's export; (None, "") when stored, else (the code, the note) of why not."""
    meta = commune.meta
    key = round_of(meta)
    where = (
        (exports.c.commune_code == commune.code)
        & (exports.c.round_year == key[0])
        & (exports.c.round_kind == key[1])
        & (exports.c.round_month == key[2])
    )
    checksum = str(meta.get("data_sha256") or "")
    exported = str(meta.get("exported_at") or "")
    with store.transaction() as connection:
        if store.postgresql:  # two staff loading this commune and round at once: one after the other
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_round_lock(commune.code, key)})")
        known = connection.execute(select(communes).where(communes.c.code == commune.code)).first()
        if known is not None:
            theirs = _identity(
                {"commune_name": known.name, "province_code": known.province_code, "province_name": known.province_name}
            )
            if theirs != _identity(meta):
                return MergeCode.CODE_CONFLICT.value, (
                    f"{commune.name} ({commune.code}) có cùng mã xã với {known.name} đã có trong kho "
                    "nhưng khác tên xã hoặc tỉnh: không nạp; hãy kiểm tra mã xã với xã"
                )
        same = connection.execute(select(exports.c.file).where(where & (exports.c.data_sha256 == checksum))).first()
        if same is not None:
            return MergeCode.SAME_DATA.value, (
                f"{commune.name} ({commune.code}) đã có cùng dữ liệu trong kho (nạp từ tệp {Path(same.file).name}): "
                "không thay đổi gì"
            )
        current = connection.execute(
            select(exports.c.id, exports.c.file, exports.c.exported_at).where(where & exports.c.current)
        ).first()
        if current is not None and current.exported_at >= exported:
            return MergeCode.SUPERSEDED.value, (
                f"{commune.name} ({commune.code}) đã có bản xuất mới hơn hoặc cùng lúc trong kho: tệp "
                f"{Path(current.file).name}, xuất lúc {current.exported_at or 'không rõ'} (tệp này xuất lúc "
                f"{exported or 'không rõ'}): không nạp"
            )
        if known is None:
            connection.execute(
                insert(communes).values(
                    code=commune.code,
                    name=commune.name,
                    province_code=meta.get("province_code"),
                    province_name=meta.get("province_name"),
                )
            )
        if current is not None:
            connection.execute(update(exports).where(exports.c.id == current.id).values(current=False))
        new_id = connection.execute(
            insert(exports)
            .values(
                commune_code=commune.code,
                round_year=key[0],
                round_kind=key[1],
                round_month=key[2],
                standard_id=meta.get("standard_id"),
                exported_at=exported,
                data_sha256=checksum,
                households=len(commune.households),
                members=len(commune.members),
                file=str(report.path),
                loaded_at=dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
                current=True,
                meta=json.dumps(meta, ensure_ascii=False),
                counts=counted,
                report=json.dumps(
                    {
                        "reason": report.reason,
                        "warnings": report.warnings,
                        "seal": asdict(report.seal) if report.seal is not None else None,
                    },
                    ensure_ascii=False,
                ),
            )
            .returning(exports.c.id)
        ).scalar_one()
        if current is not None:
            connection.execute(update(exports).where(exports.c.id == current.id).values(replaced_by=new_id))
        _rows(store, connection, commune, new_id)
    return None, ""


def _rows(store: Store, connection: Connection, commune: CommuneData, export_id: int) -> None:
    heads = {str(m.household_code): m.ethnicity_code for m in commune.members if m.relation == "head"}
    household_rows = (
        (
            export_id,
            seq,
            row.household_code,
            row.village_code,
            row.result_category,
            _json(row),
            heads.get(str(row.household_code)),
        )
        for seq, row in enumerate(commune.households)
    )
    member_rows = ((export_id, seq, row.household_code, _json(row)) for seq, row in enumerate(commune.members))
    other_rows = (
        (export_id, name, seq, _json(row)) for name, rows in commune.sheets.items() for seq, row in enumerate(rows)
    )
    for table, rows in ((households, household_rows), (members, member_rows), (sheet_rows, other_rows)):
        names = [c.name for c in table.columns]
        if store.postgresql:
            _copy(connection, table.name, names, rows)
        else:
            for batch in _batches(rows):
                connection.execute(insert(table), [dict(zip(names, row, strict=True)) for row in batch])


def _batches(rows: Iterable[tuple[Any, ...]]) -> Iterable[list[tuple[Any, ...]]]:
    batch: list[tuple[Any, ...]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _copy(connection: Connection, table: str, names: list[str], rows: Iterable[tuple[Any, ...]]) -> None:
    """PostgreSQL's COPY (psycopg 3) inside the load's transaction: the bulk rows in one stream."""
    raw = connection.connection.driver_connection
    assert raw is not None
    columns = ", ".join(f'"{name}"' for name in names)
    with raw.cursor() as cursor, cursor.copy(f'COPY "{table}" ({columns}) FROM STDIN') as copy:
        for row in rows:
            copy.write_row(row)
