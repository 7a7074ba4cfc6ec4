"""Vietnamese text from older Excel files: TCVN3 (ABC, fonts .VnTime/.VnArial) and VNI-Windows
(fonts VNI-Times …) to Unicode NFC, and one tone-mark placement (rules.md §5).

Such files store each legacy byte as the Latin-1 character of the same code (Excel saved them as
Unicode text in a legacy font), so "Nguyễn Văn Đức" reads "NguyÔn V¨n §øc" (TCVN3) or
"Nguyeãn Vaên Ñöùc" (VNI). Which encoding a sheet uses is decided from all its text cells together
(`detect_encoding`): a name like "Thò" is Unicode and VNI for "Thị" at once, and only the sheet
tells which. A cell is then converted when the result is at least as plausible Vietnamese as the
cell was (`convert_cell`).

Tone-mark placement: the traditional placement of the national forms and of most registers —
"hòa", "khỏe", "thủy" (the mark on the first vowel of an open oa/oe/uy) — is the one stored;
"hoà", "khoẻ", "thuỷ" are rewritten to it (`normalize_text`). Search folds both anyway.

Uppercase TCVN3 written with the separate uppercase fonts (.VnTimeH) uses the lowercase codes and
converts to lowercase letters: the font is not part of the cell's text.
"""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum
from functools import lru_cache


class TextEncoding(StrEnum):
    UNICODE = "unicode"
    TCVN3 = "tcvn3"
    VNI = "vni"


ENCODING_NAMES = {TextEncoding.UNICODE: "Unicode", TextEncoding.TCVN3: "TCVN3 (ABC)", TextEncoding.VNI: "VNI"}

# TCVN3 (ABC): one byte per letter. Lowercase letters with their tones, and the seven uppercase
# base letters the .VnTime fonts have.
_TCVN3_PAIRS = (
    "µà ¸á ¶ả ·ã ¹ạ ¨ă »ằ ¾ắ ¼ẳ ½ẵ Æặ ©â Çầ Êấ Èẩ Éẫ Ëậ ®đ Ìè Ðé Îẻ Ïẽ Ñẹ ªê Òề Õế Óể Ôễ Öệ "
    "×ì Ýí Øỉ Üĩ Þị ßò ãó áỏ âõ äọ «ô åồ èố æổ çỗ éộ ¬ơ êờ íớ ëở ìỡ îợ ïù óú ñủ òũ ôụ "
    "\u00adư õừ øứ öử ÷ữ ùự úỳ ýý ûỷ üỹ þỵ ¡Ă ¢Â §Đ £Ê ¤Ô ¥Ơ ¦Ư"
)
TCVN3_TABLE: dict[str, str] = {pair[0]: pair[1] for pair in _TCVN3_PAIRS.split(" ")}

# VNI-Windows: a base letter followed by a mark character; a few letters are one character.
_VNI_MARKS = {  # mark character → (tone or modifier) as combining characters, lower and upper case
    "ù": "\u0301",
    "ø": "\u0300",
    "û": "\u0309",
    "õ": "\u0303",
    "ï": "\u0323",
    "â": "\u0302",
    "ê": "\u0306",
    "é": "\u0306\u0301",
    "è": "\u0306\u0300",
    "ú": "\u0306\u0309",
    "ü": "\u0306\u0303",
    "ë": "\u0306\u0323",
    "á": "\u0302\u0301",
    "à": "\u0302\u0300",
    "å": "\u0302\u0309",
    "ã": "\u0302\u0303",
    "ä": "\u0302\u0323",
}
_VNI_SINGLE = {"í": "í", "ì": "ì", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "ô": "ơ", "ö": "ư", "î": "ỵ", "ñ": "đ"}
# Which modifiers a base letter can carry: â/ê/ô take the circumflex, a the breve, ơ/ư the horn
_VNI_BASES = {"a": "âêéèúüëáàåãäùøûõï", "e": "âáàåãäùøûõï", "o": "âáàåãäùøûõï", "u": "ùøûõï", "y": "ùøûõ"}
_VNI_BASES.update({"ô": "ùøûõï", "ö": "ùøûõï"})


def _vni_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for base, marks in _VNI_BASES.items():
        for mark in marks:
            for upper in (False, True):
                letter = _VNI_SINGLE.get(base, base)
                combining = _VNI_MARKS[mark]
                if base == "e" and mark in "áàåãä":
                    combining = "\u0302" + combining[-1]
                text = unicodedata.normalize("NFC", letter + combining)
                key = base + mark
                if upper:
                    key, text = key.upper(), text.upper()
                table[key] = text
    for single, letter in _VNI_SINGLE.items():
        table.setdefault(single, letter)
        table.setdefault(single.upper(), letter.upper())
    return table


VNI_TABLE = _vni_table()
_VNI_PATTERN = re.compile("|".join(re.escape(k) for k in sorted(VNI_TABLE, key=len, reverse=True)))
_TCVN3_TRANSLATION = str.maketrans(TCVN3_TABLE)


def from_tcvn3(text: str) -> str:
    return unicodedata.normalize("NFC", text.translate(_TCVN3_TRANSLATION))


def from_vni(text: str) -> str:
    return unicodedata.normalize("NFC", _VNI_PATTERN.sub(lambda m: VNI_TABLE[m.group(0)], text))


def decode(text: str, encoding: TextEncoding) -> str:
    if encoding is TextEncoding.TCVN3:
        return from_tcvn3(text)
    if encoding is TextEncoding.VNI:
        return from_vni(text)
    return text


# ----------------------------------------------------------------------------- plausibility
_TONES = "\u0300\u0301\u0303\u0309\u0323"
_ONSETS = "ngh|ch|gh|gi|kh|ng|nh|ph|qu|th|tr|b|c|d|đ|g|h|k|l|m|n|p|r|s|t|v|x"
_NUCLEI = (
    "iêu|yêu|oai|oay|oeo|uây|uôi|uya|uyê|uyu|ươi|ươu|"
    "ai|ao|au|ay|âu|ây|eo|êu|ia|iê|iu|oa|oă|oe|oi|ôi|ơi|ua|uâ|uê|ui|uô|uơ|ưa|ưi|ưu|ươ|uy|yê|"
    "a|ă|â|e|ê|i|o|ô|ơ|u|ư|y"
)
_SYLLABLE = re.compile(f"^(?:{_ONSETS})?(?:{_NUCLEI})(?:ch|ng|nh|c|m|n|p|t)?$")
_WORD = re.compile(r"[^\W\d_]+")
_SYMBOL_IN_WORD = re.compile(r"(?<=[^\W\d_])[«»÷×·¹½¼¾]|[«»÷×·¹½¼¾](?=[^\W\d_])")
_LETTERS = frozenset("aăâbcdđeêghiklmnoôơpqrstuưvxyfjwz")


@lru_cache(maxsize=65536)
def _word_cost(word: str) -> int:
    """0 for a plausible Vietnamese syllable (or an ASCII word), else 1 per odd letter, at least 1."""
    if word.isascii():
        return 0
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = sum(1 for ch in decomposed if ch in _TONES)
    base = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONES))
    odd = sum(1 for ch in base if ch not in _LETTERS)
    if odd:
        return 2 * odd
    return 0 if tones <= 1 and _SYLLABLE.match(base) else 1


def implausibility(text: str) -> int:
    """How far a text is from Vietnamese: odd letters and impossible syllables."""
    cost = 0
    for word in _WORD.findall(text):
        cost += _word_cost(word)
    for ch in text:  # symbols no Vietnamese text has but legacy letters show as (¸ µ ¶ ¹ ¨ ª ¬ …)
        if "\u00a1" <= ch <= "\u00bf" and ch not in "«»°±²³·¹º½¼¾":
            cost += 2
    # «, », ÷, ×, · inside a word are TCVN3 letters (ô, ư …): "Th«n", "N÷"
    cost += 2 * len(_SYMBOL_IN_WORD.findall(text))
    return cost


def _may_be_legacy(text: str) -> bool:
    """Legacy text is all Latin-1 (one byte per character); a letter beyond (ễ, ơ, đ) is Unicode."""
    return any("\u00a0" <= ch <= "\u00ff" for ch in text) and all(ch <= "\u00ff" for ch in text)


def detect_encoding(texts: list[str]) -> TextEncoding:
    """The legacy encoding that makes a sheet's text most plausible, or Unicode."""
    gains = {TextEncoding.TCVN3: 0, TextEncoding.VNI: 0}
    for text in texts:
        if not _may_be_legacy(text):
            continue
        before = implausibility(text)
        if before == 0:
            continue
        for encoding in gains:
            gains[encoding] += before - implausibility(decode(text, encoding))
    best = max(gains, key=lambda e: gains[e])
    return best if gains[best] > 0 else TextEncoding.UNICODE


def convert_cell(text: str, encoding: TextEncoding, *, on_tie: bool = True) -> str:
    """The cell in Unicode: converted from the sheet's legacy encoding when that makes it more
    plausible Vietnamese (or, with ``on_tie``, as plausible), then NFC and the traditional tone
    placement."""
    if encoding is not TextEncoding.UNICODE and _may_be_legacy(text):
        converted = decode(text, encoding)
        if converted != text:
            before, after = implausibility(text), implausibility(converted)
            if after < before or (on_tie and after == before):
                text = converted
    return normalize_text(text)


def is_tie(text: str, encoding: TextEncoding) -> bool:
    """Both readings are plausible ("Thò" is a word, and VNI for "Thị"): only the column can tell."""
    if encoding is TextEncoding.UNICODE or not _may_be_legacy(text):
        return False
    converted = decode(text, encoding)
    return converted != text and implausibility(converted) == implausibility(text)


# ----------------------------------------------------------------------------- tone placement
_OLD_STYLE = re.compile(r"(?<![qQ])([oO][aAeE]|[uU][yY])$")


def _place_tone(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word)
    tone = next((ch for ch in decomposed if ch in _TONES), None)
    if tone is None:
        return word
    plain = unicodedata.normalize("NFC", decomposed.replace(tone, ""))
    found = _OLD_STYLE.search(plain)
    if found is None or not plain.isalpha():
        return word
    start = found.start()
    return unicodedata.normalize("NFC", plain[: start + 1] + tone + plain[start + 1 :])


def normalize_text(text: str) -> str:
    """NFC, spaces collapsed, and the traditional tone placement: "hoà" → "hòa", "thuỷ" → "thủy"."""
    text = " ".join(unicodedata.normalize("NFC", text).split())
    return _WORD.sub(lambda m: _place_tone(m.group(0)), text) if not text.isascii() else text
