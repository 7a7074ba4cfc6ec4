"""Opening a database that cannot be used as it is (issue #16): a message box, never a traceback.

A read-only file or folder, a lock held by another window, a file too new: the reason (Vietnamese,
naming the file and what to do) in a message box. A damaged database: the newest sound automatic
backup is offered — asked first; the damaged file is kept (`restore_backup(damaged=True)`) and
named once the backup is back in its place.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from ranoat.storage.database import (
    Database,
    DatabaseCorruptError,
    DatabaseError,
    open_database,
    restore_backup,
)


def open_or_explain(parent: QWidget | None, path: Path, *, create: bool = False) -> Database | None:
    """The database at ``path`` opened, or None after saying why not (and offering a restore)."""
    try:
        return open_database(path, create=create)
    except DatabaseCorruptError as exc:
        return offer_restore(parent, exc)
    except DatabaseError as exc:
        QMessageBox.critical(parent, "Ranoat", str(exc))
        return None


def ask_restore(parent: QWidget | None, title: str, text: str) -> bool:
    """Yes from the officer: the button says "Khôi phục", as the message tells them to choose."""
    box = QMessageBox(
        QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, parent
    )
    restore = box.button(QMessageBox.StandardButton.Yes)
    restore.setText(QCoreApplication.translate("DatabaseProblem", "Khôi phục"))
    box.setDefaultButton(QMessageBox.StandardButton.No)  # replacing a file: not on a stray Enter
    return box.exec() == QMessageBox.StandardButton.Yes


def offer_restore(
    parent: QWidget | None, error: DatabaseCorruptError, close: Callable[[], None] | None = None
) -> Database | None:
    """Ask whether to put the newest sound backup in place of the damaged file; the database then
    opened, or None (declined, no backup, or the restore failed: said in a message box). ``close``:
    called once the officer agreed, before the restore (a window that has the damaged file open)."""
    if error.backup is None:
        QMessageBox.critical(parent, QCoreApplication.translate("DatabaseProblem", "Cơ sở dữ liệu bị hỏng"), str(error))
        return None
    question = QCoreApplication.translate(
        "DatabaseProblem",
        "{error}\n\nKhôi phục từ bản sao lưu {backup} ngay bây giờ? Tệp hỏng được giữ lại trong thư mục "
        "sao lưu {folder}.",
    ).format(error=error, backup=error.backup.name, folder=error.backup.parent)
    if not ask_restore(parent, QCoreApplication.translate("DatabaseProblem", "Cơ sở dữ liệu bị hỏng"), question):
        return None
    if close is not None:
        close()
    try:
        kept = restore_backup(error.backup, error.path, damaged=True)
        database = open_database(error.path)
    except (DatabaseError, OSError) as exc:
        QMessageBox.critical(
            parent,
            QCoreApplication.translate("DatabaseProblem", "Khôi phục"),
            QCoreApplication.translate("DatabaseProblem", "Không khôi phục được: {error}").format(error=exc),
        )
        return None
    QMessageBox.information(
        parent,
        QCoreApplication.translate("DatabaseProblem", "Khôi phục"),
        QCoreApplication.translate(
            "DatabaseProblem", "Đã khôi phục {path} từ bản sao lưu {backup}. Tệp hỏng được giữ ở {kept}."
        ).format(path=error.path, backup=error.backup.name, kept=kept),
    )
    return database
