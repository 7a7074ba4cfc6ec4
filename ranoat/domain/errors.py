"""The one error every operation raises when it refuses an action, and the check every free text
passes before it is stored: no longer than an Excel cell holds (issue #11 item 9)."""

from __future__ import annotations

from collections.abc import Iterable

from ranoat.domain.vietnamese import format_number

# UTF-16 code units in one Excel cell (XlsxWriter's `xls_strmax`): a longer text cannot be exported whole
CELL_TEXT_LIMIT = 32_767


class OperationError(Exception):
    """An action refused with a Vietnamese reason; nothing was changed."""


class TextTooLongError(OperationError):
    """A text longer than an Excel cell holds: refused, never cut."""


def cell_length(text: str) -> int:
    """The length Excel counts against a cell's limit: UTF-16 code units (a character outside the
    BMP, an emoji say, counts two)."""
    return len(text.encode("utf-16-le")) // 2


def too_long(what: str, text: str | None) -> str | None:
    """Why ``text`` (``what``: "Lý do điều chỉnh") cannot be stored, None when it fits a cell."""
    if text is None or cell_length(text) <= CELL_TEXT_LIMIT:
        return None
    return (
        f"{what} dài {format_number(cell_length(text))} ký tự, quá {format_number(CELL_TEXT_LIMIT)} ký tự một ô Excel "
        "chứa được: sổ trao đổi và danh sách không ghi được trọn. Hãy rút ngắn."
    )


def refuse_long_texts(texts: Iterable[tuple[str, str | None]]) -> None:
    """Raise `TextTooLongError` naming every (what, text) too long for a cell; nothing is stored."""
    problems = [problem for what, text in texts if (problem := too_long(what, text)) is not None]
    if problems:
        raise TextTooLongError(" ".join(problems))
