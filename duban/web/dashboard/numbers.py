"""Figures as Chinese readers write them: 460亿元, 4.5万人, 12所, 95%."""

from __future__ import annotations

__all__ = ["amount"]


def _trim(x: float) -> str:
    text = f"{x:,.2f}".rstrip("0").rstrip(".")
    return text


def amount(value, unit: str = "") -> str:
    """``value`` (base units, as stored) with 万/亿 for large amounts and the unit after it.

    Percentages and small numbers stay as they are; the scale is only used when it gives
    a short number (46000000000 元 -> 460亿元, 45000 人 -> 4.5万人, 1200 个 -> 1,200个).
    """
    if value is None:
        return "—"
    v = float(value)
    unit = unit or ""
    if unit != "%" and abs(v) >= 1e8:
        return f"{_trim(v / 1e8)}亿{unit}"
    if unit != "%" and abs(v) >= 1e4 and (v / 1e4) == round(v / 1e4, 2):
        return f"{_trim(v / 1e4)}万{unit}"
    return f"{_trim(v)}{unit}"
