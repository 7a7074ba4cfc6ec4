"""The audit log: every insert, update and delete of register data, with who, when, old → new.

A session hook writes it in the same transaction as the change, so there is never a change
without its audit line (nor a line for a change that was rolled back). The user is the one the
`Database.session()` put in ``session.info["user"]``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import event, insert, inspect
from sqlalchemy.orm import Session, UOWTransaction

from ranoat.storage.models import AuditEntry, Base, utcnow

_installed = False


def install_audit() -> None:
    global _installed
    if not _installed:
        event.listen(Session, "after_flush", _after_flush)
        _installed = True


def _plain(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def _columns(obj: Base) -> dict[str, Any]:
    mapper = inspect(obj).mapper
    return {column.key: _plain(getattr(obj, column.key)) for column in mapper.column_attrs}


def _key(obj: Base) -> str:
    values = inspect(obj).mapper.primary_key_from_instance(obj)
    return "/".join(str(part) for part in values)


def _after_flush(session: Session, _context: UOWTransaction) -> None:
    user = str(session.info.get("user", "?"))
    now = utcnow()
    rows: list[dict[str, Any]] = []
    for obj in session.new:
        if isinstance(obj, Base) and not isinstance(obj, AuditEntry):
            rows.append(_row(user, now, obj, "insert", None, _columns(obj)))
    for obj in session.dirty:
        if isinstance(obj, Base) and not isinstance(obj, AuditEntry) and session.is_modified(obj):
            state = inspect(obj)
            old: dict[str, Any] = {}
            new: dict[str, Any] = {}
            for attr in state.mapper.column_attrs:
                history = state.attrs[attr.key].history
                if history.has_changes():
                    old[attr.key] = _plain(history.deleted[0]) if history.deleted else None
                    new[attr.key] = _plain(history.added[0]) if history.added else None
            old.pop("updated_at", None)
            new.pop("updated_at", None)
            if new:
                rows.append(_row(user, now, obj, "update", old, new))
    for obj in session.deleted:
        if isinstance(obj, Base) and not isinstance(obj, AuditEntry):
            rows.append(_row(user, now, obj, "delete", _columns(obj), None))
    if rows:
        session.connection().execute(insert(AuditEntry), rows)


def _row(user: str, now: dt.datetime, obj: Base, action: str, old: Any, new: Any) -> dict[str, Any]:
    return {
        "at": now,
        "user": user,
        "table_name": obj.__tablename__,
        "record_id": _key(obj),
        "action": action,
        "old": old,
        "new": new,
    }
