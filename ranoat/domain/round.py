"""A review round's codes (its kind and status, why a household is on its list, the other movements)
and the round as the app shows it (`RoundInfo`)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class RoundKind(StrEnum):
    PERIODIC = "periodic"  # rà soát định kỳ (1/9 – 14/12)
    REGULAR = "regular"  # rà soát thường xuyên (hằng tháng)
    # tổng rà soát: when the standard changes, a review of the year under the new standard that makes
    # the lists of the next period (as at the end of 2021, beside the year's periodic review; issue #13)
    GENERAL = "general"

    @property
    def list_year_offset(self) -> int:
        """A periodic or general review in year Y makes the lists for Y + 1; a regular one changes Y's."""
        return 0 if self is RoundKind.REGULAR else 1


class RoundStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class ReviewSource(StrEnum):
    """Why a household is on a round's list to review (Phụ lục I, Circular 07/2021)."""

    CARRIED = "carried"  # on the poor or near-poor list at the start of the period
    APPLIED_01 = "applied_01"  # applied to be reviewed (Mẫu 01, Decision 24/2021)
    APPLIED_04 = "applied_04"  # applied to be recognised as escaped (Mẫu 04)
    ADDED = "added"  # added by the officer
    NOT_LISTED = "not_listed"  # in the commune, not to be reviewed this round


def average_living_applies(farming: bool, source: str | None) -> bool:
    """May a household be recognised as having an average living standard in a round: it lives from
    farming, forestry, fishery or salt making and applied for it there (Mẫu 01, Quyết định 24/2021
    Art. 6)? Any other household in the income band is simply not poor."""
    return farming and source == ReviewSource.APPLIED_01.value


class OtherMove(StrEnum):
    """The "other" movements of forms 7.2/7.3, each needing a recorded reason."""

    DIED = "died"  # single-person household, the person died — leaves the list
    MOVED_AWAY = "moved_away"  # moved out of the commune — leaves the list
    MERGED = "merged"  # merged into another household — leaves the list
    MOVED_IN = "moved_in"  # moved into the commune — joins the list
    SPLIT = "split"  # a new household split from another — joins the list

    @property
    def leaves(self) -> bool:
        return self in (OtherMove.DIED, OtherMove.MOVED_AWAY, OtherMove.MERGED)


@dataclass(frozen=True)
class RoundInfo:
    id: int
    year: int
    kind: RoundKind
    standard_id: str
    status: RoundStatus
    month: int | None

    @property
    def label(self) -> str:
        if self.kind is RoundKind.GENERAL:
            return f"Tổng rà soát năm {self.year} (danh sách giai đoạn mới) — chuẩn {self.standard_id}"
        kind = "định kỳ" if self.kind is RoundKind.PERIODIC else f"thường xuyên tháng {self.month}"
        return f"Rà soát {kind} năm {self.year} — chuẩn {self.standard_id}"
