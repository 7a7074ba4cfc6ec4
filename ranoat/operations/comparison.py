"""Read a round's per-household comparison of two standards (`ranoat.reports.comparison`)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ranoat.domain.errors import OperationError
from ranoat.domain.round import RoundInfo, RoundKind, RoundStatus
from ranoat.operations.rounds import reclassify, what_if_rows
from ranoat.reports.comparison import Comparison, ComparisonRow
from ranoat.rules.classify import ErrorCode
from ranoat.rules.rulebook import Rulebook
from ranoat.storage.models import Commune, ReviewRound, Village


def _why_not(code: str, rulebook: Rulebook, by_income: bool) -> str:
    """Plain Vietnamese for why the other standard cannot classify a household (no internal keys)."""
    if code == ErrorCode.SCORE_THRESHOLDS_UNPUBLISHED:
        return f"Chuẩn {rulebook.id} chưa có ngưỡng điểm B1 được ban hành: so sánh theo thu nhập nếu phiếu có thu nhập."
    if code == ErrorCode.INCOME_LINES_UNPUBLISHED:
        return f"Chuẩn {rulebook.id} chưa có chuẩn thu nhập cho khu vực này."
    if code == ErrorCode.MISSING_VALUE:
        return "Phiếu chưa ghi thu nhập bình quân." if by_income else "Phiếu chưa có điểm B1."
    return "Số liệu của phiếu chưa đủ để phân loại theo chuẩn này."


def compare_standards(session: Session, round_id: int, rulebook: Rulebook, *, by_income: bool) -> Comparison:
    """Every surveyed household of the round, its result beside the one under ``rulebook``
    (`what_if`: nothing stored changes), in the register's order (head's name, code)."""
    round_ = session.get(ReviewRound, round_id)
    if round_ is None:
        raise OperationError(f"Không tìm thấy kỳ rà soát số {round_id}.")
    names = {village: name for village, name in session.execute(select(Village.id, Village.name))}
    rows = []
    for survey, household, source in what_if_rows(session, round_id):  # one read: the what-if's own
        outcome = reclassify(survey, household, source, rulebook, by_income=by_income)
        notes = []
        if outcome.error is not None:
            notes.append(_why_not(outcome.error, rulebook, by_income))
        if outcome.dropped:
            notes.append(
                f"{len(outcome.dropped)} chỉ số thiếu hụt không có trong chuẩn {rulebook.id}, không được tính."
            )
        value = survey.income if by_income else survey.b1
        rows.append(
            ComparisonRow(
                household.id,
                household.code,
                household.head_name,
                names.get(household.village_id, ""),
                household.area,
                value,
                outcome.stored,
                outcome.other,
                " ".join(notes),
            )
        )
    commune = session.scalar(select(Commune))
    info = RoundInfo(
        round_.id, round_.year, RoundKind(round_.kind), round_.standard_id, RoundStatus(round_.status), round_.month
    )
    return Comparison(
        commune.name if commune is not None else "",
        commune.type if commune is not None else None,
        info.label,
        round_.standard_id,
        rulebook.id,
        by_income,
        tuple(rows),
    )
