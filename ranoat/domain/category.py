"""The result of classifying a household under a poverty standard."""

from enum import StrEnum


class Category(StrEnum):
    POOR = "poor"  # hộ nghèo
    NEAR_POOR = "near_poor"  # hộ cận nghèo
    NOT_POOR = "not_poor"  # không thuộc hộ nghèo, hộ cận nghèo
    # hộ có mức sống trung bình: only on the income path, where the standard defines the band
    AVERAGE_LIVING_STANDARD = "average_living_standard"
