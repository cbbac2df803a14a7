"""Cell values going into and out of spreadsheets: formula escaping and number parsing."""

from __future__ import annotations

import re
import unicodedata

__all__ = ["FORMULA_PREFIXES", "is_formula_like", "csv_safe", "parse_number", "NumberError"]

# A cell starting with one of these is run as a formula by Excel/LibreOffice when
# the text is typed or opened from CSV (OWASP "CSV injection"); tab and CR are
# included because some spreadsheet programs strip them before looking.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


def csv_safe(value):
    """Prefix a formula-like text with an apostrophe: CSV has no cell types, so
    this is the only way to keep a spreadsheet from evaluating it."""
    if is_formula_like(value):
        return "'" + value
    return value


class NumberError(ValueError):
    """A cell that should hold a number does not; the message is for the user."""


_SCALES = {"万": 1e4, "亿": 1e8}
_NUMBER = re.compile(r"^([+-]?\d+(?:\.\d+)?)\s*(万|亿)?\s*(%|％)?$")


def parse_number(raw) -> float | None:
    """A figure typed by a department: 1200, 1,200, １２００, 4.5万, 十二, 95%.

    Empty cells are None. Returns the value in base units (4.5万 -> 45000).
    """
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise NumberError("不是数字")
    if isinstance(raw, int | float):
        return float(raw)
    text = unicodedata.normalize("NFKC", str(raw)).strip().replace(",", "").replace(" ", "")
    if text.startswith("'"):
        text = text[1:]
    if not text:
        return None
    m = _NUMBER.match(text)
    if m:
        value = float(m.group(1))
        if m.group(2):
            value *= _SCALES[m.group(2)]
        return value
    try:
        # Chinese numerals as people type them: 十二, 四万五千, 一百二十三点五.
        import cn2an

        return float(cn2an.cn2an(text.rstrip("%％"), "smart"))
    except (ValueError, KeyError, IndexError):
        pass
    raise NumberError(f"“{raw}”不是数字（可写 1200、1,200、4.5万、十二 或 95%）")
