"""A same-length normalised view of the original text, so that offsets never move.

Full-width digits, letters and ASCII punctuation become half-width, the ideographic space
becomes a space, and clutter (web-page chrome lines, newspaper continuation marks) is
blanked out with spaces. Every rule matches on ``norm``; every offset indexes ``text``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from duban.extract.language import lexicon

__all__ = ["TextView", "normalise"]

_TABLE = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_TABLE[0x3000] = 0x20  # ideographic space
_TABLE[0xFEFF] = 0x20  # stray BOM inside the text
_TABLE[0x2212] = ord("-")  # minus sign
# Subscript digits (PM₂.₅) read as digits so PM2.5 is recognised as a name in one place.
_TABLE.update({0x2080 + d: ord("0") + d for d in range(10)})


_TAIL_LINE_MAX = 12  # the heading of a page's tail (相关报道) is a short line
_CHROME_LINE_MAX = 40  # a line of web-page chrome (来源：…) is short
_MAPPED = re.compile("[" + "".join(re.escape(chr(cp)) for cp in sorted(_TABLE)) + "]")
_CHAR_TABLE = {chr(k): chr(v) for k, v in _TABLE.items()}


def normalise(text: str) -> str:
    # str.translate looks up every character of a CJK text in the table; few distinct
    # characters need mapping, and replacing each of them is a C-speed scan.
    for ch in set(_MAPPED.findall(text)):
        text = text.replace(ch, _CHAR_TABLE[ch])
    return text




@cache
def _normalised(words: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(normalise(w) for w in words)


@dataclass
class TextView:
    text: str
    norm: str
    clutter: list[tuple[int, int]]

    @classmethod
    def of(cls, text: str) -> TextView:
        lex = lexicon()
        prefixes = _normalised(tuple(lex.chrome_prefixes))
        # a line longer than every pattern below can be neither chrome nor the tail heading
        longest = _longest_line_rule(lex.chrome_lines)
        norm = normalise(text)
        spans: list[tuple[int, int]] = []
        pos = 0
        tail_from = None
        for line in norm.splitlines(keepends=True):
            body = line.strip()
            if body and len(body) <= longest:
                start, end = pos, pos + len(line.rstrip("\r\n"))
                if tail_from is None and body.startswith(lex.tail_prefixes) and len(body) <= _TAIL_LINE_MAX:
                    tail_from = start
                if body in lex.chrome_lines or (len(body) <= _CHROME_LINE_MAX and body.startswith(prefixes)):
                    spans.append((start, end))
            pos += len(line)
        if tail_from is not None:
            spans.append((tail_from, len(norm)))
        for rx in lex.inline_clutter:
            spans.extend(m.span() for m in rx.finditer(norm))
        if spans:
            norm = _blank(norm, spans)
        return cls(text=text, norm=norm, clutter=sorted(spans))


@cache
def _longest_line_rule(chrome_lines: frozenset[str]) -> int:
    return max([_TAIL_LINE_MAX, _CHROME_LINE_MAX, *map(len, chrome_lines)])


_LINE_RUN = re.compile(r"[^\r\n]+")


def _spaces(m: re.Match) -> str:
    return " " * (m.end() - m.start())


def _blank(norm: str, spans: list[tuple[int, int]]) -> str:
    """``norm`` with every character in ``spans`` but line breaks made a space; spans may
    overlap. Only the spans are rebuilt: copying a whole text character by character costs
    more than the rest of the view."""
    out, pos = [], 0
    for s, e in sorted(spans):
        s = max(s, pos)
        if e <= s:
            continue
        out += [norm[pos:s], _LINE_RUN.sub(_spaces, norm[s:e])]
        pos = e
    out.append(norm[pos:])
    return "".join(out)


def squash(s: str) -> str:
    """Drop every whitespace (line breaks of a page break, spaces between 政 府 工 作)."""
    # str.split() splits at exactly the characters regex \s matches, at a third of the cost
    return "".join(s.split())
