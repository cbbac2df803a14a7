"""Metamorphic tests over the whole corpus: changes of layout that must not change what is read.

Each transformation rewrites a real report the way another publisher could have printed it
(headings without numerals, other heading nouns, full-width digits, a newspaper page break,
CRLF line ends, no web-page chrome). For every report of tests/fixtures/corpus the targets and
the results must be the same quotes before and after: one test per transformation and report.
The transformations are written here, independently of the extractor's own word lists.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from duban.extract import extract_text, read_path

CORPUS = Path(__file__).resolve().parent / "fixtures" / "corpus"
REPORTS = sorted(CORPUS.glob("*.txt"))

_HAN = re.compile(r"[\u4e00-\u9fff]")
_NUMERAL = re.compile(r"[0-9０-９一二三四五六七八九十百千万亿两]")
_L1_HEADING = re.compile(r"(?m)^([ \t\u3000]*)[一二三四五六七八九十]{1,3}、(?=[^\n。；]{2,60}\r?$)")
_SYNONYMS = ("重点工作", "主要工作", "主要任务", "工作安排")
_SYNONYM = re.compile("|".join(_SYNONYMS))
PAGE_BREAK = "\n（下转第2版）\n\n（上接第1版）"
# Web-page chrome above the title as the provincial sites print it, and the source/time lines.
_CHROME = {"下载", "打印", "全屏", "收藏", "【字号：", "【字体：", "加大", "还原", "减小", "】", "大", "中", "小",
           "您的位置:", "首页", ">", "云南要闻"}
_SOURCE_LINE = re.compile(r"^(?:来源|时间)[：:]|^\d{4}-\d\d-\d\d(?: \d\d:\d\d(?::\d\d)?)?$")


def remove_heading_numerals(text: str) -> str:
    """一、2025年工作回顾 -> 2025年工作回顾 (level-1 headings printed as bare lines)."""
    return _L1_HEADING.sub(r"\1", text)


def _is_heading_line(line: str) -> bool:
    body = line.strip(" \t\u3000\r")
    return 2 <= len(body) <= 40 and not re.search(r"[。；;！？]", body)


def swap_heading_synonyms(text: str) -> str:
    """Each of 重点工作/主要工作/主要任务/工作安排 in a heading line becomes the next one."""
    rotate = {w: _SYNONYMS[(i + 1) % len(_SYNONYMS)] for i, w in enumerate(_SYNONYMS)}
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if _is_heading_line(_L1_HEADING.sub("", line) if _L1_HEADING.match(line) else line):
            lines[i] = _SYNONYM.sub(lambda m: rotate[m.group()], line)
    return "\n".join(lines)


def fullwidth_digits(text: str) -> str:
    return text.translate({ord("0") + d: 0xFF10 + d for d in range(10)})


def _splittable(text: str, i: int) -> bool:
    """Between two Chinese characters and away from any figure: a break inside a figure with
    its unit or comparator (38亿|元, 立|方米, 增加|到2002年) is a gap of the extractor that this
    test does not cover."""
    return bool(_HAN.match(text[i - 1]) and _HAN.match(text[i])) and not _NUMERAL.search(text[max(0, i - 10):i + 6])


def insert_page_breaks(text: str) -> str:
    """A newspaper page break inside every long paragraph, in the middle of a word near its
    middle ("…推动市属企业优\\n（下转第2版）\\n\\n（上接第1版）化重组…")."""
    out, pos = [], 0
    for m in re.finditer(r"[^\r\n]{300,}", text):
        mid = (m.start() + m.end()) // 2
        at = next((i for i in range(mid, m.end() - 1) if _splittable(text, i)), None)
        if at is None:
            continue
        out += [text[pos:at], PAGE_BREAK]
        pos = at
    out.append(text[pos:])
    return "".join(out)


def switch_line_ends(text: str) -> str:
    return text.replace("\r\n", "\n") if "\r\n" in text else text.replace("\n", "\r\n")


def remove_front_matter(text: str) -> str:
    """Drop the web-page chrome and the 来源/时间 lines above 各位代表 (title and date line stay)."""
    head_end = text.find("各位代表")
    if head_end < 0:
        return text
    keep = [line for line in text[:head_end].split("\n")
            if line.strip(" \t\u3000\r") not in _CHROME and not _SOURCE_LINE.match(line.strip(" \t\u3000\r"))]
    return "\n".join(keep) + text[head_end:]


TRANSFORMS = {
    "heading_numerals_removed": remove_heading_numerals,
    "heading_synonyms_swapped": swap_heading_synonyms,
    "fullwidth_digits": fullwidth_digits,
    "page_break_inserted": insert_page_breaks,
    "line_ends_switched": switch_line_ends,
    "front_matter_removed": remove_front_matter,
}


def _canonical(quote: str) -> str:
    """A quote as the untransformed text has it: no page break, no CR, ASCII digits."""
    quote = quote.replace(PAGE_BREAK, "").replace("\r", "")
    return quote.translate({0xFF10 + d: ord("0") + d for d in range(10)})


@cache
def _text(path: Path) -> str:
    return read_path(path).text


@cache
def _quotes(path: Path, transform: str | None) -> tuple[Counter, Counter]:
    text = _text(path)
    if transform:
        text = TRANSFORMS[transform](text)
    doc = extract_text(text, name=path.name)
    return (Counter(_canonical(t["quote"]) for t in doc["targets"]),
            Counter(_canonical(r["quote"]) for r in doc["results"]))


def test_every_transformation_changes_some_report():
    """A transformation that leaves every text as it was would test nothing."""
    for name, fn in TRANSFORMS.items():
        assert any(fn(_text(p)) != _text(p) for p in REPORTS), name


@pytest.mark.parametrize("path", REPORTS, ids=[p.stem for p in REPORTS])
@pytest.mark.parametrize("transform", TRANSFORMS)
def test_extraction_is_unchanged_by(transform, path):
    targets, results = _quotes(path, None)
    t_targets, t_results = _quotes(path, transform)
    for kind, before, after in (("targets", targets, t_targets), ("results", results, t_results)):
        lost, gained = sorted((before - after).elements()), sorted((after - before).elements())
        assert not lost and not gained, f"{kind} lost {lost}, gained {gained}"
