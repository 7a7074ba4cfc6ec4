"""What the import wizard's pages share: the worker task, the names of fields, layouts and choices,
and the preview's marks."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import (
    QCoreApplication,
)
from PySide6.QtGui import QBrush

from ranoat.domain.errors import OperationError
from ranoat.importing.isolated import ReadCancelledError
from ranoat.importing.layouts import Problem
from ranoat.importing.mapping import Layout, MappingFileError
from ranoat.importing.plan import Choice
from ranoat.importing.sheet import ImportFileError
from ranoat.operations.import_apply import ImportCancelledError
from ranoat.storage.database import DatabaseError
from ui.background import Worker
from ui.labels import MARK_COLOURS

Job = Callable[[Callable[[int, int, str], None], Callable[[], bool]], object]


MARK_BRUSHES = {mark: QBrush(colour) for mark, colour in MARK_COLOURS.items()}


PREVIEW_LIMIT = 100_000  # rows shown in the preview (all of a commune's list)


class ImportTask(Worker):
    """Runs one step of the import on a worker thread."""

    def __init__(self, job: Job) -> None:
        super().__init__()
        self._job = job

    def run(self) -> None:
        try:
            result = self._job(lambda d, t, w: self.progressed.emit(d, t, w), lambda: self.cancel_requested)
        except (ImportCancelledError, ReadCancelledError):
            self.cancelled.emit()
        except (ImportFileError, OperationError, MappingFileError, DatabaseError, OSError) as exc:
            self.failed.emit(str(exc))
        else:
            if self.cancel_requested:
                self.cancelled.emit()
            else:
                self.finished.emit(result)


def field_names() -> dict[str, str]:
    """The import fields as the mapping page words them (the core keys them by code)."""
    return {
        "sequence": QCoreApplication.translate("ImportFields", "Số thứ tự hộ (STT)"),
        "household_code": QCoreApplication.translate("ImportFields", "Mã hộ"),
        "village": QCoreApplication.translate("ImportFields", "Thôn, bản, tổ dân phố"),
        "village_code": QCoreApplication.translate("ImportFields", "Mã thôn"),
        "address": QCoreApplication.translate("ImportFields", "Địa chỉ"),
        "area": QCoreApplication.translate("ImportFields", "Khu vực (nông thôn/thành thị)"),
        "full_name": QCoreApplication.translate("ImportFields", "Họ và tên"),
        "relation": QCoreApplication.translate("ImportFields", "Quan hệ với chủ hộ"),
        "sex": QCoreApplication.translate("ImportFields", "Giới tính"),
        "birth_year": QCoreApplication.translate("ImportFields", "Năm sinh"),
        "birth_year_male": QCoreApplication.translate("ImportFields", "Năm sinh (cột Nam)"),
        "birth_year_female": QCoreApplication.translate("ImportFields", "Năm sinh (cột Nữ)"),
        "birth_date": QCoreApplication.translate("ImportFields", "Ngày sinh"),
        "ethnicity": QCoreApplication.translate("ImportFields", "Dân tộc"),
        "cccd": QCoreApplication.translate("ImportFields", "Số CCCD/CMND"),
        "category": QCoreApplication.translate("ImportFields", "Phân loại hộ (nghèo/cận nghèo)"),
        "person_of_merit": QCoreApplication.translate("ImportFields", "Hộ có người có công"),
        "social_protection": QCoreApplication.translate("ImportFields", "Hộ có đối tượng bảo trợ xã hội"),
        "no_working_capacity": QCoreApplication.translate("ImportFields", "Hộ không có khả năng lao động"),
        "farming": QCoreApplication.translate("ImportFields", "Hộ làm nông, lâm, ngư, diêm nghiệp"),
        "causes": QCoreApplication.translate("ImportFields", "Nguyên nhân nghèo"),
        "schooling": QCoreApplication.translate("ImportFields", "Trình độ học vấn"),
        "health_insurance": QCoreApplication.translate("ImportFields", "Bảo hiểm y tế"),
        "employment": QCoreApplication.translate("ImportFields", "Việc làm"),
        "disability": QCoreApplication.translate("ImportFields", "Khuyết tật"),
        "phone": QCoreApplication.translate("ImportFields", "Điện thoại"),
    }


def layout_names() -> dict[Layout, str]:
    return {
        Layout.OFFICIAL: QCoreApplication.translate(
            "ImportFields", "Mẫu danh sách chính thức: dòng chủ hộ, tiếp theo là các thành viên"
        ),
        Layout.HOUSEHOLD: QCoreApplication.translate("ImportFields", "Mỗi hộ một dòng (chủ hộ)"),
        Layout.PERSON: QCoreApplication.translate("ImportFields", "Mỗi người một dòng, có cột mã hộ"),
    }


def choice_names() -> dict[Choice, str]:
    return {
        Choice.UPDATE: QCoreApplication.translate("ImportFields", "Cập nhật hộ đã có"),
        Choice.SKIP: QCoreApplication.translate("ImportFields", "Bỏ qua"),
        Choice.ADD: QCoreApplication.translate("ImportFields", "Thêm thành hộ mới"),
    }


def severity_word(problem: Problem) -> str:
    if problem.severity == "error":
        return QCoreApplication.translate("ImportFields", "Lỗi — ")
    if problem.severity == "warning":
        return QCoreApplication.translate("ImportFields", "Cảnh báo — ")
    return QCoreApplication.translate("ImportFields", "Ghi chú — ")
