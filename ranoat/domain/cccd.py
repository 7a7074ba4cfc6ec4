"""Checks of a member's identity number: CCCD (12 digits) or the old CMND (9 digits) (rules.md §5).

A CCCD reads:

- digits 1–3: the province code of the birth registration;
- digit 4: sex and century — 0 male / 1 female born 1900–1999, 2 / 3 born 2000–2099, 4 / 5 born
  2100–2199, and so on (even: male, odd: female);
- digits 5–6: the last two digits of the birth year;
- digits 7–12: random.

A number that disagrees with the member's sex or birth year gets a warning, never a block: the
register may be wrong, or the card. A 9-digit CMND is accepted with a note.
"""

from __future__ import annotations

import re

from ranoat.domain.household import Sex
from ranoat.domain.issue import Issue

_DIGITS = re.compile(r"[0-9]+")  # ASCII digits only: str.isdigit() also accepts '²' and other scripts
CCCD_LENGTH = 12
CMND_LENGTH = 9

_SEX_WORD = {Sex.MALE: "nam", Sex.FEMALE: "nữ"}


def check_identity_number(number: str, sex: Sex | None, birth_year: int | None, *, field: str = "cccd") -> list[Issue]:
    """Issues of one identity number; ``field`` is the path the issues carry (e.g. "members.2.cccd").

    Spaces around the number are ignored (the register stores it stripped); spaces inside are not.
    """
    number = number.strip()
    if number == "":
        return []
    if not _DIGITS.fullmatch(number):
        return [Issue(field, "error", f"Số CCCD/CMND “{number}” chỉ được gồm chữ số (0–9), không có dấu cách.")]
    if len(number) == CMND_LENGTH:
        return [
            Issue(
                field,
                "info",
                "CMND cũ (9 số): vẫn được chấp nhận; nên cập nhật số CCCD 12 số khi thành viên có thẻ mới.",
            )
        ]
    if len(number) != CCCD_LENGTH:
        return [
            Issue(
                field,
                "error",
                f"Số CCCD phải có 12 chữ số (hoặc 9 chữ số nếu là CMND cũ); số đã nhập có {len(number)} chữ số.",
            )
        ]
    # Digits 1–3 (province of birth registration) are not checked against a list: we do not have the
    # official list of province codes, and inventing one would refuse real numbers.
    code = int(number[3])
    card_sex = Sex.MALE if code % 2 == 0 else Sex.FEMALE
    century = 1900 + 100 * (code // 2)
    two_digits = int(number[4:6])
    issues: list[Issue] = []
    if sex is not None and sex is not card_sex:
        issues.append(
            Issue(
                field,
                "warning",
                f"Chữ số thứ 4 của số CCCD ({code}) ứng với giới tính {_SEX_WORD[card_sex]}, "
                f"nhưng thành viên được ghi là {_SEX_WORD[sex]}.",
            )
        )
    if birth_year is not None:
        if birth_year // 100 * 100 != century:
            issues.append(
                Issue(
                    field,
                    "warning",
                    f"Chữ số thứ 4 của số CCCD ({code}) ứng với người sinh từ năm {century} đến {century + 99}, "
                    f"nhưng năm sinh được ghi là {birth_year}.",
                )
            )
        if birth_year % 100 != two_digits:
            issues.append(
                Issue(
                    field,
                    "warning",
                    f"Chữ số thứ 5–6 của số CCCD ({number[4:6]}) là hai số cuối của năm sinh, "
                    f"nhưng năm sinh được ghi là {birth_year}.",
                )
            )
    return issues
