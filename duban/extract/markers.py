"""The list-marker grammar: how reports number their chapters, sections and items.

One place for the forms, shared by the layout (``structure.py``), the rules
(``rules/target.py``, ``rules/list_item.py``), the review/plan signals, the report check
(``check/_lists.py``, ``check/broken_line.py``) and the readers (PDF lines, HTML lists):

========================  ==================  =======================================
form                      printed             fragment (group 1: the numeral)
========================  ==================  =======================================
``CN_COMMA``              一、 (一. 一．)      a chapter (level 1)
``PAREN_CN``              （一） (一)           a section (level 2)
``ARABIC``                1. 1、 1．  1 .      a sub-section or list item (level 3)
``PAREN_ARABIC``          （1） (1)             an item
``CIRCLED``               ① … ⑳               an item
``SHI``                   一是 二是            a point opening a paragraph or clause
``APPENDIX``              附件 附件2 附表       an appendix
========================  ==================  =======================================

Each is a regex fragment, not anchored, so each reader anchors it where it reads (a line
start, a paragraph start, after a clause mark). The extraction reads the normalised text
(``textview``: full-width digits, brackets and stops already half-width); the check and the
readers read raw text, so every fragment accepts both widths. :func:`marker_number` reads
the value of any numeral a fragment captured.
"""

from __future__ import annotations

__all__ = [
    "ARABIC", "ARABIC_NUMERAL", "APPENDIX_WORD", "CIRCLED", "CLOSE", "CN_COMMA", "CN_DIGIT", "CN_NUMERAL",
    "OPEN", "PAREN_ARABIC", "PAREN_CN", "SHI", "SPACE", "STOP", "marker_number",
]

CN_DIGIT = "[一二三四五六七八九十]"  # the characters of a marker numeral (一 to 九十九)
CN_NUMERAL = CN_DIGIT + "{1,3}"
ARABIC_NUMERAL = r"\d{1,3}"
OPEN = "[（(]"
CLOSE = "[）)]"
STOP = "[.．、]"  # after an Arabic numeral
SPACE = "[ \t\u3000]*"  # spaces a printed marker may hold (never a line break)

# 一、 — some prints use a full stop (一. / 一．)
CN_COMMA = rf"({CN_NUMERAL})[、.．]"
PAREN_CN = rf"{OPEN}({CN_NUMERAL}){CLOSE}"
# 1. / 1、 / 1 . — never the 1 of a decimal such as 1.5
ARABIC = rf"({ARABIC_NUMERAL}){SPACE}{STOP}(?!\d)"
PAREN_ARABIC = rf"{OPEN}({ARABIC_NUMERAL}){CLOSE}"
CIRCLED = "([①-⑳])"
SHI = rf"({CN_NUMERAL})是"
APPENDIX_WORD = "附件|附表|附录|附"

_CN_VALUE = {c: i for i, c in enumerate("一二三四五六七八九", 1)}


def marker_number(numeral: str) -> int | None:
    """The value of a marker's numeral: 3, 三, 十二, 二十三, ③; None when it is none."""
    if not numeral:
        return None
    if numeral.isdigit() and numeral.isascii():
        return int(numeral)
    if len(numeral) == 1 and "①" <= numeral <= "⑳":
        return ord(numeral) - ord("①") + 1
    if numeral.isdecimal():
        return int(numeral)
    if "十" in numeral:
        head, _, tail = numeral.partition("十")
        if "十" in tail:
            return None
        tens = _CN_VALUE.get(head) if head else 1
        ones = _CN_VALUE.get(tail) if tail else 0
        return None if tens is None or ones is None else tens * 10 + ones
    return _CN_VALUE.get(numeral) if len(numeral) == 1 else None
