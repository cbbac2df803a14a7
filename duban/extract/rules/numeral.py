"""Numerals: Arabic (with thousands separators and decimals) and Chinese (十二, 一万, 两).

cn2an is used only on an isolated numeral token, never on running text: its
``transform`` rewrites 二十大 to 20大 and "三百"工程 to 300.
"""

from __future__ import annotations

from functools import lru_cache

__all__ = ["ARABIC", "CHINESE", "parse_numeral"]

# Arabic: 1,200 / 4.5 / 12.  Regex fragments shared by the quantity rules.
ARABIC = r"\d+(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
# Chinese: at least one digit character; 万/亿 inside (一万, 三千万) are read by cn2an.
_CN_DIGITS = "零〇一二两三四五六七八九"
CHINESE = rf"[{_CN_DIGITS}十百千万亿]*[{_CN_DIGITS}十][{_CN_DIGITS}十百千万亿]*"


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
