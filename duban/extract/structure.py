"""The layout of a report: logical paragraphs, the heading hierarchy, the report year, and
which passages review the past (numbers there are results) or plan the future (targets).

Headings: 一、 (level 1), (一)/（一） (level 2), 1. / 1、 (level 3), 附件N (appendix,
level 1), and inside those the paragraph-opening 一是/二是 and short lead sentences
("优化服务让民企敢闯。") that act as sub-headings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from duban.extract.language import lexicon
from duban.extract.textview import TextView, squash

__all__ = ["Block", "Layout", "Section", "analyse"]

_TERMINAL = "。！？!?;；:：”」』)）"
_CN = "一二三四五六七八九十"
_L1 = re.compile(rf"^([{_CN}]+)[、.]")
_L2 = re.compile(rf"^\(([{_CN}]+)\)")
_L3 = re.compile(r"^(\d{1,3})(?:[.、](?!\d)|\s)")
_APPENDIX = re.compile(rf"^(附件|附表|附)\s*([0-9{_CN}]*)\s*[:：]?\s*(.*)$")
_ENUM = re.compile(rf"^([{_CN}]{{1,3}})是")
_DATE_LINE = re.compile(r"(20\d\d|19\d\d)\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*在")
_PLAN_YEAR = re.compile(r"(20\d\d)年(?:的)?(?:工作安排|重点工作|政府工作任务|工作任务|主要任务|经济社会发展|工作建议|工作(?!回顾))")
_LIST_YEAR = re.compile(r"(20\d\d)年[^\n。]{0,24}(?:清单|实事|事项|项目|计划|任务)")
_REVIEW_YEAR = re.compile(r"(20\d\d)年(?:工作)?回顾")
_LIST_TITLE = re.compile(r"(清单|实事|事项|目录|一览表|计划表|任务表|项目表|名单)")
_SENTENCE_END = re.compile(r"[。！？!?；;]")


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
    kind: str = ""  # "review", "plan", "mixed", "appendix", "" (undecided)
    is_list: bool = False

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


@dataclass
class Layout:
    view: TextView
    blocks: list[Block]
    sections: list[Section]
    year: int | None
    content_start: int
    content_end: int

    def section(self, sid: str | None) -> Section | None:
        return self._by_id.get(sid) if sid else None

    def __post_init__(self):
        self._by_id = {s.id: s for s in self.sections}


def _physical_lines(norm: str) -> list[tuple[int, int]]:
    out = []
    pos = 0
    for line in norm.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        s = pos + (len(body) - len(body.lstrip()))
        e = pos + len(body.rstrip())
        if e > s:
            out.append((s, e))
        pos += len(line)
    return out


def _heading_kind(line: str) -> tuple[int, str] | None:
    if _L1.match(line):
        return 1, _L1.match(line).group(1)
    if _L2.match(line):
        return 2, f"({_L2.match(line).group(1)})"
    return None


def _blocks(norm: str) -> list[Block]:
    lines = _physical_lines(norm)
    blocks: list[Block] = []
    for s, e in lines:
        text = norm[s:e]
        if blocks:
            prev = blocks[-1]
            ptext = norm[prev.lines[-1][0]:prev.lines[-1][1]]
            # A page break splits a word ("古\n\n今交融"): a long line that stops mid-sentence
            # continues on the next line unless that line opens a heading or list item.
            if (len(ptext) >= 20 and ptext[-1] not in _TERMINAL and not _heading_kind(ptext)
                    and not _heading_kind(text) and not _L3.match(text) and not _APPENDIX.match(text)
                    and not _L3.match(ptext) and not text.startswith(lexicon().speech_openings)):  # 各位代表：
                prev.lines.append((s, e))
                prev.end = e
                continue
        blocks.append(Block(start=s, end=e, lines=[(s, e)]))
    return blocks


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
    m = re.search(r"[。；;！!？?]", rest)
    cut = m.start() if m else len(rest)
    return rest[:cut].strip(" ：:，,"), marker_len + cut


def _detect_year(norm: str, sections: list[Section]) -> int | None:
    head = norm[:3000]
    m = _DATE_LINE.search(head)
    if m:
        return int(m.group(1))
    for s in sections:
        if s.level == 1:
            m = _PLAN_YEAR.search(s.title)
            if m:
                return int(m.group(1))
    for s in sections:
        m = _LIST_YEAR.search(s.title)
        if m:
            return int(m.group(1))
    for s in sections:
        m = _REVIEW_YEAR.search(s.title)
        if s.level == 1 and m:
            return int(m.group(1)) + 1
    m = _LIST_YEAR.search(norm)
    return int(m.group(1)) if m else None


def _has(words, text: str) -> bool:
    return any(w in text for w in words)


def _plan_end(name: str) -> int | None:
    start = lexicon().cues["five_year_plans"].get(name)
    return start + 4 if start else None


def _five_year_span(text: str, year: int | None) -> str | None:
    for name, start in lexicon().cues["five_year_plans"].items():
        if name in text:
            return f"{start}-{start + 4}"
    if year:
        return f"{year - 5}-{year - 1}"
    return None


def _horizon(title: str, year: int | None) -> str | None:
    """Default deadline of a plan section: a five-year plan's last year, else the report year."""
    if year and str(year) in title:
        return str(year)
    for name in lexicon().cues["five_year_plans"]:
        if name in title and ("目标" in title or "任务" in title or "主要" in title or "考虑" in title
                              or "时期" in title or "规划" in title):
            end = _plan_end(name)
            if not year or end > year:
                return str(end)
    if _has(("今后五年", "未来五年"), title) and year:
        return str(year + 4)
    return str(year) if year else None


def analyse(view: TextView, year: int | None = None) -> Layout:
    lex = lexicon()
    norm = view.norm
    blocks = _blocks(norm)
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

    for b in blocks:
        text = norm[b.start:b.end]
        flat = squash(text)
        # titles are shown to people: take them from the original text (same offsets)
        otext = view.text[b.start:b.end]
        oflat = squash(otext)
        if b.front_matter:
            continue
        if pending_appendix is not None:
            # the line after 附件N names the list ("2023年重点民生事项清单")
            if len(flat) <= 40 and not _L3.match(text):
                pending_appendix.title = oflat
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
            sec = push(1, number, oflat[len(flat) - len(ap.group(3)):].strip(" ：:"), b.start, b.end, kind="appendix",
                       is_list=True)
            list_section = sec
            if not ap.group(3).strip():
                pending_appendix = sec
            b.heading_level = 1
        elif _L1.match(text):
            title, cut = _title_of(otext, _L1.match(text).end())
            push(1, _L1.match(text).group(1), title, b.start, b.start + cut)
            list_section = None
            b.heading_level = 1
        elif _L2.match(text):
            title, cut = _title_of(otext, _L2.match(text).end())
            sec = push(2, otext[:_L2.match(text).end()], title, b.start, b.start + cut)
            b.heading_level = 2
            if _LIST_TITLE.search(title) and len(title) <= 30:
                list_section = sec
                sec.is_list = True
            elif list_section is not None and list_section.level >= 2:
                list_section = None
        elif _L3.match(text) and not (list_section and list_section.is_list):
            title, cut = _title_of(otext, _L3.match(text).end())
            if len(title) <= 40 or cut < len(text):
                push(3, _L3.match(text).group(1), title, b.start, b.start + cut)
                b.heading_level = 3
        elif (len(flat) <= 40 and _LIST_TITLE.search(flat) and not re.search(r"[。！？!?；;，,]", flat)) or (
                len(flat) <= 60 and flat.endswith(":") and _LIST_TITLE.search(flat)):
            # a list title line of its own ("2023年重点民生事项清单"), or a sentence that
            # announces one ("今年将办好十件民生实事："), opens a list
            parent_level = stack[-1].level if stack else 0
            sec = push(parent_level + 1, "", oflat.rstrip("：:"), b.start, b.end, is_list=True)
            list_section = sec
            b.heading_level = sec.level
        else:
            enum = _ENUM.match(text)
            if enum and stack and not (list_section and list_section.is_list):
                title, cut = _title_of(otext, 0)
                comma = re.search(r"[，,]", text)
                if comma and comma.start() < cut:
                    cut = comma.start()
                    title = otext[:cut]
                level = max(s.level for s in stack if not s.number.endswith("是")) + 1 if stack else 1
                push(level, f"{enum.group(1)}是", title[len(enum.group(0)):].strip(), b.start, b.start + cut)
            elif not (list_section and list_section.is_list):
                m = re.match(r"^([^，,。；;：:\d%“”]{4,18})。", text)
                if m and len(text) > m.end() + 10:
                    numbered = [s.level for s in stack if s.number]
                    if stack and not stack[-1].number:
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
    for i, sec in enumerate(sections):
        nxt = next((t for t in sections[i + 1:] if t.level <= sec.level), None)
        sec.end = nxt.start if nxt else content_end
        # the section's extent is its text without trailing blank lines
        while sec.end > sec.start and norm[sec.end - 1] in " \r\n\t":
            sec.end -= 1
    if year is None:
        year = _detect_year(norm, sections)
    _classify_parts(norm, blocks, sections, year, lex)
    return Layout(view=view, blocks=blocks, sections=sections, year=year, content_start=content_start,
                  content_end=content_end)


def _top(sections_by_id: dict[str, Section], sid: str | None) -> Section | None:
    sec = sections_by_id.get(sid) if sid else None
    while sec is not None and sec.parent:
        sec = sections_by_id[sec.parent]
    return sec


def _opens_future_plan(text: str, year: int | None) -> bool:
    """A paragraph that opens on a five-year plan still to come ("“十五五”时期是…")."""
    head = text[:8]
    for name, start in lexicon().cues["five_year_plans"].items():
        if name in head and year and start >= year:
            return True
    return False


def _classify_parts(norm: str, blocks: list[Block], sections: list[Section], year: int | None, lex) -> None:
    cues = lex.cues
    by_id = {s.id: s for s in sections}
    for sec in sections:
        if sec.level != 1 or sec.kind == "appendix":
            continue
        review = _has(cues["review_heading"], sec.title)
        plan = _has(cues["plan_heading"], sec.title)
        sec.kind = "mixed" if review and plan else "review" if review else "plan" if plan else ""
    last_top_kind = ""
    switched: dict[str, bool] = {}
    sticky_key: str | None = None
    sticky: str | None = None
    loose_part = "plan"
    for b in blocks:
        top = _top(by_id, b.section)
        text = norm[b.start:b.end]
        if top is not None and top.start == b.start:
            text = norm[top.head_end:b.end]  # the chapter's own heading is not a cue
        if top is None:
            # no chapter heading: a review cue opens the review, a plan cue closes it
            if _has(cues["review_paragraph"], text[:12]):
                loose_part = "review"
            elif loose_part == "review" and (_has(cues["plan_paragraph"], text) or _opens_future_plan(text, year)
                                             or text.lstrip().startswith("今年")):
                loose_part = "plan"
            part = loose_part
            kind = ""
        else:
            kind = top.kind
            if kind == "" and top.level == 1:
                # an undecided chapter follows the one before it into the plan
                kind = "plan" if last_top_kind in ("plan", "mixed", "") else "plan"
            if kind == "mixed":
                if not switched.get(top.id) and (_has(cues["plan_paragraph"], text) or _opens_future_plan(text, year)):
                    switched[top.id] = True
                part = "plan" if switched.get(top.id) else "review"
            elif kind == "review":
                part = "review"
            else:
                part = "plan"
            last_top_kind = top.kind or last_top_kind
        b.part = part
        if part == "review":
            title = top.title if top else ""
            top_key = top.id if top else ""
            if top_key != sticky_key:
                # a new chapter starts from what its heading says; within it the period
                # carries on from paragraph to paragraph until a paragraph names another
                sticky_key = top_key
                five = _has(cues["five_year_review"], title) and not (year and str(year - 1) in title)
                sticky = _five_year_span(title, year) if five else (str(year - 1) if year else None)
            sub = by_id.get(b.section)
            if sub is not None and sub is not top and sub.start == b.start:
                if _has(cues["five_year_review"], sub.title):
                    sticky = _five_year_span(sub.title, year)
                elif year and str(year - 1) in sub.title:
                    sticky = str(year - 1)
            opening = text[:40]
            one_year = ("过去一年", "一年来", "这一年", "今年以来", "去年") + ((f"{year - 1}年",) if year else ())
            if _has(one_year, opening[:12]):
                sticky = str(year - 1) if year else None
            elif _has(cues["five_year_review"], opening):
                sticky = _five_year_span(opening + title, year)
            b.period = sticky
        else:
            b.horizon = _horizon(top.title if top and top.kind != "appendix" else "", year)
