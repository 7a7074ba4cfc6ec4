"""The result of classifying a household under a poverty standard."""

from enum import StrEnum


class Category(StrEnum):
    POOR = "poor"  # hộ nghèo
    NEAR_POOR = "near_poor"  # hộ cận nghèo
    NOT_POOR = "not_poor"  # không thuộc hộ nghèo, hộ cận nghèo
    # hộ có mức sống trung bình: only on the income path, where the standard defines the band
    AVERAGE_LIVING_STANDARD = "average_living_standard"


def round_result(*, start: str | None, computed: str | None, override: str | None, left: bool = False) -> str | None:
    """A household's result in a round — the one definition used by forms 7.x, the dashboard, the
    exchange workbook, the lists and the register's "Kết quả" column.

    The village meeting's decision where it overrode the computed result, else the computed result,
    else (not re-surveyed) the start-of-period status. A household that left the lists (died, moved
    away, merged) has no result: it is not carried further."""
    if left:
        return None
    return override or computed or start
