"""Rebuild lines and paragraphs from positioned PDF text fragments.

A PDF has no paragraphs, only glyph runs at positions. A line of a Chinese report is
wrapped at the right margin in the middle of a sentence, so lines are joined back into
paragraphs unless one of the usual signs of a paragraph end is there: the line stops
short of the right margin, the next line is indented (the 2-character first-line
indent of Chinese documents), a larger vertical gap, a change of font size, or the next
line starts with a heading or list number. Running page headers and page numbers are
dropped.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass, field

from duban.extract.markers import ARABIC, CIRCLED, CN_COMMA, PAREN_ARABIC, PAREN_CN
from duban.extract.readers.tables import Cell, render_table

__all__ = ["Fragment", "Line", "assemble"]

_WIDE = re.compile(r"[\u00b7\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u3000-\u303f\u2014\u2026\u201c\u201d\u2018\u2019]")
_STRUCTURE_START = re.compile(
    rf"^(?:{CN_COMMA}|{PAREN_CN}|第[一二三四五六七八九十百\d]{{1,4}}[章节部分篇]"
    rf"|附件\s*\d*\s*$|{ARABIC}|{PAREN_ARABIC}|{CIRCLED})"
)
_PAGE_NUMBER = re.compile(
    r"^[\s\-—–－_·•]*(?:第\s*)?[\dⅠ-Ⅻ]{1,4}(?:\s*页)?(?:\s*[/／]\s*(?:共\s*)?\d{1,4}\s*页?)?[\s\-—–－_·•]*$"
    r"|^[\s\-—–－]*[一二三四五六七八九十百]{1,4}[\s\-—–－]*$"
)
_DIGITS = re.compile(r"\d+")
# Between the cells of a table row, as in the .docx/HTML table lines.
CELL_GAP = "\u3000"


@dataclass
class Fragment:
    text: str
    x: float
    y: float
    size: float


@dataclass
class Line:
    text: str
    x0: float
    x1: float
    y: float
    size: float
    page: int
    parts: list[Fragment] = field(default_factory=list)
    stale: bool = False  # some glyph positions on this line were not reported
    row: bool = False  # cells separated by column gaps: a table row, a line of its own


_NARROW = frozenset(",.;:!?'\"()[]|-`il ")


def text_width(text: str, size: float) -> float:
    """Approximate advance width: full-width characters one em, Latin ones less.

    pypdf does not report glyph widths to the visitor; Latin widths vary by font, which
    is why line-end comparisons allow a tenth of an em of slack per Latin character.
    """
    return sum(_char_width(ch) for ch in text) * size


def _char_width(ch: str) -> float:
    if _WIDE.match(ch):
        return 1.0
    if ch in _NARROW:
        return 0.3
    if ch in "%@WM&":
        return 0.8
    if ch.isupper():
        return 0.65
    return 0.5


def latin_count(text: str) -> int:
    return sum(1 for ch in text if not _WIDE.match(ch))


def _is_wide(ch: str) -> bool:
    return bool(_WIDE.match(ch))


def _join_fragment(current: Line, piece: str, x: float, size: float) -> None:
    """Append a fragment to its line, deciding the space at the boundary.

    Spaces at fragment edges are pypdf's guesses (it adds one wherever the text position
    jumps, as between each glyph of a Chrome PDF), so an edge space is a word break, and
    a word break next to a Chinese character is no space at all. A wide gap is a column
    gap (a table row, a tab stop) and becomes an ideographic space, unless the line has
    glyphs reported at a position that does not advance: pypdf does not always report
    the positions of glyphs inside one TJ array, and then gaps mean nothing. Spaces
    inside a fragment come from the PDF's own strings and are kept.
    """
    last_x = current.parts[-1].x if current.parts else current.x0
    if x <= last_x + 0.01:
        current.stale = True
    column_gap = not current.stale and x - current.x1 > 1.5 * size
    soft = piece[:1].isspace() or current.text[-1:].isspace()
    body = piece.strip()
    if not body:
        current.text = current.text.rstrip() + " "
        return
    text = current.text.rstrip()
    if text:
        latin_pair = not _is_wide(text[-1]) and not _is_wide(body[0])
        if column_gap:
            if latin_pair and x - current.x1 < 4 * size:
                text += " "
            else:
                text += CELL_GAP
                current.row = True
        elif soft and latin_pair:
            text += " "
    current.text = text + body
    current.x1 = max(current.x1, x + text_width(body, size))


def _lines_of_page(fragments: list[Fragment], page: int) -> list[Line]:
    lines: list[Line] = []
    current: Line | None = None
    for frag in fragments:
        size = frag.size if frag.size > 0 else 10.0
        for k, piece in enumerate(frag.text.split("\n")):
            if not piece:
                continue
            y = frag.y - k * size * 1.2
            if current is not None and k == 0 and abs(y - current.y) <= 0.5 * max(size, current.size):
                _join_fragment(current, piece, frag.x, size)
                current.size = max(current.size, size)
                current.parts.append(frag)
            else:
                current = Line(piece, frag.x, frag.x + text_width(piece, size), y, size, page, [frag])
                lines.append(current)
    for line in lines:
        stripped = line.text.lstrip()
        if len(stripped) != len(line.text):
            # Leading spaces are an indent the generator typed instead of positioning.
            line.x0 += text_width(line.text[: len(line.text) - len(stripped)], line.size)
        line.text = stripped.rstrip()
        # Reported glyph positions can lag behind (see _join_fragment): the text's own
        # width from the line start is the better estimate of where the line ends.
        line.x1 = max(line.x1, line.x0 + text_width(line.text, line.size))
    return [line for line in lines if line.text]


def _running_lines(pages: list[list[Line]]) -> set[tuple[int, int]]:
    """(page, index) of page numbers and running headers/footers to drop."""
    drop: set[tuple[int, int]] = set()
    edge_keys: Counter[str] = Counter()
    edges: list[tuple[int, int, str]] = []
    for p, lines in enumerate(pages):
        if not lines:
            continue
        order = sorted(range(len(lines)), key=lambda i: -lines[i].y)
        edge = 2 if len(lines) >= 8 else 1
        candidates = set(order[:edge] + order[-edge:])
        for i in candidates:
            text = lines[i].text
            if _PAGE_NUMBER.match(text):
                drop.add((p, i))
            else:
                key = _DIGITS.sub("#", text.replace(" ", ""))
                edges.append((p, i, key))
    pages_with_text = sum(1 for lines in pages if lines)
    for _p, _i, key in edges:
        edge_keys[key] += 1
    if pages_with_text >= 3:
        for p, i, key in edges:
            if edge_keys[key] >= max(3, pages_with_text // 2) and len(key) <= 60:
                drop.add((p, i))
    return drop


def _margins(lines: list[Line]) -> tuple[float, float]:
    """Left and right text edges: the outermost positions that several lines share.

    Not the most common start: on a page of short list items most lines are indented
    first lines, and only the wrapped ones start at the margin.
    """
    need = max(2, len(lines) // 20) if len(lines) > 2 else 1
    starts = Counter(round(line.x0) for line in lines)
    left = min((x for x, n in starts.items() if n >= need), default=min(starts))
    # Full lines dominate a page of running text: the median end of the long lines is the
    # right edge, robust to hanging punctuation and to Latin width estimates either way.
    widest = max(line.x1 for line in lines)
    long_ends = [line.x1 for line in lines if line.x1 - left >= 0.85 * (widest - left)]
    right = statistics.median(long_ends) if long_ends else widest
    return float(left), right


def _is_cjk_join(a: str, b: str) -> str:
    if a and b and a[-1].isascii() and a[-1].isalnum() and b[0].isascii() and b[0].isalnum():
        return " "
    return ""


def assemble(pages: list[list[Fragment]]) -> str:
    """Return the document text: one paragraph per line, pages in order."""
    page_lines = [_lines_of_page(frags, p) for p, frags in enumerate(pages)]
    drop = _running_lines(page_lines)
    kept = [[line for i, line in enumerate(lines) if (p, i) not in drop] for p, lines in enumerate(page_lines)]
    all_lines = [line for lines in kept for line in lines]
    if not all_lines:
        return ""
    doc_left, doc_right = _margins(all_lines)
    margins = {}
    pitches = {}
    for p, lines in enumerate(kept):
        margins[p] = (doc_left, doc_right)
        if len(lines) >= 10:
            left, right = _margins(lines)
            # A page's own edges count (mirrored margins) only when its text is as wide as
            # the document's; a page of one-line paragraphs, all indented and short, is not.
            if right - left >= 0.9 * (doc_right - doc_left):
                margins[p] = (left, right)
        steps = [a.y - b.y for a, b in zip(lines, lines[1:], strict=False) if 0 < a.y - b.y < 4 * a.size]
        pitches[p] = statistics.median(steps) if steps else None
    paragraphs: list[str] = []
    rows: list[str] = []
    prev: Line | None = None
    for line in all_lines:
        if line.row:
            rows.append(line.text)
        else:
            paragraphs.extend(_table_lines(rows))
            rows = []
            if prev is None or prev.row or _breaks(prev, line, margins, pitches):
                paragraphs.append(line.text)
            else:
                paragraphs[-1] += _is_cjk_join(paragraphs[-1], line.text) + line.text
        prev = line
    paragraphs.extend(_table_lines(rows))
    return "\n".join(paragraphs)


def _table_lines(rows: list[str]) -> list[str]:
    """Consecutive table rows, read like a .docx/HTML table when every row has the same cells.

    Rows whose cells do not line up (an empty cell leaves no gap a reader can see) stay as
    they are rather than being put under the wrong header.
    """
    if len(rows) < 2:
        return rows
    grid = [row.split(CELL_GAP) for row in rows]
    if len({len(cells) for cells in grid}) != 1:
        return rows
    return render_table([[Cell(c) for c in cells] for cells in grid])


_NOT_LATIN = r"\s\u00b7\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f\u2014\u2026\u201c\u201d\u2018\u2019"
_LEADING_WORD = re.compile(
    rf"[“‘（(《【]*[^{_NOT_LATIN}]+(?:[—–][^{_NOT_LATIN}]+)*[”’）)》】]*[，。；、：,.;:]?"
)


def _pushed_down(a: Line, b: Line, right: float) -> bool:
    """True when ``b`` starts with a Latin/number run that did not fit at the end of ``a``.

    Typesetters do not break "5%—5.5%" or a URL, so the line before stops short although
    the sentence goes on; that is a wrap, not a paragraph end.
    """
    m = _LEADING_WORD.match(b.text)
    return bool(m) and a.x1 + text_width(m.group(0), b.size) > right - 0.5 * b.size


def _breaks(a: Line, b: Line, margins: dict, pitches: dict) -> bool:
    left_a, right_a = margins[a.page]
    left_b, _ = margins[b.page]
    size = max(a.size, b.size)
    if a.row or b.row:
        return True
    if a.x1 < right_a - (1.5 + 0.1 * latin_count(a.text)) * size and not _pushed_down(a, b, right_a):
        return True  # the line stops short: its paragraph ends here
    if b.x0 > left_b + 0.8 * b.size:
        return True  # first-line indent, or a centred heading
    if a.x0 > left_a + 0.8 * a.size and a.x1 < right_a - 0.5 * size and abs(a.x0 - left_a) > 4 * size:
        return True  # a centred line
    if abs(a.size - b.size) > 0.15 * size:
        return True
    if a.page == b.page:
        pitch = pitches.get(a.page)
        if pitch and a.y - b.y > 1.12 * pitch:
            return True
    return bool(_STRUCTURE_START.match(b.text))
