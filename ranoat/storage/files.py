"""Files held and files being written: an OS lock on a file itself, hidden temporary files, and the
register of partial files being written anywhere, so that the next start removes what a killed run
left behind (issue #16).

- `IdentityLock`: an operating-system lock on the file itself, held through an open handle, so it
  follows the file whatever name reached it (a symbolic link, a hard link) and does not depend on a
  lock file one could delete. POSIX: `flock` on the whole file (BSD locks, independent of the
  `fcntl` byte-range locks SQLite uses, and released by closing our own handle only). Windows:
  `msvcrt.locking` on one byte of SQLite's lock page (`LOCK_OFFSET`), which SQLite never reads,
  writes or locks (its locks end at 0x400001FF), so SQLite's own I/O and locks are undisturbed.
  A killed process's lock is released by the operating system with its handles.
- `hide` / `unhide`: FILE_ATTRIBUTE_HIDDEN on Windows while a temporary file exists (a no-op
  elsewhere, where the leading dot of its name hides it); unhidden before the rename that gives a
  complete file its real name (Windows keeps the attribute through a rename).
- `pending_file`: a partial file beside an output in any folder is noted in the register
  (``<data folder>/dang-ghi/``, one small file per write, locked by its writer) and the note removed
  when the write ends; `remove_leftovers` removes the partial files of notes no live writer holds.
"""

from __future__ import annotations

import errno
import logging
import os
import secrets
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from ranoat.storage.location import default_database_path

_log = logging.getLogger(__name__)

LOCK_OFFSET = 0x40000200  # in SQLite's lock-byte page (PENDING_BYTE 0x40000000), past its 512 lock bytes
REGISTER_FOLDER = "dang-ghi"  # in the data folder: notes of partial files being written


class FileHeldError(OSError):
    """The file is locked by another open handle (another Ranoat, or this one opened it already)."""


# The identities this process holds (device, inode): a second open in the same process is refused
# without opening the file again, so that no handle of ours is closed while SQLite has it open
# (closing any handle of a file drops the process's fcntl locks on it, SQLite's included).
_held: set[tuple[int, int]] = set()


def _identity(fd: int) -> tuple[int, int]:
    status = os.fstat(fd)
    return status.st_dev, status.st_ino


def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
    else:
        import fcntl

        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                return False
            raise
    return True


def _unlock(fd: int) -> None:
    if sys.platform == "win32":
        import msvcrt

        with suppress(OSError):
            os.lseek(fd, LOCK_OFFSET, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
    os.close(fd)  # POSIX: closing our handle releases the flock


class IdentityLock:
    """An exclusive OS lock on the file ``path`` (created if missing), held until `release`.

    `acquire` raises `FileHeldError` when another handle holds it, and the OSError of opening the
    file for writing otherwise (a read-only file, folder or file system: EACCES, EPERM, EROFS).
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None
        self._identity: tuple[int, int] | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> None:
        if self._fd is not None:
            return
        with suppress(OSError):
            status = os.stat(self.path)
            if (status.st_dev, status.st_ino) in _held:
                raise FileHeldError(errno.EAGAIN, "đang được mở", str(self.path))
        flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOINHERIT", 0)
        fd = os.open(self.path, flags, 0o666)
        try:
            identity = _identity(fd)
            if identity in _held or not _try_lock(fd):
                raise FileHeldError(errno.EAGAIN, "đang được mở", str(self.path))
        except BaseException:
            os.close(fd)
            raise
        self._fd, self._identity = fd, identity
        _held.add(identity)

    def release(self) -> None:
        fd, identity = self._fd, self._identity
        self._fd = self._identity = None
        if identity is not None:
            _held.discard(identity)
        if fd is not None:
            _unlock(fd)


# ----------------------------------------------------------------------------- hidden while partial
_HIDDEN = 0x2  # FILE_ATTRIBUTE_HIDDEN


def _set_hidden(path: Path, hidden: bool) -> None:
    if sys.platform == "win32":
        import ctypes

        kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
        attributes = kernel32.GetFileAttributesW(str(path))
        if attributes == 0xFFFFFFFF:  # INVALID_FILE_ATTRIBUTES: gone, or not ours to see
            return
        wanted = attributes | _HIDDEN if hidden else attributes & ~_HIDDEN
        if wanted != attributes:
            kernel32.SetFileAttributesW(str(path), wanted)


def hide(path: Path) -> None:
    """Hide a temporary file on Windows (Explorer does not show it); nothing elsewhere."""
    _set_hidden(path, True)


def unhide(path: Path) -> None:
    """Before a complete file takes its real name: Windows keeps the attribute through a rename."""
    _set_hidden(path, False)


# ----------------------------------------------------------------------------- the register of partials
def register_folder() -> Path:
    return default_database_path().parent / REGISTER_FOLDER


class PartialNote:
    """``partial`` noted in the register (and hidden on Windows) until `done`.

    The note is a small file naming the partial file, locked by this process until `done` removes
    it (whatever the outcome: the writer removes its partial file on a clean failure). A killed run
    leaves the note unlocked: `remove_leftovers` then removes both. A register that cannot be
    written (a read-only data folder) does not stop the write.
    """

    def __init__(self, partial: Path) -> None:
        self.partial = partial
        self._note: Path | None = None
        self._lock: IdentityLock | None = None
        hide(partial)
        try:
            folder = register_folder()
            folder.mkdir(parents=True, exist_ok=True)
            note = folder / f"{secrets.token_hex(8)}.txt"
            lock = IdentityLock(note)
            lock.acquire()
            self._note, self._lock = note, lock
            with open(note, "w", encoding="utf-8") as handle:
                handle.write(os.fsdecode(os.path.abspath(partial)))
        except OSError as exc:
            _log.warning("the partial file %s could not be noted: %r", partial, exc)

    def ready(self) -> None:
        """The file is complete: unhidden before the rename that gives it its real name."""
        unhide(self.partial)

    def done(self) -> None:
        lock, note = self._lock, self._note
        self._lock = self._note = None
        if lock is not None:
            lock.release()
        if note is not None:
            note.unlink(missing_ok=True)


@contextmanager
def pending_file(partial: Path) -> Iterator[PartialNote]:
    """`PartialNote` for the block."""
    note = PartialNote(partial)
    try:
        yield note
    finally:
        note.done()


def remove_leftovers() -> list[Path]:
    """Remove the partial files of writes that died (their note unlocked) and the notes; the files removed."""
    folder = register_folder()
    removed: list[Path] = []
    try:
        notes = list(folder.glob("*.txt"))
    except OSError:
        return removed
    for note in notes:
        lock = IdentityLock(note)
        try:
            lock.acquire()
        except OSError:
            continue  # its writer is still running (or the note is not ours to remove)
        try:
            target = Path(note.read_text(encoding="utf-8").strip())
            if target.name.startswith(".") and target.name.endswith(".partial") and target.is_file():
                target.unlink()
                removed.append(target)
        except (OSError, UnicodeDecodeError) as exc:
            _log.warning("the leftover noted in %s could not be removed: %r", note, exc)
        finally:
            lock.release()
        note.unlink(missing_ok=True)
    return removed
