"""The layout of a report: logical paragraphs, the heading hierarchy, the report year, and
which passages review the past (numbers there are results) or plan the future (targets).

Headings: 一、 (level 1), (一)/（一） (level 2), 1. / 1、 (level 3), 附件N (appendix,
level 1), a short line of its own without sentence punctuation between paragraphs
("“十四五”时期工作回顾": a chapter, or a sub-heading inside a numbered chapter), and inside
those the paragraph-opening 一是/二是 and short lead sentences ("优化服务让民企敢闯。") that
act as sub-headings. Which paragraphs review the past and which plan the future is read by
:mod:`duban.extract.review_plan`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

import cn2an

from duban.extract.language import alternation, lexicon
from duban.extract.markers import (
    APPENDIX_WORD,
    ARABIC_NUMERAL,
    CN_COMMA,
    CN_DIGIT,
    PAREN_CN,
    SHI,
    SPACE,
    STOP,
)
from duban.extract.review_plan.parts import Chapter, Override, read_parts
from duban.extract.review_plan.signals import heading_votes
from duban.extract.textview import TextView, normalise, squash

__all__ = ["Block", "Layout", "Section", "analyse"]

_TERMINAL = "。！？!?;；:：”」』)）"
_L1 = re.compile("^" + CN_COMMA)
_L2 = re.compile("^" + PAREN_CN)
# 1. / 1、 and, for headings, a numeral and a space (1 总体要求)
_L3 = re.compile(rf"^({ARABIC_NUMERAL})(?:{SPACE}{STOP}(?!\d)|\s)")
_APPENDIX = re.compile(rf"^({APPENDIX_WORD})\s*([0-9{CN_DIGIT[1:-1]}]*)\s*[:：]?\s*(.*)$")
_ENUM = re.compile("^" + SHI)
_DATE_LINE = re.compile(r"(20\d\d|19\d\d)\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*在")
_DATE_LINE_CN = re.compile(r"([〇零一二三四五六七八九]{4})\s*年\s*[一二三四五六七八九十]{1,2}\s*月\s*[一二三四五六七八九十]{1,3}\s*日\s*在")
_DATE_LINE_END = re.compile(r"日\s*在")
_YEAR_IN = re.compile(r"((?:19|20)\d\d)\s*年")
# a year opening a sentence: 2012年，…
_SENTENCE_YEAR = re.compile(r"(?:^|[。；！？])[ \t\u3000]*((?:19|20)\d\d)年[，,]", re.M)
_SENTENCE_END = re.compile(r"[。！？!?；;]")
# A heading printed as a line of its own: no sentence punctuation, at most one comma.
_HEADING_LINE_MAX = 40
# Blocks longer than this (spaces included) are never titles (at most 60 characters).
_SHORT_BLOCK = 180
# A numbered line shorter than this is a heading or list item of its own even if it stops
# mid-sentence; a longer one is a paragraph that a page break may cut.
_ITEM_LINE_MAX = 60
_OPEN_ENDS = "，,、《“（(—-"
_BARE_TEXT = re.compile(r"[。！？!?；;：:]")
# A short lead sentence that acts as a sub-heading ("优化服务让民企敢闯。").
_LEAD_SENTENCE = re.compile(r"^([^，,。；;：:\d%“”]{4,18})。")
_CLAUSE_PUNCT = re.compile(r"[。！？!?；;，,]")
_COMMA = re.compile(r"[，,]")
_TITLE_END = re.compile(r"[。；;！!？?]")


class _Titles:
    """Nouns of list titles and of years in titles (lexicon: list_title_nouns, year_list_nouns,
    report_title)."""

    def __init__(self):
        cues = lexicon().cues
        self.list_title = re.compile(f"({alternation(cues['list_title_nouns'])})")
        self.list_year = re.compile(rf"(20\d\d)年[^\n。]{{0,24}}(?:{alternation(cues['year_list_nouns'])})")
        self.report_title = re.compile(rf"((?:19|20)\d\d)\s*年[^\n]{{0,24}}{re.escape(cues['report_title'])}")


@cache
def _titles() -> _Titles:
    return _Titles()


@dataclass
class Section:
    id: str
    level: int
    number: str
    title: str
    start: int
    end: int
    parent: str | None
    head_end: int = 0  # end of the heading line/sentence
    kind: str = ""  # "appendix" or ""
    is_list: bool = False
    line: bool = False  # printed as a bare line of its own, without a number

    def as_dict(self) -> dict:
        return {"id": self.id, "level": self.level, "number": self.number, "title": self.title,
                "start": self.start, "end": self.end, "parent": self.parent}


@dataclass
class Block:
    """A logical paragraph: one or more physical lines (a page break may split one)."""

    start: int
    end: int
    lines: list[tuple[int, int]] = field(default_factory=list)
    section: str | None = None  # innermost section id
    part: str = "plan"  # "review" or "plan"
    period: str | None = None  # for review blocks
    horizon: str | None = None  # default deadline for plan blocks
    list_section: str | None = None  # appendix/list section the block belongs to
    heading_level: int = 0
    front_matter: bool = False  # title, date line, caption: before the speech begins
    signals: tuple[str, ...] = ()  # labels of the votes that decided part and period
    chapter: str | None = None  # id of the level-1 section the block belongs to


@dataclass
class Layout:
    view: TextView
    blocks: list[Block]
    sections: list[Section]
    year: int | None
    content_start: int
    content_end: int
    chapters: list[Chapter] = field(default_factory=list)
    overrides: tuple[Override, ...] = ()
    year_inferred: bool = False  # no date line, title or heading named it: read off the review (doubtful)

    def section(self, sid: str | None) -> Section | None:
        return self._by_id.get(sid) if sid else None

    def __post_init__(self):
        self._by_id = {s.id: s for s in self.sections}


def _physical_lines(norm: str) -> list[tuple[int, int]]:
    out = []
    pos = 0
    for line in norm.splitlines(keepends=True):
        body = line.strip()
        if body:
            s = pos + len(line) - len(line.lstrip())
            out.append((s, s + len(body)))
        pos += len(line)
    return out


def _numbered(line: str) -> bool:
    """The line opens with a heading or list number (一、 (一) 1.)."""
    return bool(_L1.match(line) or _L2.match(line) or _L3.match(line))


def _blocks(norm: str) -> list[Block]:
    blocks: list[Block] = []
    for s, e in _physical_lines(norm):
        if blocks:
            prev = blocks[-1]
            ps, pe = prev.lines[-1]
            # A page break splits a word ("古\n\n今交融"): a long line that stops mid-sentence
            # continues on the next line unless that line opens a heading or list item, or is
            # itself a heading line (a short line with no sentence in it, after a sentence end).
            if pe - ps >= 20 and norm[pe - 1] not in _TERMINAL and _continues(norm, blocks, norm[s:e]):
                prev.lines.append((s, e))
                prev.end = e
                continue
        blocks.append(Block(s, e, [(s, e)]))  # positional arguments: a third quicker, for every line
    return blocks


def _continues(norm: str, blocks: list[Block], text: str) -> bool:
    """Whether ``text``, the line after a long line of the last block that stops
    mid-sentence, carries on that block's paragraph."""
    prev = blocks[-1]
    ptext = norm[prev.lines[-1][0]:prev.lines[-1][1]]
    return (not _numbered(text) and not _APPENDIX.match(text)
            and not (len(ptext) < _ITEM_LINE_MAX and _numbered(ptext))  # headings, list items: one a line
            and not text.startswith(lexicon().speech_openings)  # 各位代表：
            and not (len(prev.lines) == 1 and _looks_like_heading_line(ptext)
                     and (len(blocks) == 1 or _ends_sentence(norm, blocks[-2]))))


def _looks_like_heading_line(line: str) -> bool:
    """A line that could be a heading printed without a number: short, no sentence in it,
    at most one comma, not cut off in the middle of a phrase."""
    flat = squash(line)
    return (4 <= len(flat) <= _HEADING_LINE_MAX and not _BARE_TEXT.search(flat)
            and flat.count("，") + flat.count(",") <= 1 and flat[-1] not in _OPEN_ENDS
            and flat[0] not in "，,、》”)）—-" and flat.count("“") == flat.count("”")
            and flat.count("《") == flat.count("》"))


def _ends_sentence(norm: str, b: Block) -> bool:
    return b.heading_level > 0 or b.front_matter or norm[b.end - 1] in _TERMINAL


def _mark_front_matter(norm: str, blocks: list[Block], lex) -> None:
    """Blocks before the speech opens (各位代表：) when it opens early in the text."""
    limit = max(600, len(norm) // 8)
    for i, b in enumerate(blocks):
        if b.start > limit:
            return
        head = norm[b.start:b.end].lstrip()
        if any(head.startswith(o) and head[len(o):len(o) + 1] in (":", "：") for o in lex.speech_openings):
            for f in blocks[:i]:
                if not (_L1.match(norm[f.start:f.end]) or _L2.match(norm[f.start:f.end])):
                    f.front_matter = True
            return


def _title_of(text: str, marker_len: int) -> tuple[str, int]:
    rest = text[marker_len:]
    m = _TITLE_END.search(rest)
    cut = m.start() if m else len(rest)
    return rest[:cut].strip(" ：:，,"), marker_len + cut


def _detect_year(norm: str, sections: list[Section]) -> int | None:
    """The report year from the text: the meeting's date line (2026年1月25日在…, 二〇二六年…),
    the title (2026年北京市政府工作报告), the chapter headings (三、2026年重点工作 names it;
    一、2025年工作回顾 names the year before; the first chapter, a review, names the year
    before too), list titles (2023年重点民生事项清单)."""
    head = norm[:3000]
    # both date lines end in 日…在, a quick search that spares them where it is missing
    if _DATE_LINE_END.search(head):
        m = _DATE_LINE.search(head)
        if m:
            return int(m.group(1))
        m = _DATE_LINE_CN.search(head)
        if m:
            return int(cn2an.cn2an(m.group(1), "smart"))
    titles = _titles()
    m = titles.report_title.search(head)
    if m:
        return int(m.group(1))
    chapters = [normalise(s.title) for s in sections if s.level == 1 and s.kind != "appendix"]
    for i, title in enumerate(chapters):
        m = _YEAR_IN.search(title)
        if not m:
            continue
        votes = heading_votes(title[:m.start()] + title[m.end():], None)
        parts = {v.part for v in votes}
        if parts == {"plan"} or (not parts and i > 0):
            return int(m.group(1))
        if parts == {"review"} or (not parts and i == 0):
            return int(m.group(1)) + 1
    for s in sections:
        m = titles.list_year.search(normalise(s.title))
        if m:
            return int(m.group(1))
    m = titles.list_year.search(norm)
    return int(m.group(1)) if m else None


def _year_from_review(norm: str, sections: list[Section]) -> int | None:
    """The year after the latest year that opens a sentence of the first chapter, when that
    chapter is a review (过去五年工作回顾 … 2012年，…全面实现年初确定的主要目标): a review tells
    the years up to the last one. Only sentence openings count, as a review names coming years
    too (2008年奥运会). The weakest evidence: the document says the year was inferred."""
    chapters = [s for s in sections if s.level == 1 and s.kind != "appendix"]
    if not chapters or {v.part for v in heading_votes(normalise(chapters[0].title), None)} != {"review"}:
        return None
    first = chapters[0]
    years = [int(y) for y in _SENTENCE_YEAR.findall(norm, first.start, first.end)]
    return max(years) + 1 if years else None


def analyse(view: TextView, year: int | None = None, overrides=()) -> Layout:
    """The layout of the text in ``view``. ``overrides`` ({start, end, part} or
    :class:`~duban.extract.review_plan.parts.Override`) fix the reading of stretches of text.

    The returned layout's view has the line breaks inside a logical paragraph blanked (a
    page break in mid-sentence is not a clause boundary); offsets are unchanged."""
    lex = lexicon()
    overrides = tuple(Override.of(o, len(view.text)) for o in overrides or ())
    blocks = _blocks(view.norm)
    norm = _join_lines(view.norm, blocks)
    if norm is not view.norm:
        view = TextView(text=view.text, norm=norm, clutter=view.clutter)
    _mark_front_matter(norm, blocks, lex)
    sections: list[Section] = []
    stack: list[Section] = []
    list_section: Section | None = None
    pending_appendix: Section | None = None

    def push(level: int, number: str, title: str, start: int, head_end: int, **kw) -> Section:
        while stack and stack[-1].level >= level:
            stack.pop()
        sec = Section(id=f"s{len(sections) + 1}", level=level, number=number, title=title, start=start,
                      end=start, parent=stack[-1].id if stack else None, head_end=head_end, **kw)
        sections.append(sec)
        stack.append(sec)
        return sec

    titles = _titles()
    for i, b in enumerate(blocks):
        if b.front_matter:
            continue
        text = norm[b.start:b.end]
        flat = _squash_short(text)
        # titles are shown to people: take them from the original text (same offsets)
        otext = view.text[b.start:b.end]
        if pending_appendix is not None:
            # the line after 附件N names the list ("2023年重点民生事项清单")
            if len(flat) <= 40 and not _L3.match(text):
                pending_appendix.title = _squash_short(otext)
                pending_appendix.head_end = b.end
                b.heading_level = pending_appendix.level
                b.section = pending_appendix.id
                b.list_section = pending_appendix.id
                pending_appendix = None
                continue
            pending_appendix = None
        ap = _APPENDIX.match(flat) if len(flat) <= 40 else None
        if ap and (ap.group(2) or not ap.group(3)) and not flat.startswith("附近"):
            number = f"{ap.group(1)}{ap.group(2)}"
            oflat = _squash_short(otext)
            sec = push(1, number, oflat[len(flat) - len(ap.group(3)):].strip(" ：:"), b.start, b.end, kind="appendix",
                       is_list=True)
            list_section = sec
            if not ap.group(3).strip():
                pending_appendix = sec
            b.heading_level = 1
        elif m := _L1.match(text):
            title, cut = _title_of(otext, m.end())
            push(1, m.group(1), title, b.start, b.start + cut)
            list_section = None
            b.heading_level = 1
        elif m := _L2.match(text):
            title, cut = _title_of(otext, m.end())
            sec = push(2, otext[:m.end()], title, b.start, b.start + cut)
            b.heading_level = 2
            if titles.list_title.search(title) and len(title) <= 30:
                list_section = sec
                sec.is_list = True
            elif list_section is not None and list_section.level >= 2:
                list_section = None
        elif (m := _L3.match(text)) and not (list_section and list_section.is_list):
            title, cut = _title_of(otext, m.end())
            if len(title) <= 40 or cut < len(text):
                push(3, m.group(1), title, b.start, b.start + cut)
                b.heading_level = 3
        elif (len(flat) <= 40 and titles.list_title.search(flat) and not _CLAUSE_PUNCT.search(flat)) or (
                len(flat) <= 60 and flat.endswith(":") and titles.list_title.search(flat)):
            # a list title line of its own ("2023年重点民生事项清单"), or a sentence that
            # announces one ("今年将办好十件民生实事："), opens a list
            parent_level = stack[-1].level if stack else 0
            sec = push(parent_level + 1, "", _squash_short(otext).rstrip("：:"), b.start, b.end, is_list=True)
            list_section = sec
            b.heading_level = sec.level
        elif not (list_section and list_section.is_list) and _is_heading_line(norm, blocks, i):
            level = _line_heading_level(stack)
            push(level, "", _squash_short(otext), b.start, b.end, line=True)
            if level == 1:
                list_section = None
            b.heading_level = level
        elif not (list_section and list_section.is_list):
            enum = _ENUM.match(text)
            if enum and stack:
                title, cut = _title_of(otext, 0)
                comma = _COMMA.search(text)
                if comma and comma.start() < cut:
                    cut = comma.start()
                    title = otext[:cut]
                level = max(s.level for s in stack if not s.number.endswith("是")) + 1 if stack else 1
                push(level, f"{enum.group(1)}是", title[len(enum.group(0)):].strip(), b.start, b.start + cut)
            else:
                m = _LEAD_SENTENCE.match(text)
                if m and len(text) > m.end() + 10:
                    numbered = [s.level for s in stack if s.number or s.line]
                    if stack and not stack[-1].number and not stack[-1].line:
                        level = stack[-1].level  # the next lead sentence is a sibling
                    else:
                        # with no heading above (a text that starts mid-chapter) it sits under a lost (一)
                        level = max(numbered) + 1 if numbered else 3
                    push(level, "", otext[:m.end(1)], b.start, b.start + m.end())
        b.section = stack[-1].id if stack else None
        b.list_section = list_section.id if list_section else None

    # content bounds: first and last block
    content_start = blocks[0].start if blocks else 0
    content_end = blocks[-1].end if blocks else 0
    # A section ends where the next one at its level or above starts: the sections still
    # open (levels rising) are closed by each new section, in one pass instead of a search
    # of the rest for every section.
    open_: list[Section] = []
    for sec in sections:
        while open_ and open_[-1].level >= sec.level:
            _close(norm, open_.pop(), sec.start)
        open_.append(sec)
    for sec in open_:
        _close(norm, sec, content_end)
    inferred = False
    if year is None:
        year = _detect_year(norm, sections)
        if year is None:
            year = _year_from_review(norm, sections)
            inferred = year is not None
    chapters = read_parts(norm, blocks, sections, year, overrides)
    return Layout(view=view, blocks=blocks, sections=sections, year=year, year_inferred=inferred,
                  content_start=content_start,
                  content_end=content_end, chapters=chapters, overrides=overrides)


def _close(norm: str, sec: Section, end: int) -> None:
    # the section's extent is its text without trailing blank lines
    sec.end = end
    while sec.end > sec.start and norm[sec.end - 1] in " \r\n\t":
        sec.end -= 1


def _squash_short(s: str) -> str:
    """``s`` without spaces when it is short enough to be a title, else ``s``: squashing a
    paragraph would be work for nothing."""
    return squash(s) if len(s) <= _SHORT_BLOCK else s


def _join_lines(norm: str, blocks: list[Block]) -> str:
    """``norm`` with the breaks between the lines of one logical paragraph made spaces."""
    gaps = [(a[1], b[0]) for blk in blocks if len(blk.lines) > 1 for a, b in zip(blk.lines, blk.lines[1:], strict=False)]
    if not gaps:
        return norm
    out, pos = [], 0
    for s, e in gaps:
        out += [norm[pos:s], " " * (e - s)]
        pos = e
    out.append(norm[pos:])
    return "".join(out)


def _is_heading_line(norm: str, blocks: list[Block], i: int) -> bool:
    """A heading printed as a bare line: one short line without a sentence in it, after a
    sentence end (or a heading, or the top), before a paragraph or a numbered heading."""
    b = blocks[i]
    # spaces may stand between the characters of a heading (政 府 工 作): twice the length
    if len(b.lines) > 1 or b.end - b.start > 2 * _HEADING_LINE_MAX or not _looks_like_heading_line(norm[b.start:b.end]):
        return False
    if squash(norm[b.start:b.end]).endswith(lexicon().cues["report_title"]):
        return False  # the report's own title
    prev = next((blocks[j] for j in range(i - 1, -1, -1) if not blocks[j].front_matter), None)
    if prev is not None and not _ends_sentence(norm, prev):
        return False
    nxt = blocks[i + 1] if i + 1 < len(blocks) else None
    if nxt is None:
        return False
    body = norm[nxt.start:nxt.end]
    return len(squash(body)) >= 40 or bool(_L1.match(body) or _L2.match(body) or _L3.match(body))


def _line_heading_level(stack: list[Section]) -> int:
    """A bare heading line is a chapter unless a numbered chapter is open: then it is a
    sub-heading one level below the headings open."""
    chapter = next((s for s in stack if s.level == 1), None)
    if chapter is None or chapter.line:
        return 1
    return max(s.level for s in stack if s.number or s.line) + 1

