"""Text helpers shared by the check rules: lines with offsets, character classes, defects.

Every rule works on the original text; offsets are never shifted by normalisation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Defect", "Line", "is_cjk", "lines", "paragraphs", "line_col"]

_LINE = re.compile(r"[^\r\n]*")


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


@dataclass(frozen=True)
class Line:
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
    n = len(text)
    while pos <= n:
        m = _LINE.match(text, pos)
        end = m.end()
        out.append(Line(pos, end, text[pos:end]))
        if end >= n:
            break
        pos = end + (2 if text.startswith("\r\n", end) else 1)
    return out


def paragraphs(text: str) -> list[Line]:
    """Non-blank lines: in a report a paragraph is one line."""
    return [ln for ln in lines(text) if ln.text.strip()]


def is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of ``offset``; CRLF counts as one break."""
    line = text.count("\n", 0, offset) + 1
    last_nl = text.rfind("\n", 0, offset)
    # A lone CR (old Mac files) also ends a line.
    line += text.count("\r", last_nl + 1, offset) - text.count("\r\n", last_nl + 1, offset)
    last = max(last_nl, text.rfind("\r", 0, offset) if "\r" in text[last_nl + 1 : offset] else -1)
    return line, offset - last
