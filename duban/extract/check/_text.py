"""Text helpers shared by the check rules: lines with offsets, character classes, defects.

Every rule works on the original text; offsets are never shifted by normalisation.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import NamedTuple

__all__ = ["Defect", "Line", "LineIndex", "is_cjk", "lines", "occurrences", "paragraphs", "line_col"]

_BREAK = re.compile(r"\r\n|\r|\n")
_SPLIT = re.compile(r"(\r\n|\r|\n)")  # split() keeps the breaks


@dataclass(frozen=True)
class Defect:
    kind: str
    start: int
    end: int
    message: str
    suggestion: str | None = None
    rule: str = ""

    def as_dict(self, text: str) -> dict:
        return {
            "kind": self.kind,
            "start": self.start,
            "end": self.end,
            "quote": text[self.start : self.end],
            "message": self.message,
            "suggestion": self.suggestion,
        }


class Line(NamedTuple):
    # A named tuple, not a frozen dataclass: a report has hundreds of lines and a frozen
    # dataclass costs several times more to build.
    start: int
    end: int  # before the line terminator
    text: str

    @property
    def stripped(self) -> str:
        return self.text.strip()


def lines(text: str) -> list[Line]:
    """All lines (blank ones included) with offsets; CRLF, LF and CR all end a line."""
    out = []
    pos = 0
    for m in _BREAK.finditer(text):
        end = m.start()
        out.append(Line(pos, end, text[pos:end]))
        pos = m.end()
    out.append(Line(pos, len(text), text[pos:]))
    return out


def paragraphs(text: str) -> list[Line]:
    """Non-blank lines: in a report a paragraph is one line."""
    # The same lines as lines(), from one split (texts and breaks alternate), and built
    # with tuple.__new__, which skips the named tuple's Python-level constructor: the
    # paragraphs are the first thing every check computes.
    parts = _SPLIT.split(text)
    out = []
    pos = 0
    for k in range(0, len(parts), 2):
        line = parts[k]
        end = pos + len(line)
        if line.strip():
            out.append(tuple.__new__(Line, (pos, end, line)))
        if k + 1 < len(parts):
            pos = end + len(parts[k + 1])
    return out


def occurrences(text: str, word: str):
    """Every start of ``word`` in ``text`` (overlapping ones included), by string search."""
    i = text.find(word)
    while i >= 0:
        yield i
        i = text.find(word, i + 1)


def is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


class LineIndex:
    """Offsets -> 1-based (line, column); CRLF, LF and a lone CR each end one line."""

    def __init__(self, text: str):
        self.starts = [0] + [m.end() for m in _BREAK.finditer(text)]

    def __call__(self, offset: int) -> tuple[int, int]:
        line = bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of ``offset``; CRLF counts as one break."""
    return LineIndex(text[: offset + 1])(offset)
