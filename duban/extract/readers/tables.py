"""Turn a table (docx or HTML) into text lines the list extractor reads like a printed list.

An appendix table of 民生实事 with columns 序号 | 项目 | 牵头单位 becomes
``1. 新建中小学12所(牵头单位：市教育局)``, the same shape as the lists that reports print
as paragraphs. Tables that are not lists (no header we know) keep one line per row with
the cells separated by an ideographic space.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from duban.extract.readers.words import reader_words

__all__ = ["Cell", "render_table"]

# A grid cell: its text, and whether it continues a horizontally merged cell (then it is
# skipped in the row) — vertically merged cells repeat their text in each row they cover,
# because a department that leads several items applies to each of them.
@dataclass(frozen=True)
class Cell:
    text: str
    spanned: bool = False


_SPACE = re.compile(r"\s+")
_ARABIC = re.compile(r"\d{1,4}")
_CHINESE_NUMBER = re.compile(r"[一二三四五六七八九十百零〇]{1,6}")
_NUMBER_WITH_MARK = re.compile(r"(?:\d{1,4}|[一二三四五六七八九十百]{1,6})[.．、]|[(（](?:\d{1,4}|[一二三四五六七八九十]{1,4})[)）]")
CELL_SEPARATOR = "\u3000"


def clean_cell(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def _header_role(header: str) -> str:
    words = reader_words()
    h = header.replace(" ", "")
    if h in words.number_headers:
        return "number"
    if h.endswith(words.department_header_suffixes) or any(w in h for w in words.department_header_words):
        return "department"
    if h in words.content_headers:
        return "content"
    return "other"


def _number_prefix(cell: str) -> str:
    if _ARABIC.fullmatch(cell):
        return f"{int(cell)}. "
    if _CHINESE_NUMBER.fullmatch(cell):
        return f"{cell}、"
    if _NUMBER_WITH_MARK.fullmatch(cell):
        return cell if cell[-1] in ")）" else f"{cell} " if cell[-1] in ".．" else cell
    return f"{cell} " if cell else ""


def _looks_numbered(values: list[str]) -> bool:
    filled = [v for v in values if v]
    return bool(filled) and sum(1 for v in filled if _ARABIC.fullmatch(v) or _NUMBER_WITH_MARK.fullmatch(v)) >= 0.8 * len(filled)


def _single(row: list[Cell]) -> str | None:
    """The text of a row with exactly one filled cell (a caption or a group heading)."""
    filled = [clean_cell(c.text) for c in row if not c.spanned and clean_cell(c.text)]
    return filled[0] if len(filled) == 1 else None


def render_table(rows: list[list[Cell]]) -> list[str]:
    """Return the text lines of a table given as a grid of cells (merged cells resolved)."""
    grid = [r for r in rows if any(clean_cell(c.text) for c in r)]
    lines: list[str] = []
    # Caption rows: one filled cell across the table ("2023年重点民生事项清单").
    while grid and len(grid[0]) > 1 and _single(grid[0]) is not None:
        lines.append(_single(grid.pop(0)))
    if not grid:
        return lines
    width = max(len(r) for r in grid)
    grid = [r + [Cell("")] * (width - len(r)) for r in grid]
    header = [clean_cell(c.text) for c in grid[0]]
    roles = [_header_role(h) if h else "other" for h in header]
    has_header = width > 1 and any(r in ("number", "content", "department") for r in roles)
    body = grid[1:] if has_header else grid
    if not has_header:
        roles = ["other"] * width
        first = [clean_cell(r[0].text) for r in body]
        if width > 1 and _looks_numbered(first):
            roles[0] = "number"
    elif "content" not in roles:
        # A header we only half know (序号 | 名称X | 牵头单位): the other columns are the item.
        roles = ["content" if r == "other" else r for r in roles]
    for row in body:
        single = _single(row) if width > 2 else None
        if single is not None and roles[[clean_cell(c.text) for c in row].index(single)] != "number":
            lines.append(single)  # a group heading inside the table ("一、教育")
        else:
            lines.append(_render_row(row, header if has_header else None, roles))
    return [line for line in lines if line]


def _render_row(row: list[Cell], header: list[str] | None, roles: list[str]) -> str:
    number, content, extras = "", [], []
    for i, cell in enumerate(row):
        if cell.spanned:
            continue
        text = clean_cell(cell.text)
        if not text:
            continue
        role = roles[i] if i < len(roles) else "other"
        if role == "number" and not number:
            number = _number_prefix(text)
        elif role in ("department", "other") and header is not None and header[i]:
            extras.append(f"{header[i]}：{text}")
        else:
            content.append(text)
    if header is None:
        line = number + CELL_SEPARATOR.join(content)
        return line.rstrip()
    line = number + "，".join(content)
    if extras:
        line += "(" + "；".join(extras) + ")"
    return line
