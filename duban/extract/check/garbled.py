"""garbled: characters that no report contains on purpose: decoding debris (锟斤拷, Ã©),
replacement characters, private-use code points and control characters."""

from __future__ import annotations

import re

from duban.extract.check._text import Defect

__all__ = ["RULES", "check_garbled"]

_GARBLED = re.compile(
    "(?:"
    "\ufffd|锟斤拷|烫烫烫|屯屯屯"
    "|[\ue000-\uf8ff]"
    "|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"
    "|(?:Ã|Â|â€|ï¿)[\x80-\xbf\u2018-\u203a€™œ½]?"
    ")+"
)


# Every character that can open a _GARBLED match. Python's re tries the whole alternation
# at every position of the text; a scan for these characters alone is many times faster,
# and nearly every report has none of them.
_OPENING = re.compile("[\ufffd锟烫屯\ue000-\uf8ff\x00-\x08\x0b\x0c\x0e-\x1f\x7fÃÂâï]")


def check_garbled(text: str, doc: dict | None = None) -> list[Defect]:
    first = _OPENING.search(text)
    if first is None:
        return []
    return [
        Defect(
            "garbled",
            m.start(),
            m.end(),
            f"乱码：{ascii(m.group(0))[1:-1] if not m.group(0).isprintable() else m.group(0)}",
            "按原文件的编码重新转换，或核对原文",
            "garbled.debris",
        )
        for m in _GARBLED.finditer(text, first.start())
    ]


RULES = [("garbled", check_garbled)]
