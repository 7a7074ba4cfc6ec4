"""Keyboard-first entry: Enter moves to the next field, as on a paper form."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget


def focus_next(widget: QWidget) -> QWidget | None:
    """Give the focus to the next field after ``widget`` in the Tab order; return it."""
    candidate = widget.nextInFocusChain()
    while candidate is not None and candidate is not widget:
        if candidate.focusPolicy() & Qt.FocusPolicy.TabFocus and candidate.isVisible() and candidate.isEnabled():
            candidate.setFocus(Qt.FocusReason.TabFocusReason)
            return candidate
        candidate = candidate.nextInFocusChain()
    return None
