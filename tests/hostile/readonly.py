"""Read-only files and folders for tests. The mode is set for real; when the kernel ignores it (the
tests run as root, which may write anything), its answer is simulated — `os.access` says "not
writable" and `os.open` for writing fails with EACCES, as the kernel does for anyone else — so the
test checks the same behaviour either way."""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path

import pytest


def _writable_folder(folder: Path) -> bool:
    try:
        with tempfile.TemporaryFile(dir=folder):
            return True
    except OSError:
        return False


def read_only_file(path: Path, monkeypatch: pytest.MonkeyPatch, *, code: int = errno.EACCES) -> None:
    path.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    if os.access(path, os.W_OK) or code != errno.EACCES:  # root, or a read-only file system to simulate
        real_access, real_open = os.access, os.open

        def access(target: object, mode: int, *args: object, **kwargs: object) -> bool:
            if mode & os.W_OK and Path(str(target)) == path:
                return False
            return real_access(target, mode, *args, **kwargs)  # type: ignore[arg-type]

        def open_(target: object, flags: int, *args: object, **kwargs: object) -> int:
            if Path(str(target)) == path and flags & (os.O_WRONLY | os.O_RDWR):
                raise OSError(code, os.strerror(code), str(target))
            return real_open(target, flags, *args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(os, "access", access)
        monkeypatch.setattr(os, "open", open_)
        if code == errno.EROFS:
            real_statvfs = os.statvfs

            class ReadOnly:
                def __init__(self, real: os.statvfs_result) -> None:
                    self.f_flag = real.f_flag | os.ST_RDONLY

            monkeypatch.setattr(os, "statvfs", lambda target: ReadOnly(real_statvfs(target)))


def read_only_folder(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR | stat.S_IRGRP | stat.S_IXGRP | stat.S_IROTH | stat.S_IXOTH)
    if _writable_folder(folder):  # root: creating a file in the folder fails as it would for anyone else
        real_open = os.open
        tmpfile = getattr(os, "O_TMPFILE", 0)

        def open_(target: object, flags: int, *args: object, **kwargs: object) -> int:
            where = Path(str(target))
            creates = flags & os.O_CREAT or (tmpfile and flags & tmpfile == tmpfile)
            if creates and folder in (where, where.parent) and not where.is_file():
                raise PermissionError(errno.EACCES, "Permission denied", str(target))
            return real_open(target, flags, *args, **kwargs)  # type: ignore[arg-type]

        real_mkdir = os.mkdir

        def mkdir(target: object, *args: object, **kwargs: object) -> None:
            if Path(str(target)).parent == folder:
                raise PermissionError(errno.EACCES, "Permission denied", str(target))
            real_mkdir(target, *args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(os, "open", open_)
        monkeypatch.setattr(os, "mkdir", mkdir)
        assert not _writable_folder(folder)


def writable_again(*paths: Path) -> None:
    for path in paths:
        path.chmod(stat.S_IRWXU if path.is_dir() else stat.S_IRUSR | stat.S_IWUSR)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
