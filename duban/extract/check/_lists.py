"""Numbered structure of a report read from the raw text: headings and list items.

Shared by the numbering, duplicate-item, department and contradiction rules, so each reads
the numbering the same way. Works without the extractor's document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from duban.extract.check._text import Line, paragraphs
from duban.extract.markers import (
    ARABIC,
    CN_COMMA,
    CN_DIGIT,
    PAREN_ARABIC,
    PAREN_CN,
    SHI,
    SPACE,
    marker_number,
)

__all__ = ["Marker", "NumberedList", "markers", "numbered_lists"]

_SP = SPACE

# Line-start markers, outermost level first.
_LINE_MARKERS = (
    ("cn", re.compile(_SP + CN_COMMA)),
    ("paren_cn", re.compile(_SP + PAREN_CN)),
    ("arabic", re.compile(_SP + ARABIC)),
    ("paren_arabic", re.compile(_SP + PAREN_ARABIC)),
)
# The four in one pattern, tried in the same order (the first alternative that matches wins,
# as in a loop over them): one call per paragraph instead of up to four. Each alternative is
# a named group; the numeral is the group right after it.
_LINE_MARKER = re.compile("|".join(f"(?P<{level}>{rx.pattern})" for level, rx in _LINE_MARKERS))
_NUMERAL_GROUP = {level: _LINE_MARKER.groupindex[level] + 1 for level, _ in _LINE_MARKERS}
# 一是 opening a paragraph ("shi") and 一是 inside running text ("shi_inline") are separate
# sequences: a paragraph "二是……" may hold its own inline 一是/二是/三是.
LEVELS = ("cn", "paren_cn", "arabic", "paren_arabic", "shi", "shi_inline")
# 一是 / 二是 ... at the start of a paragraph or a clause: two patterns, one anchored at the
# start and one led by the clause mark, rather than one that opens with "start or after a
# mark", which re would try at every character of the paragraph.
_SHI_BODY = rf"[ \u3000]*{SHI}(?=[\u4e00-\u9fff“\"（(《])"
_SHI_AT_START = re.compile(_SHI_BODY)
_SHI_AFTER_MARK = re.compile(rf"[。；;：:，,！!]{_SHI_BODY}")
_CLAUSE_STOP = re.compile(r"[。；;]")
# First characters (after spaces) of a line-start marker; a digit is any decimal digit.
_MARKER_OPENERS = frozenset("一二三四五六七八九十（(")
_APPENDIX = re.compile(rf"{_SP}附[件录表]{_SP}[\d{CN_DIGIT[1:-1]}]*{_SP}$")


class Marker(NamedTuple):
    # A named tuple: cheaper to build than a frozen dataclass, and as immutable.
    level: str
    number: int
    start: int  # start of the numbered item (the marker itself)
    end: int  # end of the item's line (or clause, for 一是)
    line: int  # paragraph index
    at_line_start: bool
    marker: str


@dataclass
class NumberedList:
    title: str
    title_start: int
    items: list = field(default_factory=list)  # Marker (arabic level) in order

    def numbers(self) -> list[int]:
        return [m.number for m in self.items]


def _line_marker(par: Line, idx: int) -> Marker | None:
    head = par.text.lstrip(" \t\u3000")[:1]
    if head not in _MARKER_OPENERS and not head.isdecimal():
        return None  # most paragraphs: no marker pattern can match
    m = _LINE_MARKER.match(par.text)
    if not m:
        return None
    level = m.lastgroup
    n = marker_number(m.group(_NUMERAL_GROUP[level]))
    if n is None or n == 0:
        return None
    whole = m.group(0)
    end = par.start + len(par.text.rstrip())
    # tuple.__new__ skips the named tuple's Python-level constructor (a report has hundreds
    # of markers).
    return tuple.__new__(
        Marker, (level, n, par.start + len(whole) - len(whole.lstrip()), end, idx, True, whole.strip())
    )


def _shi(s: str):
    """(start, numeral start, end, numeral) of each 一是 in ``s``, in order."""
    if "是" not in s:
        return
    m = _SHI_AT_START.match(s)
    if m:
        yield 0, m.start(1), m.end(), m.group(1)
    # A match never holds a clause mark, so these never overlap the one at the start.
    for m in _SHI_AFTER_MARK.finditer(s):
        yield m.start() + 1, m.start(1), m.end(), m.group(1)


@lru_cache(maxsize=8)
def _analyse(text: str):
    pars = paragraphs(text)
    out: list[Marker] = []
    appendix_lines: set[int] = set()
    for idx, par in enumerate(pars):
        if _APPENDIX.match(par.text):
            appendix_lines.add(idx)
        lm = _line_marker(par, idx)
        if lm:
            out.append(lm)
        for m_start, numeral_start, m_end, numeral in _shi(par.text):
            n = marker_number(numeral)
            if not n:
                continue
            start = par.start + numeral_start
            if lm and start == lm.start:
                continue
            stop = _CLAUSE_STOP.search(par.text, m_end)
            end = par.start + (stop.start() + 1 if stop else len(par.text))
            at_start = m_start == 0 or not par.text[:m_start].strip()
            out.append(
                Marker(
                    "shi" if at_start else "shi_inline",
                    n,
                    start,
                    end,
                    idx,
                    at_start,
                    numeral + "是",
                )
            )
    out.sort(key=lambda m: m.start)
    return pars, tuple(out), frozenset(appendix_lines)


def markers(text: str) -> tuple[list[Line], tuple[Marker, ...], frozenset]:
    """Paragraphs, every numbering marker in text order, and indexes of 附件 lines."""
    return _analyse(text)


@lru_cache(maxsize=8)
def numbered_lists(text: str) -> tuple[NumberedList, ...]:
    """Arabic-numbered lists (appendix lists, numbered items) with their titles.

    A list starts at an item numbered 1 or after a heading, appendix line or title line.
    Cached per text, as three rules read them; callers must not change them.
    """
    pars, marks, appendix = markers(text)
    arabic = [m for m in marks if m.level == "arabic"]
    lists: list[NumberedList] = []
    current: NumberedList | None = None
    prev_line = -10
    for m in arabic:
        broken = current is None or m.number == 1
        if not broken:
            between = pars[prev_line + 1 : m.line]
            # Any heading-like paragraph between two items ends the list.
            broken = any(_is_title(p.text) for p in between)
        if broken:
            title, tstart = _title_before(pars, m.line)
            current = NumberedList(title, tstart)
            lists.append(current)
        current.items.append(m)
        prev_line = m.line
    return tuple(lists)


def cache_clear() -> None:
    """Forget the per-text parses (benchmarks measure the check from cold)."""
    _analyse.cache_clear()
    numbered_lists.cache_clear()


def _is_title(s: str) -> bool:
    s = s.strip()
    return bool(s) and len(s) <= 40 and not re.search(r"[。；;，,]", s)


def _title_before(pars: list[Line], idx: int) -> tuple[str, int]:
    parts = []
    start = pars[idx].start
    j = idx - 1
    while j >= 0 and len(parts) < 2 and _is_title(pars[j].text):
        parts.insert(0, pars[j].text.strip())
        start = pars[j].start
        j -= 1
    return " ".join(parts), start
