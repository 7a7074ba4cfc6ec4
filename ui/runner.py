"""The GUI's one runner of operations (`ranoat.operations.changes`), in Anki's manner.

A window or page hands it an `Operation` (a user action: one transaction and what it changed) or a
read; the runner runs it on the open database, marks the database as changed since the last backup
(the periodic backup looks at `unsaved`) and emits `changed` with the record of what changed, and
the main window refreshes the views that show it. No widget opens a database session itself.
"""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QObject, Signal

from ranoat.operations.changes import Action, Changes, Operation, WriteFailedError, perform, read
from ranoat.storage.database import Database, DatabaseCorruptError

T = TypeVar("T")


class Runner(QObject):
    changed = Signal(object)  # Changes
    damaged = Signal(object)  # DatabaseCorruptError: a read or write met a damaged page (issue #16)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.database: Database | None = None
        self.unsaved = False  # changes since the last backup

    def _open(self) -> Database:
        if self.database is None:
            raise RuntimeError("no database is open")
        return self.database

    def read(self, query: Action[T]) -> T:
        """What ``query`` reads (a function of the operations' Session), in a transaction of its own."""
        try:
            return read(self._open(), query)
        except DatabaseCorruptError as exc:  # the caller fails as before; the window offers the restore
            self.damaged.emit(exc)
            raise

    def run(self, op: Operation[T]) -> T:
        """Run a user action in one transaction; on success, say what changed. An `OperationError`
        (nothing was written) goes to the caller, which shows it where the officer acted."""
        try:
            result, changes = perform(self._open(), op)
        except WriteFailedError as exc:
            if isinstance(exc.__cause__, DatabaseCorruptError):
                self.damaged.emit(exc.__cause__)
            raise
        self.note(changes)
        return result

    def note(self, changes: Changes) -> None:
        """Work done elsewhere in its own transaction (an import on its worker, a reopening with its
        backup): mark the database changed and say what changed."""
        self.unsaved = True
        self.changed.emit(changes)
