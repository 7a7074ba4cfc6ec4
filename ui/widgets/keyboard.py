"""Keyboard-first entry: Enter moves to the next field, as on a paper form; lists are picked by the
first letters of their items, typed without diacritics ("nu" → Nữ, "vo" → Vợ/chồng)."""

from __future__ import annotations

import re
import time

from PySide6.QtCore import Qt
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QComboBox, QWidget

from ranoat.domain.search import fold

TYPE_AHEAD_PAUSE_S = 1.2  # a longer pause starts a new search, as in Qt's own item views


def focus_next(widget: QWidget) -> QWidget | None:
    """Give the focus to the next field after ``widget`` in the Tab order; return it.

    A field whose focus is handed to another (a spin box's inner line edit) is not a stop of its own:
    without this check, Enter in a spin box gave the focus back to the spin box itself."""
    candidate = widget.nextInFocusChain()
    while candidate is not None and candidate is not widget:
        if (
            candidate.focusPolicy() & Qt.FocusPolicy.TabFocus
            and candidate.isVisible()
            and candidate.isEnabled()
            and candidate.focusProxy() is None
            and not widget.isAncestorOf(candidate)
        ):
            candidate.setFocus(Qt.FocusReason.TabFocusReason)
            return candidate
        candidate = candidate.nextInFocusChain()
    return None


def _words(label: str) -> list[str]:
    return [word for word in re.split(r"[\s/,.()]+", fold(label)) if word]


def match_item(labels: list[str], typed: str) -> int:
    """The index of the item that ``typed`` (folded, no diacritics) picks, or -1.

    First an item whose label begins with it ("nu" → Nữ, "con d" → Con dâu/con rể), then one with a
    word beginning with it ("chong" → Vợ/chồng, "me" → Bố/mẹ). The same letter typed again and again
    ("nn") steps through the items that begin with it, as Qt's own lists do."""
    key = fold(typed)
    if not key:
        return -1
    folded = [fold(label) for label in labels]
    for index, label in enumerate(folded):
        if label.startswith(key):
            return index
    for index, label in enumerate(labels):
        if any(word.startswith(key) for word in _words(label)):
            return index
    if len(set(key)) == 1:
        hits = [index for index, label in enumerate(folded) if label.startswith(key[0])]
        if hits:
            return hits[(len(key) - 1) % len(hits)]
    return -1


class TypeAheadCombo(QComboBox):
    """A drop-down list picked from the keyboard by the first letters of an item, without diacritics."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._typed = ""
        self._last = 0.0

    def keyPressEvent(self, event: QKeyEvent) -> None:
        text = event.text()
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier & ~Qt.KeyboardModifier.KeypadModifier
        if text and text.isprintable() and not modifiers and not self.isEditable():
            now = time.monotonic()
            if now - self._last > TYPE_AHEAD_PAUSE_S:
                self._typed = ""
            self._last = now
            self._typed += text
            labels = [self.itemText(i) for i in range(self.count())]
            index = match_item(labels, self._typed)
            if index < 0:  # no item begins with what was typed: start again from this key
                self._typed = text
                index = match_item(labels, text)
            if index >= 0:
                self.setCurrentIndex(index)
            event.accept()
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self._typed = ""
        super().focusOutEvent(event)
