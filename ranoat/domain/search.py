"""Folding for search and duplicate detection, and the Vietnamese sort order (rules.md §5).

- `fold`: NFC first, then drop case, diacritics and tone marks, and đ → d, so that "duc" finds
  "Đức" and old/new tone placement ("hoà"/"hòa", "thuý"/"thúy") compare equal. SQLite's FTS5
  `remove_diacritics` does not fold đ (notes/stack-facts.md), so folding happens here, in Python,
  into an indexed column.
- `sort_key`: the Vietnamese alphabet order (a ă â b c d đ e ê … o ô ơ … u ư …), then the tones
  (ngang, huyền, hỏi, ngã, sắc, nặng) as a tie-break; `name_sort_key` sorts people by given name
  (the last word) first, as Vietnamese lists do.
"""

from __future__ import annotations

import unicodedata

_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền hỏi ngã sắc nặng
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_ORDER = {letter: index for index, letter in enumerate(_ALPHABET)}


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", unicodedata.normalize("NFC", text).lower())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.replace("đ", "d").split())


def _letters(text: str) -> tuple[list[tuple[int, int]], list[int]]:
    """Each letter as (alphabet position, code point for non-letters) and the tone of each letter."""
    base: list[tuple[int, int]] = []
    tones: list[int] = []
    for char in unicodedata.normalize("NFC", text).lower():
        decomposed = unicodedata.normalize("NFD", char)
        tone = next((_TONES[m] for m in decomposed if m in _TONES), 0)
        letter = unicodedata.normalize("NFC", "".join(m for m in decomposed if m not in _TONES))
        if letter in _ORDER:
            base.append((_ORDER[letter], 0))
        else:
            base.append((len(_ALPHABET), ord(letter[0]) if letter else 0))
        tones.append(tone)
    return base, tones


def sort_key(text: str) -> tuple[tuple[tuple[int, int], ...], tuple[int, ...]]:
    base, tones = _letters(text)
    return tuple(base), tuple(tones)


def name_sort_key(full_name: str) -> tuple[object, ...]:
    words = full_name.split()
    given = words[-1] if words else ""
    return sort_key(given), sort_key(full_name)
