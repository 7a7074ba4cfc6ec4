"""The audit log: every insert, update and delete of register data, with who, when, old → new.

Mapper events write it on the same connection, inside the same flush, as the change itself: so
there is never a change without its audit line (nor a line for a change that was rolled back),
and rows deleted during the flush — a member removed from a roster (delete-orphan), a cascade —
are logged too. The user is the one `Database.session()` put in ``session.info["user"]``.
Bulk statements (`session.execute(insert(...))`, used by the demo generator) bypass the ORM and
are not logged; register operations use the ORM. Secret columns (the commune's seal key) are
logged as "***" when set: the log shows that the key was set or changed, never the key.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Connection, event, insert, inspect
from sqlalchemy.orm import Mapper, object_session

from ranoat.storage.models import AuditEntry, Base, utcnow

_installed = False
IGNORED = frozenset({"updated_at"})
SECRET = frozenset({"seal_key"})  # logged as set or not, never their value
MASK = "***"


def install_audit() -> None:
    global _installed
    if not _installed:
        event.listen(Base, "after_insert", _after_insert, propagate=True)
        event.listen(Base, "after_update", _after_update, propagate=True)
        event.listen(Base, "after_delete", _after_delete, propagate=True)
        _installed = True


def _plain(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def _shown(key: str, value: Any) -> Any:
    if key in SECRET:
        return None if value is None else MASK
    return _plain(value)


def _columns(mapper: Mapper[Any], target: Base) -> dict[str, Any]:
    return {column.key: _shown(column.key, getattr(target, column.key)) for column in mapper.column_attrs}


def _write(connection: Connection, mapper: Mapper[Any], target: Base, action: str, old: Any, new: Any) -> None:
    if isinstance(target, AuditEntry):
        return
    session = object_session(target)
    user = str(session.info.get("user", "?")) if session is not None else "?"
    key = "/".join(str(part) for part in mapper.primary_key_from_instance(target))
    connection.execute(
        insert(AuditEntry),
        [
            {
                "at": utcnow(),
                "user": user,
                "table_name": target.__tablename__,
                "record_id": key,
                "action": action,
                "old": old,
                "new": new,
            }
        ],
    )


def _after_insert(mapper: Mapper[Any], connection: Connection, target: Base) -> None:
    _write(connection, mapper, target, "insert", None, _columns(mapper, target))


def _after_update(mapper: Mapper[Any], connection: Connection, target: Base) -> None:
    state = inspect(target)
    old: dict[str, Any] = {}
    new: dict[str, Any] = {}
    for attr in mapper.column_attrs:
        if attr.key in IGNORED:
            continue
        history = state.attrs[attr.key].history
        if history.has_changes():
            old[attr.key] = _shown(attr.key, history.deleted[0]) if history.deleted else None
            new[attr.key] = _shown(attr.key, history.added[0]) if history.added else None
    if new:
        _write(connection, mapper, target, "update", old, new)


def _after_delete(mapper: Mapper[Any], connection: Connection, target: Base) -> None:
    _write(connection, mapper, target, "delete", _columns(mapper, target), None)
