"""The seal of an exchange workbook: proof that it comes from the holder of the commune's key.

The checksum `data_sha256` detects accidental or careless edits, but anyone can recompute it after
editing a file. The province gives each commune a secret key (32 random bytes); the commune's
export then writes two metadata keys (docs/exchange-format.md, "The seal"):

- ``seal_key_id``: the first 8 hex digits of the SHA-256 of the key — a fingerprint that tells a
  wrong key (an old or mistyped one) from a forged file, and reveals nothing usable of the key;
- ``seal``: HMAC-SHA256 (RFC 2104, the standard library's `hmac`) under the key of the UTF-8 text
  ``ranoat-seal-v1\\n`` followed by the ``data_sha256`` value, in lower-case hex.

Only someone who holds the key can compute a seal that matches a changed checksum.

Keys are shown to people (and stored in the province's keys file) as text an officer can type:
the 32 key bytes and 3 check bytes in base32 (RFC 4648: A–Z and 2–7, no 0/1/8/9 to confuse),
56 letters in 14 groups of 4 — a mistyped key is refused when it is entered, never discovered
at the province. Functions here never put a key into an error message.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

KEY_BYTES = 32
_CHECK_BYTES = 3
SEAL_CONTEXT = b"ranoat-seal-v1\n"
SEAL_KEYS = ("seal_key_id", "seal")  # the metadata keys of the seal
_GROUP = 4
# Letters people confuse with the base32 alphabet's own (which has no 0, 1, 8 or 9)
_LOOKALIKES = str.maketrans({"0": "O", "1": "I", "8": "B"})


class SealKeyError(ValueError):
    """A key text that is not a valid seal key (the message never contains the text)."""


def new_key() -> bytes:
    """A new random key, from the operating system's secure source."""
    return secrets.token_bytes(KEY_BYTES)


def _check(key: bytes) -> bytes:
    return hashlib.sha256(b"ranoat-seal-key-check\n" + key).digest()[:_CHECK_BYTES]


def key_text(key: bytes) -> str:
    """The key as people type it: "ABCD-EFGH-…", 14 groups of 4 letters and digits 2–7."""
    _require_key(key)
    letters = base64.b32encode(key + _check(key)).decode("ascii")  # 35 bytes: 56 letters, no padding
    return "-".join(letters[i : i + _GROUP] for i in range(0, len(letters), _GROUP))


def parse_key(text: str) -> bytes:
    """The key of a typed or pasted key text: case, spaces and dashes do not matter, and 0, 1, 8
    typed for O, I, B are read as those. Refused when it is not one whole key or a letter is wrong."""
    letters = "".join(text.split()).replace("-", "").upper().translate(_LOOKALIKES)
    expected = (KEY_BYTES + _CHECK_BYTES) * 8 // 5
    if len(letters) != expected:
        raise SealKeyError(
            f"Khoá niêm phong phải có {expected} ký tự (14 nhóm 4 ký tự), khoá đã nhập có {len(letters)} ký tự."
        )
    try:
        raw = base64.b32decode(letters)
    except ValueError as exc:
        raise SealKeyError("Khoá niêm phong chỉ gồm các chữ A–Z và các số 2–7.") from exc
    key, check = raw[:KEY_BYTES], raw[KEY_BYTES:]
    if not hmac.compare_digest(check, _check(key)):
        raise SealKeyError("Khoá niêm phong không đúng: có ký tự bị gõ sai. Hãy gõ lại đúng như tỉnh đã cấp.")
    return key


def key_id(key: bytes) -> str:
    """The key's fingerprint written beside the seal: the first 8 hex digits of its SHA-256."""
    _require_key(key)
    return hashlib.sha256(key).hexdigest()[:8]


def seal_of(key: bytes, data_sha256: str) -> str:
    """The seal of a workbook whose checksum is ``data_sha256``."""
    _require_key(key)
    return hmac.new(key, SEAL_CONTEXT + data_sha256.encode("utf-8"), hashlib.sha256).hexdigest()


def seal_matches(key: bytes, data_sha256: str, seal: str) -> bool:
    """Whether ``seal`` is the seal of ``data_sha256`` under ``key`` (compared in constant time)."""
    return hmac.compare_digest(seal_of(key, data_sha256).encode(), seal.strip().lower().encode("utf-8"))


def _require_key(key: bytes) -> None:
    if len(key) != KEY_BYTES:
        raise SealKeyError(f"Khoá niêm phong phải dài {KEY_BYTES} byte.")
