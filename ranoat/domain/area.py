"""Khu vực: rural (nông thôn) or urban (thành thị).

The area decides which line and which score threshold apply (rules.md §2.6). It is stored per
household, with the default taken from the commune's type (xã → rural, phường → urban).
"""

from enum import StrEnum


class Area(StrEnum):
    RURAL = "rural"  # khu vực nông thôn
    URBAN = "urban"  # khu vực thành thị
