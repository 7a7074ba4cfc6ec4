"""Vietnamese conventions for numbers, dates and text (rules.md §5; brief: 1.500.000, dd/mm/yyyy)."""

from __future__ import annotations

import datetime as dt
import unicodedata


def format_number(value: int | float) -> str:
    """1500000 → '1.500.000'; 140.5 → '140,5' (dot groups thousands, comma marks decimals)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return f"{value:,}".replace(",", ".")
    whole, _, fraction = f"{value:,.6f}".rstrip("0").partition(".")
    return whole.replace(",", ".") + ("," + fraction if fraction else "")


def format_date(day: dt.date) -> str:
    """2026-12-31 → '31/12/2026'."""
    return day.strftime("%d/%m/%Y")


def nfc(text: str) -> str:
    """Store and compare Vietnamese text in NFC: composed and decomposed forms differ otherwise."""
    return unicodedata.normalize("NFC", text)
