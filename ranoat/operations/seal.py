"""The commune's seal key (docs/merge.md, "The seal"): set once from the text the province gave.

The key is stored in the commune's row (`Commune.seal_key`, hex) and read by the export, which
seals the exchange workbook with it. What is shown back to people is its fingerprint
(`ranoat.excel.seal.key_id`), never the key.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ranoat.domain.errors import OperationError
from ranoat.excel.seal import SealKeyError, key_id, parse_key
from ranoat.storage.models import Commune


@dataclass(frozen=True)
class SealKeySet:
    key_id: str  # the fingerprint of the key now set
    replaced: str | None  # the fingerprint of the key it replaced, if another was set
    changed: bool  # False when the same key was set already


def commune_seal_key(session: Session) -> bytes | None:
    """The commune's key, for the export; None when the province has not given one yet."""
    stored = session.scalar(select(Commune.seal_key))
    return bytes.fromhex(stored) if stored else None


def seal_key_id(session: Session) -> str | None:
    """The fingerprint of the commune's key (what the settings show), or None."""
    key = commune_seal_key(session)
    return key_id(key) if key is not None else None


def set_seal_key(session: Session, text: str, *, replace: bool = False) -> SealKeySet:
    """Store the key typed or pasted from the province's text. A different key already set is
    only replaced with ``replace`` (the caller asked first): files sealed with the old key no
    longer verify at the province once it holds the new one."""
    commune = session.scalar(select(Commune))
    if commune is None:
        raise OperationError("Hãy nhập thông tin xã trước khi đặt khoá niêm phong.")
    try:
        key = parse_key(text)
    except SealKeyError as exc:
        raise OperationError(str(exc)) from None  # the cause would carry nothing more; never the text
    old = bytes.fromhex(commune.seal_key) if commune.seal_key else None
    if old == key:
        return SealKeySet(key_id(key), None, changed=False)
    if old is not None and not replace:
        raise OperationError(
            f"Xã đã có khoá niêm phong (mã khoá {key_id(old)}). Thay khoá khác thì các tệp đã niêm phong bằng "
            "khoá cũ sẽ không còn kiểm tra được ở tỉnh: chỉ thay khi tỉnh đã cấp khoá mới."
        )
    commune.seal_key = key.hex()
    session.flush()
    return SealKeySet(key_id(key), key_id(old) if old is not None else None, changed=True)
