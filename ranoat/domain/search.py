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
        if letter.isspace():
            base.append((-1, 0))  # a space sorts before any letter: "An" < "An Bình" < "Anh"
        elif letter in _ORDER:
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


def sort_text(text: str) -> str:
    """`sort_key` as a string that compares in the same order with plain binary comparison.

    Stored in an indexed column, it lets SQLite sort by Vietnamese order without a Python
    collation (which costs seconds on 50,000 rows).
    """
    base, tones = _letters(text)
    letters = "".join(
        chr(0x2F) if position < 0 else chr(0x30 + position) if position < len(_ALPHABET) else chr(0x100 + code)
        for position, code in base
    )
    return letters + "\x01" + "".join(chr(0x30 + tone) for tone in tones)


def name_sort_text(full_name: str) -> str:
    """`name_sort_key` as a binary-comparable string: given name first, then the full name."""
    words = full_name.split()
    return sort_text(words[-1] if words else "") + "\x00" + sort_text(full_name)


def search_document(code: str, names: list[str], identity_numbers: list[str]) -> str:
    """What the register searches for a household: its code, members' names and CCCDs, folded.

    Entries are separated by '|' so that a typed phrase ("hoang van d") matches within one name
    and never across two members' names.
    """
    return "|".join([fold(code), *(fold(name) for name in names), *identity_numbers])
