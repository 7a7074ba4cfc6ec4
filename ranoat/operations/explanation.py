"""The explanation sheet of a household's result (phiếu giải thích kết quả rà soát), as plain data.

One sheet per household and round: the household and its members, B1 against the line of its area,
each lacking indicator with its condition, B2 against the poor threshold, the category computed by
`classify()` now with the round's rulebook and its Vietnamese reasons (`ranoat.rules.explain`), the
village meeting's override if any, and how far the household is from the next category. Every
number comes from the rulebook; where the standard has not published one, the sheet says so.

`ui.printing.explanation` lays the sheets out on A4 pages; nothing here knows about printing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ranoat.domain.area import Area
from ranoat.domain.category import Category
from ranoat.domain.errors import OperationError
from ranoat.domain.ethnicity import ethnicity_name
from ranoat.domain.names import RELATION_NAMES, SEX_NAMES, commune_full_name, commune_place
from ranoat.domain.round import RoundInfo, RoundKind, RoundStatus
from ranoat.domain.vietnamese import format_number
from ranoat.operations.commune import CommuneData, load_commune
from ranoat.operations.households import load_household
from ranoat.operations.rounds import MeetingResult, latest_meetings
from ranoat.operations.surveys import average_living_in_round, load_survey
from ranoat.rules.classify import Classification, ClassificationError, ErrorCode, classify, classify_survey
from ranoat.rules.explain import CATEGORY_NAMES, reasons
from ranoat.rules.rulebook import ByArea, Rulebook
from ranoat.storage.models import Household, ReviewRound, Survey, Village

NO_CONDITION = "chưa có điều kiện trong văn bản"


@dataclass(frozen=True)
class SheetMember:
    name: str
    relation: str  # Vietnamese: "Chủ hộ", "Vợ/chồng", …
    sex: str  # "Nam" / "Nữ"
    birth_year: int
    ethnicity: str  # the group's name ("Nùng"), or the stored code when it is not a known code
    cccd: str  # empty when the member has none


@dataclass(frozen=True)
class SheetIndicator:
    report_column: int  # the indicator's column in report forms 7.4/7.5 (0: not of this standard)
    name: str
    condition: str  # the rulebook's condition, or NO_CONDITION where the wording is unknown to us


@dataclass(frozen=True)
class SheetOverride:
    category: Category
    category_name: str
    reason: str
    by: str


@dataclass(frozen=True)
class SheetMeeting:
    """The latest village meeting of the round for the household's village."""

    held_on_text: str  # dd/mm/yyyy
    attendees: int
    agreed: int


@dataclass(frozen=True)
class ExplanationSheet:
    # where and when
    province: str
    commune: str  # as stored, e.g. "Xã Tân Thành"
    commune_place: str  # the place name of the date line, e.g. "Tân Thành"
    village: str
    round_label: str
    round_year: int
    standard_id: str
    standard_title: str
    rulebook_sha256: str
    decision: str | None  # "Quyết định số … ngày dd/mm/yyyy" once the round is decided
    meeting: SheetMeeting | None
    # the household
    household_id: int
    household_code: str
    head_name: str
    address: str  # as stored (may be empty)
    area: Area
    area_name: str  # "khu vực nông thôn"
    members: tuple[SheetMember, ...]
    # B1 (or income) against the line of the household's area
    b1: float | None
    b1_line: int | None  # None: the standard has not published it
    b1_line_label: str
    income: int | None  # đồng/person/month, where the survey recorded one
    income_line: int | None
    income_line_label: str
    # lacking indicators and B2
    lacking: tuple[SheetIndicator, ...]
    indicator_count: int  # how many indicators the standard has
    b2: int | None
    b2_points_per_indicator: int | None
    b2_threshold: int | None  # B2 at or above which a household under the line is poor
    # the result
    category: Category | None  # computed now by classify(); None when it cannot classify
    category_name: str
    reasons: tuple[str, ...]
    override: SheetOverride | None
    final_category_name: str  # the override where there is one, else the computed category
    distance: tuple[str, ...]
    notes: tuple[str, ...]  # e.g. the stored result differs from the one computed now
    surveyed_by: str
    preparer: str
    chair: str


# ----------------------------------------------------------------------------- distance
def distance_to_next(classification: Classification, rulebook: Rulebook) -> list[str]:
    """How far the household is from the next category, in Vietnamese sentences.

    Every number comes from ``rulebook``; where the standard has not published one, the sentence
    says so instead of guessing.
    """
    return _Distance(classification, rulebook).sentences()


@dataclass(frozen=True)
class _Line:
    value: int | None
    label: str


class _Distance:
    """The sentences of `distance_to_next`: first the line (B1 or income), then the indicators."""

    def __init__(self, result: Classification, rulebook: Rulebook) -> None:
        self.result = result
        self.rulebook = rulebook
        self.area = rulebook.area_name(result.area)  # "đô thị" under 2027–2030 (Decree 351/2025)
        self.n = len(result.lacking)
        model = rulebook.model
        if result.path == "score":
            self.unit = "điểm"
            self.measure = "điểm B1"
            self.subject = f"Điểm B1 = {_num(result.value)}"
            self.outright = _line_of(model.score.b1_outright_poor_max, result.area)
            self.line = _line_of(model.score.b1_poverty_max, result.area)
        else:
            self.unit = "đồng"
            self.measure = "thu nhập bình quân"
            self.subject = f"Thu nhập bình quân {_num(result.value)} đồng/người/tháng"
            self.outright = _line_of(model.income.outright_poor_line, result.area)
            self.line = _line_of(model.income.poverty_line, result.area)

    def sentences(self) -> list[str]:
        line = self.line
        if line is None or line.value is None:
            what = "ngưỡng điểm B1" if self.result.path == "score" else "chuẩn nghèo về thu nhập"
            return [
                f"Chuẩn {self.rulebook.id} chưa công bố {what} ({self.area}): chưa tính được khoảng cách đến loại khác."
            ]
        value = self.result.value
        if value > line.value:
            return self._above(line.value, line.label)
        out: list[str] = []
        outright = self.outright
        if outright is not None and outright.value is not None and value <= outright.value:
            # under the outright line the lacking indicators do not decide: say what they would
            out.append(
                f"{self.subject}, cách {_named(outright.label, self._amount(outright.value))} là "
                f"{self._amount(outright.value - value)}: khi {self.measure} vượt quá "
                f"{self._amount(outright.value)} thì xét thêm các chỉ số thiếu hụt, và hộ sẽ là "
                f"{self._deprived_category()}."
            )
        gap = line.value - value
        exact = " (đúng bằng ngưỡng)" if gap == 0 else ""
        out.append(
            f"{self.subject}, cách {_named(line.label, self._amount(line.value))} là {self._amount(gap)}{exact}: "
            f"khi {self.measure} vượt quá {self._amount(line.value)} thì hộ không còn thuộc diện nghèo, cận nghèo."
        )
        if len(out) == 1:
            out.append(self._deprivation())
        return out

    # -- above the line: not poor (or average living standard) ----------------------------------
    def _above(self, line: int, label: str) -> list[str]:
        value = self.result.value
        gap = value - line
        out = [
            f"{self.subject}, cao hơn {_named(label, self._amount(line))} là {self._amount(gap)}: "
            "không thuộc diện nghèo, cận nghèo.",
            f"Nếu {self.measure} giảm từ {self._amount(gap)} trở lên (còn từ {self._amount(line)} trở xuống) "
            f"thì hộ là {self._deprived_category()}.",
        ]
        if self.result.path == "income":
            ceiling = self.rulebook.model.income.average_living_ceiling
            if ceiling is not None and (top := ceiling.for_area(self.result.area)) is not None:
                if value <= top:
                    out.append(
                        f"Thu nhập còn cách {_named(_lower(ceiling.label.vi), self._amount(top))} là "
                        f"{self._amount(top - value)}: khi vượt quá mức này thì không còn là hộ có mức sống "
                        "trung bình."
                    )
            elif ceiling is not None:
                out.append(
                    f"Chuẩn {self.rulebook.id} chưa công bố {_lower(ceiling.label.vi)} ({self.area}): "
                    "chưa xác định được hộ có thuộc mức sống trung bình hay không."
                )
        return out

    def _deprived_category(self) -> str:
        """What the household would be at or below the line, lacking what it lacks now."""
        poor_min = self._poor_min_count()
        if poor_min is None:
            return (
                f"hộ nghèo hoặc hộ cận nghèo (chuẩn {self.rulebook.id} chưa công bố {self._threshold_words()}, "
                "nên chưa xác định được)"
            )
        if self.n >= poor_min:
            return f"hộ nghèo (vì hộ {self._state(self.n)}, {self._at_threshold()})"
        return f"hộ cận nghèo (vì hộ {self._state(self.n)}, {self._below_threshold()})"

    # -- at or below the line: the lacking indicators decide -------------------------------------
    def _deprivation(self) -> str:
        poor_min = self._poor_min_count()
        if poor_min is None:
            return (
                f"Chuẩn {self.rulebook.id} chưa công bố {self._threshold_words()}: chưa xác định được "
                "cần thiếu hụt bao nhiêu chỉ số thì là hộ nghèo."
            )
        now = f"Hộ {self._state(self.n)}"
        if self.n >= poor_min:  # poor
            if poor_min == 0:
                return f"{now}: theo chuẩn này, hộ không vượt ngưỡng luôn là hộ nghèo."
            fewer = self.n - poor_min + 1
            left = self.n - fewer
            remaining = f"còn {self._state(left)}" if left else f"không còn thiếu hụt chỉ số nào{self._b2(0)}"
            return (
                f"{now} ({self._at_threshold()}): nếu giảm được {fewer} chỉ số thiếu hụt "
                f"({remaining}, {self._below_threshold()}) thì là hộ cận nghèo."
            )
        if poor_min > len(self.rulebook.indicators_by_code):
            return f"{now}: dù thiếu hụt thêm chỉ số nào, hộ cũng không đạt {self._threshold_words()}."
        more = poor_min - self.n
        return (
            f"{now} ({self._below_threshold()}): nếu thiếu hụt thêm {more} chỉ số "
            f"(tổng cộng {self._state(poor_min)}, {self._at_threshold()}) thì là hộ nghèo."
        )

    def _points(self) -> int | None:
        return self.rulebook.model.score.b2_points_per_indicator.value

    def _b2_min(self) -> int | None:
        return self.rulebook.model.score.b2_poor_min.value

    def _poor_min_count(self) -> int | None:
        """The fewest lacking indicators that make a household under the line poor, if known."""
        if self.result.path == "income":
            return self.rulebook.model.deprivation.poor_min_count.value
        points, b2_min = self._points(), self._b2_min()
        if points is None or b2_min is None:
            return None
        if points == 0:
            return 0 if b2_min == 0 else len(self.rulebook.indicators_by_code) + 1
        return math.ceil(b2_min / points)

    def _threshold_words(self) -> str:
        return "ngưỡng điểm B2 của hộ nghèo" if self.result.path == "score" else "số chỉ số thiếu hụt của hộ nghèo"

    def _state(self, count: int) -> str:
        """'thiếu hụt 3 chỉ số, B2 = 30 điểm' (B2 on the score path only)."""
        return _lacking_words(count) + self._b2(count)

    def _b2(self, count: int) -> str:
        points = self._points()
        if self.result.path != "score" or points is None:
            return ""
        return f", B2 = {points * count} điểm"

    def _at_threshold(self) -> str:
        if self.result.path == "score":
            return f"đạt ngưỡng hộ nghèo từ {_num(self._b2_min() or 0)} điểm trở lên"
        return f"đạt mức hộ nghèo từ {self._poor_min_count()} chỉ số trở lên"

    def _below_threshold(self) -> str:
        if self.result.path == "score":
            return f"dưới ngưỡng hộ nghèo {_num(self._b2_min() or 0)} điểm"
        return f"dưới mức hộ nghèo {self._poor_min_count()} chỉ số"

    def _amount(self, value: int | float) -> str:
        return f"{_num(value)} {self.unit}"


def _named(label: str, amount: str) -> str:
    """'ngưỡng điểm B1 (140 điểm)'; a label that ends in brackets takes the amount inside them."""
    if label.endswith(")"):
        return f"{label[:-1]}; {amount})"
    return f"{label} ({amount})"


def _lacking_words(count: int) -> str:
    return "không thiếu hụt chỉ số nào" if count == 0 else f"thiếu hụt {count} chỉ số"


def _line_of(line: ByArea | None, area: Area) -> _Line | None:
    if line is None:
        return None
    return _Line(line.for_area(area), _lower(line.label.vi))


def _lower(label: str) -> str:
    return label[0].lower() + label[1:]


def _capital(text: str) -> str:
    return text[0].upper() + text[1:]


def _num(value: int | float) -> str:
    return format_number(round(value, 6) if isinstance(value, float) else value)


# ----------------------------------------------------------------------------- the sheets
def explanation_sheet(
    session: Session, round_id: int, household_id: int, rulebooks: dict[str, Rulebook]
) -> ExplanationSheet:
    """The explanation sheet of one household in one round (the household needs Phiếu B there)."""
    context = _Context.load(session, round_id, rulebooks)
    survey = session.scalar(select(Survey).where(Survey.round_id == round_id, Survey.household_id == household_id))
    if survey is None:
        raise OperationError("Hộ chưa có Phiếu B trong kỳ này: chưa có kết quả để giải thích.")
    return context.sheet(session, survey)


def village_sheets(
    session: Session, round_id: int, village_id: int, rulebooks: dict[str, Rulebook]
) -> list[ExplanationSheet]:
    """The sheets of every household of a village with Phiếu B in the round, in Vietnamese order
    of the head's name (then the household code), as the meeting goes through them."""
    context = _Context.load(session, round_id, rulebooks)
    if session.get(Village, village_id) is None:
        raise OperationError(f"Không tìm thấy thôn số {village_id}.")
    surveys = session.scalars(
        select(Survey)
        .join(Household, Household.id == Survey.household_id)
        .where(Survey.round_id == round_id, Household.village_id == village_id)
        .order_by(Household.head_sort, Household.code)
    ).all()
    return [context.sheet(session, survey) for survey in surveys]


@dataclass(frozen=True)
class _Context:
    round_: ReviewRound
    info: RoundInfo
    rulebook: Rulebook
    commune: CommuneData
    meetings: dict[int, MeetingResult]  # the latest meeting of each village in the round

    @staticmethod
    def load(session: Session, round_id: int, rulebooks: dict[str, Rulebook]) -> _Context:
        round_ = session.get(ReviewRound, round_id)
        if round_ is None:
            raise OperationError(f"Không tìm thấy kỳ rà soát số {round_id}.")
        rulebook = rulebooks.get(round_.standard_id)
        if rulebook is None:
            raise OperationError(f"Không có chuẩn nghèo '{round_.standard_id}' của kỳ rà soát này.")
        commune = load_commune(session)
        if commune is None:
            raise OperationError("Chưa có thông tin xã: nhập thông tin xã trước khi in phiếu.")
        info = RoundInfo(
            round_.id, round_.year, RoundKind(round_.kind), round_.standard_id, RoundStatus(round_.status), round_.month
        )
        return _Context(round_, info, rulebook, commune, latest_meetings(session, round_id))

    def sheet(self, session: Session, survey: Survey) -> ExplanationSheet:
        household = load_household(session, survey.household_id)
        data = load_survey(session, survey.round_id, survey.household_id)
        assert data is not None
        village = session.get(Village, household.village_id) if household.village_id is not None else None
        rulebook, model = self.rulebook, self.rulebook.model
        area = household.area
        stored = session.get(Household, survey.household_id)
        outcome = classify_survey(
            rulebook,
            area=household.area.value,
            lacking=data.lacking,
            b1=data.b1,
            income=data.income,
            average_living=stored is not None and average_living_in_round(session, survey.round_id, stored),
        )
        if outcome is None:  # neither B1 nor income yet: the error says so, as classify() words it
            try:
                outcome = classify(rulebook, area=household.area.value, lacking=data.lacking)
            except ClassificationError as exc:
                outcome = exc
        notes: list[str] = []
        if isinstance(outcome, Classification):
            category: Category | None = outcome.category
            category_name = CATEGORY_NAMES[outcome.category]
            the_reasons = reasons(outcome, rulebook)
            distance = distance_to_next(outcome, rulebook)
            b2: int | None = outcome.b2
            if survey.category is not None and survey.category != outcome.category.value:
                notes.append(
                    f"Kết quả đã lưu ({CATEGORY_NAMES[Category(survey.category)]}) khác kết quả tính lại theo "
                    f"quy chuẩn hiện hành; phiếu này giải thích kết quả tính lại."
                )
        else:
            category, category_name, b2 = None, "chưa xác định được", None
            the_reasons = [outcome.message]
            distance = [_no_distance(outcome, rulebook)]
            points = model.score.b2_points_per_indicator.value
            if points is not None and outcome.code is not ErrorCode.UNKNOWN_INDICATOR:
                b2 = points * len(set(data.lacking))
        override = None
        if survey.override_category:
            override_category = Category(survey.override_category)
            override = SheetOverride(
                override_category,
                CATEGORY_NAMES[override_category],
                survey.override_reason or "",
                survey.override_by or "",
            )
        meeting = self.meetings.get(household.village_id) if household.village_id is not None else None
        round_ = self.round_
        decision = None
        if round_.decision_number:
            decision = f"Quyết định số {round_.decision_number}"
            if round_.decision_date is not None:
                decision += f" ngày {round_.decision_date:%d/%m/%Y}"
        head = household.head()
        officers = {o.role: o.name for o in reversed(self.commune.officers)}
        return ExplanationSheet(
            province=self.commune.province_name,
            commune=_commune_name(self.commune),
            commune_place=_place(self.commune),
            village=village.name if village is not None else "",
            round_label=self.info.label,
            round_year=round_.year,
            standard_id=rulebook.id,
            standard_title=model.title.vi,
            rulebook_sha256=rulebook.sha256,
            decision=decision,
            meeting=(
                SheetMeeting(f"{meeting.held_on:%d/%m/%Y}", meeting.attendees, meeting.agreed)
                if meeting is not None
                else None
            ),
            household_id=survey.household_id,
            household_code=household.code,
            head_name=head.full_name if head is not None else "",
            address=household.address,
            area=area,
            area_name=rulebook.area_name(area),
            members=tuple(
                SheetMember(
                    name=m.full_name,
                    relation=RELATION_NAMES[m.relation] if m.relation is not None else "",
                    sex=SEX_NAMES[m.sex] if m.sex is not None else "",
                    birth_year=m.birth_year or 0,
                    ethnicity=ethnicity_name(m.ethnicity_code) or m.ethnicity_code,
                    cccd=m.cccd,
                )
                for m in household.members
            ),
            b1=data.b1,
            b1_line=model.score.b1_poverty_max.for_area(area),
            b1_line_label=model.score.b1_poverty_max.label.vi,
            income=data.income,
            income_line=model.income.poverty_line.for_area(area),
            income_line_label=model.income.poverty_line.label.vi,
            lacking=_lacking(rulebook, data.lacking),
            indicator_count=len(rulebook.indicators_by_code),
            b2=b2,
            b2_points_per_indicator=model.score.b2_points_per_indicator.value,
            b2_threshold=model.score.b2_poor_min.value,
            category=category,
            category_name=category_name,
            reasons=tuple(the_reasons),
            override=override,
            final_category_name=override.category_name if override is not None else category_name,
            distance=tuple(distance),
            notes=tuple(notes),
            surveyed_by=data.officer,
            preparer=officers.get("preparer", ""),
            chair=officers.get("chair", ""),
        )


def _no_distance(error: ClassificationError, rulebook: Rulebook) -> str:
    if error.code in (ErrorCode.SCORE_THRESHOLDS_UNPUBLISHED, ErrorCode.INCOME_LINES_UNPUBLISHED):
        return f"Chuẩn {rulebook.id} chưa công bố ngưỡng phân loại cần dùng: chưa tính được khoảng cách đến loại khác."
    return "Chưa phân loại được hộ, nên chưa tính được khoảng cách đến loại khác."


def _lacking(rulebook: Rulebook, codes: list[str]) -> tuple[SheetIndicator, ...]:
    known = rulebook.indicators_by_code
    found = [
        SheetIndicator(i.report_column, i.vi, i.condition.vi if i.condition is not None else NO_CONDITION)
        for code, i in known.items()
        if code in codes
    ]
    strangers = [
        SheetIndicator(0, code, f"chỉ số không thuộc chuẩn {rulebook.id}") for code in codes if code not in known
    ]
    return tuple(found + strangers)


def _commune_name(commune: CommuneData) -> str:
    """The commune's name with its kind ("Xã Tân Thành"), as every official header prints it."""
    return commune_full_name(commune.name, commune.type)


def _place(commune: CommuneData) -> str:
    """The place name of the date line: the name without its kind or a note in brackets."""
    return commune_place(commune.name, commune.type)
