"""Phiếu B as the survey form holds it, and its status codes."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class SurveyStatus(StrEnum):
    DRAFT = "draft"  # nháp
    CHECKED = "checked"  # đã kiểm tra
    APPROVED = "approved"  # đã duyệt


@dataclass
class SurveyData:
    """Phiếu B of one household in one round, as the survey form holds it."""

    b1: float | None = None
    income: int | None = None
    item_answers: dict[str, object] | None = None  # point-table item code → option(s) or count
    point_table_id: str | None = None  # the table that scored item_answers, and its content hash
    point_table_sha256: str | None = None
    lacking: list[str] = field(default_factory=list)
    housing_area_m2: float | None = None  # total floor area, for the housing-area suggestion
    officer: str = ""
    status: SurveyStatus = SurveyStatus.DRAFT
    id: int | None = None
    # read-only here: the village meeting's decision, recorded by rounds.override_result
    override_category: str | None = None
    override_reason: str | None = None
