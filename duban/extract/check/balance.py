"""other: unbalanced quotation marks and brackets inside a paragraph (“ ” 《 》 （ ）).

A paragraph is one line of the report; a quote or bracket opened in it must close in it.
A paragraph cut by a page break is the broken_line rule's business, so a mark left open
at a paragraph that continues on the next line is not reported twice.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from duban.extract.check._lists import markers
from duban.extract.check._text import Defect, Line
from duban.extract.check.broken_line import breaks, hard_wrapped

__all__ = ["RULES", "check_balance"]

_PAIRS = {"“": "”", "《": "》", "（": "）", "(": ")", "「": "」", "『": "』"}
_CLOSERS = {v: k for k, v in _PAIRS.items()}
_MARKS = re.compile("[" + re.escape("".join(_PAIRS) + "".join(_CLOSERS)) + "]")
# ( and （ close each other: mixing widths is a notation matter, not a missing bracket.
_SAME = {"（": "（", "(": "（", "）": "）", ")": "）"}
_SENTENCE_END = set("。！？!?；;：:…")
# Sequences of marks the loop below finds balanced: pairs, each holding pairs or nothing.
_PAIR = "(?:“{0}”|《{0}》|[（(]{0}[）)]|「{0}」|『{0}』)"
_PLAINLY_PAIRED = re.compile(_PAIR.format("(?:" + _PAIR.format("") + ")*") + "*")
# The same on the text itself, line after line: text without marks, and pairs holding text
# and pairs of text. A line matches when its marks are plainly paired; possessive
# quantifiers, as a run of text can be split only one way. Matched from the start of the
# text, it stops in the first line whose marks are not plainly paired.
_MARK_CHARS = re.escape("".join(_PAIRS) + "".join(_CLOSERS))
_LINE_TEXT = f"[^{_MARK_CHARS}\\r\\n]++"
_INNER_PAIR = _PAIR.format(f"(?:{_LINE_TEXT})?+")
_PLAIN_LINES = re.compile(f"(?:[^{_MARK_CHARS}]++|{_PAIR.format(f'(?:{_LINE_TEXT}|{_INNER_PAIR})*+')})*+")
_LIST_PAREN = re.compile(r"[ \t\u3000]*[\dA-Za-z一二三四五六七八九十]{1,3}\)")
_NAMES = {
    "“": "引号",
    "”": "引号",
    "《": "书名号",
    "》": "书名号",
    "（": "括号",
    "）": "括号",
    "(": "括号",
    ")": "括号",
}


def check_balance(text: str, doc: dict | None = None) -> list[Defect]:
    pars = _logical_paragraphs(text)
    starts = [p.start for p in pars]
    out = []
    # Only the paragraphs holding a line whose marks are not plainly paired are read
    # mark by mark (a paragraph of such lines is plainly paired, and a "1)" label, the
    # first mark of its line, is never plainly paired): most reports have a few.
    pos = _PLAIN_LINES.match(text).end()
    while pos < len(text):
        par = pars[bisect_right(starts, pos) - 1]  # the paragraph holding that line
        found = _unpaired(par)
        if found:
            out.append(found)
        pos = _PLAIN_LINES.match(text, par.end).end()
    return out


def _unpaired(par: Line) -> Defect | None:
    """The first unpaired mark of the paragraph, if any."""
    s = par.text
    skip = _LIST_PAREN.match(s)
    begin = skip.end() if skip else 0
    # Only the marks matter, past a leading "1)" list label.
    marks = "".join(_MARKS.findall(s, begin))
    if not marks or _PLAINLY_PAIRED.fullmatch(marks):
        return None
    stack: list[tuple[str, int]] = []
    bad = None
    for mark in _MARKS.finditer(s, begin):
        ch, i = mark.group(), mark.start()
        if ch in _PAIRS:
            stack.append((ch, i))
        elif ch in _CLOSERS:
            want = _SAME.get(_CLOSERS[ch], _CLOSERS[ch])
            if stack and _SAME.get(stack[-1][0], stack[-1][0]) == want:
                stack.pop()
            else:
                bad = ("closer", ch, i)
                break
    if bad is None and stack:
        ch, i = stack[0]
        bad = ("opener", ch, i)
    if bad is None:
        return None
    what, ch, i = bad
    name = _NAMES.get(ch, "标点")
    a = par.start + i
    end = min(len(s), i + 12)
    if what == "opener":
        msg = f"{name}不配对：“{ch}”在本段没有对应的“{_PAIRS[ch]}”"
        sugg = f"补上“{_PAIRS[ch]}”"
    else:
        msg = f"{name}不配对：“{ch}”前面没有对应的“{_CLOSERS[ch]}”"
        sugg = f"补上“{_CLOSERS[ch]}”或删去“{ch}”"
        a, end = par.start + max(0, i - 10), i + 1
    return Defect("other", a, par.start + end, msg, sugg, "balance.unpaired")


def _logical_paragraphs(text: str) -> list[Line]:
    """Paragraphs with those cut by a line or page break joined back (one span each)."""
    pars, _, _ = markers(text)
    joins = set(breaks(text))
    if hard_wrapped(text):
        # Every line of a hard-wrapped text is cut at a width: a paragraph runs on until a
        # line ends a sentence.
        joins = {i for i, p in enumerate(pars[:-1]) if p.text.rstrip()[-1:] not in _SENTENCE_END}
    if not joins:
        return pars  # the usual case; a paragraph not joined is its own span
    out = []
    i = 0
    while i < len(pars):
        j = i
        while j in joins:
            j += 1
        if j == i:
            out.append(pars[i])
        else:
            start, end = pars[i].start, pars[j].end
            out.append(tuple.__new__(Line, (start, end, text[start:end])))  # skips Line's Python __new__
        i = j + 1
    return out


RULES = [("balance", check_balance)]
