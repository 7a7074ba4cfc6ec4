"""Reading an untrusted workbook in a child process (issue #16), so that a parser that runs away
cannot take the program with it, and a cancel stops it at once.

The bounds (`ranoat.excel.bounds`) refuse what is known to hurt before a parser sees it; this is
the net under them. `run_isolated` runs one reading function in a *spawned* child (not forked: safe
from a process with threads, the GUI's, and the same on Windows and in the frozen build, whose
entry point calls `multiprocessing.freeze_support`). On Linux the child's address space is limited
(`RLIMIT_AS`, `MEMORY_LIMIT`), so a runaway allocation fails there (a MemoryError, or an abort of the
Rust parser) instead of swapping the office PC to a standstill. Whatever ends the child — an abort
(SIGABRT), a MemoryError, a kill — becomes an `ImportFileError` with a Vietnamese message naming the
file; the reader's own refusals (`ImportFileError`, `ExchangeError`) keep their messages. A cancel
(``cancelled()`` true) terminates the child within `CANCEL_SECONDS` and raises `ReadCancelledError`.

The result comes back pickled through a pipe: a commune's list (tens of thousands of rows) in well
under a second.
"""

from __future__ import annotations

import multiprocessing
import signal
import sys
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, TypeVar

from ranoat.excel.reader import ExchangeError
from ranoat.importing.sheet import ImportFileError

T = TypeVar("T")

MEMORY_LIMIT = 1536 * 1024 * 1024  # the child's address space on Linux: a 4 GB PC keeps the rest
POLL_SECONDS = 0.05  # how often the parent looks at ``cancelled``
CANCEL_SECONDS = 1.0  # a cancelled child is gone within this (terminate, then kill)


class ReadCancelledError(Exception):
    """The reading was cancelled; the child is gone and nothing was read."""


def _limit_memory(limit: int | None) -> None:
    if limit is None or not sys.platform.startswith("linux"):
        return  # Windows and macOS: no RLIMIT_AS; the bounds before parsing carry the limit there
    import resource

    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _child(send: Connection, limit: int | None, function: Callable[..., Any], args: tuple[Any, ...]) -> None:
    try:
        _limit_memory(limit)
        result = function(*args)
        send.send(("ok", result))
    except (ImportFileError, ExchangeError) as exc:
        send.send(("refused", str(exc)))
    except MemoryError:
        send.send(("memory", ""))
    except Exception as exc:  # a parser's bug on an odd file: said, never a traceback
        send.send(("failed", f"{exc.__class__.__name__}: {str(exc)[:200]}"))
    finally:
        send.close()


def _crashed(path: Path, exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        try:
            how = f"tín hiệu {signal.Signals(-exitcode).name}"
        except ValueError:
            how = f"tín hiệu {-exitcode}"
    else:
        how = f"mã thoát {exitcode}"
    return (
        f"Tệp {path.name}: việc đọc tệp bị dừng đột ngột ({how}) — tệp có thể bị hỏng hoặc cần quá nhiều bộ nhớ. "
        "Ranoat vẫn chạy bình thường, chưa ghi gì; hãy mở tệp bằng Excel, lưu thành tệp mới rồi thử lại."
    )


def _too_much_memory(path: Path, limit: int | None) -> str:
    size = f"hơn {limit // 1024 // 1024} MB" if limit else "quá nhiều"
    return (
        f"Tệp {path.name}: đọc tệp cần {size} bộ nhớ — quá lớn cho một danh sách hộ hay sổ trao đổi của xã. "
        "Chưa ghi gì; hãy xoá các trang, ô thừa (hoặc tách danh sách) rồi thử lại."
    )


def _stop(child: Any) -> None:
    if child.is_alive():
        child.terminate()
        child.join(CANCEL_SECONDS / 2)
    if child.is_alive():
        child.kill()
    child.join(CANCEL_SECONDS / 2)


def run_isolated(
    path: Path,
    function: Callable[..., T],
    *args: Any,
    cancelled: Callable[[], bool] | None = None,
    memory_limit: int | None = MEMORY_LIMIT,
) -> T:
    """``function(*args)`` in a spawned child; ``path`` is the file it reads (named in messages).
    ``function`` and ``args`` must pickle (a module-level function and plain values)."""
    path = Path(path)
    context = multiprocessing.get_context("spawn")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(send, memory_limit, function, args), daemon=True)
    child.start()
    send.close()  # the child holds the only writing end: its death ends the pipe
    try:
        while True:
            if cancelled is not None and cancelled():
                raise ReadCancelledError
            if receive.poll(POLL_SECONDS):
                try:
                    kind, payload = receive.recv()
                except (EOFError, OSError):  # the child ended without a word: killed, aborted
                    break
                if kind == "ok":
                    return payload  # type: ignore[no-any-return]
                if kind == "memory":
                    raise ImportFileError(_too_much_memory(path, memory_limit))
                if kind == "refused":
                    raise ImportFileError(payload)
                raise ImportFileError(f"Tệp {path.name}: không đọc được ({payload}). Chưa ghi gì.")
            if not child.is_alive() and not receive.poll():
                break
        child.join(CANCEL_SECONDS)
        raise ImportFileError(_crashed(path, child.exitcode))
    finally:
        _stop(child)
        receive.close()
