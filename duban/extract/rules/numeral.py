"""Numerals: Arabic (with thousands separators and decimals) and Chinese (十二, 一万, 两).

cn2an is used only on an isolated numeral token, never on running text: its
``transform`` rewrites 二十大 to 20大 and "三百"工程 to 300.
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["number_pattern", "parse_numeral"]

_CN_DIGITS = "零〇一二两三四五六七八九十"  # at least one of them makes a Chinese numeral
_CN_SCALES = "百千万亿"  # inside a numeral (一万, 三千万) they are read by cn2an


def number_pattern(after: str) -> re.Pattern:
    """A numeral: Arabic (1,200 / 4.5 / 12) or Chinese (十二, 一万, 两) followed by one of
    the characters ``after`` (统一, 一体化 are words, not numerals).

    A Chinese numeral is the whole run of numeral characters holding a digit (an atomic
    group: never a shorter one). The pattern opens with one character class, so the regex
    engine skips to the candidates at C speed instead of trying every position of the text.
    """
    cn, digit, scale = f"{_CN_DIGITS}{_CN_SCALES}", _CN_DIGITS, _CN_SCALES
    return re.compile(rf"[\d{cn}](?:(?<=\d)\d*(?:,\d{{3}})*(?:\.\d+)?"
                      rf"|(?>(?:(?<=[{digit}])|[{scale}]*[{digit}])[{cn}]*)(?=[{re.escape(after)}]))")


@lru_cache(maxsize=4096)
def _chinese(token: str) -> float | None:
    import cn2an

    try:
        return float(cn2an.cn2an(token.replace("〇", "零"), "smart"))
    except (ValueError, KeyError, IndexError, TypeError):
        return None


def parse_numeral(token: str) -> float | None:
    """Value of a numeral token, or None when it is not one number (e.g. 一二三)."""
    if not token:
        return None
    if token[0].isascii():
        try:
            return float(token.replace(",", ""))
        except ValueError:
            return None
    return _chinese(token)
