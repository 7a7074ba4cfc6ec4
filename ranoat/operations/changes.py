"""A user action as one operation: its one transaction, and the typed record of what it changed.

In Anki's manner (`aqt.operations`, `OpChanges`): an `Operation` pairs the action — a function of
the transaction's Session that calls the operations of this package — with how to tell, from its
result, what it changed. `perform` runs it in one transaction (a backup first for a destructive
action); the GUI's one runner (`ui.runner.Runner`) calls `perform`, marks the database as changed
since the last backup and tells the views what changed, so a window never opens a session or
refreshes views by hand. The audit lines are written by the operations themselves, inside the
same transaction (`ranoat.storage.audit`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from ranoat.domain.errors import OperationError
from ranoat.storage.database import Database, DatabaseError

T = TypeVar("T")
Action = Callable[[Session], T]  # the work of one transaction
Transaction = Session  # its Session, for a caller that names the type (the GUI imports no SQLAlchemy)


@dataclass(frozen=True)
class Changes:
    """What an action changed: which views show something that is no longer true."""

    commune: bool = False  # the commune's settings, villages, officers or seal key
    rounds: bool = False  # a round was opened or imported: the list of rounds
    households: bool = False  # households were added, removed or many changed: the whole register
    household_id: int | None = None  # the one household whose row changed
    results: bool = False  # results of the round changed: the open Phiếu B is read again

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            commune=self.commune or other.commune,
            rounds=self.rounds or other.rounds,
            households=self.households or other.households,
            household_id=self.household_id if self.household_id is not None else other.household_id,
            results=self.results or other.results,
        )


@dataclass(frozen=True)
class Operation(Generic[T]):
    """An action, what it changed (from its result), and the reason of a backup made before it."""

    action: Action[T]
    changes: Callable[[T], Changes]
    backup_first: str | None = None  # "before-delete": a destructive action is backed up first


def operation(action: Action[T], changes: Changes, *, backup_first: str | None = None) -> Operation[T]:
    """An operation whose changes do not depend on its result."""
    return Operation(action, lambda _result: changes, backup_first)


class WriteFailedError(OperationError):
    """The database refused the transaction (a constraint, a locked or full disk): nothing was written."""

    def __init__(self, cause: SQLAlchemyError | DatabaseError) -> None:
        if isinstance(cause, DatabaseError):  # a full disk, a damaged or read-only file: said already (issue #16)
            self.kind = str(cause)
            super().__init__(self.kind)
            return
        self.kind = cause.__class__.__name__
        super().__init__(f"Không ghi được vào cơ sở dữ liệu ({self.kind}): không có gì thay đổi.")


def perform(database: Database, op: Operation[T]) -> tuple[T, Changes]:
    """Run ``op`` in one transaction: all of it or, on any error, nothing (the session rolls back).
    Raises `OperationError` (a refusal) or `WriteFailedError` (the database refused)."""
    if op.backup_first is not None:
        database.backup(op.backup_first)
    try:
        with database.session() as session:
            result = op.action(session)
    except (SQLAlchemyError, DatabaseError) as exc:
        raise WriteFailedError(exc) from exc
    return result, op.changes(result)


def read(database: Database, query: Action[T]) -> T:
    """What ``query`` reads, in a transaction of its own (it writes nothing)."""
    with database.session() as session:
        return query(session)
