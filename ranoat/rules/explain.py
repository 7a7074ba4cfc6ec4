"""The reasons for a classification, in Vietnamese sentences (the `reasons` of `ranoat classify`).

Every sentence is built from the criteria that `classify()` recorded and the rulebook's own labels,
so the explanation can never disagree with the decision.
"""

from __future__ import annotations

from ranoat.domain.area import Area
from ranoat.domain.category import Category
from ranoat.domain.vietnamese import format_number
from ranoat.rules.classify import Classification, Criterion
from ranoat.rules.rulebook import Rulebook

CATEGORY_NAMES = {
    Category.POOR: "hộ nghèo",
    Category.NEAR_POOR: "hộ cận nghèo",
    Category.NOT_POOR: "không thuộc hộ nghèo, hộ cận nghèo",
    Category.AVERAGE_LIVING_STANDARD: "hộ có mức sống trung bình",
}


def category_title(category: Category | str) -> str:
    """The category's name at the head of a line or cell: "Hộ nghèo", "Không thuộc hộ nghèo, hộ cận nghèo"."""
    name = CATEGORY_NAMES[Category(category)]
    return name[:1].upper() + name[1:]


# The 2022–2025 wording; a sentence about a rulebook uses `Rulebook.area_name` (2027–2030: "đô thị").
AREA_NAMES = {Area.RURAL: "khu vực nông thôn", Area.URBAN: "khu vực thành thị"}


def reasons(result: Classification, rulebook: Rulebook) -> list[str]:
    """One sentence per criterion applied, then the conclusion."""
    sentences = [_sentence(criterion, result, rulebook) for criterion in result.criteria]
    if result.path == "income" and result.category is Category.NOT_POOR:
        ceiling = rulebook.model.income.average_living_ceiling
        if ceiling is not None and not ceiling.known:
            sentences.append(
                f"Chuẩn {rulebook.id} chưa có mức trên của hộ có mức sống trung bình, "
                "nên không xác định được hộ có mức sống trung bình."
            )
    sentences.append(f"Kết luận theo {rulebook.model.title.vi}: {CATEGORY_NAMES[result.category]}.")
    return sentences


def _label(rulebook: Rulebook, key: str) -> str:
    model = rulebook.model
    lines = {
        "income.outright_poor_line": model.income.outright_poor_line,
        "income.poverty_line": model.income.poverty_line,
        "income.average_living_ceiling": model.income.average_living_ceiling,
        "score.b1_outright_poor_max": model.score.b1_outright_poor_max,
        "score.b1_poverty_max": model.score.b1_poverty_max,
    }
    line = lines.get(key)
    label = line.label.vi if line is not None else key
    return label[0].lower() + label[1:]


def _lacking_phrase(result: Classification, rulebook: Rulebook) -> str:
    if not result.lacking:
        return "không thiếu hụt chỉ số nào"
    names = ", ".join(rulebook.indicators_by_code[code].vi for code in result.lacking)
    return f"thiếu hụt {len(result.lacking)} chỉ số: {names}"


def _sentence(criterion: Criterion, result: Classification, rulebook: Rulebook) -> str:
    area = rulebook.area_name(result.area)
    value = format_number(criterion.value)
    threshold = format_number(criterion.threshold)
    label = _label(rulebook, criterion.key)
    if criterion.subject == "b1":
        verb = "không vượt" if criterion.holds else "vượt"
        sentence = f"Điểm B1 = {value}, {verb} {label} {threshold} điểm ({area})"
        if criterion.key == "score.b1_outright_poor_max" and criterion.holds:
            return sentence + ": hộ nghèo, không xét điểm B2."
        if criterion.key == "score.b1_poverty_max" and not criterion.holds:
            return sentence + ": không thuộc diện nghèo, cận nghèo."
        return sentence + "."
    if criterion.subject == "income":
        verb = "không vượt" if criterion.holds else "vượt"
        sentence = f"Thu nhập bình quân {value} đồng/người/tháng, {verb} {label} {threshold} đồng ({area})"
        if criterion.key == "income.outright_poor_line" and criterion.holds:
            return sentence + ": hộ nghèo, không xét thiếu hụt."
        if criterion.key == "income.average_living_ceiling" and criterion.holds:
            return sentence + (
                ": thuộc khoảng mức sống trung bình (áp dụng cho hộ làm nông nghiệp, lâm nghiệp, "
                "ngư nghiệp và diêm nghiệp)."
            )
        return sentence + "."
    lacking = _lacking_phrase(result, rulebook)
    if criterion.subject == "b2":
        relation = "đạt" if criterion.holds else "dưới"
        return f"Điểm B2 = {value} ({lacking}), {relation} ngưỡng {threshold} điểm của hộ nghèo."
    relation = "đạt" if criterion.holds else "dưới"
    return f"Hộ {lacking}, {relation} mức {threshold} chỉ số của hộ nghèo."
