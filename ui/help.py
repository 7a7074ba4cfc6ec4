"""Trợ giúp → Hướng dẫn sử dụng (F1): the user guide inside the program, offline.

The guide (docs/huong-dan-su-dung.md, shipped in the wheel, `ranoat.shipped.user_guide`) is shown
by a `QTextBrowser` as Markdown, with its pictures, opened at the chapter that matches the window or
page the officer is on (`TOPICS`). Chapters are found by their title, not their number, so a new
chapter does not break the map. The guide is in Vietnamese (the English UI opens it too).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QUrl
from PySide6.QtGui import QKeyEvent, QKeySequence, QTextCursor, QTextDocument
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QLineEdit, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from ranoat.domain.search import fold
from ranoat.shipped import user_guide

# The chapter of the guide for each window (its class name) and page of the main window: titles
# of the Vietnamese guide, matched against its headings (so not translated)
TOPICS = {
    "RegisterPage": "Danh sách hộ",  # not translated: a chapter title of the Vietnamese guide
    "SurveyPage": "Nhập Phiếu B",  # not translated: a chapter title of the Vietnamese guide
    "RoundPage": "Kỳ rà soát: họp dân, niêm yết, quyết định",  # not translated: a chapter title of the Vietnamese guide
    "StandardsPage": "Chuẩn nghèo và máy tính phân loại",  # not translated: a chapter title of the Vietnamese guide
    "DashboardPage": "Kỳ rà soát: họp dân, niêm yết, quyết định",  # not translated: Tổng hợp is described there
    "HouseholdDialog": "Thêm, sửa hộ và thành viên",  # not translated: a chapter title of the Vietnamese guide
    "CommuneDialog": "Mở chương trình lần đầu",  # not translated: a chapter title of the Vietnamese guide
    "RoundDialog": "Mở kỳ rà soát",  # not translated: a chapter title of the Vietnamese guide
    "ExportDialog": "Xuất Excel cho cấp trên và để niêm yết",  # not translated: a chapter title of the Vietnamese guide
    "ImportWizard": "Nhập danh sách hộ từ Excel",  # not translated: a chapter title of the Vietnamese guide
    "MergeWindow": "Gộp sổ của các xã",  # not translated: a chapter title of the Vietnamese guide
    "PapersDialog": "Giấy tờ của kỳ rà soát",  # not translated: a chapter title of the Vietnamese guide
}


class HelpWindow(QDialog):
    """The user guide, with a search field (Enter finds the next place, diacritics optional)."""

    def __init__(self, parent: QWidget | None = None, guide: Path | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Hướng dẫn sử dụng Ranoat"))
        self.resize(900, 680)
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(True)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Tìm trong hướng dẫn (Enter: chỗ tiếp theo)"))
        self.search.setAccessibleName(self.tr("Tìm trong hướng dẫn"))
        self.search.returnPressed.connect(self.find_next)
        close = QPushButton(self.tr("Đó&ng"))
        close.clicked.connect(self.close)
        close.setShortcut(QKeySequence.StandardKey.Close)
        top = QHBoxLayout()
        label = QLabel(self.tr("&Tìm:"))
        label.setBuddy(self.search)
        top.addWidget(label)
        top.addWidget(self.search, 1)
        top.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.browser, 1)
        self.guide = guide if guide is not None else user_guide()
        if self.guide is None or not self.guide.is_file():
            self.browser.setPlainText(
                self.tr(
                    "Không tìm thấy tệp hướng dẫn sử dụng (huong-dan-su-dung.md) trong bản cài đặt này. "
                    "Hãy cài lại Ranoat hoặc đọc hướng dẫn trong thư mục docs của mã nguồn."
                )
            )
        else:
            self.browser.setSearchPaths([str(self.guide.parent)])
            self.browser.setSource(QUrl.fromLocalFile(str(self.guide)), QTextDocument.ResourceType.MarkdownResource)

    def headings(self) -> list[str]:
        """The chapter titles of the guide, in order."""
        found = []
        block = self.browser.document().begin()
        while block.isValid():
            if block.blockFormat().headingLevel() > 0:
                found.append(block.text())
            block = block.next()
        return found

    def show_topic(self, title: str) -> bool:
        """Scroll to the chapter whose title begins with ``title`` (its number aside); False if none."""
        wanted = fold(title)
        block = self.browser.document().begin()
        while block.isValid():
            if block.blockFormat().headingLevel() > 0 and _title(block.text()).startswith(wanted):
                self.browser.setTextCursor(QTextCursor(block))
                layout = self.browser.document().documentLayout()
                top = layout.blockBoundingRect(block).top() if layout is not None else 0.0
                self.browser.verticalScrollBar().setValue(int(top))  # the chapter's title at the top
                return True
            block = block.next()
        return False

    def current_heading(self) -> str:
        """The title of the chapter the cursor is in (tests, and the title bar)."""
        block = self.browser.textCursor().block()
        while block.isValid():
            if block.blockFormat().headingLevel() > 0:
                return block.text()
            block = block.previous()
        return ""

    def find_next(self) -> bool:
        text = self.search.text().strip()
        if not text:
            return False
        if self.browser.find(text):
            return True
        self.browser.moveCursor(QTextCursor.MoveOperation.Start)  # from the top again
        return self.browser.find(text)


class HelpKey(QObject):
    """F1 in any other window of the program (a dialog blocks the main window's own F1 shortcut
    while it is open): ``show`` is called with that window."""

    def __init__(self, main: QWidget, show: Callable[[QWidget], object]) -> None:
        super().__init__(main)
        self._main = main
        self._show = show

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_F1
            and event.modifiers() == Qt.KeyboardModifier.NoModifier
            and isinstance(watched, QWidget)
            and watched.window() is not self._main
            and not isinstance(watched.window(), HelpWindow)
        ):
            self._show(watched.window())
            return True
        return False


def _title(heading: str) -> str:
    """A chapter's title without its number ("5. Nhập Phiếu B" → "nhap phieu b"), folded."""
    return fold(re.sub(r"^\s*\d+(\.\d+)*\.?\s*", "", heading))


def topic_for(widget: QWidget | None) -> str | None:
    """The chapter for a window or page: its own class, else the nearest parent's that has one."""
    while widget is not None:
        topic = TOPICS.get(type(widget).__name__)
        if topic is not None:
            return topic
        widget = widget.parentWidget()
    return None
