"""numbering_gap / numbering_duplicate: numbered sequences that skip or repeat a number.

Every numbered sequence is checked: 一、 headings, （一） headings, 1. list items, （1）
items and 一是/二是 in running text. A sequence restarts at 1 (a new list) and under a
new heading of an outer level; a jump of more than a few numbers is read as another
sequence, not as a gap.
"""

from __future__ import annotations

from bisect import bisect_right

from duban.extract.check._lists import LEVELS, Marker, markers
from duban.extract.check._text import Defect

__all__ = ["RULES", "check_numbering"]

# The largest gap still read as missing items rather than as an unrelated sequence.
_MAX_MISSING = 3
_LABEL = {
    "cn": "{}、",
    "paren_cn": "（{}）",
    "arabic": "{}.",
    "paren_arabic": "（{}）",
    "shi": "{}是",
    "shi_inline": "{}是",
}
_CN_NUM = "零一二三四五六七八九十"
_INNER = {level: LEVELS[i + 1 :] for i, level in enumerate(LEVELS)}  # the levels nested in each


def _cn(n: int) -> str:
    if n <= 10:
        return _CN_NUM[n]
    if n < 20:
        return "十" + (_CN_NUM[n - 10] if n > 10 else "")
    return _CN_NUM[n // 10] + "十" + (_CN_NUM[n % 10] if n % 10 else "")


def _label(level: str, n: int) -> str:
    return _LABEL[level].format(n if level in ("arabic", "paren_arabic") else _cn(n))


def check_numbering(text: str, doc: dict | None = None) -> list[Defect]:
    pars, marks, appendix = markers(text)
    appendix = sorted(appendix)
    out: list[Defect] = []
    last: dict[str, Marker | None] = dict.fromkeys(LEVELS)
    seen: dict[str, set] = {lv: set() for lv in LEVELS}
    marks = list(marks)
    for i, m in enumerate(marks):
        lv = m.level
        prev = last[lv]
        if prev is not None and _separated(prev, m, pars, appendix, marks):
            prev = None
        if prev is None or m.number == 1:
            last[lv] = m
            seen[lv] = {m.number}
            _reset_inner(lv, last, seen)
            continue
        p = prev.number
        if m.number == p + 1:
            pass
        elif m.number == p:
            out.append(
                Defect(
                    "numbering_duplicate",
                    m.start,
                    m.end,
                    f"编号重复：{_label(lv, p)} 出现两次",
                    f"前一项应为 {_label(lv, p - 1)}"
                    if p - 1 not in seen[lv] and p > 1
                    else f"改为 {_label(lv, p + 1)}，其后依次顺延",
                    "numbering.duplicate",
                )
            )
        elif p + 1 < m.number <= p + 1 + _MAX_MISSING:
            missing = "、".join(_label(lv, k) for k in range(p + 1, m.number))
            # The next marker of this level, looked up only here: a search per marker made
            # the rule quadratic in the number of markers.
            nxt = next((marks[k] for k in range(i + 1, len(marks)) if marks[k].level == lv), None)
            renumber = nxt is not None and nxt.number == m.number and m.number == p + 2
            out.append(
                Defect(
                    "numbering_gap",
                    m.start,
                    m.end,
                    f"编号不连续：{_label(lv, p)} 之后是 {_label(lv, m.number)}，缺少 {missing}",
                    f"改为 {_label(lv, p + 1)}" if renumber else f"补上 {missing}，或将其后各项依次改号",
                    "numbering.gap",
                )
            )
        elif m.number < p and not lv.startswith("shi") and m.number in seen[lv]:
            out.append(
                Defect(
                    "numbering_duplicate",
                    m.start,
                    m.end,
                    f"编号倒退：{_label(lv, p)} 之后又出现 {_label(lv, m.number)}",
                    f"改为 {_label(lv, p + 1)}",
                    "numbering.backwards",
                )
            )
        else:
            # A big jump, or a backwards step to a new number: another sequence begins.
            last[lv] = m
            seen[lv] = {m.number}
            _reset_inner(lv, last, seen)
            continue
        last[lv] = m
        seen[lv].add(m.number)
        _reset_inner(lv, last, seen)
    return out


def _reset_inner(level: str, last: dict, seen: dict) -> None:
    """A marker of one level ends every sequence of the levels nested inside it."""
    for lv in _INNER[level]:
        last[lv] = None
        if seen[lv]:
            seen[lv] = set()


def _separated(prev: Marker, m: Marker, pars, appendix, marks) -> bool:
    """True when ``m`` cannot continue ``prev``'s sequence (an appendix line between them).

    ``appendix`` is the sorted list of the 附件 lines.
    """
    if bisect_right(appendix, prev.line) < bisect_right(appendix, m.line):
        return True
    # 一是/二是 inside running text: a sequence lives in one paragraph.
    return m.level == "shi_inline" and prev.line != m.line


RULES = [("numbering", check_numbering)]
